#include "alarm.h"

void
alarm_init(struct alarm *a)
{
	a->firing = 0;
	a->since = ALARM_NEVER;
	a->clear_since = ALARM_NEVER;
	a->ended_from = ALARM_NEVER;
	a->peak = 0;
	a->count = 0;
}

enum alarm_change
alarm_step(struct alarm *a, const struct alarm_rule *r, int cond, mlo_time t,
    double value)
{
	if (cond) {
		if (a->since == ALARM_NEVER) {
			a->since = t;
			a->peak = value;
			a->count = 0;
		}
		if (value > a->peak)
			a->peak = value;
		a->count++;
		a->clear_since = ALARM_NEVER;
		if (!a->firing && t - a->since >= r->hold) {
			a->firing = 1;
			return ALARM_FIRED;
		}
		return ALARM_QUIET;
	}
	if (!a->firing) {
		/* Not held long enough: the episode is forgotten. */
		a->since = ALARM_NEVER;
		return ALARM_QUIET;
	}
	if (a->clear_since == ALARM_NEVER)
		a->clear_since = t;
	if (t - a->clear_since >= r->clear_after) {
		a->firing = 0;
		a->clear_since = ALARM_NEVER;
		a->ended_from = a->since;
		a->since = ALARM_NEVER;
		return ALARM_RESOLVED;
	}
	return ALARM_QUIET;
}
