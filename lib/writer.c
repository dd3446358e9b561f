#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "writer.h"

struct writer {
	struct output *out;
	enum rec_format fmt;
	char delim;
	size_t ncols;
	char **keys;		/* NDJSON: each column as "\"name\":" */
	char **names;
	size_t col;		/* next field of the row */
	int header_done;
	struct buf row;
};

void
csv_quote(struct buf *b, const char *s, size_t len, int delim)
{
	size_t i;
	int need = 0;

	for (i = 0; i < len; i++)
		if (s[i] == delim || s[i] == '"' || s[i] == '\n' ||
		    s[i] == '\r') {
			need = 1;
			break;
		}
	if (!need) {
		buf_add(b, s, len);
		return;
	}
	buf_addc(b, '"');
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			buf_addc(b, '"');
		buf_addc(b, s[i]);
	}
	buf_addc(b, '"');
}

void
json_quote(struct buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, plain = 0;

	buf_grow(b, len + 2);
	buf_addc(b, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[7];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_add(b, s + plain, i - plain);
		plain = i + 1;
		switch (c) {
		case '"': buf_add(b, "\\\"", 2); break;
		case '\\': buf_add(b, "\\\\", 2); break;
		case '\n': buf_add(b, "\\n", 2); break;
		case '\r': buf_add(b, "\\r", 2); break;
		case '\t': buf_add(b, "\\t", 2); break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			buf_add(b, esc, 6);
		}
	}
	buf_add(b, s + plain, len - plain);
	buf_addc(b, '"');
}

int
json_number_text(const char *s, size_t len)
{
	size_t i = 0;

	if (i < len && s[i] == '-')
		i++;
	if (i >= len)
		return 0;
	if (s[i] == '0')
		i++;
	else if (s[i] >= '1' && s[i] <= '9')
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
	else
		return 0;
	if (i < len && s[i] == '.') {
		size_t d = ++i;

		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d)
			return 0;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t d;

		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		d = i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d)
			return 0;
	}
	return i == len;
}

struct writer *
writer_new(struct output *o, enum rec_format fmt, int delim, size_t ncolumns,
    const char *const *columns)
{
	struct writer *w = xcalloc(1, sizeof *w);
	size_t i;

	w->out = o;
	w->fmt = fmt == REC_NDJSON ? REC_NDJSON : REC_CSV;
	w->delim = delim == 0 || delim == DELIM_SPACE ? ',' : (char)delim;
	w->ncols = ncolumns;
	w->names = xcalloc(ncolumns + 1, sizeof *w->names);
	w->keys = xcalloc(ncolumns + 1, sizeof *w->keys);
	for (i = 0; i < ncolumns; i++) {
		struct buf k = {0};

		w->names[i] = xstrdup(columns[i]);
		json_quote(&k, columns[i], strlen(columns[i]));
		buf_addc(&k, ':');
		w->keys[i] = buf_detach(&k);
	}
	return w;
}

void
writer_header(struct writer *w)
{
	size_t i;

	if (w->header_done)
		return;
	w->header_done = 1;
	if (w->fmt != REC_CSV)
		return;
	buf_reset(&w->row);
	for (i = 0; i < w->ncols; i++) {
		if (i > 0)
			buf_addc(&w->row, w->delim);
		csv_quote(&w->row, w->names[i], strlen(w->names[i]), w->delim);
	}
	buf_addc(&w->row, '\n');
	output_write(w->out, w->row.data, w->row.len);
	buf_reset(&w->row);
}

void
writer_header_done(struct writer *w)
{
	w->header_done = 1;
}

/* Start the next field: a separator, and the key in NDJSON. */
static int
next_field(struct writer *w)
{
	if (!w->header_done)
		writer_header(w);
	if (w->col >= w->ncols)
		return 0;
	if (w->fmt == REC_CSV) {
		if (w->col > 0)
			buf_addc(&w->row, w->delim);
	} else {
		buf_addc(&w->row, w->col == 0 ? '{' : ',');
		buf_adds(&w->row, w->keys[w->col]);
	}
	w->col++;
	return 1;
}

void
writer_string(struct writer *w, const char *s, size_t len)
{
	if (!next_field(w))
		return;
	if (w->fmt == REC_CSV)
		csv_quote(&w->row, s, len, w->delim);
	else
		json_quote(&w->row, s, len);
}

void
writer_null(struct writer *w)
{
	if (next_field(w) && w->fmt == REC_NDJSON)
		buf_add(&w->row, "null", 4);
}

void
writer_raw(struct writer *w, const char *s, size_t len, size_t n)
{
	if (!next_field(w))
		return;
	buf_add(&w->row, s, len);
	w->col += n - 1;
}

void
writer_number(struct writer *w, double v)
{
	char num[NUM_BUFSZ];
	size_t n;

	if (!next_field(w))
		return;
	if (w->fmt == REC_NDJSON && (v != v || v - v != 0)) {
		n = num_format(v, num);
		json_quote(&w->row, num, n);	/* JSON has no nan or inf */
		return;
	}
	/* Straight into the row: a copy less per number. */
	buf_grow(&w->row, NUM_BUFSZ);
	w->row.len += num_format(v, w->row.data + w->row.len);
}

void
writer_field(struct writer *w, const struct field *f)
{
	switch (f->kind) {
	case FIELD_NULL:
		writer_null(w);
		return;
	case FIELD_NUMBER:
		/*
		 * A JSON number past the double range (1e400) reads as inf:
		 * its text "inf" is no JSON number, so write it as a string,
		 * as writer_number does.
		 */
		if (w->fmt == REC_NDJSON && !json_number_text(f->s, f->len)) {
			writer_string(w, f->s, f->len);
			return;
		}
		/* FALLTHROUGH */
	case FIELD_BOOL:
		if (!next_field(w))
			return;
		buf_add(&w->row, f->s, f->len);
		return;
	case FIELD_TEXT:
		if (w->fmt == REC_NDJSON && json_number_text(f->s, f->len)) {
			if (next_field(w))
				buf_add(&w->row, f->s, f->len);
			return;
		}
		writer_string(w, f->s, f->len);
		return;
	}
}

/* Finish the row in w->row (the caller takes it and resets it). */
static void
finish_row(struct writer *w)
{
	while (w->col < w->ncols)
		writer_null(w);
	if (w->fmt == REC_NDJSON)
		buf_addc(&w->row, w->ncols == 0 ? '{' : '}');
	if (w->fmt == REC_NDJSON && w->ncols == 0)
		buf_addc(&w->row, '}');
	/*
	 * A one-column row holding a null would be an empty line, which
	 * readers skip as blank: the row would be lost.  "" reads back as
	 * the same null.
	 */
	if (w->fmt == REC_CSV && w->ncols > 0 && w->row.len == 0)
		buf_add(&w->row, "\"\"", 2);
	buf_addc(&w->row, '\n');
	w->col = 0;
}

void
writer_end(struct writer *w)
{
	finish_row(w);
	output_write(w->out, w->row.data, w->row.len);
	buf_reset(&w->row);
}

void
writer_end_to(struct writer *w, struct buf *dst)
{
	finish_row(w);
	buf_add(dst, w->row.data, w->row.len);
	buf_reset(&w->row);
}

struct output *
writer_output(const struct writer *w)
{
	return w->out;
}

void
writer_free(struct writer *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->ncols; i++) {
		free(w->names[i]);
		free(w->keys[i]);
	}
	free(w->names);
	free(w->keys);
	buf_free(&w->row);
	free(w);
}
