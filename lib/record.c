#include <csv.h>
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "record.h"
#include "strmap.h"
#include "util.h"

struct reader {
	struct input *in;
	enum rec_format fmt;
	int delim;
	size_t max_line;

	char **cols;		/* column names */
	size_t ncols, capcols;
	struct strmap colmap;	/* name -> column */
	struct buf header_raw;

	struct csv_parser csv;
	int csv_live;
	int row_done;		/* libcsv ended a row */
	int too_many;		/* more than REC_MAX_COLUMNS fields */

	struct buf arena;	/* the current record's field bytes */
	size_t *offs, *lens;	/* per field, into arena */
	size_t nf, capf;
	struct buf rawbuf;	/* a record spanning lines, copied */

	struct field *fields;	/* by column, capacity capfields */
	size_t capfields;
	struct field *all;
	size_t capall;
	struct record rec;
	char shape[256];
	long recno;
};

int
reader_opts_delimiter(struct reader_opts *o, const char *arg,
    struct mlo_error *e)
{
	if (strcmp(arg, "tab") == 0 || strcmp(arg, "\\t") == 0)
		o->delimiter = '\t';
	else if (strcmp(arg, "space") == 0)
		o->delimiter = DELIM_SPACE;
	else if (strcmp(arg, "comma") == 0)
		o->delimiter = ',';
	else if (strlen(arg) == 1 && arg[0] != '"' && arg[0] != '\n' &&
	    arg[0] != '\r')
		o->delimiter = (unsigned char)arg[0];
	else
		return error_set(e, "delimiter '%s' is not one byte, 'tab' or "
		    "'space'", arg);
	return 0;
}

int
reader_opts_columns(struct reader_opts *o, const char *arg,
    struct mlo_error *e)
{
	const char *p = arg;
	size_t i;

	reader_opts_free(o);	/* a later --columns replaces an earlier one */
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);

		if (n == 0)
			return error_set(e, "--columns '%s' has an empty name",
			    arg);
		for (i = 0; i < o->ncolumns; i++)
			if (strlen(o->columns[i]) == n &&
			    memcmp(o->columns[i], p, n) == 0)
				return error_set(e, "--columns names '%.*s' "
				    "twice", (int)n, p);
		o->columns = xreallocarray(o->columns, o->ncolumns + 1,
		    sizeof *o->columns);
		o->columns[o->ncolumns++] = xstrndup(p, n);
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

int
reader_opts_format(enum rec_format *f, const char *arg, struct mlo_error *e)
{
	if (strcmp(arg, "csv") == 0)
		*f = REC_CSV;
	else if (strcmp(arg, "ndjson") == 0 || strcmp(arg, "json") == 0)
		*f = REC_NDJSON;
	else
		return error_set(e, "format '%s' is not 'csv' or 'ndjson'",
		    arg);
	return 0;
}

void
reader_opts_free(struct reader_opts *o)
{
	size_t i;

	for (i = 0; i < o->ncolumns; i++)
		free(o->columns[i]);
	free(o->columns);
	o->columns = NULL;
	o->ncolumns = 0;
}

int
utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + n;

	while (s < end) {
		unsigned c = *s;
		size_t k;
		unsigned min;
		unsigned cp;

		if (c >= 0x01 && c < 0x80) {
			s++;
			continue;
		}
		if (c == 0)
			return 0;
		if ((c & 0xe0) == 0xc0)
			k = 1, min = 0x80, cp = c & 0x1f;
		else if ((c & 0xf0) == 0xe0)
			k = 2, min = 0x800, cp = c & 0x0f;
		else if ((c & 0xf8) == 0xf0)
			k = 3, min = 0x10000, cp = c & 0x07;
		else
			return 0;
		if ((size_t)(end - s) <= k)
			return 0;
		for (size_t i = 1; i <= k; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		s += k + 1;
	}
	return 1;
}

/* Most lines are ASCII without NULs: check that fast, then the slow way. */
static const char *
bytes_problem(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0 || c >= 0x80)
			break;
	}
	if (i == n)
		return NULL;
	if (memchr(s, '\0', n) != NULL)
		return "NUL byte in record";
	if (!utf8_valid(s + i, n - i))
		return "invalid UTF-8";
	return NULL;
}

