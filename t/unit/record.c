/*
 * Unit tests of lib/record: the CSV reader (RFC 4180 quoting, CRLF, nulls,
 * blanks kept, tab and space delimiters, header options and header errors,
 * shape errors and where reading goes on, the unterminated quote, blank
 * lines, bad bytes, empty and header-only input) and the NDJSON reader
 * (detection, value kinds, escapes, growing columns, reader_want, shape
 * errors), plus the option parsers.
 *
 * Most cases write a small file, read it whole and compare a dump of every
 * record against the expected text.  The dump shows one record a line:
 *
 *     LINE: FIELD|FIELD|...   [!SHAPE ERROR] [all=FIELD|...]
 *
 * where a null is ~, a JSON number #TEXT, a JSON boolean ?TEXT, and \n \r
 * \t inside fields are written as escapes; then "end" or "error: MESSAGE".
 * Column names are listed first and last ("cols=a,b").  The temporary
 * directory's path is shown as @.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io.h"
#include "record.h"
#include "tap.h"
#include "util.h"

/* S: a string literal and its length, NUL bytes inside included. */
#define S(lit) lit, sizeof(lit) - 1

static char *tmpdir;

static const char *
path(const char *name)
{
	static char p[4096];

	snprintf(p, sizeof p, "%s/%s", tmpdir, name);
	return p;
}

static void
put_file(const char *name, const char *p, size_t n)
{
	FILE *f = fopen(path(name), "wb");

	if (f == NULL || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
		perror(path(name));
		exit(2);
	}
}

/* rel: MSG with the temporary directory shown as "@". */
static void
add_rel(struct buf *b, const char *msg)
{
	size_t n = strlen(tmpdir);
	const char *p;

	while ((p = strstr(msg, tmpdir)) != NULL) {
		buf_add(b, msg, (size_t)(p - msg));
		buf_addc(b, '@');
		msg = p + n;
	}
	buf_adds(b, msg);
}

static void
add_escaped(struct buf *b, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		switch (s[i]) {
		case '\n': buf_adds(b, "\\n"); break;
		case '\r': buf_adds(b, "\\r"); break;
		case '\t': buf_adds(b, "\\t"); break;
		case '\0': buf_adds(b, "\\0"); break;
		default: buf_addc(b, s[i]);
		}
}

static void
add_fields(struct buf *b, const struct field *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(b, '|');
		switch (f[i].kind) {
		case FIELD_NULL:
			buf_addc(b, '~');
			if (f[i].len != 0 || f[i].s == NULL || f[i].s[0] != '\0')
				buf_adds(b, "(NULL NOT EMPTY)");
			continue;
		case FIELD_NUMBER:
			buf_addc(b, '#');
			break;
		case FIELD_BOOL:
			buf_addc(b, '?');
			break;
		case FIELD_TEXT:
			break;
		}
		add_escaped(b, f[i].s, f[i].len);
		if (f[i].s[f[i].len] != '\0')
			buf_adds(b, "(NOT NUL-TERMINATED)");
	}
}

static void
add_cols(struct buf *b, const struct reader *r)
{
	size_t i;

	buf_adds(b, "cols=");
	for (i = 0; i < reader_ncolumns(r); i++) {
		if (i > 0)
			buf_addc(b, ',');
		buf_adds(b, reader_column(r, i));
	}
	buf_addc(b, '\n');
}

/* dump_reader: every record of R as described at the top; closes R. */
static char *
dump_reader(struct reader *r)
{
	struct mlo_error e = {{0}};
	struct record *rec;
	struct buf b = {0};
	long want_recno = 1;
	int got;

	add_cols(&b, r);
	while ((got = reader_next(r, &rec, &e)) == 1) {
		buf_printf(&b, "%ld: ", rec->line);
		add_fields(&b, rec->fields, rec->nfields);
		if (rec->shape_error != NULL)
			buf_printf(&b, " !%s", rec->shape_error);
		if (rec->all != NULL && rec->nall != rec->nfields) {
			buf_adds(&b, " all=");
			add_fields(&b, rec->all, rec->nall);
		}
		if (rec->recno != want_recno++)
			buf_printf(&b, " (RECNO %ld)", rec->recno);
		buf_addc(&b, '\n');
	}
	add_cols(&b, r);
	if (got == 0)
		buf_adds(&b, "end\n");
	else {
		buf_adds(&b, "error: ");
		add_rel(&b, e.msg);
		buf_addc(&b, '\n');
	}
	reader_close(r);
	return buf_detach(&b);
}

