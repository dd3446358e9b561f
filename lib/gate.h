/*
 * gate: the retrain gate's decision (DESIGN section 8): a policy's rules
 * judged on the holdout predictions of a candidate and, when there is one,
 * of production, with paired bootstrap intervals where a rule asks for a
 * confidence.  One row per rule; the candidate is promoted when every
 * rule that applies holds.
 */
#ifndef MLO_GATE_H
#define MLO_GATE_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "holdout.h"
#include "metrics.h"
#include "policy.h"

/* Fewer rows of either class than this and no interval is computed. */
#define GATE_MIN_CLASS 10

enum gate_pass { GATE_PASS, GATE_FAIL, GATE_NA };

struct gate_row {
	char *rule;		/* "versus_production.auc.max_drop" */
	enum metric_id metric;
	double candidate, production, delta, ci_low, ci_high, limit;
	enum gate_pass pass;	/* GATE_NA: the rule does not apply */
	const char *note;	/* why it does not apply, or NULL */
	const struct policy_rule *from;
};

struct gate_opts {
	uint64_t seed;
	unsigned resamples;
	const char *cluster;	/* --cluster COLUMN, or NULL */
};

struct gate_result {
	struct gate_row *rows;
	size_t nrows;
	int promote;
	size_t passed, failed, not_applicable;
	double candidate[M_COUNT], production[M_COUNT];
	int has_production;
	size_t n;		/* rows */
	double positives;	/* classification: rows labelled 1 */
	size_t clusters;	/* with --cluster */
	unsigned resamples;	/* 0: no bootstrap was needed */
};

/*
 * gate_columns: the text columns the holdouts must have for POLICY and
 * CLUSTER (slice columns, then the cluster), into COLS (room for the
 * policy's rules plus one).  Returns how many.
 */
size_t gate_columns(const struct policy *p, const char *cluster,
    const char **cols);

/*
 * gate_evaluate: judge CAND against PROD (joined to it, or NULL on a first
 * deployment) under P.  Refused with E: a holdout with one class, scores
 * missing or out of [0, 1] where a rule needs them, too few rows of a
 * class (or clusters) for a bootstrap interval.
 */
int gate_evaluate(const struct policy *p, const struct holdout *cand,
    const struct holdout *prod, const struct gate_opts *o,
    struct gate_result *r, struct mlo_error *e);

void gate_result_free(struct gate_result *r);

#endif
