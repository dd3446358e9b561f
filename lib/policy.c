#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "util.h"
#include "yamlcfg.h"

static const char *const top_keys[] = { "policy", "task", "threshold", "cost",
	"require", "versus_production", "slices", NULL };
static const char *const cost_keys[] = { "missed_failure", "false_alarm",
	NULL };
static const char *const require_keys[] = { "min", "max", NULL };
static const char *const versus_keys[] = { "max_drop", "min_delta",
	"confidence", NULL };
static const char *const slice_rule_keys[] = { "max_drop", "min_delta", "min",
	"max", NULL };

const char *
rule_kind_name(enum rule_kind k)
{
	static const char *const names[] = { "min", "max", "max_drop",
		"min_delta" };

	return names[k];
}

const char *
task_name(enum metric_task t)
{
	return t == TASK_CLASSIFICATION ? "classification" : "regression";
}

static const char *
section_name(enum rule_section s)
{
	return s == RULE_REQUIRE ? "require" : s == RULE_VERSUS ?
	    "versus_production" : "slices";
}

static void
add_rule(struct policy *p, enum rule_section s, enum metric_id m,
    enum rule_kind k, double limit, double confidence, const char *by,
    const struct ynode *at)
{
	struct policy_rule *r;
	struct buf name = {0};

	p->rules = xreallocarray(p->rules, p->nrules + 1, sizeof *p->rules);
	r = &p->rules[p->nrules++];
	memset(r, 0, sizeof *r);
	r->section = s;
	r->metric = m;
	r->kind = k;
	r->limit = limit;
	r->confidence = confidence;
	r->slice_by = by != NULL ? xstrdup(by) : NULL;
	r->line = at->line;
	r->col = at->col;
	buf_adds(&name, section_name(s));
	if (by != NULL)
		buf_printf(&name, ".%s", by);
	buf_printf(&name, ".%s.%s", metric_name(m), rule_kind_name(k));
	r->name = buf_detach(&name);
}

/* The metric named by KEY, which must be one of the policy's task. */
static int
metric_of(const struct ydoc *d, const struct policy *p,
    const struct ynode *key, const char *where, struct mlo_error *e)
{
	int m = metric_lookup(key->str, key->len);
	const char *best;

	if (m >= 0 && metric_task((enum metric_id)m) != p->task)
		return ydoc_err(d, key, e, "'%s' is a %s metric, and the "
		    "policy's task is %s", key->str,
		    task_name(metric_task((enum metric_id)m)),
		    task_name(p->task));
	if (m >= 0)
		return m;
	best = ystr_closest(key->str, key->len, metric_names(p->task));
	if (best != NULL)
		return ydoc_err(d, key, e, "unknown metric '%.40s' in '%s', "
		    "did you mean '%s'?", key->str, where, best);
	return ydoc_err(d, key, e, "unknown metric '%.40s' in '%s' (%s "
	    "metrics: %s)", key->str, where, task_name(p->task),
	    p->task == TASK_CLASSIFICATION ? "auc, pr_auc, precision, "
	    "recall, f1, accuracy, false_alarm_rate, brier, log_loss, cost, "
	    "cost_per_1000" : "mae, rmse, r2, phm08");
}

static int
nonneg(const struct ydoc *d, const struct ynode *n, const char *what,
    double *out, struct mlo_error *e)
{
	if (ynode_num(d, n, what, out, e) == -1)
		return -1;
	if (*out < 0)
		return ydoc_err(d, n, e, "'%s' needs a number >= 0, got %s",
		    what, n->str);
	return 0;
}

static int
load_require(const struct ydoc *d, struct policy *p, const struct ynode *map,
    struct mlo_error *e)
{
	size_t i;

	if (ynode_want(d, map, YNODE_MAP, "require", e) == -1)
		return -1;
	for (i = 0; i < map->n; i++) {
		const struct ynode *lim = map->items[i], *v;
		int m = metric_of(d, p, map->keys[i], "require", e);
		double x;

		if (m < 0)
			return -1;
		if (ynode_check_keys(d, lim, require_keys, map->keys[i]->str,
		    e) == -1)
			return -1;
		if (lim->n == 0)
			return ydoc_err(d, lim, e, "'%s' in 'require' needs "
			    "'min' or 'max'", map->keys[i]->str);
		if ((v = ynode_get(lim, "min")) != NULL) {
			if (ynode_num(d, v, "min", &x, e) == -1)
				return -1;
			add_rule(p, RULE_REQUIRE, m, RULE_MIN, x, 0, NULL, v);
		}
		if ((v = ynode_get(lim, "max")) != NULL) {
			if (ynode_num(d, v, "max", &x, e) == -1)
				return -1;
			add_rule(p, RULE_REQUIRE, m, RULE_MAX, x, 0, NULL, v);
		}
	}
	return 0;
}

