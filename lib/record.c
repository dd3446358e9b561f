#include <csv.h>
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "record.h"
#include "strmap.h"
#include "util.h"

/* The reasons a record is refused for REC_MAX_COLUMNS, which they name. */
#define TOO_MANY_FIELDS "too many fields (more than " STR(REC_MAX_COLUMNS) ")"
#define TOO_MANY_KEYS \
	"too many distinct keys (more than " STR(REC_MAX_COLUMNS) ")"

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
		*bad = TOO_MANY_FIELDS;
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
			return TOO_MANY_KEYS;
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

/* json_pick's scanner: P at the current byte, END past the last. */
struct jscan {
	const char *p, *end;
	struct buf *out;
};

static void
js_blank(struct jscan *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int
js_hex4(const char *s, unsigned *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		int c = (unsigned char)s[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			d = (c | 0x20) - 'a' + 10;
		else
			return -1;
		*v = *v << 4 | (unsigned)d;
	}
	return 0;
}

static void
js_utf8(struct buf *b, unsigned cp)
{
	if (cp < 0x80)
		buf_addc(b, (char)cp);
	else if (cp < 0x800) {
		buf_addc(b, (char)(0xc0 | cp >> 6));
		buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		buf_addc(b, (char)(0xe0 | cp >> 12));
		buf_addc(b, (char)(0x80 | (cp >> 6 & 0x3f)));
		buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	} else {
		buf_addc(b, (char)(0xf0 | cp >> 18));
		buf_addc(b, (char)(0x80 | (cp >> 12 & 0x3f)));
		buf_addc(b, (char)(0x80 | (cp >> 6 & 0x3f)));
		buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	}
}

/*
 * js_string: the string at P (after its opening quote): its raw bytes in
 * *S, *N when it has no escape (*ESC 0), else unescaped onto j->out when
 * KEEP (*ESC 1).  -1 on bad JSON.
 */
static int
js_string(struct jscan *j, const char **s, size_t *n, int *esc, int keep)
{
	const char *start = j->p;

	*esc = 0;
	for (;;) {
		const char *q = j->p;

		while (q < j->end && *q != '"' && *q != '\\' &&
		    (unsigned char)*q >= 0x20)
			q++;
		if (q >= j->end || (unsigned char)*q < 0x20)
			return -1;
		if (*esc && keep)
			buf_add(j->out, j->p, (size_t)(q - j->p));
		j->p = q;
		if (*q == '"')
			break;
		/* an escape */
		if (!*esc) {
			*esc = 1;
			if (keep)
				buf_add(j->out, start, (size_t)(q - start));
		}
		if (j->end - q < 2)
			return -1;
		switch (q[1]) {
		case '"': case '\\': case '/':
			if (keep) buf_addc(j->out, q[1]);
			j->p = q + 2;
			break;
		case 'b': if (keep) buf_addc(j->out, '\b'); j->p = q + 2; break;
		case 'f': if (keep) buf_addc(j->out, '\f'); j->p = q + 2; break;
		case 'n': if (keep) buf_addc(j->out, '\n'); j->p = q + 2; break;
		case 'r': if (keep) buf_addc(j->out, '\r'); j->p = q + 2; break;
		case 't': if (keep) buf_addc(j->out, '\t'); j->p = q + 2; break;
		case 'u': {
			unsigned cp, lo;

			if (j->end - q < 6 || js_hex4(q + 2, &cp) == -1)
				return -1;
			j->p = q + 6;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (j->end - j->p < 6 || j->p[0] != '\\' ||
				    j->p[1] != 'u' ||
				    js_hex4(j->p + 2, &lo) == -1 ||
				    lo < 0xdc00 || lo > 0xdfff)
					return -1;
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				j->p += 6;
			} else if (cp >= 0xdc00 && cp <= 0xdfff)
				return -1;
			if (cp == 0)
				return -1;	/* a NUL: the slow path says so */
			if (keep)
				js_utf8(j->out, cp);
			break;
		}
		default:
			return -1;
		}
	}
	*s = start;
	*n = (size_t)(j->p - start);
	j->p++;		/* the closing quote */
	return 0;
}

