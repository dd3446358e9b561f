/*
 * Unit tests of lib/timeparse: tables of timestamps, numbers and
 * durations with their exact values or messages, round trips, and the
 * fixtures of t/data/timeparse (written by make.py from Python's datetime)
 * checked line by line.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "timeparse.h"
#include "util.h"
#include "tap.h"

#define SEC INT64_C(1000000000)

static const char *kind_names[] = { "rfc3339", "epoch", "step" };

struct good {
	const char *s;
	mlo_time want;
};

struct bad {
	const char *s;
	const char *msg;
};

static int
is_time(mlo_time got, mlo_time want, const char *name)
{
	ok(got == want, "%s", name);
	if (got != want)
		printf("#   got:  %" PRId64 "\n#   want: %" PRId64 "\n", got,
		    want);
	return got == want;
}

static void
parses(const struct good *g, size_t n, enum time_kind kind)
{
	struct mlo_error e;
	mlo_time t;
	char name[160];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "%s '%s'", kind_names[kind],
		    g[i].s);
		t = -42;
		e.msg[0] = '\0';
		if (!ok(time_parse(g[i].s, strlen(g[i].s), kind, &t, &e) == 0,
		    "%s parses", name)) {
			printf("#   error: %s\n", e.msg);
			continue;
		}
		is_time(t, g[i].want, name);
	}
}

/*
 * refuses: each of B fails with its message, which is "'S' is not NOUN:
 * MSG" when NOUN is not NULL.
 */
static void
refuses(const struct bad *b, size_t n, enum time_kind kind, const char *noun)
{
	struct mlo_error e;
	mlo_time t = 42;
	char name[160], want[512];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "%s '%s' refused", kind_names[kind],
		    b[i].s);
		e.msg[0] = '\0';
		ok(time_parse(b[i].s, strlen(b[i].s), kind, &t, &e) == -1,
		    "%s", name);
		if (noun != NULL)
			snprintf(want, sizeof want, "'%s' is not %s: %s",
			    b[i].s, noun, b[i].msg);
		else
			snprintf(want, sizeof want, "%s", b[i].msg);
		is_str(e.msg, want, "  with its message");
	}
	ok(t == 42, "a failed %s parse leaves *out alone", kind_names[kind]);
}

