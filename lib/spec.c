/*
 * spec: loading mlo-features(5) specs.  Each column is checked as it is
 * read; the dependencies between features (a window over an expression,
 * an expression over other features) are then ordered, and a cycle among
 * them is a mistake.  The canonical form, which the feature_set hash
 * covers, is written from the loaded spec, not from its text.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#include "num.h"
#include "spec.h"
#include "specload.h"
#include "writer.h"
#include "yamlcfg.h"

static const char *const reserved[] = {
	"feature_set", "row_id", "label", "rul", NULL
};

int
spec_reserved(const char *name)
{
	size_t i;

	for (i = 0; reserved[i] != NULL; i++)
		if (strcmp(name, reserved[i]) == 0)
			return 1;
	return 0;
}

struct spec_pos
spec_pos_of(const struct ynode *n)
{
	struct spec_pos p = { n->line, n->col };

	return p;
}

int
spec_err(const struct spec *s, struct spec_pos p, struct mlo_error *e,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror_at(e, display_name(s->path), p.line, p.col, fmt, ap);
	va_end(ap);
	return -1;
}

long
spec_feature(const struct spec *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nfeats; i++)
		if (strcmp(s->feats[i].name, name) == 0)
			return (long)i;
	return -1;
}

size_t
spec_nouts(const struct spec *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->nfeats; i++)
		n += s->feats[i].nouts;
	return n;
}

long
spec_output(const struct spec *s, const char *name)
{
	size_t i, k;

	for (i = 0; i < s->nfeats; i++)
		for (k = 0; k < s->feats[i].nouts; k++)
			if (strcmp(s->feats[i].outs[k], name) == 0)
				return (long)i;
	return -1;
}

/* A scalar that names something: not null, not empty, no collection. */
int
spec_load_name(const struct ydoc *d, const struct ynode *n, const char *what,
    char **out, struct mlo_error *e)
{
	const char *s;

	if (n == NULL || ynode_is_null(n))
		return ydoc_err(d, n, e, "'%s' needs a name", what);
	if (ynode_str(d, n, what, &s, e) == -1)
		return -1;
	if (s[0] == '\0' || strlen(s) != n->len)
		return ydoc_err(d, n, e, "'%s' needs a name", what);
	*out = xstrdup(s);
	return 0;
}

static int
load_time(struct spec *s, const struct ydoc *d, const struct ynode *n,
    struct mlo_error *e)
{
	static const char *const keys[] = { "column", "format", NULL };
	const struct ynode *v;
	const char *f;

	s->time_kind = TIME_RFC3339;
	s->time_pos = spec_pos_of(n);
	if (n->type == YNODE_SCALAR)
		return spec_load_name(d, n, "time", &s->time, e);
	if (ynode_want(d, n, YNODE_MAP, "time", e) == -1 ||
	    ynode_check_keys(d, n, keys, "time", e) == -1 ||
	    (v = ynode_need(d, n, "column", "time", e)) == NULL ||
	    spec_load_name(d, v, "column", &s->time, e) == -1)
		return -1;
	s->time_pos = spec_pos_of(v);
	if ((v = ynode_get(n, "format")) == NULL)
		return 0;
	if (ynode_str(d, v, "format", &f, e) == -1)
		return -1;
	if (strcmp(f, "rfc3339") == 0)
		s->time_kind = TIME_RFC3339;
	else if (strcmp(f, "epoch") == 0)
		s->time_kind = TIME_EPOCH;
	else if (strcmp(f, "step") == 0)
		s->time_kind = TIME_STEP;
	else
		return ydoc_err(d, v, e, "time format '%s' is not rfc3339, "
		    "epoch or step", f);
	return 0;
}

/*
 * A span of time: a duration with a unit, or with step time a number of
 * steps written "25 steps" (a bare number counts rows instead).
 */
static int
load_span(const struct spec *s, const struct ydoc *d, const struct ynode *n,
    const char *what, mlo_time *out, struct mlo_error *e)
{
	const char *str;
	size_t len;

	if (ynode_str(d, n, what, &str, e) == -1)
		return -1;
	len = n->len;
	if (s->time_kind == TIME_STEP) {
		if (len > 5 && strcmp(str + len - 5, "steps") == 0)
			len -= 5;
		else if (len > 4 && strcmp(str + len - 4, "step") == 0)
			len -= 4;
		else
			return ydoc_err(d, n, e, "%s '%s': with step time a "
			    "span is a number of steps, as '25 steps'", what,
			    str);
		while (len > 0 && str[len - 1] == ' ')
			len--;
	}
	if (duration_parse(str, len, s->time_kind, out, e) == -1) {
		char msg[sizeof e->msg];

		memcpy(msg, e->msg, sizeof msg);
		return ydoc_err(d, n, e, "%s: %s", what, msg);
	}
	if (*out <= 0)
		return ydoc_err(d, n, e, "%s must be above 0", what);
	return 0;
}

