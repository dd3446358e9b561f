/*
 * num: reading and writing numbers.
 *
 * num_parse checks the grammar itself, because strtod is far more liberal
 * (leading blanks, hex, "nan(chars)", a prefix of junk), then computes the
 * value either exactly on a fast path or by handing the checked text to
 * strtod.  mlo programs never call setlocale, so they run in the "C"
 * locale from start to end and strtod's radix character is '.'; a program
 * that ever sets LC_NUMERIC would break that assumption here.
 *
 * num_format finds the shortest decimal that reads back to the double
 * the way Giulietti's "Schubfach" paper describes (written here from the
 * paper's description): scale the double and the two ends of the interval
 * of reals that round to it by one power of ten, chosen so that the
 * interval is at least 1 and less than 10 wide; then the interval holds at
 * most one multiple of 10 (which, when there, is the shortest decimal) and
 * otherwise one of the two integers around the double is the nearest of
 * the shortest.  The scaling is a 64 x 128-bit multiply by a table of
 * powers of ten (lib/num_pow10.h, written by lib/num_pow10.py) that keeps
 * only whether the product has a fraction, which is all the comparisons
 * with the interval's ends need.
 */
#include <errno.h>
#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "num_pow10.h"
#include "util.h"

/*
 * The fast path is exact only when each double operation is rounded once,
 * to double.  x87 code that evaluates in long double rounds twice, so it
 * always takes strtod instead.
 */
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
#define NUM_FAST_PATH 1
#else
#define NUM_FAST_PATH 0
#endif

/* Significant digits that surely fit a uint64_t (10^19 < 2^64). */
#define MAX_SIG_DIGITS 19
/* Past this an exponent is only good for strtod. */
#define EXP_SATURATE 100000

/* Every power of ten up to 10^22 is a double exactly (5^22 < 2^53). */
static const double pow10_exact[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/*
 * What scan_decimal learnt: the value is mant * 10^exp10 (negated when
 * negative) as long as exact is set; otherwise only strtod knows it.
 */
struct decimal {
	uint64_t mant;
	long exp10;
	int negative;
	int exact;
};

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* word_is: S[0..len) is WORD (lower case) in any case. */
static int
word_is(const char *s, size_t len, const char *word)
{
	size_t i;

	if (strlen(word) != len)
		return 0;
	for (i = 0; i < len; i++)
		if (lower(s[i]) != word[i])
			return 0;
	return 1;
}

/*
 * add_digit: one more mantissa digit.  Leading zeros are not significant,
 * so "0.000123" still has an exact mantissa of 123; past MAX_SIG_DIGITS the
 * mantissa would not fit, and only strtod knows the value.
 */
static void
add_digit(struct decimal *d, int *sig, char c)
{
	if (d->mant == 0 && c == '0')
		return;
	if (++*sig > MAX_SIG_DIGITS)
		d->exact = 0;
	else
		d->mant = d->mant * 10 + (uint64_t)(c - '0');
}

/*
 * scan_decimal: check that S[0..len) is a decimal number as num.h
 * describes and gather what the fast path needs.  Returns -1 when it is
 * not; the special words are not decimals.
 */
static int
scan_decimal(const char *s, size_t len, struct decimal *d)
{
	size_t i = 0, ndigits = 0;
	int sig = 0, exp_negative = 0;
	long exp = 0;

	d->mant = 0;
	d->exp10 = 0;
	d->negative = 0;
	d->exact = 1;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		d->negative = s[i++] == '-';
	for (; i < len && is_digit(s[i]); i++, ndigits++)
		add_digit(d, &sig, s[i]);
	if (i < len && s[i] == '.') {
		/* Every fraction digit, zero or not, scales by a tenth. */
		for (i++; i < len && is_digit(s[i]); i++, ndigits++) {
			if (d->exp10 > -EXP_SATURATE)
				d->exp10--;
			else
				d->exact = 0;
			add_digit(d, &sig, s[i]);
		}
	}
	if (ndigits == 0)
		return -1;

	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			exp_negative = s[i++] == '-';
		if (i == len || !is_digit(s[i]))
			return -1;
		for (; i < len && is_digit(s[i]); i++) {
			if (exp < EXP_SATURATE)
				exp = exp * 10 + (s[i] - '0');
			else
				d->exact = 0;
		}
	}
	if (i != len)
		return -1;
	d->exp10 += exp_negative ? -exp : exp;
	return 0;
}

/*
 * parse_strtod: S[0..len), already checked, through strtod.  strtod needs
 * a NUL-terminated string and S may be a field in the middle of a line, so
 * copy it, on the stack when short.
 */
