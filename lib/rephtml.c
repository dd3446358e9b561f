/*
 * rephtml: the report model (lib/report) as one self-contained HTML page
 * (mlo-report(1), -f html): inline CSS and SVG, no script, a
 * Content-Security-Policy that lets the page fetch nothing; a tile per
 * layer, charts over the period's time buckets (svgchart), the assets,
 * the latest alerts (linked to mlo-feedback's page with --feedback-url),
 * the impact and the gate history.  Every text from the inputs is
 * HTML-escaped.  Reads only the model.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgi.h"
#include "num.h"
#include "repextra.h"
#include "reportfmt.h"
#include "svgchart.h"

/* The most charts, alerts and gate records a page shows. */
#define HTML_MAX_CHARTS 40
#define HTML_ALERTS 20
#define HTML_GATE 20

#define CSP "default-src 'none'; style-src 'unsafe-inline'; " \
	"img-src data:; form-action 'none'; base-uri 'none'"

/*
 * The status colours: dark text on a light background, each pair at a
 * WCAG contrast ratio of at least 4.5 (t/wcag-contrast checks the page's
 * own rules); the word is always written too, never colour alone.
 */
static const char style[] =
":root{color-scheme:light}\n"
"body{font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;"
"color:#1a1a1a;background:#ffffff;margin:0 auto;max-width:72rem;"
"padding:0.75rem}\n"
"h1{font-size:1.4rem;margin:0.3rem 0}h2{font-size:1.15rem;"
"margin:1.4rem 0 0.5rem}h3{font-size:0.95rem;margin:0 0 0.2rem}\n"
".meta{color:#4a4a4a;margin:0.2rem 0}\n"
".tiles{display:grid;gap:0.6rem;align-items:start;"
"grid-template-columns:repeat(auto-fit,minmax(13rem,1fr))}\n"
".tile{border:1px solid #bbbbbb;border-left-width:0.5rem;border-radius:4px;"
"padding:0.5rem 0.7rem}\n"
".tile h3{font-size:1rem;text-transform:capitalize}\n"
".tile ul{margin:0.3rem 0 0;padding-left:1.1rem;font-size:0.85rem}\n"
".badge{font-weight:700;padding:0 0.35rem;border-radius:3px}\n"
".st-green{color:#0b5d1e;background:#e3f4e6}\n"
".st-amber{color:#6b4500;background:#fff3d6}\n"
".st-red{color:#8f1111;background:#fde8e8}\n"
".tile.st-green{border-left-color:#1e7b34}"
".tile.st-amber{border-left-color:#b7791f}"
".tile.st-red{border-left-color:#c53030}\n"
".charts{display:grid;gap:0.8rem;"
"grid-template-columns:repeat(auto-fill,minmax(18rem,1fr))}\n"
"figure{margin:0;border:1px solid #dddddd;border-radius:4px;"
"padding:0.4rem}\n"
"svg.chart{width:100%;height:auto;display:block}\n"
"svg text{font-size:9px;fill:#333333}\n"
"svg .axis{stroke:#555555;fill:none}svg .grid{stroke:#dddddd;fill:none}\n"
"svg polyline{fill:none;stroke-width:1.8}\n"
"svg .l0 polyline{stroke:#1f5fa8}svg .l0 circle{fill:#1f5fa8}\n"
"svg .l1 polyline{stroke:#b3471d;stroke-dasharray:5 3}"
"svg .l1 circle{fill:#b3471d}\n"
"svg .l2 polyline{stroke:#2f7d32;stroke-dasharray:2 2}"
"svg .l2 circle{fill:#2f7d32}\n"
"svg .l3 polyline{stroke:#6a3d9a;stroke-dasharray:8 2 2 2}"
"svg .l3 circle{fill:#6a3d9a}\n"
".legend{font-size:0.8rem;margin:0.2rem 0 0}\n"
".legend span::before{content:\"\\2014 \";font-weight:700}\n"
".k0{color:#1f5fa8}.k1{color:#b3471d}.k2{color:#2f7d32}.k3{color:#6a3d9a}\n"
".scroll{overflow-x:auto}\n"
"table{border-collapse:collapse;font-size:0.88rem;min-width:50%}\n"
"th,td{border-bottom:1px solid #dddddd;padding:0.25rem 0.5rem;"
"text-align:left;vertical-align:top}\n"
"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
"a{color:#0b4f9c}\n"
"footer{margin-top:1.5rem;color:#4a4a4a;font-size:0.8rem}\n"
"@media (max-width:40rem){body{font-size:14px;padding:0.4rem}"
".charts{grid-template-columns:1fr}}\n"
"@media print{body{max-width:none;font-size:10pt;padding:0}"
"a{color:inherit;text-decoration:none}"
".tile,figure,tr{break-inside:avoid}"
".charts{grid-template-columns:repeat(3,1fr)}"
"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
".scroll{overflow:visible}}\n";

