/*
 * cbpe: performance without labels.  A reference data set with a score
 * (the model's probability of a failure) and a label (0 or 1) is kept as
 * a calibration histogram: bins of the score, their rows and their
 * positives, with the threshold on a bin edge (B equal bins below it and
 * B above), so that every row of a bin is predicted alike.  Histogram
 * binning calibrates a score to its bin's share of positives; with that,
 * the expected confusion matrix of a window of scores without labels
 * gives estimates of precision, recall, accuracy and the positive rate,
 * confidence-based as NannyML's CBPE.  The estimates assume that the
 * relation between score and failure is the reference's: they cannot see
 * concept shift.
 *
 * Each estimate comes with its standard error: the spread of the realised
 * metric when every label is an independent Bernoulli of its calibrated
 * probability (delta method for recall), plus the uncertainty of the
 * bins' shares from the reference's finite counts.
 *
 * The calibration also keeps what the reference's realised metrics need
 * (its confusion matrix, Brier sum, and for a numeric label the sums of
 * absolute and squared errors), and merges by adding counts.
 */
#ifndef MLO_CBPE_H
#define MLO_CBPE_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

#define CALIB_DEFAULT_BINS 10
#define CALIB_MAX_BINS 1000
#define CALIB_DEFAULT_THRESHOLD 0.5

struct calib {
	double threshold;	/* score >= threshold: predicted 1 */
	uint32_t bins;		/* per side of the threshold */
	uint64_t *n, *pos;	/* 2 * bins: rows and positives per bin */
	uint64_t rows;		/* rows with a score and a label */
	uint64_t nonbinary;	/* labels other than 0 and 1: regression */
	uint64_t tp, fp, tn, fn;
	double brier_sum;	/* sum of (score - label)^2 */
	double abs_sum, sq_sum;	/* sum of |label - score|, (label - score)^2 */
};

void calib_init(struct calib *c, double threshold, uint32_t bins);
void calib_free(struct calib *c);
/* calib_regression: the labels are not all 0 or 1. */
int calib_regression(const struct calib *c);
/* calib_bin: the bin of score S (clamped into [0, 1]). */
size_t calib_bin(const struct calib *c, double s);
/* calib_add: a row of finite SCORE and LABEL. */
void calib_add(struct calib *c, double score, double label);
/* calib_merge: add B into A; -1 with E when made with another threshold
 * or number of bins. */
int calib_merge(struct calib *a, const struct calib *b, struct mlo_error *e);

enum cbpe_metric { CB_PRECISION, CB_RECALL, CB_ACCURACY, CB_POSITIVE_RATE,
	CB_COUNT };

/* cbpe_name: "precision" ... "positive_rate". */
const char *cbpe_name(enum cbpe_metric m);
/* cbpe_reference: the reference's realised value of M (NaN: undefined). */
double cbpe_reference(const struct calib *c, enum cbpe_metric m);

struct cbpe_est {
	double value[CB_COUNT];	/* NaN when undefined */
	double se[CB_COUNT];	/* standard error */
	uint64_t uncalibrated;	/* rows in bins the reference left empty,
				   taken at their own score */
};

/*
 * cbpe_estimate: estimates from the N finite SCORES of a window (any
 * order).  Precision is undefined when nothing is predicted 1, recall
 * when no failure is expected.
 */
void cbpe_estimate(const struct calib *c, const double *scores, size_t n,
    struct cbpe_est *out);

#endif
