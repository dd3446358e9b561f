/*
 * spectrum: the features of windows of vibration samples, as
 * mlo-features(5) defines them under "spectrum": time-domain statistics,
 * the power spectrum (band energies, dominant frequency, centroid,
 * entropy, spectral kurtosis, peaks), the Hilbert envelope of a band and
 * its spectrum, and with a bearing's geometry the envelope lines at its
 * fault frequencies (lib/bearing).
 *
 * One window of N samples x at R Hz, w the window function (periodic
 * Hann, w[j] = 0.5 - 0.5 cos(2 pi j/N), or all ones), y = x - mean(x),
 * X = FFT(y w), bins k = 0..N/2 at f = k R/N, c_k = 1 at k = 0 and at
 * k = N/2 (N even), else 2:
 *
 *	power		P[k] = c_k |X[k]|^2 / (N sum w^2)   (sums to the mean
 *			square of y when w = 1; g^2 when x is in g)
 *	amplitude	A[k] = c_k |X[k]| / sum w  (a sine of amplitude a on a
 *			bin reads a)
 *	envelope	Y = FFT(y); Z[k] = Y[k] h[k] m[k], h as
 *			scipy.signal.hilbert (1 at 0 and N/2, 2 on positive,
 *			0 on negative frequencies), m[k] = 1 when LO <= |f_k|
 *			<= HI, else 0; env = |IFFT(Z)|; its amplitude
 *			spectrum EA as A, of env - mean(env).
 *
 * Several windows (a snapshot) are averaged as Welch does: P is the mean
 * of the windows' P, A and EA the root mean square of theirs.
 */
#ifndef MLO_SPECTRUM_H
#define MLO_SPECTRUM_H

#include <stddef.h>

#include "bearing.h"

enum spectrum_wfn { SPW_HANN, SPW_NONE };

/* The largest window; the largest number of bands and of peaks. */
#define SPECTRUM_MAX_WINDOW 1048576
#define SPECTRUM_MAX_BANDS 64
#define SPECTRUM_MAX_PEAKS 32

struct spectrum_conf {
	size_t window, hop;
	double rate;			/* samples per second */
	enum spectrum_wfn wfn;
	double bands[SPECTRUM_MAX_BANDS][2];	/* [LO, HI) Hz */
	size_t nbands;
	size_t npeaks;
	int envelope;
	double env_lo, env_hi;		/* Hz, inclusive */
	int bearing;			/* needs envelope */
	struct bearing_geom geom;
	double shaft_rpm;		/* fixed speed; NaN: from a column */
};

/*
 * The outputs, in this order: the time-domain set (SO_RMS..SO_CLEARANCE),
 * then one per band, then SO_DOMINANT..SO_SKURT, then two per peak (Hz,
 * amplitude), then with an envelope SO_ENV_HZ, SO_ENV_AMP, then with a
 * bearing the shaft Hz, the four fault frequencies and eight amplitudes
 * (each fault, then its second harmonic; BSF's second is 2 x BSF).
 */
enum {
	SO_RMS, SO_PEAK, SO_CREST, SO_KURTOSIS, SO_IMPULSE, SO_SHAPE,
	SO_CLEARANCE, SO_TIME_COUNT
};

/* spectrum_nout: how many values a feature of C has. */
size_t spectrum_nout(const struct spectrum_conf *c);

/*
 * spectrum_out_name: the column name of output I of feature BASE:
 * BASE_rms, BASE_band_LO_HI, BASE_peak1_hz, BASE_bpfo_amp, ... (a new
 * string).
 */
char *spectrum_out_name(const struct spectrum_conf *c, const char *base,
    size_t i);

struct spectrum_work;

/* spectrum_work_new: FFT plans and scratch for windows of C. */
struct spectrum_work *spectrum_work_new(const struct spectrum_conf *c);

/* spectrum_reset: forget the windows added so far. */
void spectrum_reset(struct spectrum_work *w);

/* spectrum_add: one window of c->window samples (no NaN) enters. */
void spectrum_add(struct spectrum_work *w, const double *x);

/*
 * spectrum_result: OUT[0..spectrum_nout) from the windows added (at least
 * one), the time-domain set over X[0..n), the fault frequencies for the
 * shaft at SHAFT_HZ.  Undefined values (a ratio over 0) are NaN.
 */
void spectrum_result(struct spectrum_work *w, const double *x, size_t n,
    double shaft_hz, double *out);

/*
 * spectrum_power, spectrum_amp, spectrum_env_amp: the averaged P, A and
 * EA so far, *NBINS = N/2 + 1 bins (for tests and tools).
 */
const double *spectrum_power(struct spectrum_work *w, size_t *nbins);
const double *spectrum_amp(struct spectrum_work *w, size_t *nbins);
const double *spectrum_env_amp(struct spectrum_work *w, size_t *nbins);

void spectrum_work_free(struct spectrum_work *w);

#endif
