/*
 * alarm: the life of a condition that lasts (DESIGN section 4).  A check
 * tells the alarm, reading by reading, whether its condition holds; the
 * alarm fires once the condition has held for the rule's "for", and
 * resolves once it has been false for "clear_after", so that a value
 * hovering at a limit raises one alarm, not a hundred.
 */
#ifndef MLO_ALARM_H
#define MLO_ALARM_H

#include <stdint.h>

#include "contract.h"
#include "timeparse.h"

#define ALARM_NEVER INT64_MIN

struct alarm {
	int firing;
	mlo_time since;		/* the condition began, or ALARM_NEVER */
	mlo_time clear_since;	/* firing, the condition ended, or NEVER */
	mlo_time ended_from;	/* after ALARM_RESOLVED: when that episode began */
	double peak;		/* the largest value while the condition held */
	int64_t count;		/* readings while it held */
};

enum alarm_change { ALARM_QUIET, ALARM_FIRED, ALARM_RESOLVED };

void alarm_init(struct alarm *a);

/*
 * alarm_step: the condition is COND at time T, with VALUE (kept as the
 * peak while the condition holds).  Returns what changed.
 */
enum alarm_change alarm_step(struct alarm *a, const struct alarm_rule *r,
    int cond, mlo_time t, double value);

#endif
