/*
 * Unit tests of lib/num: num_format against strtod and against glibc's
 * correctly rounded printf (shortest and nearest), its exact layout,
 * num_parse against strtod on a few million strings and its grammar,
 * num_parse_int at its edges.
 *
 * The random values come from a fixed-seed splitmix64 so that a failure
 * names a value that the next run finds again.  MLO_NUM_HEAVY=1 in the
 * environment checks ten million random bit patterns against the
 * reference instead of a sample (t/slow/0900-num-format.bats).
 * MLO_UNIT_QUICK=1 runs the random loops a hundred times shorter, for
 * make check-valgrind, where memcheck makes them a hundred times slower.
 */
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "tap.h"
#include "util.h"

/* The loops' sizes; MLO_UNIT_QUICK=1 (make check-valgrind) runs 1/100. */
#define N_RANDOM_BITS	unit_size(1000000, 10000)
#define N_HEAVY_BITS	10000000
/* Of the random bit patterns, every SAMPLE_EVERY-th meets the reference. */
#define SAMPLE_EVERY	5
#define N_SHORT_DECIMAL	unit_size(1000000, 10000)
#define N_PARSE_EACH	unit_size(400000, 4000)

/* Print at most this many failures per class: the count says the rest. */
#define MAX_REPORTED	5

static uint64_t rng_state = UINT64_C(0x6d6c6f2d6e756d21);

static uint64_t
rng(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* rng_below: uniform enough in [0, n) for test inputs. */
static unsigned
rng_below(unsigned n)
{
	return (unsigned)(rng() % n);
}

static uint64_t
bits_of(double v)
{
	uint64_t u;

	memcpy(&u, &v, sizeof(u));
	return u;
}

static double
double_of(uint64_t u)
{
	double v;

	memcpy(&v, &u, sizeof(v));
	return v;
}

static int
same_bits(double a, double b)
{
	return bits_of(a) == bits_of(b);
}

/*
 * shape_ok: S is laid out as num.h promises for V: exponent form exactly
 * when the shortest decimal's exponent is below -6 or above 20 (which for
 * doubles is |V| < 1e-6 or |V| >= 1e21), no point in integral decimals,
 * no trailing zeros after a point, a signed exponent without padding.
 */
static int
shape_ok(double v, const char *s)
{
	const char *p = s, *e, *dot;
	double a = fabs(v);
	int want_exp;

	if (isnan(v))
		return strcmp(s, "nan") == 0;
	if (isinf(v))
		return strcmp(s, v < 0 ? "-inf" : "inf") == 0;
	if ((*p == '-') != (signbit(v) != 0))
		return 0;
	if (*p == '-')
		p++;
	e = strchr(p, 'e');
	dot = strchr(p, '.');
	want_exp = a != 0 && (a < 1e-6 || a >= 1e21);
	if ((e != NULL) != want_exp)
		return 0;
	if (e != NULL) {
		if (p[0] < '1' || p[0] > '9')
			return 0;
		if (dot != NULL && (dot != p + 1 || e - dot < 2 ||
		    e[-1] == '0'))
			return 0;
		if (dot == NULL && e != p + 1)
			return 0;
		if ((e[1] != '+' && e[1] != '-') || e[2] < '1' || e[2] > '9')
			return 0;
		return strspn(e + 2, "0123456789") == strlen(e + 2);
	}
	if (strspn(p, "0123456789.") != strlen(p))
		return 0;
	if (v == floor(v))
		return dot == NULL && (p[0] != '0' || p[1] == '\0');
	if (dot == NULL || dot[1] == '\0' || p[strlen(p) - 1] == '0')
		return 0;
	/* One zero before the point at most, and only below one. */
	return p[0] != '0' || dot == p + 1;
}

/*
 * sig_digits: the significant digits of the decimal S, without leading or
 * trailing zeros, into OUT.
 */
static void
sig_digits(const char *s, char *out)
{
	char *o = out;

	for (; *s != '\0' && *s != 'e'; s++) {
		if (*s < '0' || *s > '9')
			continue;
		if (o == out && *s == '0')
			continue;
		*o++ = *s;
	}
	while (o > out && o[-1] == '0')
		o--;
	*o = '\0';
}

/* u64_digits: the digits of K without trailing zeros, faster than printf. */
static void
u64_digits(uint64_t k, char *out)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	size_t n;

	while (k != 0 && k % 10 == 0)
		k /= 10;
	*--p = '\0';
	while (k != 0) {
		*--p = (char)('0' + k % 10);
		k /= 10;
	}
	n = (size_t)(tmp + sizeof(tmp) - p);
	memcpy(out, p, n);
}