static int
parse_strtod(const char *s, size_t len, double *out)
{
	char stack[128], *copy = stack, *end;
	int saved_errno = errno, rc;
	double v;

	if (len >= sizeof(stack))
		copy = xmalloc(len + 1);
	memcpy(copy, s, len);
	copy[len] = '\0';
	v = strtod(copy, &end);
	rc = end == copy + len ? 0 : -1;
	if (copy != stack)
		free(copy);
	/* ERANGE on overflow or underflow is no error here: the value is. */
	errno = saved_errno;
	if (rc == 0)
		*out = v;
	return rc;
}

int
num_parse(const char *s, size_t len, double *out)
{
	struct decimal d;
	const char *word = s;
	size_t wordlen = len;
	double v;

	if (scan_decimal(s, len, &d) == -1) {
		if (wordlen > 0 && (*word == '+' || *word == '-')) {
			word++;
			wordlen--;
		}
		/* Rare; strtod decides which NaN a sign gives. */
		if (word_is(word, wordlen, "nan") ||
		    word_is(word, wordlen, "inf") ||
		    word_is(word, wordlen, "infinity"))
			return parse_strtod(s, len, out);
		return -1;
	}

	/*
	 * Clinger's fast path: when the mantissa and the power of ten are
	 * both doubles exactly, one correctly rounded multiply or divide is
	 * the correctly rounded value, as strtod gives.  Rounding to nearest
	 * is symmetric, so the sign can come last, which also makes "-0" -0.
	 */
	if (NUM_FAST_PATH && d.exact && d.mant <= (UINT64_C(1) << 53) &&
	    d.exp10 >= -22 && d.exp10 <= 22) {
		v = (double)d.mant;
		if (d.exp10 >= 0)
			v *= pow10_exact[d.exp10];
		else
			v /= pow10_exact[-d.exp10];
		*out = d.negative ? -v : v;
		return 0;
	}
	/* Zero times any power of ten is zero, not an overflow. */
	if (d.exact && d.mant == 0) {
		*out = d.negative ? -0.0 : 0.0;
		return 0;
	}
	return parse_strtod(s, len, out);
}

int
num_parse_int(const char *s, size_t len, int64_t *out)
{
	size_t i = 0;
	int negative = 0;
	uint64_t v = 0, limit, digit;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		negative = s[i++] == '-';
	if (i == len)
		return -1;
	limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < len; i++) {
		if (!is_digit(s[i]))
			return -1;
		digit = s[i] - '0';
		if (v > (limit - digit) / 10)
			return -1;
		v = v * 10 + digit;
	}
	/* -(2^63) has no positive int64_t, so negate one less. */
	if (negative)
		*out = v == 0 ? 0 : -(int64_t)(v - 1) - 1;
	else
		*out = (int64_t)v;
	return 0;
}

/* Writing. */

__extension__ typedef unsigned __int128 num_u128;

/* A double is c * 2^q; subnormals and the first binade share Q_MIN. */
#define Q_MIN (-1074)
#define HIDDEN_BIT (UINT64_C(1) << 52)

/* "00" to "99", two characters each. */
static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233"
    "34353637383940414243444546474849505152535455565758596061626364656667"
    "6869707172737475767778798081828384858687888990919293949596979899";

/*
 * The scaled values are kept as floor(x / 2^64) of 192-bit products x
 * of a table entry g and a shifted mantissa: the bits below 2^64 never
 * matter (see round_odd), and the interval's ends differ from the middle
 * by g times a power of two, so they come from it by exact additions.
 */

/*
 * round_odd: x / 2^128 for the product x with TOP = floor(x / 2^64): the
 * integer part, with its lowest bit set when a fraction is left.  g
 * exceeds the power of ten it stands for by less than one unit and the
 * mantissas are below 2^60, so an exact quotient that is an integer shows
 * no fraction here (the excess stays below 2^64), and one with a fraction
 * keeps its integer part and shows a fraction as long as that fraction is
 * not below 2^-64 or above 1 - 2^-68.  The Schubfach paper shows that no
 * double's quotient comes that close to an integer: its own 126-bit table
 * errs more than this 128-bit one.  t/unit/num.c and
 * t/slow/0900-num-format-heavy.bats check the outcome against glibc's
 * correctly rounded printf.
 */
static uint64_t
round_odd(num_u128 top)
{
	return (uint64_t)(top >> 64) | ((uint64_t)top != 0);
}

