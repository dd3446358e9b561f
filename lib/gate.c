#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootstrap.h"
#include "gate.h"
#include "util.h"

/* A holdout's columns as the metrics take them. */
struct model {
	const double *score;	/* NULL: no score */
	unsigned char *pred;	/* 0/1 predictions when there is no score */
	const double *yhat;	/* regression */
};

struct eval {
	const struct policy *p;
	struct metrics_params mp;
	size_t n;
	unsigned char *label;	/* classification */
	const double *y;	/* regression */
	struct model cand, prod;
	int has_prod;
};

size_t
gate_columns(const struct policy *p, const char *cluster, const char **cols)
{
	size_t i, j, n = 0;

	for (i = 0; i < p->nrules; i++) {
		const char *by = p->rules[i].slice_by;

		if (by == NULL)
			continue;
		for (j = 0; j < n && strcmp(cols[j], by) != 0; j++)
			;
		if (j == n)
			cols[n++] = by;
	}
	if (cluster != NULL) {
		for (j = 0; j < n && strcmp(cols[j], cluster) != 0; j++)
			;
		if (j == n)
			cols[n++] = cluster;
	}
	return n;
}

static void
model_of(const struct policy *p, const struct holdout *h, struct model *m)
{
	size_t i;

	memset(m, 0, sizeof *m);
	if (p->task == TASK_REGRESSION) {
		m->yhat = h->pred;
		return;
	}
	m->score = h->score;
	if (h->score == NULL) {
		m->pred = xmalloc(h->n + 1);
		for (i = 0; i < h->n; i++)
			m->pred[i] = h->pred[i] != 0;
	}
}

/* Metrics of the rows ROWS[0..n) (all rows when ROWS is NULL). */
static void
measure(const struct eval *v, const struct model *m, const uint32_t *rows,
    size_t n, double *out)
{
	unsigned char *lab, *pred = NULL;
	double *score = NULL, *y, *yhat;
	size_t i;

	if (rows == NULL) {
		if (v->p->task == TASK_CLASSIFICATION)
			metrics_classification(n, v->label, m->score, m->pred,
			    &v->mp, out);
		else
			metrics_regression(n, v->y, m->yhat, NULL, out);
		return;
	}
	if (v->p->task == TASK_REGRESSION) {
		y = xreallocarray(NULL, n + 1, sizeof *y);
		yhat = xreallocarray(NULL, n + 1, sizeof *yhat);
		for (i = 0; i < n; i++) {
			y[i] = v->y[rows[i]];
			yhat[i] = m->yhat[rows[i]];
		}
		metrics_regression(n, y, yhat, NULL, out);
		free(y);
		free(yhat);
		return;
	}
	lab = xmalloc(n + 1);
	if (m->score != NULL)
		score = xreallocarray(NULL, n + 1, sizeof *score);
	else
		pred = xmalloc(n + 1);
	for (i = 0; i < n; i++) {
		lab[i] = v->label[rows[i]];
		if (score != NULL)
			score[i] = m->score[rows[i]];
		else
			pred[i] = m->pred[rows[i]];
	}
	metrics_classification(n, lab, score, pred, &v->mp, out);
	free(lab);
	free(score);
	free(pred);
}

static struct gate_row *
new_row(struct gate_result *r, const struct policy_rule *pr, const char *name)
{
	struct gate_row *row;

	r->rows = xreallocarray(r->rows, r->nrows + 1, sizeof *r->rows);
	row = &r->rows[r->nrows++];
	memset(row, 0, sizeof *row);
	row->rule = xstrdup(name);
	row->metric = pr->metric;
	row->limit = pr->limit;
	row->from = pr;
	row->candidate = row->production = row->delta = NAN;
	row->ci_low = row->ci_high = NAN;
	return row;
}

/*
 * judge: the verdict of rule PR on ROW's values.  For comparisons the
 * improvement (candidate better than production: positive) must clear the
 * limit: at least -max_drop, or at least min_delta; with a confidence,
 * its one-sided bootstrap bound must (ci_low for metrics where higher is
 * better, -ci_high where lower is).
 */
