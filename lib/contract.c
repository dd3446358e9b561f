#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract.h"
#include "num.h"
#include "util.h"
#include "yamlcfg.h"

static const char *const type_names[] = {
	"number", "integer", "string", "boolean", "timestamp", "enum"
};

const char *
col_type_name(enum col_type t)
{
	return type_names[t];
}

const char *
severity_name(enum severity s)
{
	return s == SEV_CRITICAL ? "critical" : s == SEV_WARNING ? "warning" :
	    "info";
}

int
severity_parse(const char *s, enum severity *out)
{
	if (strcmp(s, "critical") == 0)
		*out = SEV_CRITICAL;
	else if (strcmp(s, "warning") == 0)
		*out = SEV_WARNING;
	else if (strcmp(s, "info") == 0)
		*out = SEV_INFO;
	else
		return -1;
	return 0;
}

static int
time_kind_parse(const struct ydoc *d, const struct ynode *n,
    enum time_kind *out, struct mlo_error *e)
{
	const char *s;

	if (ynode_str(d, n, "format", &s, e) == -1)
		return -1;
	if (strcmp(s, "rfc3339") == 0)
		*out = TIME_RFC3339;
	else if (strcmp(s, "epoch") == 0)
		*out = TIME_EPOCH;
	else if (strcmp(s, "step") == 0)
		*out = TIME_STEP;
	else
		return ydoc_err(d, n, e, "time format '%s' is not rfc3339, "
		    "epoch or step", s);
	return 0;
}

static int
load_input(struct contract *c, const struct ydoc *d, const struct ynode *n,
    struct mlo_error *e)
{
	static const char *const keys[] = { "delimiter", "header", NULL };
	const struct ynode *v;

	if (ynode_want(d, n, YNODE_MAP, "input", e) == -1 ||
	    ynode_check_keys(d, n, keys, "input", e) == -1)
		return -1;
	if ((v = ynode_get(n, "delimiter")) != NULL) {
		struct reader_opts o = {0};
		const char *s;

		if (ynode_str(d, v, "delimiter", &s, e) == -1)
			return -1;
		if (reader_opts_delimiter(&o, s, e) == -1)
			return ydoc_err(d, v, e, "delimiter '%s' is not one "
			    "byte, 'tab' or 'space'", s);
		c->has_delimiter = 1;
		c->delimiter = o.delimiter;
	}
	if ((v = ynode_get(n, "header")) != NULL) {
		int header;

		if (ynode_bool(d, v, "header", &header, e) == -1)
			return -1;
		c->no_header = !header;
	}
	return 0;
}

static int
load_pair(const struct ydoc *d, const struct ynode *n, const char *what,
    double *lo, double *hi, struct mlo_error *e)
{
	if (n->type != YNODE_SEQ || n->n != 2)
		return ydoc_err(d, n, e, "%s needs two numbers [low, high], "
		    "got %s", what, n->type == YNODE_SEQ ? (n->n == 1 ? "1" :
		    n->n == 0 ? "none" : "more") : "a single value");
	if (ynode_num(d, n->items[0], what, lo, e) == -1 ||
	    ynode_num(d, n->items[1], what, hi, e) == -1)
		return -1;
	if (*lo > *hi) {
		char a[NUM_BUFSZ], b[NUM_BUFSZ];

		num_format(*lo, a);
		num_format(*hi, b);
		return ydoc_err(d, n, e, "%s low %s is above high %s", what,
		    a, b);
	}
	return 0;
}

/* A duration in the contract's time, or a plain number of steps. */
static int
load_duration(const struct contract *c, const struct ydoc *d,
    const struct ynode *n, const char *what, mlo_time *out,
    struct mlo_error *e)
{
	const char *s;

	if (ynode_str(d, n, what, &s, e) == -1)
		return -1;
	if (duration_parse(s, n->len, c->time_kind, out, e) == -1) {
		char why[sizeof e->msg];

		memcpy(why, e->msg, sizeof why);
		return ydoc_err(d, n, e, "%s: %s", what, why);
	}
	return 0;
}

static int
needs_time(const struct contract *c, const struct ydoc *d,
    const struct ynode *n, const char *what, struct mlo_error *e)
{
	if (c->time_col == NULL)
		return ydoc_err(d, n, e, "%s needs a time column (add 'time: "
		    "{column: ...}')", what);
	return 0;
}

/* severity (default warning) and clear_after of a window rule. */
static int
load_alarm(const struct contract *c, const struct ydoc *d,
    const struct ynode *n, const char *what, struct alarm_rule *a,
    struct mlo_error *e)
{
	const struct ynode *v;
	const char *sev;