struct format_tally {
	const char *name;
	int reference;		/* also meet the printf reference */
	long checked;
	long compared;		/* of checked, met the reference */
	long failed;
};

/*
 * sci_of: the nonzero decimal S (num_format's, or printf's "%e") as its
 * significant digits, without leading or trailing zeros, into DIGITS, and
 * the power of ten of the first of them into *EXP.
 */
static void
sci_of(const char *s, char *digits, int *exp)
{
	const char *p;
	char *o = digits;
	int before_point = 0, lead_zeros = 0, in_fraction = 0;

	for (p = s; *p != '\0' && *p != 'e'; p++) {
		if (*p == '.') {
			in_fraction = 1;
			continue;
		}
		if (*p < '0' || *p > '9')
			continue;
		if (o == digits && *p == '0') {
			lead_zeros += in_fraction;
			continue;
		}
		*o++ = *p;
		before_point += !in_fraction;
	}
	while (o > digits && o[-1] == '0')
		o--;
	*o = '\0';
	*exp = before_point > 0 ? before_point - 1 : -(lead_zeros + 1);
	if (*p == 'e')
		*exp += (int)strtol(p + 1, NULL, 10);
}

/* reads_back: the decimal M * 10^E is strtod's A. */
static int
reads_back(uint64_t m, int e, double a)
{
	char text[48];

	snprintf(text, sizeof(text), "%" PRIu64 "e%d", m, e);
	return same_bits(strtod(text, NULL), a);
}

/*
 * mantissa_of: printf's "%.*e" text S as an integer M of its digits and
 * the power of ten E of its last digit.
 */
static void
mantissa_of(const char *s, uint64_t *m, int *e)
{
	const char *p;
	int frac = 0, in_fraction = 0;

	*m = 0;
	for (p = s; *p != 'e'; p++) {
		if (*p == '.')
			in_fraction = 1;
		else {
			*m = *m * 10 + (uint64_t)(*p - '0');
			frac += in_fraction;
		}
	}
	*e = (int)strtol(p + 1, NULL, 10) - frac;
}

/*
 * nearest_problem: what is wrong with BUF, num_format's text for V (which
 * reads back), against glibc's printf, which rounds correctly to any number
 * of digits: with N the digits of BUF, no decimal of N - 1 digits may read
 * back to V (the nearest ones either side of V are those around printf's
 * rounding to N - 1 digits), and BUF must be printf's rounding to N digits
 * when that reads back, else the next N-digit decimal on the other side.
 * NULL when nothing is.
 */
static const char *
nearest_problem(double v, const char *buf)
{
	char ours[32], ref[48], refdig[32];
	double a = fabs(v);
	uint64_t m, mo, pow = 1;
	int n, e, eo, i;

	/* NaN has no digits: mantissa_of would look past "nan" for an 'e'
	 * (valgrind found it). */
	if (a == 0 || isinf(a) || isnan(a))
		return NULL;
	sci_of(buf, ours, &eo);
	n = (int)strlen(ours);
	snprintf(ref, sizeof(ref), "%.*e", n - 1, a);
	mantissa_of(ref, &m, &e);
	if (reads_back(m, e, a)) {
		sci_of(ref, refdig, &i);
		if (strcmp(refdig, ours) != 0 || i != eo)
			return "not the nearest shortest";
	} else {
		mo = strtoull(ours, NULL, 10);
		if (eo - (n - 1) == e && mo != m + 1 && mo + 1 != m)
			return "not next to the nearest";
	}
	if (n == 1)
		return NULL;
	snprintf(ref, sizeof(ref), "%.*e", n - 2, a);
	mantissa_of(ref, &m, &e);
	for (i = 0; i < n - 2; i++)
		pow *= 10;
	if (reads_back(m, e, a) || reads_back(m + 1, e, a) ||
	    (m > 1 && reads_back(m - 1, e, a)) ||
	    (m == pow && reads_back(10 * m - 1, e - 1, a)))
		return "not the shortest";
	return NULL;
}