/* A whole number of rows in [1, ROLL_MAX_COUNT]. */
int
spec_load_count(const struct ydoc *d, const struct ynode *n, const char *what,
    int64_t *out, struct mlo_error *e)
{
	if (ynode_int(d, n, what, out, e) == -1)
		return -1;
	if (*out <= 0)
		return ydoc_err(d, n, e, "%s must be above 0, got %lld", what,
		    (long long)*out);
	if (*out > ROLL_MAX_COUNT)
		return ydoc_err(d, n, e, "%s must be at most %d", what,
		    ROLL_MAX_COUNT);
	return 0;
}

static int
is_integer(const struct ynode *n)
{
	int64_t k;

	return n->type == YNODE_SCALAR && n->plain &&
	    num_parse_int(n->str, n->len, &k) == 0;
}

static int
load_window(struct spec *s, struct feature *f, const struct ydoc *d,
    const struct ynode *col, struct mlo_error *e)
{
	const struct ynode *w = ynode_get(col, "window");
	const struct ynode *st = ynode_get(col, "stat");
	const struct ynode *q = ynode_get(col, "q");
	const struct ynode *mp = ynode_get(col, "min_periods");
	const char *name;

	f->kind = FK_WINDOW;
	if (st == NULL)
		return ydoc_err(d, col, e, "column '%s' has a window but no "
		    "'stat'", f->name);
	if (ynode_str(d, st, "stat", &name, e) == -1)
		return -1;
	if (roll_stat_parse(name, &f->stat) == -1)
		return ydoc_err(d, st, e, "unknown stat '%s' (%s)", name,
		    roll_stat_names());
	if (is_integer(w)) {
		if (spec_load_count(d, w, "window", &f->shape.count, e) == -1)
			return -1;
		f->min_periods = f->shape.count;
	} else {
		if (load_span(s, d, w, "window", &f->shape.span, e) == -1)
			return -1;
		f->min_periods = 1;
	}
	f->shape.ordered = f->stat == RS_MEDIAN || f->stat == RS_QUANTILE ||
	    f->stat == RS_MIN || f->stat == RS_MAX ||
	    f->stat == RS_PEAK_TO_PEAK || f->stat == RS_CREST_FACTOR;
	if (f->stat == RS_QUANTILE) {
		if (q == NULL)
			return ydoc_err(d, st, e, "stat quantile needs 'q', "
			    "as q: 0.9");
		if (ynode_num(d, q, "q", &f->q, e) == -1)
			return -1;
		if (f->q < 0 || f->q > 1)
			return ydoc_err(d, q, e, "q must be between 0 and 1");
	} else if (q != NULL)
		return ydoc_err(d, q, e, "'q' is for stat quantile only");
	if (mp != NULL) {
		if (spec_load_count(d, mp, "min_periods", &f->min_periods, e) == -1)
			return -1;
		if (f->shape.count > 0 && f->min_periods > f->shape.count)
			return ydoc_err(d, mp, e, "min_periods %lld is above "
			    "the window of %lld", (long long)f->min_periods,
			    (long long)f->shape.count);
	}
	return 0;
}

static int
load_ewma(struct spec *s, struct feature *f, const struct ydoc *d,
    const struct ynode *col, struct mlo_error *e)
{
	static const char *const keys[] = { "alpha", "span", "halflife",
	    NULL };
	const struct ynode *n = ynode_get(col, "ewma"), *v;
	const struct ynode *mp = ynode_get(col, "min_periods");
	double x;

	f->kind = FK_EWMA;
	f->ewma.min_periods = 1;
	if (ynode_want(d, n, YNODE_MAP, "ewma", e) == -1 ||
	    ynode_check_keys(d, n, keys, "ewma", e) == -1)
		return -1;
	if (n->n != 1)
		return ydoc_err(d, n, e, "ewma needs one of alpha, span or "
		    "halflife");
	v = n->items[0];
	if (strcmp(n->keys[0]->str, "alpha") == 0) {
		if (ynode_num(d, v, "alpha", &x, e) == -1)
			return -1;
		if (!(x > 0 && x <= 1))
			return ydoc_err(d, v, e, "alpha must be in (0, 1]");
		f->ewma.alpha = x;
	} else if (strcmp(n->keys[0]->str, "span") == 0) {
		if (ynode_num(d, v, "span", &x, e) == -1)
			return -1;
		if (!(x >= 1))
			return ydoc_err(d, v, e, "span must be at least 1");
		f->ewma.alpha = 2 / (x + 1);
	} else if (v->type == YNODE_SCALAR && v->plain &&
	    num_parse(v->str, v->len, &x) == 0) {
		/* A bare number: a half-life counted in rows. */
		if (!(x > 0) || x != x || x - x != 0)
			return ydoc_err(d, v, e, "halflife must be above 0");
		f->ewma.alpha = 1 - exp(log(0.5) / x);
	} else if (load_span(s, d, v, "halflife", &f->ewma.halflife_t, e) ==
	    -1)
		return -1;
	else
		f->ewma.alpha = 0.5;	/* pandas' com=1 with times= */
	if (mp != NULL && spec_load_count(d, mp, "min_periods",
	    &f->ewma.min_periods, e) == -1)
		return -1;
	return 0;
}

