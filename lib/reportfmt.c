#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "reportfmt.h"
#include "writer.h"

static const char *const colour_of[] = { "\033[32m", "\033[33m",
	"\033[1;31m" };
static const char *const upper_status[] = { "GREEN", "AMBER", "RED" };

void
report_wrap(struct buf *b, const char *first, size_t indent,
    const char *text, size_t width)
{
	const char *s = text;
	size_t col = strlen(first), len, i;
	int fresh = 1;		/* nothing on this line after its prefix */

	buf_adds(b, first);
	while (*s == ' ')
		s++;
	while (*s) {
		const char *w = s;

		while (*s && *s != ' ')
			s++;
		len = (size_t)(s - w);
		if (!fresh && col + 1 + len > width) {
			buf_addc(b, '\n');
			for (i = 0; i < indent; i++)
				buf_addc(b, ' ');
			col = indent;
			fresh = 1;
		}
		if (!fresh) {
			buf_addc(b, ' ');
			col++;
		}
		/* a word longer than a line is cut */
		while (col + len > width && width > col) {
			size_t room = width - col;

			buf_add(b, w, room);
			buf_addc(b, '\n');
			for (i = 0; i < indent; i++)
				buf_addc(b, ' ');
			col = indent;
			w += room;
			len -= room;
		}
		buf_add(b, w, len);
		col += len;
		fresh = 0;
		while (*s == ' ')
			s++;
	}
	buf_addc(b, '\n');
}

/* The cells every format writes alike: "-" stands for no value. */
void
report_fmt_time(mlo_time t, char *b)
{
	if (t == INT64_MIN || t == INT64_MAX)
		strcpy(b, "-");
	else
		time_format(t, TIME_RFC3339, b);
}

void
report_fmt_seconds(double s, char *b)
{
	if (isnan(s)) {
		strcpy(b, "-");
		return;
	}
	duration_format((mlo_time)llround(s) * 1000000000, TIME_RFC3339, b);
}

void
report_fmt_num(double v, char *b)
{
	if (isnan(v))
		strcpy(b, "-");
	else
		num_format(v, b);
}

/* fmt_money: V with two decimals, "-" for NaN. */
static void
fmt_money(double v, char *b, size_t n)
{
	if (isnan(v))
		snprintf(b, n, "-");
	else
		snprintf(b, n, "%.2f", v);
}

/* status_word: "RED", coloured when asked, padded to 5 with PAD. */
static const char *
status_word(const struct reportfmt_opts *f, int st, int pad, char *b,
    size_t n)
{
	if (f->colour)
		snprintf(b, n, "%s%s\033[0m%*s", colour_of[st],
		    upper_status[st], pad ? 5 - (int)strlen(upper_status[st]) :
		    0, "");
	else
		snprintf(b, n, "%s%*s", upper_status[st], pad ? 5 -
		    (int)strlen(upper_status[st]) : 0, "");
	return b;
}

/* cut: S cut to N bytes with a '~' marking the cut. */
static const char *
cut(const char *s, size_t n, char *b)
{
	size_t len = strlen(s);

	if (len <= n)
		return s;
	memcpy(b, s, n - 1);
	b[n - 1] = '~';
	b[n] = '\0';
	return b;
}

static void
text_notes(const struct report *r, struct output *o)
{
	struct buf b = {0};
	char line[256];

	if (r->events_files == 0)
		return;
	snprintf(line, sizeof line, "events: %llu read, %llu in the period",
	    (unsigned long long)r->events_read,
	    (unsigned long long)r->events_in_period);
	buf_adds(&b, line);
	if (r->events_skipped_version)
		buf_printf(&b, ", %llu of an unknown version skipped",
		    (unsigned long long)r->events_skipped_version);
	if (r->events_torn)
		buf_printf(&b, ", %llu torn line%s skipped",
		    (unsigned long long)r->events_torn,
		    r->events_torn == 1 ? "" : "s");
	if (r->events_bad)
		buf_printf(&b, ", %llu bad line%s skipped",
		    (unsigned long long)r->events_bad,
		    r->events_bad == 1 ? "" : "s");
	if (r->events_out_of_order)
		buf_printf(&b, ", %llu out of time order (taken by time)",
		    (unsigned long long)r->events_out_of_order);
	struct buf w = {0};

	report_wrap(&w, "", 2, b.data, REPORT_WIDTH);
	output_write(o, w.data, w.len);
	buf_free(&w);
	buf_free(&b);
}