/* open_text: TEXT as file NAME, opened with O; NULL and E on failure. */
static struct reader *
open_text(const char *name, const char *text, size_t len,
    const struct reader_opts *o, struct mlo_error *e)
{
	struct input *in;

	put_file(name, text, len);
	if ((in = input_open(path(name), e)) == NULL)
		return NULL;
	return reader_open(in, o, e);
}

/* run: the dump of TEXT read with O, or "open error: MESSAGE". */
static char *
run_opts(const char *text, size_t len, const struct reader_opts *o)
{
	struct mlo_error e = {{0}};
	struct reader *r = open_text("in", text, len, o, &e);
	struct buf b = {0};

	if (r != NULL)
		return dump_reader(r);
	buf_adds(&b, "open error: ");
	add_rel(&b, e.msg);
	buf_addc(&b, '\n');
	return buf_detach(&b);
}

static void
check(const char *text, size_t len, const struct reader_opts *o,
    const char *want, const char *name)
{
	char *got = run_opts(text, len, o);

	is_str(got, want, name);
	free(got);
}

/* check_csv: TEXT (a C string) read with default options. */
static void
check_csv(const char *text, const char *want, const char *name)
{
	struct reader_opts o = {0};

	check(text, strlen(text), &o, want, name);
}

static void
test_csv_rfc4180(void)
{
	struct mlo_error e = {{0}};
	struct reader_opts o = {0};
	struct reader *r;
	struct record *rec;
	const char *raw;
	size_t rawlen;

	check_csv("id,name,v\n"
	    "1,\"a, b\",2\n"
	    "2,\"say \"\"hi\"\"\",3\n"
	    "3,\"multi\nline\",4\n"
	    "4,,5\n"
	    "5,\"\",6\n"
	    "6, x ,7\n"
	    "7,\"\"\"\",8\n",
	    "cols=id,name,v\n"
	    "2: 1|a, b|2\n"
	    "3: 2|say \"hi\"|3\n"
	    "4: 3|multi\\nline|4\n"
	    "6: 4|~|5\n"
	    "7: 5|~|6\n"
	    "8: 6| x |7\n"
	    "9: 7|\"|8\n"
	    "cols=id,name,v\n"
	    "end\n",
	    "CSV: quoted commas, doubled quotes, embedded newline (record on "
	    "its first line), empty and \"\" are null, blanks kept");

	/* raw holds every byte of a record spanning lines. */
	r = open_text("multi.csv", S("a,b\n1,\"x\ny\n\nz\",2\n3,4\n"), &o, &e);
	ok(reader_next(r, &rec, &e) == 1, "multi-line record read");
	is_long(rec->line, 2, "its line is its first line");
	ok(rec->rawlen == 13 && memcmp(rec->raw, "1,\"x\ny\n\nz\",2\n", 13) ==
	    0, "raw holds all its lines, the blank one inside the quotes too");
	is_str(rec->fields[0].s, "1", "field 1 is \"1\"");
	is_str(rec->fields[1].s, "x\ny\n\nz", "field 2 keeps its newlines");
	ok(rec->fields[1].len == 6, "field 2 len 6");
	ok(reader_next(r, &rec, &e) == 1 && rec->line == 6 &&
	    rec->rawlen == 4 && memcmp(rec->raw, "3,4\n", 4) == 0,
	    "the next record is line 6, raw \"3,4\\n\"");
	ok(rec->recno == 2, "and record number 2");
	raw = reader_header_raw(r, &rawlen);
	ok(raw != NULL && rawlen == 4 && memcmp(raw, "a,b\n", 4) == 0,
	    "reader_header_raw is the header line as read");
	is_long(reader_next(r, &rec, &e), 0, "then end of input");
	reader_close(r);

	check_csv("a,b\r\n1,2\r\n\r\n3,\"x\r\ny\"\r\n4,5",
	    "cols=a,b\n"
	    "2: 1|2\n"
	    "4: 3|x\\r\\ny\n"
	    "6: 4|5\n"
	    "cols=a,b\n"
	    "end\n",
	    "CSV: CRLF line ends, CRLF kept inside quotes, blank CRLF line "
	    "skipped, last line without a newline");

	r = open_text("crlf.csv", S("a,b\r\n1,2\r\n"), &o, &e);
	ok(reader_next(r, &rec, &e) == 1 && rec->rawlen == 5 &&
	    memcmp(rec->raw, "1,2\r\n", 5) == 0, "raw keeps the CRLF");
	reader_close(r);

	check_csv("\xef\xbb\xbf" "id,\"x,y\",\"q\"\"\"\n1,2,3\n",
	    "cols=id,x,y,q\"\n"
	    "2: 1|2|3\n"
	    "cols=id,x,y,q\"\n"
	    "end\n",
	    "CSV header: byte-order mark dropped, quoted names unquoted");

	check_csv("\n\na,b\n\n1,2\n\n\n3,4\n\n",
	    "cols=a,b\n"
	    "5: 1|2\n"
	    "8: 3|4\n"
	    "cols=a,b\n"
	    "end\n",
	    "CSV: blank lines skipped, line numbers counted");

	check_csv("a,b\n\"\",\"\"\n,\n",
	    "cols=a,b\n"
	    "2: ~|~\n"
	    "3: ~|~\n"
	    "cols=a,b\n"
	    "end\n",
	    "CSV: rows of only nulls");

	check_csv("v\ncaf\xc3\xa9\n\xe2\x82\xac\n",
	    "cols=v\n"
	    "2: caf\xc3\xa9\n"
	    "3: \xe2\x82\xac\n"
	    "cols=v\n"
	    "end\n",
	    "CSV: valid UTF-8 is data");
}