/* The position of byte COL (1-based) of an expression scalar N. */
static struct spec_pos
expr_pos(const struct ynode *n, size_t col)
{
	struct spec_pos p = { n->line, n->col + (long)col - 1 };

	if (!n->plain)
		p.col++;	/* the opening quote */
	return p;
}

static int
load_expr(struct feature *f, const struct ydoc *d, const struct ynode *n,
    struct mlo_error *e)
{
	const char *src;
	size_t col = 0, i;

	f->kind = FK_EXPR;
	if (ynode_str(d, n, "expr", &src, e) == -1)
		return -1;
	if ((f->expr = expr_compile(src, n->len, &col, e)) == NULL) {
		struct spec_pos p = expr_pos(n, col);
		char msg[sizeof e->msg];

		memcpy(msg, e->msg, sizeof msg);
		return error_at(e, ydoc_name(d), p.line, p.col, "expr: %s",
		    msg);
	}
	f->name_pos = xcalloc(expr_nnames(f->expr) + 1, sizeof *f->name_pos);
	for (i = 0; i < expr_nnames(f->expr); i++)
		f->name_pos[i] = expr_pos(n, expr_name_col(f->expr, i));
	return 0;
}

static int
load_column(struct spec *s, struct feature *f, const struct ydoc *d,
    const struct ynode *col, size_t idx, struct mlo_error *e)
{
	static const char *const keys[] = { "name", "from", "window", "stat",
	    "q", "min_periods", "ewma", "lag", "diff", "pct_change", "expr",
	    "spectrum", "description", NULL };
	static const char *const kinds[] = { "window", "ewma", "lag", "diff",
	    "pct_change", "expr", "spectrum" };
	const struct ynode *v, *kind = NULL;
	const char *kname = NULL;
	char where[32];
	size_t i;

	snprintf(where, sizeof where, "columns[%zu]", idx);
	if (ynode_want(d, col, YNODE_MAP, where, e) == -1 ||
	    ynode_check_keys(d, col, keys, where, e) == -1 ||
	    (v = ynode_need(d, col, "name", where, e)) == NULL ||
	    spec_load_name(d, v, "name", &f->name, e) == -1)
		return -1;
	f->pos = spec_pos_of(v);
	if (spec_reserved(f->name))
		return ydoc_err(d, v, e, "'%s' is a column mlo-features adds: "
		    "choose another name", f->name);
	for (i = 0; i < idx; i++)
		if (strcmp(s->feats[i].name, f->name) == 0)
			return ydoc_err(d, v, e, "column '%s' is defined twice "
			    "(first at line %ld)", f->name,
			    s->feats[i].pos.line);
	for (i = 0; i < NELEM(kinds); i++) {
		if ((v = ynode_get(col, kinds[i])) == NULL)
			continue;
		if (kind != NULL)
			return ydoc_err(d, v, e, "column '%s' has both '%s' "
			    "and '%s': one column, one feature", f->name,
			    kname, kinds[i]);
		kind = v;
		kname = kinds[i];
	}
	if (kind == NULL)
		return ydoc_err(d, col, e, "column '%s' needs one of window, "
		    "ewma, lag, diff, pct_change, expr or spectrum", f->name);
	if (s->snap.on && strcmp(kname, "spectrum") != 0)
		return ydoc_err(d, kind, e, "a snapshot spec has spectrum "
		    "columns only, not %s", kname);
	if (strcmp(kname, "window") != 0)
		for (i = 0; i < 3; i++) {
			const char *k = i == 0 ? "stat" : i == 1 ? "q" :
			    "min_periods";

			if ((v = ynode_get(col, k)) != NULL && !(i == 2 &&
			    strcmp(kname, "ewma") == 0))
				return ydoc_err(d, v, e, "'%s' goes with a "
				    "window, not with %s", k, kname);
		}
	v = ynode_get(col, "from");
	if (strcmp(kname, "spectrum") == 0 && s->snap.on) {
		if (v != NULL)
			return ydoc_err(d, v, e, "in a snapshot spec a spectrum "
			    "reads every channel: no 'from'");
		return spec_load_spectrum(f, d, kind, e);
	}
	if (strcmp(kname, "expr") == 0) {
		if (v != NULL)
			return ydoc_err(d, v, e, "an expr column reads its "
			    "names from the expression: no 'from'");
		return load_expr(f, d, kind, e);
	}
	if (v == NULL)
		return ydoc_err(d, col, e, "column '%s' needs 'from', the "
		    "column it is computed from", f->name);
	if (spec_load_name(d, v, "from", &f->from, e) == -1)
		return -1;
	f->from_pos = spec_pos_of(v);
	if (strcmp(kname, "window") == 0)
		return load_window(s, f, d, col, e);
	if (strcmp(kname, "ewma") == 0)
		return load_ewma(s, f, d, col, e);
	if (strcmp(kname, "spectrum") == 0)
		return spec_load_spectrum(f, d, kind, e);
	f->kind = strcmp(kname, "lag") == 0 ? FK_LAG :
	    strcmp(kname, "diff") == 0 ? FK_DIFF : FK_PCT_CHANGE;
	return spec_load_count(d, kind, kname, &f->distance, e);
}

