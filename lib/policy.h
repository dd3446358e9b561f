/*
 * policy: when a retrained model may replace production (mlo-policy(5)),
 * loaded from YAML and checked for mistakes, each reported as
 * FILE:LINE:COL.
 */
#ifndef MLO_POLICY_H
#define MLO_POLICY_H

#include <stddef.h>

#include "diag.h"
#include "metrics.h"

enum rule_section { RULE_REQUIRE, RULE_VERSUS, RULE_SLICE };

enum rule_kind {
	RULE_MIN,		/* the candidate's value >= limit */
	RULE_MAX,		/* the candidate's value <= limit */
	RULE_MAX_DROP,		/* worse than production by at most limit */
	RULE_MIN_DELTA		/* better than production by at least limit */
};

struct policy_rule {
	enum rule_section section;
	enum metric_id metric;
	enum rule_kind kind;
	double limit;
	double confidence;	/* 0: judged on the point values */
	char *slice_by;		/* RULE_SLICE: the column */
	char *name;		/* "versus_production.auc.max_drop" */
	long line, col;		/* where the limit is written */
};

struct policy {
	char *path;
	char *name;		/* "policy:" */
	enum metric_task task;
	double threshold;	/* default 0.5 */
	int has_cost;
	double missed_failure, false_alarm;
	struct policy_rule *rules;
	size_t nrules;
};

/* policy_load: read and check PATH; NULL with E ("FILE:L:C: ..."). */
struct policy *policy_load(const char *path, struct mlo_error *e);
void policy_free(struct policy *p);

/* policy_uses: whether a rule of the policy is about metric M. */
int policy_uses(const struct policy *p, enum metric_id m);
/* policy_needs_bootstrap: whether a rule has a confidence. */
int policy_needs_bootstrap(const struct policy *p);
/* rule_kind_name: "min", "max", "max_drop", "min_delta". */
const char *rule_kind_name(enum rule_kind k);
const char *task_name(enum metric_task t);

#endif
