/*
 * Unit tests of lib/alarm: a condition that lasts fires once it has held
 * for the rule's "for" and resolves once it has been false for
 * "clear_after" (DESIGN sections 4 and 5).  Times are mlo_time
 * nanoseconds; readings come every 30 seconds as in the bearing contract.
 */
#include <stdio.h>

#include "alarm.h"
#include "tap.h"

#define SEC INT64_C(1000000000)
#define MIN (60 * SEC)
#define HOUR (60 * MIN)
/* 2026-03-02T00:00:00Z: the day of the window-check fixtures. */
#define T0 (INT64_C(1772409600) * SEC)

static struct alarm_rule
rule(mlo_time hold, mlo_time clear_after)
{
	struct alarm_rule r = {0};

	r.on = 1;
	r.severity = SEV_WARNING;
	r.hold = hold;
	r.clear_after = clear_after;
	return r;
}

static void
test_init(void)
{
	struct alarm a;

	alarm_init(&a);
	ok(!a.firing, "init: not firing");
	ok(a.since == ALARM_NEVER, "init: no episode");
	ok(a.clear_since == ALARM_NEVER, "init: not clearing");
	ok(a.ended_from == ALARM_NEVER, "init: no ended episode");
}

static void
test_for_zero(void)
{
	struct alarm_rule r = rule(0, 0);
	struct alarm a;

	alarm_init(&a);
	is_long(alarm_step(&a, &r, 0, T0, 1), ALARM_QUIET,
	    "for=0: a false reading is quiet");
	is_long(alarm_step(&a, &r, 1, T0 + 30 * SEC, 5), ALARM_FIRED,
	    "for=0: the first true reading fires at once");
	ok(a.firing, "for=0: firing after it fired");
	ok(a.since == T0 + 30 * SEC, "for=0: the episode began at that reading");
	is_long(alarm_step(&a, &r, 1, T0 + 60 * SEC, 5), ALARM_QUIET,
	    "for=0: a second true reading does not fire again");
	is_long(alarm_step(&a, &r, 0, T0 + 90 * SEC, 1), ALARM_RESOLVED,
	    "for=0, clear_after=0: the first false reading resolves");
	ok(!a.firing, "for=0: not firing after it resolved");
}

/* True every 30 s from T0 up to and including T0 + UNTIL: the change seen. */
static int
hold_until(struct alarm *a, const struct alarm_rule *r, mlo_time until,
    int *fired, mlo_time *fired_at)
{
	mlo_time t;

	*fired = 0;
	*fired_at = ALARM_NEVER;
	for (t = T0; t <= T0 + until; t += 30 * SEC)
		if (alarm_step(a, r, 1, t, 1) == ALARM_FIRED) {
			(*fired)++;
			*fired_at = t;
		}
	return *fired;
}

static void
test_for_two_hours(void)
{
	struct alarm_rule r = rule(2 * HOUR, 0);
	struct alarm a;
	mlo_time at;
	int fired;

	alarm_init(&a);
	hold_until(&a, &r, 2 * HOUR - 30 * SEC, &fired, &at);
	is_long(fired, 0, "for=2h: quiet while held 1h59m30s");
	is_long(alarm_step(&a, &r, 1, T0 + 2 * HOUR, 1), ALARM_FIRED,
	    "for=2h: fires at the reading 2h after the start");
	ok(a.since == T0, "for=2h: the episode began at the first reading");

	/* The condition breaks off at 1h59m: nothing fires, and it is forgotten. */
	alarm_init(&a);
	hold_until(&a, &r, 119 * MIN, &fired, &at);
	is_long(fired, 0, "for=2h: quiet while held 1h59m");
	is_long(alarm_step(&a, &r, 0, T0 + 119 * MIN + 30 * SEC, 1),
	    ALARM_QUIET, "for=2h: breaking off at 1h59m30s is quiet");
	ok(!a.firing && a.since == ALARM_NEVER,
	    "for=2h: an episode that broke off early is forgotten");
	is_long(alarm_step(&a, &r, 1, T0 + 2 * HOUR, 1), ALARM_QUIET,
	    "for=2h: true again at 2h after the first start is a new start");
	ok(a.since == T0 + 2 * HOUR, "for=2h: the new episode begins at 2h");
	is_long(alarm_step(&a, &r, 1, T0 + 4 * HOUR - 30 * SEC, 1),
	    ALARM_QUIET, "for=2h: the new episode is quiet at 1h59m30s");
	is_long(alarm_step(&a, &r, 1, T0 + 4 * HOUR, 1), ALARM_FIRED,
	    "for=2h: the new episode fires at its own 2h");
}

