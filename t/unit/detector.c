/*
 * Unit tests of lib/detector: Siegmund's ARL against the Markov-chain
 * values of Montgomery's table (Introduction to Statistical Quality
 * Control, 6th ed., table 9.3: two-sided CUSUM, k = 1/2: ARL0 168 at
 * h = 4, 465 at h = 5), the threshold as its inverse, and the two
 * detectors' arithmetic on sequences worked by hand.
 */
#include <math.h>
#include <stdio.h>

#include "detector.h"
#include "tap.h"

static int
near(double got, double want, double rel)
{
	return fabs(got - want) <= rel * fabs(want);
}

int
main(void)
{
	struct detector_params p;
	struct detector d;
	struct mlo_error e;
	double stat, arl;
	uint64_t len;
	int i, side;

	ok(near(cusum_arl(0.5, 4), 168, 0.02), "ARL0 at k 0.5, h 4 is "
	    "Montgomery's 168 within 2%% (%g)", cusum_arl(0.5, 4));
	ok(near(cusum_arl(0.5, 5), 465, 0.02), "ARL0 at k 0.5, h 5 is "
	    "Montgomery's 465 within 2%% (%g)", cusum_arl(0.5, 5));
	ok(near(cusum_arl(0, 3), (3 + 1.166) * (3 + 1.166) / 2, 1e-15),
	    "k 0: b^2 / 2");
	for (arl = 10; arl <= 1e12; arl *= 10) {
		double h = cusum_threshold(0.5, arl);

		ok(near(cusum_arl(0.5, h), arl, 1e-9), "threshold %g inverts "
		    "ARL0 %g", h, arl);
	}
	ok(near(cusum_arl(1e-9, cusum_threshold(1e-9, 1000)), 1000, 1e-6),
	    "a tiny allowance stays exact (expm1)");
	ok(detector_setup(&p, DET_CUSUM, 1, 1, &e) == -1, "ARL0 1 refused: %s",
	    e.msg);
	ok(detector_setup(&p, DET_CUSUM, 100, 0, &e) == -1, "shift 0 refused");
	ok(detector_setup(&p, DET_CUSUM, 1000, 1, &e) == 0 && p.k == 0.5,
	    "k is half the shift");

	/* CUSUM on z = 1.5 with h 5.5: up gains 1 a step, so the alarm is
	 * on step 6, with statistic 6, rising 6 steps. */
	p.h = 5.5;
	detector_reset(&d);
	for (i = 1, side = 0; i <= 10 && side == 0; i++)
		side = detector_step(&d, &p, 1.5, &stat, &len);
	ok(side == 1 && i - 1 == 6 && stat == 6 && len == 6, "cusum: alarm "
	    "up on step 6 (side %d step %d stat %g len %llu)", side, i - 1,
	    stat, (unsigned long long)len);
	ok(d.up == 0 && d.down == 0 && d.n == 0, "cusum: reset after it");
	for (i = 1, side = 0; i <= 10 && side == 0; i++)
		side = detector_step(&d, &p, -2, &stat, &len);
	ok(side == -1 && i - 1 == 4 && stat == 6, "cusum: alarm down on step "
	    "4 at z -2");
	/* Page-Hinkley on 0, 0, 4, 4, ...: mean 0, 0, 4/3, 2; increments
	 * z - mean - 0.5: -0.5, -0.5, 2.1667, 1.5 -> up 0, 0, 2.1667, 3.6667 */
	p.kind = DET_PAGE_HINKLEY;
	p.h = 3.5;
	detector_reset(&d);
	ok(detector_step(&d, &p, 0, &stat, &len) == 0 &&
	    detector_step(&d, &p, 0, &stat, &len) == 0 &&
	    detector_step(&d, &p, 4, &stat, &len) == 0 &&
	    near(d.up, 4 - 4.0 / 3 - 0.5, 1e-15), "page-hinkley: up 2.1667 "
	    "after 0 0 4");
	side = detector_step(&d, &p, 4, &stat, &len);
	ok(side == 1 && near(stat, 4 - 4.0 / 3 - 0.5 + 1.5, 1e-15) &&
	    len == 2, "page-hinkley: alarm up on the fourth (%g, len %llu)",
	    stat, (unsigned long long)len);
	return tap_done();
}
