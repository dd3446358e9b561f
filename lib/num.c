/*
 * num: reading numbers.  num_format, the writing half, is the C++ shim in
 * num_shortest.cc.
 *
 * num_parse checks the grammar itself, because strtod is far more liberal
 * (leading blanks, hex, "nan(chars)", a prefix of junk), then computes the
 * value either exactly on a fast path or by handing the checked text to
 * strtod.  mlo programs never call setlocale, so they run in the "C"
 * locale from start to end and strtod's radix character is '.'; a program
 * that ever sets LC_NUMERIC would break that assumption here.
 */
#include <errno.h>
#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
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