	a->on = 1;
	a->severity = SEV_WARNING;
	if ((v = ynode_get(n, "severity")) != NULL) {
		if (ynode_str(d, v, "severity", &sev, e) == -1)
			return -1;
		if (severity_parse(sev, &a->severity) == -1)
			return ydoc_err(d, v, e, "severity is 'critical', "
			    "'warning' or 'info', not '%s'", sev);
	}
	if ((v = ynode_get(n, "clear_after")) != NULL) {
		if (needs_time(c, d, v, what, e) == -1 ||
		    load_duration(c, d, v, "clear_after", &a->clear_after,
		    e) == -1)
			return -1;
	}
	if ((v = ynode_get(n, "for")) != NULL) {
		if (needs_time(c, d, v, what, e) == -1 ||
		    load_duration(c, d, v, "for", &a->hold, e) == -1)
			return -1;
	}
	return 0;
}

/* window: a bare whole number counts readings, a duration spans time. */
static int
load_window(const struct contract *c, const struct ydoc *d,
    const struct ynode *n, const char *what, mlo_time *span, int64_t *rows,
    struct mlo_error *e)
{
	int64_t k;

	if (n->type == YNODE_SCALAR && n->plain &&
	    num_parse_int(n->str, n->len, &k) == 0) {
		if (k <= 0)
			return ydoc_err(d, n, e, "%s window must be above 0",
			    what);
		*rows = k;
		return 0;
	}
	if (needs_time(c, d, n, what, e) == -1 ||
	    load_duration(c, d, n, "window", span, e) == -1)
		return -1;
	if (*span <= 0)
		return ydoc_err(d, n, e, "%s window must be above 0", what);
	return 0;
}

static int
load_null_rate(const struct contract *c, struct col_limits *lim,
    const struct ydoc *d, const struct ynode *n, struct mlo_error *e)
{
	static const char *const keys[] = {
		"max", "window", "severity", "clear_after", NULL
	};
	const struct ynode *v;

	if (ynode_want(d, n, YNODE_MAP, "null_rate", e) == -1 ||
	    ynode_check_keys(d, n, keys, "null_rate", e) == -1 ||
	    needs_time(c, d, n, "null_rate", e) == -1 ||
	    load_alarm(c, d, n, "null_rate", &lim->null_rate, e) == -1)
		return -1;
	if ((v = ynode_need(d, n, "max", "null_rate", e)) == NULL ||
	    ynode_num(d, v, "max", &lim->null_max, e) == -1)
		return -1;
	if (lim->null_max < 0 || lim->null_max > 1)
		return ydoc_err(d, v, e, "null_rate max is a share from 0 to "
		    "1, not %g", lim->null_max);
	lim->null_window = 0;
	lim->null_rows = 0;
	if ((v = ynode_need(d, n, "window", "null_rate", e)) == NULL ||
	    load_window(c, d, v, "null_rate", &lim->null_window,
	    &lim->null_rows, e) == -1)
		return -1;
	return 0;
}

static int
load_normal(const struct contract *c, struct col_limits *lim,
    const struct ydoc *d, const struct ynode *n, struct mlo_error *e)
{
	static const char *const keys[] = {
		"range", "for", "severity", "clear_after", NULL
	};
	const struct ynode *v;

	if (ynode_want(d, n, YNODE_MAP, "normal", e) == -1 ||
	    ynode_check_keys(d, n, keys, "normal", e) == -1 ||
	    needs_time(c, d, n, "normal", e) == -1 ||
	    load_alarm(c, d, n, "normal", &lim->normal, e) == -1)
		return -1;
	if ((v = ynode_need(d, n, "range", "normal", e)) == NULL ||
	    load_pair(d, v, "normal range", &lim->normal_lo,
	    &lim->normal_hi, e) == -1)
		return -1;
	return 0;
}

static int
load_stuck(const struct contract *c, struct col_limits *lim,
    const struct ydoc *d, const struct ynode *n, struct mlo_error *e)
{
	static const char *const keys[] = {
		"repeats", "for", "severity", "clear_after", NULL
	};
	const struct ynode *v;

	if (ynode_want(d, n, YNODE_MAP, "stuck", e) == -1 ||
	    ynode_check_keys(d, n, keys, "stuck", e) == -1 ||
	    needs_time(c, d, n, "stuck", e) == -1 ||
	    load_alarm(c, d, n, "stuck", &lim->stuck, e) == -1)
		return -1;
	/* Here "for" is how long the value stays the same, not a delay. */
	lim->stuck_for = lim->stuck.hold;
	lim->stuck.hold = 0;
	lim->stuck_repeats = 0;
	if ((v = ynode_get(n, "repeats")) != NULL) {
		if (ynode_int(d, v, "repeats", &lim->stuck_repeats, e) == -1)
			return -1;
		if (lim->stuck_repeats < 2)
			return ydoc_err(d, v, e, "stuck repeats must be 2 or "
			    "more");
	}
	if ((lim->stuck_repeats > 0) == (lim->stuck_for > 0))
		return ydoc_err(d, n, e, "stuck needs either 'repeats' or "
		    "'for'");
	return 0;
}

