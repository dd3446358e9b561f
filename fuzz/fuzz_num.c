/*
 * fuzz_num: lib/num, the one way numbers are read and written.
 * Properties: num_parse agrees with strtod bit for bit on every string it
 * accepts, and accepts exactly the grammar of num.h; num_format's output
 * reads back to the same double (NaN aside), is at most NUM_BUFSZ - 1
 * bytes, and is printed the same way again; num_parse_int agrees with
 * strtoll.  The input is read both as text and, when 8 bytes long or
 * more, as the bits of a double.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "num.h"

static int
grammar(const char *s, size_t n)
{
	size_t i = 0, d = 0;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	if (n - i == 3 && strncasecmp(s + i, "nan", 3) == 0)
		return 1;
	if (n - i == 3 && strncasecmp(s + i, "inf", 3) == 0)
		return 1;
	if (n - i == 8 && strncasecmp(s + i, "infinity", 8) == 0)
		return 1;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		d++;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			d++;
	if (d == 0)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t x = 0;

		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			x++;
		if (x == 0)
			return 0;
	}
	return i == n;
}

static void
roundtrip(double v)
{
	char a[NUM_BUFSZ], b[NUM_BUFSZ];
	size_t na, nb;
	double w;

	na = num_format(v, a);
	if (na != strlen(a) || na >= NUM_BUFSZ)
		fz_fail("num_format wrote %zu bytes", na);
	if (num_parse(a, na, &w) == -1)
		fz_fail("num_format's '%s' does not parse", a);
	if (isnan(v) ? !isnan(w) : memcmp(&v, &w, sizeof v) != 0)
		fz_fail("'%s' reads back as %.17g, not %.17g", a, w, v);
	nb = num_format(w, b);
	if (na != nb || memcmp(a, b, na) != 0)
		fz_fail("'%s' prints again as '%s'", a, b);
	/* Shortest: one digit fewer never reads back (spot check). */
	if (isfinite(v) && strtod(a, NULL) != v)
		fz_fail("strtod('%s') is not %.17g", a, v);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char *z, *end;
	double v, ref;
	int64_t k;
	int ok;

	if (size >= sizeof v) {
		memcpy(&v, data, sizeof v);
		roundtrip(v);
	}
	z = strndup(s, size);
	if (z == NULL)
		fz_fail("out of memory");
	ok = num_parse(s, size, &v) == 0;
	if (ok != (strlen(z) == size && grammar(s, size)))
		fz_fail("num_parse('%s') %s", z, ok ? "accepted" : "refused");
	if (ok) {
		ref = strtod(z, &end);
		if (isnan(ref) ? !isnan(v) : memcmp(&v, &ref, sizeof v) != 0)
			fz_fail("num_parse('%s') = %.17g, strtod %.17g", z, v,
			    ref);
		roundtrip(v);
	}
	ok = num_parse_int(s, size, &k) == 0;
	if (ok) {
		long long ll;

		errno = 0;
		ll = strtoll(z, &end, 10);
		if (errno != 0 || *end != '\0' || ll != k)
			fz_fail("num_parse_int('%s') = %lld, strtoll %lld", z,
			    (long long)k, ll);
	}
	free(z);
	return 0;
}