static void
judge(const struct policy_rule *pr, struct gate_row *row)
{
	int hb = metric_higher_better(pr->metric);
	double gain;

	switch (pr->kind) {
	case RULE_MIN:
		row->pass = row->candidate >= pr->limit ? GATE_PASS : GATE_FAIL;
		return;
	case RULE_MAX:
		row->pass = row->candidate <= pr->limit ? GATE_PASS : GATE_FAIL;
		return;
	case RULE_MAX_DROP:
	case RULE_MIN_DELTA:
		if (pr->confidence > 0)
			gain = hb ? row->ci_low : -row->ci_high;
		else
			gain = hb ? row->delta : -row->delta;
		if (pr->kind == RULE_MAX_DROP)
			row->pass = gain >= -pr->limit ? GATE_PASS : GATE_FAIL;
		else
			row->pass = gain >= pr->limit ? GATE_PASS : GATE_FAIL;
		return;
	}
}

/* The bootstrap: deltas of every metric in WANT, B resamples each. */
struct boot_run {
	double *delta[M_COUNT];
	unsigned b;
};

/*
 * Rows are first put in the candidate's score order, so that its sorted
 * pass reads the resample counts in order; production's reads them
 * through its own permutation.
 */
static int
bootstrap(const struct eval *v, const struct holdout *cand,
    const struct gate_opts *o, const int *want, struct boot_run *br,
    struct gate_result *r, struct mlo_error *e)
{
	const struct holdout_col *cl = NULL;
	struct metrics_cls cc, pc;
	unsigned char *lab = NULL, *cpred = NULL, *ppred = NULL;
	double *cs = NULL, *ps = NULL, cm[M_COUNT], pm[M_COUNT];
	uint32_t *perm = NULL, *cluster = NULL, *count;
	struct boot *boot;
	size_t i, n = v->n;
	unsigned b;
	int m, cls = v->p->task == TASK_CLASSIFICATION;

	if (o->cluster != NULL) {
		cl = holdout_col(cand, o->cluster);
		r->clusters = cl->nvalues;
		if (cl->nvalues < GATE_MIN_CLASS)
			return error_set(e, "%s: %zu values of '%s': too few "
			    "clusters for a bootstrap interval (at least %d)",
			    cand->name, cl->nvalues, o->cluster,
			    GATE_MIN_CLASS);
	}
	if (cls) {
		double neg = (double)n - r->positives;

		if (r->positives < GATE_MIN_CLASS || neg < GATE_MIN_CLASS)
			return error_set(e, "%s: %g rows labelled %d: too few "
			    "for a bootstrap interval (at least %d of each "
			    "class); gather more, or take 'confidence' out of "
			    "the policy", cand->name, r->positives <
			    GATE_MIN_CLASS ? r->positives : neg,
			    r->positives < GATE_MIN_CLASS ? 1 : 0,
			    GATE_MIN_CLASS);
		/* The candidate's score order (row order without a score). */
		metrics_cls_prepare(&cc, n, v->label, v->cand.score,
		    v->cand.pred, &v->mp);
		perm = cc.row;
		cc.row = NULL;
		metrics_cls_free(&cc);
		lab = xmalloc(n + 1);
		if (v->cand.score != NULL)
			cs = xreallocarray(NULL, n + 1, sizeof *cs);
		else
			cpred = xmalloc(n + 1);
		if (v->prod.score != NULL)
			ps = xreallocarray(NULL, n + 1, sizeof *ps);
		else
			ppred = xmalloc(n + 1);
		for (i = 0; i < n; i++) {
			uint32_t k = perm[i];

			lab[i] = v->label[k];
			if (cs != NULL)
				cs[i] = v->cand.score[k];
			else
				cpred[i] = v->cand.pred[k];
			if (ps != NULL)
				ps[i] = v->prod.score[k];
			else
				ppred[i] = v->prod.pred[k];
		}
		metrics_cls_prepare(&cc, n, lab, cs, cpred, &v->mp);
		metrics_cls_prepare(&pc, n, lab, ps, ppred, &v->mp);
	} else if (n < GATE_MIN_CLASS)
		return error_set(e, "%s: %zu rows: too few for a bootstrap "
		    "interval (at least %d)", cand->name, n, GATE_MIN_CLASS);
	if (cl != NULL) {
		cluster = xreallocarray(NULL, n + 1, sizeof *cluster);
		for (i = 0; i < n; i++)
			cluster[i] = cl->code[perm != NULL ? perm[i] : i];
	}
	boot = boot_new(n, cls ? lab : NULL, cluster, cl ? cl->nvalues : 0,
	    o->seed);
	count = xreallocarray(NULL, n + 1, sizeof *count);
	br->b = o->resamples;
	for (m = 0; m < M_COUNT; m++)
		if (want[m])
			br->delta[m] = xreallocarray(NULL, br->b + 1,
			    sizeof(double));
	for (b = 0; b < br->b; b++) {
		boot_next(boot, count);
		if (cls) {
			metrics_cls_eval(&cc, count, &v->mp, cm);
			metrics_cls_eval(&pc, count, &v->mp, pm);
		} else {
			metrics_regression(n, v->y, v->cand.yhat, count, cm);
			metrics_regression(n, v->y, v->prod.yhat, count, pm);
		}
		for (m = 0; m < M_COUNT; m++)
			if (want[m])
				br->delta[m][b] = cm[m] - pm[m];
	}
	boot_free(boot);
	free(count);
	if (cls) {
		metrics_cls_free(&cc);
		metrics_cls_free(&pc);
	}
	free(perm);
	free(cluster);
	free(lab);
	free(cs);
	free(ps);
	free(cpred);
	free(ppred);
	r->resamples = br->b;
	return 0;
}

