/*
 * Unit tests of lib/writer: csv_quote (quotes only when a field holds the
 * delimiter, a quote, CR or LF), json_quote (escapes, control characters
 * as \u00XX, UTF-8 untouched), json_number_text (the JSON number grammar),
 * and whole CSV, TSV and NDJSON writers checked byte for byte on a small
 * table with nulls, numbers, booleans, text needing quotes, text that looks
 * like a number, NaN and infinities.
 *
 * Writers write through output_fd to a file in a fresh temporary directory
 * that is removed at the end.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io.h"
#include "tap.h"
#include "util.h"
#include "writer.h"

static char *tmpdir;

static void
tmpdir_make(void)
{
	const char *base = getenv("TMPDIR");
	struct buf b = {0};

	buf_printf(&b, "%s/mlo-unit-writer-XXXXXX",
	    base && *base ? base : "/tmp");
	tmpdir = buf_detach(&b);
	if (mkdtemp(tmpdir) == NULL) {
		perror(tmpdir);
		exit(2);
	}
}

/* A file in the temporary directory and an output_fd writing to it. */
struct sink {
	char *path;
	int fd;
	struct output *out;
};

static void
sink_open(struct sink *s, const char *name)
{
	struct buf b = {0};

	buf_printf(&b, "%s/%s", tmpdir, name);
	s->path = buf_detach(&b);
	s->fd = open(s->path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (s->fd == -1) {
		perror(s->path);
		exit(2);
	}
	s->out = output_fd(s->fd, name);
}

/* sink_close: flush, close, and return what was written (caller frees). */
static char *
sink_close(struct sink *s)
{
	struct mlo_error e = {{0}};
	struct buf b = {0};
	char chunk[4096];
	ssize_t n;
	off_t at = 0;

	if (output_close(s->out, &e) == -1)
		printf("# output_close: %s\n", e.msg);
	while ((n = pread(s->fd, chunk, sizeof chunk, at)) > 0) {
		buf_add(&b, chunk, (size_t)n);
		at += n;
	}
	close(s->fd);
	unlink(s->path);
	free(s->path);
	return buf_detach(&b);
}

static void
is_quoted_csv(const char *in, size_t len, int delim, const char *want,
    const char *name)
{
	struct buf b = {0};

	csv_quote(&b, in, len, delim);
	buf_addc(&b, '\0');	/* an empty result still reads as "" */
	is_str(b.data, want, name);
	buf_free(&b);
}

static void
test_csv_quote(void)
{
	is_quoted_csv("abc", 3, ',', "abc", "csv_quote: plain text unquoted");
	is_quoted_csv("", 0, ',', "", "csv_quote: empty text is empty");
	is_quoted_csv("a,b", 3, ',', "\"a,b\"", "csv_quote: a comma quotes");
	is_quoted_csv("say \"hi\"", 8, ',', "\"say \"\"hi\"\"\"",
	    "csv_quote: quotes are doubled inside quotes");
	is_quoted_csv("\"", 1, ',', "\"\"\"\"", "csv_quote: a lone quote");
	is_quoted_csv("a\nb", 3, ',', "\"a\nb\"", "csv_quote: LF quotes");
	is_quoted_csv("a\rb", 3, ',', "\"a\rb\"", "csv_quote: CR quotes");
	is_quoted_csv(" padded ", 8, ',', " padded ",
	    "csv_quote: blanks alone do not quote");
	is_quoted_csv("a\tb", 3, ',', "a\tb",
	    "csv_quote: a tab does not quote with a comma delimiter");
	is_quoted_csv("a\tb", 3, '\t', "\"a\tb\"",
	    "csv_quote: a tab quotes with a tab delimiter");
	is_quoted_csv("a,b", 3, '\t', "a,b",
	    "csv_quote: a comma does not quote with a tab delimiter");
	is_quoted_csv("a;b", 3, ';', "\"a;b\"",
	    "csv_quote: the given delimiter quotes");
	is_quoted_csv("caf\xc3\xa9", 5, ',', "caf\xc3\xa9",
	    "csv_quote: UTF-8 unquoted");
	is_quoted_csv("x,yz", 1, ',', "x", "csv_quote: only LEN bytes are seen");
}

static void
is_quoted_json(const char *in, size_t len, const char *want,
    const char *name)
{
	struct buf b = {0};

	json_quote(&b, in, len);
	is_str(b.data, want, name);
	buf_free(&b);
}

static void
test_json_quote(void)
{
	is_quoted_json("abc", 3, "\"abc\"", "json_quote: plain text");
	is_quoted_json("", 0, "\"\"", "json_quote: empty string");
	is_quoted_json("a\nb\rc\td", 7, "\"a\\nb\\rc\\td\"",
	    "json_quote: \\n \\r \\t");
	is_quoted_json("say \"hi\"", 8, "\"say \\\"hi\\\"\"",
	    "json_quote: quotes escaped");
	is_quoted_json("C:\\dir", 6, "\"C:\\\\dir\"",
	    "json_quote: backslash escaped");
	is_quoted_json("\x01\x08\x0c\x1f", 4, "\"\\u0001\\u0008\\u000c\\u001f\"",
	    "json_quote: other control characters as \\u00XX");
	is_quoted_json("a\0b", 3, "\"a\\u0000b\"",
	    "json_quote: a NUL byte as \\u0000");
	is_quoted_json("\x7f", 1, "\"\x7f\"", "json_quote: DEL passes through");
	is_quoted_json("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14,
	    "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"",
	    "json_quote: UTF-8 passes through unescaped");
	is_quoted_json("/<>", 3, "\"/<>\"", "json_quote: / < > unescaped");
}

static void
test_json_number_text(void)
{
	static const struct {
		const char *s;
		int want;
	} cases[] = {
		{"0", 1}, {"-0", 1}, {"7", 1}, {"42", 1}, {"-42", 1},
		{"3.14", 1}, {"0.5", 1}, {"-0.5", 1}, {"1e5", 1},
		{"1E5", 1}, {"1E+5", 1}, {"1e-5", 1}, {"2.5e+10", 1},
		{"0e0", 1}, {"123456789012345678901234567890", 1},
		{"", 0}, {"-", 0}, {"+1", 0}, {"007", 0}, {"00", 0},
		{"-01", 0}, {"1.", 0}, {".5", 0}, {"-.5", 0}, {"1e", 0},
		{"1e+", 0}, {"1.e5", 0}, {"1.5.2", 0}, {"0x10", 0},
		{"nan", 0}, {"inf", 0}, {"-inf", 0}, {"Infinity", 0},
		{" 1", 0}, {"1 ", 0}, {"1,5", 0}, {"1_000", 0}, {"e5", 0},
		{"--1", 0}, {"1e5.0", 0}, {"true", 0},
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++)
		ok(json_number_text(cases[i].s, strlen(cases[i].s)) ==
		    cases[i].want, "json_number_text(\"%s\") is %d", cases[i].s,
		    cases[i].want);
	ok(json_number_text("12abc", 2) == 1,
	    "json_number_text looks at LEN bytes only");
}

static const char *const table_cols[] = {"id", "name", "temp", "ok"};

static struct field
text(const char *s)
{
	struct field f = {s, strlen(s), FIELD_TEXT, 0};

	return f;
}

static struct field
boolean(int v)
{
	struct field f = {v ? "true" : "false", v ? 4 : 5, FIELD_BOOL, 0};

	return f;
}

static struct field
number(const char *s, double v)
{
	struct field f = {s, strlen(s), FIELD_NUMBER, v};

	return f;
}

static struct field
null(void)
{
	struct field f = {"", 0, FIELD_NULL, 0};

	return f;
}

/* The small table, the same calls for every format. */
static void
write_table(struct writer *w)
{
	struct field f;

	/* 1: text that needs CSV quoting, a number, a boolean */
	f = text("1");
	writer_field(w, &f);
	f = text("pump, A");
	writer_field(w, &f);
	writer_number(w, 21.5);
	f = boolean(1);
	writer_field(w, &f);
	writer_end(w);

	/* 2: nulls in the middle, false */
	f = text("2");
	writer_field(w, &f);
	writer_null(w);
	f = null();
	writer_field(w, &f);
	f = boolean(0);
	writer_field(w, &f);
	writer_end(w);

	/* 3: text that is not a JSON number, quotes and a newline, NaN */
	f = text("007");
	writer_field(w, &f);
	f = text("say \"hi\"\nbye");
	writer_field(w, &f);
	writer_number(w, NAN);
	writer_null(w);
	writer_end(w);

	/* 4: a negative zero as text, UTF-8, an exponent form, +inf */
	f = text("-0");
	writer_field(w, &f);
	f = text("caf\xc3\xa9");
	writer_field(w, &f);
	writer_number(w, 1e21);
	writer_number(w, INFINITY);
	writer_end(w);

	/* 5: a number field from a reader, -inf, a row ended early */
	f = number("1e-7", 1e-7);
	writer_field(w, &f);
	writer_string(w, "12", 2);	/* always a string */
	writer_number(w, -INFINITY);
	writer_end(w);

	/* 6: shortest round-trip numbers; a fifth field is dropped */
	writer_number(w, 0.1);
	writer_number(w, -0.0);
	writer_number(w, 1.5e-7);
	writer_number(w, 123456789.125);
	writer_number(w, 99);
	writer_end(w);
}

static void
test_csv_writer(void)
{
	struct sink s;
	struct writer *w;
	char *got;

	sink_open(&s, "table.csv");
	w = writer_new(s.out, REC_CSV, ',', NELEM(table_cols), table_cols);
	ok(writer_output(w) == s.out, "writer_output is the output given");
	write_table(w);
	writer_free(w);
	got = sink_close(&s);
	is_str(got,
	    "id,name,temp,ok\n"
	    "1,\"pump, A\",21.5,true\n"
	    "2,,,false\n"
	    "007,\"say \"\"hi\"\"\nbye\",nan,\n"
	    "-0,caf\xc3\xa9,1e+21,inf\n"
	    "1e-7,12,-inf,\n"
	    "0.1,-0,1.5e-7,123456789.125\n",
	    "CSV writer: exact bytes of the table");
	free(got);
}

static void
test_ndjson_writer(void)
{
	struct sink s;
	struct writer *w;
	char *got;

	sink_open(&s, "table.ndjson");
	w = writer_new(s.out, REC_NDJSON, ',', NELEM(table_cols), table_cols);
	write_table(w);
	writer_free(w);
	got = sink_close(&s);
	is_str(got,
	    "{\"id\":1,\"name\":\"pump, A\",\"temp\":21.5,\"ok\":true}\n"
	    "{\"id\":2,\"name\":null,\"temp\":null,\"ok\":false}\n"
	    "{\"id\":\"007\",\"name\":\"say \\\"hi\\\"\\nbye\","
	    "\"temp\":\"nan\",\"ok\":null}\n"
	    "{\"id\":-0,\"name\":\"caf\xc3\xa9\",\"temp\":1e+21,"
	    "\"ok\":\"inf\"}\n"
	    "{\"id\":1e-7,\"name\":\"12\",\"temp\":\"-inf\",\"ok\":null}\n"
	    "{\"id\":0.1,\"name\":-0,\"temp\":1.5e-7,"
	    "\"ok\":123456789.125}\n",
	    "NDJSON writer: exact bytes of the table (no header, NaN and "
	    "inf as strings, number-like text unquoted)");
	free(got);
}

static void
test_other_writers(void)
{
	static const char *const odd_cols[] = {"flow, l/s", "say \"x\"", "t\tab"};
	static const char *const one_col[] = {"v"};
	struct sink s;
	struct writer *w;
	struct field f;
	char *got;

	/* Header names are quoted like fields; JSON keys are escaped. */
	sink_open(&s, "odd.csv");
	w = writer_new(s.out, REC_CSV, 0, NELEM(odd_cols), odd_cols);
	writer_header(w);
	writer_header(w);	/* a second call writes nothing */
	writer_string(w, "a", 1);
	writer_end(w);
	writer_free(w);
	got = sink_close(&s);
	is_str(got, "\"flow, l/s\",\"say \"\"x\"\"\",t\tab\na,,\n",
	    "CSV: delimiter 0 means ','; header names quoted when needed, "
	    "written once");
	free(got);

	sink_open(&s, "odd.ndjson");
	w = writer_new(s.out, REC_NDJSON, 0, NELEM(odd_cols), odd_cols);
	writer_header(w);	/* NDJSON has no header */
	writer_string(w, "a", 1);
	writer_end(w);
	writer_free(w);
	got = sink_close(&s);
	is_str(got, "{\"flow, l/s\":\"a\",\"say \\\"x\\\"\":null,"
	    "\"t\\tab\":null}\n", "NDJSON: keys are JSON-escaped");
	free(got);

	/* Tab-separated output quotes tabs, not commas. */
	sink_open(&s, "t.tsv");
	w = writer_new(s.out, REC_CSV, '\t', NELEM(odd_cols), odd_cols);
	f = text("x,y");
	writer_field(w, &f);
	f = text("p\tq");
	writer_field(w, &f);
	writer_number(w, 2.5);
	writer_end(w);
	writer_free(w);
	got = sink_close(&s);
	is_str(got, "flow, l/s\t\"say \"\"x\"\"\"\t\"t\tab\"\nx,y\t\"p\tq\"\t2.5\n",
	    "TSV writer: tabs quoted, commas not");
	free(got);

	/* Space-separated input is written as CSV with commas. */
	sink_open(&s, "space.csv");
	w = writer_new(s.out, REC_CSV, DELIM_SPACE, NELEM(table_cols),
	    table_cols);
	writer_string(w, "a b", 3);
	writer_end(w);
	writer_free(w);
	got = sink_close(&s);
	is_str(got, "id,name,temp,ok\na b,,,\n",
	    "DELIM_SPACE writes commas");
	free(got);

	/* Appending to a file that has its header. */
	sink_open(&s, "append.csv");
	w = writer_new(s.out, REC_CSV, ',', NELEM(one_col), one_col);
	writer_header_done(w);
	writer_number(w, 3);
	writer_end(w);
	writer_free(w);
	got = sink_close(&s);
	is_str(got, "3\n", "writer_header_done: no header written");
	free(got);

	/* A table with no rows still has its CSV header when asked. */
	sink_open(&s, "empty.csv");
	w = writer_new(s.out, REC_CSV, ',', NELEM(table_cols), table_cols);
	writer_header(w);
	writer_free(w);
	got = sink_close(&s);
	is_str(got, "id,name,temp,ok\n", "an empty table is its header");
	free(got);

	/* No columns at all. */
	sink_open(&s, "nocols.ndjson");
	w = writer_new(s.out, REC_NDJSON, ',', 0, NULL);
	writer_end(w);
	writer_free(w);
	got = sink_close(&s);
	is_str(got, "{}\n", "NDJSON with no columns writes {}");
	free(got);

	/* Long rows cross the output buffer whole. */
	{
		struct buf want = {0};
		char *big = xmalloc(100000);
		int i;

		memset(big, 'x', 100000);
		sink_open(&s, "big.csv");
		w = writer_new(s.out, REC_CSV, ',', NELEM(one_col), one_col);
		buf_adds(&want, "v\n");
		for (i = 0; i < 3; i++) {
			writer_string(w, big, 100000);
			writer_end(w);
			buf_add(&want, big, 100000);
			buf_addc(&want, '\n');
		}
		writer_free(w);
		got = sink_close(&s);
		ok(strlen(got) == want.len && strcmp(got, want.data) == 0,
		    "three 100000-byte rows written whole (%zu bytes)",
		    strlen(got));
		free(got);
		free(big);
		buf_free(&want);
	}
}

/* The writer's CSV read back by the reader gives the same rows. */
static void
test_round_trip(void)
{
	static const char *const one_col[] = {"v"};
	struct mlo_error e = {{0}};
	struct sink s;
	struct writer *w;
	struct reader_opts ro = {0};
	struct reader *r;
	struct record *rec;
	struct buf seen = {0};
	char *got;

	sink_open(&s, "one.csv");
	w = writer_new(s.out, REC_CSV, ',', NELEM(one_col), one_col);
	writer_string(w, "a", 1);
	writer_end(w);
	writer_null(w);
	writer_end(w);
	writer_end(w);		/* a row with no field given: null */
	writer_string(w, "b", 1);
	writer_end(w);
	writer_free(w);
	/* Keep the file for the reader: sink_close would remove it. */
	output_close(s.out, &e);
	{
		char bytes[64];
		ssize_t n = pread(s.fd, bytes, sizeof bytes - 1, 0);

		bytes[n > 0 ? n : 0] = '\0';
		is_str(bytes, "v\na\n\"\"\n\"\"\nb\n",
		    "a one-column null is written \"\", not an empty line");
	}
	close(s.fd);
	{
		struct input *in = input_open(s.path, &e);

		r = in ? reader_open(in, &ro, &e) : NULL;
	}
	while (r != NULL && reader_next(r, &rec, &e) == 1)
		buf_printf(&seen, "%s;", rec->fields[0].kind == FIELD_NULL ?
		    "~" : rec->fields[0].s);
	reader_close(r);
	buf_adds(&seen, "");
	is_str(seen.data, "a;~;~;b;",
	    "one-column CSV with nulls reads back as four rows, nulls kept");
	buf_free(&seen);
	unlink(s.path);
	free(s.path);

	/* A number past the double range in NDJSON stays valid JSON. */
	sink_open(&s, "inf.ndjson");
	w = writer_new(s.out, REC_NDJSON, ',', NELEM(one_col), one_col);
	{
		struct field f = {"inf", 3, FIELD_NUMBER, INFINITY};

		writer_field(w, &f);
		writer_end(w);
		f.s = "-inf";
		f.len = 4;
		f.num = -INFINITY;
		writer_field(w, &f);
		writer_end(w);
	}
	writer_free(w);
	got = sink_close(&s);
	is_str(got, "{\"v\":\"inf\"}\n{\"v\":\"-inf\"}\n",
	    "NDJSON: a FIELD_NUMBER read as inf (1e400) is written as a string");
	free(got);
}

int
main(void)
{
	tmpdir_make();
	test_csv_quote();
	test_json_quote();
	test_json_number_text();
	test_csv_writer();
	test_ndjson_writer();
	test_other_writers();
	test_round_trip();
	if (rmdir(tmpdir) == -1)
		perror(tmpdir);
	free(tmpdir);
	return tap_done();
}