static void
add_column(struct reader *r, const char *name, size_t len)
{
	if (r->ncols == r->capcols) {
		r->capcols = r->capcols ? r->capcols * 2 : 16;
		r->cols = xreallocarray(r->cols, r->capcols, sizeof *r->cols);
	}
	strmap_put(&r->colmap, name, len, (int64_t)r->ncols);
	r->cols[r->ncols++] = xstrndup(name, len);
}

/* libcsv callbacks: copy each field into the arena. */
static void
on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;

	if (r->nf >= REC_MAX_COLUMNS) {
		r->too_many = 1;
		return;
	}
	if (r->nf == r->capf) {
		r->capf = r->capf ? r->capf * 2 : 32;
		r->offs = xreallocarray(r->offs, r->capf, sizeof *r->offs);
		r->lens = xreallocarray(r->lens, r->capf, sizeof *r->lens);
	}
	r->offs[r->nf] = r->arena.len;
	r->lens[r->nf] = len;
	r->nf++;
	if (len > 0)
		buf_add(&r->arena, s, len);
	buf_addc(&r->arena, '\0');
}

static void
on_row(int c, void *data)
{
	struct reader *r = data;

	(void)c;
	r->row_done = 1;
}

/*
 * libcsv's space function: nothing is a blank.  Passing NULL instead does
 * not turn trimming off, it selects libcsv's default (space and tab), so
 * " B-0001 " used to match '^B-[0-9]{4}$' and " 5" to read as a number.
 */
static int
no_blank(unsigned char c)
{
	(void)c;
	return 0;
}

static void
csv_start(struct reader *r)
{
	if (r->csv_live)
		csv_free(&r->csv);
	csv_init(&r->csv, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_delim(&r->csv, (unsigned char)r->delim);
	/* No blank is trimmed: a value is what stands between delimiters. */
	csv_set_space_func(&r->csv, no_blank);
	r->csv_live = 1;
}

static int
is_blank_line(const char *s, size_t n)
{
	return (n == 1 && s[0] == '\n') || (n == 2 && s[0] == '\r' &&
	    s[1] == '\n');
}

/* Blank-separated: runs of blanks split, leading and trailing ignored. */
static void
split_blanks(struct reader *r, const char *s, size_t n)
{
	size_t i = 0;

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	for (;;) {
		size_t start;

		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i >= n)
			break;
		start = i;
		while (i < n && s[i] != ' ' && s[i] != '\t')
			i++;
		on_field((void *)(s + start), i - start, r);
	}
	r->row_done = 1;
}

/*
 * Read the fields of the next CSV record into the arena.  1: a record,
 * 0: end of input, -1: fatal.  *BAD is set to a shape problem.
 */
static int
csv_read(struct reader *r, const char **bad, struct mlo_error *e)
{
	const char *line;
	size_t len;
	long first = 0;
	int got;

	r->nf = 0;
	r->too_many = 0;
	r->row_done = 0;
	buf_reset(&r->arena);
	buf_reset(&r->rawbuf);
	r->rec.raw = NULL;
	*bad = NULL;
	for (;;) {
		const char *prob;

		got = input_getline(r->in, &line, &len, r->max_line, e);
		if (got == -1)
			return -1;
		if (got == 0) {
			if (first == 0)
				return 0;
			/* The last record had no newline, or a quote is open. */
			if (csv_fini(&r->csv, on_field, on_row, r) != 0) {
				csv_start(r);
				return error_at(e, input_name(r->in), first, 0,
				    "quoted field never closed before the end "
				    "of input");
			}
			r->rec.raw = r->rawbuf.data;
			r->rec.rawlen = r->rawbuf.len;
			break;
		}
		if (first == 0) {
			if (is_blank_line(line, len))
				continue;
			first = input_lineno(r->in);
		}
		if (*bad == NULL && (prob = bytes_problem(line, len)) != NULL)
			*bad = prob;
		if (r->delim == DELIM_SPACE)
			split_blanks(r, line, len);
		else if (csv_parse(&r->csv, line, len, on_field, on_row, r) !=
		    len) {
			/* A stray quote: quarantine the record, go on after it. */
			csv_start(r);
			*bad = "stray or unbalanced quote";
			r->row_done = 1;
		}
		if (r->row_done && r->rawbuf.len == 0) {
			r->rec.raw = line;
			r->rec.rawlen = len;
			break;
		}
		buf_add(&r->rawbuf, line, len);
		if (r->rawbuf.len > r->max_line)
			return error_at(e, input_name(r->in), first, 0,
			    "record longer than %zu bytes (a quoted field "
			    "never closed?)", r->max_line);
		if (r->row_done) {
			r->rec.raw = r->rawbuf.data;
			r->rec.rawlen = r->rawbuf.len;
			break;
		}
	}
	r->rec.line = first;
	if (r->too_many)
		*bad = "too many fields";
	return 1;
}

