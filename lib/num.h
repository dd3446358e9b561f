/*
 * num: the one way numbers are read from data and configuration and
 * written to output.
 *
 * Reading is in the C locale whatever LC_NUMERIC says, accepts exactly the
 * grammar below and nothing around it, and gives the same double as strtod
 * bit for bit.  Writing gives the shortest string that reads back to the
 * same double, the same way on every run and machine.
 *
 * The functions keep no state between calls, allocate nothing the caller
 * must free and are safe to call from several threads.  num_parse and
 * num_parse_int leave errno as they found it.
 */
#ifndef MLO_NUM_H
#define MLO_NUM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The size num_format needs: the longest output, "-0.0000033333333333333333"
 * (25 bytes), and its NUL fit with room to spare, and so do the fixed-size
 * copies that build it (up to 38 bytes; what follows the NUL is junk).
 */
#define NUM_BUFSZ 48

/*
 * num_parse: S[0..len) as a double in the C locale.  Accepts an optional
 * sign, digits with an optional '.' fraction (".5" and "5." allowed), an
 * optional exponent (e/E, sign, digits), and "nan", "inf", "infinity" in
 * any case with an optional sign.  No leading or trailing blanks, no hex,
 * no empty string.  Returns 0 and sets *out, or -1 when S is not entirely
 * a number (*out is then untouched).  The result is bit-identical to
 * strtod (including overflow to +-inf, underflow to subnormals/zero, and
 * the sign of -0).  Short decimals take an exact fast path (Clinger:
 * integer mantissa of at most 19 significant digits that fits exactly in a
 * double, i.e. <= 2^53, and a power of ten |e| <= 22, one multiply or
 * divide); everything else falls back to strtod on a NUL-terminated copy
 * (stack buffer for short strings).  S need not be NUL-terminated.
 */
int num_parse(const char *s, size_t len, double *out);

/*
 * num_parse_int: optional sign and decimal digits only; -1 on junk or
 * overflow of int64_t (*out is then untouched), else 0 and sets *out.
 */
int num_parse_int(const char *s, size_t len, int64_t *out);

/*
 * num_format: the shortest string that strtod reads back to exactly V,
 * written to BUF (at least NUM_BUFSZ bytes, all of which it may write)
 * and NUL-terminated; returns its length.  Integral values print without a point ("42", "-0"), others
 * like "0.1", "1.5e-7", "1e+21" (ECMAScript number-to-string style:
 * decimal notation for exponents -7 < x < 21, exponent form otherwise).
 * NaN prints "nan" whatever its sign, infinities "inf" and "-inf".  Same
 * output on every run and machine.
 */
size_t num_format(double v, char *buf);

#ifdef __cplusplus
}
#endif

#endif