static int
load_input(struct spec *s, const struct ydoc *d, const struct ynode *n,
    struct mlo_error *e)
{
	static const char *const keys[] = { "delimiter", "header", "columns",
	    NULL };
	const struct ynode *v;
	size_t i, j;

	if (ynode_want(d, n, YNODE_MAP, "input", e) == -1 ||
	    ynode_check_keys(d, n, keys, "input", e) == -1)
		return -1;
	if ((v = ynode_get(n, "delimiter")) != NULL) {
		struct reader_opts o = {0};
		const char *str;

		if (ynode_str(d, v, "delimiter", &str, e) == -1)
			return -1;
		if (reader_opts_delimiter(&o, str, e) == -1)
			return ydoc_err(d, v, e, "delimiter '%s' is not one "
			    "byte, 'tab' or 'space'", str);
		s->has_delimiter = 1;
		s->delimiter = o.delimiter;
	}
	if ((v = ynode_get(n, "header")) != NULL) {
		int header;

		if (ynode_bool(d, v, "header", &header, e) == -1)
			return -1;
		s->no_header = !header;
	}
	if ((v = ynode_get(n, "columns")) == NULL)
		return 0;
	if (ynode_want(d, v, YNODE_SEQ, "columns", e) == -1)
		return -1;
	s->columns = xcalloc(v->n + 1, sizeof *s->columns);
	for (i = 0; i < v->n; i++) {
		if (spec_load_name(d, v->items[i], "columns", &s->columns[i], e) ==
		    -1)
			return -1;
		s->ncolumns++;
		for (j = 0; j < i; j++)
			if (strcmp(s->columns[j], s->columns[i]) == 0)
				return ydoc_err(d, v->items[i], e, "input "
				    "column '%s' named twice", s->columns[i]);
	}
	return 0;
}

void
spec_reader_opts(const struct spec *s, const struct reader_opts *cli,
    struct reader_opts *out)
{
	char **names = cli->ncolumns ? cli->columns : s->columns;
	size_t i, n = cli->ncolumns ? cli->ncolumns : s->ncolumns;

	*out = *cli;
	if (!cli->delimiter && s->has_delimiter)
		out->delimiter = s->delimiter;
	out->no_header = cli->no_header || s->no_header;
	out->columns = NULL;
	out->ncolumns = 0;
	if (!out->no_header)
		return;
	out->columns = xcalloc(n + 1, sizeof *out->columns);
	for (i = 0; i < n; i++)
		out->columns[i] = xstrdup(names[i]);
	out->ncolumns = n;
}

static int
load_emit(struct spec *s, const struct ydoc *d, const struct ynode *n,
    struct mlo_error *e)
{
	static const char *const keys[] = { "every", NULL };
	const struct ynode *v;

	if (n->type == YNODE_SCALAR) {
		if (strcmp(n->str, "every_row") == 0)
			s->emit = EMIT_ROWS;
		else if (strcmp(n->str, "windows") == 0)
			s->emit = EMIT_WINDOWS;
		else
			return ydoc_err(d, n, e, "emit is 'every_row', "
			    "'windows' or {every: DURATION}, not '%s'", n->str);
		return 0;
	}
	if (ynode_want(d, n, YNODE_MAP, "emit", e) == -1 ||
	    ynode_check_keys(d, n, keys, "emit", e) == -1 ||
	    (v = ynode_need(d, n, "every", "emit", e)) == NULL)
		return -1;
	s->emit = EMIT_EVERY;
	return load_span(s, d, v, "every", &s->every, e);
}