static void
test_rfc3339(void)
{
	static const struct good good[] = {
		{ "1970-01-01T00:00:00Z", 0 },
		{ "2026-11-25T20:05:00Z", INT64_C(1795637100) * SEC },
		{ "2026-03-01T00:00:00Z", INT64_C(1772323200) * SEC },
		/* Leap years: 2000 (by 400) and 2024 are, 1900 is not. */
		{ "2000-02-29T12:00:00Z", INT64_C(951825600) * SEC },
		{ "2024-02-29T23:59:59Z", INT64_C(1709251199) * SEC },
		{ "1900-02-28T00:00:00Z", INT64_C(-2203977600) * SEC },
		{ "2026-11-25T20:05:00+05:30", INT64_C(1795617300) * SEC },
		{ "2026-11-25T20:05:00-08:00", INT64_C(1795665900) * SEC },
		{ "2026-11-25T20:05:00-00:00", INT64_C(1795637100) * SEC },
		{ "2026-12-31T23:59:59-23:59", INT64_C(1798847939) * SEC },
		{ "2026-11-25T20:05:00.5Z", INT64_C(1795637100500000000) },
		{ "2026-11-25T20:05:00.123Z", INT64_C(1795637100123000000) },
		{ "2026-11-25T20:05:00.123456Z", INT64_C(1795637100123456000) },
		{ "2026-11-25T20:05:00.123456789Z",
		    INT64_C(1795637100123456789) },
		{ "2026-11-25t20:05:00z", INT64_C(1795637100) * SEC },
		{ "2026-11-25 20:05:00Z", INT64_C(1795637100) * SEC },
		{ "1969-12-31T23:59:59.999999999Z", -1 },
		{ "1969-12-31T23:59:59.5Z", -SEC / 2 },
		/* The two ends of mlo_time. */
		{ "1677-09-21T00:12:43.145224192Z", INT64_MIN },
		{ "2262-04-11T23:47:16.854775807Z", INT64_MAX },
		{ "2262-04-12T00:00:00+00:13", INT64_C(9223372020) * SEC },
	};
	static const char range[] = "is out of range: mlo time runs from "
	    "1677-09-21T00:12:44Z to 2262-04-11T23:47:16Z";
	static const struct bad bad[] = {
		{ "2026-13-01T00:00:00Z", "month 13" },
		{ "2026-00-01T00:00:00Z", "month 00" },
		{ "2026-02-29T00:00:00Z", "day 29 but 2026-02 has 28 days" },
		{ "1900-02-29T00:00:00Z", "day 29 but 1900-02 has 28 days" },
		{ "2026-04-31T00:00:00Z", "day 31 but 2026-04 has 30 days" },
		{ "2026-01-32T00:00:00Z", "day 32" },
		{ "2026-01-00T00:00:00Z", "day 00" },
		{ "2026-11-25T24:00:00Z", "hour 24" },
		{ "2026-11-25T20:60:00Z", "minute 60" },
		{ "2026-11-25T23:59:60Z",
		    "second 60 (leap seconds are not accepted)" },
		{ "2026-11-25T20:05:00.1234567891Z",
		    "more than 9 fraction digits" },
		{ "2026-11-25T20:05:00.Z", "expected a digit after '.'" },
		{ "2026-11-25T20:05:00", "missing offset (Z or +hh:mm)" },
		{ "2026-11-25T20:05:00.5", "missing offset (Z or +hh:mm)" },
		{ "2026-11-25T20:05:00+0530",
		    "expected an offset +hh:mm or -hh:mm" },
		{ "2026-11-25T20:05:00+05",
		    "expected an offset +hh:mm or -hh:mm" },
		{ "2026-11-25T20:05:00+24:00", "offset hour 24" },
		{ "2026-11-25T20:05:00+05:60", "offset minute 60" },
		{ "2026-11-25T20:05:00UTC",
		    "expected 'Z' or an offset +hh:mm or -hh:mm" },
		{ "2026-11-25T20:05:00ZZ", "unexpected bytes after the offset" },
		{ "2026-11-25T20:05:00Z ", "unexpected bytes after the offset" },
		{ "2026-11-25T20:05Z",
		    "expected ':' and seconds after the minute" },
		{ "2026-11-25T20", "expected ':' after the hour" },
		{ "2026-11-25T2:05:00Z", "expected a 2-digit hour" },
		{ "2026-11-25T20:5:00Z", "expected a 2-digit minute" },
		{ "2026-11-25T20:05:0Z", "expected 2-digit seconds" },
		{ "2026-11-25", "a date without a time" },
		{ "2026-11-25_20:05:00Z",
		    "expected 'T', 't' or a space after the date" },
		{ "2026-11-25  20:05:00Z", "expected a 2-digit hour" },
		{ "26-11-25T20:05:00Z", "expected a 4-digit year" },
		{ " 2026-11-25T20:05:00Z", "expected a 4-digit year" },
		{ "20261-11-25T20:05:00Z", "expected '-' after the year" },
		{ "2026/11/25T20:05:00Z", "expected '-' after the year" },
		{ "2026-1-05T20:05:00Z", "expected a 2-digit month" },
		{ "2026-11.25T20:05:00Z", "expected '-' after the month" },
		{ "2026-11-5T20:05:00Z", "expected a 2-digit day" },
		{ "", "empty" },
		{ "1795637100", "expected '-' after the year" },
	};
	static const struct bad far[] = {
		{ "1600-01-01T00:00:00Z", NULL },
		{ "0000-01-01T00:00:00Z", NULL },
		{ "9999-12-31T23:59:59Z", NULL },
		{ "1677-09-21T00:12:43.145224191Z", NULL },
		{ "2262-04-11T23:47:16.854775808Z", NULL },
		{ "2262-04-11T23:47:16.854775807-00:01", NULL },
		{ "1677-09-21T00:12:43.145224192+00:01", NULL },
	};
	char buf[256], name[160];
	struct mlo_error e;
	mlo_time t;
	size_t i;

	parses(good, NELEM(good), TIME_RFC3339);

	refuses(bad, NELEM(bad), TIME_RFC3339, "an RFC 3339 timestamp");

	for (i = 0; i < NELEM(far); i++) {
		snprintf(name, sizeof name, "'%s' is out of range", far[i].s);
		snprintf(buf, sizeof buf, "'%s' %s", far[i].s, range);
		ok(time_parse(far[i].s, strlen(far[i].s), TIME_RFC3339, &t,
		    &e) == -1, "%s", name);
		is_str(e.msg, buf, "  with its message");
	}

	/* Only LEN bytes count: the value need not be NUL-terminated. */
	ok(time_parse("2026-11-25T20:05:00Zjunk", 20, TIME_RFC3339, &t,
	    NULL) == 0 && t == INT64_C(1795637100) * SEC,
	    "only the first len bytes are read");
	ok(time_parse("2026-11-25T20:05:00Z", 19, TIME_RFC3339, &t,
	    NULL) == -1, "a value cut short by len is refused");
	ok(time_parse("2026-13-01T00:00:00Z", 20, TIME_RFC3339, &t,
	    NULL) == -1, "a NULL error is allowed");
}

