/*
 * spectrum: windows of samples to features (definitions in spectrum.h).
 *
 * Each window costs three FFTs of its length: the windowed and the
 * unwindowed signal go through one complex FFT together (two real
 * transforms packed as real and imaginary part, split by symmetry), the
 * analytic signal needs one inverse FFT, the envelope's spectrum one more.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fft.h"
#include "num.h"
#include "spectrum.h"
#include "util.h"

struct spectrum_work {
	const struct spectrum_conf *c;
	struct fft *plan;
	size_t n, nbins;
	double *w, sumw, sumw2;
	double *re, *im, *yre, *yim;
	double *psum, *asum, *esum;	/* sums of P, A^2, EA^2 */
	size_t nwin;
	double *pavg, *aavg, *eavg;	/* the averages, made on demand */
};

size_t
spectrum_nout(const struct spectrum_conf *c)
{
	return SO_TIME_COUNT + c->nbands + 4 + 2 * c->npeaks +
	    (c->envelope ? 2 : 0) + (c->bearing ? 1 + BF_COUNT * 3 : 0);
}

static const char *const time_names[SO_TIME_COUNT] = { "rms", "peak",
	"crest", "kurtosis", "impulse", "shape", "clearance" };
static const char *const spec_names[4] = { "dominant_hz", "centroid_hz",
	"entropy", "spectral_kurtosis" };

char *
spectrum_out_name(const struct spectrum_conf *c, const char *base, size_t i)
{
	struct buf b = {0};
	char lo[NUM_BUFSZ], hi[NUM_BUFSZ];

	buf_printf(&b, "%s_", base);
	if (i < SO_TIME_COUNT) {
		buf_adds(&b, time_names[i]);
		return buf_detach(&b);
	}
	i -= SO_TIME_COUNT;
	if (i < c->nbands) {
		num_format(c->bands[i][0], lo);
		num_format(c->bands[i][1], hi);
		buf_printf(&b, "band_%s_%s", lo, hi);
		return buf_detach(&b);
	}
	i -= c->nbands;
	if (i < 4) {
		buf_adds(&b, spec_names[i]);
		return buf_detach(&b);
	}
	i -= 4;
	if (i < 2 * c->npeaks) {
		buf_printf(&b, "peak%zu_%s", i / 2 + 1, i % 2 ? "amp" : "hz");
		return buf_detach(&b);
	}
	i -= 2 * c->npeaks;
	if (c->envelope && i < 2) {
		buf_adds(&b, i ? "env_dominant_amp" : "env_dominant_hz");
		return buf_detach(&b);
	}
	i -= c->envelope ? 2 : 0;
	if (i == 0)
		buf_adds(&b, "shaft_hz");
	else if (i <= BF_COUNT)
		buf_printf(&b, "%s_hz", bearing_names[i - 1]);
	else {
		i -= 1 + BF_COUNT;
		buf_printf(&b, "%s%s_amp", bearing_names[i / 2],
		    i % 2 ? "2" : "");
	}
	return buf_detach(&b);
}

struct spectrum_work *
spectrum_work_new(const struct spectrum_conf *c)
{
	struct spectrum_work *w = xcalloc(1, sizeof *w);
	size_t n = c->window, j;

	w->c = c;
	w->n = n;
	w->nbins = n / 2 + 1;
	w->plan = fft_new(n);
	w->w = xcalloc(n, sizeof *w->w);
	for (j = 0; j < n; j++) {
		w->w[j] = c->wfn == SPW_HANN ?
		    0.5 - 0.5 * cos(2 * M_PI * (double)j / (double)n) : 1;
		w->sumw += w->w[j];
		w->sumw2 += w->w[j] * w->w[j];
	}
	w->re = xcalloc(n, sizeof *w->re);
	w->im = xcalloc(n, sizeof *w->im);
	w->yre = xcalloc(n, sizeof *w->yre);
	w->yim = xcalloc(n, sizeof *w->yim);
	w->psum = xcalloc(w->nbins, sizeof *w->psum);
	w->asum = xcalloc(w->nbins, sizeof *w->asum);
	w->esum = xcalloc(w->nbins, sizeof *w->esum);
	w->pavg = xcalloc(w->nbins, sizeof *w->pavg);
	w->aavg = xcalloc(w->nbins, sizeof *w->aavg);
	w->eavg = xcalloc(w->nbins, sizeof *w->eavg);
	return w;
}

void
spectrum_reset(struct spectrum_work *w)
{
	memset(w->psum, 0, w->nbins * sizeof *w->psum);
	memset(w->asum, 0, w->nbins * sizeof *w->asum);
	memset(w->esum, 0, w->nbins * sizeof *w->esum);
	w->nwin = 0;
}

/* c_k of spectrum.h: 1 at DC and at the Nyquist bin of an even N. */
static double
side(size_t k, size_t n)
{
	return k == 0 || 2 * k == n ? 1 : 2;
}