static int
cmp_text(const void *a, const void *b, void *arg)
{
	const struct holdout_col *c = arg;

	return strcmp(c->text[*(const uint32_t *)a],
	    c->text[*(const uint32_t *)b]);
}

/* Sort codes by their text (insertion sort: slices are few). */
static void
sort_codes(uint32_t *codes, size_t n, const struct holdout_col *c)
{
	size_t i, j;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && cmp_text(&codes[j - 1], &codes[j],
		    (void *)c) > 0; j--) {
			uint32_t t = codes[j];

			codes[j] = codes[j - 1];
			codes[j - 1] = t;
		}
}

/* One row per value of the slice column, in the order of the values. */
static void
slice_rows(const struct eval *v, const struct holdout *cand,
    const struct policy_rule *pr, struct gate_result *r)
{
	const struct holdout_col *c = holdout_col(cand, pr->slice_by);
	uint32_t *codes = xreallocarray(NULL, c->nvalues + 1, sizeof *codes);
	uint32_t *rows = xreallocarray(NULL, v->n + 1, sizeof *rows);
	size_t k, i, n;

	for (k = 0; k < c->nvalues; k++)
		codes[k] = (uint32_t)k;
	sort_codes(codes, c->nvalues, c);
	for (k = 0; k < c->nvalues; k++) {
		double cm[M_COUNT], pm[M_COUNT], pos = 0;
		struct gate_row *row;
		struct buf name = {0};
		const char *why;

		for (i = n = 0; i < v->n; i++)
			if (c->code[i] == codes[k]) {
				rows[n++] = (uint32_t)i;
				if (v->label != NULL)
					pos += v->label[i];
			}
		buf_printf(&name, "slices.%s=%s.%s.%s", pr->slice_by,
		    c->text[codes[k]], metric_name(pr->metric),
		    rule_kind_name(pr->kind));
		row = new_row(r, pr, name.data);
		buf_free(&name);
		measure(v, &v->cand, rows, n, cm);
		row->candidate = cm[pr->metric];
		if (v->has_prod) {
			measure(v, &v->prod, rows, n, pm);
			row->production = pm[pr->metric];
			row->delta = row->candidate - row->production;
		}
		why = v->p->task == TASK_CLASSIFICATION ?
		    metrics_undefined(pr->metric, pos, (double)n - pos,
		    v->cand.score != NULL, 1) : NULL;
		if (why != NULL || isnan(row->candidate)) {
			row->pass = GATE_NA;
			row->note = why != NULL ? why : "undefined";
		} else if ((pr->kind == RULE_MAX_DROP ||
		    pr->kind == RULE_MIN_DELTA) && !v->has_prod) {
			row->pass = GATE_NA;
			row->note = "first deployment: no production";
		} else
			judge(pr, row);
	}
	free(codes);
	free(rows);
}

