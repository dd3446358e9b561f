#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm.h"
#include "num.h"
#include "statefile.h"
#include "strmap.h"
#include "watch.h"
#include "writer.h"

#define NEVER ALARM_NEVER

/* One column of one entity. */
struct watch_col {
	int64_t nr_win;		/* the open null-rate window, or NEVER */
	int64_t nr_rows, nr_nulls, nr_seen;
	mlo_time nr_from, nr_to;	/* first and last reading in it */
	int has_last;		/* stuck: the run of equal values */
	double last_x;
	int64_t run;
	mlo_time run_start;
	int has_prev;		/* rate: the previous reading */
	double prev_x;
	mlo_time prev_t;
	struct alarm null_rate, normal, stuck, rate;
};

struct watch_entity {
	struct watch_col *cols;
	mlo_time last;		/* the last reading the checks saw */
	struct alarm frequency, latency, freshness;
};

/* A column that is unknown to the contract, or missing from the input. */
struct header_alarm {
	char *column;
	int unknown;
	struct alarm a;
};

struct watch {
	const struct contract *c;
	struct event_sink *sink;
	struct alarm_rule header_rule;
	long latency_idx;
	long *when_idx;		/* per contract column: reader column or -1 */
	int64_t vol_win;	/* the open volume window, or NEVER */
	int64_t vol_rows;
	struct alarm volume;
	struct header_alarm *hdr;
	size_t nhdr;
	struct buf ev, msg;
};

static int
col_watched(const struct contract_column *col, const struct col_limits *l)
{
	(void)col;
	return l->null_rate.on || l->normal.on || l->stuck.on || l->rate.on;
}

int
watch_active(const struct watch *w)
{
	const struct contract *c = w->c;
	size_t i, k;

	if (c->frequency.on || c->max_gap > 0 || c->latency.on ||
	    c->freshness.on || c->volume.on)
		return 1;
	for (i = 0; i < c->ncols; i++) {
		if (col_watched(&c->cols[i], &c->cols[i].lim))
			return 1;
		for (k = 0; k < c->noverrides; k++)
			if (col_watched(&c->cols[i], &c->overrides[k].lim[i]))
				return 1;
	}
	return 0;
}

struct watch *
watch_new(const struct contract *c, struct event_sink *sink)
{
	struct watch *w = xcalloc(1, sizeof *w);
	size_t i;

	w->c = c;
	w->sink = sink;
	w->header_rule.on = 1;
	w->header_rule.severity = c->unknown_severity;
	w->latency_idx = -1;
	w->when_idx = xcalloc(c->ncols + 1, sizeof *w->when_idx);
	for (i = 0; i < c->ncols; i++)
		w->when_idx[i] = -1;
	w->vol_win = NEVER;
	alarm_init(&w->volume);
	return w;
}

void
watch_free(struct watch *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->nhdr; i++)
		free(w->hdr[i].column);
	free(w->hdr);
	free(w->when_idx);
	buf_free(&w->ev);
	buf_free(&w->msg);
	free(w);
}

struct watch_entity *
watch_entity_new(const struct watch *w)
{
	struct watch_entity *we = xcalloc(1, sizeof *we);
	size_t i;

	we->cols = xcalloc(w->c->ncols + 1, sizeof *we->cols);
	for (i = 0; i < w->c->ncols; i++) {
		struct watch_col *wc = &we->cols[i];

		wc->nr_win = NEVER;
		alarm_init(&wc->null_rate);
		alarm_init(&wc->normal);
		alarm_init(&wc->stuck);
		alarm_init(&wc->rate);
	}
	we->last = NEVER;
	alarm_init(&we->frequency);
	alarm_init(&we->latency);
	alarm_init(&we->freshness);
	return we;
}

void
watch_entity_free(const struct watch *w, struct watch_entity *we)
{
	(void)w;
	if (we == NULL)
		return;
	free(we->cols);
	free(we);
}

void
watch_bind(struct watch *w, struct reader *r)
{
	const struct contract *c = w->c;
	int ndjson = reader_format(r) == REC_NDJSON;
	size_t i;

	w->latency_idx = -1;
	if (c->latency_col != NULL)
		w->latency_idx = ndjson ? (long)reader_want(r, c->latency_col) :
		    reader_find(r, c->latency_col);
	for (i = 0; i < c->ncols; i++) {
		const char *wc = c->cols[i].when_column;

		w->when_idx[i] = -1;
		if (wc != NULL)
			w->when_idx[i] = ndjson ? (long)reader_want(r, wc) :
			    reader_find(r, wc);
	}
}