/* check_format: num_format(V) reads back to V and is laid out right. */
static int
check_format(struct format_tally *t, double v, char *buf)
{
	size_t len;
	double back;
	const char *why = NULL;

	memset(buf, 'X', NUM_BUFSZ);
	len = num_format(v, buf);
	t->checked++;
	if (len >= NUM_BUFSZ || buf[len] != '\0' || strlen(buf) != len)
		why = "length";
	else if (!shape_ok(v, buf))
		why = "layout";
	else if (!isnan(v) && (back = strtod(buf, NULL), !same_bits(back, v)))
		why = "round trip";
	else if (t->reference) {
		t->compared++;
		why = nearest_problem(v, buf);
	}
	if (why == NULL)
		return 1;
	if (t->failed++ < MAX_REPORTED)
		printf("# %s: %s: %a (%016" PRIx64 ") gave '%.*s'\n", t->name,
		    why, v, bits_of(v), NUM_BUFSZ, buf);
	return 0;
}

static void
report_format(const struct format_tally *t)
{
	ok(t->failed == 0, "num_format round trip, %s: %ld values "
	    "(%ld of them against printf), %ld bad", t->name, t->checked,
	    t->compared, t->failed);
}

static void
test_format_edges(void)
{
	static const double fixed[] = {
		0.0, -0.0, DBL_MIN, -DBL_MIN, DBL_TRUE_MIN, -DBL_TRUE_MIN,
		DBL_MAX, -DBL_MAX, 1e21, 1e-7, 0.1, 0.2, 0.3, 1.0 / 3,
		2.0 / 3, 9007199254740992.0, 9007199254740994.0,
		9007199254740991.0, 1e-6, 1e20, 999999999999999868928.0,
		123456789012345680000.0, 1.5e-7, 0.000001, 5e-324,
		2.2250738585072009e-308, 2.2250738585072014e-308, 1e23,
		8.41e21, 5e-310, 4.35, 1e-320, 0.5, 2.5, 1e15, 1e16, 1e17,
		INFINITY, -INFINITY, NAN
	};
	struct format_tally t = { "edge cases", 1, 0, 0, 0 };
	char buf[NUM_BUFSZ], text[64];
	size_t i;
	double v;
	int e, k;

	for (i = 0; i < NELEM(fixed); i++)
		check_format(&t, fixed[i], buf);
	/* Each power of ten, its neighbours, and the same negated. */
	for (e = -320; e <= 308; e++) {
		snprintf(text, sizeof(text), "1e%d", e);
		v = strtod(text, NULL);
		for (k = 0; k < 2; k++, v = -v) {
			check_format(&t, v, buf);
			check_format(&t, nextafter(v, INFINITY), buf);
			check_format(&t, nextafter(v, -INFINITY), buf);
		}
	}
	/* Each binade's ends (its first is a power of two) and middle. */
	for (e = 0; e < 2047; e++) {
		for (i = 0; i < 3; i++) {
			check_format(&t, double_of(((uint64_t)e << 52) + i),
			    buf);
			check_format(&t, double_of(((uint64_t)e << 52) |
			    ((UINT64_C(1) << 52) - 1 - i)), buf);
		}
		check_format(&t, double_of(((uint64_t)e << 52) |
		    (UINT64_C(1) << 51)), buf);
	}
	/* The smallest subnormals, whose shortest forms have few digits. */
	for (i = 1; i < 20000; i++)
		check_format(&t, double_of(i), buf);
	/* Integers: all up to 2^16, some up to 2^53, those around 2^53. */
	for (i = 0; i <= 65536; i++)
		check_format(&t, (double)i, buf);
	for (i = 0; i < 20000; i++)
		check_format(&t, (double)(rng() >> 11), buf);
	for (i = 0; i < 200; i++) {
		check_format(&t, 9007199254740992.0 - (double)i, buf);
		check_format(&t, 9007199254740992.0 + 2.0 * (double)i, buf);
	}
	report_format(&t);
}