static int
load_rate(const struct contract *c, struct col_limits *lim,
    const struct ydoc *d, const struct ynode *n, struct mlo_error *e)
{
	static const char *const keys[] = {
		"max", "per", "severity", "clear_after", NULL
	};
	const struct ynode *v;

	if (ynode_want(d, n, YNODE_MAP, "rate", e) == -1 ||
	    ynode_check_keys(d, n, keys, "rate", e) == -1 ||
	    needs_time(c, d, n, "rate", e) == -1 ||
	    load_alarm(c, d, n, "rate", &lim->rate, e) == -1)
		return -1;
	if ((v = ynode_need(d, n, "max", "rate", e)) == NULL ||
	    ynode_num(d, v, "max", &lim->rate_max, e) == -1)
		return -1;
	if (lim->rate_max <= 0)
		return ydoc_err(d, v, e, "rate max must be above 0");
	if ((v = ynode_need(d, n, "per", "rate", e)) == NULL ||
	    load_duration(c, d, v, "per", &lim->rate_per, e) == -1)
		return -1;
	if (lim->rate_per <= 0)
		return ydoc_err(d, v, e, "rate per must be above 0");
	return 0;
}

/*
 * The keys a column and an override share: the limits.  TYPE is the
 * column's type, for the keys that only numbers take.
 */
static int
load_limits(const struct contract *c, struct col_limits *lim,
    enum col_type type, const char *name, const struct ydoc *d,
    const struct ynode *n, struct mlo_error *e)
{
	static const char *const numeric[] = {
		"range", "normal", "rate", NULL
	};
	const struct ynode *v;
	size_t i;

	for (i = 0; numeric[i] != NULL; i++)
		if ((v = ynode_get(n, numeric[i])) != NULL &&
		    type != CT_NUMBER && type != CT_INTEGER)
			return ydoc_err(d, v, e, "%s applies to number and "
			    "integer columns, '%s' is %s", numeric[i], name,
			    col_type_name(type));
	if ((v = ynode_get(n, "range")) != NULL) {
		if (load_pair(d, v, "range", &lim->lo, &lim->hi, e) == -1)
			return -1;
		lim->has_range = 1;
	}
	if ((v = ynode_get(n, "null_rate")) != NULL &&
	    load_null_rate(c, lim, d, v, e) == -1)
		return -1;
	if ((v = ynode_get(n, "normal")) != NULL &&
	    load_normal(c, lim, d, v, e) == -1)
		return -1;
	if ((v = ynode_get(n, "stuck")) != NULL &&
	    load_stuck(c, lim, d, v, e) == -1)
		return -1;
	if ((v = ynode_get(n, "rate")) != NULL &&
	    load_rate(c, lim, d, v, e) == -1)
		return -1;
	return 0;
}

static int
load_values(struct contract_column *col, const struct ydoc *d,
    const struct ynode *n, struct mlo_error *e)
{
	size_t i;

	if (ynode_want(d, n, YNODE_SEQ, "values", e) == -1)
		return -1;
	if (n->n == 0)
		return ydoc_err(d, n, e, "values needs at least one value");
	col->values = xcalloc(n->n, sizeof *col->values);
	for (i = 0; i < n->n; i++) {
		const char *s;

		if (ynode_str(d, n->items[i], "values", &s, e) == -1)
			return -1;
		if (strmap_get(&col->valmap, s, n->items[i]->len) >= 0)
			return ydoc_err(d, n->items[i], e, "value '%s' is "
			    "listed twice", s);
		col->values[col->nvalues++] = xstrdup(s);
		strmap_put(&col->valmap, s, n->items[i]->len, (int64_t)i);
	}
	return 0;
}

static int
load_when(struct contract_column *col, const struct ydoc *d,
    const struct ynode *n, struct mlo_error *e)
{
	static const char *const keys[] = { "column", "in", NULL };
	const struct ynode *v;
	const char *s;
	size_t i;

	if (ynode_want(d, n, YNODE_MAP, "when", e) == -1 ||
	    ynode_check_keys(d, n, keys, "when", e) == -1)
		return -1;
	if ((v = ynode_need(d, n, "column", "when", e)) == NULL ||
	    ynode_str(d, v, "column", &s, e) == -1)
		return -1;
	if (strcmp(s, col->name) == 0)
		return ydoc_err(d, v, e, "column '%s' cannot be gated by "
		    "itself", s);
	col->when_column = xstrdup(s);
	if ((v = ynode_need(d, n, "in", "when", e)) == NULL ||
	    ynode_want(d, v, YNODE_SEQ, "in", e) == -1)
		return -1;
	if (v->n == 0)
		return ydoc_err(d, v, e, "when needs at least one value in "
		    "'in'");
	for (i = 0; i < v->n; i++) {
		if (ynode_str(d, v->items[i], "in", &s, e) == -1)
			return -1;
		strmap_put(&col->when, s, v->items[i]->len, 1);
	}
	return 0;
}

