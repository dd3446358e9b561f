/*
 * Unit tests of lib/kll and lib/moments: the sketch stays within its
 * stated rank error on 10^5 and 10^6 values (uniform, skewed, sorted,
 * with ties), merged sketches too, the same input gives the same sketch,
 * and Chan's merge of moments agrees with one pass to 1e-12.
 * MLO_UNIT_QUICK=1 (make check-valgrind) uses 5*10^4 values instead of
 * 10^6, enough for the sketch to compact many times.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kll.h"
#include "moments.h"
#include "tap.h"
#include "util.h"

static uint64_t rng = UINT64_C(0x6b6c6c2d74657374);

static double
uniform(void)
{
	uint64_t z = (rng += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return (double)((z ^ (z >> 31)) >> 11) / 9007199254740992.0;
}

/* The largest |sketch CDF - true CDF| over every retained value. */
static double
max_rank_error(const struct kll *s, double *sorted, size_t n)
{
	struct kll_view w;
	double worst = 0;
	size_t i;

	kll_view_build(s, &w);
	for (i = 0; i < w.n; i++) {
		size_t lo = 0, hi = n;

		if (i + 1 < w.n && w.v[i + 1] == w.v[i])
			continue;	/* the CDF steps at the last of ties */

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (sorted[mid] <= w.v[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		worst = fmax(worst, fabs((double)lo / n - w.cum[i] / w.total));
	}
	kll_view_free(&w);
	return worst;
}

static void
check(const char *name, double *v, size_t n, size_t parts)
{
	struct kll one, merged, part;
	double *sorted = xreallocarray(NULL, n, sizeof *sorted), err, bound;
	size_t i, p;

	kll_init(&one, KLL_DEFAULT_K, KLL_DEFAULT_SEED);
	for (i = 0; i < n; i++)
		kll_add(&one, v[i]);
	memcpy(sorted, v, n * sizeof *v);
	sort_doubles(sorted, n);
	err = max_rank_error(&one, sorted, n);
	bound = kll_rank_error_all(&one, KLL_DELTA);
	ok(err <= bound, "%s, %zu values: rank error %.5f within the stated "
	    "%.5f", name, n, err, bound);
	ok(kll_rank_error(&one, KLL_DELTA) <= 0.01, "%s: stated single-query "
	    "rank error %.5f <= 1%%", name, kll_rank_error(&one, KLL_DELTA));
	kll_init(&merged, KLL_DEFAULT_K, KLL_DEFAULT_SEED);
	for (p = 0; p < parts; p++) {
		kll_init(&part, KLL_DEFAULT_K, KLL_DEFAULT_SEED);
		for (i = p * n / parts; i < (p + 1) * n / parts; i++)
			kll_add(&part, v[i]);
		kll_merge(&merged, &part);
		kll_free(&part);
	}
	err = max_rank_error(&merged, sorted, n);
	bound = kll_rank_error_all(&merged, KLL_DELTA);
	ok(merged.n == n && err <= bound, "%s merged from %zu parts: rank "
	    "error %.5f within the stated %.5f", name, parts, err, bound);
	kll_free(&one);
	kll_free(&merged);
	free(sorted);
}

static void
determinism(void)
{
	struct kll a, b;
	struct buf ja = {0}, jb = {0};
	size_t n = (size_t)unit_size(200000, 10000), i;

	kll_init(&a, KLL_DEFAULT_K, KLL_DEFAULT_SEED);
	kll_init(&b, KLL_DEFAULT_K, KLL_DEFAULT_SEED);
	rng = 42;
	for (i = 0; i < n; i++)
		kll_add(&a, uniform());
	rng = 42;
	for (i = 0; i < n; i++)
		kll_add(&b, uniform());
	kll_write(&a, &ja);
	kll_write(&b, &jb);
	ok(ja.len == jb.len && memcmp(ja.data, jb.data, ja.len) == 0,
	    "the same values give the same sketch, byte for byte");
	kll_free(&a);
	kll_free(&b);
	buf_free(&ja);
	buf_free(&jb);
}

static void
moments(const double *v, size_t n)
{
	struct moments one = {0}, merged = {0}, part;
	size_t i, p, parts[] = { 2, 5, 64 }, k;

	for (i = 0; i < n; i++)
		moments_add(&one, v[i]);
	for (k = 0; k < NELEM(parts); k++) {
		memset(&merged, 0, sizeof merged);
		for (p = 0; p < parts[k]; p++) {
			memset(&part, 0, sizeof part);
			for (i = p * n / parts[k]; i < (p + 1) * n / parts[k];
			    i++)
				moments_add(&part, v[i]);
			moments_merge(&merged, &part);
		}
		ok(merged.n == one.n &&
		    fabs(merged.mean - one.mean) <= 1e-12 * fabs(one.mean) &&
		    fabs(merged.m2 - one.m2) <= 1e-12 * one.m2,
		    "moments merged from %zu parts agree with one pass to "
		    "1e-12", parts[k]);
	}
}

int
main(void)
{
	size_t n = (size_t)unit_size(1000000, 50000), i;
	double *v = xreallocarray(NULL, n, sizeof *v);

	for (i = 0; i < n; i++)
		v[i] = uniform();
	check("uniform", v, n / 10, 7);
	check("uniform", v, n, 64);
	moments(v, n);
	for (i = 0; i < n; i++)
		v[i] = exp(8 * uniform()) + 1e6;
	check("log-uniform, offset", v, n, 5);
	moments(v, n);
	for (i = 0; i < n; i++)
		v[i] = (double)i;
	check("sorted", v, n, 2);
	for (i = 0; i < n; i++)
		v[i] = floor(uniform() * 20);
	check("20 distinct values", v, n, 64);
	determinism();
	free(v);
	return tap_done();
}