static void
test_quoting(void)
{
	static const char longv[] =
	    "2026-11-25T20:05:00Z and then a long tail of junk";
	static const char ctrl[] = "2026-11-25T20:05:00\nZ";
	/* "é" is two bytes, the second one the 41st of the value. */
	static const char utf8[] =
	    "2026-11-25T20:05:00Z abcdefghijklmnopqr\xc3\xa9xyz";
	struct mlo_error e;
	mlo_time t;

	time_parse(longv, strlen(longv), TIME_RFC3339, &t, &e);
	is_str(e.msg, "'2026-11-25T20:05:00Z and then a long tai...' is not "
	    "an RFC 3339 timestamp: unexpected bytes after the offset",
	    "messages quote at most 40 bytes");
	time_parse(ctrl, strlen(ctrl), TIME_RFC3339, &t, &e);
	is_str(e.msg, "'2026-11-25T20:05:00?Z' is not an RFC 3339 timestamp: "
	    "expected 'Z' or an offset +hh:mm or -hh:mm",
	    "control bytes are quoted as '?'");
	time_parse(utf8, strlen(utf8), TIME_RFC3339, &t, &e);
	is_str(e.msg, "'2026-11-25T20:05:00Z abcdefghijklmnopqr...' is not "
	    "an RFC 3339 timestamp: unexpected bytes after the offset",
	    "quoting does not cut a UTF-8 character");
}

static void
test_rfc3339_format(void)
{
	static const struct {
		const char *in, *out;
	} trips[] = {
		{ "2026-11-25T20:05:00Z", "2026-11-25T20:05:00Z" },
		{ "2026-11-25T20:05:00.5Z", "2026-11-25T20:05:00.5Z" },
		{ "2026-11-25T20:05:00.120Z", "2026-11-25T20:05:00.12Z" },
		{ "2026-11-25T20:05:00.000000000Z", "2026-11-25T20:05:00Z" },
		{ "2026-11-25T20:05:00.000000001Z",
		    "2026-11-25T20:05:00.000000001Z" },
		{ "2026-11-25 20:05:00+05:30", "2026-11-25T14:35:00Z" },
		{ "2026-11-25t20:05:00-08:00", "2026-11-26T04:05:00Z" },
		{ "2024-03-01T00:30:00+01:00", "2024-02-29T23:30:00Z" },
		{ "2000-01-01T00:00:00+00:01", "1999-12-31T23:59:00Z" },
		{ "1969-12-31T23:59:59.75Z", "1969-12-31T23:59:59.75Z" },
		{ "1677-09-21T00:12:43.145224192Z",
		    "1677-09-21T00:12:43.145224192Z" },
		{ "2262-04-11T23:47:16.854775807Z",
		    "2262-04-11T23:47:16.854775807Z" },
	};
	char buf[TIME_BUFSZ], name[160];
	mlo_time t, back;
	uint64_t x = 88172645463325252u;
	size_t i, n;
	long bad = 0;

	for (i = 0; i < NELEM(trips); i++) {
		snprintf(name, sizeof name, "format(parse('%s'))", trips[i].in);
		t = 0;
		time_parse(trips[i].in, strlen(trips[i].in), TIME_RFC3339, &t,
		    NULL);
		n = time_format(t, TIME_RFC3339, buf);
		is_str(buf, trips[i].out, name);
		is_long((long)n, (long)strlen(trips[i].out), "  and its length");
	}

	/* Every mlo_time formats to a timestamp that reads back to it. */
	for (i = 0; i < 200000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		t = (mlo_time)x;
		if (i % 4 == 1)
			t = t / SEC * SEC;	/* whole seconds too */
		n = time_format(t, TIME_RFC3339, buf);
		if (time_parse(buf, n, TIME_RFC3339, &back, NULL) != 0 ||
		    back != t) {
			if (bad++ < 5)
				printf("# %" PRId64 " -> %s\n", t, buf);
		}
	}
	is_long(bad, 0, "200000 random times format and parse back");
}

