#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bootstrap.h"
#include "util.h"

struct boot {
	size_t n;
	uint64_t rng[4];
	/* Stratified: the rows of each stratum, one after the other. */
	uint32_t *rows;
	size_t strata[257];	/* stratum s holds rows[strata[s]..strata[s+1]) */
	/* Clustered. */
	const uint32_t *cluster;
	size_t nclusters;
	uint32_t *ccount;
};

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

void
boot_seed(uint64_t s[4], uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		s[i] = splitmix64(&seed);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** (Blackman and Vigna, 2018). */
static uint64_t
next64(uint64_t s[4])
{
	uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/*
 * Lemire, "Fast random integer generation in an interval" (2019): the
 * high half of a 64x64 multiply, rejecting the few low halves that would
 * favour some values.
 */
uint64_t
boot_uniform(uint64_t s[4], uint64_t m)
{
	unsigned __int128 p = (unsigned __int128)next64(s) * m;
	uint64_t low = (uint64_t)p;

	if (low < m) {
		uint64_t floor = -m % m;

		while (low < floor) {
			p = (unsigned __int128)next64(s) * m;
			low = (uint64_t)p;
		}
	}
	return (uint64_t)(p >> 64);
}

struct boot *
boot_new(size_t n, const unsigned char *stratum, const uint32_t *cluster,
    size_t nclusters, uint64_t seed)
{
	struct boot *b = xcalloc(1, sizeof *b);
	size_t fill[256] = {0}, i;
	int s;

	b->n = n;
	boot_seed(b->rng, seed);
	if (cluster != NULL) {
		b->cluster = cluster;
		b->nclusters = nclusters;
		b->ccount = xreallocarray(NULL, nclusters + 1,
		    sizeof *b->ccount);
		return b;
	}
	b->rows = xreallocarray(NULL, n + 1, sizeof *b->rows);
	for (i = 0; i < n; i++)
		fill[stratum != NULL ? stratum[i] : 0]++;
	b->strata[0] = 0;
	for (s = 0; s < 256; s++)
		b->strata[s + 1] = b->strata[s] + fill[s];
	memcpy(fill, b->strata, sizeof fill);
	for (i = 0; i < n; i++)
		b->rows[fill[stratum != NULL ? stratum[i] : 0]++] = (uint32_t)i;
	return b;
}

void
boot_next(struct boot *b, uint32_t *count)
{
	size_t i;
	int s;

	if (b->cluster != NULL) {
		memset(b->ccount, 0, b->nclusters * sizeof *b->ccount);
		for (i = 0; i < b->nclusters; i++)
			b->ccount[boot_uniform(b->rng, b->nclusters)]++;
		for (i = 0; i < b->n; i++)
			count[i] = b->ccount[b->cluster[i]];
		return;
	}
	memset(count, 0, b->n * sizeof *count);
	for (s = 0; s < 256; s++) {
		const uint32_t *rows = b->rows + b->strata[s];
		size_t m = b->strata[s + 1] - b->strata[s];

		for (i = 0; i < m; i++)
			count[rows[boot_uniform(b->rng, m)]]++;
	}
}

void
boot_free(struct boot *b)
{
	if (b == NULL)
		return;
	free(b->rows);
	free(b->ccount);
	free(b);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double
boot_quantile(const double *v, size_t n, double q)
{
	double *w = xreallocarray(NULL, n + 1, sizeof *w), h, x;
	size_t m = 0, i, lo;

	for (i = 0; i < n; i++)
		if (!isnan(v[i]))
			w[m++] = v[i];
	if (m == 0) {
		free(w);
		return NAN;
	}
	qsort(w, m, sizeof *w, cmp_double);
	h = (double)(m - 1) * q;
	lo = (size_t)floor(h);
	if (lo + 1 >= m)
		x = w[m - 1];
	else
		x = w[lo] + (h - (double)lo) * (w[lo + 1] - w[lo]);
	free(w);
	return x;
}