static const char *const upper_status[] = { "GREEN", "AMBER", "RED" };

static void
esc(struct buf *b, const char *s)
{
	html_escape(b, s != NULL ? s : "-", s != NULL ? strlen(s) : 1);
}

static void
emit(struct output *o, struct buf *b)
{
	output_write(o, b->data, b->len);
	buf_reset(b);
}

/* url_query: S percent-encoded for a query value (RFC 3986 unreserved
 * bytes pass). */
static void
url_query(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			buf_addc(b, (char)c);
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

static void
badge(struct buf *b, int st)
{
	buf_printf(b, "<span class=\"badge st-%s\">%s</span>",
	    rep_status_name(st), upper_status[st]);
}

static void
head(const struct report *r, struct buf *b, const struct reportfmt_opts *f)
{
	char since[TIME_BUFSZ], until[TIME_BUFSZ], t[TIME_BUFSZ];
	int worst = report_worst(r);

	time_format(r->o.since, TIME_RFC3339, since);
	time_format(r->o.until, TIME_RFC3339, until);
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"" CSP
	    "\">\n<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<meta name=\"referrer\" "
	    "content=\"no-referrer\">\n<title>mlo report ");
	esc(b, f->stamp);
	buf_printf(b, ": %s</title>\n<style>\n", upper_status[worst]);
	buf_adds(b, style);
	buf_adds(b, "</style>\n</head>\n<body>\n<header>\n<h1>mlo report ");
	esc(b, f->stamp);
	buf_adds(b, ": ");
	badge(b, worst);
	buf_adds(b, "</h1>\n<p class=\"meta\">Period ");
	esc(b, since);
	buf_adds(b, " to ");
	esc(b, until);
	buf_adds(b, ".");
	if (r->events_files) {
		buf_printf(b, " Events: %llu read, %llu in the period",
		    (unsigned long long)r->events_read,
		    (unsigned long long)r->events_in_period);
		if (r->last_time != INT64_MIN) {
			report_fmt_time(r->last_time, t);
			buf_adds(b, ", the latest at ");
			esc(b, t);
		}
		buf_adds(b, ".");
		if (r->events_skipped_version || r->events_torn ||
		    r->events_bad)
			buf_printf(b, " Skipped: %llu of an unknown version, "
			    "%llu torn, %llu bad.",
			    (unsigned long long)r->events_skipped_version,
			    (unsigned long long)r->events_torn,
			    (unsigned long long)r->events_bad);
	}
	if (r->production != NULL) {
		buf_adds(b, " Production model: ");
		esc(b, r->production);
		buf_adds(b, ".");
	}
	buf_adds(b, "</p>\n</header>\n<main>\n");
}

static void
tiles(const struct report *r, struct buf *b)
{
	int l;
	size_t i;

	buf_adds(b, "<section aria-labelledby=\"h-status\">\n"
	    "<h2 id=\"h-status\">Status</h2>\n<div class=\"tiles\">\n");
	for (l = 0; l < LAYER_COUNT; l++) {
		const struct rep_layer_status *L = &r->layer[l];

		buf_printf(b, "<div class=\"tile st-%s\" id=\"layer-%s\">\n"
		    "<h3>%s ", rep_status_name(L->status), rep_layer_name(l),
		    rep_layer_name(l));
		badge(b, L->status);
		buf_adds(b, "</h3>\n");
		if (L->n == 0)
			buf_adds(b, "<p>Nothing to report.</p>\n");
		else
			buf_adds(b, "<ul>\n");
		for (i = 0; i < L->n && i < REP_SHOW_REASONS; i++) {
			buf_adds(b, "<li>");
			esc(b, L->r[i].text);
			buf_adds(b, "</li>\n");
		}
		if (L->n > REP_SHOW_REASONS)
			buf_printf(b, "<li>and %zu more</li>\n",
			    L->n - REP_SHOW_REASONS);
		if (L->n > 0)
			buf_adds(b, "</ul>\n");
		buf_adds(b, "</div>\n");
	}
	buf_adds(b, "</div>\n</section>\n");
}

