/*
 * watch: the window checks of a data contract (DESIGN section 5): null
 * rate, frequency and gaps, latency, freshness, volume, stuck values,
 * sustained excursions outside the normal range, rate of change, and
 * unknown or missing columns.  Each lasting condition lives in an alarm
 * (alarm.h) and is reported when it starts and when it ends.
 *
 * Windows close on data: a window is judged when a reading of a later
 * window arrives, never at the end of a run, so a history fed in one run or
 * in many batches with --state gives the same events.  Freshness is the one
 * check that depends on the time of the run (--now).
 */
#ifndef MLO_WATCH_H
#define MLO_WATCH_H

#include <cJSON.h>

#include "contract.h"
#include "event.h"
#include "record.h"
#include "util.h"

struct watch;
struct watch_entity;

struct watch *watch_new(const struct contract *c, struct event_sink *sink);
void watch_free(struct watch *w);
/* watch_active: whether the contract has any window check at all. */
int watch_active(const struct watch *w);

struct watch_entity *watch_entity_new(const struct watch *w);
void watch_entity_free(const struct watch *w, struct watch_entity *we);

/* watch_bind: find the latency and when columns in the next input. */
void watch_bind(struct watch *w, struct reader *r);
/* watch_gated_off: whether column I is not to be checked on REC ("when"). */
int watch_gated_off(const struct watch *w, size_t i, const struct record *rec);
/* watch_columns: the unknown and missing columns of an input just read. */
void watch_columns(struct watch *w, struct reader *r);

/*
 * watch_row: a row that passed the row checks, of entity NAME (length
 * LEN, "" for a single stream), at time T.  BOUND maps the contract's
 * columns to REC's fields; OV is the entity's override limits or NULL;
 * XS[i] is column i's number when HAS_X[i] (parsed once, by the row
 * checks).
 */
void watch_row(struct watch *w, struct watch_entity *we, const char *name,
    size_t len, const struct record *rec, const long *bound, mlo_time t,
    const struct col_limits *ov, const double *xs, const unsigned char *has_x);

/* watch_last: the time of the entity's last reading seen, or ALARM_NEVER. */
mlo_time watch_last(const struct watch_entity *we);

/*
 * watch_seen: a reading at T that was rejected for its values, not its
 * time: it arrived, so it counts for cadence and freshness, and nothing
 * else.
 */
void watch_seen(struct watch *w, struct watch_entity *we, const char *name,
    size_t len, mlo_time t);

/*
 * watch_quiet: a row at T that the checks must not judge (planned
 * maintenance); the entity's clock moves on, so no gap is seen after it.
 */
void watch_quiet(struct watch_entity *we, mlo_time t);

/* watch_fresh: at the end of a run, the freshness of one entity. */
void watch_fresh(struct watch *w, struct watch_entity *we, const char *name,
    size_t len, mlo_time now);

/* State: what the checks remember, as JSON members of an object in B. */
void watch_entity_save(const struct watch *w, const struct watch_entity *we,
    struct buf *b);
int watch_entity_load(const struct watch *w, struct watch_entity *we,
    const cJSON *obj, struct mlo_error *e);
void watch_save(const struct watch *w, struct buf *b);
int watch_load(struct watch *w, const cJSON *obj, struct mlo_error *e);

#endif