static void
test_format_random_bits(void)
{
	struct format_tally t = { "random 64-bit patterns", 0, 0, 0, 0 };
	const char *heavy = getenv("MLO_NUM_HEAVY");
	long n = N_RANDOM_BITS, every = SAMPLE_EVERY;
	char buf[NUM_BUFSZ];
	double v;

	if (heavy != NULL && strcmp(heavy, "1") == 0) {
		n = N_HEAVY_BITS;
		every = 1;
	}
	while (t.checked < n) {
		v = double_of(rng());
		if (isnan(v))
			continue;
		t.reference = t.checked % every == 0;
		check_format(&t, v, buf);
	}
	report_format(&t);
}

/*
 * Values written with at most 15 significant digits, as sensors write
 * them: their shortest form must be those digits exactly, since no two
 * such decimals share a double.
 */
static void
test_format_short_decimals(void)
{
	static const double pow10[] = {
		1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
		1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21,
		1e22
	};
	struct format_tally t = { "short decimals", 0, 0, 0, 0 };
	long digits_bad = 0;
	char buf[NUM_BUFSZ], want[32], got[32];
	uint64_t k;
	unsigned ndigits, scale;
	double v;

	while (t.checked < N_SHORT_DECIMAL) {
		ndigits = 1 + rng_below(15);
		k = rng() % (uint64_t)pow10[ndigits];
		scale = rng_below(23);
		/* One correctly rounded operation: the double of k*10^+-scale. */
		if (rng_below(4) == 0)
			v = (double)k * pow10[scale];
		else
			v = (double)k / pow10[scale];
		if (rng_below(2))
			v = -v;
		if (!check_format(&t, v, buf))
			continue;
		u64_digits(k, want);
		sig_digits(buf, got);
		if (strcmp(want, got) != 0 && digits_bad++ < MAX_REPORTED)
			printf("# short decimal %" PRIu64 "e%s%u gave '%s'\n", k,
			    v < 0 ? "-" : "+", scale, buf);
	}
	report_format(&t);
	ok(digits_bad == 0, "num_format is shortest on short decimals: "
	    "%ld values, %ld with other digits", t.checked, digits_bad);
}

static void
test_format_table(void)
{
	static const struct {
		double v;
		const char *want;
	} table[] = {
		{ 0.0, "0" },
		{ -0.0, "-0" },
		{ 42.0, "42" },
		{ -42.0, "-42" },
		{ 0.1, "0.1" },
		{ 1e21, "1e+21" },
		{ 1e-7, "1e-7" },
		{ 1.5e-7, "1.5e-7" },
		{ 123456789012345680000.0, "123456789012345680000" },
		{ 5e-324, "5e-324" },
		{ 1.7976931348623157e+308, "1.7976931348623157e+308" },
		{ -1.7976931348623157e+308, "-1.7976931348623157e+308" },
		{ NAN, "nan" },
		{ -NAN, "nan" },
		{ INFINITY, "inf" },
		{ -INFINITY, "-inf" },
		{ 1.5, "1.5" },
		{ 100.0, "100" },
		{ 0.000001, "0.000001" },
		{ -0.0000033333333333333333, "-0.0000033333333333333333" },
		{ 1e20, "100000000000000000000" },
		{ 1.0 / 3, "0.3333333333333333" },
		{ 23.45, "23.45" },
		{ 1013.2, "1013.2" },
		{ 9007199254740993.0, "9007199254740992" },
		{ 1e100, "1e+100" },
		{ 1.25e-300, "1.25e-300" }
	};
	char buf[NUM_BUFSZ], name[80];
	size_t i, len;

	for (i = 0; i < NELEM(table); i++) {
		len = num_format(table[i].v, buf);
		snprintf(name, sizeof(name), "num_format(%.17g) is \"%s\"",
		    table[i].v, table[i].want);
		if (is_str(buf, table[i].want, name))
			is_long((long)len, (long)strlen(table[i].want),
			    "... and returns its length");
	}
}

