#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract.h"
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
load_range(struct contract_column *col, const struct ydoc *d,
    const struct ynode *n, struct mlo_error *e)
{
	if (n->type != YNODE_SEQ || n->n != 2)
		return ydoc_err(d, n, e, "range needs two numbers [low, high], "
		    "got %s", n->type == YNODE_SEQ ? (n->n == 1 ? "1" :
		    n->n == 0 ? "none" : "more") : "a single value");
	if (ynode_num(d, n->items[0], "range", &col->lo, e) == -1 ||
	    ynode_num(d, n->items[1], "range", &col->hi, e) == -1)
		return -1;
	if (col->lo > col->hi)
		return ydoc_err(d, n, e, "range low %g is above high %g",
		    col->lo, col->hi);
	col->has_range = 1;
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
load_column(struct contract *c, struct contract_column *col,
    const struct ydoc *d, const struct ynode *n, size_t idx,
    struct mlo_error *e)
{
	static const char *const keys[] = {
		"name", "type", "required", "range", "pattern", "values", "nan",
		"unit", "description", "severity", "format", NULL
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
	if ((v = ynode_get(n, "range")) != NULL) {
		if (col->type != CT_NUMBER && col->type != CT_INTEGER)
			return ydoc_err(d, v, e, "range applies to number and "
			    "integer columns, '%s' is %s", col->name, s);
		if (load_range(col, d, v, e) == -1)
			return -1;
	}
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
	if ((v = ynode_get(n, "format")) != NULL &&
	    time_kind_parse(d, v, &c->time_kind, e) == -1)
		return -1;
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

		if (ynode_str(d, n->items[i], "key", &s, e) == -1)
			return -1;
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
load(struct contract *c, const struct ydoc *d, struct mlo_error *e)
{
	static const char *const keys[] = {
		"contract", "version", "owner", "description", "input", "time",
		"entity", "key", "columns", NULL
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
	if (c->entity_col != NULL && contract_column(c, c->entity_col) == NULL)
		return ydoc_err(d, ynode_get(root, "entity"), e, "entity column "
		    "'%s' is not among the columns", c->entity_col);
	if ((v = ynode_get(root, "key")) != NULL && load_key(c, d, v, e))
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
	}
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