/* Charts */

struct charts {
	const struct report *r;
	struct buf *b;
	char from[TIME_BUFSZ], to[TIME_BUFSZ];
	size_t n;		/* charts written */
	size_t left;		/* charts left out past the limit */
};

static void
chart(struct charts *c, const char *title, const char *unit,
    const struct svg_line *lines, size_t nlines)
{
	struct svg_chart sc;
	char id[32];

	sc.title = title;
	sc.unit = unit;
	sc.from = c->from;
	sc.to = c->to;
	sc.line = lines;
	sc.nlines = nlines;
	sc.n = c->r->nbuckets;
	if (!svg_chart_has_data(&sc))
		return;
	if (c->n == HTML_MAX_CHARTS) {
		c->left++;
		return;
	}
	snprintf(id, sizeof id, "c%zu", c->n++);
	sc.id = id;
	buf_adds(c->b, "<figure class=\"has-data\">\n<h3>");
	esc(c->b, title);
	buf_adds(c->b, "</h3>\n");
	svg_chart(c->b, &sc);
	buf_adds(c->b, "</figure>\n");
}

/* chart_counts: one line of counts Y, charted when one is above 0. */
static void
chart_counts(struct charts *c, const char *title, const char *label,
    const double *y)
{
	struct svg_line line;
	size_t k;

	line.label = label;
	line.y = y;
	for (k = 0; k < c->r->nbuckets; k++)
		if (y[k] > 0) {
			chart(c, title, "", &line, 1);
			return;
		}
}

static int
is_kind(const struct report *r, const struct rep_series *s, const char *k)
{
	return s->kind && strcmp(report_name(r, s->kind), k) == 0;
}

static int
is_drift(const struct report *r, const struct rep_series *s)
{
	return s->what == SERIES_EVENTS && s->layer == LAYER_MODEL &&
	    (is_kind(r, s, "drift") || is_kind(r, s, "prediction_drift") ||
	    is_kind(r, s, "latency_drift"));
}

static void
fill_nan(double *y, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		y[k] = NAN;
}

/* seen_before: whether a series before I has the same NAME of field F. */
static int
seen_before(const struct report *r, size_t i, int integrity, size_t off)
{
	size_t j;
	uint32_t v = *(const uint32_t *)((const char *)&r->s[i] + off);

	for (j = 0; j < i; j++) {
		const struct rep_series *s = &r->s[j];

		if (s->what != SERIES_EVENTS || (integrity ?
		    s->layer != LAYER_INTEGRITY : !is_drift(r, s)))
			continue;
		if (*(const uint32_t *)((const char *)s + off) == v)
			return 1;
	}
	return 0;
}

/* contract_charts: per contract, the null rate of each column (the
 * largest in each interval) and the violations (warning and critical
 * events). */
