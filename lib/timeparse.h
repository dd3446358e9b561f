/*
 * timeparse: the one owner of time in mlo (DESIGN section 3, "Time"):
 * reading and writing timestamps, epoch seconds, step numbers and
 * durations.
 *
 * A time column is one of three kinds.  Whatever the kind, a time is an
 * mlo_time: for clock time (RFC 3339 and epoch seconds) nanoseconds since
 * 1970-01-01T00:00:00Z, leap seconds ignored as POSIX time does; for step
 * time (cycles of a C-MAPSS engine) the step number times MLO_STEP, so
 * that windows, gaps and durations use the same arithmetic for all three.
 * An int64_t of nanoseconds spans 1677-09-21T00:12:43.145224192Z to
 * 2262-04-11T23:47:16.854775807Z; every year from 1678 to 2261 fits whole.
 *
 * Nothing here allocates, keeps state, or looks at the locale or TZ: the
 * calendar arithmetic is done here (proleptic Gregorian), not by gmtime or
 * mktime.  Inputs are (pointer, length) and need not be NUL-terminated.
 * Blanks around a value are not accepted: readers trim them if they must.
 * Failing functions return -1 and fill E (which may be NULL when only the
 * verdict matters) with a message that quotes at most 40 bytes of the input
 * and says what is wrong, e.g.
 *     '2026-13-01T00:00:00Z' is not an RFC 3339 timestamp: month 13
 */
#ifndef MLO_TIMEPARSE_H
#define MLO_TIMEPARSE_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef int64_t mlo_time;

/* One step of step time, in mlo_time units. */
#define MLO_STEP INT64_C(1000000000)

/* The size of the buffers time_format and duration_format fill. */
#define TIME_BUFSZ 48

enum time_kind {
	TIME_RFC3339,	/* 2026-11-25T20:05:00Z */
	TIME_EPOCH,	/* 1795636700, seconds since 1970 UTC */
	TIME_STEP	/* 192, a cycle number */
};

/*
 * time_parse: S[0..len) as a time of KIND, stored in *OUT (untouched on
 * failure).  Returns 0, or -1 with E filled.
 *
 * TIME_RFC3339: YYYY-MM-DD, then 'T', 't' or one space, then hh:mm:ss with
 * an optional fraction of 1 to 9 digits, then 'Z', 'z', or an offset
 * +hh:mm or -hh:mm, which is required (a time without one names no
 * instant).  The day is checked against the month and leap years; seconds
 * run 00-59 (a leap second 60 is refused); offsets up to 23:59.  Years
 * 0000-9999 are read, and a time outside the span of mlo_time (see above)
 * is an error saying "out of range".
 *
 * TIME_EPOCH: decimal seconds since the epoch: an optional sign, digits,
 * and an optional '.' with 1 to 9 digits.  No exponent, no ".5" or "5.".
 *
 * TIME_STEP: a step number in the same grammar as TIME_EPOCH, multiplied by
 * MLO_STEP.
 *
 * Called once per row: no allocation and no formatting unless it fails.
 */
int time_parse(const char *s, size_t len, enum time_kind kind, mlo_time *out,
    struct mlo_error *e);

/*
 * time_guess: the kind a sample value looks like, for contract inference:
 * TIME_RFC3339 if it reads as an RFC 3339 timestamp (out of range
 * included: it is still a timestamp), TIME_EPOCH if it reads as a number
 * >= 1e8 (plausible epoch seconds, 1973 on) that fits mlo_time, TIME_STEP
 * for other non-negative numbers.  Returns 0 and sets *KIND, or -1 when the
 * value looks like none (negative numbers, epoch milliseconds, text).
 */
int time_guess(const char *s, size_t len, enum time_kind *kind);

/*
 * time_format: T written to BUF (at least TIME_BUFSZ bytes), NUL-terminated;
 * returns the length.  TIME_RFC3339 writes UTC with 'Z' and a fraction
 * only when there is one, its trailing zeros trimmed
 * ("2026-11-25T20:05:00Z", "2026-11-25T20:05:00.5Z").  TIME_EPOCH and
 * TIME_STEP write a plain decimal number of seconds or steps, fraction
 * trimmed the same way, '-' before negatives ("1795636700", "-0.25").
 * Every mlo_time formats, and time_parse reads the result back to T.
 */
size_t time_format(mlo_time t, enum time_kind kind, char *buf);

/*
 * duration_parse: S[0..len) as a duration for a time column of KIND, in
 * mlo_time units, stored in *OUT (untouched on failure).  Returns 0, or -1
 * with E filled.
 *
 * TIME_RFC3339 and TIME_EPOCH: one or more terms, each a number (digits
 * with an optional fraction of up to 9 digits) and a unit: ns, us, ms, s,
 * m, h, d, w (a day is 86400 s).  Units go from the largest to the
 * smallest, each at most once: "500ms", "30s", "1h30m", "1.5h", "7d".
 * A bare number is an error ("duration '5' needs a unit (s, m, h, d)"), as
 * are a fraction finer than a nanosecond, a sign, blanks, and a total past
 * the span of mlo_time (about 292 years).
 *
 * TIME_STEP: a plain non-negative number of steps (up to 9 fraction
 * digits), multiplied by MLO_STEP; a unit is an error.
 */
int duration_parse(const char *s, size_t len, enum time_kind kind,
    mlo_time *out, struct mlo_error *e);

/*
 * duration_format: D written to BUF (at least TIME_BUFSZ bytes),
 * NUL-terminated; returns the length.  For clock kinds, the canonical short
 * form duration_parse reads back: units from days down to nanoseconds,
 * largest first, zero terms left out ("2h30m", "90ms", "1d", "10d",
 * "1s500ms", "0s"); weeks are read but not written.  For TIME_STEP a plain
 * number of steps as time_format writes it.  A negative D gets a leading
 * '-' (differences can be negative; duration_parse refuses them).
 */
size_t duration_format(mlo_time d, enum time_kind kind, char *buf);

/* time_now: the clock (CLOCK_REALTIME) as an mlo_time. */
mlo_time time_now(void);

#ifdef __cplusplus
}
#endif

#endif