static void
test_csv_delimiters(void)
{
	struct reader_opts o = {0};
	struct mlo_error e = {{0}};
	static const char cmapss[] =
	    "1 1 -0.0007 -0.0004 100.0 518.67 641.82  \n"
	    "1 2 0.0019 -0.0003 100.0 518.67 642.15  \n";

	o.delimiter = '\t';
	check(S("a\tb c\tz\n1\t x \t\n\"p\tq\"\t\"r\"\"s\"\t,\n"), &o,
	    "cols=a,b c,z\n"
	    "2: 1| x |~\n"
	    "3: p\\tq|r\"s|,\n"
	    "cols=a,b c,z\n"
	    "end\n",
	    "tab delimiter: blanks kept, quoting still works, commas are data");

	o.delimiter = ';';
	check(S("a;b\n1,5;2\n"), &o,
	    "cols=a,b\n"
	    "2: 1,5|2\n"
	    "cols=a,b\n"
	    "end\n",
	    "';' delimiter");

	/* C-MAPSS: blank-separated, no header, two trailing blanks. */
	o.delimiter = DELIM_SPACE;
	o.no_header = 1;
	ok(reader_opts_columns(&o, "unit,cycle,s1,s2,s3,s4,s5", &e) == 0,
	    "reader_opts_columns parses seven names");
	check(cmapss, sizeof cmapss - 1, &o,
	    "cols=unit,cycle,s1,s2,s3,s4,s5\n"
	    "1: 1|1|-0.0007|-0.0004|100.0|518.67|641.82\n"
	    "2: 1|2|0.0019|-0.0003|100.0|518.67|642.15\n"
	    "cols=unit,cycle,s1,s2,s3,s4,s5\n"
	    "end\n",
	    "space delimiter: C-MAPSS lines with two trailing blanks");
	check(S("  1   2\t 3  \r\n\n4 5 6"), &o,
	    "cols=unit,cycle,s1,s2,s3,s4,s5\n"
	    "1: 1|2|3|~|~|~|~ !3 fields, header has 7 all=1|2|3\n"
	    "3: 4|5|6|~|~|~|~ !3 fields, header has 7 all=4|5|6\n"
	    "cols=unit,cycle,s1,s2,s3,s4,s5\n"
	    "end\n",
	    "space delimiter: leading blanks, runs of blanks and tabs, CRLF");
	reader_opts_free(&o);

	o.no_header = 0;
	check(S("a  b\n1 \"2\"\n"), &o,
	    "cols=a,b\n"
	    "2: 1|\"2\"\n"
	    "cols=a,b\n"
	    "end\n",
	    "space delimiter with a header; quotes are data");
}