/* printable: S with control and non-ASCII bytes escaped, for a TAP line. */
static const char *
printable(const char *s, char *out, size_t size)
{
	size_t n = 0;

	for (; *s != '\0' && n + 5 < size; s++) {
		if (*s == '\n')
			n += (size_t)snprintf(out + n, size - n, "\\n");
		else if (*s == '\t')
			n += (size_t)snprintf(out + n, size - n, "\\t");
		else if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			n += (size_t)snprintf(out + n, size - n, "\\x%02x",
			    (unsigned char)*s);
		else
			out[n++] = *s;
	}
	out[n] = '\0';
	return out;
}

struct parse_tally {
	const char *name;
	long checked;
	long failed;
};

/*
 * check_parse: num_parse of TEXT, given with a digit after it that is not
 * part of it, is strtod's value of TEXT bit for bit.
 */
static void
check_parse(struct parse_tally *t, const char *text)
{
	char padded[512];
	size_t len = strlen(text);
	double want, got = 42.0;
	char *end;
	int rc;

	if (len + 2 > sizeof(padded))
		abort();
	memcpy(padded, text, len);
	memcpy(padded + len, "7", 2);
	want = strtod(text, &end);
	rc = num_parse(padded, len, &got);
	t->checked++;
	if (*end == '\0' && rc == 0 && same_bits(got, want))
		return;
	if (t->failed++ < MAX_REPORTED)
		printf("# %s: '%s': rc %d, got %a, strtod %a%s\n", t->name, text,
		    rc, got, want, *end ? " (strtod stops early)" : "");
}

static void
report_parse(const struct parse_tally *t)
{
	ok(t->failed == 0, "num_parse equals strtod, %s: %ld strings, %ld bad",
	    t->name, t->checked, t->failed);
}

/* add_digits: N random decimal digits at P, the first nonzero if LEAD. */
static char *
add_digits(char *p, unsigned n, int lead)
{
	unsigned i;

	for (i = 0; i < n; i++)
		*p++ = (char)('0' + (i == 0 && lead ? 1 + rng_below(9) :
		    rng_below(10)));
	return p;
}

static char *
add_sign(char *p)
{
	switch (rng_below(4)) {
	case 0:
		*p++ = '-';
		break;
	case 1:
		if (rng_below(4) == 0)
			*p++ = '+';
		break;
	}
	return p;
}

/*
 * random_decimal: a sign, INT integer digits, FRAC fraction digits and,
 * when WITH_EXP, an exponent in [lo, hi].
 */
static void
random_decimal(char *s, unsigned nint, unsigned nfrac, int with_exp,
    int lo, int hi)
{
	char *p = add_sign(s);

	p = add_digits(p, nint, nint > 1 && rng_below(8) != 0);
	if (nfrac > 0 || (nint > 0 && rng_below(16) == 0)) {
		*p++ = '.';
		p = add_digits(p, nfrac, 0);
	}
	if (with_exp)
		p += snprintf(p, 16, "%c%d", rng_below(4) ? 'e' : 'E',
		    lo + (int)rng_below((unsigned)(hi - lo + 1)));
	*p = '\0';
}