/* Add the power and amplitude of the transform RE, IM into P and A. */
static void
add_spectrum(const struct spectrum_work *w, const double *re,
    const double *im, double *p, double *a)
{
	size_t k, n = w->n;

	for (k = 0; k < w->nbins; k++) {
		double m2 = re[k] * re[k] + im[k] * im[k], c = side(k, n);

		if (p != NULL)
			p[k] += c * m2 / ((double)n * w->sumw2);
		a[k] += c * c * m2 / (w->sumw * w->sumw);
	}
}

/* The analytic signal of the band of Y (the FFT of y), its modulus in RE. */
static void
envelope(struct spectrum_work *w)
{
	const struct spectrum_conf *c = w->c;
	size_t k, n = w->n;
	double df = c->rate / (double)n, mean = 0;

	for (k = 0; k < n; k++) {
		double f = (double)(2 * k <= n ? k : n - k) * df, h;

		if (k == 0 || 2 * k == n)
			h = 1;
		else
			h = 2 * k < n ? 2 : 0;
		if (!(f >= c->env_lo && f <= c->env_hi))
			h = 0;
		w->yre[k] *= h;
		w->yim[k] *= h;
	}
	fft_inverse(w->plan, w->yre, w->yim);
	for (k = 0; k < n; k++) {
		w->re[k] = sqrt(w->yre[k] * w->yre[k] + w->yim[k] * w->yim[k]);
		mean += w->re[k];
	}
	mean /= (double)n;
	for (k = 0; k < n; k++) {
		w->re[k] = (w->re[k] - mean) * w->w[k];
		w->im[k] = 0;
	}
	fft_forward(w->plan, w->re, w->im);
	add_spectrum(w, w->re, w->im, NULL, w->esum);
}

void
spectrum_add(struct spectrum_work *w, const double *x)
{
	size_t j, k, n = w->n;
	double mean = 0;

	for (j = 0; j < n; j++)
		mean += x[j];
	mean /= (double)n;
	/* y w in the real part, y in the imaginary part: one FFT for two */
	for (j = 0; j < n; j++) {
		double y = x[j] - mean;

		w->re[j] = y * w->w[j];
		w->im[j] = y;
	}
	fft_forward(w->plan, w->re, w->im);
	for (k = 0; k < n; k++) {
		size_t nk = k ? n - k : 0;
		double zr = w->re[k], zi = w->im[k];
		double cr = w->re[nk], ci = -w->im[nk];	/* conj Z[-k] */

		w->yre[k] = (zi - ci) / 2;	/* (Z - conj Z[-k]) / 2i */
		w->yim[k] = -(zr - cr) / 2;
	}
	/* the windowed transform, bins 0..N/2, reusing re, im */
	for (k = 0; k < w->nbins; k++) {
		size_t nk = k ? n - k : 0;
		double r = (w->re[k] + w->re[nk]) / 2;
		double i = (w->im[k] - w->im[nk]) / 2;

		w->re[k] = r;
		w->im[k] = i;
	}
	add_spectrum(w, w->re, w->im, w->psum, w->asum);
	if (w->c->envelope)
		envelope(w);
	w->nwin++;
}

static void
averages(struct spectrum_work *w)
{
	size_t k;
	double m = (double)(w->nwin ? w->nwin : 1);

	for (k = 0; k < w->nbins; k++) {
		w->pavg[k] = w->psum[k] / m;
		w->aavg[k] = sqrt(w->asum[k] / m);
		w->eavg[k] = sqrt(w->esum[k] / m);
	}
}

static void
time_domain(const double *x, size_t n, double *out)
{
	double sum = 0, sq = 0, abs_sum = 0, sqrt_sum = 0, peak = 0;
	double mean, m2 = 0, m4 = 0, rms, mabs, msq;
	size_t j;

	for (j = 0; j < n; j++) {
		double a = fabs(x[j]);

		sum += x[j];
		sq += x[j] * x[j];
		abs_sum += a;
		sqrt_sum += sqrt(a);
		if (a > peak)
			peak = a;
	}
	mean = sum / (double)n;
	for (j = 0; j < n; j++) {
		double d = (x[j] - mean) * (x[j] - mean);

		m2 += d;
		m4 += d * d;
	}
	rms = sqrt(sq / (double)n);
	mabs = abs_sum / (double)n;
	msq = sqrt_sum / (double)n;
	out[SO_RMS] = rms;
	out[SO_PEAK] = peak;
	out[SO_CREST] = rms > 0 ? peak / rms : NAN;
	out[SO_KURTOSIS] = m2 > 0 ? (double)n * m4 / (m2 * m2) : NAN;
	out[SO_IMPULSE] = mabs > 0 ? peak / mabs : NAN;
	out[SO_SHAPE] = mabs > 0 ? rms / mabs : NAN;
	out[SO_CLEARANCE] = msq > 0 ? peak / (msq * msq) : NAN;
}