/* Events. */

static void
fmt_time(const struct watch *w, mlo_time t, char *buf)
{
	time_format(t, w->c->time_kind, buf);
}

/* A duration for a message: whole seconds once it is a second or more. */
static void
fmt_duration(const struct watch *w, mlo_time d, char *buf)
{
	if (d < 0)
		d = -d;
	if (w->c->time_kind != TIME_STEP && d >= 1000000000)
		d = (d + 500000000) / 1000000000 * 1000000000;
	duration_format(d, w->c->time_kind, buf);
}

/* Seconds (or steps) as a number for "value" and "limit". */
static double
in_units(mlo_time d)
{
	return (double)d / 1e9;
}

static void
event_head(struct watch *w, const char *kind, const char *state,
    enum severity sev, const char *column, const char *entity, size_t len)
{
	event_begin(&w->ev, w->sink, kind, state, severity_name(sev),
	    "integrity");
	event_str(&w->ev, "contract", w->c->id);
	if (column != NULL)
		event_str(&w->ev, "column", column);
	if (entity != NULL && len > 0)
		event_strn(&w->ev, "entity", entity, len);
}

static void
event_window(struct watch *w, mlo_time from, mlo_time to)
{
	char a[TIME_BUFSZ], b[TIME_BUFSZ];

	if (from == NEVER)
		return;
	fmt_time(w, from, a);
	fmt_time(w, to, b);
	event_str(&w->ev, "window_from", a);
	event_str(&w->ev, "window_to", b);
}

static void
event_tail(struct watch *w, double value, double limit, int64_t rows)
{
	event_num(&w->ev, "value", value);
	event_num(&w->ev, "limit", limit);
	if (rows >= 0)
		event_int(&w->ev, "rows", rows);
	event_str(&w->ev, "message", w->msg.data);
	event_end(&w->ev, w->sink);
}

static const char *
change_state(enum alarm_change ch)
{
	return ch == ALARM_FIRED ? "firing" : "resolved";
}

/* Null rate over tumbling windows of time, or of a number of readings. */
static void
null_rate_close(struct watch *w, struct watch_col *wc,
    const struct col_limits *l, const struct contract_column *col,
    const char *name, size_t len)
{
	double rate = wc->nr_rows ? (double)wc->nr_nulls / wc->nr_rows : 0;
	mlo_time from, to;
	enum alarm_change ch;
	char span[TIME_BUFSZ], pct[NUM_BUFSZ], lim[NUM_BUFSZ];

	if (l->null_window > 0) {
		from = wc->nr_win * l->null_window;
		to = from + l->null_window;
	} else {
		from = wc->nr_from;
		to = wc->nr_to;
	}
	ch = alarm_step(&wc->null_rate, &l->null_rate, rate > l->null_max, to,
	    rate);
	if (ch == ALARM_QUIET)
		return;
	if (l->null_window > 0)
		fmt_duration(w, l->null_window, span);
	else
		snprintf(span, sizeof span, "%lld readings",
		    (long long)l->null_rows);
	num_format(round(rate * 1000) / 10, pct);
	num_format(l->null_max * 100, lim);
	buf_reset(&w->msg);
	buf_printf(&w->msg, "null rate of '%s' %s%% %s %s%% over %s",
	    col->name, pct, ch == ALARM_FIRED ? ">" : "<=", lim, span);
	event_head(w, "null_rate", change_state(ch), l->null_rate.severity,
	    col->name, name, len);
	event_window(w, from, to);
	event_tail(w, rate, l->null_max, wc->nr_rows);
}

static void
null_rate_row(struct watch *w, struct watch_col *wc,
    const struct col_limits *l, const struct contract_column *col,
    const char *name, size_t len, mlo_time t, int isnull)
{
	int64_t k;

	if (l->null_window > 0)
		k = t >= 0 ? t / l->null_window :
		    -((-t - 1) / l->null_window) - 1;
	else
		k = wc->nr_seen / l->null_rows;
	if (wc->nr_win != NEVER && k != wc->nr_win)
		null_rate_close(w, wc, l, col, name, len);
	if (k != wc->nr_win) {
		wc->nr_win = k;
		wc->nr_rows = wc->nr_nulls = 0;
		wc->nr_from = t;
	}
	wc->nr_seen++;
	wc->nr_rows++;
	wc->nr_nulls += isnull;
	wc->nr_to = t;
}

