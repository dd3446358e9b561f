#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cgi.h"
#include "svgchart.h"

#define W 320
#define H 132
#define LEFT 44
#define RIGHT 8
#define TOP 10
#define BOTTOM 24

int
svg_chart_has_data(const struct svg_chart *c)
{
	size_t i, k;

	for (i = 0; i < c->nlines; i++)
		for (k = 0; k < c->n; k++)
			if (!isnan(c->line[i].y[k]))
				return 1;
	return 0;
}

static void
esc(struct buf *b, const char *s)
{
	html_escape(b, s, strlen(s));
}

/* fmt: V for people, in C's unit, into OUT. */
static void
fmt(const struct svg_chart *c, double v, char *out, size_t n)
{
	if (strcmp(c->unit, "%") == 0)
		snprintf(out, n, "%.3g%%", v * 100);
	else
		snprintf(out, n, "%.4g%s", v, c->unit);
}

/* describe: the numbers of line L for the <desc>. */
static void
describe(struct buf *b, const struct svg_chart *c, const struct svg_line *l)
{
	double lo = INFINITY, hi = -INFINITY, last = NAN;
	size_t k, have = 0;
	char x[48], y[48], z[48];

	for (k = 0; k < c->n; k++) {
		if (isnan(l->y[k]))
			continue;
		have++;
		lo = fmin(lo, l->y[k]);
		hi = fmax(hi, l->y[k]);
		last = l->y[k];
	}
	esc(b, l->label);
	if (have == 0) {
		buf_adds(b, ": no data. ");
		return;
	}
	fmt(c, lo, x, sizeof x);
	fmt(c, hi, y, sizeof y);
	fmt(c, last, z, sizeof z);
	buf_printf(b, ": %zu of %zu intervals with data, lowest %s, highest "
	    "%s, latest %s. ", have, c->n, x, y, z);
}

static double
px(const struct svg_chart *c, size_t k)
{
	if (c->n <= 1)
		return LEFT + (W - LEFT - RIGHT) / 2.0;
	return LEFT + (double)k * (W - LEFT - RIGHT) / (double)(c->n - 1);
}

void
svg_chart(struct buf *b, const struct svg_chart *c)
{
	double lo = INFINITY, hi = -INFINITY, span;
	struct buf alt = {0};
	size_t i, k;
	char t[48];

	for (i = 0; i < c->nlines; i++)
		for (k = 0; k < c->n; k++)
			if (!isnan(c->line[i].y[k])) {
				lo = fmin(lo, c->line[i].y[k]);
				hi = fmax(hi, c->line[i].y[k]);
			}
	if (!(lo <= hi))
		lo = hi = 0;
	if (lo > 0)
		lo = 0;		/* from zero, unless values go below */
	if (hi <= lo)
		hi = lo + 1;
	span = hi - lo;
	/* the text alternative: aria-label, and <title>, <desc> for tips */
	buf_reset(&alt);
	esc(&alt, c->title);
	buf_adds(&alt, ". From ");
	esc(&alt, c->from);
	buf_adds(&alt, " to ");
	esc(&alt, c->to);
	buf_adds(&alt, ". ");
	for (i = 0; i < c->nlines && i < SVG_MAX_LINES; i++)
		describe(&alt, c, &c->line[i]);
	while (alt.len && alt.data[alt.len - 1] == ' ')
		alt.data[--alt.len] = '\0';
	buf_printf(b, "<svg class=\"chart\" id=\"%s\" viewBox=\"0 0 %d %d\" "
	    "role=\"img\" aria-label=\"%s\" "
	    "xmlns=\"http://www.w3.org/2000/svg\">\n<title>", c->id, W, H,
	    alt.data);
	esc(b, c->title);
	buf_printf(b, "</title>\n<desc>%s</desc>\n", alt.data);
	buf_free(&alt);
	/* axes, the top value and zero */
	buf_printf(b, "<path class=\"axis\" d=\"M%d %dV%dH%d\"/>\n", LEFT, TOP,
	    H - BOTTOM, W - RIGHT);
	buf_printf(b, "<path class=\"grid\" d=\"M%d %dH%d\"/>\n", LEFT, TOP,
	    W - RIGHT);
	fmt(c, hi, t, sizeof t);
	buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", LEFT - 3,
	    TOP + 4);
	esc(b, t);
	fmt(c, lo, t, sizeof t);
	buf_printf(b, "</text>\n<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
	    LEFT - 3, H - BOTTOM + 4);
	esc(b, t);
	buf_printf(b, "</text>\n<text x=\"%d\" y=\"%d\">", LEFT, H - 6);
	esc(b, c->from);
	buf_printf(b, "</text>\n<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
	    W - RIGHT, H - 6);
	esc(b, c->to);
	buf_adds(b, "</text>\n");
	for (i = 0; i < c->nlines && i < SVG_MAX_LINES; i++) {
		const double *y = c->line[i].y;
		int open = 0;

		buf_printf(b, "<g class=\"l%zu\">", i);
		for (k = 0; k < c->n; k++) {
			double yy;
			int alone;

			if (isnan(y[k])) {
				if (open)
					buf_adds(b, "\"/>");
				open = 0;
				continue;
			}
			yy = TOP + (hi - y[k]) / span * (H - TOP - BOTTOM);
			alone = (k == 0 || isnan(y[k - 1])) &&
			    (k + 1 == c->n || isnan(y[k + 1]));
			if (alone) {
				buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" "
				    "r=\"2.5\"/>", px(c, k), yy);
				continue;
			}
			buf_printf(b, "%s%.1f,%.1f", open ? " " :
			    "<polyline points=\"", px(c, k), yy);
			open = 1;
		}
		if (open)
			buf_adds(b, "\"/>");
		buf_adds(b, "</g>\n");
	}
	buf_adds(b, "</svg>\n");
	if (c->nlines > 1) {
		buf_adds(b, "<p class=\"legend\">");
		for (i = 0; i < c->nlines && i < SVG_MAX_LINES; i++) {
			buf_printf(b, "<span class=\"k%zu\">", i);
			esc(b, c->line[i].label);
			buf_adds(b, "</span> ");
		}
		buf_adds(b, "</p>\n");
	}
}