/* One comparison with production: max_drop or min_delta. */
static int
load_versus_one(const struct ydoc *d, struct policy *p,
    const struct ynode *key, const struct ynode *lim, enum rule_section s,
    const char *by, struct mlo_error *e)
{
	const struct ynode *drop = ynode_get(lim, "max_drop");
	const struct ynode *delta = ynode_get(lim, "min_delta");
	const struct ynode *conf = ynode_get(lim, "confidence");
	const struct ynode *at;
	double x, c = 0;
	int m = metric_of(d, p, key, section_name(s), e);

	if (m < 0)
		return -1;
	if (drop != NULL && delta != NULL)
		return ydoc_err(d, delta, e, "'%s' has both 'max_drop' and "
		    "'min_delta': give one", key->str);
	if (conf != NULL) {
		if (ynode_num(d, conf, "confidence", &c, e) == -1)
			return -1;
		if (!(c >= 0.5 && c < 1))
			return ydoc_err(d, conf, e, "'confidence' needs a "
			    "number from 0.5 up to (not including) 1, got %s",
			    conf->str);
	}
	at = drop != NULL ? drop : delta;
	if (at != NULL) {
		if (nonneg(d, at, drop != NULL ? "max_drop" : "min_delta", &x,
		    e) == -1)
			return -1;
		add_rule(p, s, m, drop != NULL ? RULE_MAX_DROP :
		    RULE_MIN_DELTA, x, c, by, at);
	} else if (s == RULE_VERSUS || conf != NULL)
		return ydoc_err(d, lim, e, "'%s' in '%s' needs 'max_drop' or "
		    "'min_delta'", key->str, section_name(s));
	if (s == RULE_SLICE) {
		if ((at = ynode_get(lim, "min")) != NULL) {
			if (ynode_num(d, at, "min", &x, e) == -1)
				return -1;
			add_rule(p, s, m, RULE_MIN, x, 0, by, at);
		}
		if ((at = ynode_get(lim, "max")) != NULL) {
			if (ynode_num(d, at, "max", &x, e) == -1)
				return -1;
			add_rule(p, s, m, RULE_MAX, x, 0, by, at);
		}
		if (lim->n == 0)
			return ydoc_err(d, lim, e, "'%s' in 'slices' needs "
			    "'max_drop', 'min_delta', 'min' or 'max'",
			    key->str);
	}
	return 0;
}

static int
load_versus(const struct ydoc *d, struct policy *p, const struct ynode *map,
    struct mlo_error *e)
{
	size_t i;

	if (ynode_want(d, map, YNODE_MAP, "versus_production", e) == -1)
		return -1;
	for (i = 0; i < map->n; i++) {
		if (metric_of(d, p, map->keys[i], "versus_production", e) < 0)
			return -1;
		if (ynode_check_keys(d, map->items[i], versus_keys,
		    map->keys[i]->str, e) == -1)
			return -1;
		if (load_versus_one(d, p, map->keys[i], map->items[i],
		    RULE_VERSUS, NULL, e) == -1)
			return -1;
	}
	return 0;
}

static int
load_slices(const struct ydoc *d, struct policy *p, const struct ynode *seq,
    struct mlo_error *e)
{
	size_t i, j;
	char where[32];

	if (ynode_want(d, seq, YNODE_SEQ, "slices", e) == -1)
		return -1;
	for (i = 0; i < seq->n; i++) {
		const struct ynode *s = seq->items[i], *by;
		const char *col;

		snprintf(where, sizeof where, "slices[%zu]", i);
		if ((by = ynode_need(d, s, "by", where, e)) == NULL ||
		    ynode_str(d, by, "by", &col, e) == -1)
			return -1;
		if (*col == '\0')
			return ydoc_err(d, by, e, "'by' needs a column name");
		if (s->n == 1)
			return ydoc_err(d, s, e, "'%s' names no metric to "
			    "compare", where);
		for (j = 0; j < s->n; j++) {
			const struct ynode *k = s->keys[j];

			if (strcmp(k->str, "by") == 0)
				continue;
			if (metric_of(d, p, k, "slices", e) < 0)
				return -1;
			if (ynode_check_keys(d, s->items[j], slice_rule_keys,
			    k->str, e) == -1)
				return -1;
			if (load_versus_one(d, p, k, s->items[j], RULE_SLICE,
			    col, e) == -1)
				return -1;
		}
	}
	return 0;
}