static void
text_layers(const struct report *r, struct output *o,
    const struct reportfmt_opts *f)
{
	struct buf b = {0};
	int l;

	for (l = 0; l < LAYER_COUNT; l++) {
		const struct rep_layer_status *L = &r->layer[l];
		char sw[32];
		size_t i;

		output_printf(o, "%-10s %s\n", rep_layer_name(l),
		    status_word(f, L->status, 0, sw, sizeof sw));
		for (i = 0; i < L->n && i < REP_SHOW_REASONS; i++) {
			buf_reset(&b);
			report_wrap(&b, "  - ", 4, L->r[i].text,
			    REPORT_WIDTH);
			output_write(o, b.data, b.len);
		}
		if (L->n > REP_SHOW_REASONS)
			output_printf(o, "  - and %zu more\n",
			    L->n - REP_SHOW_REASONS);
	}
	buf_free(&b);
}

static void
text_entities(const struct report *r, struct output *o,
    const struct reportfmt_opts *f)
{
	size_t *ix, n, i;

	n = report_top_entities(r, REPORT_TOP, &ix);
	if (n > 0) {
		output_printf(o, "\nassets needing attention\n");
		output_printf(o, "  %-24s %-6s  %s\n  %-24s %-6s  %s\n",
		    "", "", "   conditions firing    events in period",
		    "asset", "status", "   critical   warning   critical   "
		    "warning");
	}
	for (i = 0; i < n; i++) {
		const struct rep_entity *en = &r->ent[ix[i]];
		char cb[32], sw[32];

		output_printf(o, "  %-24s %s   %11u %9u %10llu %9llu\n",
		    cut(report_name(r, en->name), 24, cb),
		    status_word(f, en->status, 1, sw, sizeof sw),
		    en->firing[SEV_CRITICAL], en->firing[SEV_WARNING],
		    (unsigned long long)en->period_sev[SEV_CRITICAL],
		    (unsigned long long)en->period_sev[SEV_WARNING]);
	}
	free(ix);
}

static void
text_gate(const struct report *r, struct output *o)
{
	size_t i, from;

	if (!r->has_ledger)
		return;
	output_printf(o, "\nretrain gate (%zu record%s", r->ngate,
	    r->ngate == 1 ? ")\n" : r->ngate <= 5 ? "s)\n" : "s, the last 5)\n");
	if (r->production != NULL)
		output_printf(o, "  production: %s\n", r->production);
	from = r->ngate > 5 ? r->ngate - 5 : 0;
	for (i = from; i < r->ngate; i++) {
		const struct rep_gate *g = &r->gate[i];
		char t[TIME_BUFSZ], c1[32], c2[32];

		report_fmt_time(g->time, t);
		output_printf(o, "  %-20s %-8s %-20s -> %s\n", t,
		    g->decision ? g->decision : "-",
		    cut(g->candidate ? g->candidate : "-", 20, c1),
		    cut(g->production ? g->production : "-", 20, c2));
	}
}

/* text_performance: per model version and metric, the latest estimate
 * and realised value, each of its latest window. */