static int
load_column(struct contract *c, struct contract_column *col,
    const struct ydoc *d, const struct ynode *n, size_t idx,
    struct mlo_error *e)
{
	static const char *const keys[] = {
		"name", "type", "required", "range", "pattern", "values", "nan",
		"unit", "description", "severity", "format", "null_rate",
		"normal", "stuck", "rate", "when", NULL
	};
	const struct ynode *v;
	char where[32];
	const char *s;
	size_t t;

	snprintf(where, sizeof where, "columns[%zu]", idx);
	if (ynode_want(d, n, YNODE_MAP, where, e) == -1 ||
	    ynode_check_keys(d, n, keys, where, e) == -1)
		return -1;
	if ((v = ynode_need(d, n, "name", where, e)) == NULL ||
	    ynode_str(d, v, "name", &s, e) == -1)
		return -1;
	if (*s == '\0')
		return ydoc_err(d, v, e, "a column name cannot be empty");
	if (contract_column(c, s) != NULL)
		return ydoc_err(d, v, e, "column '%s' is declared twice", s);
	col->name = xstrdup(s);
	col->severity = SEV_CRITICAL;
	if ((v = ynode_need(d, n, "type", where, e)) == NULL ||
	    ynode_str(d, v, "type", &s, e) == -1)
		return -1;
	for (t = 0; t < NELEM(type_names); t++)
		if (strcmp(s, type_names[t]) == 0)
			break;
	if (t == NELEM(type_names))
		return ydoc_err(d, v, e, "type '%s' is not number, integer, "
		    "string, boolean, timestamp or enum", s);
	col->type = (enum col_type)t;
	if ((v = ynode_get(n, "required")) != NULL &&
	    ynode_bool(d, v, "required", &col->required, e) == -1)
		return -1;
	if (load_limits(c, &col->lim, col->type, col->name, d, n, e) == -1)
		return -1;
	if ((v = ynode_get(n, "when")) != NULL && load_when(col, d, v, e))
		return -1;
	if ((v = ynode_get(n, "pattern")) != NULL) {
		const char *pat;
		int rc;

		if (col->type != CT_STRING)
			return ydoc_err(d, v, e, "pattern applies to string "
			    "columns, '%s' is %s", col->name, s);
		if (ynode_str(d, v, "pattern", &pat, e) == -1)
			return -1;
		if ((rc = regcomp(&col->re, pat, REG_EXTENDED | REG_NOSUB)) !=
		    0) {
			char msg[128];

			regerror(rc, &col->re, msg, sizeof msg);
			return ydoc_err(d, v, e, "pattern '%s': %s", pat, msg);
		}
		col->has_pattern = 1;
		col->pattern = xstrdup(pat);
	}
	v = ynode_get(n, "values");
	if (col->type == CT_ENUM && v == NULL)
		return ydoc_err(d, n, e, "enum column '%s' needs values",
		    col->name);
	if (v != NULL) {
		if (col->type != CT_ENUM)
			return ydoc_err(d, v, e, "values applies to enum "
			    "columns, '%s' is %s", col->name, s);
		if (load_values(col, d, v, e) == -1)
			return -1;
	}
	if ((v = ynode_get(n, "nan")) != NULL) {
		const char *nan;

		if (ynode_str(d, v, "nan", &nan, e) == -1)
			return -1;
		if (col->type != CT_NUMBER)
			return ydoc_err(d, v, e, "nan applies to number "
			    "columns, '%s' is %s", col->name, s);
		if (strcmp(nan, "allow") == 0)
			col->nan_allow = 1;
		else if (strcmp(nan, "reject") != 0)
			return ydoc_err(d, v, e, "nan is 'reject' or 'allow', "
			    "not '%s'", nan);
	}
	col->time_kind = TIME_RFC3339;
	if ((v = ynode_get(n, "format")) != NULL) {
		if (col->type != CT_TIMESTAMP)
			return ydoc_err(d, v, e, "format applies to timestamp "
			    "columns, '%s' is %s", col->name, s);
		if (time_kind_parse(d, v, &col->time_kind, e) == -1)
			return -1;
		col->format_given = 1;
	}
	if ((v = ynode_get(n, "severity")) != NULL) {
		const char *sev;

		if (ynode_str(d, v, "severity", &sev, e) == -1)
			return -1;
		if (severity_parse(sev, &col->severity) == -1 ||
		    col->severity == SEV_INFO)
			return ydoc_err(d, v, e, "severity is 'critical' or "
			    "'warning', not '%s'", sev);
	}
	if ((v = ynode_get(n, "unit")) != NULL) {
		if (ynode_str(d, v, "unit", &s, e) == -1)
			return -1;
		col->unit = xstrdup(s);
	}
	if ((v = ynode_get(n, "description")) != NULL &&
	    ynode_str(d, v, "description", &s, e) == -1)
		return -1;
	return 0;
}

