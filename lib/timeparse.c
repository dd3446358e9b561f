/*
 * timeparse: timestamps, epoch seconds, step numbers and durations.
 *
 * The calendar is done by hand (days from a civil date and back, after
 * Howard Hinnant's public-domain algorithms) because gmtime, timegm and
 * mktime depend on TZ and the locale and are banned here.  Parsing walks
 * the bytes once with no allocation; a message is only formatted when a
 * value fails, so the per-row cost is a few dozen comparisons.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "timeparse.h"
#include "util.h"

#define NS_PER_SEC	INT64_C(1000000000)
#define SEC_PER_DAY	INT64_C(86400)

/*
 * The span of mlo_time as whole seconds and the nanoseconds past them:
 * INT64_MAX = SEC_MAX s + NS_MAX ns, INT64_MIN = SEC_MIN s + NS_MIN ns
 * with the nanoseconds counted forward, as a time's fraction is.
 */
#define SEC_MAX		INT64_C(9223372036)
#define NS_MAX		INT64_C(854775807)
#define SEC_MIN		INT64_C(-9223372037)
#define NS_MIN		INT64_C(145224192)

/* Messages quote at most this many bytes of the input. */
#define QUOTE_MAX	40
#define QUOTE_BUFSZ	(QUOTE_MAX + 4)

/* Internal results: a range error is told apart for time_guess. */
#define BAD_SYNTAX	(-1)
#define BAD_RANGE	(-2)

static const int64_t pow10_9[10] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
	1000000000
};

/* Duration units, largest first: the order terms must come in. */
static const struct unit {
	const char *name;
	size_t namelen;
	int64_t ns;
} units[] = {
	{ "w", 1, 7 * SEC_PER_DAY * NS_PER_SEC },
	{ "d", 1, SEC_PER_DAY * NS_PER_SEC },
	{ "h", 1, 3600 * NS_PER_SEC },
	{ "m", 1, 60 * NS_PER_SEC },
	{ "s", 1, NS_PER_SEC },
	{ "ms", 2, 1000000 },
	{ "us", 2, 1000 },
	{ "ns", 2, 1 },
};

/* The units duration_format writes: weeks read worse than "10d". */
#define FORMAT_FIRST_UNIT 1

/*
 * A decimal as scan_decimal reads it: the whole part (big when it passed
 * UINT64_MAX) and the fraction as nanoseconds, i.e. scaled to 9 digits.
 */
struct decimal {
	uint64_t whole;
	int64_t frac;
	int big;
};

static const char *quote(char *, const char *, size_t);
static int bad_value(struct mlo_error *, const char *, size_t, const char *,
    const char *, ...) __attribute__((format(printf, 5, 6)));
static int bad_duration(struct mlo_error *, const char *, size_t,
    const char *, ...) __attribute__((format(printf, 4, 5)));

/*
 * quote: S[0..len) fit to show inside quotes: at most QUOTE_MAX bytes,
 * not cutting a UTF-8 character, "..." when cut, control bytes as '?' so
 * that binary junk cannot garble a terminal.
 */
