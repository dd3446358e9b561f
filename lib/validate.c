#include <errno.h>
#include <math.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "num.h"
#include "strmap.h"
#include "util.h"
#include "alarm.h"
#include "io.h"
#include "statefile.h"
#include "writer.h"
#include "validate.h"
#include "watch.h"

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
	double lo, hi;		/* range: the limits it was held to (overrides) */
	long order;		/* when it first failed, for a stable listing */
};

/* An asset, or the one stream when the contract names no entity. */
struct entity {
	char *name;
	size_t len;
	mlo_time last;		/* the last row that passed, or NEVER */
	int name_ok;		/* the name matches the entity column's pattern */
	struct watch_entity *we;
};

/* A planned-maintenance window of --suppress. */
struct suppression {
	char *entity;		/* "" for every entity */
	mlo_time from, to;
};

struct validator {
	const struct contract *c;
	struct watch *watch;
	long *bound;		/* contract column -> input column, or -1 */
	long time_idx, entity_idx;	/* contract columns, or -1 */
	const char *file;	/* the input being read, interned */
	char **files;
	size_t nfiles;

	struct strmap entity_map;	/* name -> entities[] */
	struct entity *entities;
	size_t nentities, capentities;

	struct suppression *sup;
	size_t nsup;
	int suppressing;	/* the row being checked is suppressed */

	double *xs;		/* this row's numbers, per contract column */
	unsigned char *has_x;
	struct entity *row_entity;	/* this row's entity, or NULL */

	struct tally *tallies;	/* [check * (ncols + 1) + col], col ncols: none */
	long norder;
	struct buf why;
	struct validate_totals totals;
};

#define NEVER ALARM_NEVER

struct validator *
validator_new(const struct contract *c, struct event_sink *sink)
{
	struct validator *v = xcalloc(1, sizeof *v);
	size_t i;

	v->c = c;
	v->watch = watch_new(c, sink);
	v->bound = xcalloc(c->ncols, sizeof *v->bound);
	v->xs = xcalloc(c->ncols + 1, sizeof *v->xs);
	v->has_x = xcalloc(c->ncols + 1, sizeof *v->has_x);
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
	watch_bind(v->watch, r);
	if (ndjson || reader_ncolumns(r) == 0)
		return 0;
	if (found == 0)
		return error_set(e, "%s: the header names none of the "
		    "contract's columns (is the header missing? see "
		    "--no-header and --columns)", v->file);
	for (i = 0; i < c->ncols; i++) {
		const struct contract_column *col = &c->cols[i];

		if (v->bound[i] < 0 && (col->required ||
		    (long)i == v->time_idx || (long)i == v->entity_idx))
			return error_set(e, "%s: column '%s' that the contract "
			    "requires is not in the header", v->file,
			    col->name);
	}
	return 0;
}

void
validator_end_input(struct validator *v, struct reader *r)
{
	watch_columns(v->watch, r);
}

static struct entity *
entity_get(struct validator *v, const char *name, size_t len,
    struct mlo_error *e)
{
	int64_t k = strmap_get(&v->entity_map, name, len);
	struct entity *en;

	if (k >= 0)
		return &v->entities[k];
	if (v->nentities >= VALIDATE_MAX_ENTITIES) {
		error_set(e, "more than %d entities", VALIDATE_MAX_ENTITIES);
		return NULL;
	}
	if (v->nentities == v->capentities) {
		v->capentities = v->capentities ? v->capentities * 2 : 64;
		v->entities = xreallocarray(v->entities, v->capentities,
		    sizeof *v->entities);
	}
	en = &v->entities[v->nentities];
	en->name = xstrndup(name, len);
	en->len = len;
	en->last = NEVER;
	en->name_ok = 1;
	if (v->entity_idx >= 0 && v->c->cols[v->entity_idx].has_pattern)
		en->name_ok = regexec(&v->c->cols[v->entity_idx].re, en->name,
		    0, NULL, 0) == 0;
	en->we = watch_entity_new(v->watch);
	strmap_put(&v->entity_map, name, len, (int64_t)v->nentities);
	v->nentities++;
	return en;
}