static int
load_time(struct contract *c, const struct ydoc *d, const struct ynode *n,
    struct mlo_error *e)
{
	static const char *const keys[] = { "column", "format", NULL };
	const struct ynode *v;
	const char *s;

	if (ynode_want(d, n, YNODE_MAP, "time", e) == -1 ||
	    ynode_check_keys(d, n, keys, "time", e) == -1)
		return -1;
	if ((v = ynode_need(d, n, "column", "time", e)) == NULL ||
	    ynode_str(d, v, "column", &s, e) == -1)
		return -1;
	c->time_col = xstrdup(s);
	c->time_kind = TIME_RFC3339;
	if ((v = ynode_get(n, "format")) != NULL) {
		if (time_kind_parse(d, v, &c->time_kind, e) == -1)
			return -1;
		c->time_format_given = 1;
	}
	return 0;
}

/*
 * The duplicate key is checked against each entity's last time, so that
 * memory stays bounded: it must be the time column, with the entity.
 */
static int
load_key(struct contract *c, const struct ydoc *d, const struct ynode *n,
    struct mlo_error *e)
{
	size_t i, want = (c->time_col != NULL) + (c->entity_col != NULL);

	if (ynode_want(d, n, YNODE_SEQ, "key", e) == -1)
		return -1;
	if (c->time_col == NULL)
		return ydoc_err(d, n, e, "key needs a time column (add "
		    "'time: {column: ...}')");
	for (i = 0; i < n->n; i++) {
		const char *s;
		size_t j;

		if (ynode_str(d, n->items[i], "key", &s, e) == -1)
			return -1;
		for (j = 0; j < i; j++)
			if (strcmp(s, n->items[j]->str) == 0)
				return ydoc_err(d, n->items[i], e, "key names "
				    "'%s' twice", s);
		if (strcmp(s, c->time_col) != 0 && (c->entity_col == NULL ||
		    strcmp(s, c->entity_col) != 0))
			return ydoc_err(d, n->items[i], e, "key column '%s' is "
			    "neither the time column '%s' nor the entity "
			    "column%s%s%s", s, c->time_col,
			    c->entity_col ? " '" : "",
			    c->entity_col ? c->entity_col : "",
			    c->entity_col ? "'" : "");
	}
	if (n->n != want)
		return ydoc_err(d, n, e, "key must list the time column '%s'%s%s"
		    "%s", c->time_col, c->entity_col ? " and the entity "
		    "column '" : "", c->entity_col ? c->entity_col : "",
		    c->entity_col ? "'" : "");
	c->has_key = 1;
	return 0;
}

static int
load_frequency(struct contract *c, const struct ydoc *d,
    const struct ynode *n, struct mlo_error *e)
{
	static const char *const keys[] = {
		"every", "tolerance", "max_gap", "severity", "clear_after", NULL
	};
	const struct ynode *v;

	if (ynode_want(d, n, YNODE_MAP, "frequency", e) == -1 ||
	    ynode_check_keys(d, n, keys, "frequency", e) == -1 ||
	    needs_time(c, d, n, "frequency", e) == -1 ||
	    load_alarm(c, d, n, "frequency", &c->frequency, e) == -1)
		return -1;
	if ((v = ynode_need(d, n, "every", "frequency", e)) == NULL ||
	    load_duration(c, d, v, "every", &c->every, e) == -1)
		return -1;
	if (c->every <= 0)
		return ydoc_err(d, v, e, "frequency every must be above 0");
	if ((v = ynode_get(n, "tolerance")) != NULL &&
	    load_duration(c, d, v, "tolerance", &c->tolerance, e) == -1)
		return -1;
	if ((v = ynode_get(n, "max_gap")) != NULL) {
		if (load_duration(c, d, v, "max_gap", &c->max_gap, e) == -1)
			return -1;
		if (c->max_gap <= c->every)
			return ydoc_err(d, v, e, "max_gap must be longer than "
			    "every");
	}
	return 0;
}

static int
load_latency(struct contract *c, const struct ydoc *d, const struct ynode *n,
    struct mlo_error *e)
{
	static const char *const keys[] = {
		"column", "max", "severity", "clear_after", "for", NULL
	};
	const struct ynode *v;
	const char *s;

