#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm.h"
#include "drift.h"
#include "dstate.h"
#include "event.h"
#include "io.h"
#include "num.h"
#include "profile.h"
#include "writer.h"

static const char *const out_columns[] = { "window_start", "window_end",
    "column", "test", "statistic", "p_value", "threshold", "drifted",
    "n_ref", "n_cur", "error_bound" };

/* A lasting condition fires on the first drifted window and resolves on
 * the first window without drift (windows are the unit of time here). */
static const struct alarm_rule drift_rule = { 1, SEV_WARNING, 0, 0 };

void
drift_opts_init(struct drift_opts *o)
{
	memset(o, 0, sizeof *o);
	o->min_n = DRIFT_MIN_N;
}

void
drift_opts_free(struct drift_opts *o)
{
	free(o->limits);
	o->limits = NULL;
	o->nlimits = 0;
}

int
drift_tests_parse(struct drift_opts *o, const char *arg, struct mlo_error *e)
{
	const char *p = arg;
	enum dtest t;

	o->tests = 0;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);

		if (dtest_parse(p, n, &t) == -1)
			return error_set(e, "--test: unknown test '%.*s' (ks, "
			    "psi, wasserstein, js, chi2, linf, p50, p95, p99)",
			    (int)n, p);
		o->tests |= DT_BIT(t);
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

int
drift_correct_parse(struct drift_opts *o, const char *arg,
    struct mlo_error *e)
{
	if (strcmp(arg, "bh") == 0)
		o->correct = CORRECT_BH;
	else if (strcmp(arg, "bonferroni") == 0)
		o->correct = CORRECT_BONFERRONI;
	else if (strcmp(arg, "none") == 0)
		o->correct = CORRECT_NONE;
	else
		return error_set(e, "--correct takes 'bh' or 'bonferroni', not "
		    "'%s'", arg);
	return 0;
}

/* One result of a window, before and after the verdict. */
struct verdict {
	struct dcol *c;
	enum dtest t;
	struct dresult r;
	uint64_t n_cur;
	int insufficient;
	double p_adj;
	int drifted;
	char detail[160];	/* linf: which value moved, for people */
};

static int
parse_window(struct drift *d, struct mlo_error *e)
{
	const char *w = d->o->window;
	int64_t rows;

	if (w == NULL)
		return 0;
	if (num_parse_int(w, strlen(w), &rows) == 0) {
		if (rows < 1)
			return error_set(e, "--window %s: a window needs at "
			    "least 1 row", w);
		d->wkind = WIN_ROWS;
		d->wrows = (uint64_t)rows;
		return 0;
	}
	if (duration_parse(w, strlen(w), TIME_RFC3339, &d->wdur, e) == -1) {
		error_prefix(e, "--window");
		return -1;
	}
	if (d->wdur <= 0)
		return error_set(e, "--window %s: a window needs a length", w);
	if (d->o->time_col == NULL)
		return error_set(e, "--window %s: a window of time needs --time "
		    "COLUMN", w);
	d->wkind = WIN_TIME;
	return 0;
}

void
drift_note(const struct drift *d, const char *fmt, const char *what)
{
	if (!d->o->quiet) {
		char msg[512];

		snprintf(msg, sizeof msg, fmt, what);
		diag("%s", msg);
	}
}

static int
col_tested(const struct pcol *c)
{
	return c->role != ROLE_IGNORE && c->role != ROLE_LABEL &&
	    (c->type == PT_NUMBER || c->type == PT_CATEGORY);
}

static void drift_free(struct drift *);

static struct drift *
drift_new(const struct drift_opts *o, struct mlo_error *e)
{
	struct drift *d = xcalloc(1, sizeof *d);
	size_t i;

	d->o = o;
	if (parse_window(d, e) == -1 ||
	    (d->ref = profile_load(o->reference, e)) == NULL) {
		free(d);
		return NULL;
	}
	if (o->exact && !d->ref->exact) {
		error_set(e, "%s: --exact needs a profile made with --exact "
		    "(it keeps no sample)", o->reference);
		profile_free(d->ref);
		free(d);
		return NULL;
	}
	d->regcol = -1;
	if (o->regime != NULL) {
		if (dregime_setup(d, e) == -1) {
			profile_free(d->ref);
			free(d);
			return NULL;
		}
	} else {
		d->ncols = d->ref->ncols;
		d->cols = xcalloc(d->ncols + 1, sizeof *d->cols);
		for (i = 0; i < d->ncols; i++) {
			d->cols[i].ref = &d->ref->cols[i];
			d->cols[i].regime = -1;
		}
	}
	for (i = 0; i < d->ncols; i++) {
		struct dcol *c = &d->cols[i];

		c->tested = col_tested(c->ref);
		cats_init(&c->cur, d->ref->category_cap);
		alarm_init(&c->alarm);
	}
	for (i = 0; i < d->ncols; i++)
		if (d->cols[i].ref->role != ROLE_IGNORE &&
		    d->cols[i].ref->type == PT_NONE && !o->quiet)
			diag("%s: column '%s' is null throughout the "
			    "reference: not tested", o->reference,
			    d->cols[i].ref->name);
	event_sink_init(&d->sink, o->events, "mlo-drift", o->stamp);
	if (ddetect_setup(d, e) == -1 || dperf_setup(d, e) == -1) {
		drift_free(d);
		return NULL;
	}
	return d;
}

