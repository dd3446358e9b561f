/*
 * svgchart: small inline SVG line charts for the HTML report (rephtml):
 * no script, no font or image fetched, and a text alternative (role="img"
 * with <title> and <desc>) that says what the lines show in numbers.
 */
#ifndef MLO_SVGCHART_H
#define MLO_SVGCHART_H

#include <stddef.h>

#include "util.h"

#define SVG_MAX_LINES 4

struct svg_line {
	const char *label;	/* in the legend and the description */
	const double *y;	/* n values; NAN: no data there */
};

struct svg_chart {
	const char *id;		/* unique in the page, [a-z0-9-] */
	const char *title;	/* the chart's name */
	const char *unit;	/* after numbers ("", "%" scales by 100) */
	const char *from, *to;	/* the x axis' ends, as text */
	const struct svg_line *line;
	size_t nlines, n;	/* lines, and points of each */
};

/* svg_chart_has_data: whether any value of C is a number. */
int svg_chart_has_data(const struct svg_chart *c);

/* svg_chart: C as an <svg> element appended to B, all text escaped. */
void svg_chart(struct buf *b, const struct svg_chart *c);

#endif