static void
test_parse_random(void)
{
	struct parse_tally sensor = { "sensor-like decimals", 0, 0 };
	struct parse_tally expo = { "short mantissas with exponents", 0, 0 };
	struct parse_tally longm = { "17-20 digit mantissas", 0, 0 };
	struct parse_tally subn = { "subnormal range", 0, 0 };
	struct parse_tally range = { "overflow and underflow", 0, 0 };
	struct parse_tally clinger = { "fast path edges", 0, 0 };
	char s[256];
	unsigned nint, nfrac, n;
	long i;

	for (i = 0; i < N_PARSE_EACH * 2; i++) {
		nint = rng_below(7);
		nfrac = rng_below(7);
		if (nint + nfrac == 0)
			nint = 1;
		random_decimal(s, nint, nfrac, 0, 0, 0);
		check_parse(&sensor, s);
	}
	report_parse(&sensor);

	for (i = 0; i < N_PARSE_EACH; i++) {
		n = 1 + rng_below(10);
		nint = rng_below(n + 1);
		random_decimal(s, nint, n - nint, 1, -40, 40);
		check_parse(&expo, s);
	}
	report_parse(&expo);

	for (i = 0; i < N_PARSE_EACH; i++) {
		n = 17 + rng_below(4);
		nint = rng_below(n + 1);
		random_decimal(s, nint, n - nint, rng_below(2), -330, 310);
		check_parse(&longm, s);
	}
	report_parse(&longm);

	for (i = 0; i < N_PARSE_EACH / 2; i++) {
		n = 1 + rng_below(20);
		random_decimal(s, 1, n - 1, 1, -326, -305);
		check_parse(&subn, s);
	}
	report_parse(&subn);

	for (i = 0; i < N_PARSE_EACH / 2; i++) {
		n = 1 + rng_below(20);
		random_decimal(s, 1 + rng_below(3), n - 1, 1,
		    rng_below(2) ? -420 : 300, rng_below(2) ? -300 : 420);
		check_parse(&range, s);
	}
	report_parse(&range);

	/*
	 * Mantissas about 2^53 and exponents about 22, where the fast path
	 * has to hand over to strtod.
	 */
	for (i = 0; i < N_PARSE_EACH / 2; i++) {
		uint64_t m = (UINT64_C(1) << 53) - 50 + rng_below(100);
		int e = -25 + (int)rng_below(51);

		if (rng_below(2))
			m = rng() % (UINT64_C(1) << 53);
		snprintf(s, sizeof(s), "%s%" PRIu64 "e%d",
		    rng_below(2) ? "-" : "", m, e);
		check_parse(&clinger, s);
	}
	report_parse(&clinger);
}

static void
test_parse_fixed(void)
{
	static const char *const accept[] = {
		"0", "-0", "+0", "0.0", "-0.0", "-0e5", "0e999999999999",
		"-12.345", "23.45", "-0.125", "1013.2", "1e400", "-1e400",
		"1e-400", "-1e-400", "9007199254740993", "9007199254740992",
		"9007199254740991", "18014398509481985", "0.1e1", ".5", "5.",
		"-.5", "+5.", "5.e3", ".5e-3", "007", "0.000001", "1e-7",
		"1e21", "1e22", "1e23", "123456789012345678901234567890",
		"2.2250738585072011e-308", "2.2250738585072012e-308",
		"4.9406564584124654e-324", "2.4703282292062327e-324",
		"2.4703282292062328e-324", "1.7976931348623157e308",
		"1.7976931348623158e308", "1.7976931348623159e308",
		"1E5", "1e+5", "1e-5", "1e00000000000000000000000000005",
		"1e999999999999999999999", "1e-999999999999999999999",
		"-1e18446744073709551617", "0e18446744073709551617",
		"0.0000000000000000000000000000001e31",
		"9999999999999999999", "99999999999999999999",
		"0.9999999999999999999", "1000000000000000000000000e-24",
		"3.14159265358979323846264338327950288",
		"nan", "NaN", "-nan", "+NAN", "inf", "-Inf", "+INF",
		"infinity", "-INFINITY", "InFiNiTy"
	};
	static const char *const reject[] = {
		"", " 1", "1 ", "\t1", "1\n", "1e", "1e+", "1e-", "+", "-",
		".", "-.", ".e1", "0x10", "0X1p3", "1,5", "nan(123)",
		"1.2.3", "--1", "+-1", "e5", "E5", "infx", "in", "infinit",
		"infinityy", "nana", "-nan(1)", "1e5x", "1d", "1f", "1_000",
		"1..2", "1e1.5", "1e+-1", "++1", "inf inity", "0b1", "1e 5",
		"\xd9\xa1"
	};
	struct parse_tally t = { "fixed strings", 0, 0 };
	char name[80], shown[40];
	size_t i;
	double got;
	int rc;

	for (i = 0; i < NELEM(accept); i++)
		check_parse(&t, accept[i]);
	report_parse(&t);
	for (i = 0; i < NELEM(reject); i++) {
		got = 42.0;
		rc = num_parse(reject[i], strlen(reject[i]), &got);
		snprintf(name, sizeof(name), "num_parse rejects \"%s\"",
		    printable(reject[i], shown, sizeof(shown)));
		ok(rc == -1 && got == 42.0, "%s", name);
	}
	ok(num_parse("1\0", 2, &got) == -1, "num_parse rejects a NUL inside");
	ok(num_parse("12345", 3, &got) == 0 && got == 123.0,
	    "num_parse reads no further than len");
	ok(num_parse("1e5", 2, &got) == -1,
	    "num_parse rejects \"1e\" cut from \"1e5\"");
	ok(num_parse("-0", 2, &got) == 0 && got == 0 && signbit(got),
	    "num_parse(\"-0\") is negative zero");
}

