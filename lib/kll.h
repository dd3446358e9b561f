/*
 * kll: the KLL quantile sketch (Karnin, Lang and Liberty 2016) that
 * mlo-drift profiles keep per numeric column: mergeable, in memory that
 * grows with log(n/k) only, deterministic.
 *
 * Level h holds items of weight 2^h; level capacities shrink by 2/3 from
 * the top level (capacity k) down, never below 8.  A full level is sorted
 * and compacted: every other item, starting at a coin flip, moves up.  The
 * coins come from splitmix64 at (seed + number of compactions so far), so
 * the same input, or the same merges in the same order, give the same
 * sketch on every machine.
 *
 * The error is stated from the sketch's own history, not from a worst
 * case: each compaction at level h moves any rank by 0 or +-2^h with equal
 * chance, so for one query the rank error is a sum of independent
 * zero-mean terms whose squares add to at most VARIANCE = sum 4^h, and by
 * Hoeffding P(|error| > t) <= 2 exp(-t^2 / (2 VARIANCE)).  kll_rank_error
 * turns that into a normalised rank error at a failure probability; a
 * merged sketch adds both variances, so the bound survives merging.
 * Values must be finite (callers count NaN and infinities apart).
 */
#ifndef MLO_KLL_H
#define MLO_KLL_H

#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

#include "diag.h"
#include "util.h"

#define KLL_DEFAULT_K 600
#define KLL_DEFAULT_SEED 20261125
#define KLL_DELTA 0.01		/* the failure probability stated */
#define KLL_MIN_K 8
#define KLL_MAX_K 65536

struct kll_level {
	double *v;
	size_t n, cap;
};

struct kll {
	uint32_t k;
	uint64_t seed;
	uint64_t n;		/* values added, merged ones included */
	uint64_t compactions;
	double variance;	/* sum of 4^h over compactions */
	struct kll_level *lv;	/* level 0 unsorted, the others sorted */
	size_t nlevels;
};

void kll_init(struct kll *s, uint32_t k, uint64_t seed);
void kll_free(struct kll *s);
void kll_add(struct kll *s, double v);
/* kll_merge: add B into A (A's level items first); B is unchanged. */
void kll_merge(struct kll *a, const struct kll *b);
/* kll_retained: items held. */
size_t kll_retained(const struct kll *s);

/*
 * kll_rank_error: the normalised rank error that one query exceeds with
 * probability at most DELTA; kll_rank_error_all: the same for all queries
 * at once (a union bound over the steps of the sketch's CDF), which bounds
 * a supremum such as the KS statistic.  0 while nothing was compacted.
 */
double kll_rank_error(const struct kll *s, double delta);
double kll_rank_error_all(const struct kll *s, double delta);

/*
 * A sorted view for queries: values ascending with the cumulative weight
 * up to and including each.  Built once, read many times.
 */
struct kll_view {
	double *v;
	double *cum;
	size_t n;
	double total;
};

void kll_view_build(const struct kll *s, struct kll_view *w);
void kll_view_free(struct kll_view *w);
/* kll_cdf: the estimated share of values <= X. */
double kll_cdf(const struct kll_view *w, double x);
/* kll_quantile: the smallest retained value whose share reaches Q. */
double kll_quantile(const struct kll_view *w, double q);

/*
 * JSON: kll_write appends the sketch as an object to B; kll_read reads one
 * back into S (initialised here), refusing anything out of shape with E
 * naming WHERE.
 */
void kll_write(const struct kll *s, struct buf *b);
int kll_read(struct kll *s, const cJSON *obj, const char *where,
    struct mlo_error *e);

/* sort_doubles: ascending, for finite values (also used by the tests). */
void sort_doubles(double *v, size_t n);

#endif