static void
contract_charts(struct charts *c, double *y, struct buf *title)
{
	const struct report *r = c->r;
	size_t nb = r->nbuckets, i, j, k, nl;
	struct svg_line lines[SVG_MAX_LINES];

	for (i = 0; i < r->ns; i++) {
		const struct rep_series *s = &r->s[i];
		const char *cname;

		if (s->what != SERIES_EVENTS || s->layer != LAYER_INTEGRITY ||
		    seen_before(r, i, 1, offsetof(struct rep_series,
		    contract)))
			continue;
		cname = s->contract ? report_name(r, s->contract) :
		    "no contract";
		/* null rate, a line per column */
		nl = 0;
		for (j = i; j < r->ns && nl < SVG_MAX_LINES; j++) {
			const struct rep_series *t = &r->s[j];
			double *yy = y + (1 + nl) * nb;

			if (t->what != SERIES_EVENTS || t->layer !=
			    LAYER_INTEGRITY || t->contract != s->contract ||
			    !is_kind(r, t, "null_rate"))
				continue;
			for (k = 0; k < nb; k++)
				yy[k] = t->b[k].nvalue ? t->b[k].vmax : NAN;
			lines[nl].label = t->column ? report_name(r,
			    t->column) : "all columns";
			lines[nl++].y = yy;
		}
		buf_reset(title);
		buf_printf(title, "Null rate, %s", cname);
		if (nl)
			chart(c, title->data, "%", lines, nl);
		/* violations */
		for (k = 0; k < nb; k++)
			y[k] = 0;
		for (j = i; j < r->ns; j++) {
			const struct rep_series *t = &r->s[j];

			if (t->what != SERIES_EVENTS || t->layer !=
			    LAYER_INTEGRITY || t->contract != s->contract)
				continue;
			for (k = 0; k < nb; k++)
				y[k] += t->b[k].warning + t->b[k].critical;
		}
		buf_reset(title);
		buf_printf(title, "Violations, %s", cname);
		chart_counts(c, title->data, "warning and critical events", y);
	}
}

/* drift_charts: per column, the largest drift statistic of each interval,
 * a line per kind. */
static void
drift_charts(struct charts *c, double *y, struct buf *title)
{
	const struct report *r = c->r;
	size_t nb = r->nbuckets, i, j, k, nl;
	struct svg_line lines[SVG_MAX_LINES];

	for (i = 0; i < r->ns; i++) {
		const struct rep_series *s = &r->s[i];

		if (!is_drift(r, s) || seen_before(r, i, 0,
		    offsetof(struct rep_series, column)))
			continue;
		nl = 0;
		for (j = i; j < r->ns && nl < SVG_MAX_LINES; j++) {
			const struct rep_series *t = &r->s[j];
			double *yy = y + nl * nb;
			size_t m;

			if (!is_drift(r, t) || t->column != s->column)
				continue;
			fill_nan(yy, nb);
			/* series of other contracts or models of the same
			 * kind share the line: the largest */
			for (m = 0; m < nl; m++)
				if (strcmp(lines[m].label, report_name(r,
				    t->kind)) == 0)
					break;
			if (m < nl)
				yy = (double *)lines[m].y;
			for (k = 0; k < nb; k++)
				if (t->b[k].nvalue && (isnan(yy[k]) ||
				    t->b[k].vmax > yy[k]))
					yy[k] = t->b[k].vmax;
			if (m == nl) {
				lines[nl].label = report_name(r, t->kind);
				lines[nl++].y = yy;
			}
		}
		buf_reset(title);
		buf_printf(title, "Drift statistic, %s", s->column ?
		    report_name(r, s->column) : "all columns");
		chart(c, title->data, "", lines, nl);
	}
}

static void
model_charts(struct charts *c, double *y, struct buf *title)
{
	const struct report *r = c->r;
	size_t nb = r->nbuckets, i, k;
	struct svg_line lines[2];

	for (i = 0; i < r->ns; i++) {
		const struct rep_series *s = &r->s[i];
		const char *m = s->model ? report_name(r, s->model) :
		    "no model version";
		int scores = 0;

		if (s->what != SERIES_PREDICTIONS)
			continue;
		for (k = 0; k < nb; k++) {
			const struct rep_bucket *bk = &s->b[k];

			y[k] = bk->events ? (double)bk->positives /
			    bk->events : NAN;
			y[nb + k] = bk->nvalue ? bk->vsum / bk->nvalue : NAN;
			scores |= bk->nvalue > 0;
		}
		buf_reset(title);
		buf_printf(title, "Predicted-positive share against mean "
		    "score, model %s", m);
		lines[0].label = "predicted-positive share";
		lines[0].y = y;
		lines[1].label = "mean score (estimated failure probability)";
		lines[1].y = y + nb;
		chart(c, title->data, "%", lines, scores ? 2 : 1);
	}
	for (i = 0; i < r->ns; i++) {
		const struct rep_series *s = &r->s[i];

		if (s->what != SERIES_FEEDBACK)
			continue;
		for (k = 0; k < nb; k++)
			y[k] = s->b[k].events;
		buf_reset(title);
		buf_printf(title, "Feedback: predictions flagged wrong, model "
		    "%s", s->model ? report_name(r, s->model) :
		    "no model version");
		chart_counts(c, title->data, "flagged wrong", y);
	}
}