/* strip_zeros: D (not 0) without its trailing zeros, counted into *EXP10. */
static uint64_t
strip_zeros(uint64_t d, int *exp10)
{
	while (d % 100000000 == 0) {
		d /= 100000000;
		*exp10 += 8;
	}
	if (d % 10000 == 0) {
		d /= 10000;
		*exp10 += 4;
	}
	if (d % 100 == 0) {
		d /= 100;
		*exp10 += 2;
	}
	if (d % 10 == 0) {
		d /= 10;
		*exp10 += 1;
	}
	return d;
}

/*
 * shortest: the decimal d * 10^*exp10, without trailing zeros in d, that
 * reads back to the positive double c * 2^q with the fewest digits, and
 * of those the nearest (ties to an even last digit), as Steele & White's
 * and Gay's shortest conversions give.
 *
 * Everything is in quarters (cb = 4c) so that the interval's ends, half
 * a gap away (a quarter below a power of two, where the gap below is
 * half the gap above), are integers too.  The ends belong to the interval
 * when c is even: strtod rounds ties to even.
 */
static uint64_t
shortest(uint64_t c, int q, int *exp10)
{
	int irregular = c == HIDDEN_BIT && q > Q_MIN;
	int k, h, shift;
	const uint64_t *g;
	uint64_t cb = c << 2, out = c & 1, vb, vbl, vbr, s, t, sp10, dlow;
	num_u128 low, top, dtop;
	int64_t cmp;
	int upin, wpin;

	/*
	 * 10^k <= the gap (irregular: the 3/4 gap that is the interval).
	 * The shifts of negative products are arithmetic with the compilers
	 * mlo builds with; lib/num_pow10.py checks the floors for every q.
	 */
	if (irregular)
		k = (q * NUM_LOG10_2_MUL2 - NUM_LOG10_4_3) >> NUM_LOG10_2_SHIFT2;
	else
		k = (q * NUM_LOG10_2_MUL) >> NUM_LOG10_2_SHIFT;
	/* g is 10^-k * 2^(127 - F), F = floor(log2 10^-k): shift by h. */
	h = q + ((-k * NUM_LOG2_10_MUL) >> NUM_LOG2_10_SHIFT) + 1;
	g = num_pow10_g[k - NUM_POW10_KMIN];
	/* x = g * cb * 2^h as floor(x / 2^64) and x mod 2^64. */
	low = (num_u128)g[1] * (cb << h);
	top = (num_u128)g[0] * (cb << h) + (uint64_t)(low >> 64);
	vb = round_odd(top);
	/* Half a gap, 2 quarters, is g * 2^(h + 1) more or less. */
	shift = h + 1;
	dlow = g[1] << shift;
	dtop = ((num_u128)g[0] << shift) | (g[1] >> (64 - shift));
	vbr = round_odd(top + dtop + ((uint64_t)low + dlow < dlow));
	if (irregular) {
		/* A quarter gap below: half as much. */
		shift--;
		dlow = g[1] << shift;
		dtop = ((num_u128)g[0] << shift) | (g[1] >> (64 - shift));
	}
	vbl = round_odd(top - dtop - ((uint64_t)low < dlow));

	/*
	 * s = floor(v / 10^k).  The interval, at least 1 and under 10 wide,
	 * holds at most one multiple of ten; if it does, no other decimal in
	 * it is as short.  A candidate m is in when 4m >= vbl (> when c is
	 * odd) and 4m <= vbr (<): the rounding to odd keeps those exact.
	 */
	*exp10 = k;
	s = vb >> 2;
	sp10 = s / 10 * 10;
	upin = vbl + out <= sp10 << 2;
	wpin = ((sp10 + 10) << 2) + out <= vbr;
	if (upin != wpin)
		return strip_zeros(upin ? sp10 : sp10 + 10, exp10);

	/* Otherwise s or s + 1 is in, and the nearer of them is the one. */
	t = s + 1;
	upin = vbl + out <= s << 2;
	wpin = (t << 2) + out <= vbr;
	if (upin != wpin)
		return upin ? s : t;
	cmp = (int64_t)(vb - ((s + t) << 1));
	return cmp < 0 || (cmp == 0 && (s & 1) == 0) ? s : t;
}

/* Powers of ten that fit a uint64_t. */
static const uint64_t pow10_u64[] = {
	UINT64_C(1), UINT64_C(10), UINT64_C(100), UINT64_C(1000),
	UINT64_C(10000), UINT64_C(100000), UINT64_C(1000000),
	UINT64_C(10000000), UINT64_C(100000000), UINT64_C(1000000000),
	UINT64_C(10000000000), UINT64_C(100000000000),
	UINT64_C(1000000000000), UINT64_C(10000000000000),
	UINT64_C(100000000000000), UINT64_C(1000000000000000),
	UINT64_C(10000000000000000), UINT64_C(100000000000000000),
	UINT64_C(1000000000000000000), UINT64_C(10000000000000000000)
};

