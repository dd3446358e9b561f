/*
 * special: distribution functions, ported from the definitions scipy 1.10
 * uses (scipy/stats/_ksstats.py, _stats_py.py, _stats_pythran.py, cephes),
 * so that p-values agree with what users compute there.  Where scipy picks
 * among methods by n and x, the same cut-offs are used here; the one
 * difference is that Pomeranz's recursion (scipy's choice for n <= 140 and
 * 0.754693 < n x^2 <= 4) is replaced by the Durbin matrix, which is exact
 * too, so the two agree to rounding.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "special.h"
#include "util.h"

#define SQRT2PI 2.5066282746310002
#define PI_SQ (M_PI * M_PI)

static double
clip01(double p)
{
	return p < 0 ? 0 : p > 1 ? 1 : p;
}

double
kolmogorov(double y)
{
	double sum = 0, term;
	int k;

	if (y != y)
		return NAN;
	if (y <= 0)
		return 1;
	if (y < 0.82) {
		/* The theta-function form of the CDF converges fast here. */
		double w = PI_SQ / (8 * y * y);

		for (k = 1; k < 100; k++) {
			term = exp(-(double)(2 * k - 1) * (2 * k - 1) * w);
			sum += term;
			if (term < 1e-17 * sum)
				break;
		}
		return clip01(1 - SQRT2PI / y * sum);
	}
	for (k = 1; k < 100; k++) {
		term = exp(-2.0 * k * k * y * y);
		sum += (k & 1) ? term : -term;
		if (term < 1e-17)
			break;
	}
	return clip01(2 * sum);
}

double
smirnov(int64_t n, double d)
{
	double lnf, sum = 0, maxlog = -INFINITY, *logs;
	int64_t j, last;

	if (n <= 0 || d != d)
		return NAN;
	if (d <= 0)
		return 1;
	if (d >= 1)
		return 0;
	/*
	 * Birnbaum and Tingey: d * sum_j C(n,j) (d + j/n)^(j-1)
	 * (1 - d - j/n)^(n-j), j <= n (1 - d), all terms positive; summed in
	 * logs, scaled by the largest.
	 */
	last = (int64_t)floor((double)n * (1 - d));
	if (last > n)
		last = n;
	logs = xcalloc((size_t)last + 1, sizeof *logs);
	lnf = lgamma((double)n + 1);
	for (j = 0; j <= last; j++) {
		double a = d + (double)j / n, b = 1 - d - (double)j / n, l;

		l = lnf - lgamma((double)j + 1) - lgamma((double)(n - j) + 1);
		l += (double)(j - 1) * log(a);
		if (n - j > 0)
			l += b > 0 ? (double)(n - j) * log(b) : -INFINITY;
		logs[j] = l;
		if (l > maxlog)
			maxlog = l;
	}
	for (j = 0; j <= last; j++)
		sum += exp(logs[j] - maxlog);
	free(logs);
	return clip01(d * sum * exp(maxlog));
}

/* C = A B, all M x M. */
static void
matmul(const double *a, const double *b, double *c, int m)
{
	int i, j, k;

	memset(c, 0, sizeof *c * (size_t)m * m);
	for (i = 0; i < m; i++)
		for (k = 0; k < m; k++) {
			double x = a[i * m + k];

			if (x == 0)
				continue;
			for (j = 0; j < m; j++)
				c[i * m + j] += x * b[k * m + j];
		}
}

/* Durbin's matrix, as Marsaglia, Tsang and Wang: the CDF P(D_n <= d). */
static double
kolmogn_dmtw(int64_t n, double d)
{
	double nd = (double)n * d, h, fac, tt, p, *H, *P, *T, *v, *w;
	int k, m, i, j, expnt = 0, hexpnt = 0;
	int64_t nn;

	if (d >= 1)
		return 1;
	if (nd <= 0.5)
		return 0;
	k = (int)ceil(nd);
	h = k - nd;
	m = 2 * k - 1;
	H = xcalloc((size_t)m * m, sizeof *H);
	P = xcalloc((size_t)m * m, sizeof *P);
	T = xcalloc((size_t)m * m, sizeof *T);
	v = xcalloc((size_t)m, sizeof *v);
	w = xcalloc((size_t)m, sizeof *w);
	fac = 1;
	for (j = 1; j <= m; j++) {
		w[j - 1] = fac;
		fac /= j;
		v[j - 1] = (1 - pow(h, j)) * fac;
	}
	tt = pow(fmax(2 * h - 1, 0), m) - 2 * pow(h, m);
	v[m - 1] = (1 + tt) * fac;
	for (i = 1; i < m; i++)
		for (j = i - 1; j < m; j++)
			H[j * m + i] = w[j - (i - 1)];
	for (i = 0; i < m; i++)
		H[i * m] = v[i];
	for (i = 0; i < m; i++)
		H[(m - 1) * m + i] = v[m - 1 - i];
	for (i = 0; i < m; i++)
		P[i * m + i] = 1;
	for (nn = n; nn > 0; nn /= 2) {
		if (nn % 2) {
			matmul(P, H, T, m);
			memcpy(P, T, sizeof *P * (size_t)m * m);
			expnt += hexpnt;
		}
		matmul(H, H, T, m);
		memcpy(H, T, sizeof *H * (size_t)m * m);
		hexpnt *= 2;
		if (fabs(H[(k - 1) * m + k - 1]) > 0x1p128) {
			for (i = 0; i < m * m; i++)
				H[i] = ldexp(H[i], -128);
			hexpnt += 128;
		}
	}
	p = P[(k - 1) * m + k - 1];
	for (nn = 1; nn <= n; nn++) {
		p = (double)nn * p / (double)n;
		if (fabs(p) < 0x1p-128) {
			p = ldexp(p, 128);
			expnt -= 128;
		}
	}
	if (expnt != 0)
		p = ldexp(p, expnt);
	free(H), free(P), free(T), free(v), free(w);
	return clip01(p);
}