static struct field *
fields_cap(struct field **f, size_t *cap, size_t n)
{
	if (n > *cap) {
		*cap = n + 16;
		*f = xreallocarray(*f, *cap, sizeof **f);
	}
	return *f;
}

static void
set_field(struct field *f, const char *s, size_t len)
{
	f->s = s;
	f->len = len;
	f->kind = len == 0 ? FIELD_NULL : FIELD_TEXT;
}

static int
csv_header(struct reader *r, const struct reader_opts *o,
    struct mlo_error *e)
{
	const char *bad;
	size_t i;
	int got;

	if (o->no_header) {
		for (i = 0; i < o->ncolumns; i++)
			add_column(r, o->columns[i], strlen(o->columns[i]));
		return 0;
	}
	if ((got = csv_read(r, &bad, e)) <= 0)
		return got;
	if (bad != NULL)
		return error_at(e, input_name(r->in), r->rec.line, 0,
		    "header: %s", bad);
	buf_add(&r->header_raw, r->rec.raw, r->rec.rawlen);
	for (i = 0; i < r->nf; i++) {
		const char *name = r->arena.data + r->offs[i];
		size_t len = r->lens[i];

		if (len == 0)
			return error_at(e, input_name(r->in), r->rec.line, 0,
			    "column %zu has no name in the header", i + 1);
		if (strmap_get(&r->colmap, name, len) >= 0)
			return error_at(e, input_name(r->in), r->rec.line, 0,
			    "column '%.*s' appears twice in the header",
			    (int)len, name);
		add_column(r, name, len);
	}
	return 0;
}

static int
csv_next(struct reader *r, struct record **out, struct mlo_error *e)
{
	struct record *rec = &r->rec;
	const char *bad;
	size_t i, n;
	int got;

	if ((got = csv_read(r, &bad, e)) <= 0)
		return got;
	if (r->ncols == 0 && r->recno == 0) {
		/* No header and no names: columns are numbered. */
		for (i = 0; i < r->nf; i++) {
			char num[24];

			snprintf(num, sizeof num, "%zu", i + 1);
			add_column(r, num, strlen(num));
		}
	}
	n = r->ncols;
	fields_cap(&r->fields, &r->capfields, n);
	for (i = 0; i < n; i++) {
		if (i < r->nf)
			set_field(&r->fields[i], r->arena.data + r->offs[i],
			    r->lens[i]);
		else
			set_field(&r->fields[i], "", 0);
	}
	fields_cap(&r->all, &r->capall, r->nf);
	for (i = 0; i < r->nf; i++)
		set_field(&r->all[i], r->arena.data + r->offs[i], r->lens[i]);
	rec->fields = r->fields;
	rec->nfields = n;
	rec->all = r->all;
	rec->nall = r->nf;
	rec->recno = ++r->recno;
	rec->shape_error = bad;
	if (bad == NULL && r->nf != n) {
		snprintf(r->shape, sizeof r->shape, "%zu field%s, header has %zu",
		    r->nf, r->nf == 1 ? "" : "s", n);
		rec->shape_error = r->shape;
	}
	*out = rec;
	return 1;
}

/* NDJSON. */