static int
load_cost(const struct ydoc *d, struct policy *p, const struct ynode *n,
    struct mlo_error *e)
{
	const struct ynode *missed, *alarm;

	if (ynode_check_keys(d, n, cost_keys, "cost", e) == -1)
		return -1;
	if ((missed = ynode_need(d, n, "missed_failure", "cost", e)) == NULL ||
	    (alarm = ynode_need(d, n, "false_alarm", "cost", e)) == NULL)
		return -1;
	if (nonneg(d, missed, "missed_failure", &p->missed_failure, e) == -1 ||
	    nonneg(d, alarm, "false_alarm", &p->false_alarm, e) == -1)
		return -1;
	p->has_cost = 1;
	return 0;
}

static int
load(const struct ydoc *d, struct policy *p, struct mlo_error *e)
{
	const struct ynode *root = ydoc_root(d), *n;
	const char *s;
	size_t i;

	if (ynode_check_keys(d, root, top_keys, NULL, e) == -1)
		return -1;
	if ((n = ynode_need(d, root, "policy", NULL, e)) == NULL ||
	    ynode_str(d, n, "policy", &s, e) == -1)
		return -1;
	if (*s == '\0')
		return ydoc_err(d, n, e, "'policy' needs a name");
	p->name = xstrdup(s);
	if ((n = ynode_need(d, root, "task", NULL, e)) == NULL ||
	    ynode_str(d, n, "task", &s, e) == -1)
		return -1;
	if (strcmp(s, "classification") == 0)
		p->task = TASK_CLASSIFICATION;
	else if (strcmp(s, "regression") == 0)
		p->task = TASK_REGRESSION;
	else
		return ydoc_err(d, n, e, "'task' is 'classification' or "
		    "'regression', not '%.40s'", s);
	p->threshold = 0.5;
	if ((n = ynode_get(root, "threshold")) != NULL) {
		if (p->task != TASK_CLASSIFICATION)
			return ydoc_err(d, n, e, "'threshold' is for "
			    "classification");
		if (ynode_num(d, n, "threshold", &p->threshold, e) == -1)
			return -1;
	}
	if ((n = ynode_get(root, "cost")) != NULL) {
		if (p->task != TASK_CLASSIFICATION)
			return ydoc_err(d, n, e, "'cost' is for "
			    "classification");
		if (load_cost(d, p, n, e) == -1)
			return -1;
	}
	if ((n = ynode_get(root, "require")) != NULL &&
	    load_require(d, p, n, e) == -1)
		return -1;
	if ((n = ynode_get(root, "versus_production")) != NULL &&
	    load_versus(d, p, n, e) == -1)
		return -1;
	if ((n = ynode_get(root, "slices")) != NULL &&
	    load_slices(d, p, n, e) == -1)
		return -1;
	if (p->nrules == 0)
		return ydoc_err(d, root, e, "the policy has no rule: give "
		    "'require', 'versus_production' or 'slices'");
	for (i = 0; i < p->nrules; i++) {
		const struct policy_rule *r = &p->rules[i];

		if ((r->metric == M_COST || r->metric == M_COST_PER_1000) &&
		    !p->has_cost)
			return error_at(e, ydoc_name(d), r->line, r->col,
			    "'%s' needs the costs: cost: {missed_failure: N, "
			    "false_alarm: N}", metric_name(r->metric));
	}
	return 0;
}

struct policy *
policy_load(const char *path, struct mlo_error *e)
{
	struct ydoc *d;
	struct policy *p;

	if ((d = ydoc_load_file(path, e)) == NULL)
		return NULL;
	p = xcalloc(1, sizeof *p);
	p->path = xstrdup(display_name(path));
	if (load(d, p, e) == -1) {
		policy_free(p);
		p = NULL;
	}
	ydoc_free(d);
	return p;
}

void
policy_free(struct policy *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nrules; i++) {
		free(p->rules[i].slice_by);
		free(p->rules[i].name);
	}
	free(p->rules);
	free(p->name);
	free(p->path);
	free(p);
}

int
policy_uses(const struct policy *p, enum metric_id m)
{
	size_t i;

	for (i = 0; i < p->nrules; i++)
		if (p->rules[i].metric == m)
			return 1;
	return 0;
}

int
policy_needs_bootstrap(const struct policy *p)
{
	size_t i;

	for (i = 0; i < p->nrules; i++)
		if (p->rules[i].confidence > 0)
			return 1;
	return 0;
}