/* Bins at or after LO and before HI, the Nyquist bin in a band ending there. */
static double
band(const struct spectrum_work *w, double lo, double hi)
{
	double df = w->c->rate / (double)w->n, s = 0, nyq = w->c->rate / 2;
	size_t k;

	for (k = 0; k < w->nbins; k++) {
		double f = (double)k * df;

		if (f >= lo && (f < hi || (hi >= nyq && f == nyq)))
			s += w->pavg[k];
	}
	return s;
}

/* The largest of V[1..nbins), the first on a tie; 0 when all are 0. */
static size_t
argmax(const double *v, size_t nbins)
{
	size_t k, best = 0;

	for (k = 1; k < nbins; k++)
		if (v[k] > (best ? v[best] : 0))
			best = k;
	return best;
}

/* Shape of the power spectrum as a distribution over frequency. */
static void
spectral_shape(const struct spectrum_work *w, double *out)
{
	double df = w->c->rate / (double)w->n, tot = 0, cen = 0, ent = 0;
	double m2 = 0, m4 = 0;
	size_t k, dom = argmax(w->pavg, w->nbins);

	for (k = 0; k < w->nbins; k++)
		tot += w->pavg[k];
	out[0] = dom ? (double)dom * df : NAN;
	if (!(tot > 0)) {
		out[1] = out[2] = out[3] = NAN;
		return;
	}
	for (k = 0; k < w->nbins; k++) {
		double p = w->pavg[k] / tot;

		cen += (double)k * df * p;
		if (p > 0)
			ent -= p * log(p);
	}
	for (k = 0; k < w->nbins; k++) {
		double p = w->pavg[k] / tot, d = (double)k * df - cen;

		m2 += d * d * p;
		m4 += d * d * d * d * p;
	}
	out[1] = cen;
	out[2] = w->nbins > 1 ? ent / log((double)w->nbins) : NAN;
	out[3] = m2 > 0 ? m4 / (m2 * m2) : NAN;
}

/* The NPEAKS largest local maxima of the power spectrum. */
static void
peaks(const struct spectrum_work *w, double *out)
{
	const struct spectrum_conf *c = w->c;
	double df = c->rate / (double)w->n;
	size_t best[SPECTRUM_MAX_PEAKS], nb = 0, k, i;

	for (k = 1; k + 1 < w->nbins; k++) {
		const double *p = w->pavg;

		if (!(p[k] > p[k - 1] && p[k] >= p[k + 1]))
			continue;
		/* insert, largest first, the lower bin first on a tie */
		for (i = nb; i > 0 && p[best[i - 1]] < p[k]; i--)
			if (i < c->npeaks)
				best[i] = best[i - 1];
		if (i < c->npeaks) {
			best[i] = k;
			if (nb < c->npeaks)
				nb++;
		}
	}
	for (i = 0; i < c->npeaks; i++) {
		out[2 * i] = i < nb ? (double)best[i] * df : NAN;
		out[2 * i + 1] = i < nb ? w->aavg[best[i]] : NAN;
	}
}

void
spectrum_result(struct spectrum_work *w, const double *x, size_t n,
    double shaft_hz, double *out)
{
	const struct spectrum_conf *c = w->c;
	double df = c->rate / (double)w->n;
	size_t i, k;

	averages(w);
	time_domain(x, n, out);
	out += SO_TIME_COUNT;
	for (i = 0; i < c->nbands; i++)
		*out++ = band(w, c->bands[i][0], c->bands[i][1]);
	spectral_shape(w, out);
	out += 4;
	peaks(w, out);
	out += 2 * c->npeaks;
	if (c->envelope) {
		k = argmax(w->eavg, w->nbins);
		*out++ = k ? (double)k * df : NAN;
		*out++ = k ? w->eavg[k] : NAN;
	}
	if (c->bearing) {
		double f[BF_COUNT];

		bearing_freqs(&c->geom, shaft_hz, f);
		*out++ = shaft_hz;
		for (i = 0; i < BF_COUNT; i++)
			*out++ = shaft_hz > 0 ? f[i] : NAN;
		for (i = 0; i < BF_COUNT; i++) {
			*out++ = bearing_line(w->eavg, w->nbins, df, f[i]);
			*out++ = bearing_line(w->eavg, w->nbins, df, 2 * f[i]);
		}
	}
}

const double *
spectrum_power(struct spectrum_work *w, size_t *nbins)
{
	averages(w);
	*nbins = w->nbins;
	return w->pavg;
}

const double *
spectrum_amp(struct spectrum_work *w, size_t *nbins)
{
	averages(w);
	*nbins = w->nbins;
	return w->aavg;
}

const double *
spectrum_env_amp(struct spectrum_work *w, size_t *nbins)
{
	averages(w);
	*nbins = w->nbins;
	return w->eavg;
}

void
spectrum_work_free(struct spectrum_work *w)
{
	if (w == NULL)
		return;
	fft_free(w->plan);
	free(w->w);
	free(w->re);
	free(w->im);
	free(w->yre);
	free(w->yim);
	free(w->psum);
	free(w->asum);
	free(w->esum);
	free(w->pavg);
	free(w->aavg);
	free(w->eavg);
	free(w);
}