static const char *
json_field(struct reader *r, const cJSON *item)
{
	long col = (long)strmap_get(&r->colmap, item->string,
	    strlen(item->string));
	struct field *f;
	char num[NUM_BUFSZ];
	const char *s;
	size_t len;

	if (col < 0) {
		if (r->ncols >= REC_MAX_COLUMNS)
			return "too many distinct keys";
		add_column(r, item->string, strlen(item->string));
		col = (long)r->ncols - 1;
	}
	fields_cap(&r->fields, &r->capfields, r->ncols);
	for (; r->rec.nfields < r->ncols; r->rec.nfields++) {
		/* A key first seen in this record: not seen in it yet. */
		r->fields[r->rec.nfields].s = NULL;
		r->fields[r->rec.nfields].kind = FIELD_NULL;
	}
	f = &r->fields[col];
	if (f->kind != FIELD_NULL || f->s != NULL) {
		snprintf(r->shape, sizeof r->shape, "key '%.64s' appears twice",
		    item->string);
		return r->shape;
	}
	if (cJSON_IsNull(item)) {
		f->s = "";
		return NULL;
	}
	if (cJSON_IsObject(item) || cJSON_IsArray(item)) {
		snprintf(r->shape, sizeof r->shape, "nested value in '%.64s'",
		    item->string);
		return r->shape;
	}
	if (cJSON_IsNumber(item)) {
		len = num_format(item->valuedouble, num);
		s = num;
	} else if (cJSON_IsBool(item)) {
		s = cJSON_IsTrue(item) ? "true" : "false";
		len = strlen(s);
	} else {
		s = item->valuestring;
		len = strlen(s);
	}
	/* Offsets, not pointers: the arena may move while it grows. */
	r->offs[col] = r->arena.len;
	r->lens[col] = len;
	buf_add(&r->arena, s, len);
	buf_addc(&r->arena, '\0');
	f->s = "";	/* marks the key as seen; fixed up below */
	f->len = len;
	f->kind = cJSON_IsNumber(item) ? FIELD_NUMBER :
	    cJSON_IsBool(item) ? FIELD_BOOL : len ? FIELD_TEXT : FIELD_NULL;
	f->num = cJSON_IsNumber(item) ? item->valuedouble : 0;
	return NULL;
}

static int
ndjson_next(struct reader *r, struct record **out, struct mlo_error *e)
{
	struct record *rec = &r->rec;
	const char *line, *bad, *end = NULL;
	const cJSON *item;
	cJSON *obj;
	size_t len, i;
	int got;

	do {
		if ((got = input_getline(r->in, &line, &len, r->max_line, e))
		    <= 0)
			return got;
		for (i = 0; i < len && (line[i] == ' ' || line[i] == '\t' ||
		    line[i] == '\r' || line[i] == '\n'); i++)
			;
	} while (i == len);
	rec->raw = line;
	rec->rawlen = len;
	rec->line = input_lineno(r->in);
	rec->recno = ++r->recno;
	rec->nall = 0;
	rec->all = NULL;
	buf_reset(&r->arena);
	if (r->capf < r->ncols + 1 || r->capf < REC_MAX_COLUMNS + 1) {
		r->capf = REC_MAX_COLUMNS + 1;
		r->offs = xreallocarray(r->offs, r->capf, sizeof *r->offs);
		r->lens = xreallocarray(r->lens, r->capf, sizeof *r->lens);
	}
	fields_cap(&r->fields, &r->capfields, r->ncols);
	for (i = 0; i < r->ncols; i++) {
		r->fields[i].s = NULL;
		r->fields[i].len = 0;
		r->fields[i].kind = FIELD_NULL;
	}
	rec->nfields = r->ncols;
	bad = bytes_problem(line, len);
	/*
	 * cJSON_ParseWithLength stops after the first value and ignores what
	 * follows, so '{"a":1} x' and '{"a":1}{"a":2}' passed as valid:
	 * only blanks may follow the object.
	 */
	obj = bad ? NULL : cJSON_ParseWithLengthOpts(line, len, &end, 0);
	if (obj != NULL) {
		while (end < line + len && (*end == ' ' || *end == '\t' ||
		    *end == '\r' || *end == '\n'))
			end++;
		if (end != line + len) {
			cJSON_Delete(obj);
			obj = NULL;
		}
	}
	if (bad == NULL && obj == NULL)
		bad = "invalid JSON";
	else if (bad == NULL && !cJSON_IsObject(obj))
		bad = "not a JSON object";
	else if (bad == NULL)
		for (item = obj->child; item != NULL && bad == NULL;
		    item = item->next)
			bad = json_field(r, item);
	cJSON_Delete(obj);
	rec->fields = r->fields;
	rec->nfields = r->ncols;
	for (i = 0; i < rec->nfields; i++) {
		struct field *f = &r->fields[i];

		if (f->s == NULL || f->kind == FIELD_NULL) {
			f->s = "";
			f->len = 0;
			f->kind = FIELD_NULL;
		} else
			f->s = r->arena.data + r->offs[i];
	}
	rec->shape_error = bad;
	*out = rec;
	return 1;
}