static void
test_csv_headers(void)
{
	struct reader_opts o = {0};
	struct mlo_error e = {{0}};
	struct reader *r;
	size_t rawlen;

	o.no_header = 1;
	reader_opts_columns(&o, "x,y", &e);
	check(S("1,2\n3,4\n5\n"), &o,
	    "cols=x,y\n"
	    "1: 1|2\n"
	    "2: 3|4\n"
	    "3: 5|~ !1 field, header has 2 all=5\n"
	    "cols=x,y\n"
	    "end\n",
	    "--no-header with --columns: every line is data");
	reader_opts_free(&o);

	check(S("5,6,7\n8,9,10\n"), &o,
	    "cols=\n"
	    "1: 5|6|7\n"
	    "2: 8|9|10\n"
	    "cols=1,2,3\n"
	    "end\n",
	    "no header and no columns: columns named 1, 2, 3 from the first row");

	r = open_text("nohdr.csv", S("1,2\n"), &o, &e);
	ok(reader_header_raw(r, &rawlen) == NULL && rawlen == 0,
	    "no header: reader_header_raw is NULL");
	reader_close(r);
	o.no_header = 0;

	check_csv("a,,c\n1,2,3\n",
	    "open error: @/in:1: column 2 has no name in the header\n",
	    "a header with an empty name fails");
	check_csv("a,b,\n",
	    "open error: @/in:1: column 3 has no name in the header\n",
	    "a header ending in a delimiter fails");
	check_csv("\n\na,b,a\n",
	    "open error: @/in:3: column 'a' appears twice in the header\n",
	    "a header with a duplicate name fails, naming its line");
	check_csv("a,\"b\n",
	    "open error: @/in:1: quoted field never closed before the end of "
	    "input\n", "a header with an open quote fails");
	check_csv("a,b\"c\n1,2\n",
	    "open error: @/in:1: header: stray or unbalanced quote\n",
	    "a header with a stray quote fails");
	check_csv("a,\xff\n",
	    "open error: @/in:1: header: invalid UTF-8\n",
	    "a header with invalid UTF-8 fails");

	check_csv("",
	    "cols=\n"
	    "cols=\n"
	    "end\n",
	    "empty input: no columns, no records");
	check_csv("\n\n",
	    "cols=\n"
	    "cols=\n"
	    "end\n",
	    "blank lines only: no columns, no records");
	check_csv("a,b\n",
	    "cols=a,b\n"
	    "cols=a,b\n"
	    "end\n",
	    "header-only input: columns, no records");
	check_csv("a,b",
	    "cols=a,b\n"
	    "cols=a,b\n"
	    "end\n",
	    "header-only input without a newline");

	r = open_text("find.csv", S("time,value\n"), &o, &e);
	is_long(reader_find(r, "value"), 1, "reader_find value is 1");
	is_long(reader_find(r, "nope"), -1, "reader_find of an absent name: -1");
	ok(reader_column(r, 2) == NULL, "reader_column past the end is NULL");
	is_long(reader_format(r), REC_CSV, "reader_format is CSV");
	is_long(reader_delimiter(r), ',', "reader_delimiter is ','");
	is_str(reader_name(r), path("find.csv"), "reader_name is the path");
	is_long((long)reader_want(r, "value"), 1,
	    "reader_want of a present column is its number");
	reader_close(r);
}