static void
stuck_row(struct watch *w, struct watch_col *wc, const struct col_limits *l,
    const struct contract_column *col, const char *name, size_t len,
    mlo_time t, double x, const struct field *f)
{
	enum alarm_change ch;
	char held[TIME_BUFSZ];
	int cond;

	mlo_time prev_start = wc->run_start;

	if (wc->has_last && x == wc->last_x)
		wc->run++;
	else {
		wc->run = 1;
		wc->run_start = t;
	}
	wc->has_last = 1;
	wc->last_x = x;
	cond = l->stuck_repeats > 0 ? wc->run >= l->stuck_repeats :
	    t - wc->run_start >= l->stuck_for;
	ch = alarm_step(&wc->stuck, &l->stuck, cond, t, (double)wc->run);
	if (ch == ALARM_QUIET)
		return;
	buf_reset(&w->msg);
	if (ch == ALARM_RESOLVED)
		/* The run ended with this reading: report the run that was. */
		prev_start = prev_start < t ? prev_start : t;
	else
		prev_start = wc->run_start;
	if (ch == ALARM_FIRED) {
		fmt_duration(w, t - wc->run_start, held);
		buf_printf(&w->msg, "'%s' stuck at %.*s for %lld readings (%s)",
		    col->name, (int)f->len, f->s, (long long)wc->run, held);
	} else
		buf_printf(&w->msg, "'%s' moves again (%.*s)", col->name,
		    (int)f->len, f->s);
	event_head(w, "stuck", change_state(ch), l->stuck.severity, col->name,
	    name, len);
	/* The window is the run of equal values, from its first reading. */
	event_window(w, prev_start, t);
	/* A text column is compared by hash; its value is its text. */
	if (col->type == CT_NUMBER || col->type == CT_INTEGER)
		event_num(&w->ev, "value", x);
	else
		event_strn(&w->ev, "value", f->s, f->len);
	event_num(&w->ev, "limit", l->stuck_repeats > 0 ?
	    (double)l->stuck_repeats : in_units(l->stuck_for));
	if (ch == ALARM_FIRED)
		event_int(&w->ev, "rows", wc->run);
	event_str(&w->ev, "message", w->msg.data);
	event_end(&w->ev, w->sink);
}

static void
rate_row(struct watch *w, struct watch_col *wc, const struct col_limits *l,
    const struct contract_column *col, const char *name, size_t len,
    mlo_time t, double x)
{
	enum alarm_change ch;
	char per[TIME_BUFSZ], rs[NUM_BUFSZ], ms[NUM_BUFSZ];
	double r;

	if (!wc->has_prev || t <= wc->prev_t) {
		wc->has_prev = 1;
		wc->prev_x = x;
		wc->prev_t = t;
		return;
	}
	r = fabs(x - wc->prev_x) * ((double)l->rate_per /
	    (double)(t - wc->prev_t));
	wc->prev_x = x;
	wc->prev_t = t;
	ch = alarm_step(&wc->rate, &l->rate, r > l->rate_max, t, r);
	if (ch == ALARM_QUIET)
		return;
	fmt_duration(w, l->rate_per, per);
	snprintf(rs, sizeof rs, "%.6g", r);
	num_format(l->rate_max, ms);
	buf_reset(&w->msg);
	buf_printf(&w->msg, "'%s' changed %s per %s %s %s", col->name, rs, per,
	    ch == ALARM_FIRED ? ">" : "<=", ms);
	event_head(w, "rate", change_state(ch), l->rate.severity, col->name,
	    name, len);
	event_window(w, ch == ALARM_FIRED ? wc->rate.since :
	    wc->rate.ended_from, t);
	event_tail(w, r, l->rate_max, -1);
}