struct reader *
reader_open(struct input *in, const struct reader_opts *o,
    struct mlo_error *e)
{
	struct reader *r = xcalloc(1, sizeof *r);

	r->in = in;
	r->fmt = o->format;
	r->delim = o->delimiter ? o->delimiter : ',';
	r->max_line = o->max_line ? o->max_line : IO_MAX_LINE;
	if (r->fmt == REC_AUTO) {
		int c = input_peek(in, e);

		if (c == -1 && e->msg[0] != '\0') {
			reader_close(r);
			return NULL;
		}
		r->fmt = c == '{' ? REC_NDJSON : REC_CSV;
	}
	if (o->ncolumns > 0 && !o->no_header && r->fmt == REC_CSV) {
		error_set(e, "%s: --columns names the columns of header-less "
		    "input: add --no-header", input_name(in));
		reader_close(r);
		return NULL;
	}
	if (r->fmt == REC_NDJSON) {
		size_t i;

		for (i = 0; i < o->ncolumns; i++)
			add_column(r, o->columns[i], strlen(o->columns[i]));
		return r;
	}
	if (r->delim != DELIM_SPACE)
		csv_start(r);
	if (csv_header(r, o, e) == -1) {
		reader_close(r);
		return NULL;
	}
	return r;
}

int
reader_next(struct reader *r, struct record **rec, struct mlo_error *e)
{
	if (r->fmt == REC_NDJSON)
		return ndjson_next(r, rec, e);
	return csv_next(r, rec, e);
}

enum rec_format
reader_format(const struct reader *r)
{
	return r->fmt;
}

int
reader_delimiter(const struct reader *r)
{
	return r->delim;
}

const char *
reader_name(const struct reader *r)
{
	return input_name(r->in);
}

size_t
reader_ncolumns(const struct reader *r)
{
	return r->ncols;
}

const char *
reader_column(const struct reader *r, size_t i)
{
	return i < r->ncols ? r->cols[i] : NULL;
}

long
reader_find(const struct reader *r, const char *name)
{
	return (long)strmap_get(&r->colmap, name, strlen(name));
}

size_t
reader_want(struct reader *r, const char *name)
{
	long c = reader_find(r, name);

	if (c >= 0)
		return (size_t)c;
	add_column(r, name, strlen(name));
	return r->ncols - 1;
}

const char *
reader_header_raw(const struct reader *r, size_t *len)
{
	*len = r->header_raw.len;
	return r->header_raw.len ? r->header_raw.data : NULL;
}

void
reader_close(struct reader *r)
{
	size_t i;

	if (r == NULL)
		return;
	input_close(r->in);
	if (r->csv_live)
		csv_free(&r->csv);
	for (i = 0; i < r->ncols; i++)
		free(r->cols[i]);
	free(r->cols);
	strmap_free(&r->colmap);
	buf_free(&r->header_raw);
	buf_free(&r->arena);
	buf_free(&r->rawbuf);
	free(r->offs);
	free(r->lens);
	free(r->fields);
	free(r->all);
	free(r);
}
