#include <math.h>
#include <string.h>

#include "detector.h"

int
detector_kind_parse(const char *s, enum detector_kind *k)
{
	if (strcmp(s, "cusum") == 0)
		*k = DET_CUSUM;
	else if (strcmp(s, "page-hinkley") == 0 ||
	    strcmp(s, "page_hinkley") == 0)
		*k = DET_PAGE_HINKLEY;
	else
		return -1;
	return 0;
}

const char *
detector_name(enum detector_kind k)
{
	return k == DET_CUSUM ? "cusum" : k == DET_PAGE_HINKLEY ?
	    "page_hinkley" : "none";
}

/* Siegmund's one-sided ARL. */
static double
one_sided(double k, double h)
{
	double b = h + DETECTOR_SIEGMUND_RHO, a;

	if (k == 0)
		return b * b;
	a = 2 * k * b;
	/* expm1 keeps the small-k case exact: e^a - 1 - a */
	return (expm1(a) - a) / (2 * k * k);
}

double
cusum_arl(double k, double h)
{
	return one_sided(k, h) / 2;
}

double
cusum_threshold(double k, double arl0)
{
	double lo = 0, hi = 1;
	int i;

	if (cusum_arl(k, 0) >= arl0)
		return 0;
	while (cusum_arl(k, hi) < arl0)
		hi *= 2;
	/* ARL rises with h: bisect to the last bit worth having */
	for (i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
		double mid = (lo + hi) / 2;

		if (cusum_arl(k, mid) < arl0)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

int
detector_setup(struct detector_params *p, enum detector_kind kind,
    double arl0, double shift, struct mlo_error *e)
{
	memset(p, 0, sizeof *p);
	if (!(arl0 >= DETECTOR_MIN_ARL0 && arl0 <= DETECTOR_MAX_ARL0))
		return error_set(e, "an ARL0 of %g is outside [%g, %g]", arl0,
		    DETECTOR_MIN_ARL0, DETECTOR_MAX_ARL0);
	if (!(shift > 0 && isfinite(shift)))
		return error_set(e, "the shift to detect must be a positive "
		    "number of standard deviations, not %g", shift);
	p->kind = kind;
	p->shift = shift;
	p->k = shift / 2;
	p->arl0 = arl0;
	p->h = cusum_threshold(p->k, arl0);
	return 0;
}

void
detector_reset(struct detector *d)
{
	memset(d, 0, sizeof *d);
}

double
detector_stat(const struct detector *d)
{
	return d->up > d->down ? d->up : d->down;
}

static void
step_cusum(struct detector *d, double k, double z)
{
	d->up = fmax(0, d->up + z - k);
	d->down = fmax(0, d->down - z - k);
}

/*
 * Page-Hinkley: m_T = sum over t <= T of (z_t - mean_t - delta), alarm
 * when m_T - min m exceeds h; the downward side mirrors it.
 */
static void
step_ph(struct detector *d, double k, double z)
{
	d->mean += (z - d->mean) / (double)d->n;
	d->mup += z - d->mean - k;
	d->mdown += d->mean - z - k;
	d->minup = fmin(d->minup, d->mup);
	d->mindown = fmin(d->mindown, d->mdown);
	d->up = d->mup - d->minup;
	d->down = d->mdown - d->mindown;
}

int
detector_step(struct detector *d, const struct detector_params *p,
    double z, double *stat, uint64_t *len)
{
	int side = 0;

	d->n++;
	if (p->kind == DET_PAGE_HINKLEY)
		step_ph(d, p->k, z);
	else
		step_cusum(d, p->k, z);
	d->up_len = d->up > 0 ? d->up_len + 1 : 0;
	d->down_len = d->down > 0 ? d->down_len + 1 : 0;
	if (d->up > p->h && d->up >= d->down)
		side = 1;
	else if (d->down > p->h)
		side = -1;
	else if (d->up > p->h)
		side = 1;
	if (side == 0)
		return 0;
	*stat = side > 0 ? d->up : d->down;
	*len = side > 0 ? d->up_len : d->down_len;
	detector_reset(d);
	return side;
}
