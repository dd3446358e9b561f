/*
 * fuzz_record: the CSV and NDJSON readers of lib/record behind every
 * program.  The first byte picks the options (delimiter, --no-header,
 * --columns, --input-format, a small line limit); the rest is the input.
 * Properties: no crash, no leak; every field is NUL-terminated at its
 * length; a record has one field per column; shape_error or not, the
 * reader goes on or ends with a message.
 */
#include <string.h>

#include "fuzz.h"
#include "record.h"

static void
check_field(const struct field *f)
{
	if (f->s == NULL || f->s[f->len] != '\0')
		fz_fail("field not NUL-terminated at its length");
	if (f->kind == FIELD_NULL && f->len != 0)
		fz_fail("null field of length %zu", f->len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int delims[] = { ',', '\t', ';', DELIM_SPACE };
	struct reader_opts o = { 0 };
	struct mlo_error e;
	struct input *in;
	struct reader *r;
	struct record *rec;
	unsigned opt;
	size_t i;
	int got;

	if (size < 1)
		return 0;
	e.msg[0] = '\0';
	opt = data[0];
	o.delimiter = delims[opt & 3];
	o.no_header = (opt >> 2) & 1;
	if ((opt >> 3) & 1 && reader_opts_columns(&o, "a,b,c", &e) == -1)
		fz_fail("--columns: %s", e.msg);
	o.format = (opt >> 4) % 3 == 0 ? REC_AUTO :
	    (opt >> 4) % 3 == 1 ? REC_CSV : REC_NDJSON;
	o.max_line = (opt & 0x80) ? 64 : 0;
	in = input_open(fz_file("in", data + 1, size - 1), &e);
	if (in == NULL)
		fz_fail("%s", e.msg);
	if ((r = reader_open(in, &o, &e)) != NULL) {
		while ((got = reader_next(r, &rec, &e)) == 1) {
			if (rec->nfields != reader_ncolumns(r) &&
			    reader_format(r) == REC_CSV)
				fz_fail("%zu fields, %zu columns",
				    rec->nfields, reader_ncolumns(r));
			for (i = 0; i < rec->nfields; i++)
				check_field(&rec->fields[i]);
			for (i = 0; rec->all != NULL && i < rec->nall; i++)
				check_field(&rec->all[i]);
		}
		if (got == -1 && e.msg[0] == '\0')
			fz_fail("reader failed without a message");
		if (reader_ncolumns(r) > REC_MAX_COLUMNS)
			fz_fail("%zu columns", reader_ncolumns(r));
		for (i = 0; i < reader_ncolumns(r); i++)
			(void)strlen(reader_column(r, i));
		reader_close(r);
	} else if (e.msg[0] == '\0')
		fz_fail("reader_open failed without a message");
	reader_opts_free(&o);
	return 0;
}
