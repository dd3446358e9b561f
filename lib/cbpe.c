#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cbpe.h"
#include "util.h"

static const char *const names[CB_COUNT] = { "precision", "recall",
    "accuracy", "positive_rate" };

const char *
cbpe_name(enum cbpe_metric m)
{
	return names[m];
}

void
calib_init(struct calib *c, double threshold, uint32_t bins)
{
	memset(c, 0, sizeof *c);
	c->threshold = threshold;
	c->bins = bins;
	c->n = xcalloc(2 * bins, sizeof *c->n);
	c->pos = xcalloc(2 * bins, sizeof *c->pos);
}

void
calib_free(struct calib *c)
{
	free(c->n);
	free(c->pos);
	memset(c, 0, sizeof *c);
}

int
calib_regression(const struct calib *c)
{
	return c->nonbinary > 0;
}

size_t
calib_bin(const struct calib *c, double s)
{
	double t = c->threshold, f;
	size_t b;

	if (s < t) {
		f = s <= 0 ? 0 : s / t * c->bins;
		b = (size_t)f;
		return b >= c->bins ? c->bins - 1 : b;
	}
	f = s >= 1 ? c->bins : (s - t) / (1 - t) * c->bins;
	b = (size_t)f;
	return c->bins + (b >= c->bins ? c->bins - 1 : b);
}

void
calib_add(struct calib *c, double score, double label)
{
	double e = label - score;

	c->rows++;
	c->abs_sum += fabs(e);
	c->sq_sum += e * e;
	if (label != 0 && label != 1) {
		c->nonbinary++;
		return;
	}
	c->brier_sum += e * e;
	c->n[calib_bin(c, score)]++;
	if (label == 1) {
		c->pos[calib_bin(c, score)]++;
		if (score >= c->threshold)
			c->tp++;
		else
			c->fn++;
	} else if (score >= c->threshold)
		c->fp++;
	else
		c->tn++;
}

int
calib_merge(struct calib *a, const struct calib *b, struct mlo_error *e)
{
	size_t i;

	if (a->threshold != b->threshold || a->bins != b->bins)
		return error_set(e, "calibration at threshold %g with %u bins, "
		    "but %g with %u before", b->threshold, b->bins,
		    a->threshold, a->bins);
	for (i = 0; i < 2 * (size_t)a->bins; i++) {
		a->n[i] += b->n[i];
		a->pos[i] += b->pos[i];
	}
	a->rows += b->rows;
	a->nonbinary += b->nonbinary;
	a->tp += b->tp, a->fp += b->fp, a->tn += b->tn, a->fn += b->fn;
	a->brier_sum += b->brier_sum;
	a->abs_sum += b->abs_sum;
	a->sq_sum += b->sq_sum;
	return 0;
}

static double
ratio(double a, double b)
{
	return b > 0 ? a / b : NAN;
}

double
cbpe_reference(const struct calib *c, enum cbpe_metric m)
{
	double tp = (double)c->tp, fp = (double)c->fp, tn = (double)c->tn;
	double fn = (double)c->fn, n = tp + fp + tn + fn;

	switch (m) {
	case CB_PRECISION:
		return ratio(tp, tp + fp);
	case CB_RECALL:
		return ratio(tp, tp + fn);
	case CB_ACCURACY:
		return ratio(tp + tn, n);
	default:
		return ratio(tp + fp, n);
	}
}

/*
 * Per bin b of the window: m1[b] rows predicted 1, m0[b] predicted 0 (a
 * bin is all one or the other, the threshold being an edge), calibrated
 * share p[b] with variance v[b] = p (1 - p) / n_ref[b].  Rows in empty
 * reference bins count at their own score, without calibration variance.
 */
void
cbpe_estimate(const struct calib *c, const double *scores, size_t n,
    struct cbpe_est *out)
{
	size_t nb = 2 * (size_t)c->bins, i, b;
	double *m = xcalloc(nb, sizeof *m);
	double a = 0, bsum = 0, va = 0, vb = 0, n1 = 0, nn = (double)n;
	double vcal_prec = 0, vcal_acc = 0, vcal_rec = 0, own_acc = 0;
	double tp, fn, d;
	int k;

	memset(out, 0, sizeof *out);
	for (i = 0; i < n; i++) {
		double s = scores[i], p;

		b = calib_bin(c, s);
		if (c->n[b] > 0) {
			m[b]++;
			continue;
		}
		/* no reference in this bin: the score is its own estimate */
		out->uncalibrated++;
		p = s < 0 ? 0 : s > 1 ? 1 : s;
		if (s >= c->threshold)
			a += p, va += p * (1 - p), n1++, own_acc += p;
		else
			bsum += p, vb += p * (1 - p), own_acc += 1 - p;
	}
	for (b = 0; b < nb; b++) {
		double p;

		if (m[b] == 0)
			continue;
		p = (double)c->pos[b] / (double)c->n[b];
		if (b >= c->bins)
			a += m[b] * p, va += m[b] * p * (1 - p), n1 += m[b],
			    own_acc += m[b] * p;
		else
			bsum += m[b] * p, vb += m[b] * p * (1 - p),
			    own_acc += m[b] * (1 - p);
	}
	tp = a, fn = bsum;
	out->value[CB_PRECISION] = ratio(tp, n1);
	out->value[CB_RECALL] = ratio(tp, tp + fn);
	out->value[CB_ACCURACY] = ratio(own_acc, nn);
	out->value[CB_POSITIVE_RATE] = ratio(n1, nn);
	/* calibration variance: each bin's share enters linearly */
	for (b = 0; b < nb; b++) {
		double p, v, dr;

		if (m[b] == 0)
			continue;
		p = (double)c->pos[b] / (double)c->n[b];
		v = p * (1 - p) / (double)c->n[b];
		if (b >= c->bins) {
			d = n1 > 0 ? m[b] / n1 : 0;
			vcal_prec += d * d * v;
			d = m[b] / nn;
			vcal_acc += d * d * v;
			dr = tp + fn > 0 ? m[b] * fn / ((tp + fn) * (tp + fn)) : 0;
		} else {
			d = m[b] / nn;
			vcal_acc += d * d * v;
			dr = tp + fn > 0 ? -m[b] * tp / ((tp + fn) * (tp + fn)) : 0;
		}
		vcal_rec += dr * dr * v;
	}
	out->se[CB_PRECISION] = n1 > 0 ? sqrt(va / (n1 * n1) + vcal_prec) :
	    NAN;
	out->se[CB_ACCURACY] = n > 0 ? sqrt((va + vb) / (nn * nn) + vcal_acc) :
	    NAN;
	d = tp + fn;
	out->se[CB_RECALL] = d > 0 ? sqrt((fn * fn * va + tp * tp * vb) /
	    (d * d * d * d) + vcal_rec) : NAN;
	out->se[CB_POSITIVE_RATE] = n > 0 ? 0 : NAN;
	for (k = 0; k < CB_COUNT; k++)
		if (isnan(out->value[k]))
			out->se[k] = NAN;
	free(m);
}