/*
 * More fraction digits than the fast path counts, undone by an exponent:
 * 0.(100010 zeros)1e100020 is 1e9, which only strtod can tell.
 */
static void
test_parse_huge(void)
{
	size_t nzero = 100010, len;
	char *s = xmalloc(nzero + 32);
	double got = 0, want;

	memcpy(s, "0.", 2);
	memset(s + 2, '0', nzero);
	len = 2 + nzero;
	len += (size_t)snprintf(s + len, 32, "1e%zu", nzero + 10);
	want = strtod(s, NULL);
	ok(num_parse(s, len, &got) == 0 && same_bits(got, want) && got == 1e9,
	    "num_parse of 100 KB of zeros and an exponent is strtod's 1e9");
	free(s);
}

/* Strings past the stack copy in num_parse go through the heap. */
static void
test_parse_long(void)
{
	struct parse_tally t = { "strings of 100 to 400 bytes", 0, 0 };
	char s[500];
	size_t n;
	int k;

	for (k = 0; k < 200; k++) {
		n = 100 + rng_below(300);
		memset(s, '0', n);
		s[0] = rng_below(2) ? '-' : '0';
		s[1] = '.';
		s[n - 1] = (char)('1' + rng_below(9));
		s[n] = '\0';
		check_parse(&t, s);
		*add_digits(s, (unsigned)n, 1) = '\0';
		check_parse(&t, s);
		snprintf(s + n, sizeof(s) - n, "e-%zu", n + rng_below(40));
		check_parse(&t, s);
	}
	report_parse(&t);
	test_parse_huge();
}

static void
test_parse_errno(void)
{
	double got;

	errno = 0;
	num_parse("1e400", 5, &got);
	num_parse("1e-400", 6, &got);
	ok(errno == 0, "num_parse leaves errno alone on overflow");
}

static void
test_parse_int(void)
{
	static const struct {
		const char *s;
		int64_t want;
	} accept[] = {
		{ "0", 0 },
		{ "-0", 0 },
		{ "+0", 0 },
		{ "7", 7 },
		{ "+5", 5 },
		{ "-5", -5 },
		{ "007", 7 },
		{ "1234567890", 1234567890 },
		{ "9223372036854775807", INT64_MAX },
		{ "-9223372036854775807", -INT64_MAX },
		{ "-9223372036854775808", INT64_MIN },
		{ "00000000000000000000009223372036854775807", INT64_MAX }
	};
	static const char *const reject[] = {
		"", "+", "-", " 1", "1 ", "1.0", "1e3", "0x10", "--1", "+-1",
		"9223372036854775808", "-9223372036854775809",
		"18446744073709551616", "99999999999999999999999", "1,000",
		"nan", "inf", "12a"
	};
	char name[80];
	size_t i;
	int64_t got;
	int rc;

	for (i = 0; i < NELEM(accept); i++) {
		got = 42;
		rc = num_parse_int(accept[i].s, strlen(accept[i].s), &got);
		snprintf(name, sizeof(name), "num_parse_int(\"%s\")",
		    accept[i].s);
		ok(rc == 0 && got == accept[i].want, "%s", name);
	}
	for (i = 0; i < NELEM(reject); i++) {
		got = 42;
		rc = num_parse_int(reject[i], strlen(reject[i]), &got);
		snprintf(name, sizeof(name), "num_parse_int rejects \"%s\"",
		    reject[i]);
		ok(rc == -1 && got == 42, "%s", name);
	}
	ok(num_parse_int("123456", 3, &got) == 0 && got == 123,
	    "num_parse_int reads no further than len");
}

int
main(void)
{
	test_format_table();
	test_format_edges();
	test_format_random_bits();
	test_format_short_decimals();
	test_parse_fixed();
	test_parse_random();
	test_parse_long();
	test_parse_errno();
	test_parse_int();
	return tap_done();
}
