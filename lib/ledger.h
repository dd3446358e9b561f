/*
 * ledger: the retrain ledger, DIR/ledger.ndjson (mlo-retrain-gate(1),
 * LEDGER): one JSON object a line per gate run or rollback, appended with
 * lib/io's locked append, each holding the SHA-256 (libmd) of the line
 * before it in "prev_sha256", so that an edited or deleted line inside
 * the ledger breaks the chain where it was.  Rewriting the whole tail is
 * not detected: the chain is a check against accidents, not an attacker.
 *
 * A line that is not a JSON object (a run killed while appending leaves a
 * torn last line) is not a record: it is read past, never rewritten, and
 * the chain goes on from the record before it.
 */
#ifndef MLO_LEDGER_H
#define MLO_LEDGER_H

#include <cJSON.h>
#include <stddef.h>

#include "diag.h"
#include "io.h"
#include "record.h"
#include "util.h"

/* The largest ledger read. */
#define LEDGER_MAX (256UL * 1024 * 1024)

struct ledger_line {
	long line;		/* 1-based */
	const char *text;	/* without its newline */
	size_t len;
	int newline;		/* the line ended in a newline */
	cJSON *obj;		/* NULL: not a record */
};

struct ledger {
	char *path;
	char *data;
	struct ledger_line *lines;
	size_t n;
	char last_sha[65];	/* of the last record, "" when none */
};

/*
 * ledger_load: read PATH (a missing file is an empty ledger).  For every
 * line that is not a record, WARN (when not NULL) is called with a
 * message naming the file and line.  -1 with E when PATH cannot be read,
 * and L holds nothing to free.
 */
int ledger_load(struct ledger *l, const char *path,
    void (*warn)(const char *msg), struct mlo_error *e);
void ledger_free(struct ledger *l);

/*
 * ledger_append: finish REC, a JSON object still open ("{...", no closing
 * brace), with "prev_sha256" (the SHA-256 of the last record, or null)
 * and append it as one line.  The caller holds the registry's lock, so
 * that the last record cannot change under it.  -1 with E.
 */
int ledger_append(const struct ledger *l, struct buf *rec,
    struct mlo_error *e);

/*
 * ledger_verify: check the chain; a line per break (or per line that is
 * not a record) into REPORT.  Returns the number of breaks; *NOT_RECORDS
 * counts the lines that are not records.
 */
size_t ledger_verify(const struct ledger *l, struct buf *report,
    size_t *not_records);

/*
 * ledger_history: the records as a table (FMT REC_AUTO) or as CSV or
 * NDJSON rows of time, decision, candidate, production, failed.
 */
void ledger_history(const struct ledger *l, struct output *o,
    enum rec_format fmt);

/*
 * ledger_before: the version production had before CURRENT, replaying
 * promotions (a push) and rollbacks (a pop), into OUT (64 bytes).  -1
 * with E when CURRENT is not in the ledger or nothing came before it.
 */
int ledger_before(const struct ledger *l, const char *current, char *out,
    struct mlo_error *e);

/* ledger_sha256: the hex SHA-256 of P[0..n) into HEX[65]. */
void ledger_sha256(const void *p, size_t n, char hex[65]);

#endif