static void
window_reset(struct drift *d)
{
	size_t i;

	for (i = 0; i < d->ncols; i++) {
		struct dcol *c = &d->cols[i];

		c->nv = 0;
		c->nulls = c->nonfinite = c->invalid = 0;
		cats_free(&c->cur);
		cats_init(&c->cur, d->ref->category_cap);
	}
	d->wopen = 0;
	d->wn = 0;
}

/* The tests for column C in a window of N current values. */
static unsigned
tests_for(const struct drift *d, const struct dcol *c, uint64_t n)
{
	enum pcol_type type = c->ref->type;
	unsigned set = 0;
	int t;

	if (d->o->tests) {
		for (t = 0; t < DT_NTESTS; t++)
			if ((d->o->tests & DT_BIT(t)) &&
			    dtest_applies((enum dtest)t, type))
				set |= DT_BIT(t);
		return set;
	}
	switch (c->ref->role) {
	case ROLE_PREDICTION:
		return DT_BIT(DT_CHI2) | DT_BIT(DT_LINF);
	case ROLE_LATENCY:
		if (type == PT_NUMBER)
			return DT_BIT(DT_P50) | DT_BIT(DT_P95) |
			    DT_BIT(DT_P99);
		break;
	default:
		break;
	}
	if (type == PT_NUMBER)
		return n <= DRIFT_AUTO_N ? DT_BIT(DT_KS) :
		    DT_BIT(DT_WASSERSTEIN);
	return n <= DRIFT_AUTO_N ? DT_BIT(DT_CHI2) : DT_BIT(DT_JS);
}

static int
cmp_verdict_p(const void *a, const void *b)
{
	const struct verdict *x = *(const struct verdict *const *)a;
	const struct verdict *y = *(const struct verdict *const *)b;

	return x->r.p_verdict < y->r.p_verdict ? -1 :
	    x->r.p_verdict > y->r.p_verdict;
}

/* Adjust the p-values of the window's p-value tests across columns. */
static void
correct(const struct drift *d, struct verdict *v, size_t n)
{
	struct verdict **ps = xcalloc(n + 1, sizeof *ps);
	size_t m = 0, i;
	double run;

	for (i = 0; i < n; i++) {
		v[i].p_adj = v[i].r.p_verdict;
		if (!v[i].insufficient && dtest_has_p(v[i].t))
			ps[m++] = &v[i];
	}
	if (d->o->correct == CORRECT_BONFERRONI)
		for (i = 0; i < m; i++)
			ps[i]->p_adj = fmin(1, ps[i]->r.p_verdict * (double)m);
	else if (d->o->correct == CORRECT_BH && m > 0) {
		qsort(ps, m, sizeof *ps, cmp_verdict_p);
		run = 1;
		for (i = m; i-- > 0;) {
			run = fmin(run, ps[i]->r.p_verdict * (double)m /
			    (double)(i + 1));
			ps[i]->p_adj = fmin(run, 1);
		}
	}
	free(ps);
}

static void
decide(const struct drift *d, struct verdict *v)
{
	if (v->insufficient)
		return;
	if (dtest_has_p(v->t))
		v->drifted = v->p_adj < v->r.threshold &&
		    (d->o->effect_floor <= 0 ||
		    v->r.effect >= d->o->effect_floor);
	else
		v->drifted = v->r.stat_verdict > v->r.threshold;
}

static void
window_bounds(const struct drift *d, char *from, char *to)
{
	if (d->wkind == WIN_TIME) {
		time_format(d->wstart, d->tkind, from);
		time_format(d->wstart + d->wdur, d->tkind, to);
	} else if (d->o->time_col != NULL && d->have_times) {
		time_format(d->tfirst, d->tkind, from);
		time_format(d->tlast, d->tkind, to);
	} else {
		snprintf(from, TIME_BUFSZ, "%llu",
		    (unsigned long long)d->wfirst_row);
		snprintf(to, TIME_BUFSZ, "%llu",
		    (unsigned long long)(d->wfirst_row + d->wn - 1));
	}
}

