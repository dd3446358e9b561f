#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "num.h"
#include "strmap.h"
#include "util.h"
#include "validate.h"

/* The row checks, in the order a row is checked and events are listed. */
enum check {
	CHK_SHAPE, CHK_REQUIRED, CHK_TYPE, CHK_NAN, CHK_RANGE, CHK_PATTERN,
	CHK_ENUM, CHK_TIME_ORDER, CHK_DUPLICATE_KEY, NCHECK
};

static const char *const check_names[NCHECK] = {
	"shape", "required", "type", "nan", "range", "pattern", "enum",
	"time_order", "duplicate_key"
};

/* What one check on one column has seen. */
struct tally {
	uint64_t count;
	const char *first_file, *last_file;	/* interned in files[] */
	long first_line, last_line;
	char *example;		/* the first offending value, or what was wrong */
	long order;		/* when it first failed, for a stable listing */
};

struct missing {
	char *column;
	char *file;
};

struct validator {
	const struct contract *c;
	long *bound;		/* contract column -> input column, or -1 */
	long time_idx, entity_idx;	/* contract columns, or -1 */
	const char *file;	/* the input being read, interned */
	char **files;
	size_t nfiles;

	struct strmap entities;	/* entity -> slot in last[] */
	mlo_time *last;
	size_t nlast, caplast;
	int have_global;
	mlo_time global_last;

	struct tally *tallies;	/* [check * (ncols + 1) + col], col ncols: none */
	long norder;
	struct missing *missing;
	size_t nmissing;
	struct buf why;
	struct validate_totals totals;
};

struct validator *
validator_new(const struct contract *c)
{
	struct validator *v = xcalloc(1, sizeof *v);
	size_t i;

	v->c = c;
	v->bound = xcalloc(c->ncols, sizeof *v->bound);
	v->tallies = xcalloc(NCHECK * (c->ncols + 1), sizeof *v->tallies);
	v->time_idx = v->entity_idx = -1;
	for (i = 0; i < c->ncols; i++) {
		if (c->time_col && strcmp(c->cols[i].name, c->time_col) == 0)
			v->time_idx = (long)i;
		if (c->entity_col &&
		    strcmp(c->cols[i].name, c->entity_col) == 0)
			v->entity_idx = (long)i;
	}
	return v;
}

int
validator_bind(struct validator *v, struct reader *r, struct mlo_error *e)
{
	const struct contract *c = v->c;
	size_t i, found = 0;
	int ndjson = reader_format(r) == REC_NDJSON;

	v->files = xreallocarray(v->files, v->nfiles + 1, sizeof *v->files);
	v->files[v->nfiles] = xstrdup(reader_name(r));
	v->file = v->files[v->nfiles++];
	for (i = 0; i < c->ncols; i++) {
		const struct contract_column *col = &c->cols[i];
		long idx = reader_find(r, col->name);

		if (idx >= 0)
			found++;
		else if (ndjson)
			/* Keys come and go in NDJSON: absent means null. */
			idx = (long)reader_want(r, col->name);
		v->bound[i] = idx;
	}
	if (ndjson || reader_ncolumns(r) == 0)
		return 0;
	if (found == 0)
		return error_set(e, "%s: the header names none of the "
		    "contract's columns (is the header missing? see "
		    "--no-header and --columns)", v->file);
	for (i = 0; i < c->ncols; i++) {
		const struct contract_column *col = &c->cols[i];
		int needed = col->required || (long)i == v->time_idx ||
		    (long)i == v->entity_idx;

		if (v->bound[i] >= 0)
			continue;
		if (needed)
			return error_set(e, "%s: column '%s' that the contract "
			    "requires is not in the header", v->file,
			    col->name);
		v->missing = xreallocarray(v->missing, v->nmissing + 1,
		    sizeof *v->missing);
		v->missing[v->nmissing].column = xstrdup(col->name);
		v->missing[v->nmissing].file = xstrdup(v->file);
		v->nmissing++;
	}
	return 0;
}

static void
fail(struct validator *v, enum check k, size_t col, const struct record *rec,
    const char *example, size_t exlen)
{
	struct tally *t = &v->tallies[k * (v->c->ncols + 1) + col];

	if (v->why.len > 0)
		buf_addc(&v->why, ';');
	buf_adds(&v->why, check_names[k]);
	buf_addc(&v->why, ':');
	if (col < v->c->ncols)
		buf_adds(&v->why, v->c->cols[col].name);
	else
		buf_adds(&v->why, example);
	if (t->count++ == 0) {
		t->first_file = v->file;
		t->first_line = rec->line;
		t->example = xstrndup(example, exlen > 64 ? 64 : exlen);
		t->order = v->norder++;
	}
	t->last_file = v->file;
	t->last_line = rec->line;
}

