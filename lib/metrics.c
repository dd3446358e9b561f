#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "util.h"

static const struct {
	const char *name;
	enum metric_task task;
	int higher_better;
	int needs_score;
	int needs_probability;
} info[M_COUNT] = {
	[M_AUC] = { "auc", TASK_CLASSIFICATION, 1, 1, 0 },
	[M_PR_AUC] = { "pr_auc", TASK_CLASSIFICATION, 1, 1, 0 },
	[M_PRECISION] = { "precision", TASK_CLASSIFICATION, 1, 0, 0 },
	[M_RECALL] = { "recall", TASK_CLASSIFICATION, 1, 0, 0 },
	[M_F1] = { "f1", TASK_CLASSIFICATION, 1, 0, 0 },
	[M_ACCURACY] = { "accuracy", TASK_CLASSIFICATION, 1, 0, 0 },
	[M_FALSE_ALARM_RATE] = { "false_alarm_rate", TASK_CLASSIFICATION, 0,
	    0, 0 },
	[M_BRIER] = { "brier", TASK_CLASSIFICATION, 0, 1, 1 },
	[M_LOG_LOSS] = { "log_loss", TASK_CLASSIFICATION, 0, 1, 1 },
	[M_COST] = { "cost", TASK_CLASSIFICATION, 0, 0, 0 },
	[M_COST_PER_1000] = { "cost_per_1000", TASK_CLASSIFICATION, 0, 0, 0 },
	[M_MAE] = { "mae", TASK_REGRESSION, 0, 0, 0 },
	[M_RMSE] = { "rmse", TASK_REGRESSION, 0, 0, 0 },
	[M_R2] = { "r2", TASK_REGRESSION, 1, 0, 0 },
	[M_PHM08] = { "phm08", TASK_REGRESSION, 0, 0, 0 },
};

static const char *const cls_names[] = {
	"auc", "pr_auc", "precision", "recall", "f1", "accuracy",
	"false_alarm_rate", "brier", "log_loss", "cost", "cost_per_1000", NULL
};
static const char *const reg_names[] = { "mae", "rmse", "r2", "phm08", NULL };

const char *
metric_name(enum metric_id m)
{
	return m < M_COUNT ? info[m].name : "?";
}

int
metric_lookup(const char *s, size_t len)
{
	int m;

	for (m = 0; m < M_COUNT; m++)
		if (strlen(info[m].name) == len &&
		    memcmp(info[m].name, s, len) == 0)
			return m;
	return -1;
}

enum metric_task
metric_task(enum metric_id m)
{
	return info[m].task;
}

int
metric_higher_better(enum metric_id m)
{
	return info[m].higher_better;
}

int
metric_needs_score(enum metric_id m)
{
	return info[m].needs_score;
}

int
metric_needs_probability(enum metric_id m)
{
	return info[m].needs_probability;
}

const char *const *
metric_names(enum metric_task task)
{
	return task == TASK_CLASSIFICATION ? cls_names : reg_names;
}

/*
 * Sorting.  Scores become 64-bit keys that order as the doubles do,
 * highest first, and an LSD radix sort (stable: ties stay in row order)
 * sorts them in eight byte-wide passes, skipping the bytes that every key
 * shares: for a million rows a few tens of milliseconds, and the same
 * order on every machine.
 */
static uint64_t
desc_key(double v)
{
	uint64_t u;

	if (v == 0)
		v = 0;		/* -0 sorts with 0 */
	memcpy(&u, &v, sizeof u);
	u = (u >> 63) ? ~u : u ^ (UINT64_C(1) << 63);
	return ~u;
}

static void
radix_sort(uint64_t *key, uint32_t *row, size_t n)
{
	uint64_t *k2 = xreallocarray(NULL, n, sizeof *k2);
	uint32_t *r2 = xreallocarray(NULL, n, sizeof *r2);
	size_t count[256], i;
	int shift;

	for (shift = 0; shift < 64; shift += 8) {
		size_t sum = 0, c;

		memset(count, 0, sizeof count);
		for (i = 0; i < n; i++)
			count[(key[i] >> shift) & 0xff]++;
		if (n == 0 || count[(key[0] >> shift) & 0xff] == n)
			continue;	/* every key has this byte */
		for (i = 0; i < 256; i++) {
			c = count[i];
			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++) {
			size_t at = count[(key[i] >> shift) & 0xff]++;

			k2[at] = key[i];
			r2[at] = row[i];
		}
		memcpy(key, k2, n * sizeof *key);
		memcpy(row, r2, n * sizeof *row);
	}
	free(k2);
	free(r2);
}