/* perf_charts: per model version and metric, the mean estimate and the
 * mean realised value of the windows in each interval. */
static void
perf_charts(struct charts *c, double *y, struct buf *title)
{
	static const char *const ratios[] = { "precision", "recall",
	    "accuracy", "positive_rate", "auc" };
	const struct report *r = c->r;
	size_t nb = r->nbuckets, i, k;
	struct svg_line lines[2];

	for (i = 0; i < r->nperf; i++) {
		const struct rep_perf *p = &r->perf[i];
		const char *metric = report_name(r, p->metric);
		const char *unit = "";

		for (k = 0; k < NELEM(ratios); k++)
			if (strcmp(metric, ratios[k]) == 0)
				unit = "%";
		for (k = 0; k < nb; k++) {
			const struct rep_pbucket *bk = &p->b[k];

			y[k] = bk->nest ? bk->est / bk->nest : NAN;
			y[nb + k] = bk->nreal ? bk->real / bk->nreal : NAN;
		}
		buf_reset(title);
		buf_printf(title, "Performance: %s, estimated against realised",
		    metric);
		if (p->model)
			buf_printf(title, ", model %s", report_name(r,
			    p->model));
		lines[0].label = "estimated";
		lines[0].y = y;
		lines[1].label = "realised";
		lines[1].y = y + nb;
		chart(c, title->data, unit, lines, 2);
	}
}

/* outcome_chart: with --impact, the realised side: the monitored
 * failures of each interval the model caught (an alert in the lead
 * window) and missed, as the impact counts them. */
static void
outcome_chart(struct charts *c, double *y)
{
	const struct report *r = c->r;
	size_t nb = r->nbuckets, i, k;
	struct svg_line lines[2];

	if (!r->impact.has || r->impact.caught + r->impact.missed == 0)
		return;
	for (k = 0; k < 2 * nb; k++)
		y[k] = 0;
	for (i = 0; i < r->nf; i++) {
		const struct rep_failure *f = &r->f[i];
		long bk = report_bucket_of(r, f->time);

		if (bk < 0 || !f->monitored)
			continue;
		y[(f->first_alert == INT64_MIN ? nb : 0) + (size_t)bk]++;
	}
	lines[0].label = "failures caught";
	lines[0].y = y;
	lines[1].label = "failures missed";
	lines[1].y = y + nb;
	chart(c, "Realised: failures caught and missed", "", lines, 2);
}

static void
charts(const struct report *r, struct buf *b, struct output *o)
{
	struct charts c = { r, b, "", "", 0, 0 };
	struct buf title = {0};
	double *y;

	if (r->nbuckets == 0)
		return;
	report_fmt_time(r->o.since, c.from);
	report_fmt_time(r->o.until, c.to);
	y = xreallocarray(NULL, (SVG_MAX_LINES + 1) * r->nbuckets,
	    sizeof *y);
	buf_adds(b, "<section aria-labelledby=\"h-charts\">\n"
	    "<h2 id=\"h-charts\">Over the period</h2>\n<div class=\"charts\">\n");
	contract_charts(&c, y, &title);
	emit(o, b);
	drift_charts(&c, y, &title);
	emit(o, b);
	model_charts(&c, y, &title);
	perf_charts(&c, y, &title);
	outcome_chart(&c, y);
	buf_adds(b, "</div>\n");
	if (c.n == 0)
		buf_adds(b, "<p>No values over the period to chart.</p>\n");
	if (c.left)
		buf_printf(b, "<p>%zu more charts left out.</p>\n", c.left);
	buf_adds(b, "</section>\n");
	free(y);
	buf_free(&title);
}

