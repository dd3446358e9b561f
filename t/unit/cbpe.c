/*
 * Unit tests of lib/cbpe: the bins around the threshold, merging by
 * counts, and the estimates and standard errors on cases worked by hand.
 */
#include <math.h>
#include <stdio.h>

#include "cbpe.h"
#include "tap.h"

static int
near(double a, double b)
{
	return fabs(a - b) <= 1e-12 * (fabs(b) > 1 ? fabs(b) : 1);
}

int
main(void)
{
	struct calib c, d;
	struct cbpe_est est;
	struct mlo_error e;
	double scores[4];

	calib_init(&c, 0.3, 3);
	ok(calib_bin(&c, 0) == 0 && calib_bin(&c, 0.0999) == 0 &&
	    calib_bin(&c, 0.1) == 1 && calib_bin(&c, 0.2999) == 2,
	    "below the threshold: 3 bins of 0.1");
	ok(calib_bin(&c, 0.3) == 3 && calib_bin(&c, 0.5333) == 3 &&
	    calib_bin(&c, 0.54) == 4 && calib_bin(&c, 1) == 5,
	    "from the threshold: 3 bins of 0.2333, 1 in the last");
	ok(calib_bin(&c, -5) == 0 && calib_bin(&c, 7) == 5,
	    "outside [0, 1]: the end bins");
	/* bin 1 (0.1-0.2): 4 rows, 1 failure; bin 4: 2 rows, 2 failures */
	calib_add(&c, 0.15, 0);
	calib_add(&c, 0.15, 0);
	calib_add(&c, 0.12, 1);
	calib_add(&c, 0.19, 0);
	calib_add(&c, 0.6, 1);
	calib_add(&c, 0.7, 1);
	ok(c.rows == 6 && c.n[1] == 4 && c.pos[1] == 1 && c.n[4] == 2 &&
	    c.pos[4] == 2, "counts per bin");
	ok(c.tp == 2 && c.fp == 0 && c.fn == 1 && c.tn == 3, "confusion at "
	    "0.3");
	ok(near(cbpe_reference(&c, CB_PRECISION), 1) &&
	    near(cbpe_reference(&c, CB_RECALL), 2.0 / 3) &&
	    near(cbpe_reference(&c, CB_ACCURACY), 5.0 / 6) &&
	    near(cbpe_reference(&c, CB_POSITIVE_RATE), 2.0 / 6),
	    "the reference's realised metrics");
	ok(!calib_regression(&c), "labels 0 and 1: classification");

	/* A window of two rows in bin 1 (p 1/4) and one in bin 4 (p 1):
	 * TP 1, FN 0.5, n1 1: precision 1, recall 1 / 1.5, accuracy
	 * (1 + 2 * 0.75) / 3. */
	scores[0] = 0.11, scores[1] = 0.18, scores[2] = 0.55;
	cbpe_estimate(&c, scores, 3, &est);
	ok(near(est.value[CB_PRECISION], 1) &&
	    near(est.value[CB_RECALL], 2.0 / 3) &&
	    near(est.value[CB_ACCURACY], 2.5 / 3) &&
	    near(est.value[CB_POSITIVE_RATE], 1.0 / 3) && est.uncalibrated == 0,
	    "estimates from the bins' shares");
	/* accuracy: sampling 2 * 3/16 / 9, calibration (2/3)^2 * (3/16) / 4
	 * (bin 1) and 0 for bin 4 (p 1 has no variance) */
	ok(near(est.se[CB_ACCURACY], sqrt(2 * 0.1875 / 9 + 4.0 / 9 * 0.1875 /
	    4)), "accuracy's standard error (%g)", est.se[CB_ACCURACY]);
	/* recall = A / (A + B), A = 1 (var 0), B = 0.5 (var 0.375): sampling
	 * A^2 var B / (A + B)^4; calibration dR/dp1 = -2 A / (A + B)^2 */
	ok(near(est.se[CB_RECALL], sqrt(0.375 / pow(1.5, 4) +
	    pow(2 / 2.25, 2) * 0.1875 / 4)), "recall's standard error (%g)",
	    est.se[CB_RECALL]);
	ok(near(est.se[CB_PRECISION], 0), "precision at p 1 has no error");
	/* a bin the reference never saw: the score is its own estimate */
	scores[3] = 0.95;
	cbpe_estimate(&c, scores + 3, 1, &est);
	ok(est.uncalibrated == 1 && near(est.value[CB_PRECISION], 0.95) &&
	    near(est.se[CB_PRECISION], sqrt(0.95 * 0.05)),
	    "an empty bin takes the score itself");
	cbpe_estimate(&c, scores, 0, &est);
	ok(isnan(est.value[CB_ACCURACY]) && isnan(est.se[CB_ACCURACY]),
	    "no rows: undefined");

	calib_init(&d, 0.3, 3);
	calib_add(&d, 0.15, 1);
	calib_add(&d, 0.4, 7);
	ok(calib_merge(&c, &d, &e) == 0 && c.rows == 8 && c.n[1] == 5 &&
	    c.pos[1] == 2 && c.nonbinary == 1 && calib_regression(&c),
	    "merge adds counts; a label of 7 makes it a regression");
	calib_free(&d);
	calib_init(&d, 0.5, 3);
	ok(calib_merge(&c, &d, &e) == -1, "another threshold is refused: %s",
	    e.msg);
	calib_free(&d);
	calib_free(&c);
	return tap_done();
}