static void
text_performance(const struct report *r, struct output *o, int head)
{
	size_t i;

	for (i = 0; i < r->nperf; i++) {
		const struct rep_perf *p = &r->perf[i];
		char cb[40], e[NUM_BUFSZ], v[NUM_BUFSZ];

		if (!head++)
			output_printf(o, "\nmodels\n");
		snprintf(e, sizeof e, "%.4f", p->last_est);
		snprintf(v, sizeof v, "%.4f", p->last_real);
		output_printf(o, "  %-24s %s estimated %s, realised %s\n",
		    cut(p->model ? report_name(r, p->model) : "(none)", 24, cb),
		    report_name(r, p->metric), isnan(p->last_est) ? "-" : e,
		    isnan(p->last_real) ? "-" : v);
	}
}

static void
text_models(const struct report *r, struct output *o)
{
	size_t i;
	int head = 0;

	for (i = 0; i < r->ns; i++) {
		const struct rep_series *s = &r->s[i];
		char cb[40], share[NUM_BUFSZ];

		if (s->what == SERIES_EVENTS)
			continue;
		if (!head++)
			output_printf(o, "\nmodels\n");
		if (s->what == SERIES_PREDICTIONS) {
			snprintf(share, sizeof share, "%.4f", s->period ?
			    (double)s->positives / (double)s->period : 0.0);
			output_printf(o, "  %-24s %llu predictions, %llu "
			    "positive (share %s)\n", cut(s->model ?
			    report_name(r, s->model) : "(none)", 24, cb),
			    (unsigned long long)s->period,
			    (unsigned long long)s->positives,
			    s->period ? share : "-");
		} else
			output_printf(o, "  %-24s %llu verdicts, %llu flagged "
			    "wrong in the period by %llu technician%s\n",
			    cut(s->model ? report_name(r, s->model) :
			    "(none)", 24, cb), (unsigned long long)s->total,
			    (unsigned long long)s->period,
			    (unsigned long long)s->technicians,
			    s->technicians == 1 ? "" : "s");
	}
	text_performance(r, o, head);
}

static void
text_impact(const struct report *r, struct output *o)
{
	const struct rep_impact *m = &r->impact;
	char a[TIME_BUFSZ], b[TIME_BUFSZ], c[TIME_BUFSZ], d[TIME_BUFSZ];
	char money[64];

	if (!m->has)
		return;
	output_printf(o, "\nbusiness impact\n");
	output_printf(o, "  failures    %zu caught, %zu missed, %zu "
	    "unmonitored\n", m->caught, m->missed, m->unmonitored);
	output_printf(o, "  alarms      %zu episodes: %zu true, %zu false, "
	    "%zu pending\n", m->episodes, m->true_alarms, m->false_alarms,
	    m->pending);
	report_fmt_seconds(m->lead_median, a);
	report_fmt_seconds(m->lead_p10, b);
	report_fmt_seconds(m->lead_p90, c);
	output_printf(o, "  lead time   median %s, p10 %s, p90 %s\n", a, b,
	    c);
	report_fmt_num(m->downtime_avoided_s / 3600, d);
	report_fmt_num(m->downtime_total_s / 3600, a);
	output_printf(o, "  downtime    %s h avoided of %s h\n", d, a);
	fmt_money(m->money_saved, money, sizeof money);
	output_printf(o, "  money saved %s\n", money);
}

void
report_text(const struct report *r, struct output *o,
    const struct reportfmt_opts *f)
{
	char since[TIME_BUFSZ], until[TIME_BUFSZ], sw[32];

	time_format(r->o.since, TIME_RFC3339, since);
	time_format(r->o.until, TIME_RFC3339, until);
	output_printf(o, "mlo report %s: %s\n", f->stamp,
	    status_word(f, report_worst(r), 0, sw, sizeof sw));
	output_printf(o, "period %s .. %s\n", since, until);
	text_notes(r, o);
	output_putc(o, '\n');
	text_layers(r, o, f);
	text_entities(r, o, f);
	text_impact(r, o);
	text_models(r, o);
	text_gate(r, o);
}

/* Markdown */