void
drift_out_num(struct writer *w, double v)
{
	if (v != v)
		writer_null(w);
	else
		writer_number(w, v);
}

void
drift_out_bool(struct writer *w, int b)
{
	struct field f = { b ? "true" : "false", b ? 4 : 5, FIELD_BOOL, 0 };

	writer_field(w, &f);
}

static void
start_output(struct drift *d)
{
	enum rec_format f = d->o->format != REC_AUTO ? d->o->format :
	    d->infmt != REC_AUTO ? d->infmt : REC_CSV;

	const char *cols[NELEM(out_columns) + 2];
	size_t n = NELEM(out_columns);

	if (d->w != NULL)
		return;
	memcpy(cols, out_columns, sizeof out_columns);
	/* "reference" only when there is performance to put beside it,
	 * "regime" only when comparing by regimes */
	if (d->calib != NULL)
		cols[n++] = "reference";
	if (d->o->regime != NULL)
		cols[n++] = "regime";
	d->w = writer_new(d->out, f, ',', n, cols);
}

const char *
drift_regime_name(const struct drift *d, int r)
{
	return d->ref->regimes[r]->regime_name;
}

void
drift_row_end(struct drift *d, double reference, int regime)
{
	if (d->calib != NULL)
		drift_out_num(d->w, reference);
	if (d->o->regime != NULL) {
		if (regime >= 0)
			writer_string(d->w, drift_regime_name(d, regime),
			    strlen(drift_regime_name(d, regime)));
		else
			writer_null(d->w);
	}
	writer_end(d->w);
}

void
drift_row_begin(struct drift *d, const char *from, const char *to,
    const char *column, const char *test)
{
	struct writer *w;

	start_output(d);
	w = d->w;
	if (d->wkind == WIN_TIME || (d->o->time_col != NULL && d->have_times)) {
		writer_string(w, from, strlen(from));
		writer_string(w, to, strlen(to));
	} else {
		writer_number(w, (double)strtoull(from, NULL, 10));
		writer_number(w, (double)strtoull(to, NULL, 10));
	}
	writer_string(w, column, strlen(column));
	writer_string(w, test, strlen(test));
}

static void
write_row(struct drift *d, const struct verdict *v, const char *from,
    const char *to)
{
	struct writer *w;

	drift_row_begin(d, from, to, v->c->ref->name, dtest_name(v->t));
	w = d->w;
	drift_out_num(w, v->r.statistic);
	drift_out_num(w, v->r.p);
	drift_out_num(w, v->r.threshold);
	if (v->insufficient)
		writer_string(w, "insufficient", 12);
	else
		drift_out_bool(w, v->drifted);
	writer_number(w, (double)(v->c->ref->type == PT_NUMBER ?
	    v->c->ref->mom.n : v->c->ref->cats.total));
	writer_number(w, (double)v->n_cur);
	drift_out_num(w, v->r.error_bound);
	drift_row_end(d, NAN, v->c->regime);
}

static const char *
event_kind(const struct pcol *c)
{
	return c->role == ROLE_PREDICTION ? "prediction_drift" :
	    c->role == ROLE_LATENCY ? "latency_drift" : "drift";
}

static void
emit(struct drift *d, struct dcol *c, const struct verdict *v, int fired,
    const char *from, const char *to)
{
	struct buf *b = &d->ev;
	char stat[NUM_BUFSZ], lim[NUM_BUFSZ], msg[512];

	num_format(v->r.statistic, stat);
	num_format(v->r.threshold, lim);
	if (fired && dtest_has_p(v->t))
		snprintf(msg, sizeof msg, "'%s' drifted: %s %s, p %.3g < %s",
		    c->ref->name, dtest_name(v->t), stat, v->r.p, lim);
	else if (fired && v->detail[0])
		snprintf(msg, sizeof msg, "'%s' drifted: %s %s > %s, %s",
		    c->ref->name, dtest_name(v->t), stat, lim, v->detail);
	else if (fired)
		snprintf(msg, sizeof msg, "'%s' drifted: %s %s > %s",
		    c->ref->name, dtest_name(v->t), stat, lim);
	else
		snprintf(msg, sizeof msg, "'%s' no longer drifts (%s %s)",
		    c->ref->name, dtest_name(v->t), stat);
	event_begin(b, &d->sink, event_kind(c->ref),
	    fired ? "firing" : "resolved", "warning", "model");
	event_str(b, "column", c->ref->name);
	if (c->regime >= 0)
		event_str(b, "regime", drift_regime_name(d, c->regime));
	event_str(b, "window_from", from);
	event_str(b, "window_to", to);
	event_str(b, "test", dtest_name(v->t));
	event_num(b, "value", v->r.statistic);
	event_num(b, "limit", v->r.threshold);
	if (dtest_has_p(v->t))
		event_num(b, "p_value", v->r.p);
	event_int(b, "rows", (int64_t)v->n_cur);
	event_str(b, "message", msg);
	event_end(b, &d->sink);
}

