#include "moments.h"

void
moments_merge(struct moments *a, const struct moments *b)
{
	uint64_t n = a->n + b->n;
	double d;

	if (b->n == 0)
		return;
	if (a->n == 0) {
		*a = *b;
		return;
	}
	d = b->mean - a->mean;
	a->mean += d * ((double)b->n / (double)n);
	a->m2 += b->m2 + d * d * ((double)a->n * (double)b->n / (double)n);
	a->n = n;
}

double
moments_var(const struct moments *m)
{
	return m->n == 0 ? 0 : m->m2 / (double)m->n;
}