static void
test_numbers(void)
{
	static const struct good epoch[] = {
		{ "0", 0 },
		{ "1795637100", INT64_C(1795637100) * SEC },
		{ "1795637100.5", INT64_C(1795637100500000000) },
		{ "+12", 12 * SEC },
		{ "-1.5", -SEC - SEC / 2 },
		{ "0.000000001", 1 },
		{ "-0.000000001", -1 },
		{ "-0", 0 },
		{ "007", 7 * SEC },
		{ "9223372036.854775807", INT64_MAX },
		{ "-9223372036.854775808", INT64_MIN },
	};
	static const struct bad epoch_bad[] = {
		{ "1e9", "'1e9' is not a number of epoch seconds: "
		    "exponents are not accepted" },
		{ "", "'' is not a number of epoch seconds: expected a digit" },
		{ "-", "'-' is not a number of epoch seconds: "
		    "expected a digit" },
		{ ".5", "'.5' is not a number of epoch seconds: "
		    "expected a digit" },
		{ "1.", "'1.' is not a number of epoch seconds: "
		    "expected a digit after '.'" },
		{ "1.1234567890", "'1.1234567890' is not a number of epoch "
		    "seconds: more than 9 fraction digits" },
		{ "12abc", "'12abc' is not a number of epoch seconds: "
		    "unexpected bytes after the number" },
		{ " 12", "' 12' is not a number of epoch seconds: "
		    "expected a digit" },
		{ "9223372036.854775808", "'9223372036.854775808' is out of "
		    "range: epoch seconds run from -9223372036.854775808 to "
		    "9223372036.854775807" },
		{ "-9223372036.854775809", "'-9223372036.854775809' is out of "
		    "range: epoch seconds run from -9223372036.854775808 to "
		    "9223372036.854775807" },
		{ "99999999999999999999999", "'99999999999999999999999' is out "
		    "of range: epoch seconds run from -9223372036.854775808 to "
		    "9223372036.854775807" },
	};
	static const struct good step[] = {
		{ "0", 0 },
		{ "192", 192 * SEC },
		{ "0.5", SEC / 2 },
		{ "2.25", 2 * SEC + SEC / 4 },
	};
	static const struct bad step_bad[] = {
		{ "x", "'x' is not a step number: expected a digit" },
		{ "12 ", "'12 ' is not a step number: "
		    "unexpected bytes after the number" },
		{ "1E3", "'1E3' is not a step number: "
		    "exponents are not accepted" },
		{ "9223372037", "'9223372037' is out of range: step numbers "
		    "run from -9223372036.854775808 to 9223372036.854775807" },
	};
	static const struct {
		mlo_time t;
		enum time_kind kind;
		const char *s;
	} fmt[] = {
		{ 0, TIME_EPOCH, "0" },
		{ INT64_C(1795637100) * SEC, TIME_EPOCH, "1795637100" },
		{ SEC + SEC / 2, TIME_EPOCH, "1.5" },
		{ -SEC / 4, TIME_EPOCH, "-0.25" },
		{ -1, TIME_EPOCH, "-0.000000001" },
		{ INT64_MAX, TIME_EPOCH, "9223372036.854775807" },
		{ INT64_MIN, TIME_EPOCH, "-9223372036.854775808" },
		{ 192 * SEC, TIME_STEP, "192" },
		{ 2 * SEC + SEC / 4, TIME_STEP, "2.25" },
		{ -3 * SEC, TIME_STEP, "-3" },
	};
	char buf[TIME_BUFSZ], name[160];
	mlo_time back;
	size_t i, n;

	parses(epoch, NELEM(epoch), TIME_EPOCH);
	refuses(epoch_bad, NELEM(epoch_bad), TIME_EPOCH, NULL);
	parses(step, NELEM(step), TIME_STEP);
	refuses(step_bad, NELEM(step_bad), TIME_STEP, NULL);
	for (i = 0; i < NELEM(fmt); i++) {
		snprintf(name, sizeof name, "%s format of %" PRId64,
		    kind_names[fmt[i].kind], fmt[i].t);
		n = time_format(fmt[i].t, fmt[i].kind, buf);
		is_str(buf, fmt[i].s, name);
		ok(time_parse(buf, n, fmt[i].kind, &back, NULL) == 0 &&
		    back == fmt[i].t, "  and it parses back");
	}
}