static void
assets(const struct report *r, struct buf *b)
{
	size_t *ix, n, i;

	n = report_top_entities(r, REPORT_TOP, &ix);
	if (n > 0) {
		buf_adds(b, "<section aria-labelledby=\"h-assets\">\n<h2 "
		    "id=\"h-assets\">Assets with the most open alarms</h2>\n"
		    "<div class=\"scroll\"><table>\n<thead><tr><th>asset</th>"
		    "<th>status</th><th class=\"n\">firing critical</th>"
		    "<th class=\"n\">firing warning</th><th class=\"n\">"
		    "critical events</th><th class=\"n\">warning events</th>"
		    "</tr></thead>\n<tbody>\n");
		for (i = 0; i < n; i++) {
			const struct rep_entity *en = &r->ent[ix[i]];

			buf_adds(b, "<tr><td>");
			esc(b, report_name(r, en->name));
			buf_adds(b, "</td><td>");
			badge(b, en->status);
			buf_printf(b, "</td><td class=\"n\">%u</td><td "
			    "class=\"n\">%u</td><td class=\"n\">%llu</td><td "
			    "class=\"n\">%llu</td></tr>\n",
			    en->firing[SEV_CRITICAL], en->firing[SEV_WARNING],
			    (unsigned long long)en->period_sev[SEV_CRITICAL],
			    (unsigned long long)en->period_sev[SEV_WARNING]);
		}
		buf_adds(b, "</tbody>\n</table></div>\n</section>\n");
	}
	free(ix);
}

static void
alerts(const struct report *r, struct buf *b, const struct reportfmt_opts *f)
{
	size_t *ix, n, i;
	char t[TIME_BUFSZ], s[NUM_BUFSZ];

	if (!r->has_predictions)
		return;
	n = report_latest_alerts(r, HTML_ALERTS, &ix);
	buf_adds(b, "<section aria-labelledby=\"h-alerts\">\n<h2 "
	    "id=\"h-alerts\">Latest alerts</h2>\n");
	if (n == 0)
		buf_adds(b, "<p>No prediction alerted in the period.</p>\n");
	else {
		buf_printf(b, "<p>The latest alerting prediction of each "
		    "asset, the latest first (%zu of %zu assets)%s</p>\n", n,
		    r->nalert, f->feedback_url ? "; each links to its "
		    "feedback page, where one click says whether it was "
		    "right." : ".");
		buf_adds(b, "<div class=\"scroll\"><table>\n<thead><tr><th>"
		    "asset</th><th>time</th><th class=\"n\">score</th><th>"
		    "prediction</th></tr></thead>\n<tbody>\n");
	}
	for (i = 0; i < n; i++) {
		const struct rep_alert *a = &r->alert[ix[i]];

		buf_adds(b, "<tr><td>");
		esc(b, report_name(r, a->entity));
		report_fmt_time(a->time, t);
		buf_adds(b, "</td><td>");
		esc(b, t);
		report_fmt_num(a->score, s);
		buf_printf(b, "</td><td class=\"n\">%s</td><td>", s);
		if (a->id != NULL && f->feedback_url != NULL) {
			struct buf href = {0};

			buf_adds(&href, f->feedback_url);
			buf_adds(&href, strchr(f->feedback_url, '?') ?
			    "&id=" : "?id=");
			url_query(&href, a->id);
			buf_adds(b, "<a class=\"feedback\" href=\"");
			esc(b, href.data);
			buf_adds(b, "\">");
			esc(b, a->id);
			buf_adds(b, "</a>");
			buf_free(&href);
		} else
			esc(b, a->id);
		buf_adds(b, "</td></tr>\n");
	}
	if (n > 0)
		buf_adds(b, "</tbody>\n</table></div>\n");
	buf_adds(b, "</section>\n");
	free(ix);
}

static void
row(struct buf *b, const char *name, const char *value)
{
	buf_adds(b, "<tr><th scope=\"row\">");
	esc(b, name);
	buf_adds(b, "</th><td class=\"n\">");
	esc(b, value);
	buf_adds(b, "</td></tr>\n");
}

static void
share(double num, double den, char *out, size_t n)
{
	if (den > 0)
		snprintf(out, n, "%.1f%% (%.0f of %.0f)", 100 * num / den,
		    num, den);
	else
		snprintf(out, n, "-");
}