/* md_cell: S with '|' and newlines made safe for a table cell. */
static void
md_cell(struct output *o, const char *s)
{
	for (; *s; s++)
		if (*s == '|')
			output_puts(o, "\\|");
		else if (*s == '\n' || *s == '\r')
			output_putc(o, ' ');
		else
			output_putc(o, *s);
}

void
report_markdown(const struct report *r, struct output *o,
    const struct reportfmt_opts *f)
{
	char since[TIME_BUFSZ], until[TIME_BUFSZ], t[TIME_BUFSZ];
	const struct rep_impact *m = &r->impact;
	size_t i, k, n, *ix;
	int l;

	time_format(r->o.since, TIME_RFC3339, since);
	time_format(r->o.until, TIME_RFC3339, until);
	output_printf(o, "# mlo report %s: %s\n\n", f->stamp,
	    upper_status[report_worst(r)]);
	output_printf(o, "Period %s to %s.", since, until);
	if (r->events_files)
		output_printf(o, " Events: %llu read, %llu in the period.",
		    (unsigned long long)r->events_read,
		    (unsigned long long)r->events_in_period);
	output_printf(o, "\n\n## Status\n\n| layer | status | reasons |\n"
	    "|---|---|---|\n");
	for (l = 0; l < LAYER_COUNT; l++) {
		const struct rep_layer_status *L = &r->layer[l];

		output_printf(o, "| %s | **%s** | ", rep_layer_name(l),
		    upper_status[L->status]);
		for (i = 0; i < L->n && i < REP_SHOW_REASONS; i++) {
			if (i)
				output_puts(o, "<br>");
			md_cell(o, L->r[i].text);
		}
		if (L->n > REP_SHOW_REASONS)
			output_printf(o, "<br>and %zu more",
			    L->n - REP_SHOW_REASONS);
		output_puts(o, " |\n");
	}
	n = report_top_entities(r, REPORT_TOP, &ix);
	if (n > 0)
		output_puts(o, "\n## Assets needing attention\n\n| asset | "
		    "status | firing critical | firing warning | critical "
		    "events | warning events |\n|---|---|--:|--:|--:|--:|\n");
	for (i = 0; i < n; i++) {
		const struct rep_entity *en = &r->ent[ix[i]];

		output_puts(o, "| ");
		md_cell(o, report_name(r, en->name));
		output_printf(o, " | %s | %u | %u | %llu | %llu |\n",
		    upper_status[en->status], en->firing[SEV_CRITICAL],
		    en->firing[SEV_WARNING],
		    (unsigned long long)en->period_sev[SEV_CRITICAL],
		    (unsigned long long)en->period_sev[SEV_WARNING]);
	}
	free(ix);
	if (m->has) {
		char a[TIME_BUFSZ], b[TIME_BUFSZ], c[TIME_BUFSZ];
		char d[NUM_BUFSZ], e[NUM_BUFSZ], money[64];

		report_fmt_seconds(m->lead_median, a);
		report_fmt_seconds(m->lead_p10, b);
		report_fmt_seconds(m->lead_p90, c);
		report_fmt_num(m->downtime_avoided_s / 3600, d);
		report_fmt_num(m->downtime_total_s / 3600, e);
		fmt_money(m->money_saved, money, sizeof money);
		output_printf(o, "\n## Business impact\n\n| figure | value |\n"
		    "|---|--:|\n| failures caught | %zu |\n| failures missed "
		    "| %zu |\n| failures unmonitored | %zu |\n| alarm "
		    "episodes | %zu |\n| false alarms | %zu |\n| pending "
		    "alarms | %zu |\n| lead time median | %s |\n| lead time "
		    "p10 | %s |\n| lead time p90 | %s |\n| downtime avoided "
		    "(h) | %s of %s |\n| money saved | %s |\n", m->caught,
		    m->missed, m->unmonitored, m->episodes, m->false_alarms,
		    m->pending, a, b, c, d, e, money);
	}
	for (i = k = 0; i < r->ns; i++) {
		const struct rep_series *s = &r->s[i];

		if (s->what == SERIES_EVENTS)
			continue;
		if (k++ == 0)
			output_puts(o, "\n## Models\n\n| model version | "
			    "what | in the period | share or technicians |\n"
			    "|---|---|--:|--:|\n");
		output_puts(o, "| ");
		md_cell(o, s->model ? report_name(r, s->model) : "(none)");
		if (s->what == SERIES_PREDICTIONS)
			output_printf(o, " | predictions, positive | %llu, "
			    "%llu | %.4f |\n", (unsigned long long)s->period,
			    (unsigned long long)s->positives, s->period ?
			    (double)s->positives / (double)s->period : 0.0);
		else
			output_printf(o, " | flagged wrong | %llu | %llu |\n",
			    (unsigned long long)s->period,
			    (unsigned long long)s->technicians);
	}
	for (i = 0; i < r->nperf; i++) {
		const struct rep_perf *p = &r->perf[i];
		char e[NUM_BUFSZ], v[NUM_BUFSZ];

		if (k++ == 0)
			output_puts(o, "\n## Models\n\n| model version | "
			    "what | in the period | share or technicians |\n"
			    "|---|---|--:|--:|\n");
		snprintf(e, sizeof e, "%.4f", p->last_est);
		snprintf(v, sizeof v, "%.4f", p->last_real);
		output_puts(o, "| ");
		md_cell(o, p->model ? report_name(r, p->model) : "(none)");
		output_puts(o, " | ");
		md_cell(o, report_name(r, p->metric));
		output_printf(o, ", estimated and realised | %llu points | "
		    "%s, %s |\n", (unsigned long long)p->points,
		    isnan(p->last_est) ? "-" : e,
		    isnan(p->last_real) ? "-" : v);
	}
	if (r->has_ledger && r->ngate > 0) {
		output_puts(o, "\n## Retrain gate\n\n| time | decision | "
		    "candidate | production | failed rules |\n"
		    "|---|---|---|---|---|\n");
		for (i = r->ngate > REPORT_TOP ? r->ngate - REPORT_TOP : 0;
		    i < r->ngate; i++) {
			const struct rep_gate *g = &r->gate[i];

			report_fmt_time(g->time, t);
			output_printf(o, "| %s | ", t);
			md_cell(o, g->decision ? g->decision : "-");
			output_puts(o, " | ");
			md_cell(o, g->candidate ? g->candidate : "-");
			output_puts(o, " | ");
			md_cell(o, g->production ? g->production : "-");
			output_puts(o, " | ");
			md_cell(o, g->failed && *g->failed ? g->failed : "-");
			output_puts(o, " |\n");
		}
	}
}