static const char *
quote(char *q, const char *s, size_t len)
{
	size_t i, n = len;

	if (n > QUOTE_MAX) {
		n = QUOTE_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		q[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	if (n < len)
		memcpy(q + i, "...", 4);
	else
		q[i] = '\0';
	return q;
}

/* bad_value: "'S' is not NOUN: WHY"; returns BAD_SYNTAX. */
static int
bad_value(struct mlo_error *e, const char *s, size_t len, const char *noun,
    const char *fmt, ...)
{
	char q[QUOTE_BUFSZ], why[160];
	va_list ap;

	if (e == NULL)
		return BAD_SYNTAX;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	error_set(e, "'%s' is not %s: %s", quote(q, s, len), noun, why);
	return BAD_SYNTAX;
}

/* bad_duration: "duration 'S' WHAT"; returns -1. */
static int
bad_duration(struct mlo_error *e, const char *s, size_t len,
    const char *fmt, ...)
{
	char q[QUOTE_BUFSZ], what[160];
	va_list ap;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return error_set(e, "duration '%s' %s", quote(q, s, len), what);
}

static int
bad_range(struct mlo_error *e, const char *s, size_t len, const char *span)
{
	char q[QUOTE_BUFSZ];

	if (e != NULL)
		error_set(e, "'%s' is out of range: %s", quote(q, s, len),
		    span);
	return BAD_RANGE;
}

static int
is_leap(int64_t y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int
month_days(int64_t y, int m)
{
	static const unsigned char mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

/*
 * days_from_civil: days since 1970-01-01 of a proleptic Gregorian date.
 * Counting from March puts the leap day last in the year, so each 400
 * year era is 146097 days with a closed form inside it.
 */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* civil_from_days: the inverse of days_from_civil. */
static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/*
 * make_time: SEC seconds and NS (0 <= NS < 1e9) nanoseconds as an
 * mlo_time, or -1 when that leaves int64_t.  Negative seconds are
 * combined from one second up so that the product cannot overflow at
 * SEC_MIN.
 */
static int
make_time(int64_t sec, int64_t ns, mlo_time *out)
{
	if (sec > SEC_MAX || (sec == SEC_MAX && ns > NS_MAX))
		return -1;
	if (sec < SEC_MIN || (sec == SEC_MIN && ns < NS_MIN))
		return -1;
	if (sec < 0)
		*out = (sec + 1) * NS_PER_SEC + (ns - NS_PER_SEC);
	else
		*out = sec * NS_PER_SEC + ns;
	return 0;
}

/* digits: exactly N decimal digits at P (before END) into *V. */
static int
digits(const char *p, const char *end, int n, int *v)
{
	int i, x = 0;

	if (end - p < n)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned dg = (unsigned char)p[i] - '0';

		if (dg > 9)
			return -1;
		x = x * 10 + (int)dg;
	}
	*v = x;
	return 0;
}

/*
 * scan_fraction: after a '.', 1 to 9 digits as nanoseconds.  Returns NULL,
 * or why not.
 */
static const char *
scan_fraction(const char **pp, const char *end, int64_t *ns)
{
	const char *p = *pp;
	int64_t f = 0;
	int n = 0;

	while (p < end && (unsigned)((unsigned char)*p - '0') <= 9) {
		if (n == 9)
			return "more than 9 fraction digits";
		f = f * 10 + (*p++ - '0');
		n++;
	}
	if (n == 0)
		return "expected a digit after '.'";
	*ns = f * pow10_9[9 - n];
	*pp = p;
	return NULL;
}

/*
 * scan_decimal: digits, then optionally '.' and 1 to 9 digits, from *PP;
 * advances *PP past them.  Returns NULL, or why not.
 */
static const char *
scan_decimal(const char **pp, const char *end, struct decimal *d)
{
	const char *p = *pp, *why;
	unsigned dg;

	d->whole = 0;
	d->frac = 0;
	d->big = 0;
	if (p == end || (unsigned)((unsigned char)*p - '0') > 9)
		return "expected a digit";
	while (p < end && (dg = (unsigned char)*p - '0') <= 9) {
		if (d->whole > (UINT64_MAX - dg) / 10)
			d->big = 1;
		else
			d->whole = d->whole * 10 + dg;
		p++;
	}
	if (p < end && *p == '.') {
		p++;
		if ((why = scan_fraction(&p, end, &d->frac)) != NULL)
			return why;
	}
	*pp = p;
	return NULL;
}

static const char rfc3339_noun[] = "an RFC 3339 timestamp";
static const char rfc3339_span[] = "mlo time runs from "
    "1677-09-21T00:12:44Z to 2262-04-11T23:47:16Z";

/* rfc3339_date: YYYY-MM-DD at *PP, checked against the calendar. */
static int
rfc3339_date(const char *s, size_t len, const char **pp, int64_t *days,
    struct mlo_error *e)
{
	const char *p = *pp, *end = s + len;
	int year, mon, day, mdays;

	if (digits(p, end, 4, &year) == -1)
		return bad_value(e, s, len, rfc3339_noun,
		    "expected a 4-digit year");
	p += 4;
	if (p == end || *p++ != '-')
		return bad_value(e, s, len, rfc3339_noun,
		    "expected '-' after the year");
	if (digits(p, end, 2, &mon) == -1)
		return bad_value(e, s, len, rfc3339_noun,
		    "expected a 2-digit month");
	if (mon < 1 || mon > 12)
		return bad_value(e, s, len, rfc3339_noun, "month %02d", mon);
	p += 2;
	if (p == end || *p++ != '-')
		return bad_value(e, s, len, rfc3339_noun,
		    "expected '-' after the month");
	if (digits(p, end, 2, &day) == -1)
		return bad_value(e, s, len, rfc3339_noun,
		    "expected a 2-digit day");
	mdays = month_days(year, mon);
	if (day < 1 || day > 31)
		return bad_value(e, s, len, rfc3339_noun, "day %02d", day);
	if (day > mdays)
		return bad_value(e, s, len, rfc3339_noun,
		    "day %02d but %04d-%02d has %d days", day, year, mon,
		    mdays);
	*pp = p + 2;
	*days = days_from_civil(year, mon, day);
	return 0;
}

/* rfc3339_clock: hh:mm:ss[.fraction] at *PP, as seconds of the day. */
static int
rfc3339_clock(const char *s, size_t len, const char **pp, int64_t *secs,
    int64_t *ns, struct mlo_error *e)
{
	const char *p = *pp, *end = s + len, *why;
	int hour, min, sec;

	if (digits(p, end, 2, &hour) == -1)
		return bad_value(e, s, len, rfc3339_noun,
		    "expected a 2-digit hour");
	if (hour > 23)
		return bad_value(e, s, len, rfc3339_noun, "hour %02d", hour);
	p += 2;
	if (p == end || *p++ != ':')
		return bad_value(e, s, len, rfc3339_noun,
		    "expected ':' after the hour");
	if (digits(p, end, 2, &min) == -1)
		return bad_value(e, s, len, rfc3339_noun,
		    "expected a 2-digit minute");
	if (min > 59)
		return bad_value(e, s, len, rfc3339_noun, "minute %02d", min);
	p += 2;
	if (p == end || *p++ != ':')
		return bad_value(e, s, len, rfc3339_noun,
		    "expected ':' and seconds after the minute");
	if (digits(p, end, 2, &sec) == -1)
		return bad_value(e, s, len, rfc3339_noun,
		    "expected 2-digit seconds");
	if (sec == 60)
		return bad_value(e, s, len, rfc3339_noun,
		    "second 60 (leap seconds are not accepted)");
	if (sec > 59)
		return bad_value(e, s, len, rfc3339_noun, "second %02d", sec);
	p += 2;
	*ns = 0;
	if (p < end && *p == '.') {
		p++;
		if ((why = scan_fraction(&p, end, ns)) != NULL)
			return bad_value(e, s, len, rfc3339_noun, "%s", why);
	}
	*pp = p;
	*secs = hour * 3600 + min * 60 + sec;
	return 0;
}

/* rfc3339_offset: Z, z, +hh:mm or -hh:mm at *PP, as seconds east of UTC. */
static int
rfc3339_offset(const char *s, size_t len, const char **pp, int64_t *off,
    struct mlo_error *e)
{
	const char *p = *pp, *end = s + len;
	int hour, min, sign;

	if (p == end)
		return bad_value(e, s, len, rfc3339_noun,
		    "missing offset (Z or +hh:mm)");
	if (*p == 'Z' || *p == 'z') {
		*off = 0;
		*pp = p + 1;
		return 0;
	}
	if (*p != '+' && *p != '-')
		return bad_value(e, s, len, rfc3339_noun,
		    "expected 'Z' or an offset +hh:mm or -hh:mm");
	sign = *p++ == '-' ? -1 : 1;
	if (digits(p, end, 2, &hour) == -1 || end - p < 5 || p[2] != ':' ||
	    digits(p + 3, end, 2, &min) == -1)
		return bad_value(e, s, len, rfc3339_noun,
		    "expected an offset +hh:mm or -hh:mm");
	if (hour > 23)
		return bad_value(e, s, len, rfc3339_noun, "offset hour %02d",
		    hour);
	if (min > 59)
		return bad_value(e, s, len, rfc3339_noun,
		    "offset minute %02d", min);
	*off = sign * (hour * 3600 + min * 60);
	*pp = p + 5;
	return 0;
}

static int
parse_rfc3339(const char *s, size_t len, mlo_time *out, struct mlo_error *e)
{
	const char *p = s, *end = s + len;
	int64_t days = 0, secs = 0, ns = 0, off = 0;
	int rc;

	if (len == 0)
		return bad_value(e, s, len, rfc3339_noun, "empty");
	if ((rc = rfc3339_date(s, len, &p, &days, e)) != 0)
		return rc;
	if (p == end)
		return bad_value(e, s, len, rfc3339_noun,
		    "a date without a time");
	if (*p != 'T' && *p != 't' && *p != ' ')
		return bad_value(e, s, len, rfc3339_noun,
		    "expected 'T', 't' or a space after the date");
	p++;
	if ((rc = rfc3339_clock(s, len, &p, &secs, &ns, e)) != 0)
		return rc;
	if ((rc = rfc3339_offset(s, len, &p, &off, e)) != 0)
		return rc;
	if (p != end)
		return bad_value(e, s, len, rfc3339_noun,
		    "unexpected bytes after the offset");
	/* Years 0000-9999 keep this far inside int64_t seconds. */
	if (make_time(days * SEC_PER_DAY + secs - off, ns, out) == -1)
		return bad_range(e, s, len, rfc3339_span);
	return 0;
}

/*
 * parse_number: an optional sign and a decimal of at most 9 fraction
 * digits, as a time of KIND (epoch seconds or steps, both MLO_STEP units).
 */
static int
parse_number(const char *s, size_t len, enum time_kind kind, mlo_time *out,
    struct mlo_error *e)
{
	const char *p = s, *end = s + len, *why, *noun;
	struct decimal d;
	int64_t sec, ns;
	int neg = 0;

	noun = kind == TIME_STEP ? "a step number" :
	    "a number of epoch seconds";
	if (p < end && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	if ((why = scan_decimal(&p, end, &d)) != NULL)
		return bad_value(e, s, len, noun, "%s", why);
	if (p != end)
		return bad_value(e, s, len, noun, "%s",
		    *p == 'e' || *p == 'E' ? "exponents are not accepted" :
		    "unexpected bytes after the number");
	if (d.big || d.whole > (uint64_t)SEC_MAX + 1)
		goto range;
	sec = (int64_t)d.whole;
	ns = d.frac;
	if (neg) {
		/* -(w + f) is -(w + 1) + (1 - f) with a forward fraction. */
		sec = -sec;
		if (ns != 0) {
			sec--;
			ns = NS_PER_SEC - ns;
		}
	}
	if (make_time(sec, ns, out) == 0)
		return 0;
range:
	return bad_range(e, s, len, kind == TIME_STEP ?
	    "step numbers run from -9223372036.854775808 to "
	    "9223372036.854775807" :
	    "epoch seconds run from -9223372036.854775808 to "
	    "9223372036.854775807");
}

int
time_parse(const char *s, size_t len, enum time_kind kind, mlo_time *out,
    struct mlo_error *e)
{
	switch (kind) {
	case TIME_RFC3339:
		return parse_rfc3339(s, len, out, e) == 0 ? 0 : -1;
	case TIME_EPOCH:
	case TIME_STEP:
		return parse_number(s, len, kind, out, e) == 0 ? 0 : -1;
	}
	if (e != NULL)
		error_set(e, "unknown time kind %d", (int)kind);
	return -1;
}

int
time_guess(const char *s, size_t len, enum time_kind *kind)
{
	mlo_time t;

	/* Out of range is still the shape of a timestamp. */
	if (parse_rfc3339(s, len, &t, NULL) != BAD_SYNTAX) {
		*kind = TIME_RFC3339;
		return 0;
	}
	if (parse_number(s, len, TIME_EPOCH, &t, NULL) != 0 || t < 0)
		return -1;
	*kind = t >= 100000000 * NS_PER_SEC ? TIME_EPOCH : TIME_STEP;
	return 0;
}

/* put_fixed: V as exactly N digits, zero-padded. */
static char *
put_fixed(char *p, int64_t v, int n)
{
	int i;

	for (i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + n;
}

static char *
put_uint(char *p, uint64_t v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

/* put_fraction: ".NS" with trailing zeros trimmed, nothing for zero. */
static char *
put_fraction(char *p, int64_t ns)
{
	int n = 9;

	if (ns == 0)
		return p;
	while (ns % 10 == 0) {
		ns /= 10;
		n--;
	}
	*p++ = '.';
	return put_fixed(p, ns, n);
}

/* put_decimal: T / MLO_STEP as a plain decimal number. */
static char *
put_decimal(char *p, mlo_time t)
{
	uint64_t mag;

	/* Through uint64_t so that INT64_MIN negates. */
	mag = t < 0 ? -(uint64_t)t : (uint64_t)t;
	if (t < 0)
		*p++ = '-';
	p = put_uint(p, mag / NS_PER_SEC);
	return put_fraction(p, (int64_t)(mag % NS_PER_SEC));
}

size_t
time_format(mlo_time t, enum time_kind kind, char *buf)
{
	char *p = buf;
	int64_t sec, ns, days, tod, year;
	int mon, day;

	if (kind != TIME_RFC3339) {
		p = put_decimal(p, t);
		*p = '\0';
		return (size_t)(p - buf);
	}
	/* Floor division: the fraction and time of day count forward. */
	sec = t / NS_PER_SEC;
	ns = t % NS_PER_SEC;
	if (ns < 0) {
		ns += NS_PER_SEC;
		sec--;
	}
	days = sec / SEC_PER_DAY;
	tod = sec % SEC_PER_DAY;
	if (tod < 0) {
		tod += SEC_PER_DAY;
		days--;
	}
	civil_from_days(days, &year, &mon, &day);
	p = put_fixed(p, year, 4);
	*p++ = '-';
	p = put_fixed(p, mon, 2);
	*p++ = '-';
	p = put_fixed(p, day, 2);
	*p++ = 'T';
	p = put_fixed(p, tod / 3600, 2);
	*p++ = ':';
	p = put_fixed(p, tod / 60 % 60, 2);
	*p++ = ':';
	p = put_fixed(p, tod % 60, 2);
	p = put_fraction(p, ns);
	*p++ = 'Z';
	*p = '\0';
	return (size_t)(p - buf);
}

/* find_unit: the index in units[] of the unit named P[0..n), or -1. */
static int
find_unit(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < NELEM(units); i++)
		if (units[i].namelen == n && memcmp(units[i].name, p, n) == 0)
			return (int)i;
	return -1;
}

/*
 * term_value: WHOLE.FRAC units of U nanoseconds, or -1 when it passes
 * INT64_MAX, -2 when it is not a whole number of nanoseconds.  The
 * fraction (in billionths) is multiplied in two parts, by the whole
 * seconds of the unit and by the rest, so that nothing overflows.
 */
static int
term_value(const struct decimal *d, int64_t u, int64_t *v)
{
	int64_t q = u / NS_PER_SEC, r = u % NS_PER_SEC, fpart;

	if (d->big || d->whole > (uint64_t)(INT64_MAX / u))
		return -1;
	if (d->frac * r % NS_PER_SEC != 0)
		return -2;
	fpart = d->frac * q + d->frac * r / NS_PER_SEC;
	if ((int64_t)d->whole * u > INT64_MAX - fpart)
		return -1;
	*v = (int64_t)d->whole * u + fpart;
	return 0;
}

static int
duration_clock(const char *s, size_t len, mlo_time *out, struct mlo_error *e)
{
	const char *p = s, *end = s + len, *why, *name;
	struct decimal d;
	int64_t total = 0, v;
	int u, last = -1, rc;

	while (p < end) {
		if ((why = scan_decimal(&p, end, &d)) != NULL)
			return bad_duration(e, s, len, "is not numbers with "
			    "units (like 30s or 1h30m): %s", why);
		for (name = p; p < end && ((*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z')); p++)
			continue;
		if (p == end && p == name)
			return bad_duration(e, s, len,
			    "needs a unit (s, m, h, d)");
		if (p == name) {
			char q[QUOTE_BUFSZ];

			return bad_duration(e, s, len, "has '%s' where a unit "
			    "should be", quote(q, p, 1));
		}
		if ((u = find_unit(name, (size_t)(p - name))) == -1) {
			char q[QUOTE_BUFSZ];

			return bad_duration(e, s, len, "has an unknown unit "
			    "'%s' (ns, us, ms, s, m, h, d, w)",
			    quote(q, name, (size_t)(p - name)));
		}
		if (u <= last)
			return bad_duration(e, s, len, "has units out of "
			    "order: largest first, each once (1h30m)");
		last = u;
		if ((rc = term_value(&d, units[u].ns, &v)) == -2)
			return bad_duration(e, s, len,
			    "is finer than a nanosecond");
		if (rc == -1 || total > INT64_MAX - v)
			return bad_duration(e, s, len,
			    "is out of range (longer than 292 years)");
		total += v;
	}
	*out = total;
	return 0;
}

static int
duration_step(const char *s, size_t len, mlo_time *out, struct mlo_error *e)
{
	const char *p = s, *end = s + len, *why;
	struct decimal d;

	if ((why = scan_decimal(&p, end, &d)) != NULL)
		return bad_duration(e, s, len, "is not a number of steps: %s",
		    why);
	if (p != end) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
			return bad_duration(e, s, len, "has a unit: step time "
			    "takes durations as plain numbers of steps");
		return bad_duration(e, s, len, "is not a number of steps: "
		    "unexpected bytes after the number");
	}
	if (d.big || d.whole > (uint64_t)SEC_MAX ||
	    make_time((int64_t)d.whole, d.frac, out) == -1)
		return bad_duration(e, s, len, "is out of range (at most "
		    "9223372036.854775807 steps)");
	return 0;
}

int
duration_parse(const char *s, size_t len, enum time_kind kind,
    mlo_time *out, struct mlo_error *e)
{
	if (len == 0)
		return bad_duration(e, s, len, "is empty");
	if (s[0] == '-')
		return bad_duration(e, s, len, "is negative");
	switch (kind) {
	case TIME_RFC3339:
	case TIME_EPOCH:
		return duration_clock(s, len, out, e);
	case TIME_STEP:
		return duration_step(s, len, out, e);
	}
	if (e != NULL)
		error_set(e, "unknown time kind %d", (int)kind);
	return -1;
}

size_t
duration_format(mlo_time d, enum time_kind kind, char *buf)
{
	char *p = buf;
	uint64_t mag, n;
	size_t i;

	if (kind == TIME_STEP)
		return time_format(d, kind, buf);
	mag = d < 0 ? -(uint64_t)d : (uint64_t)d;
	if (d < 0)
		*p++ = '-';
	if (mag == 0) {
		memcpy(p, "0s", 3);
		return (size_t)(p - buf) + 2;
	}
	for (i = FORMAT_FIRST_UNIT; i < NELEM(units); i++) {
		n = mag / (uint64_t)units[i].ns;
		mag %= (uint64_t)units[i].ns;
		if (n == 0)
			continue;
		p = put_uint(p, n);
		memcpy(p, units[i].name, units[i].namelen);
		p += units[i].namelen;
	}
	*p = '\0';
	return (size_t)(p - buf);
}

mlo_time
time_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (mlo_time)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}