static void
test_hover(void)
{
	struct alarm_rule r = rule(0, 10 * MIN);
	struct alarm a;
	int k, fired = 0, resolved = 0, fired_in_hour, resolved_in_hour;
	mlo_time t = T0, last_false = ALARM_NEVER, resolved_at = ALARM_NEVER;
	enum alarm_change ch;

	alarm_init(&a);
	/* An hour at the limit: true, false, true, ... every 30 s. */
	for (k = 0; k < 120; k++, t += 30 * SEC) {
		ch = alarm_step(&a, &r, k % 2 == 0, t, 1);
		fired += ch == ALARM_FIRED;
		resolved += ch == ALARM_RESOLVED;
		if (k % 2 == 1)
			last_false = t;
	}
	fired_in_hour = fired;
	resolved_in_hour = resolved;
	is_long(fired_in_hour, 1, "clear_after=10m: one FIRED in an hour of "
	    "hovering");
	is_long(resolved_in_hour, 0, "clear_after=10m: no RESOLVED while "
	    "hovering");
	ok(a.firing, "clear_after=10m: still firing at the end of the hour");
	/* Then false for good: resolves 10 minutes after the last true. */
	for (; t <= last_false + 15 * MIN; t += 30 * SEC) {
		ch = alarm_step(&a, &r, 0, t, 1);
		fired += ch == ALARM_FIRED;
		if (ch == ALARM_RESOLVED) {
			resolved++;
			if (resolved_at == ALARM_NEVER)
				resolved_at = t;
		}
	}
	is_long(fired, 1, "clear_after=10m: still one FIRED in all");
	is_long(resolved, 1, "clear_after=10m: one RESOLVED in all");
	ok(resolved_at == last_false + 10 * MIN,
	    "clear_after=10m: resolves 10m after it went false for good");
	if (resolved_at != last_false + 10 * MIN)
		printf("#   resolved %lld s after the last false\n",
		    (long long)((resolved_at - last_false) / SEC));
	ok(a.ended_from == T0, "ended_from: the resolved episode began at T0");
	ok(a.since == ALARM_NEVER, "after resolve: no episode open");
	ok(!a.firing, "after resolve: not firing");
}

static void
test_clear_short_of_limit(void)
{
	struct alarm_rule r = rule(0, 10 * MIN);
	struct alarm a;

	alarm_init(&a);
	alarm_step(&a, &r, 1, T0, 1);
	is_long(alarm_step(&a, &r, 0, T0 + 30 * SEC, 1), ALARM_QUIET,
	    "clear_after=10m: first false reading is quiet");
	is_long(alarm_step(&a, &r, 0, T0 + 30 * SEC + 9 * MIN + 30 * SEC, 1),
	    ALARM_QUIET, "clear_after=10m: false for 9m30s is quiet");
	is_long(alarm_step(&a, &r, 0, T0 + 30 * SEC + 10 * MIN, 1),
	    ALARM_RESOLVED, "clear_after=10m: false for exactly 10m resolves");
}

static void
test_peak(void)
{
	struct alarm_rule r = rule(0, 0);
	struct alarm a;

	alarm_init(&a);
	alarm_step(&a, &r, 0, T0, 99);
	alarm_step(&a, &r, 1, T0 + 30 * SEC, 3);
	alarm_step(&a, &r, 1, T0 + 60 * SEC, 7);
	alarm_step(&a, &r, 1, T0 + 90 * SEC, 5);
	is_close(a.peak, 7, 0, "peak: the largest value while it held");
	is_long((long)a.count, 3, "peak: count of readings while it held");
	alarm_step(&a, &r, 0, T0 + 120 * SEC, 1000);
	is_close(a.peak, 7, 0, "peak: a false reading's value is not a peak");
}

static void
test_new_episode(void)
{
	struct alarm_rule r = rule(2 * HOUR, 10 * MIN);
	struct alarm a;
	mlo_time t, start2 = T0 + 5 * HOUR;

	alarm_init(&a);
	for (t = T0; t <= T0 + 3 * HOUR; t += 30 * SEC)
		alarm_step(&a, &r, 1, t, t == T0 + HOUR ? 900 : 450);
	for (t = T0 + 3 * HOUR + 30 * SEC; t <= T0 + 3 * HOUR + 10 * MIN +
	    30 * SEC; t += 30 * SEC)
		if (alarm_step(&a, &r, 0, t, 0) == ALARM_RESOLVED)
			break;
	ok(!a.firing, "new episode: the first one resolved");
	ok(a.ended_from == T0, "new episode: ended_from is the first start");

	is_long(alarm_step(&a, &r, 1, start2, 410), ALARM_QUIET,
	    "new episode: true again does not fire at once");
	ok(a.since == start2, "new episode: begins when it comes back");
	is_close(a.peak, 410, 0, "new episode: peak starts afresh");
	is_long((long)a.count, 1, "new episode: count starts afresh");
	ok(a.clear_since == ALARM_NEVER, "new episode: not clearing");
	is_long(alarm_step(&a, &r, 1, start2 + 2 * HOUR - 30 * SEC, 420),
	    ALARM_QUIET, "new episode: quiet before its own 2h");
	is_long(alarm_step(&a, &r, 1, start2 + 2 * HOUR, 420), ALARM_FIRED,
	    "new episode: fires after its own 2h");
	ok(a.ended_from == T0, "new episode: ended_from still names the "
	    "last resolved episode");
}

int
main(void)
{
	test_init();
	test_for_zero();
	test_for_two_hours();
	test_hover();
	test_clear_short_of_limit();
	test_peak();
	test_new_episode();
	return tap_done();
}