/* The values of column C for this window, ready for the tests. */
static uint64_t
prepare(struct drift *d, struct dcol *c)
{
	if (c->ref->type == PT_NUMBER) {
		sort_doubles(c->vals, c->nv);
		if (!c->dref_ready) {
			dref_numeric(&c->dref, c->ref, d->o->exact);
			c->dref_ready = 1;
		}
		return c->nv;
	}
	return c->cur.total;
}

static void
column_results(struct drift *d, struct dcol *c, struct verdict **vv,
    size_t *nv, size_t *cap)
{
	uint64_t n = prepare(d, c);
	uint64_t nref = c->ref->type == PT_NUMBER ? c->ref->mom.n :
	    c->ref->cats.total;
	unsigned set = tests_for(d, c, n);
	struct dtable tb;
	int t, have_tb = 0;

	for (t = 0; t < DT_NTESTS; t++) {
		struct verdict *v;

		if (!(set & DT_BIT(t)))
			continue;
		if (*nv == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			*vv = xreallocarray(*vv, *cap, sizeof **vv);
		}
		v = &(*vv)[(*nv)++];
		memset(v, 0, sizeof *v);
		v->c = c;
		v->t = (enum dtest)t;
		v->n_cur = n;
		v->insufficient = n < d->o->min_n || nref < d->o->min_n;
		if (n == 0 || nref == 0) {
			v->r.statistic = v->r.p = v->r.error_bound = NAN;
			v->r.threshold = dtest_default_threshold(v->t);
			v->insufficient = 1;
			continue;
		}
		if (c->ref->type == PT_NUMBER)
			dtest_numeric(v->t, &c->dref, c->vals, c->nv, &v->r);
		else {
			if (!have_tb)
				dtable_build(&tb, &c->ref->cats, &c->cur);
			have_tb = 1;
			dtest_category(v->t, &tb, &v->r);
			if (v->r.where >= 0)
				snprintf(v->detail, sizeof v->detail,
				    "share of '%.*s' %.3g against %.3g",
				    (int)(tb.lens[v->r.where] > 60 ? 60 :
				    tb.lens[v->r.where]), tb.names[v->r.where],
				    tb.cur[v->r.where] / tb.ncur,
				    tb.ref[v->r.where] / tb.nref);
		}
	}
	if (have_tb)
		dtable_free(&tb);
}

/* Judge the open window: rows, verdicts, alarms, events. */
void
drift_judge(struct drift *d)
{
	struct verdict *v = NULL;
	size_t nv = 0, cap = 0, i, j;
	char from[TIME_BUFSZ], to[TIME_BUFSZ];

	if (!d->wopen)
		return;
	window_bounds(d, from, to);
	/* with --regime, only the regimes the window saw */
	for (i = 0; i < d->ncols; i++)
		if (d->cols[i].tested && (d->cols[i].regime < 0 ||
		    d->rrows[d->cols[i].regime] > 0))
			column_results(d, &d->cols[i], &v, &nv, &cap);
	correct(d, v, nv);
	for (i = 0; i < nv; i++) {
		decide(d, &v[i]);
		write_row(d, &v[i], from, to);
		d->verdicts++;
		d->insufficient += v[i].insufficient;
	}
	/* Per column: drifted when any of its tests is. */
	for (i = 0; i < nv; i = j) {
		struct dcol *c = v[i].c;
		const struct verdict *worst = NULL, *first = &v[i];
		int sufficient = 0;
		enum alarm_change ch;

		for (j = i; j < nv && v[j].c == c; j++) {
			sufficient |= !v[j].insufficient;
			/* the first drifted test, one that says which value
			 * moved if there is one */
			if (v[j].drifted && (worst == NULL ||
			    (!worst->detail[0] && v[j].detail[0])))
				worst = &v[j];
		}
		if (!sufficient)
			continue;
		if (worst != NULL) {
			d->ndrift++;
			d->drifted_any = 1;
		}
		ch = alarm_step(&c->alarm, &drift_rule, worst != NULL,
		    (mlo_time)d->nwindows, worst ? worst->r.statistic : 0);
		if (ch == ALARM_FIRED)
			emit(d, c, worst, 1, from, to);
		else if (ch == ALARM_RESOLVED)
			emit(d, c, first, 0, from, to);
	}
	free(v);
	dperf_judge(d, from, to);
	ddetect_judge(d, from, to);
	dregime_judge(d, from, to);
	d->nwindows++;
	window_reset(d);
}