/* Pelz and Good's asymptotic series for the CDF. */
static double
kolmogn_pelzgood(int64_t n, double x)
{
	double z, z2, z3, z4, z6, qlog, q, k1a, k1b, k2a, k2b, k2c, k3a, k3b;
	double k3c, k3d, K[4] = {0, 0, 0, 0}, k2extra = 0, k3extra = 0;
	double sqrt3z, rn;
	int maxk, k, i;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	z = sqrt((double)n) * x;
	z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
	qlog = -PI_SQ / 8 / z2;
	if (qlog < -708)
		return 0;
	q = exp(qlog);
	k1a = -z2;
	k1b = PI_SQ / 4;
	k2a = 6 * z6 + 2 * z4;
	k2b = (2 * z4 - 5 * z2) * PI_SQ / 4;
	k2c = PI_SQ * PI_SQ * (1 - 2 * z2) / 16;
	k3d = PI_SQ * PI_SQ * PI_SQ * (5 - 30 * z2) / 64;
	k3c = PI_SQ * PI_SQ * (-60 * z2 + 212 * z4) / 16;
	k3b = PI_SQ * (135 * z4 - 96 * z6) / 4;
	k3a = -30 * z6 - 90 * z4 * z4;
	maxk = (int)ceil(16 * z / M_PI);
	for (k = maxk; k > 0; k--) {
		double mm = 2.0 * k - 1, m2 = mm * mm, m4 = m2 * m2, m6 = m4 * m2;
		double qp = pow(q, 8.0 * k);

		K[0] = K[0] * qp + 1;
		K[1] = K[1] * qp + k1a + k1b * m2;
		K[2] = K[2] * qp + k2a + k2b * m2 + k2c * m4;
		K[3] = K[3] * qp + k3a + k3b * m2 + k3c * m4 + k3d * m6;
	}
	for (i = 0; i < 4; i++)
		K[i] *= q * SQRT2PI;
	K[0] /= z;
	K[1] /= 6 * z4;
	K[2] /= 72 * pow(z, 7);
	K[3] /= 6480 * pow(z, 10);
	q = exp(-PI_SQ / 2 / z2);
	sqrt3z = sqrt(3.0) * z;
	for (k = maxk; k > 0; k--) {
		double ks = (double)k * k, qp = pow(q, ks), kspi = M_PI * k;

		k2extra += ks * qp;
		k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks * qp;
	}
	K[2] += k2extra * PI_SQ * SQRT2PI / (-36 * z3);
	K[3] += k3extra * PI_SQ * SQRT2PI / (216 * z6);
	rn = (double)n;
	return K[0] + K[1] / sqrt(rn) + K[2] / rn + K[3] / (rn * sqrt(rn));
}

double
kstwo_sf(int64_t n, double x)
{
	double t, nx2, cdf;

	if (n <= 0 || x != x)
		return NAN;
	if (x >= 1)
		return 0;
	if (x <= 0)
		return 1;
	t = (double)n * x;
	if (t <= 1) {	/* Ruben and Gambino */
		double p;

		if (t <= 0.5)
			return 1;
		if (n <= 140) {
			int64_t i;

			p = 1;
			for (i = 1; i <= n; i++)
				p *= (double)i * (1.0 / (double)n) * (2 * t - 1);
		} else
			p = exp(lgamma((double)n + 1) - (double)n * log((double)n)
			    + (double)n * log(2 * t - 1));
		return clip01(1 - p);
	}
	if (t >= (double)(n - 1))
		return clip01(2 * pow(1 - x, (double)n));
	if (x >= 0.5)
		return clip01(2 * smirnov(n, x));
	nx2 = t * x;
	if (n <= 140) {
		if (nx2 <= 4)
			return clip01(1 - kolmogn_dmtw(n, x));
		return clip01(2 * smirnov(n, x));
	}
	if (nx2 >= 370)
		return 0;
	if (nx2 >= 2.2)
		return clip01(2 * smirnov(n, x));
	if (nx2 >= 18)
		cdf = 1;
	else if (n <= 100000 && (double)n * pow(x, 1.5) <= 1.4)
		cdf = kolmogn_dmtw(n, x);
	else
		cdf = kolmogn_pelzgood(n, x);
	return clip01(1 - clip01(cdf));
}

