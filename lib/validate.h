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
};

struct validator *validator_new(const struct contract *c);

/*
 * validator_bind: match the contract's columns to the columns of R, the
 * next input.  A required column missing from a CSV header is an error, as
 * is a header that names none of the contract's columns; another missing
 * column is noted for a missing_column event.
 */
int validator_bind(struct validator *v, struct reader *r, struct mlo_error *e);

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
 * the missing_column events, in S; return the most severe (SEV_INFO when
 * nothing failed).
 */
enum severity validator_events(struct validator *v, struct event_sink *s);
/* validator_report: the human summary lines, for stderr. */
void validator_report(const struct validator *v, struct buf *out);
const struct validate_totals *validator_totals(const struct validator *v);
void validator_free(struct validator *v);

#endif