static void
drift_free(struct drift *d)
{
	size_t i;

	for (i = 0; i < d->ncols; i++) {
		free(d->cols[i].vals);
		cats_free(&d->cols[i].cur);
		if (d->cols[i].dref_ready)
			dref_free(&d->cols[i].dref);
	}
	free(d->bad);
	ddetect_free(d);
	dperf_free(d);
	dregime_free(d);
	free(d->cols);
	writer_free(d->w);
	output_abort(d->out);
	event_sink_free(&d->sink);
	buf_free(&d->ev);
	profile_free(d->ref);
	free(d);
}

int
drift_compare(const struct drift_opts *o, const struct reader_opts *ro,
    int n, char **paths)
{
	struct mlo_error e;
	struct drift *d;
	int i, trouble = 0, st;
	uint64_t windows0;

	if ((d = drift_new(o, &e)) == NULL) {
		diag_error(&e);
		return 2;
	}
	if (o->state != NULL && dstate_load(d, o->state, &e) == -1) {
		diag_error(&e);
		drift_free(d);
		return 2;
	}
	windows0 = d->nwindows;
	if ((d->out = output_open(o->output, &e)) == NULL) {
		diag_error(&e);
		drift_free(d);
		return 2;
	}
	/* A file that cannot be read is reported; the others still count. */
	for (i = 0; i < (n == 0 ? 1 : n); i++)
		if (dread_input(d, ro, n == 0 ? NULL : paths[i], &e) == -1) {
			diag_error(&e);
			trouble = 1;
		}
	/* With --state an open window waits for more data, unless the
	 * window is the whole input of a run. */
	if (o->state == NULL || d->wkind == WIN_ALL)
		drift_judge(d);
	dread_bad_events(d);
	if (d->late > 0 && !o->quiet)
		diag("%llu row%s older than the open window skipped",
		    (unsigned long long)d->late, d->late == 1 ? "" : "s");
	/* CSV output has its header even when no window closed. */
	start_output(d);
	writer_header(d->w);
	if (output_close(d->out, &e) == -1) {
		diag_error(&e);
		trouble = 1;
	}
	d->out = NULL;
	if (!trouble && o->state != NULL && dstate_save(d, o->state, &e) == -1) {
		diag_error(&e);
		trouble = 1;
	}
	if (event_flush(&d->sink, &e) == -1) {
		diag_error(&e);
		trouble = 1;
	}
	if (d->uncalibrated > 0 && !o->quiet)
		diag("%llu score%s in bins the reference left empty: estimated "
		    "at their own value", (unsigned long long)d->uncalibrated,
		    d->uncalibrated == 1 ? "" : "s");
	for (i = 0; i < d->nbad && !o->quiet; i++)
		diag("%s: %llu value%s not a number, left out of the tests "
		    "(first at %s: '%s')", d->bad[i].name,
		    (unsigned long long)d->bad[i].n, d->bad[i].n == 1 ? "" :
		    "s", d->bad[i].where, d->bad[i].example);
	if (d->bad_labels > 0 && !o->quiet)
		diag("%llu label%s neither 0 nor 1 left out of the realised "
		    "metrics", (unsigned long long)d->bad_labels,
		    d->bad_labels == 1 ? "" : "s");
	if (!o->quiet && o->detector != DET_NONE)
		diag("%s: %llu alarm%s (threshold %.4g for an ARL0 of %.4g %s)",
		    detector_name(d->det.kind), (unsigned long long)d->nalarms,
		    d->nalarms == 1 ? "" : "s", d->det.h, d->det.arl0,
		    o->detector_on_rows ? "rows" : "windows");
	if (!o->quiet)
		diag("%llu window%s, %llu verdict%s: %llu column%s drifted, "
		    "%llu insufficient",
		    (unsigned long long)(d->nwindows - windows0),
		    d->nwindows - windows0 == 1 ? "" : "s",
		    (unsigned long long)d->verdicts, d->verdicts == 1 ? "" : "s",
		    (unsigned long long)d->ndrift, d->ndrift == 1 ? "" : "s",
		    (unsigned long long)d->insufficient);
	st = trouble ? 2 : d->drifted_any || d->perf_breached ? 1 : 0;
	drift_free(d);
	return st;
}