static void
normal_row(struct watch *w, struct watch_col *wc, const struct col_limits *l,
    const struct contract_column *col, const char *name, size_t len,
    mlo_time t, double x)
{
	int out = x < l->normal_lo || x > l->normal_hi;
	enum alarm_change ch;
	char lo[NUM_BUFSZ], hi[NUM_BUFSZ], xs[NUM_BUFSZ], d[TIME_BUFSZ];
	mlo_time from;

	ch = alarm_step(&wc->normal, &l->normal, out, t, fabs(x));
	if (ch == ALARM_QUIET)
		return;
	from = ch == ALARM_FIRED ? wc->normal.since : wc->normal.ended_from;
	num_format(l->normal_lo, lo);
	num_format(l->normal_hi, hi);
	snprintf(xs, sizeof xs, "%.6g", x);
	fmt_duration(w, t - from, d);
	buf_reset(&w->msg);
	if (ch == ALARM_FIRED)
		buf_printf(&w->msg, "'%s' outside normal [%s, %s] for %s "
		    "(now %s)", col->name, lo, hi, d, xs);
	else
		buf_printf(&w->msg, "'%s' back inside normal [%s, %s] after %s "
		    "(now %s)", col->name, lo, hi, d, xs);
	event_head(w, "sustained", change_state(ch), l->normal.severity,
	    col->name, name, len);
	event_window(w, from, t);
	event_num(&w->ev, "value", x);
	event_num(&w->ev, "limit_low", l->normal_lo);
	event_num(&w->ev, "limit_high", l->normal_hi);
	event_str(&w->ev, "message", w->msg.data);
	event_end(&w->ev, w->sink);
}

/* The value a numeric window check reads, or 0 when there is none. */
static int
value_of(const struct contract_column *col, const struct field *f,
    double *x)
{
	if (f->kind == FIELD_NUMBER) {
		*x = f->num;
		return 1;
	}
	if (col->type == CT_NUMBER || col->type == CT_INTEGER)
		return f->kind == FIELD_TEXT && num_parse(f->s, f->len, x) == 0;
	/* Other types: stuck compares the text, through its hash. */
	*x = (double)(hash_bytes(f->s, f->len) >> 12);
	return 1;
}

int
watch_gated_off(const struct watch *w, size_t i, const struct record *rec)
{
	const struct contract_column *col = &w->c->cols[i];
	long k = w->when_idx[i];
	const struct field *f;

	if (col->when_column == NULL)
		return 0;
	if (k < 0 || (size_t)k >= rec->nfields)
		return 1;
	f = &rec->fields[k];
	return f->kind == FIELD_NULL ||
	    strmap_get(&col->when, f->s, f->len) < 0;
}

static void
cadence(struct watch *w, struct watch_entity *we, const char *name,
    size_t len, mlo_time t)
{
	const struct contract *c = w->c;
	char a[TIME_BUFSZ], b[TIME_BUFSZ], d[TIME_BUFSZ];
	enum alarm_change ch;
	mlo_time gap;

	if (we->last == NEVER)
		return;
	gap = t - we->last;
	if (c->max_gap > 0 && gap > c->max_gap) {
		/* A gap is over when it is seen: a one-off finding. */
		fmt_duration(w, gap, d);
		fmt_duration(w, c->max_gap, a);
		buf_reset(&w->msg);
		buf_printf(&w->msg, "no reading for %s (max_gap %s)", d, a);
		event_head(w, "gap", NULL, c->frequency.on ?
		    c->frequency.severity : SEV_WARNING, NULL, name, len);
		event_window(w, we->last, t);
		event_tail(w, in_units(gap), in_units(c->max_gap), -1);
		return;
	}
	if (!c->frequency.on)
		return;
	ch = alarm_step(&we->frequency, &c->frequency,
	    llabs(gap - c->every) > c->tolerance, t, in_units(gap));
	if (ch == ALARM_QUIET)
		return;
	fmt_duration(w, gap, d);
	fmt_duration(w, c->every, a);
	fmt_duration(w, c->tolerance, b);
	buf_reset(&w->msg);
	buf_printf(&w->msg, "readings %s apart, expected every %s +- %s", d, a,
	    b);
	event_head(w, "frequency", change_state(ch), c->frequency.severity,
	    NULL, name, len);
	event_window(w, ch == ALARM_FIRED ? we->frequency.since :
	    we->frequency.ended_from, t);
	event_tail(w, in_units(gap), in_units(c->every), -1);
}