static struct tally *
fail(struct validator *v, enum check k, size_t col, const struct record *rec,
    const char *example, size_t exlen)
{
	struct tally *t = &v->tallies[k * (v->c->ncols + 1) + col];

	if (v->why.len > 0)
		buf_addc(&v->why, ';');
	if (v->suppressing) {
		/* Planned maintenance: the row is still quarantined, quietly. */
		buf_adds(&v->why, check_names[k]);
		buf_addc(&v->why, ':');
		buf_adds(&v->why, col < v->c->ncols ? v->c->cols[col].name :
		    example);
		return NULL;
	}
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
	return t->count == 1 ? t : NULL;
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
    const struct record *rec, const struct col_limits *lim)
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
		if (!col->has_pattern)
			return;
		/* An entity's name is matched once, when it is first seen. */
		if ((long)i == v->entity_idx && v->row_entity != NULL) {
			if (!v->row_entity->name_ok)
				fail(v, CHK_PATTERN, i, rec, f->s, f->len);
		} else if (regexec(&col->re, f->s, 0, NULL, 0) != 0)
			fail(v, CHK_PATTERN, i, rec, f->s, f->len);
		return;
	case CT_BOOLEAN:
		if (f->kind != FIELD_BOOL && ((f->kind != FIELD_TEXT &&
		    f->kind != FIELD_NUMBER) || parse_bool(f->s, f->len) == -1))
			fail(v, CHK_TYPE, i, rec, f->s, f->len);
		return;
	case CT_TIMESTAMP:
		/* The time column was read already, to find the entity's clock. */
		if ((long)i == v->time_idx && v->has_x[v->c->ncols])
			return;
		if (f->kind == FIELD_BOOL ||
		    time_parse(f->s, f->len, col->time_kind, &t, &e) == -1)
			fail(v, CHK_TYPE, i, rec, f->s, f->len);
		return;
	case CT_ENUM:
		if (strmap_get(&col->valmap, f->s, f->len) < 0)
			fail(v, CHK_ENUM, i, rec, f->s, f->len);
		return;
	}
	v->xs[i] = x;
	v->has_x[i] = 1;
	if (lim->has_range && (x < lim->lo || x > lim->hi)) {
		struct tally *first = fail(v, CHK_RANGE, i, rec, f->s, f->len);

		if (first != NULL) {
			first->lo = lim->lo;
			first->hi = lim->hi;
		}
	}
}

static const struct field *
field_of(const struct validator *v, const struct record *rec, long i)
{
	long idx;

	if (i < 0)
		return NULL;	/* the contract has no such column (no time) */
	idx = v->bound[i];

	if (idx < 0 || (size_t)idx >= rec->nfields)
		return NULL;
	return &rec->fields[idx];
}

static int
suppressed(const struct validator *v, const struct entity *en, mlo_time t)
{
	size_t i;

	for (i = 0; i < v->nsup; i++) {
		const struct suppression *s = &v->sup[i];

		if (t >= s->from && t <= s->to && (s->entity[0] == '\0' ||
		    (en != NULL && strcmp(s->entity, en->name) == 0)))
			return 1;
	}
	return 0;
}

/*
 * The row's entity and time, when the contract has them and they read.
 * Returns -1 only when the run cannot go on.
 */
static int
locate(struct validator *v, const struct record *rec, struct entity **en,
    mlo_time *t, int *have_t, struct mlo_error *e)
{
	const struct field *tf = field_of(v, rec, v->time_idx);
	struct mlo_error ignored;

	*en = NULL;
	*have_t = tf != NULL && tf->kind != FIELD_NULL &&
	    time_parse(tf->s, tf->len, v->c->time_kind, t, &ignored) == 0;
	if (v->entity_idx >= 0) {
		const struct field *ef = field_of(v, rec, v->entity_idx);

		if (ef == NULL || ef->kind == FIELD_NULL)
			return 0;
		if ((*en = entity_get(v, ef->s, ef->len, e)) == NULL) {
			error_prefix(e, "%s:%ld", v->file, rec->line);
			return -1;
		}
	} else if (v->time_idx >= 0 || watch_active(v->watch))
		*en = entity_get(v, "", 0, e);
	return 0;
}

int
validator_check(struct validator *v, const struct record *rec,
    struct mlo_error *e)
{
	const struct contract *c = v->c;
	const struct col_limits *ov = NULL;
	struct entity *en = NULL;
	mlo_time t = 0;
	int have_t = 0;
	size_t i;