	if (ynode_want(d, n, YNODE_MAP, "latency", e) == -1 ||
	    ynode_check_keys(d, n, keys, "latency", e) == -1 ||
	    needs_time(c, d, n, "latency", e) == -1 ||
	    load_alarm(c, d, n, "latency", &c->latency, e) == -1)
		return -1;
	if ((v = ynode_need(d, n, "column", "latency", e)) == NULL ||
	    ynode_str(d, v, "column", &s, e) == -1)
		return -1;
	c->latency_col = xstrdup(s);
	if ((v = ynode_need(d, n, "max", "latency", e)) == NULL ||
	    load_duration(c, d, v, "max", &c->latency_max, e) == -1)
		return -1;
	return 0;
}

static int
load_freshness(struct contract *c, const struct ydoc *d,
    const struct ynode *n, struct mlo_error *e)
{
	static const char *const keys[] = { "max_age", "severity", NULL };
	const struct ynode *v;

	if (ynode_want(d, n, YNODE_MAP, "freshness", e) == -1 ||
	    ynode_check_keys(d, n, keys, "freshness", e) == -1 ||
	    needs_time(c, d, n, "freshness", e) == -1 ||
	    load_alarm(c, d, n, "freshness", &c->freshness, e) == -1)
		return -1;
	if (c->time_kind == TIME_STEP)
		return ydoc_err(d, n, e, "freshness needs clock time, and "
		    "'%s' counts steps", c->time_col);
	if ((v = ynode_need(d, n, "max_age", "freshness", e)) == NULL ||
	    load_duration(c, d, v, "max_age", &c->max_age, e) == -1)
		return -1;
	return 0;
}

static int
load_volume(struct contract *c, const struct ydoc *d, const struct ynode *n,
    struct mlo_error *e)
{
	static const char *const keys[] = {
		"min", "max", "window", "severity", "clear_after", NULL
	};
	const struct ynode *v;

	if (ynode_want(d, n, YNODE_MAP, "rows", e) == -1 ||
	    ynode_check_keys(d, n, keys, "rows", e) == -1 ||
	    needs_time(c, d, n, "rows", e) == -1 ||
	    load_alarm(c, d, n, "rows", &c->volume, e) == -1)
		return -1;
	c->rows_min = c->rows_max = -1;
	if ((v = ynode_get(n, "min")) != NULL &&
	    ynode_int(d, v, "min", &c->rows_min, e) == -1)
		return -1;
	if ((v = ynode_get(n, "max")) != NULL &&
	    ynode_int(d, v, "max", &c->rows_max, e) == -1)
		return -1;
	if (c->rows_min < 0 && c->rows_max < 0)
		return ydoc_err(d, n, e, "rows needs 'min', 'max' or both");
	if (c->rows_max >= 0 && c->rows_min > c->rows_max)
		return ydoc_err(d, n, e, "rows min is above max");
	if ((v = ynode_need(d, n, "window", "rows", e)) == NULL ||
	    load_duration(c, d, v, "window", &c->rows_window, e) == -1)
		return -1;
	if (c->rows_window <= 0)
		return ydoc_err(d, v, e, "rows window must be above 0");
	return 0;
}

static int
load_unknown(struct contract *c, const struct ydoc *d, const struct ynode *n,
    struct mlo_error *e)
{
	const char *s;

	if (ynode_str(d, n, "unknown_columns", &s, e) == -1)
		return -1;
	if (strcmp(s, "ignore") == 0)
		c->unknown_warn = 0;
	else if (strcmp(s, "warn") == 0)
		c->unknown_warn = 1;
	else
		return ydoc_err(d, n, e, "unknown_columns is 'warn' or "
		    "'ignore', not '%s'", s);
	return 0;
}

static int
load_override(struct contract *c, struct contract_override *o,
    const struct ydoc *d, const struct ynode *n, struct mlo_error *e)
{
	static const char *const keys[] = { "entity", "columns", NULL };
	static const char *const colkeys[] = {
		"name", "range", "null_rate", "normal", "stuck", "rate", NULL
	};
	const struct ynode *v, *list;
	const char *s;
	size_t i;

	if (ynode_want(d, n, YNODE_MAP, "overrides", e) == -1 ||
	    ynode_check_keys(d, n, keys, "overrides", e) == -1)
		return -1;
	if ((v = ynode_need(d, n, "entity", "overrides", e)) == NULL)
		return -1;
	if (c->entity_col == NULL)
		return ydoc_err(d, v, e, "overrides need an entity column "
		    "(add 'entity: ...')");
	if (v->type == YNODE_SEQ) {
		o->entities = xcalloc(v->n + 1, sizeof *o->entities);
		for (i = 0; i < v->n; i++) {
			if (ynode_str(d, v->items[i], "entity", &s, e) == -1)
				return -1;
			o->entities[o->nentities++] = xstrdup(s);
		}
	} else {
		if (ynode_str(d, v, "entity", &s, e) == -1)
			return -1;
		o->entities = xcalloc(1, sizeof *o->entities);
		o->entities[o->nentities++] = xstrdup(s);
	}
	/* Start from the contract's limits; change what the override says. */
	o->lim = xcalloc(c->ncols, sizeof *o->lim);
	for (i = 0; i < c->ncols; i++)
		o->lim[i] = c->cols[i].lim;
	if ((list = ynode_need(d, n, "columns", "overrides", e)) == NULL ||
	    ynode_want(d, list, YNODE_SEQ, "columns", e) == -1)
		return -1;
	for (i = 0; i < list->n; i++) {
		const struct ynode *item = list->items[i];
		const struct contract_column *col;

		if (ynode_want(d, item, YNODE_MAP, "columns", e) == -1 ||
		    ynode_check_keys(d, item, colkeys, "overrides", e) == -1)
			return -1;
		if ((v = ynode_need(d, item, "name", "overrides", e)) == NULL ||
		    ynode_str(d, v, "name", &s, e) == -1)
			return -1;
		if ((col = contract_column(c, s)) == NULL)
			return ydoc_err(d, v, e, "override of column '%s' that "
			    "the contract does not declare", s);
		if (load_limits(c, &o->lim[col - c->cols], col->type,
		    col->name, d, item, e) == -1)
			return -1;
	}
	return 0;
}

