/*
 * writer: records out as CSV or NDJSON, and the one place that quotes CSV
 * fields and escapes JSON strings.  Rows are built field by field in a
 * buffer and handed to the output whole.
 */
#ifndef MLO_WRITER_H
#define MLO_WRITER_H

#include <stddef.h>

#include "io.h"
#include "record.h"
#include "util.h"

/* csv_quote: S as one CSV field, quoted only when it must be (RFC 4180). */
void csv_quote(struct buf *b, const char *s, size_t len, int delim);
/* json_quote: S as a JSON string with its quotes. */
void json_quote(struct buf *b, const char *s, size_t len);
/* json_number_text: whether S is a JSON number literal as it stands. */
int json_number_text(const char *s, size_t len);

struct writer;

/*
 * writer_new: rows of COLUMNS (copied) to O in FMT (REC_CSV or REC_NDJSON);
 * CSV uses DELIM (',' when DELIM is 0 or DELIM_SPACE).  The CSV header is
 * written before the first row, or by writer_header.
 */
struct writer *writer_new(struct output *o, enum rec_format fmt, int delim,
    size_t ncolumns, const char *const *columns);
void writer_header(struct writer *w);
/* writer_header_done: the header is already there (appending to a file). */
void writer_header_done(struct writer *w);
/*
 * Fields of a row, in column order.  writer_field keeps a CSV text field
 * as text and, in NDJSON, writes text that is a JSON number literal as a
 * number; writer_string always writes a string.
 */
void writer_field(struct writer *w, const struct field *f);
void writer_string(struct writer *w, const char *s, size_t len);
void writer_number(struct writer *w, double v);
void writer_null(struct writer *w);
/*
 * writer_raw: LEN bytes that already are the next N (>= 1) fields of a CSV
 * row, delimiters and quotes included, copied as they are (passing input
 * columns through unchanged).  CSV writers only.
 */
void writer_raw(struct writer *w, const char *s, size_t len, size_t n);
/* writer_end: finish the row and hand it to the output. */
void writer_end(struct writer *w);
/*
 * writer_end_to: finish the row but append its bytes to DST instead (for
 * rows held back before they are written); the header, when due, still
 * goes to the output.
 */
void writer_end_to(struct writer *w, struct buf *dst);
struct output *writer_output(const struct writer *w);
void writer_free(struct writer *w);

#endif