static void
latency(struct watch *w, struct watch_entity *we, const char *name,
    size_t len, const struct record *rec, mlo_time t)
{
	const struct contract *c = w->c;
	const struct field *f;
	struct mlo_error e;
	enum alarm_change ch;
	char a[TIME_BUFSZ], b[TIME_BUFSZ];
	mlo_time got, lat;

	if (!c->latency.on || w->latency_idx < 0 ||
	    (size_t)w->latency_idx >= rec->nfields)
		return;
	f = &rec->fields[w->latency_idx];
	if (f->kind == FIELD_NULL ||
	    time_parse(f->s, f->len, c->time_kind, &got, &e) == -1)
		return;
	lat = got - t;
	ch = alarm_step(&we->latency, &c->latency, lat > c->latency_max, t,
	    in_units(lat));
	if (ch == ALARM_QUIET)
		return;
	fmt_duration(w, lat, a);
	fmt_duration(w, c->latency_max, b);
	buf_reset(&w->msg);
	buf_printf(&w->msg, "latency %s%s %s %s", lat < 0 ? "-" : "", a,
	    ch == ALARM_FIRED ? ">" : "<=", b);
	event_head(w, "latency", change_state(ch), c->latency.severity,
	    c->latency_col, name, len);
	event_window(w, ch == ALARM_FIRED ? we->latency.since :
	    we->latency.ended_from, t);
	event_tail(w, in_units(lat), in_units(c->latency_max), -1);
}

static void
volume_close(struct watch *w, int64_t win, int64_t rows)
{
	const struct contract *c = w->c;
	mlo_time from = win * c->rows_window, to = from + c->rows_window;
	int low = c->rows_min >= 0 && rows < c->rows_min;
	int high = c->rows_max >= 0 && rows > c->rows_max;
	enum alarm_change ch;
	char span[TIME_BUFSZ];

	ch = alarm_step(&w->volume, &c->volume, low || high, to, (double)rows);
	if (ch == ALARM_QUIET)
		return;
	fmt_duration(w, c->rows_window, span);
	buf_reset(&w->msg);
	if (ch == ALARM_RESOLVED)
		buf_printf(&w->msg, "%lld rows in %s, within limits",
		    (long long)rows, span);
	else if (low)
		buf_printf(&w->msg, "%lld rows in %s, fewer than %lld",
		    (long long)rows, span, (long long)c->rows_min);
	else
		buf_printf(&w->msg, "%lld rows in %s, more than %lld",
		    (long long)rows, span, (long long)c->rows_max);
	event_head(w, "rows", change_state(ch), c->volume.severity, NULL,
	    NULL, 0);
	event_window(w, from, to);
	event_tail(w, (double)rows, (double)(low || c->rows_max < 0 ?
	    c->rows_min : c->rows_max), rows);
}

static void
volume_row(struct watch *w, mlo_time t)
{
	const struct contract *c = w->c;
	int64_t k = t >= 0 ? t / c->rows_window :
	    -((-t - 1) / c->rows_window) - 1;

	if (w->vol_win == NEVER) {
		w->vol_win = k;
		w->vol_rows = 0;
	} else if (k > w->vol_win) {
		volume_close(w, w->vol_win, w->vol_rows);
		/*
		 * Windows with no row at all: the condition is the same in
		 * each, so judging the first and the last is enough.
		 */
		if (k - w->vol_win > 1)
			volume_close(w, w->vol_win + 1, 0);
		if (k - w->vol_win > 2)
			volume_close(w, k - 1, 0);
		w->vol_win = k;
		w->vol_rows = 0;
	}
	w->vol_rows++;
}

void
watch_row(struct watch *w, struct watch_entity *we, const char *name,
    size_t len, const struct record *rec, const long *bound, mlo_time t,
    const struct col_limits *ov, const double *xs, const unsigned char *has_x)
{
	const struct contract *c = w->c;
	size_t i;

	cadence(w, we, name, len, t);
	latency(w, we, name, len, rec, t);
	if (c->volume.on)
		volume_row(w, t);
	for (i = 0; i < c->ncols; i++) {
		const struct contract_column *col = &c->cols[i];
		const struct col_limits *l = ov ? &ov[i] : &col->lim;
		struct watch_col *wc = &we->cols[i];
		const struct field *f = NULL;
		double x;

		if (!col_watched(col, l) || watch_gated_off(w, i, rec))
			continue;
		if (bound[i] >= 0 && (size_t)bound[i] < rec->nfields)
			f = &rec->fields[bound[i]];
		if (l->null_rate.on)
			null_rate_row(w, wc, l, col, name, len, t,
			    f == NULL || f->kind == FIELD_NULL);
		if (f == NULL || f->kind == FIELD_NULL)
			continue;
		/* The row checks parsed the number already. */
		if (has_x[i])
			x = xs[i];
		else if (!value_of(col, f, &x))
			continue;
		if (l->stuck.on)
			stuck_row(w, wc, l, col, name, len, t, x, f);
		if (!isfinite(x) || col->type == CT_STRING ||
		    col->type == CT_ENUM || col->type == CT_BOOLEAN ||
		    col->type == CT_TIMESTAMP)
			continue;
		if (l->rate.on)
			rate_row(w, wc, l, col, name, len, t, x);
		if (l->normal.on)
			normal_row(w, wc, l, col, name, len, t, x);
	}
	we->last = t;
}

