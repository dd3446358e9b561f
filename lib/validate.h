/*
 * validate: the row checks of a data contract (DESIGN section 5), and the
 * aggregated events they raise.  A validator remembers, per entity, the time
 * of the last row that passed, so that time order and duplicate keys are
 * checked with memory bounded by the number of entities.
 */
#ifndef MLO_VALIDATE_H
#define MLO_VALIDATE_H

#include <stdint.h>

#include "contract.h"
#include "event.h"
#include "record.h"

/* The most distinct entities a run may track (mlo-validate(1) LIMITS). */
#define VALIDATE_MAX_ENTITIES 1000000

struct validator;

struct validate_totals {
	uint64_t rows_in, passed, rejected;
	uint64_t suppressed;	/* rows inside a --suppress window */
};

/* validator_new: window-check events go to SINK as they happen. */
struct validator *validator_new(const struct contract *c,
    struct event_sink *sink);

/*
 * validator_bind: match the contract's columns to the columns of R, the
 * next input.  A required column missing from a CSV header is an error, as
 * is a header that names none of the contract's columns; another missing
 * column is noted for a missing_column event.
 */
int validator_bind(struct validator *v, struct reader *r, struct mlo_error *e);

/* validator_end_input: an input was read to its end (column alarms). */
void validator_end_input(struct validator *v, struct reader *r);

/*
 * validator_suppress: read --suppress PATH, a CSV of entity, from, to,
 * reason (times in the contract's format; an empty entity means all).
 * Rows inside a window are still checked and quarantined, but raise no
 * event; the summary counts them.
 */
int validator_suppress(struct validator *v, const char *path,
    struct mlo_error *e);

/* validator_finish: the end of the run at time NOW (freshness). */
void validator_finish(struct validator *v, mlo_time now);

/*
 * validator_load, validator_save: the state file of --state: what the
 * checks remember across runs.  A missing file is empty state; a file of
 * another program or contract, or a damaged one, is refused.  Saving is
 * an atomic replace.
 */
int validator_load(struct validator *v, const char *path,
    struct mlo_error *e);
int validator_save(const struct validator *v, const char *path,
    struct mlo_error *e);

/*
 * validator_check: run every row check on REC.  Returns the number of
 * failed checks (0: the row passes), or -1 with E when the run cannot go on
 * (too many entities).  On failure validator_why names them.
 */
int validator_check(struct validator *v, const struct record *rec,
    struct mlo_error *e);
/* validator_why: "range:vib_hz;pattern:asset_id" for the last row checked. */
const char *validator_why(const struct validator *v);

/*
 * validator_events: queue one event per check and column that failed, and
 * the summary, in S; return the most severe (SEV_INFO when
 * nothing failed).
 */
enum severity validator_events(struct validator *v, struct event_sink *s);
/* validator_report: the human summary lines, for stderr. */
void validator_report(const struct validator *v, struct buf *out);
const struct validate_totals *validator_totals(const struct validator *v);
void validator_free(struct validator *v);

#endif