/* A list of distinct names. */
static int
load_names(const struct ydoc *d, const struct ynode *n, const char *what,
    char ***out, size_t *nout, struct mlo_error *e)
{
	size_t i, j;

	if (ynode_want(d, n, YNODE_SEQ, what, e) == -1)
		return -1;
	if (n->n == 0)
		return ydoc_err(d, n, e, "'%s' names nothing", what);
	*out = xcalloc(n->n + 1, sizeof **out);
	for (i = 0; i < n->n; i++) {
		if (spec_load_name(d, n->items[i], what, &(*out)[i], e) == -1)
			return -1;
		*nout = i + 1;
		for (j = 0; j < i; j++)
			if (strcmp((*out)[j], (*out)[i]) == 0)
				return ydoc_err(d, n->items[i], e, "%s names "
				    "'%s' twice", what, (*out)[i]);
	}
	return 0;
}

/*
 * snapshot: {channels: [...], time: {file: PATTERN}} or time: {columns:
 * [HOUR, MINUTE, SECOND, MICROSECOND], date: YYYY-MM-DD}.
 */
static int
load_snapshot(struct spec *s, const struct ydoc *d, const struct ynode *n,
    struct mlo_error *e)
{
	static const char *const keys[] = { "channels", "time", NULL };
	static const char *const tkeys[] = { "file", "columns", "date", NULL };
	struct snapshot_spec *sn = &s->snap;
	const struct ynode *v, *t, *f, *c;

	sn->on = 1;
	if (ynode_want(d, n, YNODE_MAP, "snapshot", e) == -1 ||
	    ynode_check_keys(d, n, keys, "snapshot", e) == -1 ||
	    (v = ynode_need(d, n, "channels", "snapshot", e)) == NULL ||
	    load_names(d, v, "channels", &sn->channels, &sn->nchannels, e) ==
	    -1 || (t = ynode_need(d, n, "time", "snapshot", e)) == NULL ||
	    ynode_check_keys(d, t, tkeys, "snapshot time", e) == -1)
		return -1;
	sn->channels_pos = spec_pos_of(v);
	sn->time_pos = spec_pos_of(t);
	f = ynode_get(t, "file");
	c = ynode_get(t, "columns");
	if ((f == NULL) == (c == NULL))
		return ydoc_err(d, t, e, "snapshot time is {file: PATTERN} or "
		    "{columns: [HOUR, MINUTE, SECOND, MICROSECOND], date: "
		    "DATE}");
	if (f != NULL) {
		const char *p;

		if (ynode_get(t, "date") != NULL)
			return ydoc_err(d, ynode_get(t, "date"), e, "'date' "
			    "goes with 'columns'");
		if (ynode_str(d, f, "file", &p, e) == -1)
			return -1;
		if (strchr(p, '%') == NULL)
			return ydoc_err(d, f, e, "file pattern '%s' has no "
			    "%% conversion, as '%%Y.%%m.%%d.%%H.%%M.%%S'", p);
		sn->file_pattern = xstrdup(p);
		return 0;
	}
	{
		char **names = NULL;
		size_t nn = 0, i;
		const struct ynode *dt = ynode_need(d, t, "date",
		    "snapshot time", e);
		const char *ds;
		char stamp[64];
		int r;

		r = load_names(d, c, "columns", &names, &nn, e);
		if (r == 0 && (nn < 3 || nn > 4))
			r = ydoc_err(d, c, e, "snapshot time columns are "
			    "[HOUR, MINUTE, SECOND] and an optional "
			    "MICROSECOND, got %zu", nn);
		for (i = 0; i < nn; i++)
			if (r == 0 && i < 4)
				sn->hms[sn->nhms++] = names[i];
			else
				free(names[i]);
		free(names);
		if (r == -1 || dt == NULL ||
		    ynode_str(d, dt, "date", &ds, e) == -1)
			return -1;
		snprintf(stamp, sizeof stamp, "%sT00:00:00Z", ds);
		if (strlen(ds) != 10 || time_parse(stamp, strlen(stamp),
		    TIME_RFC3339, &sn->date, e) == -1)
			return ydoc_err(d, dt, e, "date '%s' is not YYYY-MM-DD",
			    ds);
	}
	return 0;
}

static int
load_keep(struct spec *s, const struct ydoc *d, const struct ynode *n,
    struct mlo_error *e)
{
	size_t i, j;

	if (ynode_want(d, n, YNODE_SEQ, "keep", e) == -1)
		return -1;
	s->keep = xcalloc(n->n + 1, sizeof *s->keep);
	s->keep_pos = xcalloc(n->n + 1, sizeof *s->keep_pos);
	for (i = 0; i < n->n; i++) {
		if (spec_load_name(d, n->items[i], "keep", &s->keep[i], e) == -1)
			return -1;
		s->nkeep++;
		s->keep_pos[i] = spec_pos_of(n->items[i]);
		for (j = 0; j < i; j++)
			if (strcmp(s->keep[j], s->keep[i]) == 0)
				return ydoc_err(d, n->items[i], e, "keep names "
				    "'%s' twice", s->keep[i]);
		if (spec_reserved(s->keep[i]))
			return ydoc_err(d, n->items[i], e, "'%s' is a column "
			    "mlo-features adds", s->keep[i]);
	}
	return 0;
}

