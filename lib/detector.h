/*
 * detector: sequential change detectors for a stream of standardised
 * values z (under no change, independent N(0, 1)): two-sided CUSUM
 * (Page 1954) and Page-Hinkley (Hinkley 1971, in the form the streaming
 * literature uses, against the running mean since the last reset).  Each
 * alarm resets the detector.
 *
 * Thresholds come from a target in-control average run length ARL0 (the
 * mean number of observations between false alarms) by Siegmund's (1985)
 * approximation for the one-sided CUSUM under Gaussian input,
 *
 *	ARL(k, h) = (exp(2 k b) - 2 k b - 1) / (2 k^2),  b = h + 1.166
 *	          = b^2 when k = 0,
 *
 * the two sides together having 1/ARL0 = 1/ARL+ + 1/ARL- (so ARL0 =
 * ARL(k, h) / 2), solved for h by bisection.  Page-Hinkley takes the same
 * h: its increments z - mean have variance (t - 1)/t < 1, so the
 * approximation errs on the side of fewer false alarms.  bench/detector
 * measures the run lengths both really have.
 *
 * Pure arithmetic: no allocation, nothing printed.
 */
#ifndef MLO_DETECTOR_H
#define MLO_DETECTOR_H

#include <stdint.h>

#include "diag.h"

enum detector_kind { DET_NONE, DET_CUSUM, DET_PAGE_HINKLEY };

/* Siegmund's correction for the overshoot of a Gaussian random walk. */
#define DETECTOR_SIEGMUND_RHO 1.166
#define DETECTOR_DEFAULT_SHIFT 1.0
#define DETECTOR_MIN_ARL0 2.0
#define DETECTOR_MAX_ARL0 1e15

struct detector_params {
	enum detector_kind kind;
	double shift;		/* the mean shift to catch soonest, in std */
	double k;		/* allowance (CUSUM) or delta (Page-Hinkley):
				   shift / 2 */
	double arl0;		/* target in-control run length */
	double h;		/* the threshold: alarm when a side exceeds it */
};

/* detector_kind_parse: "cusum" or "page-hinkley"; -1 otherwise. */
int detector_kind_parse(const char *s, enum detector_kind *k);
/* detector_name: "cusum" or "page_hinkley" (the test name in outputs). */
const char *detector_name(enum detector_kind k);

/* cusum_arl: Siegmund's two-sided in-control ARL for allowance K, threshold H. */
double cusum_arl(double k, double h);
/* cusum_threshold: the H at which cusum_arl(K, H) = ARL0. */
double cusum_threshold(double k, double arl0);

/*
 * detector_setup: fill P for KIND, ARL0 and SHIFT (> 0); -1 with E when
 * ARL0 is outside [DETECTOR_MIN_ARL0, DETECTOR_MAX_ARL0] or SHIFT is not a
 * positive finite number.
 */
int detector_setup(struct detector_params *p, enum detector_kind kind,
    double arl0, double shift, struct mlo_error *e);

struct detector {
	uint64_t n;		/* observations since the last reset */
	double up, down;	/* the two sides' statistics, >= 0 */
	uint64_t up_len, down_len; /* observations each side has been > 0 */
	/* Page-Hinkley: running mean and the cumulative sums behind up/down */
	double mean, mup, mdown, minup, mindown;
};

void detector_reset(struct detector *d);

/*
 * detector_step: feed Z (finite).  Returns 0, or +1 / -1 for an alarm on
 * the upward / downward side, with the side's statistic in *STAT and the
 * observations it had been rising in *LEN (the change is likely that many
 * observations back); an alarm resets the detector.
 */
int detector_step(struct detector *d, const struct detector_params *p,
    double z, double *stat, uint64_t *len);

/* detector_stat: the larger side's statistic now. */
double detector_stat(const struct detector *d);

#endif
