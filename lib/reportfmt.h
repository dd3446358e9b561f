/*
 * reportfmt: the report model (lib/report) written out as text for a
 * terminal or a cron mail (80 columns, colour only when asked), as
 * Markdown for a wiki page or a ticket, as NDJSON for other programs
 * (mlo-report(1), FORMATS), and as Prometheus text exposition (prom.c).
 * Formatters only read the model; the same model gives the same bytes.
 */
#ifndef MLO_REPORTFMT_H
#define MLO_REPORTFMT_H

#include <stddef.h>

#include "io.h"
#include "report.h"

#define REPORT_WIDTH 80
/* Rows of the top-assets, gate-history tables in text and Markdown. */
#define REPORT_TOP 10

struct reportfmt_opts {
	int colour;		/* ANSI colours for the statuses (text) */
	size_t entity_labels;	/* prometheus: per-entity series, top N */
	char stamp[48];		/* --now as written */
	const char *feedback_url;	/* html: links to mlo-feedback cgi */
};

void report_text(const struct report *r, struct output *o,
    const struct reportfmt_opts *f);
void report_markdown(const struct report *r, struct output *o,
    const struct reportfmt_opts *f);
void report_ndjson(const struct report *r, struct output *o,
    const struct reportfmt_opts *f);
/* report_html: one self-contained page (rephtml.c). */
void report_html(const struct report *r, struct output *o,
    const struct reportfmt_opts *f);
/* report_prometheus: text exposition format 0.0.4 (prom.c). */
void report_prometheus(const struct report *r, struct output *o,
    const struct reportfmt_opts *f);

/*
 * report_fmt_time, report_fmt_seconds (a duration, "2d3h"), report_fmt_num
 * (shortest round trip): the cells every format writes alike, into B of
 * TIME_BUFSZ (times, durations) or NUM_BUFSZ bytes, "-" for no time
 * (INT64_MIN or INT64_MAX) or NaN.
 */
void report_fmt_time(mlo_time t, char *b);
void report_fmt_seconds(double s, char *b);
void report_fmt_num(double v, char *b);

/* report_wrap: TEXT into lines of at most WIDTH bytes, the first
 * starting with FIRST, the rest with INDENT blanks, each ending '\n'. */
void report_wrap(struct buf *b, const char *first, size_t indent,
    const char *text, size_t width);

#endif