static void
test_csv_shapes(void)
{
	struct reader_opts o = {0};
	struct mlo_error e = {{0}};
	struct reader *r;
	struct record *rec;

	check_csv("a,b,c\n1,2\n1,2,3,4\n5,6,7\n",
	    "cols=a,b,c\n"
	    "2: 1|2|~ !2 fields, header has 3 all=1|2\n"
	    "3: 1|2|3 !4 fields, header has 3 all=1|2|3|4\n"
	    "4: 5|6|7\n"
	    "cols=a,b,c\n"
	    "end\n",
	    "wrong field counts: shape errors, every field kept in all");

	r = open_text("count.csv", S("a,b\n1,2,3\n"), &o, &e);
	reader_next(r, &rec, &e);
	ok(rec->nfields == 2 && rec->nall == 3 &&
	    strcmp(rec->all[2].s, "3") == 0,
	    "nfields is the column count, nall and all every field");
	reader_close(r);

	check_csv("a,b\n1,x\"y\n2,3\n\"ab\"c,d\n4,5\n",
	    "cols=a,b\n"
	    "2: 1|~ !stray or unbalanced quote all=1\n"
	    "3: 2|3\n"
	    "4: ~|~ !stray or unbalanced quote all=\n"
	    "5: 4|5\n"
	    "cols=a,b\n"
	    "end\n",
	    "a stray quote: shape error, reading goes on with the next line");

	check_csv("a,b\n1,2\n3,\"open\n4,5\n6,7\n",
	    "cols=a,b\n"
	    "2: 1|2\n"
	    "cols=a,b\n"
	    "error: @/in:3: quoted field never closed before the end of input\n",
	    "an unterminated quote at end of input: -1 naming its first line");

	o.max_line = 16;
	check(S("a,b\n1,\"open\n12345\n12345\n12345\n12345\n"), &o,
	    "cols=a,b\n"
	    "cols=a,b\n"
	    "error: @/in:2: record longer than 16 bytes (a quoted field never "
	    "closed?)\n",
	    "a record spanning lines past the limit: -1 naming its first line");
	check(S("a,b\n1,2\n12345678901234567890\n"), &o,
	    "cols=a,b\n"
	    "2: 1|2\n"
	    "cols=a,b\n"
	    "error: @/in:3: line longer than 16 bytes\n",
	    "a line past the limit: -1 naming it");
	o.max_line = 0;

	check(S("a,b\n1,\xff\n2,\xc3\n3,\xed\xa0\x80\n4,\xc0\xaf\n5,ok\n"), &o,
	    "cols=a,b\n"
	    "2: 1|\xff !invalid UTF-8\n"
	    "3: 2|\xc3 !invalid UTF-8\n"
	    "4: 3|\xed\xa0\x80 !invalid UTF-8\n"
	    "5: 4|\xc0\xaf !invalid UTF-8\n"
	    "6: 5|ok\n"
	    "cols=a,b\n"
	    "end\n",
	    "invalid UTF-8 (bad byte, cut sequence, surrogate, overlong): "
	    "shape errors");

	check(S("a,b\n1,x\0y\n2,3\n"), &o,
	    "cols=a,b\n"
	    "2: 1|x\\0y !NUL byte in record\n"
	    "3: 2|3\n"
	    "cols=a,b\n"
	    "end\n",
	    "a NUL byte: shape error");

	ok(utf8_valid("caf\xc3\xa9 \xf0\x9f\x98\x80", 10),
	    "utf8_valid: two- and four-byte sequences");
	ok(!utf8_valid("a\0b", 3), "utf8_valid: a NUL is refused");
	ok(!utf8_valid("\xf4\x90\x80\x80", 4), "utf8_valid: past U+10FFFF");
	ok(!utf8_valid("\xe0\x80\x80", 3), "utf8_valid: overlong three-byte");
	ok(!utf8_valid("\x80", 1), "utf8_valid: a lone continuation byte");
	ok(utf8_valid("", 0), "utf8_valid: the empty string");
}

/* NDJSON. */

static void
check_ndjson(const char *text, const char *want, const char *name)
{
	struct reader_opts o = {0};

	check(text, strlen(text), &o, want, name);
}