/*
 * The log loss of one row as scikit-learn 1.2 computes it: p clipped to
 * [eps, 1 - eps], the pair (1 - p, p) divided by its sum, and the log of
 * the entry of the true class.
 */
static double
row_log_loss(unsigned char y, double p)
{
	const double eps = METRICS_LOG_LOSS_EPS;
	double b = p < eps ? eps : p > 1 - eps ? 1 - eps : p, a = 1 - b;
	double s = a + b;

	return -log(y ? b / s : a / s);
}

void
metrics_cls_prepare(struct metrics_cls *c, size_t n,
    const unsigned char *label, const double *score,
    const unsigned char *pred, const struct metrics_params *p)
{
	uint64_t *key;
	size_t i;

	memset(c, 0, sizeof *c);
	c->n = n;
	c->has_score = score != NULL;
	c->probabilities = score != NULL;
	c->row = xreallocarray(NULL, n + 1, sizeof *c->row);
	c->score = xreallocarray(NULL, n + 1, sizeof *c->score);
	c->label = xmalloc(n + 1);
	c->pred = xmalloc(n + 1);
	c->sq = xreallocarray(NULL, n + 1, sizeof *c->sq);
	c->ll = xreallocarray(NULL, n + 1, sizeof *c->ll);
	key = xreallocarray(NULL, n + 1, sizeof *key);
	for (i = 0; i < n; i++) {
		c->row[i] = (uint32_t)i;
		key[i] = score != NULL ? desc_key(score[i]) : 0;
		if (score != NULL && !(score[i] >= 0 && score[i] <= 1))
			c->probabilities = 0;
	}
	if (score != NULL)
		radix_sort(key, c->row, n);
	free(key);
	for (i = 0; i < n; i++) {
		uint32_t r = c->row[i];
		double s = score != NULL ? score[r] : 0;

		c->score[i] = s;
		c->label[i] = label[r] != 0;
		c->pred[i] = pred != NULL ? pred[r] != 0 : s >= p->threshold;
		c->sq[i] = (s - c->label[i]) * (s - c->label[i]);
		c->ll[i] = c->probabilities ? row_log_loss(c->label[i], s) : 0;
	}
}

void
metrics_cls_free(struct metrics_cls *c)
{
	free(c->row);
	free(c->score);
	free(c->label);
	free(c->pred);
	free(c->sq);
	free(c->ll);
	memset(c, 0, sizeof *c);
}

/*
 * One pass in score order.  Rows of equal score form a group: one
 * threshold of the ROC and precision-recall curves.  For each group,
 * GP and GN are its positive and negative weights:
 *   AUC (trapezoids under the ROC curve, ties as half, which is what
 *   roc_curve and auc give) = sum GN * (positives before + GP / 2) / (P N),
 *   the share of (positive, negative) pairs ranked the right way;
 *   average precision = sum over groups of (GP / P) * precision at the
 *   group's threshold, which is scikit-learn's sum of recall steps times
 *   precision.
 */
