/*
 * bearing: fault frequencies and the lines at them (see bearing.h).
 */
#include <math.h>

#include "bearing.h"

const char *const bearing_names[BF_COUNT] = { "bpfo", "bpfi", "bsf", "ftf" };

const char *
bearing_check(const struct bearing_geom *g)
{
	if (!(g->balls >= 1) || g->balls != floor(g->balls) || g->balls > 1000)
		return "balls must be a whole number from 1 to 1000";
	if (!(g->ball > 0) || !isfinite(g->ball))
		return "the ball diameter must be above 0";
	if (!(g->pitch > 0) || !isfinite(g->pitch))
		return "the pitch diameter must be above 0";
	if (g->ball >= g->pitch)
		return "the ball diameter must be smaller than the pitch "
		    "diameter";
	if (!(g->contact_deg >= 0 && g->contact_deg < 90))
		return "the contact angle must be from 0 to below 90 degrees";
	return NULL;
}

void
bearing_freqs(const struct bearing_geom *g, double shaft_hz,
    double out[BF_COUNT])
{
	double r = g->ball / g->pitch * cos(g->contact_deg * M_PI / 180);

	out[BF_BPFO] = g->balls / 2 * shaft_hz * (1 - r);
	out[BF_BPFI] = g->balls / 2 * shaft_hz * (1 + r);
	out[BF_BSF] = g->pitch / (2 * g->ball) * shaft_hz * (1 - r * r);
	out[BF_FTF] = shaft_hz / 2 * (1 - r);
}

double
bearing_line(const double *amp, size_t nbins, double df, double f0)
{
	double tol, lo, hi, best = NAN;
	size_t k, k0, k1;

	if (!(f0 > 0) || !isfinite(f0) || nbins < 2)
		return NAN;
	tol = fmax(2 * df, 0.02 * f0);
	lo = ceil((f0 - tol) / df - 1e-9);
	hi = floor((f0 + tol) / df + 1e-9);
	if (lo < 1)
		lo = 1;
	if (hi > (double)(nbins - 1))
		hi = (double)(nbins - 1);
	if (lo > hi)
		return NAN;
	k0 = (size_t)lo;
	k1 = (size_t)hi;
	for (k = k0; k <= k1; k++)
		if (!(amp[k] <= best))
			best = amp[k];
	return best;
}
