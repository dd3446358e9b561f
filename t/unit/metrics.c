/*
 * Unit tests of lib/metrics and lib/bootstrap: small holdouts whose
 * scikit-learn 1.2 values were computed by hand with it (ties, clipping of
 * log_loss at 0 and 1, sample weights, r2's constant truth), weights being
 * the same as repeated rows, metrics that must be NaN, and the bootstrap's
 * counts: each stratum keeps its size, clusters move whole, the same seed
 * gives the same resamples, and quantiles interpolate as numpy's.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "bootstrap.h"
#include "metrics.h"
#include "tap.h"

#define TOL 1e-12

static const unsigned char y10[] = { 0, 0, 1, 1, 0, 1, 0, 0, 1, 0 };
static const double s10[] = { 0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.2, 0.9, 0.7,
	0.05 };
static const struct metrics_params mp = { 0.5, 50000, 800 };

static void
test_classification(void)
{
	double out[M_COUNT];

	metrics_classification(10, y10, s10, NULL, &mp, out);
	is_close(out[M_AUC], 0.7083333333333334, TOL, "auc with ties");
	is_close(out[M_PR_AUC], 0.5595238095238095, TOL,
	    "pr_auc (average precision) with ties");
	is_close(out[M_BRIER], 0.20950000000000002, TOL, "brier");
	is_close(out[M_LOG_LOSS], 0.6249965053511388, TOL, "log_loss");
	is_close(out[M_PRECISION], 0.6666666666666666, TOL, "precision");
	is_close(out[M_RECALL], 0.5, TOL, "recall");
	is_close(out[M_F1], 0.5714285714285715, TOL, "f1");
	is_close(out[M_ACCURACY], 0.7, TOL, "accuracy");
	is_close(out[M_FALSE_ALARM_RATE], 1.0 / 6, TOL, "false_alarm_rate");
	is_close(out[M_COST], 2 * 50000 + 1 * 800, TOL, "cost");
	is_close(out[M_COST_PER_1000], (2 * 50000 + 800) / 10.0 * 1000, TOL,
	    "cost_per_1000");
}

static void
test_log_loss_clipping(void)
{
	static const double s[] = { 0, 0, 1, 1, 0, 1, 0, 1, 1, 0 };
	double out[M_COUNT];

	metrics_classification(10, y10, s, NULL, &mp, out);
	is_close(out[M_LOG_LOSS], 3.4539575992340885, 1e-9,
	    "log_loss clips 0 and 1 at 1e-15");
}

static void
test_weights(void)
{
	static const uint32_t w[] = { 1, 2, 0, 3, 1, 1, 2, 1, 1, 4 };
	unsigned char y[32];
	double s[32], a[M_COUNT], b[M_COUNT];
	struct metrics_cls c;
	size_t i, n = 0;
	uint32_t k;
	int m, same = 1;

	metrics_cls_prepare(&c, 10, y10, s10, NULL, &mp);
	metrics_cls_eval(&c, w, &mp, a);
	is_close(a[M_AUC], 0.8818181818181818, TOL, "weighted auc");
	is_close(a[M_PR_AUC], 0.721111111111111, TOL, "weighted pr_auc");
	is_close(a[M_LOG_LOSS], 0.4083924431177489, TOL, "weighted log_loss");
	for (i = 0; i < 10; i++)
		for (k = 0; k < w[i]; k++) {
			y[n] = y10[i];
			s[n++] = s10[i];
		}
	metrics_classification(n, y, s, NULL, &mp, b);
	for (m = 0; m < M_AUC + 11; m++)
		if (fabs(a[m] - b[m]) > 1e-12 * fmax(1, fabs(b[m])))
			same = 0;
	ok(same, "a weight of k is the row repeated k times");
	metrics_cls_free(&c);
}

static void
test_undefined(void)
{
	static const unsigned char zeros[] = { 0, 0, 0 };
	static const double s[] = { 0.2, 0.7, 0.1 };
	static const unsigned char pred[] = { 0, 1, 0 };
	double out[M_COUNT];

	metrics_classification(3, zeros, s, NULL, &mp, out);
	ok(isnan(out[M_AUC]), "auc of one class is NaN");
	ok(isnan(out[M_RECALL]), "recall without a 1 is NaN");
	is_close(out[M_PRECISION], 0, 0, "precision with no true 1 is 0");
	is_str(metrics_undefined(M_AUC, 0, 3, 1, 1), "needs both classes",
	    "why auc is undefined");
	metrics_classification(3, zeros, NULL, pred, &mp, out);
	ok(isnan(out[M_AUC]) && isnan(out[M_BRIER]),
	    "no score: auc and brier are NaN");
	is_close(out[M_FALSE_ALARM_RATE], 1.0 / 3, TOL,
	    "no score: predictions still count");
	is_str(metrics_undefined(M_LOG_LOSS, 1, 2, 0, 0),
	    "needs a score column", "why log_loss is undefined without score");
}

static void
test_regression(void)
{
	static const double y[] = { 112, 98, 69, 82, 91 };
	static const double p[] = { 100, 110, 60, 82, 95 };
	static const double c3[] = { 3, 3, 3 }, d3[] = { 3, 3, 4 };
	double out[M_COUNT];

	metrics_regression(5, y, p, NULL, out);
	is_close(out[M_MAE], 7.4, TOL, "mae");
	is_close(out[M_RMSE], 8.774964387392123, TOL, "rmse");
	is_close(out[M_R2], 0.6344473984048614, TOL, "r2");
	is_close(out[M_PHM08], 5.327286522350416, TOL, "phm08");
	metrics_regression(3, c3, c3, NULL, out);
	is_close(out[M_R2], 1, 0, "r2 of an exact fit to a constant is 1");
	metrics_regression(3, c3, d3, NULL, out);
	is_close(out[M_R2], 0, 0, "r2 of a miss of a constant is 0");
}

static void
test_names(void)
{
	is_long(metric_lookup("false_alarm_rate", 16), M_FALSE_ALARM_RATE,
	    "lookup by name");
	is_long(metric_lookup("acu", 3), -1, "unknown name");
	ok(metric_higher_better(M_AUC) && !metric_higher_better(M_BRIER),
	    "auc higher is better, brier lower");
}

static void
test_bootstrap(void)
{
	unsigned char strat[100];
	uint32_t cl[100], a[100], b[100], c[100];
	struct boot *x, *y;
	size_t i;
	long pos = 0, tot = 0;
	int same = 1, whole = 1, r;
	double v[] = { 5, 1, 4, 2, 3, NAN };

	for (i = 0; i < 100; i++) {
		strat[i] = i % 7 == 0;
		cl[i] = (uint32_t)(i / 10);
	}
	x = boot_new(100, strat, NULL, 0, 7);
	y = boot_new(100, strat, NULL, 0, 7);
	for (r = 0; r < 20; r++) {
		boot_next(x, a);
		boot_next(y, b);
		for (i = 0; i < 100; i++) {
			if (a[i] != b[i])
				same = 0;
			if (strat[i])
				pos += a[i];
			tot += a[i];
		}
	}
	ok(same, "the same seed gives the same resamples");
	is_long(pos, 20 * 15, "each resample keeps the stratum's size");
	is_long(tot, 20 * 100, "each resample has every row's worth");
	boot_free(x);
	boot_free(y);
	x = boot_new(100, NULL, cl, 10, 3);
	boot_next(x, c);
	for (i = 0; i < 100; i++)
		if (c[i] != c[cl[i] * 10])
			whole = 0;
	ok(whole, "clusters move whole");
	boot_free(x);
	is_close(boot_quantile(v, 6, 0.5), 3, 0, "median, NaN left out");
	is_close(boot_quantile(v, 6, 0.05), 1.2, 1e-12,
	    "quantile interpolates as numpy");
}

int
main(void)
{
	test_classification();
	test_log_loss_clipping();
	test_weights();
	test_undefined();
	test_regression();
	test_names();
	test_bootstrap();
	return tap_done();
}