static void
test_ndjson(void)
{
	struct reader_opts o = {0};
	struct mlo_error e = {{0}};
	struct reader *r;
	struct record *rec;

	check_ndjson("{\"id\":1,\"name\":\"pump\",\"ok\":true}\n"
	    "{\"id\":2.5,\"name\":null,\"ok\":false}\n"
	    "{\"name\":\"\"}\n",
	    "cols=\n"
	    "1: #1|pump|?true\n"
	    "2: #2.5|~|?false\n"
	    "3: ~|~|~\n"
	    "cols=id,name,ok\n"
	    "end\n",
	    "NDJSON detected by '{': numbers, strings, booleans, null, "
	    "absent keys and \"\" are null");

	check_ndjson("\n  \n{\"a\":1}\n\n{\"b\":2}\n{\"a\":3,\"c\":4,\"b\":5}\n \t\n",
	    "cols=\n"
	    "3: #1\n"
	    "5: ~|#2\n"
	    "6: #3|#5|#4\n"
	    "cols=a,b,c\n"
	    "end\n",
	    "NDJSON: blank lines skipped, keys appearing later grow the "
	    "columns, fields by column whatever the key order");

	check_ndjson("{\"n\":1.50}\n{\"n\":1e2}\n{\"n\":-0}\n{\"n\":0.1}\n"
	    "{\"n\":1E-7}\n{\"n\":12345678901234567890}\n{\"n\":1e300}\n",
	    "cols=\n"
	    "1: #1.5\n"
	    "2: #100\n"
	    "3: #-0\n"
	    "4: #0.1\n"
	    "5: #1e-7\n"
	    "6: #12345678901234567000\n"
	    "7: #1e+300\n"
	    "cols=n\n"
	    "end\n",
	    "NDJSON numbers are written in their shortest form");

	check_ndjson("{\"s\":\"a\\nb\",\"t\":\"caf\\u00e9\",\"u\":\"say \\\"hi\\\"\","
	    "\"v\":\"\\\\ \\/ \\t\",\"w\":\"\\ud83d\\ude00\"}\n",
	    "cols=\n"
	    "1: a\\nb|caf\xc3\xa9|say \"hi\"|\\ / \\t|\xf0\x9f\x98\x80\n"
	    "cols=s,t,u,v,w\n"
	    "end\n",
	    "NDJSON string escapes: \\n, \\u00e9, \\\", \\\\, \\/, \\t, a "
	    "surrogate pair");

	check_ndjson("{\"a\":1,\"b\":{\"x\":1}}\n{\"a\":2,\"c\":[1]}\n{\"a\":3}\n",
	    "cols=\n"
	    "1: #1|~ !nested value in 'b'\n"
	    "2: #2|~|~ !nested value in 'c'\n"
	    "3: #3|~|~\n"
	    "cols=a,b,c\n"
	    "end\n",
	    "NDJSON nested object and array: shape errors naming the key");

	check_ndjson("{\"a\":1,\"a\":2}\n{\"a\":null,\"a\":3}\n{\"a\":4}\n",
	    "cols=\n"
	    "1: #1 !key 'a' appears twice\n"
	    "2: ~ !key 'a' appears twice\n"
	    "3: #4\n"
	    "cols=a\n"
	    "end\n",
	    "NDJSON duplicate keys: shape errors");

	check_ndjson("{\"a\":1}\n{\"a\":2\n{\"a\":}\nnot json\n[1,2]\n3\n"
	    "\"s\"\n{\"a\":5}\n",
	    "cols=\n"
	    "1: #1\n"
	    "2: ~ !invalid JSON\n"
	    "3: ~ !invalid JSON\n"
	    "4: ~ !invalid JSON\n"
	    "5: ~ !not a JSON object\n"
	    "6: ~ !not a JSON object\n"
	    "7: ~ !not a JSON object\n"
	    "8: #5\n"
	    "cols=a\n"
	    "end\n",
	    "NDJSON invalid JSON and non-object lines: shape errors, reading "
	    "goes on");

	check_ndjson("{\"a\":1} x\n{\"a\":2}}\n{\"a\":3}{\"a\":4}\n{\"a\":5}  \r\n",
	    "cols=\n"
	    "1:  !invalid JSON\n"
	    "2:  !invalid JSON\n"
	    "3:  !invalid JSON\n"
	    "4: #5\n"
	    "cols=a\n"
	    "end\n",
	    "NDJSON: bytes after the object are invalid JSON; blanks are not");

	check(S("{\"a\":\"\xff\"}\n{\"a\":\"x\0\"}\n{\"a\":\"\xc3\xa9\"}\n"),
	    &o,
	    "cols=\n"
	    "1:  !invalid UTF-8\n"
	    "2:  !NUL byte in record\n"
	    "3: \xc3\xa9\n"
	    "cols=a\n"
	    "end\n",
	    "NDJSON invalid UTF-8 and NUL: shape errors");

	check_ndjson("{}\n{\"a\":true}\n",
	    "cols=\n"
	    "1: \n"
	    "2: ?true\n"
	    "cols=a\n"
	    "end\n",
	    "NDJSON: an empty object is a record with no fields");

	/* Forced format. */
	o.format = REC_NDJSON;
	check(S("[1]\n{\"a\":1}\n"), &o,
	    "cols=\n"
	    "1:  !not a JSON object\n"
	    "2: #1\n"
	    "cols=a\n"
	    "end\n",
	    "format forced to NDJSON: a first line not starting with '{'");
	o.format = REC_CSV;
	check(S("{x},y\n{1},2\n"), &o,
	    "cols={x},y\n"
	    "2: {1}|2\n"
	    "cols={x},y\n"
	    "end\n",
	    "format forced to CSV: '{' is text");
	check(S("{\"a\":1}\n"), &o,
	    "open error: @/in:1: header: stray or unbalanced quote\n",
	    "format forced to CSV: a JSON line is a header with stray quotes");
	o.format = REC_AUTO;
	check(S("[1]\n"), &o,
	    "cols=[1]\n"
	    "cols=[1]\n"
	    "end\n",
	    "auto: a first byte other than '{' means CSV");

	/* Number values in detail. */
	r = open_text("num.ndjson", S("{\"x\":-12.75,\"y\":1e400}\n"), &o, &e);
	is_long(reader_format(r), REC_NDJSON, "reader_format is NDJSON");
	reader_next(r, &rec, &e);
	ok(rec->fields[0].kind == FIELD_NUMBER && rec->fields[0].num == -12.75,
	    "num is the value -12.75");
	is_str(rec->fields[0].s, "-12.75", "and s its shortest text");
	ok(rec->fields[0].len == 6, "len 6");
	ok(rec->all == NULL && rec->nall == 0, "NDJSON records have no all");
	ok(rec->raw != NULL && rec->rawlen == 23 &&
	    memcmp(rec->raw, "{\"x\":-12.75,\"y\":1e400}\n", 23) == 0,
	    "raw is the line as read");
	ok(rec->fields[1].kind == FIELD_NUMBER && isinf(rec->fields[1].num) &&
	    rec->fields[1].num > 0 && strcmp(rec->fields[1].s, "inf") == 0,
	    "1e400, past the double range, is the number inf, text \"inf\"");
	reader_close(r);

	/* reader_want fixes a column before its key appears. */
	r = open_text("want.ndjson", S("{\"a\":1,\"b\":2}\n{\"b\":3}\n"), &o, &e);
	is_long((long)reader_want(r, "b"), 0, "reader_want b before data: 0");
	is_long((long)reader_want(r, "b"), 0, "reader_want b again: still 0");
	is_long((long)reader_want(r, "z"), 1, "reader_want z: 1");
	is_long(reader_find(r, "a"), -1, "a is not a column yet");
	{
		char *got = dump_reader(r);

		is_str(got,
		    "cols=b,z\n"
		    "1: #2|~|#1\n"
		    "2: #3|~|~\n"
		    "cols=b,z,a\n"
		    "end\n",
		    "wanted columns keep their numbers; z stays null");
		free(got);
	}

	/* Columns given as options come first. */
	reader_opts_columns(&o, "t,v", &e);
	check(S("{\"v\":1,\"w\":2}\n"), &o,
	    "cols=t,v\n"
	    "1: ~|#1|#2\n"
	    "cols=t,v,w\n"
	    "end\n",
	    "NDJSON with --columns: those columns first");
	reader_opts_free(&o);
}