static int
load_overrides(struct contract *c, const struct ydoc *d,
    const struct ynode *n, struct mlo_error *e)
{
	size_t i;

	if (ynode_want(d, n, YNODE_SEQ, "overrides", e) == -1)
		return -1;
	c->overrides = xcalloc(n->n + 1, sizeof *c->overrides);
	for (i = 0; i < n->n; i++) {
		c->noverrides = i + 1;
		if (load_override(c, &c->overrides[i], d, n->items[i], e) == -1)
			return -1;
	}
	return 0;
}

/*
 * The time column is read in the time format: a timestamp column takes
 * it, a number column only counts steps or epoch seconds.
 */
static int
check_time_column(struct contract *c, const struct ydoc *d,
    const struct ynode *n, struct mlo_error *e)
{
	struct contract_column *col = (struct contract_column *)
	    contract_column(c, c->time_col);

	if (col->type == CT_TIMESTAMP) {
		/* One format, said in either place, or the same in both. */
		if (col->format_given && !c->time_format_given)
			c->time_kind = col->time_kind;
		else if (col->format_given && col->time_kind != c->time_kind)
			return ydoc_err(d, n, e, "time format differs from "
			    "the format of column '%s'", col->name);
		col->time_kind = c->time_kind;
		return 0;
	}
	if ((col->type == CT_NUMBER || col->type == CT_INTEGER) &&
	    c->time_kind != TIME_RFC3339)
		return 0;
	return ydoc_err(d, n, e, "time column '%s' is %s, which cannot hold "
	    "%s time", col->name, col_type_name(col->type),
	    c->time_kind == TIME_RFC3339 ? "rfc3339" :
	    c->time_kind == TIME_EPOCH ? "epoch" : "step");
}