/* P(D_{n,n} >= h/n), as a Horner-like alternating sum. */
static double
prob_outside_square(int64_t n, int64_t h)
{
	double P = 0;
	int64_t k, j;

	for (k = n / h; k >= 0; k--) {
		double p1 = 1;

		for (j = 0; j < h; j++)
			p1 = (double)(n - k * h - j) * p1 / (double)(n + k * h + j + 1);
		P = p1 * (1 - P);
	}
	return 2 * P;
}

/*
 * The share of lattice paths from (0,0) to (m,n) that leave the band
 * |n x / g - m y / g| < h, one sliding column at a time (scipy's
 * _compute_outer_prob_inside_method).
 */
static double
prob_outside_band(int64_t m, int64_t n, int64_t g, int64_t h)
{
	int64_t mg, ng, minj, maxj, curlen, lenA, i, jj;
	double *A, r;

	if (m < n) {
		int64_t t = m;

		m = n, n = t;
	}
	mg = m / g;
	ng = n / g;
	minj = 0;
	maxj = (int64_t)ceil((double)h / (double)mg);
	if (maxj > n + 1)
		maxj = n + 1;
	curlen = maxj - minj;
	lenA = 2 * maxj + 2;
	if (lenA > n + 1)
		lenA = n + 1;
	A = xcalloc((size_t)lenA + 1, sizeof *A);
	for (i = 0; i < lenA; i++)
		A[i] = i < maxj ? 0 : 1;
	for (i = 1; i <= m; i++) {
		int64_t lastminj = minj, lastlen = curlen;
		double val;

		minj = (int64_t)floor((double)(ng * i - h) / (double)mg) + 1;
		if (minj < 0)
			minj = 0;
		if (minj > n)
			minj = n;
		maxj = (int64_t)ceil((double)(ng * i + h) / (double)mg);
		if (maxj > n + 1)
			maxj = n + 1;
		if (maxj <= minj) {
			free(A);
			return 1;
		}
		val = minj == 0 ? 0 : 1;
		for (jj = 0; jj < maxj - minj; jj++) {
			int64_t j = jj + minj;

			val = (A[jj + minj - lastminj] * (double)i +
			    val * (double)j) / (double)(i + j);
			A[jj] = val;
		}
		curlen = maxj - minj;
		for (jj = curlen; jj < curlen + (lastlen - curlen) &&
		    jj < lenA; jj++)
			A[jj] = 1;
	}
	r = A[maxj - minj - 1];
	free(A);
	return r;
}

static int64_t
gcd64(int64_t a, int64_t b)
{
	while (b != 0) {
		int64_t t = a % b;

		a = b, b = t;
	}
	return a;
}

double
ks2_sf(int64_t n1, int64_t n2, double *d)
{
	double p, m, n, en;

	if (n1 <= 0 || n2 <= 0 || *d != *d)
		return NAN;
	if ((n1 > n2 ? n1 : n2) <= KS2_EXACT_MAX) {
		int64_t g = gcd64(n1, n2), lcm = (n1 / g) * n2, h;

		h = (int64_t)nearbyint(*d * (double)lcm);
		*d = (double)h / (double)lcm;
		if (h == 0)
			return 1;
		p = n1 == n2 ? prob_outside_square(n1, h) :
		    prob_outside_band(n1, n2, g, h);
		if (p >= 0 && p <= 1)
			return p;
	}
	m = (double)(n1 > n2 ? n1 : n2);
	n = (double)(n1 > n2 ? n2 : n1);
	en = m * n / (m + n);
	return clip01(kstwo_sf((int64_t)nearbyint(en), *d));
}

/* Q(a, x) by Legendre's continued fraction (modified Lentz), x >= a + 1. */
static double
igamc_cf(double a, double x)
{
	double b = x + 1 - a, c = 1 / 1e-300, d = 1 / b, h = d, an, del;
	int i;

	for (i = 1; i < 100000; i++) {
		an = -i * (i - a);
		b += 2;
		d = an * d + b;
		if (fabs(d) < 1e-300)
			d = 1e-300;
		c = b + an / c;
		if (fabs(c) < 1e-300)
			c = 1e-300;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1) < 1e-16)
			break;
	}
	return exp(-x + a * log(x) - lgamma(a)) * h;
}

/* P(a, x) by its series, x < a + 1. */
static double
igam_series(double a, double x)
{
	double ap = a, sum = 1 / a, del = sum;
	int i;

	for (i = 0; i < 100000; i++) {
		ap += 1;
		del *= x / ap;
		sum += del;
		if (fabs(del) < fabs(sum) * 1e-17)
			break;
	}
	return sum * exp(-x + a * log(x) - lgamma(a));
}

double
igamc(double a, double x)
{
	if (a != a || x != x || a <= 0)
		return NAN;
	if (x <= 0)
		return 1;
	if (isinf(x))
		return 0;
	if (x < a + 1)
		return clip01(1 - igam_series(a, x));
	return clip01(igamc_cf(a, x));
}

double
chi2_sf(double df, double x)
{
	if (df != df || x != x || df <= 0)
		return NAN;
	if (x <= 0)
		return 1;
	return igamc(df / 2, x / 2);
}