mlo_time
watch_last(const struct watch_entity *we)
{
	return we->last;
}

void
watch_seen(struct watch *w, struct watch_entity *we, const char *name,
    size_t len, mlo_time t)
{
	cadence(w, we, name, len, t);
	we->last = t;
}

void
watch_quiet(struct watch_entity *we, mlo_time t)
{
	we->last = t;
}

void
watch_fresh(struct watch *w, struct watch_entity *we, const char *name,
    size_t len, mlo_time now)
{
	const struct contract *c = w->c;
	enum alarm_change ch;
	char a[TIME_BUFSZ], b[TIME_BUFSZ];
	mlo_time age;

	if (!c->freshness.on || we->last == NEVER)
		return;
	age = now - we->last;
	ch = alarm_step(&we->freshness, &c->freshness, age > c->max_age, now,
	    in_units(age));
	if (ch == ALARM_QUIET)
		return;
	fmt_duration(w, age, a);
	fmt_duration(w, c->max_age, b);
	buf_reset(&w->msg);
	buf_printf(&w->msg, "last reading %s old %s %s", a,
	    ch == ALARM_FIRED ? ">" : "<=", b);
	event_head(w, "freshness", change_state(ch), c->freshness.severity,
	    NULL, name, len);
	event_window(w, we->last, now);
	event_tail(w, in_units(age), in_units(c->max_age), -1);
}

static struct header_alarm *
header_alarm(struct watch *w, const char *column, int unknown)
{
	size_t i;

	for (i = 0; i < w->nhdr; i++)
		if (w->hdr[i].unknown == unknown &&
		    strcmp(w->hdr[i].column, column) == 0)
			return &w->hdr[i];
	w->hdr = xreallocarray(w->hdr, w->nhdr + 1, sizeof *w->hdr);
	w->hdr[w->nhdr].column = xstrdup(column);
	w->hdr[w->nhdr].unknown = unknown;
	alarm_init(&w->hdr[w->nhdr].a);
	return &w->hdr[w->nhdr++];
}

static void
header_step(struct watch *w, struct header_alarm *h, int cond,
    const char *file)
{
	enum alarm_change ch = alarm_step(&h->a, &w->header_rule, cond, 0, 0);

	if (ch == ALARM_QUIET)
		return;
	buf_reset(&w->msg);
	if (h->unknown)
		buf_printf(&w->msg, ch == ALARM_FIRED ? "column '%s' is not in "
		    "the contract" : "column '%s' is no longer in the input",
		    h->column);
	else
		buf_printf(&w->msg, "column '%s' %s the input", h->column,
		    ch == ALARM_FIRED ? "is not in" : "is back in");
	if (!h->unknown && ch == ALARM_RESOLVED)
		buf_printf(&w->msg, " (%s)", file);
	event_head(w, h->unknown ? "unknown_column" : "missing_column",
	    change_state(ch), w->header_rule.severity, h->column, NULL, 0);
	event_str(&w->ev, "file", file);
	event_str(&w->ev, "message", w->msg.data);
	event_end(&w->ev, w->sink);
}

static int
is_known(const struct contract *c, const char *name)
{
	size_t i;

	if (contract_column(c, name) != NULL)
		return 1;
	if (c->latency_col != NULL && strcmp(name, c->latency_col) == 0)
		return 1;
	for (i = 0; i < c->ncols; i++)
		if (c->cols[i].when_column != NULL &&
		    strcmp(c->cols[i].when_column, name) == 0)
			return 1;
	return 0;
}