/* js_number: a JSON number literal at P. */
static int
js_number(struct jscan *j)
{
	const char *p = j->p;

	if (p < j->end && *p == '-')
		p++;
	if (p >= j->end)
		return -1;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (p < j->end && *p >= '0' && *p <= '9')
			p++;
	else
		return -1;
	if (p < j->end && *p == '.') {
		if (++p >= j->end || *p < '0' || *p > '9')
			return -1;
		while (p < j->end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < j->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < j->end && (*p == '+' || *p == '-'))
			p++;
		if (p >= j->end || *p < '0' || *p > '9')
			return -1;
		while (p < j->end && *p >= '0' && *p <= '9')
			p++;
	}
	j->p = p;
	return 0;
}

static int
js_word(struct jscan *j, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n) != 0)
		return -1;
	j->p += n;
	return 0;
}

int
json_pick(const char *line, size_t len, const char *const *keys,
    size_t nkeys, struct field *f, struct buf *scratch)
{
	struct jscan j = { line, line + len, scratch };
	uint64_t seen = 0;
	size_t k;
	int first = 1;

	if (nkeys > 64 || bytes_problem(line, len) != NULL)
		return -1;
	buf_reset(scratch);
	/* unescaped strings are never longer than the line: no realloc, so
	 * pointers into SCRATCH stay good */
	buf_grow(scratch, len + nkeys + 1);
	for (k = 0; k < nkeys; k++)
		f[k] = (struct field){ "", 0, FIELD_NULL, 0 };
	js_blank(&j);
	if (j.p >= j.end || *j.p++ != '{')
		return -1;
	for (;;) {
		const char *ks, *vs;
		size_t kn, vn;
		int esc;
		long want = -1;

		js_blank(&j);
		if (j.p < j.end && *j.p == '}' && first) {
			j.p++;
			break;
		}
		if (j.p >= j.end || *j.p++ != '"' ||
		    js_string(&j, &ks, &kn, &esc, 0) == -1 || esc)
			return -1;
		for (k = 0; k < nkeys; k++)
			if (kn > 0 && keys[k][0] == ks[0] &&
			    strncmp(keys[k], ks, kn) == 0 &&
			    keys[k][kn] == '\0') {
				want = (long)k;
				break;
			}
		if (want >= 0) {
			if (seen & (UINT64_C(1) << want))
				return -1;	/* seen twice */
			seen |= UINT64_C(1) << want;
		}
		js_blank(&j);
		if (j.p >= j.end || *j.p++ != ':')
			return -1;
		js_blank(&j);
		if (j.p >= j.end)
			return -1;
		vs = j.p;
		if (*j.p == '"') {
			size_t at = scratch->len;

			j.p++;
			if (js_string(&j, &vs, &vn, &esc, want >= 0) == -1)
				return -1;
			if (want >= 0) {
				/* copied, so that every value ends in NUL */
				if (!esc)
					buf_add(scratch, vs, vn);
				vn = scratch->len - at;
				buf_addc(scratch, '\0');
				f[want] = (struct field){ vn ?
				    scratch->data + at : "", vn,
				    vn ? FIELD_TEXT : FIELD_NULL, 0 };
			}
		} else if (*j.p == '-' || (*j.p >= '0' && *j.p <= '9')) {
			if (js_number(&j) == -1)
				return -1;
			if (want >= 0) {
				double x;

				size_t at = scratch->len;

				vn = (size_t)(j.p - vs);
				if (num_parse(vs, vn, &x) == -1)
					return -1;
				buf_add(scratch, vs, vn);
				buf_addc(scratch, '\0');
				f[want] = (struct field){ scratch->data + at,
				    vn, FIELD_NUMBER, x };
			}
		} else if (*j.p == 't' || *j.p == 'f') {
			int t = *j.p == 't';

			if (js_word(&j, t ? "true" : "false") == -1)
				return -1;
			if (want >= 0)
				f[want] = (struct field){ t ? "true" :
				    "false", t ? 4 : 5, FIELD_BOOL, 0 };
		} else if (*j.p == 'n') {
			if (js_word(&j, "null") == -1)
				return -1;
		} else
			return -1;	/* nested, or not JSON */
		first = 0;
		js_blank(&j);
		if (j.p < j.end && *j.p == ',') {
			j.p++;
			continue;
		}
		if (j.p < j.end && *j.p == '}') {
			j.p++;
			break;
		}
		return -1;
	}
	js_blank(&j);
	return j.p == j.end ? 0 : -1;
}
