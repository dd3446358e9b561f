/*
 * moments: count, mean and sum of squared deviations (M2) of a stream, by
 * Welford's update one value at a time and Chan, Golub and LeVeque's
 * formula to merge two streams, so that merged moments agree with one pass
 * to rounding (about 1e-15 relative for data of moderate spread).
 */
#ifndef MLO_MOMENTS_H
#define MLO_MOMENTS_H

#include <stdint.h>

struct moments {
	uint64_t n;
	double mean;
	double m2;
};

static inline void
moments_add(struct moments *m, double x)
{
	double d = x - m->mean;

	m->n++;
	m->mean += d / (double)m->n;
	m->m2 += d * (x - m->mean);
}

/* moments_merge: A becomes the moments of A's values then B's. */
void moments_merge(struct moments *a, const struct moments *b);
/* moments_var: population variance (ddof 0), 0 when n is 0. */
double moments_var(const struct moments *m);

#endif