/*
 * Order the features so that each comes after the features it reads;
 * a cycle is reported at the first feature found on it.
 */
enum { WHITE, GREY, BLACK };

static int
visit(struct spec *s, size_t i, int *colour, size_t *n, size_t *path,
    size_t depth, struct mlo_error *e)
{
	struct feature *f = &s->feats[i];
	size_t k, nrefs = f->kind == FK_EXPR ? expr_nnames(f->expr) :
	    f->from != NULL;

	if (colour[i] == BLACK)
		return 0;
	if (colour[i] == GREY) {
		struct buf b = {0};
		size_t j = 0;

		while (path[j] != i)
			j++;
		for (k = j; k < depth; k++)
			buf_printf(&b, "'%s' -> ", s->feats[path[k]].name);
		buf_printf(&b, "'%s'", f->name);
		spec_err(s, f->pos, e, "features read each other in a cycle: "
		    "%s", b.data);
		buf_free(&b);
		return -1;
	}
	colour[i] = GREY;
	path[depth] = i;
	for (k = 0; k < nrefs; k++) {
		const char *ref = f->kind == FK_EXPR ? expr_name(f->expr, k) :
		    f->from;
		long j = spec_feature(s, ref);

		if (j >= 0 && visit(s, (size_t)j, colour, n, path, depth + 1,
		    e) == -1)
			return -1;
	}
	colour[i] = BLACK;
	s->order[(*n)++] = i;
	return 0;
}

static int
order_features(struct spec *s, struct mlo_error *e)
{
	int *colour = xcalloc(s->nfeats + 1, sizeof *colour);
	size_t *path = xcalloc(s->nfeats + 1, sizeof *path);
	size_t i, n = 0;
	int r = 0;

	s->order = xcalloc(s->nfeats + 1, sizeof *s->order);
	for (i = 0; i < s->nfeats && r == 0; i++)
		r = visit(s, i, colour, &n, path, 0, e);
	free(colour);
	free(path);
	return r;
}

static void
canon_str(struct buf *b, const char *key, const char *v)
{
	buf_adds(b, key);
	buf_addc(b, '=');
	if (v == NULL)
		buf_adds(b, "null");
	else
		json_quote(b, v, strlen(v));
	buf_addc(b, '\n');
}

void
spec_canon_num(struct buf *b, const char *key, double v)
{
	char num[NUM_BUFSZ];

	num_format(v, num);
	buf_printf(b, " %s=%s", key, num);
}

/* The canonical form: one "key=value" line per meaning, in fixed order. */
static void
canonical(struct spec *s)
{
	static const char *const kinds[] = { "rfc3339", "epoch", "step" };
	struct buf b = {0};
	char num[NUM_BUFSZ];
	size_t i;

	buf_adds(&b, "mlo-features-spec 1\n");
	canon_str(&b, "features", s->name);
	canon_str(&b, "version", s->version);
	canon_str(&b, "entity", s->entity);
	canon_str(&b, "time", s->time);
	buf_printf(&b, "time_format=%s\nemit_every=%lld\n", kinds[s->time_kind],
	    (long long)s->every);
	if (s->emit == EMIT_WINDOWS)
		buf_adds(&b, "emit=windows\n");
	for (i = 0; i < s->nkeep; i++)
		canon_str(&b, "keep", s->keep[i]);
	for (i = 0; i < s->nfeats; i++) {
		const struct feature *f = &s->feats[i];

		canon_str(&b, "column", f->name);
		if (f->from != NULL)
			canon_str(&b, " from", f->from);
		switch (f->kind) {
		case FK_WINDOW:
			buf_printf(&b, " window=%lld/%lld stat=%s",
			    (long long)f->shape.count,
			    (long long)f->shape.span, roll_stat_name(f->stat));
			if (f->stat == RS_QUANTILE) {
				num_format(f->q, num);
				buf_printf(&b, " q=%s", num);
			}
			buf_printf(&b, " min_periods=%lld\n",
			    (long long)f->min_periods);
			break;
		case FK_EWMA:
			num_format(f->ewma.alpha, num);
			buf_printf(&b, " ewma alpha=%s halflife=%lld "
			    "min_periods=%lld\n", num,
			    (long long)f->ewma.halflife_t,
			    (long long)f->ewma.min_periods);
			break;
		case FK_LAG:
		case FK_DIFF:
		case FK_PCT_CHANGE:
			buf_printf(&b, " %s=%lld\n", f->kind == FK_LAG ? "lag" :
			    f->kind == FK_DIFF ? "diff" : "pct_change",
			    (long long)f->distance);
			break;
		case FK_EXPR:
			buf_adds(&b, " expr=");
			expr_canon(f->expr, &b);
			buf_addc(&b, '\n');
			break;
		case FK_SPECTRUM:
			spec_canon_spectrum(&b, f);
			break;
		}
	}
	if (s->snap.on) {
		for (i = 0; i < s->snap.nchannels; i++)
			canon_str(&b, "channel", s->snap.channels[i]);
		canon_str(&b, "snapshot_file", s->snap.file_pattern);
		for (i = 0; i < s->snap.nhms; i++)
			canon_str(&b, "snapshot_column", s->snap.hms[i]);
		buf_printf(&b, "snapshot_date=%lld\n",
		    (long long)s->snap.date);
	}
	s->canonical = buf_detach(&b);
}

