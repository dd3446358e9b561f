/*
 * feedback: technicians' verdicts on predictions (mlo-feedback(1)), the
 * log they are kept in, and what is read out of it.
 *
 * The log is NDJSON, one verdict a line, its keys always in this order:
 *	{"time":"2026-11-25T20:05:00Z","prediction_id":"B-0042@...",
 *	 "asset":"B-0042","model_version":"v3","verdict":"wrong",
 *	 "technician":"T42","note":"bearing was fine","source":"cli"}
 * asset, model_version and note are null when not given.  Lines are added
 * with lib/io's locked append only (one write(2) each, a torn last line of
 * a crashed writer ended first), so any number of CLI and CGI writers may
 * share a log.  Readers never change it: a line that is not a whole JSON
 * object, or a last line without its newline, is a torn write and is
 * skipped with a warning.
 */
#ifndef MLO_FEEDBACK_H
#define MLO_FEEDBACK_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "record.h"
#include "strmap.h"
#include "timeparse.h"
#include "util.h"

/* Ids: 1 to FB_ID_MAX bytes of A-Za-z0-9._:@- ; notes: characters. */
#define FB_ID_MAX 128
#define FB_NOTE_MAX 500
/* The most verdicts read from the logs of one run. */
#define FB_MAX_VERDICTS 10000000

enum fb_verdict { FB_WRONG, FB_RIGHT, FB_UNSURE };

/* fb_verdict_name: "wrong", "right", "unsure". */
const char *fb_verdict_name(enum fb_verdict v);
/* fb_verdict_parse: S[0..n) as a verdict; -1 with E. */
int fb_verdict_parse(const char *s, size_t n, enum fb_verdict *v,
    struct mlo_error *e);
/*
 * fb_id_check: S[0..n) is an id, else E names WHAT ("prediction id") and
 * what is wrong, quoting the value only when it is printable.
 */
int fb_id_check(const char *what, const char *s, size_t n,
    struct mlo_error *e);
/*
 * fb_note_check: S[0..n) is valid UTF-8 of at most FB_NOTE_MAX
 * characters with no control character other than tab and newline
 * (CR LF from a web form counts as a newline).
 */
int fb_note_check(const char *s, size_t n, struct mlo_error *e);

/* A verdict to append.  asset, model_version and note may be NULL. */
struct fb_entry {
	const char *time;		/* RFC 3339 stamp */
	const char *prediction_id;
	size_t prediction_len;
	const char *asset, *model_version, *technician;
	size_t asset_len, model_len, technician_len;
	enum fb_verdict verdict;
	const char *note;
	size_t note_len;
	const char *source;		/* "cli" or "web" */
};

/* fb_entry_check: every field of EN is valid; -1 with E naming the first
 * that is not. */
int fb_entry_check(const struct fb_entry *en, struct mlo_error *e);
/* fb_entry_line: EN as one log line with its newline, appended to B. */
void fb_entry_line(const struct fb_entry *en, struct buf *b);
/*
 * fb_append: check EN and append it to LOG; -1 with E, and then nothing
 * was written (or, on an I/O error, at most a torn line that the next
 * append ends).
 */
int fb_append(const char *log, const struct fb_entry *en,
    struct mlo_error *e);

/*
 * The verdicts of one or more logs, in memory.  Names (ids, technicians)
 * are interned: a name is an index into name[], 0 being the null name "".
 */
struct fb_rec {
	mlo_time time;
	uint32_t pred, asset, model, tech;
	uint32_t seq;		/* order read, to keep sorting stable */
	unsigned char verdict;	/* enum fb_verdict */
	unsigned char superseded; /* a later verdict of the same technician
				     on the same prediction replaces it */
};

struct fb_log {
	struct fb_rec *v;
	size_t n, cap;
	struct strmap names;
	char **name;
	size_t nnames, capnames;
	size_t torn;		/* torn lines skipped */
	size_t bad;		/* whole lines that are not verdicts */
};

void fb_log_init(struct fb_log *l);
/*
 * fb_log_read: add the verdicts of PATH (NULL or "-": stdin; gzip or not)
 * to L.  Each torn line is reported through WARN ("FILE:LINE: torn line
 * skipped ...") and counted in L->torn; each whole line that is not a
 * valid verdict through WARN too and counted in L->bad (trouble for the
 * caller).  -1 with E when PATH cannot be read to its end or holds more
 * than FB_MAX_VERDICTS verdicts.
 */
int fb_log_read(struct fb_log *l, const char *path,
    void (*warn)(const char *msg), struct mlo_error *e);
/*
 * fb_log_finish: sort the verdicts by time (ties in the order read) and
 * mark those a later verdict of the same technician on the same
 * prediction replaces.
 */
void fb_log_finish(struct fb_log *l);
/* fb_name_find: the index of NAME, or -1 when no verdict names it. */
long fb_name_find(const struct fb_log *l, const char *s, size_t n);
void fb_log_free(struct fb_log *l);

/*
 * A predictions file: CSV or NDJSON with an id column ("prediction_id",
 * else "id", else "row_id") and optionally "asset" (else "asset_id"),
 * "model_version", "score", "prediction".
 */
struct fb_pred_cols {
	long id[3], asset[2], model, score, prediction;	/* -1: none */
};
/*
 * fb_pred_bind: find the columns of R (for NDJSON, every candidate, as
 * keys appear only with records); -1 with E when a CSV file has no id.
 */
int fb_pred_bind(struct reader *r, struct fb_pred_cols *c,
    struct mlo_error *e);
/*
 * fb_pred_field: REC's value of the first candidate column among
 * COLS[0..n) that is not null, or NULL.
 */
const struct field *fb_pred_field(const struct record *rec,
    const long *cols, size_t n);

/*
 * fb_prediction_find: the row of PATH whose id is ID: 1 with its columns'
 * names and values as pairs in *KV (2 * *N strings, caller frees with
 * fb_kv_free), 0 when there is none, -1 with E.
 */
int fb_prediction_find(const char *path, const char *id, char ***kv,
    size_t *n, struct mlo_error *e);
void fb_kv_free(char **kv, size_t n);

#endif
