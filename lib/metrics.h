/*
 * metrics: model quality from labels and scores or predictions, with the
 * definitions of scikit-learn 1.2 (Debian 12's), so that users can check
 * every number with it.  mlo-policy(5) keeps the table of definitions.
 *
 * Classification: labels are 0 or 1 (1 = the failure the model predicts),
 * scores are the model's probability of a 1, and a row is predicted 1 when
 * its score is at least the threshold (or by a given 0/1 prediction when
 * there is no score).  Regression: labels and predictions are numbers
 * (remaining useful life).
 *
 * Every metric takes weights: a row counted W times weighs W.  Plain
 * evaluation uses weight 1 everywhere; the bootstrap (bootstrap.h) passes
 * each resample as a count per row, so that a resample needs no copy and,
 * for the ranking metrics, no new sort.  Rows of weight 0 are left out, as
 * scikit-learn leaves out rows of sample_weight 0.
 *
 * Nothing here prints or exits; undefined values are NaN and the callers
 * say why (metrics_undefined).
 */
#ifndef MLO_METRICS_H
#define MLO_METRICS_H

#include <stddef.h>
#include <stdint.h>

enum metric_task { TASK_CLASSIFICATION, TASK_REGRESSION };

enum metric_id {
	/* classification */
	M_AUC, M_PR_AUC, M_PRECISION, M_RECALL, M_F1, M_ACCURACY,
	M_FALSE_ALARM_RATE, M_BRIER, M_LOG_LOSS, M_COST, M_COST_PER_1000,
	/* regression */
	M_MAE, M_RMSE, M_R2, M_PHM08,
	M_COUNT
};

/* metric_name: "auc", "pr_auc", ... "phm08". */
const char *metric_name(enum metric_id m);
/* metric_lookup: the metric named S[0..len), or -1. */
int metric_lookup(const char *s, size_t len);
enum metric_task metric_task(enum metric_id m);
/* metric_higher_better: 1 when a larger value is a better model. */
int metric_higher_better(enum metric_id m);
/* metric_needs_score: auc, pr_auc, brier, log_loss need a score column. */
int metric_needs_score(enum metric_id m);
/* metric_needs_probability: brier and log_loss need scores in [0, 1]. */
int metric_needs_probability(enum metric_id m);
/* metric_names: the NULL-terminated names of TASK's metrics. */
const char *const *metric_names(enum metric_task task);

/* The log_loss clipping of scikit-learn 1.2: p in [eps, 1 - eps]. */
#define METRICS_LOG_LOSS_EPS 1e-15

struct metrics_params {
	double threshold;	/* score >= threshold: predicted 1 */
	double missed_failure;	/* cost of a false negative */
	double false_alarm;	/* cost of a false positive */
};

/*
 * A classification holdout prepared for repeated evaluation: the rows
 * sorted once by score, highest first (ties in row order), with what each
 * metric needs per row worked out in advance.
 */
struct metrics_cls {
	size_t n;
	int has_score;
	int probabilities;	/* every score in [0, 1]: brier, log_loss */
	double *score;		/* sorted, descending */
	uint32_t *row;		/* the row each sorted position holds */
	unsigned char *label;	/* 0 or 1, in sorted order */
	unsigned char *pred;	/* 0 or 1, in sorted order */
	double *sq;		/* (score - label)^2 */
	double *ll;		/* log loss of the row */
};

/*
 * metrics_cls_prepare: prepare N rows (N < 2^32) of LABEL (0/1), SCORE
 * (or NULL) and PRED (0/1, or NULL: score >= threshold).  At least one of
 * SCORE and PRED.  Scores must not be NaN.  Free with metrics_cls_free.
 */
void metrics_cls_prepare(struct metrics_cls *c, size_t n,
    const unsigned char *label, const double *score,
    const unsigned char *pred, const struct metrics_params *p);
void metrics_cls_free(struct metrics_cls *c);

/*
 * metrics_cls_eval: every classification metric into OUT (indexed by
 * metric_id; the regression entries untouched), with row r weighing
 * COUNT[r] (NULL: 1).  Metrics that need a score are NaN without one,
 * brier and log_loss without probabilities; auc, pr_auc, recall and
 * false_alarm_rate are NaN when a class has no weight.  Precision and f1
 * of a model that predicts no 1 are 0, as scikit-learn's zero_division
 * default makes them.  One pass over the rows.
 */
void metrics_cls_eval(const struct metrics_cls *c, const uint32_t *count,
    const struct metrics_params *p, double *out);

/*
 * metrics_classification: prepare, evaluate with weight 1, free: the
 * one-call form for a single evaluation.
 */
void metrics_classification(size_t n, const unsigned char *label,
    const double *score, const unsigned char *pred,
    const struct metrics_params *p, double *out);

/*
 * metrics_regression: mae, rmse, r2 and phm08 of N rows of true values Y
 * and predictions YHAT into OUT, row i weighing COUNT[i] (NULL: 1).  r2 is
 * 1 when the truth has no variance and the predictions are exact, else 0
 * in that case (scikit-learn's force_finite); NaN when no row has weight.
 * phm08 is a sum, not a mean.
 */
void metrics_regression(size_t n, const double *y, const double *yhat,
    const uint32_t *count, double *out);

/*
 * metrics_undefined: why metric M is NaN for a classification holdout of
 * POSITIVES and NEGATIVES (weights) with or without scores and
 * probabilities, or NULL when it should be defined.
 */
const char *metrics_undefined(enum metric_id m, double positives,
    double negatives, int has_score, int probabilities);

#endif