	buf_reset(&v->why);
	v->totals.rows_in++;
	v->suppressing = 0;
	if (rec->shape_error != NULL) {
		fail(v, CHK_SHAPE, c->ncols, rec, rec->shape_error,
		    strlen(rec->shape_error));
		v->totals.rejected++;
		return 1;
	}
	if (locate(v, rec, &en, &t, &have_t, e) == -1) {
		v->totals.rows_in--;	/* not checked: the run stops here */
		return -1;
	}
	v->row_entity = en;
	memset(v->has_x, 0, c->ncols);
	/* Slot ncols: the time column parsed as the contract's time. */
	v->has_x[c->ncols] = have_t && v->time_idx >= 0 &&
	    c->cols[v->time_idx].type == CT_TIMESTAMP &&
	    c->cols[v->time_idx].time_kind == c->time_kind;
	if (v->nsup > 0 && have_t && suppressed(v, en, t)) {
		v->suppressing = 1;
		v->totals.suppressed++;
	}
	if (en != NULL && c->noverrides > 0)
		ov = contract_override(c, en->name, en->len);
	for (i = 0; i < c->ncols; i++) {
		const struct field *f = field_of(v, rec, (long)i);

		if (watch_gated_off(v->watch, i, rec))
			continue;
		if (f == NULL || f->kind == FIELD_NULL) {
			if (c->cols[i].required || (long)i == v->time_idx ||
			    (long)i == v->entity_idx)
				fail(v, CHK_REQUIRED, i, rec, "", 0);
			continue;
		}
		check_field(v, i, f, rec, ov ? &ov[i] : &c->cols[i].lim);
	}
	/*
	 * Time order and duplicate key, per entity.  Only rows that pass
	 * move an entity's clock, so one garbage time cannot poison the rows
	 * after it.
	 */
	if (have_t && en != NULL && en->last != NEVER) {
		const struct field *tf = field_of(v, rec, v->time_idx);

		if (t < en->last)
			fail(v, CHK_TIME_ORDER, (size_t)v->time_idx, rec,
			    tf->s, tf->len);
		else if (t == en->last && c->has_key)
			fail(v, CHK_DUPLICATE_KEY, (size_t)v->time_idx, rec,
			    tf->s, tf->len);
	}
	if (v->why.len > 0) {
		v->totals.rejected++;
		/*
		 * A reading rejected for its values still arrived: the
		 * cadence sees it, unless its time is the problem.
		 */
		if (en != NULL && have_t && !v->suppressing &&
		    (en->last == NEVER || t > en->last) &&
		    watch_last(en->we) < t)
			watch_seen(v->watch, en->we, en->name, en->len, t);
		return 1;
	}
	v->totals.passed++;
	if (en != NULL && have_t) {
		if (!v->suppressing)
			watch_row(v->watch, en->we, en->name, en->len, rec,
			    v->bound, t, ov, v->xs, v->has_x);
		else
			watch_quiet(en->we, t);
		en->last = t;
	}
	return 0;
}