void
watch_columns(struct watch *w, struct reader *r)
{
	const struct contract *c = w->c;
	const char *file = reader_name(r);
	size_t i, n = reader_ncolumns(r);

	if (n == 0)
		return;
	if (c->unknown_warn)
		for (i = 0; i < n; i++)
			if (!is_known(c, reader_column(r, i)))
				header_step(w, header_alarm(w,
				    reader_column(r, i), 1), 1, file);
	if (reader_format(r) == REC_CSV)
		for (i = 0; i < c->ncols; i++)
			if (reader_find(r, c->cols[i].name) < 0)
				header_step(w, header_alarm(w,
				    c->cols[i].name, 0), 1, file);
	/* Alarms of columns that are fine in this input now resolve. */
	for (i = 0; i < w->nhdr; i++) {
		struct header_alarm *h = &w->hdr[i];
		int present = reader_find(r, h->column) >= 0;

		if (!h->a.firing)
			continue;
		if (h->unknown && !present)
			header_step(w, h, 0, file);
		else if (!h->unknown && present && reader_format(r) == REC_CSV)
			header_step(w, h, 0, file);
	}
}

/* State, in lib/statefile's encoding (numbers as exact strings). */

static void
put_alarm(struct buf *b, const char *key, const struct alarm *a)
{
	char num[NUM_BUFSZ];

	if (!a->firing && a->since == NEVER)
		return;		/* the default: nothing to keep */
	num_format(a->peak, num);
	buf_printf(b, ",\"%s\":[%d,\"%lld\",\"%lld\",\"%s\",\"%lld\"]", key,
	    a->firing, (long long)a->since, (long long)a->clear_since, num,
	    (long long)a->count);
}

static int
get_alarm(const cJSON *obj, const char *key, struct alarm *a)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key), *it;
	const char *s;
	int64_t x[3];
	int i;

	alarm_init(a);
	if (v == NULL)
		return 0;
	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != 5)
		return -1;
	it = cJSON_GetArrayItem(v, 0);
	if (!cJSON_IsNumber(it))
		return -1;
	a->firing = it->valueint != 0;
	for (i = 0; i < 3; i++) {
		it = cJSON_GetArrayItem(v, i == 2 ? 4 : i + 1);
		if (!cJSON_IsString(it) || num_parse_int(it->valuestring,
		    strlen(it->valuestring), &x[i]) == -1)
			return -1;
	}
	a->since = x[0];
	a->clear_since = x[1];
	a->count = x[2];
	it = cJSON_GetArrayItem(v, 3);
	if (!cJSON_IsString(it))
		return -1;
	s = it->valuestring;
	return num_parse(s, strlen(s), &a->peak);
}

void
watch_entity_save(const struct watch *w, const struct watch_entity *we,
    struct buf *b)
{
	size_t i;

	statefile_put_i64(b, "seen", we->last);
	put_alarm(b, "frequency", &we->frequency);
	put_alarm(b, "latency", &we->latency);
	put_alarm(b, "freshness", &we->freshness);
	buf_adds(b, ",\"cols\":[");
	for (i = 0; i < w->c->ncols; i++) {
		const struct watch_col *wc = &we->cols[i];

		buf_adds(b, i ? ",{" : "{");
		buf_printf(b, "\"n\":\"%zu\"", i);
		statefile_put_i64(b, "nr_win", wc->nr_win);
		statefile_put_i64(b, "nr_rows", wc->nr_rows);
		statefile_put_i64(b, "nr_nulls", wc->nr_nulls);
		statefile_put_i64(b, "nr_seen", wc->nr_seen);
		statefile_put_i64(b, "nr_from", wc->nr_from);
		statefile_put_i64(b, "nr_to", wc->nr_to);
		if (wc->has_last) {
			statefile_put_num(b, "last_x", wc->last_x);
			statefile_put_i64(b, "run", wc->run);
			statefile_put_i64(b, "run_start", wc->run_start);
		}
		if (wc->has_prev) {
			statefile_put_num(b, "prev_x", wc->prev_x);
			statefile_put_i64(b, "prev_t", wc->prev_t);
		}
		put_alarm(b, "null_rate", &wc->null_rate);
		put_alarm(b, "normal", &wc->normal);
		put_alarm(b, "stuck", &wc->stuck);
		put_alarm(b, "rate", &wc->rate);
		buf_addc(b, '}');
	}
	buf_addc(b, ']');
}