void
metrics_cls_eval(const struct metrics_cls *c, const uint32_t *count,
    const struct metrics_params *p, double *out)
{
	double tp = 0, fp = 0, fn = 0, tn = 0, sq = 0, ll = 0;
	double pos = 0, neg = 0, gp = 0, gn = 0, auc = 0, ap = 0;
	double cum_tp = 0, cum_fp = 0, total, cur = 0;
	int open = 0;
	size_t i;

	for (i = 0; i < c->n; i++) {
		/*
		 * A row of weight 0 adds nothing anywhere (a group of such rows
		 * adds 0 to both sums), so it is not skipped: a test per row
		 * that a resample makes unpredictable costs more than it saves.
		 */
		double w = count != NULL ? count[c->row[i]] : 1;

		if (c->has_score && (!open || c->score[i] != cur)) {
			if (open) {
				auc += gn * (pos + gp / 2);
				cum_tp += gp;
				cum_fp += gn;
				if (gp > 0)
					ap += gp * (cum_tp / (cum_tp + cum_fp));
				pos += gp;
				neg += gn;
			}
			gp = gn = 0;
			cur = c->score[i];
			open = 1;
		}
		if (c->label[i]) {
			gp += w;
			if (c->pred[i])
				tp += w;
			else
				fn += w;
		} else {
			gn += w;
			if (c->pred[i])
				fp += w;
			else
				tn += w;
		}
		sq += w * c->sq[i];
		ll += w * c->ll[i];
	}
	if (c->has_score) {
		if (open) {
			auc += gn * (pos + gp / 2);
			cum_tp += gp;
			cum_fp += gn;
			if (gp > 0)
				ap += gp * (cum_tp / (cum_tp + cum_fp));
			pos += gp;
			neg += gn;
		}
	} else {
		pos = gp;
		neg = gn;
	}
	total = pos + neg;
	out[M_AUC] = c->has_score && pos > 0 && neg > 0 ?
	    auc / (pos * neg) : NAN;
	out[M_PR_AUC] = c->has_score && pos > 0 ? ap / pos : NAN;
	out[M_PRECISION] = tp + fp > 0 ? tp / (tp + fp) : total > 0 ? 0 : NAN;
	out[M_RECALL] = pos > 0 ? tp / pos : NAN;
	out[M_F1] = 2 * tp + fp + fn > 0 ? 2 * tp / (2 * tp + fp + fn) :
	    total > 0 ? 0 : NAN;
	out[M_ACCURACY] = total > 0 ? (tp + tn) / total : NAN;
	out[M_FALSE_ALARM_RATE] = neg > 0 ? fp / neg : NAN;
	out[M_BRIER] = c->probabilities && total > 0 ? sq / total : NAN;
	out[M_LOG_LOSS] = c->probabilities && total > 0 ? ll / total : NAN;
	out[M_COST] = total > 0 ? p->missed_failure * fn + p->false_alarm * fp :
	    NAN;
	out[M_COST_PER_1000] = total > 0 ? out[M_COST] / total * 1000 : NAN;
}

void
metrics_classification(size_t n, const unsigned char *label,
    const double *score, const unsigned char *pred,
    const struct metrics_params *p, double *out)
{
	struct metrics_cls c;

	metrics_cls_prepare(&c, n, label, score, pred, p);
	metrics_cls_eval(&c, NULL, p, out);
	metrics_cls_free(&c);
}

/* PHM08: late predictions (d >= 0) cost more than early ones. */
static double
phm08_term(double d)
{
	return d < 0 ? exp(-d / 13) - 1 : exp(d / 10) - 1;
}

void
metrics_regression(size_t n, const double *y, const double *yhat,
    const uint32_t *count, double *out)
{
	double sw = 0, sy = 0, abs_err = 0, sq_err = 0, phm = 0, mean, ss = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		double w = count != NULL ? count[i] : 1, d = yhat[i] - y[i];

		if (w == 0)
			continue;
		sw += w;
		sy += w * y[i];
		abs_err += w * fabs(d);
		sq_err += w * d * d;
		phm += w * phm08_term(d);
	}
	if (sw == 0) {
		out[M_MAE] = out[M_RMSE] = out[M_R2] = out[M_PHM08] = NAN;
		return;
	}
	mean = sy / sw;
	for (i = 0; i < n; i++) {
		double w = count != NULL ? count[i] : 1;

		if (w != 0)
			ss += w * (y[i] - mean) * (y[i] - mean);
	}
	out[M_MAE] = abs_err / sw;
	out[M_RMSE] = sqrt(sq_err / sw);
	if (ss != 0)
		out[M_R2] = 1 - sq_err / ss;
	else
		out[M_R2] = sq_err == 0 ? 1 : 0;
	out[M_PHM08] = phm;
}

const char *
metrics_undefined(enum metric_id m, double positives, double negatives,
    int has_score, int probabilities)
{
	if (info[m].task != TASK_CLASSIFICATION)
		return positives + negatives > 0 ? NULL : "no rows";
	if (info[m].needs_score && !has_score)
		return "needs a score column";
	if (info[m].needs_probability && !probabilities)
		return "needs scores in [0, 1]";
	if (positives + negatives == 0)
		return "no rows";
	switch (m) {
	case M_AUC:
		if (positives == 0 || negatives == 0)
			return "needs both classes";
		break;
	case M_PR_AUC:
	case M_RECALL:
		if (positives == 0)
			return "needs a row with label 1";
		break;
	case M_FALSE_ALARM_RATE:
		if (negatives == 0)
			return "needs a row with label 0";
		break;
	default:
		break;
	}
	return NULL;
}
