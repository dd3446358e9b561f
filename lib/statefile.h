/*
 * statefile: the sealed NDJSON files behind every --state option.
 *
 * Line 1 is a header {"mlo":MAGIC,"v":VERSION,...}; then the program's
 * records, one JSON object a line; the last line is a seal
 * {"end":LINES,"xxh64":"..."} over every byte before it.  A file that was
 * truncated, edited or written by another program is refused as a whole,
 * never half believed, and saving replaces it atomically (lib/io).
 */
#ifndef MLO_STATEFILE_H
#define MLO_STATEFILE_H

#include <cJSON.h>

#include "diag.h"
#include "util.h"

/* The largest state file read. */
#define STATEFILE_MAX (1024UL * 1024 * 1024)

/*
 * statefile_begin: reset B and open the header object with MAGIC and
 * VERSION; the caller adds its own header members (",\"contract\":...")
 * and then calls statefile_end_line.
 */
void statefile_begin(struct buf *b, const char *magic, int version);
/* statefile_end_line: close the current object and its line. */
void statefile_end_line(struct buf *b);

/* statefile_save: seal B and replace PATH with it; -1 with E. */
int statefile_save(const char *path, struct buf *b, struct mlo_error *e);

/*
 * statefile_load: read PATH and give each record (the header first, as
 * line 1) to LINE, which returns -1 with E to refuse the file.  A missing
 * PATH is empty state: 0 and LINE never called.  A damaged file, or one
 * whose header has another MAGIC or VERSION, is -1 with E.
 */
int statefile_load(const char *path, const char *magic, int version,
    int (*line)(void *arg, long lineno, const cJSON *obj,
    struct mlo_error *e), void *arg, struct mlo_error *e);

/*
 * Numbers as JSON strings, so they come back exact: integers (JSON numbers
 * are doubles) and doubles in shortest round-trip form.  A get of an
 * absent KEY gives DFLT (0 for doubles); -1 when it is not such a string.
 */
void statefile_put_i64(struct buf *b, const char *key, int64_t v);
int statefile_get_i64(const cJSON *obj, const char *key, int64_t *out,
    int64_t dflt);
void statefile_put_num(struct buf *b, const char *key, double v);
int statefile_get_num(const cJSON *obj, const char *key, double *out);

#endif