static int
parse_bool(const char *s, size_t len)
{
	if ((len == 4 && strncasecmp(s, "true", 4) == 0) ||
	    (len == 1 && s[0] == '1'))
		return 1;
	if ((len == 5 && strncasecmp(s, "false", 5) == 0) ||
	    (len == 1 && s[0] == '0'))
		return 0;
	return -1;
}

/* Check one present (non-null) field against its column. */
static void
check_field(struct validator *v, size_t i, const struct field *f,
    const struct record *rec)
{
	const struct contract_column *col = &v->c->cols[i];
	double x = 0;
	int64_t n;
	mlo_time t;
	struct mlo_error e;

	switch (col->type) {
	case CT_NUMBER:
		if (f->kind == FIELD_NUMBER)
			x = f->num;
		else if (f->kind != FIELD_TEXT ||
		    num_parse(f->s, f->len, &x) == -1) {
			fail(v, CHK_TYPE, i, rec, f->s, f->len);
			return;
		}
		if (!isfinite(x)) {
			if (!col->nan_allow)
				fail(v, CHK_NAN, i, rec, f->s, f->len);
			return;
		}
		break;
	case CT_INTEGER:
		if (f->kind == FIELD_NUMBER) {
			x = f->num;
			if (x != floor(x) || fabs(x) > 9007199254740992.0) {
				fail(v, CHK_TYPE, i, rec, f->s, f->len);
				return;
			}
		} else if (f->kind != FIELD_TEXT ||
		    num_parse_int(f->s, f->len, &n) == -1) {
			fail(v, CHK_TYPE, i, rec, f->s, f->len);
			return;
		} else
			x = (double)n;
		break;
	case CT_STRING:
		if (f->kind != FIELD_TEXT) {
			fail(v, CHK_TYPE, i, rec, f->s, f->len);
			return;
		}
		if (col->has_pattern && regexec(&col->re, f->s, 0, NULL, 0) != 0)
			fail(v, CHK_PATTERN, i, rec, f->s, f->len);
		return;
	case CT_BOOLEAN:
		if (f->kind != FIELD_BOOL && (f->kind != FIELD_TEXT ||
		    parse_bool(f->s, f->len) == -1))
			fail(v, CHK_TYPE, i, rec, f->s, f->len);
		return;
	case CT_TIMESTAMP:
		if (f->kind == FIELD_BOOL ||
		    time_parse(f->s, f->len, col->time_kind, &t, &e) == -1)
			fail(v, CHK_TYPE, i, rec, f->s, f->len);
		return;
	case CT_ENUM:
		if (strmap_get(&col->valmap, f->s, f->len) < 0)
			fail(v, CHK_ENUM, i, rec, f->s, f->len);
		return;
	}
	if (col->has_range && (x < col->lo || x > col->hi))
		fail(v, CHK_RANGE, i, rec, f->s, f->len);
}

static const struct field *
field_of(const struct validator *v, const struct record *rec, long i)
{
	long idx = v->bound[i];

	if (idx < 0 || (size_t)idx >= rec->nfields)
		return NULL;
	return &rec->fields[idx];
}

/*
 * Time order and duplicate key, per entity.  Only rows that pass move an
 * entity's clock, so one garbage time cannot poison the rows after it.
 */
static int
check_order(struct validator *v, const struct record *rec, mlo_time *t,
    mlo_time **slot, struct mlo_error *e)
{
	const struct field *tf = field_of(v, rec, v->time_idx);
	mlo_time *last;
	struct mlo_error ignored;

	*slot = NULL;
	if (tf == NULL || tf->kind == FIELD_NULL ||
	    time_parse(tf->s, tf->len, v->c->time_kind, t, &ignored) == -1)
		return 0;	/* already failed as required or type */
	if (v->entity_idx >= 0) {
		const struct field *ef = field_of(v, rec, v->entity_idx);
		int64_t k;

		if (ef == NULL || ef->kind == FIELD_NULL)
			return 0;
		if ((k = strmap_get(&v->entities, ef->s, ef->len)) < 0) {
			if (v->nlast >= VALIDATE_MAX_ENTITIES)
				return error_set(e, "%s:%ld: more than %d "
				    "entities", v->file, rec->line,
				    VALIDATE_MAX_ENTITIES);
			if (v->nlast == v->caplast) {
				v->caplast = v->caplast ? v->caplast * 2 : 64;
				v->last = xreallocarray(v->last, v->caplast,
				    sizeof *v->last);
			}
			k = (int64_t)v->nlast;
			v->last[v->nlast++] = INT64_MIN;
			strmap_put(&v->entities, ef->s, ef->len, k);
		}
		last = &v->last[k];
	} else {
		if (!v->have_global) {
			v->have_global = 1;
			v->global_last = INT64_MIN;
		}
		last = &v->global_last;
	}
	if (*last != INT64_MIN && *t < *last)
		fail(v, CHK_TIME_ORDER, (size_t)v->time_idx, rec, tf->s,
		    tf->len);
	else if (*last != INT64_MIN && *t == *last && v->c->has_key)
		fail(v, CHK_DUPLICATE_KEY, (size_t)v->time_idx, rec, tf->s,
		    tf->len);
	*slot = last;
	return 0;
}

