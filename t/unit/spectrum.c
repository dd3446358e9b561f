/*
 * Unit tests of lib/fft, lib/spectrum and lib/bearing: the FFT against a
 * direct DFT in long double for powers of two and other lengths (primes
 * included, Bluestein's path) and the inverse giving the input back; the
 * whole power, amplitude and envelope spectra of a window against numpy
 * and scipy (t/data/spectrum/make_ref.py wrote spectra-*.txt.gz) to 1e-6
 * relative bin by bin; a tone read back on its bin with its amplitude;
 * the IMS rig's published fault frequencies; the slip tolerance of a
 * fault line; impossible geometries refused.
 * MLO_UNIT_QUICK=1 (make check-valgrind) checks the FFT of 125 and 128
 * points instead of 1000 and 1024, the DFT being O(n^2).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bearing.h"
#include "fft.h"
#include "io.h"
#include "spectrum.h"
#include "tap.h"
#include "util.h"

static double
lcg(unsigned long *s)
{
	*s = *s * 6364136223846793005UL + 1442695040888963407UL;
	return (double)(*s >> 11) / 9007199254740992.0 - 0.5;
}

static void
test_fft(size_t n)
{
	double *re = xcalloc(n, sizeof *re), *im = xcalloc(n, sizeof *im);
	double *r0 = xcalloc(n, sizeof *r0), *i0 = xcalloc(n, sizeof *i0);
	double worst = 0, back = 0, scale = 0;
	unsigned long seed = n;
	struct fft *p = fft_new(n);
	size_t j, k;

	for (j = 0; j < n; j++) {
		r0[j] = re[j] = lcg(&seed);
		i0[j] = im[j] = lcg(&seed);
	}
	fft_forward(p, re, im);
	for (k = 0; k < n; k++) {
		long double sr = 0, si = 0;

		for (j = 0; j < n; j++) {
			long double a = -2 * 3.14159265358979323846264338L *
			    (long double)((j * k) % n) / (long double)n;

			sr += r0[j] * cosl(a) - i0[j] * sinl(a);
			si += r0[j] * sinl(a) + i0[j] * cosl(a);
		}
		worst = fmax(worst, hypot(re[k] - (double)sr,
		    im[k] - (double)si));
		scale = fmax(scale, hypot((double)sr, (double)si));
	}
	fft_inverse(p, re, im);
	for (j = 0; j < n; j++)
		back = fmax(back, hypot(re[j] - r0[j], im[j] - i0[j]));
	ok(worst <= 1e-13 * fmax(scale, 1), "fft of %zu points agrees with "
	    "the DFT (error %.3g of %.3g)", n, worst, scale);
	ok(back <= 1e-14, "inverse fft of %zu points gives the input back "
	    "(error %.3g)", n, back);
	fft_free(p);
	free(re);
	free(im);
	free(r0);
	free(i0);
}

static int
next_line(struct input *in, const char **line)
{
	/*
	 * input_getline's line is not a C string: sscanf would read on past
	 * it into the input buffer (valgrind found it).  Copy it.
	 */
	static char copy[4096 + 2];
	struct mlo_error e;
	const char *got;
	size_t len;

	if (input_getline(in, &got, &len, 4096, &e) != 1)
		return 0;
	memcpy(copy, got, len);
	copy[len] = '\0';
	*line = copy;
	return 1;
}

/* Whole spectra of one window against numpy's (make_ref.py). */
static void
test_reference(const char *file)
{
	char path[4096];
	const char *top = getenv("MLO_TOP"), *line;
	struct spectrum_conf c;
	struct spectrum_work *w;
	struct mlo_error e;
	struct input *in;
	double *x, *p, *a, *ea, worst[3] = { 0, 0, 0 };
	const double *got[3];
	char kind[16];
	size_t n, nb, k, j;

	snprintf(path, sizeof path, "%s/t/data/spectrum/%s", top ? top : ".",
	    file);
	if ((in = input_open(path, &e)) == NULL || !next_line(in, &line)) {
		ok(0, "%s: cannot read", path);
		return;
	}
	memset(&c, 0, sizeof c);
	if (sscanf(line, "%zu %lf %15s %lf %lf", &n, &c.rate, kind,
	    &c.env_lo, &c.env_hi) != 5) {
		ok(0, "%s: bad first line", file);
		return;
	}
	c.window = c.hop = n;
	c.wfn = strcmp(kind, "hann") == 0 ? SPW_HANN : SPW_NONE;
	c.envelope = 1;
	nb = n / 2 + 1;
	x = xcalloc(n, sizeof *x);
	p = xcalloc(nb, sizeof *p);
	a = xcalloc(nb, sizeof *a);
	ea = xcalloc(nb, sizeof *ea);
	for (j = 0; j < n && next_line(in, &line); j++)
		x[j] = strtod(line, NULL);
	for (k = 0; k < nb && next_line(in, &line); k++)
		if (sscanf(line, "%lf %lf %lf", &p[k], &a[k], &ea[k]) != 3)
			break;
	input_close(in);
	ok(j == n && k == nb, "%s: %zu samples, %zu bins read", file, j, k);
	w = spectrum_work_new(&c);
	spectrum_add(w, x);
	got[0] = spectrum_power(w, &k);
	got[1] = spectrum_amp(w, &k);
	got[2] = spectrum_env_amp(w, &k);
	/*
	 * Relative bin by bin, except DC, which is 0 but for rounding (the
	 * mean is removed): it must be within 1e-12 of the largest bin.
	 */
	for (j = 0; j < 3; j++) {
		const double *want = j == 0 ? p : j == 1 ? a : ea;
		double big = 0;

		for (k = 0; k < nb; k++)
			big = fmax(big, want[k]);
		if (fabs(got[j][0] - want[0]) > 1e-12 * big)
			worst[j] = INFINITY;
		for (k = 1; k < nb; k++)
			worst[j] = fmax(worst[j], fabs(got[j][k] - want[k]) /
			    fabs(want[k]));
	}
	ok(worst[0] <= 1e-6, "%s: power spectrum within %.2g of numpy, bin "
	    "by bin", file, worst[0]);
	ok(worst[1] <= 1e-6, "%s: amplitude spectrum within %.2g of numpy",
	    file, worst[1]);
	ok(worst[2] <= 1e-6, "%s: envelope spectrum within %.2g of "
	    "scipy.signal.hilbert", file, worst[2]);
	spectrum_work_free(w);
	free(x);
	free(p);
	free(a);
	free(ea);
}

