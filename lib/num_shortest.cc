/*
 * num_shortest: num_format through libdouble-conversion, whose ToShortest
 * (Grisu3 with a bignum fallback) gives the shortest string that reads back
 * to the same double, far faster than "%.17g" and without its noise digits.
 *
 * The shim stays thin on purpose: no exceptions can escape to C (the
 * library neither throws nor allocates; it works in stack buffers), and
 * nothing is allocated per call: the converter is built once, and the
 * StringBuilder only wraps the caller's buffer.
 */
/*
 * The library's headers assert (through <cassert>) that the output's
 * strlen equals its length on every StringBuilder::Finalize: a strlen per
 * number printed, 4% of mlo-features' time.  The check cannot fail here.
 */
#ifndef NDEBUG
#define NDEBUG 1
#endif
#include <double-conversion/double-to-string.h>

#include "num.h"

using double_conversion::DoubleToStringConverter;
using double_conversion::StringBuilder;

/*
 * The ECMAScript number-to-string layout, but with mlo's names for the
 * special values and a "-0" kept for negative zero (no UNIQUE_ZERO), so
 * that it too reads back to itself.  Decimal notation covers decimal
 * exponents -6 to 20; outside it "1e+21", "1e-7".  The precision-mode
 * parameters are unused by ToShortest.
 */
static const DoubleToStringConverter shortest(
    DoubleToStringConverter::EMIT_POSITIVE_EXPONENT_SIGN,
    "inf", "nan", 'e', -6, 21, 0, 0);

extern "C" size_t
num_format(double v, char *buf)
{
	StringBuilder out(buf, NUM_BUFSZ);
	size_t len;

	/* Cannot fail: both special symbols are given and NUM_BUFSZ fits. */
	shortest.ToShortest(v, &out);
	len = static_cast<size_t>(out.position());
	out.Finalize();
	return len;
}