int
validator_check(struct validator *v, const struct record *rec,
    struct mlo_error *e)
{
	const struct contract *c = v->c;
	size_t i, before;
	mlo_time t = 0, *slot = NULL;

	buf_reset(&v->why);
	v->totals.rows_in++;
	if (rec->shape_error != NULL) {
		fail(v, CHK_SHAPE, c->ncols, rec, rec->shape_error,
		    strlen(rec->shape_error));
		v->totals.rejected++;
		return 1;
	}
	for (i = 0; i < c->ncols; i++) {
		const struct field *f = field_of(v, rec, (long)i);

		if (f == NULL || f->kind == FIELD_NULL) {
			if (c->cols[i].required || (long)i == v->time_idx ||
			    (long)i == v->entity_idx)
				fail(v, CHK_REQUIRED, i, rec, "", 0);
			continue;
		}
		check_field(v, i, f, rec);
	}
	before = v->why.len;
	if (v->time_idx >= 0 && before == 0 &&
	    check_order(v, rec, &t, &slot, e) == -1)
		return -1;
	if (v->why.len > 0) {
		v->totals.rejected++;
		return 1;
	}
	if (slot != NULL)
		*slot = t;
	v->totals.passed++;
	return 0;
}

const char *
validator_why(const struct validator *v)
{
	return v->why.len ? v->why.data : "";
}

const struct validate_totals *
validator_totals(const struct validator *v)
{
	return &v->totals;
}

/* The failed (check, column) pairs in the order they first failed. */
static size_t
failed_order(const struct validator *v, size_t *idx)
{
	size_t n = 0, i, j, all = NCHECK * (v->c->ncols + 1);

	for (i = 0; i < all; i++)
		if (v->tallies[i].count > 0)
			idx[n++] = i;
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && v->tallies[idx[j]].order <
		    v->tallies[idx[j - 1]].order; j--) {
			size_t tmp = idx[j];

			idx[j] = idx[j - 1];
			idx[j - 1] = tmp;
		}
	return n;
}

static void
describe(const struct validator *v, enum check k, size_t col,
    const struct tally *t, struct buf *b)
{
	const struct contract_column *cc = col < v->c->ncols ?
	    &v->c->cols[col] : NULL;
	char lo[NUM_BUFSZ], hi[NUM_BUFSZ];
	const char *rows = t->count == 1 ? "row" : "rows";

	switch (k) {
	case CHK_SHAPE:
		buf_printf(b, "%llu %s with a bad shape (first: %s)",
		    (unsigned long long)t->count, rows, t->example);
		break;
	case CHK_REQUIRED:
		buf_printf(b, "%llu %s with '%s' missing",
		    (unsigned long long)t->count, rows, cc->name);
		break;
	case CHK_TYPE:
		buf_printf(b, "%llu %s where '%s' is not %s %s (first: '%s')",
		    (unsigned long long)t->count, rows, cc->name,
		    cc->type == CT_INTEGER ? "an" : "a", col_type_name(cc->type),
		    t->example);
		break;
	case CHK_NAN:
		buf_printf(b, "%llu %s where '%s' is NaN or infinite",
		    (unsigned long long)t->count, rows, cc->name);
		break;
	case CHK_RANGE:
		num_format(cc->lo, lo);
		num_format(cc->hi, hi);
		buf_printf(b, "%llu %s where '%s' is outside [%s, %s] "
		    "(first: %s)", (unsigned long long)t->count, rows, cc->name,
		    lo, hi, t->example);
		break;
	case CHK_PATTERN:
		buf_printf(b, "%llu %s where '%s' does not match '%s' "
		    "(first: '%s')", (unsigned long long)t->count, rows,
		    cc->name, cc->pattern, t->example);
		break;
	case CHK_ENUM:
		buf_printf(b, "%llu %s where '%s' is not one of its values "
		    "(first: '%s')", (unsigned long long)t->count, rows,
		    cc->name, t->example);
		break;
	case CHK_TIME_ORDER:
		buf_printf(b, "%llu %s where '%s' goes back in time "
		    "(first: %s)", (unsigned long long)t->count, rows, cc->name,
		    t->example);
		break;
	case CHK_DUPLICATE_KEY:
		buf_printf(b, "%llu %s repeating a key (first: %s)",
		    (unsigned long long)t->count, rows, t->example);
		break;
	case NCHECK:
		break;
	}
}