/* A sine of amplitude 2 on bin 100 (and one between bins). */
static void
test_tone(void)
{
	struct spectrum_conf c;
	struct spectrum_work *w;
	double x[4096], out[64];
	size_t j;

	memset(&c, 0, sizeof c);
	c.window = c.hop = 4096;
	c.rate = 20480;
	c.npeaks = 2;
	for (j = 0; j < 4096; j++)
		x[j] = 2 * sin(2 * M_PI * 500 * (double)j / 20480) +
		    0.5 * sin(2 * M_PI * 3333 * (double)j / 20480);
	w = spectrum_work_new(&c);
	ok(spectrum_nout(&c) == SO_TIME_COUNT + 4 + 4, "outputs counted");
	spectrum_add(w, x);
	spectrum_result(w, x, 4096, 0, out);
	is_close(out[SO_TIME_COUNT], 500, 1e-12, "dominant frequency 500 Hz");
	is_close(out[SO_TIME_COUNT + 4], 500, 1e-12, "first peak at 500 Hz");
	is_close(out[SO_TIME_COUNT + 5], 2, 1e-9, "its amplitude is 2");
	ok(fabs(out[SO_TIME_COUNT + 6] - 3333) <= 5, "second peak within a "
	    "bin of 3333 Hz: %g", out[SO_TIME_COUNT + 6]);
	is_close(out[SO_RMS], sqrt(2 + 0.125), 1e-3, "rms of two sines");
	spectrum_work_free(w);
}

static void
test_bearing(void)
{
	struct bearing_geom g = { 16, 0.331, 2.815, 15.17 };
	double f[BF_COUNT], amp[400];
	size_t k;

	ok(bearing_check(&g) == NULL, "the IMS bearing is possible");
	bearing_freqs(&g, 2000.0 / 60, f);
	ok(fabs(f[BF_BPFO] - 236.4) < 0.1, "IMS BPFO %.2f Hz (236.4)",
	    f[BF_BPFO]);
	ok(fabs(f[BF_BPFI] - 296.9) < 0.1, "IMS BPFI %.2f Hz (296.9)",
	    f[BF_BPFI]);
	ok(fabs(f[BF_BSF] - 139.9) < 0.1, "IMS BSF %.2f Hz (139.9)",
	    f[BF_BSF]);
	ok(fabs(f[BF_FTF] - 14.78) < 0.01, "IMS FTF %.3f Hz (14.78)",
	    f[BF_FTF]);
	g.ball = 3;
	ok(bearing_check(&g) != NULL, "a ball larger than the pitch is "
	    "refused");
	g.ball = 0.331;
	g.balls = 2.5;
	ok(bearing_check(&g) != NULL, "2.5 balls are refused");
	g.balls = 16;
	g.contact_deg = 90;
	ok(bearing_check(&g) != NULL, "a contact angle of 90 is refused");

	for (k = 0; k < 400; k++)
		amp[k] = 0;
	/* 1 Hz a bin: at 50 Hz the tolerance is 2 bins (2% is 1 Hz) */
	amp[53] = 3;
	ok(bearing_line(amp, 400, 1, 50) == 0, "a line 3 bins off 50 Hz "
	    "is outside max(2 bins, 2%%)");
	amp[52] = 2;
	ok(bearing_line(amp, 400, 1, 50) == 2, "a line 2 bins off is in");
	/* at 300 Hz the tolerance is 2%: 6 Hz */
	amp[306] = 5;
	amp[294] = 4;
	amp[307] = 9;
	ok(bearing_line(amp, 400, 1, 300) == 5, "at 300 Hz a line 6 Hz "
	    "(2%%) off is in, 7 Hz off is not");
	ok(isnan(bearing_line(amp, 400, 1, 500)), "a frequency past the "
	    "spectrum: null");
	ok(isnan(bearing_line(amp, 400, 1, 0)), "no speed: null");
}

int
main(void)
{
	static const size_t sizes[] = { 1, 2, 3, 5, 7, 8, 12, 97, 1000, 1024 };
	size_t i;

	for (i = 0; i < sizeof sizes / sizeof *sizes; i++)
		/* The DFT is O(n^2): under MLO_UNIT_QUICK=1, n / 8. */
		test_fft(sizes[i] >= 1000 ? (size_t)unit_size((long)sizes[i],
		    (long)sizes[i] / 8) : sizes[i]);
	test_reference("spectra-2048.txt.gz");
	test_reference("spectra-1000.txt.gz");
	test_tone();
	test_bearing();
	return tap_done();
}