int
watch_entity_load(const struct watch *w, struct watch_entity *we,
    const cJSON *obj, struct mlo_error *e)
{
	const cJSON *cols = cJSON_GetObjectItemCaseSensitive(obj, "cols");
	size_t i;

	if (statefile_get_i64(obj, "seen", &we->last, NEVER) == -1 ||
	    get_alarm(obj, "frequency", &we->frequency) == -1 ||
	    get_alarm(obj, "latency", &we->latency) == -1 ||
	    get_alarm(obj, "freshness", &we->freshness) == -1)
		return error_set(e, "bad entity record");
	if (!cJSON_IsArray(cols))
		return error_set(e, "bad entity record");
	if ((size_t)cJSON_GetArraySize(cols) != w->c->ncols)
		return error_set(e, "the state was made with a contract of %d "
		    "columns, this one has %zu (remove the state file to start "
		    "afresh)", cJSON_GetArraySize(cols), w->c->ncols);
	for (i = 0; i < w->c->ncols; i++) {
		const cJSON *o = cJSON_GetArrayItem(cols, (int)i);
		struct watch_col *wc = &we->cols[i];

		wc->has_last = cJSON_GetObjectItemCaseSensitive(o, "last_x") !=
		    NULL;
		wc->has_prev = cJSON_GetObjectItemCaseSensitive(o, "prev_x") !=
		    NULL;
		if (statefile_get_i64(o, "nr_win", &wc->nr_win, NEVER) == -1 ||
		    statefile_get_i64(o, "nr_rows", &wc->nr_rows, 0) == -1 ||
		    statefile_get_i64(o, "nr_nulls", &wc->nr_nulls, 0) == -1 ||
		    statefile_get_i64(o, "nr_seen", &wc->nr_seen, 0) == -1 ||
		    statefile_get_i64(o, "nr_from", &wc->nr_from, 0) == -1 ||
		    statefile_get_i64(o, "nr_to", &wc->nr_to, 0) == -1 ||
		    statefile_get_num(o, "last_x", &wc->last_x) == -1 ||
		    statefile_get_i64(o, "run", &wc->run, 0) == -1 ||
		    statefile_get_i64(o, "run_start", &wc->run_start, 0) == -1 ||
		    statefile_get_num(o, "prev_x", &wc->prev_x) == -1 ||
		    statefile_get_i64(o, "prev_t", &wc->prev_t, 0) == -1 ||
		    get_alarm(o, "null_rate", &wc->null_rate) == -1 ||
		    get_alarm(o, "normal", &wc->normal) == -1 ||
		    get_alarm(o, "stuck", &wc->stuck) == -1 ||
		    get_alarm(o, "rate", &wc->rate) == -1)
			return error_set(e, "bad column record");
	}
	return 0;
}

void
watch_save(const struct watch *w, struct buf *b)
{
	size_t i;

	statefile_put_i64(b, "vol_win", w->vol_win);
	statefile_put_i64(b, "vol_rows", w->vol_rows);
	put_alarm(b, "volume", &w->volume);
	buf_adds(b, ",\"columns\":[");
	for (i = 0; i < w->nhdr; i++) {
		struct buf one = {0};

		put_alarm(&one, "a", &w->hdr[i].a);
		buf_adds(b, i ? ",{" : "{");
		buf_adds(b, "\"column\":");
		json_quote(b, w->hdr[i].column, strlen(w->hdr[i].column));
		buf_printf(b, ",\"unknown\":%d", w->hdr[i].unknown);
		if (one.len)
			buf_add(b, one.data, one.len);
		buf_addc(b, '}');
		buf_free(&one);
	}
	buf_addc(b, ']');
}

int
watch_load(struct watch *w, const cJSON *obj, struct mlo_error *e)
{
	const cJSON *cols = cJSON_GetObjectItemCaseSensitive(obj, "columns");
	const cJSON *it;

	if (statefile_get_i64(obj, "vol_win", &w->vol_win, NEVER) == -1 ||
	    statefile_get_i64(obj, "vol_rows", &w->vol_rows, 0) == -1 ||
	    get_alarm(obj, "volume", &w->volume) == -1 ||
	    (cols != NULL && !cJSON_IsArray(cols)))
		return error_set(e, "bad global record");
	cJSON_ArrayForEach(it, cols) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(it,
		    "column");
		const cJSON *unk = cJSON_GetObjectItemCaseSensitive(it,
		    "unknown");
		struct header_alarm *h;

		if (!cJSON_IsString(name) || !cJSON_IsNumber(unk))
			return error_set(e, "bad column alarm record");
		h = header_alarm(w, name->valuestring, unk->valueint != 0);
		if (get_alarm(it, "a", &h->a) == -1)
			return error_set(e, "bad column alarm record");
	}
	return 0;
}