/*
 * decimal_digits: the decimal digits of D, a positive integer.  A D of
 * b bits has floor(b log10 2) digits or one more: 1233 / 4096 is log10 2
 * to within 5e-6, close enough for b <= 64.
 */
static int
decimal_digits(uint64_t d)
{
	int t = ((64 - __builtin_clzll(d)) * 1233) >> 12;

	return t + (d >= pow10_u64[t]);
}

/* put_pairs: the digits of D < 10^8, as many as there are, ending at END. */
static void
put_pairs(uint32_t d, char *end)
{
	while (d >= 100) {
		end -= 2;
		memcpy(end, digit_pairs + 2 * (d % 100), 2);
		d /= 100;
	}
	if (d >= 10)
		memcpy(end - 2, digit_pairs + 2 * d, 2);
	else
		end[-1] = (char)('0' + d);
}

/* put_eight: D < 10^8 as eight digits, zeros in front, at P. */
static void
put_eight(uint32_t d, char *p)
{
	uint32_t hi = d / 10000, lo = d % 10000;

	memcpy(p, digit_pairs + 2 * (hi / 100), 2);
	memcpy(p + 2, digit_pairs + 2 * (hi % 100), 2);
	memcpy(p + 4, digit_pairs + 2 * (lo / 100), 2);
	memcpy(p + 6, digit_pairs + 2 * (lo % 100), 2);
}

/* put_digits: the N digits of D (N from decimal_digits) at OUT. */
static void
put_digits(uint64_t d, int n, char *out)
{
	char *end = out + n;

	while (d >= 100000000) {
		end -= 8;
		put_eight((uint32_t)(d % 100000000), end);
		d /= 100000000;
	}
	put_pairs((uint32_t)d, end);
}

/* Zeros to copy from: at most 20 follow the digits of an integer. */
static const char zeros[] = "00000000000000000000";

/*
 * layout: the decimal D * 10^(point - n), D's N digits without trailing
 * zeros, at P as num.h describes: plain decimal for decimal exponents
 * (point - 1) from -6 to 20, "d.ddde+X" otherwise.  Returns the end.
 * Every copy has a length fixed here, so the compiler does it with a few
 * moves instead of a call; they may write past the end of the text, up
 * to 38 bytes from the start of a NUM_BUFSZ buffer.
 */
static char *
layout(uint64_t d, int n, int point, char *p)
{
	char digits[40] = { 0 };
	int e;

	/* n <= 17, and digits[] has room for 16 past any of them. */
	put_digits(d, n, digits);
	if (point >= -5 && point <= 21) {
		if (point <= 0) {
			/* "0." and up to five zeros. */
			memcpy(p, "0.000000", 8);
			p += 2 - point;
			memcpy(p, digits, 17);
			return p + n;
		}
		if (point >= n) {
			memcpy(p, digits, 17);
			memcpy(p + n, zeros, 20);
			return p + point;
		}
		/* 0 < point < n <= 17: both parts are at most 16 digits. */
		memcpy(p, digits, 16);
		p[point] = '.';
		memcpy(p + point + 1, digits + point, 16);
		return p + n + 1;
	}
	*p++ = digits[0];
	if (n > 1) {
		*p++ = '.';
		memcpy(p, digits + 1, 16);
		p += n - 1;
	}
	*p++ = 'e';
	e = point - 1;
	*p++ = e < 0 ? '-' : '+';
	if (e < 0)
		e = -e;
	n = decimal_digits((uint64_t)e);
	put_pairs((uint32_t)e, p + n);
	return p + n;
}

size_t
num_format(double v, char *buf)
{
	uint64_t bits, frac, d;
	int bexp, exp10, n;
	char *p = buf;

	memcpy(&bits, &v, sizeof(bits));
	bexp = (int)(bits >> 52) & 0x7ff;
	frac = bits & (HIDDEN_BIT - 1);
	if (bexp == 0x7ff && frac != 0) {
		memcpy(buf, "nan", 4);
		return 3;
	}
	if (bits >> 63)
		*p++ = '-';
	if (bexp == 0x7ff) {
		memcpy(p, "inf", 4);
		return (size_t)(p + 3 - buf);
	}
	if (bexp == 0 && frac == 0) {
		*p++ = '0';
	} else {
		if (bexp == 0)
			d = shortest(frac, Q_MIN, &exp10);
		else
			d = shortest(frac | HIDDEN_BIT, bexp - 1075, &exp10);
		n = decimal_digits(d);
		p = layout(d, n, n + exp10, p);
	}
	*p = '\0';
	return (size_t)(p - buf);
}