static void
test_guess(void)
{
	static const struct {
		const char *s;
		int kind;
	} g[] = {
		{ "2026-11-25T20:05:00Z", TIME_RFC3339 },
		{ "2026-11-25 20:05:00.5+01:00", TIME_RFC3339 },
		{ "1600-01-01T00:00:00Z", TIME_RFC3339 },
		{ "1795637100", TIME_EPOCH },
		{ "1795637100.25", TIME_EPOCH },
		{ "100000000", TIME_EPOCH },
		{ "99999999.9", TIME_STEP },
		{ "192", TIME_STEP },
		{ "0", TIME_STEP },
		{ "-5", -1 },
		{ "1795637100000", -1 },	/* epoch milliseconds */
		{ "1.7e9", -1 },
		{ "2026-11-25", -1 },
		{ "2026-11-25T20:05:00", -1 },
		{ "abc", -1 },
		{ "", -1 },
	};
	enum time_kind k;
	size_t i;
	int got;

	for (i = 0; i < NELEM(g); i++) {
		k = TIME_STEP;
		got = time_guess(g[i].s, strlen(g[i].s), &k);
		is_long(got == 0 ? (long)k : -1, g[i].kind, g[i].s[0] ?
		    g[i].s : "(empty)");
	}
}

static void
test_durations(void)
{
	static const struct good clock[] = {
		{ "1ns", 1 },
		{ "1us", 1000 },
		{ "500ms", SEC / 2 },
		{ "30s", 30 * SEC },
		{ "5m", 300 * SEC },
		{ "2h", 7200 * SEC },
		{ "7d", 604800 * SEC },
		{ "1w", 604800 * SEC },
		{ "0s", 0 },
		{ "1h30m", 5400 * SEC },
		{ "1.5h", 5400 * SEC },
		{ "0.5s", SEC / 2 },
		{ "0.001us", 1 },
		{ "1d2h3m4s5ms6us7ns", INT64_C(93784005006007) },
		{ "2w3d", 1468800 * SEC },
		{ "106751d23h47m16s854ms775us807ns", INT64_MAX },
		{ "9223372036854775807ns", INT64_MAX },
		{ "15250w", INT64_C(9223200000) * SEC },
	};
	static const struct bad clock_bad[] = {
		{ "5", "duration '5' needs a unit (s, m, h, d)" },
		{ "1h30", "duration '1h30' needs a unit (s, m, h, d)" },
		{ "-5m", "duration '-5m' is negative" },
		{ "", "duration '' is empty" },
		{ "5x", "duration '5x' has an unknown unit 'x' "
		    "(ns, us, ms, s, m, h, d, w)" },
		{ "5M", "duration '5M' has an unknown unit 'M' "
		    "(ns, us, ms, s, m, h, d, w)" },
		{ "5min", "duration '5min' has an unknown unit 'min' "
		    "(ns, us, ms, s, m, h, d, w)" },
		{ "30m1h", "duration '30m1h' has units out of order: "
		    "largest first, each once (1h30m)" },
		{ "1h1h", "duration '1h1h' has units out of order: "
		    "largest first, each once (1h30m)" },
		{ "h", "duration 'h' is not numbers with units "
		    "(like 30s or 1h30m): expected a digit" },
		{ "+5m", "duration '+5m' is not numbers with units "
		    "(like 30s or 1h30m): expected a digit" },
		{ "1h 30m", "duration '1h 30m' is not numbers with units "
		    "(like 30s or 1h30m): expected a digit" },
		{ "5 m", "duration '5 m' has ' ' where a unit should be" },
		{ "1.s", "duration '1.s' is not numbers with units "
		    "(like 30s or 1h30m): expected a digit after '.'" },
		{ "1.5ns", "duration '1.5ns' is finer than a nanosecond" },
		{ "0.0001us", "duration '0.0001us' is finer than a "
		    "nanosecond" },
		{ "106751d23h47m16s854ms775us808ns", "duration "
		    "'106751d23h47m16s854ms775us808ns' is out of range "
		    "(longer than 292 years)" },
		{ "9223372036854775808ns", "duration '9223372036854775808ns' "
		    "is out of range (longer than 292 years)" },
		{ "15251w", "duration '15251w' is out of range "
		    "(longer than 292 years)" },
		{ "99999999999999999999999h", "duration "
		    "'99999999999999999999999h' is out of range "
		    "(longer than 292 years)" },
	};
	static const struct good step[] = {
		{ "0", 0 },
		{ "10", 10 * SEC },
		{ "2.5", 2 * SEC + SEC / 2 },
		{ "9223372036.854775807", INT64_MAX },
	};
	static const struct bad step_bad[] = {
		{ "5s", "duration '5s' has a unit: step time takes durations "
		    "as plain numbers of steps" },
		{ "-3", "duration '-3' is negative" },
		{ "", "duration '' is empty" },
		{ "x", "duration 'x' is not a number of steps: "
		    "expected a digit" },
		{ "3/4", "duration '3/4' is not a number of steps: "
		    "unexpected bytes after the number" },
		{ "9223372037", "duration '9223372037' is out of range "
		    "(at most 9223372036.854775807 steps)" },
	};
	struct mlo_error e;
	mlo_time d;
	char name[160];
	size_t i;

	for (i = 0; i < NELEM(clock); i++) {
		snprintf(name, sizeof name, "duration '%s'", clock[i].s);
		d = -42;
		e.msg[0] = '\0';
		if (ok(duration_parse(clock[i].s, strlen(clock[i].s),
		    i % 2 ? TIME_EPOCH : TIME_RFC3339, &d, &e) == 0, "%s "
		    "parses", name))
			is_time(d, clock[i].want, name);
		else
			printf("#   error: %s\n", e.msg);
	}
	for (i = 0; i < NELEM(clock_bad); i++) {
		snprintf(name, sizeof name, "duration '%s' refused",
		    clock_bad[i].s);
		e.msg[0] = '\0';
		ok(duration_parse(clock_bad[i].s, strlen(clock_bad[i].s),
		    TIME_RFC3339, &d, &e) == -1, "%s", name);
		is_str(e.msg, clock_bad[i].msg, "  with its message");
	}
	for (i = 0; i < NELEM(step); i++) {
		snprintf(name, sizeof name, "step duration '%s'", step[i].s);
		d = -42;
		ok(duration_parse(step[i].s, strlen(step[i].s), TIME_STEP, &d,
		    &e) == 0, "%s parses", name);
		is_time(d, step[i].want, name);
	}
	for (i = 0; i < NELEM(step_bad); i++) {
		snprintf(name, sizeof name, "step duration '%s' refused",
		    step_bad[i].s);
		e.msg[0] = '\0';
		ok(duration_parse(step_bad[i].s, strlen(step_bad[i].s),
		    TIME_STEP, &d, &e) == -1, "%s", name);
		is_str(e.msg, step_bad[i].msg, "  with its message");
	}
}