void
validator_finish(struct validator *v, mlo_time now)
{
	size_t i;

	for (i = 0; i < v->nentities; i++)
		watch_fresh(v->watch, v->entities[i].we, v->entities[i].name,
		    v->entities[i].len, now);
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
		num_format(t->lo, lo);
		num_format(t->hi, hi);
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
	event_begin(&ev, s, "summary", NULL, "info", "integrity");
	event_str(&ev, "contract", v->c->id);
	event_int(&ev, "rows", (int64_t)v->totals.rows_in);
	event_int(&ev, "rows_passed", (int64_t)v->totals.passed);
	event_int(&ev, "rows_rejected", (int64_t)v->totals.rejected);
	if (v->nsup > 0)
		event_int(&ev, "rows_suppressed", (int64_t)v->totals.suppressed);
	buf_reset(&msg);
	buf_printf(&msg, "%llu row%s in, %llu passed, %llu rejected",
	    (unsigned long long)v->totals.rows_in,
	    v->totals.rows_in == 1 ? "" : "s",
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

	buf_printf(out, "%s: %llu row%s in, %llu passed, %llu rejected\n",
	    v->c->id, (unsigned long long)v->totals.rows_in,
	    v->totals.rows_in == 1 ? "" : "s",
	    (unsigned long long)v->totals.passed,
	    (unsigned long long)v->totals.rejected);
	if (v->nsup > 0)
		buf_printf(out, "  suppressed: %llu rows inside planned "
		    "maintenance windows raised no event\n",
		    (unsigned long long)v->totals.suppressed);
	for (i = 0; i < n; i++) {
		enum check k = (enum check)(idx[i] / (v->c->ncols + 1));
		size_t col = idx[i] % (v->c->ncols + 1);
		const struct tally *t = &v->tallies[idx[i]];

		buf_printf(out, "  %s: ", check_names[k]);
		describe(v, k, col, t, out);
		buf_printf(out, ", %s:%ld to %s:%ld\n", t->first_file,
		    t->first_line, t->last_file, t->last_line);
	}
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
	for (i = 0; i < v->nentities; i++) {
		free(v->entities[i].name);
		watch_entity_free(v->watch, v->entities[i].we);
	}
	free(v->entities);
	strmap_free(&v->entity_map);
	for (i = 0; i < v->nsup; i++)
		free(v->sup[i].entity);
	free(v->sup);
	watch_free(v->watch);
	free(v->tallies);
	free(v->xs);
	free(v->has_x);
	free(v->bound);
	buf_free(&v->why);
	free(v);
}

int
validator_suppress(struct validator *v, const char *path, struct mlo_error *e)
{
	struct reader_opts o = {0};
	struct reader *r;
	struct input *in;
	struct record *rec;
	long col[3];
	int got;
	size_t i;
	static const char *const names[] = { "entity", "from", "to" };

	o.format = REC_CSV;
	if ((in = input_open(path, e)) == NULL ||
	    (r = reader_open(in, &o, e)) == NULL)
		return -1;
	for (i = 0; i < 3; i++)
		if ((col[i] = reader_find(r, names[i])) < 0) {
			reader_close(r);
			return error_set(e, "%s: no column '%s' (the header "
			    "is entity,from,to,reason)", path, names[i]);
		}
	while ((got = reader_next(r, &rec, e)) == 1) {
		struct suppression s;
		const struct field *f;

		if (rec->shape_error != NULL) {
			error_at(e, path, rec->line, 0, "%s", rec->shape_error);
			got = -1;
			break;
		}
		for (i = 1; i < 3; i++) {
			f = &rec->fields[col[i]];
			if (time_parse(f->s, f->len, v->c->time_kind,
			    i == 1 ? &s.from : &s.to, e) == -1) {
				error_prefix(e, "%s:%ld: %s", path, rec->line,
				    names[i]);
				reader_close(r);
				return -1;
			}
		}
		if (s.to < s.from) {
			reader_close(r);
			return error_at(e, path, rec->line, 0, "'to' is before "
			    "'from'");
		}
		f = &rec->fields[col[0]];
		s.entity = xstrndup(f->s, f->len);
		v->sup = xreallocarray(v->sup, v->nsup + 1, sizeof *v->sup);
		v->sup[v->nsup++] = s;
	}
	reader_close(r);
	return got == 0 ? 0 : -1;
}

/*
 * The state file (lib/statefile): a header naming the contract, a line of
 * global window state, then one line each entity.
 */
#define STATE_MAGIC "mlo-validate"
#define STATE_VERSION 1

int
validator_save(const struct validator *v, const char *path,
    struct mlo_error *e)
{
	struct buf b = {0};
	size_t i;
	int r;

	statefile_begin(&b, STATE_MAGIC, STATE_VERSION);
	buf_adds(&b, ",\"contract\":");
	json_quote(&b, v->c->name, strlen(v->c->name));
	buf_adds(&b, ",\"version\":");
	json_quote(&b, v->c->version, strlen(v->c->version));
	statefile_end_line(&b);
	buf_adds(&b, "{\"global\":1");
	watch_save(v->watch, &b);
	statefile_end_line(&b);
	for (i = 0; i < v->nentities; i++) {
		const struct entity *en = &v->entities[i];

		buf_adds(&b, "{\"entity\":");
		json_quote(&b, en->name, en->len);
		statefile_put_i64(&b, "last", en->last);
		watch_entity_save(v->watch, en->we, &b);
		statefile_end_line(&b);
	}
	r = statefile_save(path, &b, e);
	buf_free(&b);
	return r;
}

struct load_ctx {
	struct validator *v;
	const char *path;
};

static int
load_record(void *arg, long lineno, const cJSON *obj, struct mlo_error *e)
{
	struct load_ctx *ctx = arg;
	struct validator *v = ctx->v;
	const cJSON *it;

	if (lineno == 1) {
		it = cJSON_GetObjectItemCaseSensitive(obj, "contract");
		if (!cJSON_IsString(it) || strcmp(it->valuestring,
		    v->c->name) != 0)
			return error_set(e, "%s: state of contract '%s', not "
			    "'%s'", ctx->path, cJSON_IsString(it) ?
			    it->valuestring : "?", v->c->name);
		return 0;
	}
	if (cJSON_GetObjectItemCaseSensitive(obj, "global") != NULL) {
		if (watch_load(v->watch, obj, e) == -1) {
			error_prefix(e, "%s:%ld", ctx->path, lineno);
			return -1;
		}
		return 0;
	}
	it = cJSON_GetObjectItemCaseSensitive(obj, "entity");
	if (cJSON_IsString(it)) {
		struct entity *en = entity_get(v, it->valuestring,
		    strlen(it->valuestring), e);

		if (en == NULL || statefile_get_i64(obj, "last", &en->last,
		    NEVER) == -1)
			return error_at(e, ctx->path, lineno, 0, "damaged "
			    "entity record");
		if (watch_entity_load(v->watch, en->we, obj, e) == -1) {
			error_prefix(e, "%s:%ld", ctx->path, lineno);
			return -1;
		}
		return 0;
	}
	return error_at(e, ctx->path, lineno, 0, "unknown state record");
}

int
validator_load(struct validator *v, const char *path, struct mlo_error *e)
{
	struct load_ctx ctx = { v, path };

	return statefile_load(path, STATE_MAGIC, STATE_VERSION, load_record,
	    &ctx, e);
}