static int
load_header(struct spec *s, const struct ydoc *d, const struct ynode *root,
    struct mlo_error *e)
{
	static const char *const keys[] = { "features", "version", "entity",
	    "time", "emit", "keep", "columns", "input", "snapshot",
	    "description", NULL };
	const struct ynode *v;

	if (ynode_want(d, root, YNODE_MAP, "the spec", e) == -1 ||
	    ynode_check_keys(d, root, keys, NULL, e) == -1 ||
	    (v = ynode_need(d, root, "features", NULL, e)) == NULL ||
	    spec_load_name(d, v, "features", &s->name, e) == -1 ||
	    (v = ynode_need(d, root, "version", NULL, e)) == NULL ||
	    spec_load_name(d, v, "version", &s->version, e) == -1 ||
	    (v = ynode_need(d, root, "time", NULL, e)) == NULL ||
	    load_time(s, d, v, e) == -1)
		return -1;
	if ((v = ynode_get(root, "entity")) != NULL) {
		if (spec_load_name(d, v, "entity", &s->entity, e) == -1)
			return -1;
		s->entity_pos = spec_pos_of(v);
	}
	if ((v = ynode_get(root, "emit")) != NULL &&
	    load_emit(s, d, v, e) == -1)
		return -1;
	if ((v = ynode_get(root, "keep")) != NULL &&
	    load_keep(s, d, v, e) == -1)
		return -1;
	if ((v = ynode_get(root, "input")) != NULL &&
	    load_input(s, d, v, e) == -1)
		return -1;
	if ((v = ynode_get(root, "snapshot")) != NULL) {
		if (load_snapshot(s, d, v, e) == -1)
			return -1;
		if (s->entity == NULL)
			return ydoc_err(d, root, e, "a snapshot spec needs "
			    "'entity', the output column that names the "
			    "channel");
		if (s->time_kind != TIME_RFC3339)
			return ydoc_err(d, root, e, "a snapshot spec's time "
			    "is an RFC 3339 timestamp");
		if (ynode_get(root, "keep") != NULL)
			return ydoc_err(d, ynode_get(root, "keep"), e, "a "
			    "snapshot spec keeps no input column");
	}
	return 0;
}

/*
 * After the columns: outputs unique and not clashing, spectra read by no
 * other feature, emit fitting the columns.
 */
static int
check_outputs(struct spec *s, const struct ynode *root, const struct ydoc *d,
    struct mlo_error *e)
{
	size_t i, k, j;

	for (i = 0; i < s->nfeats; i++) {
		struct feature *f = &s->feats[i];

		if (f->kind == FK_SPECTRUM)
			s->nspectra++;
		for (k = 0; k < f->nouts; k++) {
			for (j = 0; j < i; j++) {
				const struct feature *g = &s->feats[j];
				size_t m;

				for (m = 0; m < g->nouts; m++)
					if (strcmp(g->outs[m], f->outs[k]) == 0)
						return spec_err(s, f->pos, e,
						    "column '%s' is written by "
						    "both '%s' and '%s'",
						    f->outs[k], g->name,
						    f->name);
			}
			if (f->kind == FK_SPECTRUM && (spec_reserved(
			    f->outs[k]) || strcmp(f->outs[k], s->time) == 0 ||
			    (s->entity && strcmp(f->outs[k], s->entity) ==
			    0)))
				return spec_err(s, f->pos, e, "column '%s' of "
				    "spectrum '%s' has the name of a column "
				    "mlo-features writes", f->outs[k], f->name);
		}
		for (k = 0; k < (f->kind == FK_EXPR ? expr_nnames(f->expr) :
		    f->from != NULL); k++) {
			const char *ref = f->kind == FK_EXPR ?
			    expr_name(f->expr, k) : f->from;
			long o = spec_feature(s, ref);

			if (o >= 0 && s->feats[o].kind == FK_SPECTRUM)
				return spec_err(s, f->kind == FK_EXPR ?
				    f->name_pos[k] : f->from_pos, e, "'%s' "
				    "is a spectrum column: other features "
				    "cannot read it", ref);
			for (j = 0; j < s->nfeats && o < 0; j++)
				if (s->feats[j].kind == FK_SPECTRUM &&
				    spec_output(s, ref) == (long)j)
					return spec_err(s, f->kind == FK_EXPR ?
					    f->name_pos[k] : f->from_pos, e,
					    "'%s' is an output of spectrum "
					    "'%s': other features cannot read "
					    "it", ref, s->feats[j].name);
		}
	}
	if (ynode_get(root, "emit") == NULL && s->nspectra > 0)
		s->emit = EMIT_WINDOWS;
	if (s->emit == EMIT_WINDOWS && s->nspectra == 0)
		return ydoc_err(d, ynode_get(root, "emit"), e, "emit windows "
		    "needs a spectrum column");
	return 0;
}