static void
test_duration_format(void)
{
	static const struct {
		mlo_time d;
		enum time_kind kind;
		const char *s;
	} fmt[] = {
		{ 0, TIME_RFC3339, "0s" },
		{ 9000 * SEC, TIME_RFC3339, "2h30m" },
		{ SEC / 1000 * 90, TIME_RFC3339, "90ms" },
		{ 86400 * SEC, TIME_EPOCH, "1d" },
		{ 864000 * SEC, TIME_EPOCH, "10d" },
		{ SEC + SEC / 2, TIME_RFC3339, "1s500ms" },
		{ SEC + 1, TIME_RFC3339, "1s1ns" },
		{ 1000, TIME_RFC3339, "1us" },
		{ INT64_MAX, TIME_RFC3339, "106751d23h47m16s854ms775us807ns" },
		{ -7200 * SEC, TIME_RFC3339, "-2h" },
		{ INT64_MIN, TIME_RFC3339, "-106751d23h47m16s854ms775us808ns" },
		{ 5 * SEC, TIME_STEP, "5" },
		{ 2 * SEC + SEC / 2, TIME_STEP, "2.5" },
		{ 0, TIME_STEP, "0" },
	};
	char buf[TIME_BUFSZ], name[160];
	uint64_t x = 2463534242u;
	mlo_time d, back;
	size_t i, n;
	long bad = 0;

	for (i = 0; i < NELEM(fmt); i++) {
		snprintf(name, sizeof name, "%s duration %" PRId64,
		    kind_names[fmt[i].kind], fmt[i].d);
		n = duration_format(fmt[i].d, fmt[i].kind, buf);
		is_str(buf, fmt[i].s, name);
		is_long((long)n, (long)strlen(fmt[i].s), "  and its length");
	}

	/* Durations of every size format and parse back. */
	for (i = 0; i < 100000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		d = (mlo_time)(x >> 1 >> (i % 63));
		n = duration_format(d, TIME_RFC3339, buf);
		if (duration_parse(buf, n, TIME_RFC3339, &back, NULL) != 0 ||
		    back != d) {
			if (bad++ < 5)
				printf("# %" PRId64 " -> %s\n", d, buf);
		}
	}
	is_long(bad, 0, "100000 random durations format and parse back");
}

