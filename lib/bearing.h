/*
 * bearing: rolling-element bearing kinematics.  From the geometry (number
 * of rolling elements n, their diameter d, the pitch diameter D, the
 * contact angle phi) and the shaft frequency fr, the classic fault
 * frequencies, with r = d/D cos(phi):
 *
 *	BPFO = n/2 fr (1 - r)		ball pass, outer race
 *	BPFI = n/2 fr (1 + r)		ball pass, inner race
 *	BSF  = D/(2d) fr (1 - r^2)	ball spin (a ball defect hits a race
 *					at 2 x BSF)
 *	FTF  = fr/2 (1 - r)		fundamental train (cage)
 *
 * and the amplitude of a spectrum "at" such a frequency: the largest line
 * within +-max(2 bins, 2%) of it, since a real bearing slips a little and
 * the line wanders from the computed frequency.
 */
#ifndef MLO_BEARING_H
#define MLO_BEARING_H

#include <stddef.h>

struct bearing_geom {
	double balls;		/* rolling elements per row */
	double ball;		/* their diameter (any unit, as pitch) */
	double pitch;		/* pitch diameter */
	double contact_deg;	/* contact angle, degrees */
};

enum { BF_BPFO, BF_BPFI, BF_BSF, BF_FTF, BF_COUNT };

/* bearing_names: "bpfo", "bpfi", "bsf", "ftf" by BF_ index. */
extern const char *const bearing_names[BF_COUNT];

/*
 * bearing_check: NULL when G is a possible bearing, else what is wrong
 * (a ball not smaller than the pitch diameter, a count below 1, ...).
 */
const char *bearing_check(const struct bearing_geom *g);

/* bearing_freqs: OUT[BF_*] in Hz for the shaft at SHAFT_HZ. */
void bearing_freqs(const struct bearing_geom *g, double shaft_hz,
    double out[BF_COUNT]);

/*
 * bearing_line: the largest of AMP[1..nbins) (bin k at k * DF Hz) within
 * max(2 DF, 0.02 F0) of F0; NaN when no bin is in that range or F0 is
 * not a positive number.
 */
double bearing_line(const double *amp, size_t nbins, double df, double f0);

#endif
