/*
 * record: CSV and NDJSON readers behind one interface.
 *
 * A reader yields records whose fields are indexed by column.  CSV is RFC
 * 4180 through libcsv (quoted fields, embedded delimiters, quotes and
 * newlines), or tab-separated, or blank-separated (runs of blanks, no
 * quoting); a UTF-8 byte-order mark is dropped.  NDJSON is one flat JSON
 * object a line; its columns are the keys in order of first appearance.
 * An empty field, "", or JSON null is a null.
 *
 * Two kinds of trouble are kept apart.  A record whose shape is wrong (field
 * count, a nested JSON value, invalid JSON or UTF-8, a NUL byte, a stray
 * quote) is still returned, with shape_error set, so that mlo-validate can
 * quarantine it and other programs can refuse it naming its line.  Input
 * that cannot be read on (an unterminated quote at end of input, a record
 * over the line limit, a truncated gzip stream, a read error, a bad header)
 * ends reading: reader_next returns -1.
 */
#ifndef MLO_RECORD_H
#define MLO_RECORD_H

#include <stddef.h>

#include "diag.h"
#include "io.h"
#include "util.h"

enum rec_format { REC_AUTO, REC_CSV, REC_NDJSON };

/* Delimiter value meaning "runs of blanks". */
#define DELIM_SPACE (-1)

/* Default limits; documented in mlo(7). */
#define REC_MAX_COLUMNS 4096

struct reader_opts {
	enum rec_format format;	/* REC_AUTO: '{' first means NDJSON */
	int delimiter;		/* ',' (0 means ','), '\t', DELIM_SPACE, ... */
	int no_header;		/* the first line is data */
	char **columns;		/* names when no_header (or NULL: "1", "2"...) */
	size_t ncolumns;
	size_t max_line;	/* 0: IO_MAX_LINE */
};

/* reader_opts_delimiter: parse "--delimiter" ("tab", "space", one byte). */
int reader_opts_delimiter(struct reader_opts *o, const char *arg,
    struct mlo_error *e);
/* reader_opts_columns: parse "--columns a,b,c" (owned by O). */
int reader_opts_columns(struct reader_opts *o, const char *arg,
    struct mlo_error *e);
/* reader_opts_format: "csv" or "ndjson". */
int reader_opts_format(enum rec_format *f, const char *arg,
    struct mlo_error *e);
void reader_opts_free(struct reader_opts *o);

enum field_kind {
	FIELD_NULL,		/* empty CSV field, JSON null, key absent */
	FIELD_TEXT,		/* CSV field or JSON string */
	FIELD_NUMBER,		/* JSON number: num is its value */
	FIELD_BOOL		/* JSON true or false: s is "true"/"false" */
};

struct field {
	const char *s;		/* NUL-terminated value ("" when null) */
	size_t len;
	enum field_kind kind;
	double num;		/* FIELD_NUMBER */
};

struct record {
	struct field *fields;	/* by column; nfields of them */
	size_t nfields;
	const char *raw;	/* the record's bytes as read */
	size_t rawlen;
	long line;		/* first line of the record */
	long recno;		/* data record number, 1-based */
	const char *shape_error; /* NULL, or what is wrong with its shape */
	/* CSV records with a wrong field count keep every field here. */
	struct field *all;
	size_t nall;
};

struct reader;

/*
 * reader_open: start reading IN (the reader owns it from now on) and read
 * the header.  Empty input is fine: no columns, no records.
 */
struct reader *reader_open(struct input *in, const struct reader_opts *o,
    struct mlo_error *e);

/*
 * reader_next: the next record in *REC (owned by the reader, valid until the
 * next call).  1 for a record, 0 at end of input, -1 with E when input
 * cannot be read on.
 */
int reader_next(struct reader *r, struct record **rec, struct mlo_error *e);

enum rec_format reader_format(const struct reader *r);
int reader_delimiter(const struct reader *r);
const char *reader_name(const struct reader *r);
size_t reader_ncolumns(const struct reader *r);
const char *reader_column(const struct reader *r, size_t i);
/* reader_find: the column named NAME, or -1. */
long reader_find(const struct reader *r, const char *name);
/*
 * reader_want: the column named NAME, added (with no values so far) when
 * absent.  Lets a program fix column numbers before NDJSON keys appear.
 */
size_t reader_want(struct reader *r, const char *name);
/* reader_header_raw: the header line as read (CSV), or NULL. */
const char *reader_header_raw(const struct reader *r, size_t *len);
void reader_close(struct reader *r);

/*
 * json_pick: the values of KEYS[0..nkeys) in LINE[0..len), one flat JSON
 * object (blanks and a newline around it allowed), into F[0..nkeys): a
 * key that is absent, null or "" is FIELD_NULL; strings are unescaped into
 * SCRATCH (reset first; F points into it, valid until SCRATCH changes);
 * numbers are FIELD_NUMBER with num and s their literal text; true and
 * false FIELD_BOOL.  No allocation but SCRATCH's, no cJSON: the fast path
 * for readers of many small objects (mlo-report's events).  Returns 0, or
 * -1 when LINE is not such an object, has a wanted key twice or a key with
 * an escape, or is not valid UTF-8: the caller then reads it the slow way
 * (cJSON) for its values or for the reason.
 */
int json_pick(const char *line, size_t len, const char *const *keys,
    size_t nkeys, struct field *f, struct buf *scratch);

/* utf8_valid: whether S[0..n) is valid UTF-8 without NUL bytes. */
int utf8_valid(const char *s, size_t n);

#endif