/*
 * The fixtures: "INPUT<TAB>NANOSECONDS<TAB>UTC FORM" lines from Python's
 * datetime.  One test per property rather than per line, with the first
 * few differences shown.
 */
static void
test_fixtures(void)
{
	const char *top = getenv("MLO_TOP");
	char path[4096], line[256], buf[TIME_BUFSZ];
	char *input, *nsfield, *utc, *end;
	long lines = 0, wrong_ns = 0, wrong_utc = 0, wrong_back = 0;
	struct mlo_error e;
	mlo_time t, want, back;
	FILE *f;

	snprintf(path, sizeof path, "%s/t/data/timeparse/stamps.tsv",
	    top != NULL && *top != '\0' ? top : ".");
	if (!ok((f = fopen(path, "r")) != NULL, "open %s", path))
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = '\0';
		input = line;
		if ((nsfield = strchr(input, '\t')) == NULL ||
		    (utc = strchr(nsfield + 1, '\t')) == NULL) {
			printf("# malformed fixture line: %s\n", line);
			wrong_ns++;
			continue;
		}
		*nsfield++ = '\0';
		*utc++ = '\0';
		want = strtoll(nsfield, &end, 10);
		lines++;
		if (*end != '\0') {
			printf("# bad nanoseconds in fixture: %s\n", nsfield);
			wrong_ns++;
			continue;
		}
		if (time_parse(input, strlen(input), TIME_RFC3339, &t,
		    &e) != 0) {
			if (wrong_ns++ < 10)
				printf("# %s\n", e.msg);
			continue;
		}
		if (t != want) {
			if (wrong_ns++ < 10)
				printf("# %s: want %" PRId64 ", got %" PRId64
				    "\n", input, want, t);
			continue;
		}
		time_format(t, TIME_RFC3339, buf);
		if (strcmp(buf, utc) != 0 && wrong_utc++ < 10)
			printf("# %s: want %s, got %s\n", input, utc, buf);
		if ((time_parse(utc, strlen(utc), TIME_RFC3339, &back,
		    NULL) != 0 || back != want) && wrong_back++ < 10)
			printf("# %s does not read back\n", utc);
	}
	fclose(f);
	ok(lines >= 2000, "fixtures: %ld timestamps read", lines);
	is_long(wrong_ns, 0, "fixtures: each parses to datetime's nanoseconds");
	is_long(wrong_utc, 0, "fixtures: each formats to datetime's UTC form");
	is_long(wrong_back, 0, "fixtures: each UTC form parses back");
}

static void
test_now(void)
{
	/* The clock may be wrong or step back; only its scale is checked. */
	mlo_time now = time_now();

	ok(now > INT64_C(1577836800) * SEC, "time_now counts nanoseconds "
	    "since 1970 (after 2020-01-01)");
}

int
main(void)
{
	test_rfc3339();
	test_quoting();
	test_rfc3339_format();
	test_numbers();
	test_guess();
	test_durations();
	test_duration_format();
	test_fixtures();
	test_now();
	return tap_done();
}