struct spec *
spec_load(const char *path, struct mlo_error *e)
{
	struct spec *s = xcalloc(1, sizeof *s);
	const struct ynode *root, *cols;
	struct ydoc *d;
	size_t i;

	s->path = xstrdup(display_name(path));
	if ((d = ydoc_load_file(path, e)) == NULL)
		goto bad;
	root = ydoc_root(d);
	if (load_header(s, d, root, e) == -1 ||
	    (cols = ynode_need(d, root, "columns", NULL, e)) == NULL ||
	    ynode_want(d, cols, YNODE_SEQ, "columns", e) == -1)
		goto bad;
	if (cols->n == 0) {
		ydoc_err(d, cols, e, "'columns' defines no feature");
		goto bad;
	}
	if (cols->n > SPEC_MAX_FEATURES) {
		ydoc_err(d, cols, e, "more than %d columns", SPEC_MAX_FEATURES);
		goto bad;
	}
	s->feats = xcalloc(cols->n, sizeof *s->feats);
	for (i = 0; i < cols->n; i++) {
		if (load_column(s, &s->feats[i], d, cols->items[i], i, e) ==
		    -1) {
			s->nfeats = i + 1;
			goto bad;
		}
		s->nfeats = i + 1;
		if (s->feats[i].nouts == 0) {
			s->feats[i].outs = xcalloc(1, sizeof *s->feats[i].outs);
			s->feats[i].outs[0] = xstrdup(s->feats[i].name);
			s->feats[i].nouts = 1;
		}
	}
	if (check_outputs(s, root, d, e) == -1)
		goto bad;
	for (i = 0; i < s->nfeats; i++)
		if (strcmp(s->feats[i].name, s->time) == 0 ||
		    (s->entity && strcmp(s->feats[i].name, s->entity) == 0)) {
			spec_err(s, s->feats[i].pos, e, "column '%s' has the "
			    "name of the %s column", s->feats[i].name,
			    strcmp(s->feats[i].name, s->time) == 0 ? "time" :
			    "entity");
			goto bad;
		}
	if (order_features(s, e) == -1)
		goto bad;
	canonical(s);
	{
		char id[1024];

		snprintf(id, sizeof id, "%s@%s#%.8llx", s->name, s->version,
		    (unsigned long long)(XXH64(s->canonical,
		    strlen(s->canonical), 0) >> 32));
		s->id = xstrdup(id);
	}
	ydoc_free(d);
	return s;
bad:
	ydoc_free(d);
	spec_free(s);
	return NULL;
}

void
spec_free(struct spec *s)
{
	size_t i, k;

	if (s == NULL)
		return;
	for (i = 0; i < s->nfeats; i++) {
		free(s->feats[i].name);
		free(s->feats[i].from);
		expr_free(s->feats[i].expr);
		free(s->feats[i].name_pos);
		free(s->feats[i].sp);
		free(s->feats[i].speed_from);
		for (k = 0; k < s->feats[i].nouts; k++)
			free(s->feats[i].outs[k]);
		free(s->feats[i].outs);
	}
	for (i = 0; i < s->snap.nchannels; i++)
		free(s->snap.channels[i]);
	free(s->snap.channels);
	free(s->snap.file_pattern);
	for (i = 0; i < s->snap.nhms; i++)
		free(s->snap.hms[i]);
	free(s->feats);
	for (i = 0; i < s->ncolumns; i++)
		free(s->columns[i]);
	free(s->columns);
	for (i = 0; i < s->nkeep; i++)
		free(s->keep[i]);
	free(s->keep);
	free(s->keep_pos);
	free(s->order);
	free(s->path);
	free(s->name);
	free(s->version);
	free(s->id);
	free(s->canonical);
	free(s->entity);
	free(s->time);
	free(s);
}