static int
load(struct contract *c, const struct ydoc *d, struct mlo_error *e)
{
	static const char *const keys[] = {
		"contract", "version", "owner", "description", "input", "time",
		"entity", "key", "columns", "frequency", "latency", "freshness",
		"rows", "unknown_columns", "overrides", NULL
	};
	const struct ynode *root = ydoc_root(d), *v;
	const char *s;
	size_t i;

	if (ynode_want(d, root, YNODE_MAP, "the contract", e) == -1 ||
	    ynode_check_keys(d, root, keys, "the contract", e) == -1)
		return -1;
	if ((v = ynode_need(d, root, "contract", "the contract", e)) == NULL ||
	    ynode_str(d, v, "contract", &s, e) == -1)
		return -1;
	c->name = xstrdup(s);
	if ((v = ynode_need(d, root, "version", "the contract", e)) == NULL ||
	    ynode_str(d, v, "version", &s, e) == -1)
		return -1;
	c->version = xstrdup(s);
	{
		struct buf id = {0};

		buf_printf(&id, "%s@%s", c->name, c->version);
		c->id = buf_detach(&id);
	}
	if ((v = ynode_get(root, "owner")) != NULL) {
		if (ynode_str(d, v, "owner", &s, e) == -1)
			return -1;
		c->owner = xstrdup(s);
	}
	if ((v = ynode_get(root, "description")) != NULL &&
	    ynode_str(d, v, "description", &s, e) == -1)
		return -1;
	if ((v = ynode_get(root, "input")) != NULL && load_input(c, d, v, e))
		return -1;
	if ((v = ynode_get(root, "time")) != NULL && load_time(c, d, v, e))
		return -1;
	if ((v = ynode_get(root, "entity")) != NULL) {
		if (ynode_str(d, v, "entity", &s, e) == -1)
			return -1;
		c->entity_col = xstrdup(s);
	}
	if ((v = ynode_need(d, root, "columns", "the contract", e)) == NULL ||
	    ynode_want(d, v, YNODE_SEQ, "columns", e) == -1)
		return -1;
	if (v->n == 0)
		return ydoc_err(d, v, e, "columns needs at least one column");
	c->cols = xcalloc(v->n, sizeof *c->cols);
	for (i = 0; i < v->n; i++) {
		if (load_column(c, &c->cols[i], d, v->items[i], i, e) == -1) {
			c->ncols = i + 1;
			return -1;
		}
		c->ncols = i + 1;
	}
	if (c->time_col != NULL && contract_column(c, c->time_col) == NULL)
		return ydoc_err(d, ynode_get(root, "time"), e, "time column "
		    "'%s' is not among the columns", c->time_col);
	if (c->time_col != NULL && check_time_column(c, d,
	    ynode_get(root, "time"), e) == -1)
		return -1;
	if (c->entity_col != NULL && contract_column(c, c->entity_col) == NULL)
		return ydoc_err(d, ynode_get(root, "entity"), e, "entity column "
		    "'%s' is not among the columns", c->entity_col);
	if ((v = ynode_get(root, "key")) != NULL && load_key(c, d, v, e))
		return -1;
	c->unknown_warn = 1;
	c->unknown_severity = SEV_WARNING;
	if ((v = ynode_get(root, "unknown_columns")) != NULL &&
	    load_unknown(c, d, v, e) == -1)
		return -1;
	if ((v = ynode_get(root, "frequency")) != NULL &&
	    load_frequency(c, d, v, e) == -1)
		return -1;
	if ((v = ynode_get(root, "latency")) != NULL &&
	    load_latency(c, d, v, e) == -1)
		return -1;
	if ((v = ynode_get(root, "freshness")) != NULL &&
	    load_freshness(c, d, v, e) == -1)
		return -1;
	if ((v = ynode_get(root, "rows")) != NULL &&
	    load_volume(c, d, v, e) == -1)
		return -1;
	if ((v = ynode_get(root, "overrides")) != NULL &&
	    load_overrides(c, d, v, e) == -1)
		return -1;
	return 0;
}

struct contract *
contract_load(const char *path, struct mlo_error *e)
{
	struct contract *c;
	struct ydoc *d;

	if ((d = ydoc_load_file(path, e)) == NULL)
		return NULL;
	c = xcalloc(1, sizeof *c);
	c->path = xstrdup(path);
	if (load(c, d, e) == -1) {
		ydoc_free(d);
		contract_free(c);
		return NULL;
	}
	ydoc_free(d);
	return c;
}

const struct col_limits *
contract_limits(const struct contract *c, size_t i, const char *entity,
    size_t len)
{
	size_t k, j;

	if (entity != NULL)
		for (k = 0; k < c->noverrides; k++)
			for (j = 0; j < c->overrides[k].nentities; j++)
				if (strlen(c->overrides[k].entities[j]) == len &&
				    memcmp(c->overrides[k].entities[j], entity,
				    len) == 0)
					return &c->overrides[k].lim[i];
	return &c->cols[i].lim;
}

const struct col_limits *
contract_override(const struct contract *c, const char *entity, size_t len)
{
	size_t k, j;

	for (k = 0; k < c->noverrides; k++)
		for (j = 0; j < c->overrides[k].nentities; j++)
			if (strlen(c->overrides[k].entities[j]) == len &&
			    memcmp(c->overrides[k].entities[j], entity, len) == 0)
				return c->overrides[k].lim;
	return NULL;
}

const struct contract_column *
contract_column(const struct contract *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->ncols; i++)
		if (c->cols[i].name != NULL && strcmp(c->cols[i].name, name) == 0)
			return &c->cols[i];
	return NULL;
}

void
contract_free(struct contract *c)
{
	size_t i, j;

	if (c == NULL)
		return;
	for (i = 0; i < c->ncols; i++) {
		struct contract_column *col = &c->cols[i];

		free(col->name);
		if (col->has_pattern)
			regfree(&col->re);
		free(col->pattern);
		for (j = 0; j < col->nvalues; j++)
			free(col->values[j]);
		free(col->values);
		strmap_free(&col->valmap);
		free(col->unit);
		free(col->when_column);
		strmap_free(&col->when);
	}
	for (i = 0; i < c->noverrides; i++) {
		for (j = 0; j < c->overrides[i].nentities; j++)
			free(c->overrides[i].entities[j]);
		free(c->overrides[i].entities);
		free(c->overrides[i].lim);
	}
	free(c->overrides);
	free(c->latency_col);
	free(c->cols);
	free(c->path);
	free(c->name);
	free(c->version);
	free(c->id);
	free(c->owner);
	free(c->time_col);
	free(c->entity_col);
	free(c);
}
