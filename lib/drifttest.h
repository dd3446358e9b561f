/*
 * drifttest: the drift tests of mlo-profile(5), each a comparison of a
 * window of current values with the reference, exact (the reference's
 * sample, as scipy computes them) or against the reference's sketch, in
 * which case the result carries an error bound and a conservative
 * statistic or p-value for the verdict, so that sketching never
 * manufactures drift.
 */
#ifndef MLO_DRIFTTEST_H
#define MLO_DRIFTTEST_H

#include <stddef.h>
#include <stdint.h>

#include "kll.h"
#include "profile.h"

enum dtest {
	DT_KS, DT_PSI, DT_WASSERSTEIN, DT_JS, DT_CHI2, DT_LINF, DT_P50,
	DT_P95, DT_P99, DT_NTESTS
};

#define DT_BIT(t) (1u << (t))
#define DT_PSI_BINS 10
#define DT_SHARE_FLOOR 1e-4
/* Latency: a percentile this many times the reference's is drift. */
#define DT_LATENCY_FACTOR 1.5

const char *dtest_name(enum dtest t);
int dtest_parse(const char *s, size_t len, enum dtest *t);
/* dtest_default_threshold: the alarm level of DESIGN section 7. */
double dtest_default_threshold(enum dtest t);
/* dtest_has_p: whether the test's verdict is on a p-value. */
int dtest_has_p(enum dtest t);
/* dtest_applies: whether test T applies to columns of type TYPE. */
int dtest_applies(enum dtest t, enum pcol_type type);

/*
 * The reference side of a numeric column, prepared once: the sorted
 * values with their cumulative weights (the sample in exact mode, the
 * sketch otherwise), the decile edges and the reference's share per bin.
 */
struct dref {
	int exact;
	uint64_t n;		/* reference values (finite) */
	double *v, *cum;	/* sorted values, cumulative weight */
	size_t nv;
	double total;		/* the weight of all of them */
	double eps, eps_all;	/* sketch rank errors: one query, all */
	double std;		/* population std */
	double min, max;
	double edges[DT_PSI_BINS - 1];
	double share[DT_PSI_BINS];
};

void dref_numeric(struct dref *r, const struct pcol *c, int exact);
void dref_free(struct dref *r);

struct dresult {
	double statistic;	/* NaN: none (no values) */
	double p;		/* NaN: the test has no p-value */
	double threshold;	/* widened by the error in sketch mode */
	double error_bound;	/* NaN: exact */
	/* for the verdict: the statistic or p-value made conservative */
	double stat_verdict, p_verdict;
	double effect;		/* KS D, Cramer's V: for --effect-floor */
	long where;		/* linf: the table column of the largest
				 * difference, else -1 */
};

/*
 * dtest_numeric: test T of the sorted current values CUR[0..n) against R.
 * N is > 0 and R->n > 0.
 */
void dtest_numeric(enum dtest t, const struct dref *r, const double *cur,
    size_t n, struct dresult *out);

/*
 * A 2 x k table of categories: reference and current counts per category,
 * the reference's total and its count error (Misra-Gries, 0 when exact).
 */
struct dtable {
	double *ref, *cur;
	const char **names;	/* the values (into the cats), or "other" */
	size_t *lens;
	size_t k;
	double nref, ncur;
	double ref_error;
};

void dtable_build(struct dtable *t, const struct cats *ref,
    const struct cats *cur);
void dtable_free(struct dtable *t);
void dtest_category(enum dtest t, const struct dtable *tb,
    struct dresult *out);

/* quantile_linear: numpy's default quantile of sorted V[0..n). */
double quantile_linear(const double *v, size_t n, double q);

#endif