/* What makes the holdouts unfit for the policy. */
static int
check(const struct eval *v, const struct holdout *cand,
    const struct holdout *prod, struct gate_result *r, struct mlo_error *e)
{
	size_t i;

	if (v->p->task == TASK_CLASSIFICATION &&
	    (r->positives == 0 || r->positives == (double)v->n))
		return error_set(e, "%s: every label is %d: auc, recall and "
		    "false_alarm_rate are undefined with one class; the "
		    "holdout needs failures and non-failures", cand->name,
		    r->positives == 0 ? 0 : 1);
	for (i = 0; i < v->p->nrules; i++) {
		enum metric_id m = v->p->rules[i].metric;
		int k;

		for (k = 0; k < 2; k++) {
			const struct holdout *h = k == 0 ? cand : prod;

			if (h == NULL)
				continue;
			if (metric_needs_score(m) && h->score == NULL)
				return error_set(e, "%s: no column 'score': "
				    "'%s' needs scores", h->name,
				    metric_name(m));
			if (metric_needs_probability(m) &&
			    holdout_check_probabilities(h, e) == -1)
				return -1;
		}
	}
	return 0;
}

int
gate_evaluate(const struct policy *p, const struct holdout *cand,
    const struct holdout *prod, const struct gate_opts *o,
    struct gate_result *r, struct mlo_error *e)
{
	struct eval v = {0};
	struct boot_run br = {0};
	int want[M_COUNT] = {0}, m, st = -1;
	size_t i;

	memset(r, 0, sizeof *r);
	v.p = p;
	v.n = r->n = cand->n;
	v.mp.threshold = p->threshold;
	v.mp.missed_failure = p->missed_failure;
	v.mp.false_alarm = p->false_alarm;
	v.has_prod = r->has_production = prod != NULL;
	if (p->task == TASK_CLASSIFICATION) {
		v.label = xmalloc(v.n + 1);
		for (i = 0; i < v.n; i++) {
			v.label[i] = cand->label[i] != 0;
			r->positives += v.label[i];
		}
	} else
		v.y = cand->label;
	model_of(p, cand, &v.cand);
	if (prod != NULL)
		model_of(p, prod, &v.prod);
	if (check(&v, cand, prod, r, e) == -1)
		goto out;
	for (m = 0; m < M_COUNT; m++)
		r->candidate[m] = r->production[m] = NAN;
	measure(&v, &v.cand, NULL, v.n, r->candidate);
	if (prod != NULL)
		measure(&v, &v.prod, NULL, v.n, r->production);
	for (i = 0; i < p->nrules; i++)
		if (p->rules[i].section == RULE_VERSUS &&
		    p->rules[i].confidence > 0)
			want[p->rules[i].metric] = 1;
	for (m = 0; m < M_COUNT && prod != NULL; m++)
		if (want[m]) {
			if (bootstrap(&v, cand, o, want, &br, r, e) == -1)
				goto out;
			break;
		}
	for (i = 0; i < p->nrules; i++) {
		const struct policy_rule *pr = &p->rules[i];
		struct gate_row *row;

		if (pr->section == RULE_SLICE) {
			slice_rows(&v, cand, pr, r);
			continue;
		}
		row = new_row(r, pr, pr->name);
		row->candidate = r->candidate[pr->metric];
		if (prod != NULL) {
			row->production = r->production[pr->metric];
			row->delta = row->candidate - row->production;
		}
		if (pr->section == RULE_VERSUS && prod == NULL) {
			row->pass = GATE_NA;
			row->note = "first deployment: no production";
			continue;
		}
		if (pr->confidence > 0) {
			row->ci_low = boot_quantile(br.delta[pr->metric], br.b,
			    1 - pr->confidence);
			row->ci_high = boot_quantile(br.delta[pr->metric],
			    br.b, pr->confidence);
		}
		judge(pr, row);
	}
	for (i = 0; i < r->nrows; i++)
		if (r->rows[i].pass == GATE_PASS)
			r->passed++;
		else if (r->rows[i].pass == GATE_FAIL)
			r->failed++;
		else
			r->not_applicable++;
	r->promote = r->failed == 0;
	st = 0;
out:
	for (m = 0; m < M_COUNT; m++)
		free(br.delta[m]);
	free(v.label);
	free(v.cand.pred);
	free(v.prod.pred);
	return st;
}

void
gate_result_free(struct gate_result *r)
{
	size_t i;

	for (i = 0; i < r->nrows; i++)
		free(r->rows[i].rule);
	free(r->rows);
	memset(r, 0, sizeof *r);
}