static void
test_opts(void)
{
	struct reader_opts o = {0};
	struct mlo_error e = {{0}};
	enum rec_format f = REC_AUTO;

	ok(reader_opts_delimiter(&o, "tab", &e) == 0 && o.delimiter == '\t',
	    "--delimiter tab");
	ok(reader_opts_delimiter(&o, "space", &e) == 0 &&
	    o.delimiter == DELIM_SPACE, "--delimiter space");
	ok(reader_opts_delimiter(&o, "|", &e) == 0 && o.delimiter == '|',
	    "--delimiter '|'");
	is_long(reader_opts_delimiter(&o, "ab", &e), -1, "--delimiter ab fails");
	is_str(e.msg, "delimiter 'ab' is not one byte, 'tab' or 'space'",
	    "saying what is allowed");
	is_long(reader_opts_delimiter(&o, "\"", &e), -1,
	    "--delimiter '\"' fails");
	is_long(reader_opts_delimiter(&o, "", &e), -1, "--delimiter '' fails");

	ok(reader_opts_columns(&o, "a,b,c", &e) == 0 && o.ncolumns == 3 &&
	    strcmp(o.columns[2], "c") == 0, "--columns a,b,c");
	ok(reader_opts_columns(&o, "x", &e) == 0 && o.ncolumns == 1 &&
	    strcmp(o.columns[0], "x") == 0, "--columns again replaces");
	is_long(reader_opts_columns(&o, "a,,b", &e), -1, "--columns a,,b fails");
	is_str(e.msg, "--columns 'a,,b' has an empty name", "naming the list");
	is_long(reader_opts_columns(&o, "a,b,a", &e), -1,
	    "--columns a,b,a fails");
	is_str(e.msg, "--columns names 'a' twice", "naming the duplicate");
	reader_opts_free(&o);
	ok(o.columns == NULL && o.ncolumns == 0, "reader_opts_free empties");

	ok(reader_opts_format(&f, "ndjson", &e) == 0 && f == REC_NDJSON,
	    "--input-format ndjson");
	ok(reader_opts_format(&f, "csv", &e) == 0 && f == REC_CSV,
	    "--input-format csv");
	is_long(reader_opts_format(&f, "xml", &e), -1, "--input-format xml fails");
	is_str(e.msg, "format 'xml' is not 'csv' or 'ndjson'", "saying why");
}


