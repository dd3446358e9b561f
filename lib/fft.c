/*
 * fft: radix-2 for powers of two, Bluestein for the rest (see fft.h).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fft.h"
#include "util.h"

struct fft {
	size_t n;
	int pow2;
	/* radix-2 of length m (n itself, or Bluestein's convolution) */
	size_t m;
	double *cosv, *sinv;	/* exp(-2 pi i k/m), k < m/2 */
	size_t *rev;		/* bit reversal of 0..m-1 */
	/* Bluestein */
	double *wre, *wim;	/* chirp exp(-i pi k^2/n), k < n */
	double *bre, *bim;	/* FFT of the conjugate chirp, length m */
	double *are, *aim;	/* scratch, length m */
};

static int
is_pow2(size_t n)
{
	return (n & (n - 1)) == 0;
}

static void
radix2_init(struct fft *p, size_t m)
{
	size_t k, bits = 0, i;

	p->m = m;
	p->cosv = xcalloc(m / 2 + 1, sizeof *p->cosv);
	p->sinv = xcalloc(m / 2 + 1, sizeof *p->sinv);
	for (k = 0; k < m / 2; k++) {
		double a = -2 * M_PI * (double)k / (double)m;

		p->cosv[k] = cos(a);
		p->sinv[k] = sin(a);
	}
	while (((size_t)1 << bits) < m)
		bits++;
	p->rev = xcalloc(m, sizeof *p->rev);
	for (i = 0; i < m; i++) {
		size_t r = 0, b;

		for (b = 0; b < bits; b++)
			if (i & ((size_t)1 << b))
				r |= (size_t)1 << (bits - 1 - b);
		p->rev[i] = r;
	}
}

/* The forward transform of length p->m; SIGN -1 conjugates twiddles. */
static void
radix2(const struct fft *p, double *re, double *im, int sign)
{
	size_t m = p->m, i, len, j, k;

	for (i = 0; i < m; i++) {
		size_t r = p->rev[i];

		if (r > i) {
			double t = re[i];

			re[i] = re[r];
			re[r] = t;
			t = im[i];
			im[i] = im[r];
			im[r] = t;
		}
	}
	for (len = 2; len <= m; len <<= 1) {
		size_t half = len / 2, step = m / len;

		for (i = 0; i < m; i += len)
			for (j = 0, k = 0; j < half; j++, k += step) {
				double wr = p->cosv[k], wi = sign * p->sinv[k];
				size_t a = i + j, b = a + half;
				double tr = re[b] * wr - im[b] * wi;
				double ti = re[b] * wi + im[b] * wr;

				re[b] = re[a] - tr;
				im[b] = im[a] - ti;
				re[a] += tr;
				im[a] += ti;
			}
	}
}

struct fft *
fft_new(size_t n)
{
	struct fft *p = xcalloc(1, sizeof *p);
	size_t m = 1, k;

	p->n = n;
	p->pow2 = is_pow2(n);
	if (p->pow2) {
		radix2_init(p, n);
		return p;
	}
	while (m < 2 * n - 1)
		m <<= 1;
	radix2_init(p, m);
	p->wre = xcalloc(n, sizeof *p->wre);
	p->wim = xcalloc(n, sizeof *p->wim);
	p->bre = xcalloc(m, sizeof *p->bre);
	p->bim = xcalloc(m, sizeof *p->bim);
	p->are = xcalloc(m, sizeof *p->are);
	p->aim = xcalloc(m, sizeof *p->aim);
	for (k = 0; k < n; k++) {
		/* k^2 mod 2n keeps the angle small, and so exact */
		uint64_t q = ((uint64_t)k * k) % (2 * (uint64_t)n);
		double a = -M_PI * (double)q / (double)n;

		p->wre[k] = cos(a);
		p->wim[k] = sin(a);
	}
	p->bre[0] = p->wre[0];
	p->bim[0] = -p->wim[0];
	for (k = 1; k < n; k++) {
		p->bre[k] = p->bre[m - k] = p->wre[k];
		p->bim[k] = p->bim[m - k] = -p->wim[k];
	}
	radix2(p, p->bre, p->bim, 1);
	return p;
}

size_t
fft_len(const struct fft *p)
{
	return p->n;
}

/* X[k] = w[k] sum_j (x[j] w[j]) conj(w[k - j]) */
static void
bluestein(struct fft *p, double *re, double *im)
{
	size_t n = p->n, m = p->m, k;
	double *ar = p->are, *ai = p->aim;

	memset(ar, 0, m * sizeof *ar);
	memset(ai, 0, m * sizeof *ai);
	for (k = 0; k < n; k++) {
		ar[k] = re[k] * p->wre[k] - im[k] * p->wim[k];
		ai[k] = re[k] * p->wim[k] + im[k] * p->wre[k];
	}
	radix2(p, ar, ai, 1);
	for (k = 0; k < m; k++) {
		double r = ar[k] * p->bre[k] - ai[k] * p->bim[k];
		double i = ar[k] * p->bim[k] + ai[k] * p->bre[k];

		ar[k] = r;
		ai[k] = i;
	}
	radix2(p, ar, ai, -1);	/* inverse, scaled below */
	for (k = 0; k < n; k++) {
		double r = ar[k] / (double)m, i = ai[k] / (double)m;

		re[k] = r * p->wre[k] - i * p->wim[k];
		im[k] = r * p->wim[k] + i * p->wre[k];
	}
}

void
fft_forward(struct fft *p, double *re, double *im)
{
	if (p->pow2)
		radix2(p, re, im, 1);
	else
		bluestein(p, re, im);
}

/* The inverse as the conjugate of the forward transform of the conjugate. */
void
fft_inverse(struct fft *p, double *re, double *im)
{
	size_t k, n = p->n;
	double scale = 1 / (double)n;

	if (p->pow2)
		radix2(p, re, im, -1);
	else {
		for (k = 0; k < n; k++)
			im[k] = -im[k];
		bluestein(p, re, im);
		for (k = 0; k < n; k++)
			im[k] = -im[k];
	}
	for (k = 0; k < n; k++) {
		re[k] *= scale;
		im[k] *= scale;
	}
}

void
fft_free(struct fft *p)
{
	if (p == NULL)
		return;
	free(p->cosv);
	free(p->sinv);
	free(p->rev);
	free(p->wre);
	free(p->wim);
	free(p->bre);
	free(p->bim);
	free(p->are);
	free(p->aim);
	free(p);
}