static void
impact(const struct report *r, struct buf *b)
{
	const struct rep_impact *m = &r->impact;
	char v[128], a[TIME_BUFSZ], c[NUM_BUFSZ];

	if (!m->has)
		return;
	buf_adds(b, "<section aria-labelledby=\"h-impact\">\n<h2 "
	    "id=\"h-impact\">Business impact</h2>\n<div class=\"scroll\">"
	    "<table>\n<tbody>\n");
	snprintf(v, sizeof v, "%zu", m->caught);
	row(b, "failures caught", v);
	snprintf(v, sizeof v, "%zu", m->missed);
	row(b, "failures missed", v);
	snprintf(v, sizeof v, "%zu", m->unmonitored);
	row(b, "failures unmonitored", v);
	snprintf(v, sizeof v, "%zu (%zu true, %zu false, %zu pending)",
	    m->episodes, m->true_alarms, m->false_alarms, m->pending);
	row(b, "alarm episodes", v);
	share((double)m->true_alarms, (double)(m->true_alarms +
	    m->false_alarms), v, sizeof v);
	row(b, "realised precision (true of judged alarms)", v);
	share((double)m->caught, (double)(m->caught + m->missed), v,
	    sizeof v);
	row(b, "realised recall (caught of monitored failures)", v);
	report_fmt_seconds(m->lead_median, a);
	row(b, "lead time, median", a);
	report_fmt_seconds(m->lead_p10, a);
	row(b, "lead time, p10", a);
	report_fmt_seconds(m->lead_p90, a);
	row(b, "lead time, p90", a);
	report_fmt_num(m->downtime_avoided_s / 3600, a);
	report_fmt_num(m->downtime_total_s / 3600, c);
	snprintf(v, sizeof v, "%s h of %s h", a, c);
	row(b, "downtime avoided", v);
	if (isnan(m->money_saved))
		snprintf(v, sizeof v, "-");
	else
		snprintf(v, sizeof v, "%.2f", m->money_saved);
	row(b, "money saved", v);
	buf_adds(b, "</tbody>\n</table></div>\n</section>\n");
}

static void
gate(const struct report *r, struct buf *b, struct output *o)
{
	size_t i, from;
	char t[TIME_BUFSZ];

	if (!r->has_ledger)
		return;
	from = r->ngate > HTML_GATE ? r->ngate - HTML_GATE : 0;
	buf_printf(b, "<section aria-labelledby=\"h-gate\">\n<h2 "
	    "id=\"h-gate\">Retrain gate</h2>\n<p>%zu record%s", r->ngate,
	    r->ngate == 1 ? "" : "s");
	if (from)
		buf_printf(b, ", the last %d shown", HTML_GATE);
	buf_adds(b, ": decisions with the candidate's metrics (estimated on "
	    "the gate's data), promotions and rollbacks.</p>\n");
	if (r->ngate == 0) {
		buf_adds(b, "</section>\n");
		return;
	}
	buf_adds(b, "<div class=\"scroll\"><table>\n<thead><tr><th>time</th>"
	    "<th>decision</th><th>candidate</th><th>production after</th>"
	    "<th>metrics</th><th>failed rules</th></tr></thead>\n<tbody>\n");
	for (i = r->ngate; i-- > from;) {
		const struct rep_gate *g = &r->gate[i];

		report_fmt_time(g->time, t);
		buf_adds(b, "<tr><td>");
		esc(b, t);
		buf_adds(b, "</td><td>");
		esc(b, g->decision);
		buf_adds(b, "</td><td>");
		esc(b, g->candidate);
		buf_adds(b, "</td><td>");
		esc(b, g->production);
		buf_adds(b, "</td><td>");
		esc(b, g->metrics);
		buf_adds(b, "</td><td>");
		esc(b, g->failed && *g->failed ? g->failed : NULL);
		buf_adds(b, "</td></tr>\n");
		if (b->len > 65536)
			emit(o, b);
	}
	buf_adds(b, "</tbody>\n</table></div>\n</section>\n");
}

void
report_html(const struct report *r, struct output *o,
    const struct reportfmt_opts *f)
{
	struct buf b = {0};

	head(r, &b, f);
	tiles(r, &b);
	emit(o, &b);
	charts(r, &b, o);
	emit(o, &b);
	assets(r, &b);
	alerts(r, &b, f);
	impact(r, &b);
	emit(o, &b);
	gate(r, &b, o);
	buf_printf(&b, "</main>\n<footer><p>Written by mlo-report %s. This "
	    "page holds everything it shows: it runs no script and fetches "
	    "nothing.</p></footer>\n</body>\n</html>\n", MLO_VERSION);
	emit(o, &b);
	buf_free(&b);
}