/* NDJSON */

static void
j_str(struct buf *b, const char *k, const char *v)
{
	buf_printf(b, ",\"%s\":", k);
	if (v == NULL)
		buf_adds(b, "null");
	else
		json_quote(b, v, strlen(v));
}

static void
j_num(struct buf *b, const char *k, double v)
{
	char nb[NUM_BUFSZ];

	buf_printf(b, ",\"%s\":", k);
	if (isnan(v))
		buf_adds(b, "null");
	else {
		num_format(v, nb);
		buf_adds(b, nb);
	}
}

static void
j_u(struct buf *b, const char *k, unsigned long long v)
{
	buf_printf(b, ",\"%s\":%llu", k, v);
}

static void
j_time(struct buf *b, const char *k, mlo_time t)
{
	char tb[TIME_BUFSZ];

	if (t == INT64_MIN || t == INT64_MAX) {
		j_str(b, k, NULL);
		return;
	}
	time_format(t, TIME_RFC3339, tb);
	j_str(b, k, tb);
}

static const char *
nm(const struct report *r, uint32_t i)
{
	return i ? report_name(r, i) : NULL;
}

static void
j_end(struct buf *b, struct output *o)
{
	buf_adds(b, "}\n");
	output_write(o, b->data, b->len);
	buf_reset(b);
}