enum severity
validator_events(struct validator *v, struct event_sink *s)
{
	size_t *idx = xcalloc(NCHECK * (v->c->ncols + 1), sizeof *idx);
	size_t n = failed_order(v, idx), i;
	enum severity worst = SEV_INFO;
	struct buf ev = {0}, msg = {0}, where = {0};

	for (i = 0; i < n; i++) {
		enum check k = (enum check)(idx[i] / (v->c->ncols + 1));
		size_t col = idx[i] % (v->c->ncols + 1);
		const struct tally *t = &v->tallies[idx[i]];
		enum severity sev = col < v->c->ncols ?
		    v->c->cols[col].severity : SEV_CRITICAL;

		if (sev > worst)
			worst = sev;
		buf_reset(&msg);
		describe(v, k, col, t, &msg);
		event_begin(&ev, s, check_names[k], NULL, severity_name(sev),
		    "integrity");
		event_str(&ev, "contract", v->c->id);
		if (col < v->c->ncols)
			event_str(&ev, "column", v->c->cols[col].name);
		event_int(&ev, "rows", (int64_t)t->count);
		buf_reset(&where);
		buf_printf(&where, "%s:%ld", t->first_file, t->first_line);
		event_str(&ev, "first", where.data);
		buf_reset(&where);
		buf_printf(&where, "%s:%ld", t->last_file, t->last_line);
		event_str(&ev, "last", where.data);
		event_str(&ev, "example", t->example);
		event_str(&ev, "message", msg.data);
		event_end(&ev, s);
	}
	for (i = 0; i < v->nmissing; i++) {
		if (worst < SEV_WARNING)
			worst = SEV_WARNING;
		buf_reset(&msg);
		buf_printf(&msg, "column '%s' is not in %s",
		    v->missing[i].column, v->missing[i].file);
		event_begin(&ev, s, "missing_column", NULL, "warning",
		    "integrity");
		event_str(&ev, "contract", v->c->id);
		event_str(&ev, "column", v->missing[i].column);
		event_str(&ev, "file", v->missing[i].file);
		event_str(&ev, "message", msg.data);
		event_end(&ev, s);
	}
	event_begin(&ev, s, "summary", NULL, "info", "integrity");
	event_str(&ev, "contract", v->c->id);
	event_int(&ev, "rows", (int64_t)v->totals.rows_in);
	event_int(&ev, "rows_passed", (int64_t)v->totals.passed);
	event_int(&ev, "rows_rejected", (int64_t)v->totals.rejected);
	buf_reset(&msg);
	buf_printf(&msg, "%llu rows in, %llu passed, %llu rejected",
	    (unsigned long long)v->totals.rows_in,
	    (unsigned long long)v->totals.passed,
	    (unsigned long long)v->totals.rejected);
	event_str(&ev, "message", msg.data);
	event_end(&ev, s);
	buf_free(&ev);
	buf_free(&msg);
	buf_free(&where);
	free(idx);
	return worst;
}

void
validator_report(const struct validator *v, struct buf *out)
{
	size_t *idx = xcalloc(NCHECK * (v->c->ncols + 1), sizeof *idx);
	size_t n = failed_order(v, idx), i;

	buf_printf(out, "%s: %llu rows in, %llu passed, %llu rejected\n",
	    v->c->id, (unsigned long long)v->totals.rows_in,
	    (unsigned long long)v->totals.passed,
	    (unsigned long long)v->totals.rejected);
	for (i = 0; i < n; i++) {
		enum check k = (enum check)(idx[i] / (v->c->ncols + 1));
		size_t col = idx[i] % (v->c->ncols + 1);
		const struct tally *t = &v->tallies[idx[i]];

		buf_printf(out, "  %s: ", check_names[k]);
		describe(v, k, col, t, out);
		buf_printf(out, ", %s:%ld to %s:%ld\n", t->first_file,
		    t->first_line, t->last_file, t->last_line);
	}
	for (i = 0; i < v->nmissing; i++)
		buf_printf(out, "  missing_column: '%s' is not in %s\n",
		    v->missing[i].column, v->missing[i].file);
	free(idx);
}

void
validator_free(struct validator *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < NCHECK * (v->c->ncols + 1); i++)
		free(v->tallies[i].example);
	for (i = 0; i < v->nfiles; i++)
		free(v->files[i]);
	free(v->files);
	for (i = 0; i < v->nmissing; i++) {
		free(v->missing[i].column);
		free(v->missing[i].file);
	}
	free(v->missing);
	free(v->tallies);
	free(v->bound);
	free(v->last);
	strmap_free(&v->entities);
	buf_free(&v->why);
	free(v);
}