/* json_pick: the fast path of flat objects agrees with cJSON, and leaves
 * to the slow path whatever it does not read. */
static void
test_json_pick(void)
{
	static const char *const keys[] = { "a", "b", "time", "n", "t" };
	struct field f[5];
	struct buf sc = {0};
	static const char *const refused[] = {
		"", "{", "[1]", "{\"a\":[1]}", "{\"a\":{\"x\":1}}",
		"{\"a\":1,}", "{\"a\":1 \"b\":2}", "{\"a\":01}",
		"{\"a\":1.}", "{\"a\":1e}", "{\"a\":-}", "{\"a\":tru}",
		"{\"a\":\"x}", "{\"a\":\"\\q\"}", "{\"a\":\"\\ud800\"}",
		"{\"a\":\"\\u0000\"}", "{\"a\":1,\"a\":2}",
		"{\"\\u0061\":1}", "{\"a\":\"\x01\"}", "{\"a\":\"\xff\"}",
		"{\"a\":1} x", "{a:1}", "{\"a\" 1}",
	};
	size_t i;

	const char *nested = "{\"b\":\"x\", \"z\":[1,{}],\"a\":1}\n";
	const char *flat = " {\"b\":\"x\\\"y\\n\\u00e9\\ud83d\\ude00\", "
	    "\"z\":\"q\",\"a\":-1.5e3,\"time\":\"\",\"t\":true,\"n\":null} \n";

	ok(json_pick(nested, strlen(nested), keys, 5, f, &sc) == -1, "json_pick: a nested value of a key not wanted is refused too");
	ok(json_pick(flat, strlen(flat), keys, 5, f, &sc) == 0, "json_pick: a flat object");
	ok(f[0].kind == FIELD_NUMBER && f[0].num == -1500 &&
	    strcmp(f[0].s, "-1.5e3") == 0, "json_pick: a number and its text");
	ok(f[1].kind == FIELD_TEXT && strcmp(f[1].s, "x\"y\n\xc3\xa9\xf0\x9f\x98\x80") == 0
	    && f[1].len == 10, "json_pick: escapes, surrogate pairs");
	ok(f[2].kind == FIELD_NULL && f[3].kind == FIELD_NULL,
	    "json_pick: \"\" and null are nulls");
	ok(f[4].kind == FIELD_BOOL && strcmp(f[4].s, "true") == 0,
	    "json_pick: true");
	ok(json_pick("{}", 2, keys, 5, f, &sc) == 0 && f[0].kind == FIELD_NULL,
	    "json_pick: an empty object");
	for (i = 0; i < NELEM(refused); i++)
		ok(json_pick(refused[i], strlen(refused[i]), keys, 5, f,
		    &sc) == -1, "json_pick refuses '%s'", refused[i]);
	buf_free(&sc);
}

int
main(void)
{
	const char *base = getenv("TMPDIR");
	struct buf b = {0};

	buf_printf(&b, "%s/mlo-unit-record-XXXXXX",
	    base && *base ? base : "/tmp");
	tmpdir = buf_detach(&b);
	if (mkdtemp(tmpdir) == NULL) {
		perror(tmpdir);
		return 2;
	}
	test_csv_rfc4180();
	test_csv_delimiters();
	test_csv_headers();
	test_csv_shapes();
	test_ndjson();
	test_opts();
	test_json_pick();
	{
		static const char *const files[] = {
			"in", "multi.csv", "crlf.csv", "nohdr.csv", "find.csv",
			"count.csv", "num.ndjson", "want.ndjson",
		};
		size_t i;

		for (i = 0; i < NELEM(files); i++)
			unlink(path(files[i]));
	}
	if (rmdir(tmpdir) == -1)
		perror(tmpdir);
	free(tmpdir);
	return tap_done();
}