void
report_ndjson(const struct report *r, struct output *o,
    const struct reportfmt_opts *f)
{
	static const char *const what[] = { "events", "predictions",
		"feedback" };
	const struct rep_impact *m = &r->impact;
	struct buf b = {0};
	size_t i, k, n, *ix;
	int l, sev;

	buf_adds(&b, "{\"type\":\"report\"");
	j_str(&b, "time", f->stamp);
	j_time(&b, "since", r->o.since);
	j_time(&b, "until", r->o.until);
	j_str(&b, "status", rep_status_name(report_worst(r)));
	j_u(&b, "events_read", r->events_read);
	j_u(&b, "events_in_period", r->events_in_period);
	j_u(&b, "events_unknown_version", r->events_skipped_version);
	j_u(&b, "events_torn", r->events_torn);
	j_u(&b, "events_bad", r->events_bad);
	j_u(&b, "events_out_of_order", r->events_out_of_order);
	j_time(&b, "last_event", r->last_time);
	j_end(&b, o);
	for (l = 0; l < LAYER_COUNT; l++) {
		const struct rep_layer_status *L = &r->layer[l];

		buf_adds(&b, "{\"type\":\"layer\"");
		j_str(&b, "layer", rep_layer_name(l));
		j_str(&b, "status", rep_status_name(L->status));
		j_u(&b, "reasons", L->n);
		j_end(&b, o);
		for (i = 0; i < L->n; i++) {
			buf_adds(&b, "{\"type\":\"reason\"");
			j_str(&b, "layer", rep_layer_name(l));
			j_str(&b, "status", rep_status_name(L->r[i].status));
			j_time(&b, "time", L->r[i].time);
			j_str(&b, "message", L->r[i].text);
			j_end(&b, o);
		}
	}
	for (i = 0; i < r->ns; i++) {
		const struct rep_series *s = &r->s[i];

		buf_adds(&b, "{\"type\":\"series\"");
		j_u(&b, "id", i);
		j_str(&b, "series", what[s->what]);
		j_str(&b, "layer", rep_layer_name(s->layer));
		j_str(&b, "tool", nm(r, s->tool));
		j_str(&b, "kind", nm(r, s->kind));
		j_str(&b, "contract", nm(r, s->contract));
		j_str(&b, "column", nm(r, s->column));
		j_str(&b, "model_version", nm(r, s->model));
		j_u(&b, "total", s->total);
		j_u(&b, "period", s->period);
		if (s->what == SERIES_EVENTS) {
			for (sev = 0; sev < SEV_COUNT; sev++)
				j_u(&b, rep_severity_name(sev),
				    s->period_sev[sev]);
			j_u(&b, "firing_warning", s->firing[SEV_WARNING]);
			j_u(&b, "firing_critical", s->firing[SEV_CRITICAL]);
			j_num(&b, "value", s->has_value ? s->last_value :
			    NAN);
		} else if (s->what == SERIES_PREDICTIONS) {
			j_u(&b, "positives", s->positives);
			j_num(&b, "positive_share", s->period ?
			    (double)s->positives / (double)s->period : NAN);
		} else
			j_u(&b, "technicians", s->technicians);
		j_end(&b, o);
	}
	for (i = 0; i < r->ns; i++)
		for (k = 0; k < r->nbuckets; k++) {
			const struct rep_bucket *bk = &r->s[i].b[k];

			if (bk->events == 0)
				continue;
			buf_adds(&b, "{\"type\":\"bucket\"");
			j_u(&b, "series", i);
			j_time(&b, "from", report_bucket_start(r, k));
			j_time(&b, "to", k + 1 == r->nbuckets ? r->o.until :
			    report_bucket_start(r, k + 1));
			j_u(&b, "count", bk->events);
			if (r->s[i].what == SERIES_EVENTS) {
				j_u(&b, "warning", bk->warning);
				j_u(&b, "critical", bk->critical);
			} else if (r->s[i].what == SERIES_PREDICTIONS)
				j_u(&b, "positives", bk->positives);
			j_num(&b, "value_max", bk->nvalue ? bk->vmax : NAN);
			j_num(&b, "value_mean", bk->nvalue ?
			    bk->vsum / bk->nvalue : NAN);
			j_end(&b, o);
		}
	for (i = 0; i < r->nperf; i++) {
		const struct rep_perf *p = &r->perf[i];

		buf_adds(&b, "{\"type\":\"performance\"");
		j_u(&b, "id", i);
		j_str(&b, "model_version", nm(r, p->model));
		j_str(&b, "metric", report_name(r, p->metric));
		j_u(&b, "points", p->points);
		j_num(&b, "estimate", p->last_est);
		j_time(&b, "estimate_window_to", p->est_time);
		j_num(&b, "realised", p->last_real);
		j_time(&b, "realised_window_to", p->real_time);
		j_end(&b, o);
		for (k = 0; k < r->nbuckets; k++) {
			const struct rep_pbucket *bk = &p->b[k];

			if (bk->nest + bk->nreal == 0)
				continue;
			buf_adds(&b, "{\"type\":\"performance_bucket\"");
			j_u(&b, "performance", i);
			j_time(&b, "from", report_bucket_start(r, k));
			j_time(&b, "to", k + 1 == r->nbuckets ? r->o.until :
			    report_bucket_start(r, k + 1));
			j_num(&b, "estimate_mean", bk->nest ?
			    bk->est / bk->nest : NAN);
			j_num(&b, "realised_mean", bk->nreal ?
			    bk->real / bk->nreal : NAN);
			j_end(&b, o);
		}
	}
	n = report_top_entities(r, r->nent, &ix);
	for (k = 0; k < n; k++) {
		const struct rep_entity *en = &r->ent[ix[k]];

		buf_adds(&b, "{\"type\":\"entity\"");
		j_str(&b, "entity", report_name(r, en->name));
		j_str(&b, "status", rep_status_name(en->status));
		j_u(&b, "firing_critical", en->firing[SEV_CRITICAL]);
		j_u(&b, "firing_warning", en->firing[SEV_WARNING]);
		j_u(&b, "critical", en->period_sev[SEV_CRITICAL]);
		j_u(&b, "warning", en->period_sev[SEV_WARNING]);
		j_end(&b, o);
	}
	free(ix);
	for (i = 0; i < r->ngate; i++) {
		const struct rep_gate *g = &r->gate[i];

		buf_adds(&b, "{\"type\":\"gate\"");
		j_time(&b, "time", g->time);
		j_str(&b, "decision", g->decision);
		j_str(&b, "candidate", g->candidate);
		j_str(&b, "production", g->production);
		j_str(&b, "failed", g->failed);
		j_end(&b, o);
	}
	if (m->has) {
		buf_adds(&b, "{\"type\":\"impact\"");
		j_u(&b, "failures", m->failures);
		j_u(&b, "caught", m->caught);
		j_u(&b, "missed", m->missed);
		j_u(&b, "unmonitored", m->unmonitored);
		j_u(&b, "episodes", m->episodes);
		j_u(&b, "true_alarms", m->true_alarms);
		j_u(&b, "false_alarms", m->false_alarms);
		j_u(&b, "pending", m->pending);
		j_num(&b, "lead_time_p10_s", m->lead_p10);
		j_num(&b, "lead_time_median_s", m->lead_median);
		j_num(&b, "lead_time_p90_s", m->lead_p90);
		j_num(&b, "downtime_s", m->downtime_total_s);
		j_num(&b, "downtime_avoided_s", m->downtime_avoided_s);
		j_num(&b, "money_saved", m->money_saved);
		j_end(&b, o);
	}
	buf_free(&b);
}
