/*
 * labels: training labels from an outcomes file, point in time
 * (mlo-features --labels).  An outcomes file is CSV or NDJSON with the
 * spec's entity column (when it has one) and its time column, one failure
 * a row.  For a row of entity E at time t:
 *	label	1 when E has a failure in [t, t + horizon]; else null when
 *		t + horizon is past the outcomes' coverage (--labels-until),
 *		since a failure may yet come; else 0;
 *	rul	the next failure's time (at or after t) minus t, in seconds
 *		(steps for step time), 0 at the failure; null when none.
 * The whole file is held in memory, sorted per entity: at most
 * LABELS_MAX_FAILURES rows.
 */
#ifndef MLO_LABELS_H
#define MLO_LABELS_H

#include <stddef.h>

#include "diag.h"
#include "record.h"
#include "timeparse.h"

#define LABELS_MAX_FAILURES 10000000

struct outcomes;

/*
 * outcomes_load: read PATH (reader options RO) naming failures by the
 * columns ENTITY (NULL: one stream) and TIME, a time of KIND.  NULL with E
 * naming the file, line and problem.
 */
struct outcomes *outcomes_load(const char *path, const struct reader_opts *ro,
    const char *entity, const char *time, enum time_kind kind,
    struct mlo_error *e);

/*
 * outcomes_label: the label of entity NAME[0..len) at T (1, 0, or -1 for
 * null) with HORIZON, coverage up to UNTIL when HAS_UNTIL; *RUL the time to
 * the next failure in mlo_time units, or -1 when none follows (a double:
 * the span between two times can pass INT64_MAX).
 */
int outcomes_label(const struct outcomes *o, const char *name, size_t len,
    mlo_time t, mlo_time horizon, int has_until, mlo_time until,
    double *rul);

void outcomes_free(struct outcomes *o);

#endif
