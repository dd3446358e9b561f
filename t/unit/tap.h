/*
 * tap.h: the smallest TAP producer for the C unit tests in t/unit.
 * Each test file includes it once, calls ok()/is_*() and ends with
 * return tap_done();  the plan is printed at the end.
 */
#ifndef MLO_TAP_H
#define MLO_TAP_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

static int __attribute__((format(printf, 2, 3), unused))
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", cond ? "ok" : "not ok", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond)
		tap_failed++;
	return cond;
}

static int __attribute__((unused))
is_str(const char *got, const char *want, const char *name)
{
	int c = (got == NULL && want == NULL) ||
	    (got != NULL && want != NULL && strcmp(got, want) == 0);

	ok(c, "%s", name);
	if (!c)
		printf("#   got:  '%s'\n#   want: '%s'\n", got ? got : "(null)",
		    want ? want : "(null)");
	return c;
}

static int __attribute__((unused))
is_long(long got, long want, const char *name)
{
	ok(got == want, "%s", name);
	if (got != want)
		printf("#   got:  %ld\n#   want: %ld\n", got, want);
	return got == want;
}

/* is_close: |got - want| <= rel * max(|want|, 1e-300), NaN equals NaN. */
static int __attribute__((unused))
is_close(double got, double want, double rel, const char *name)
{
	int c;

	if (isnan(want))
		c = isnan(got);
	else if (isinf(want))
		c = got == want;
	else
		c = fabs(got - want) <= rel * fmax(fabs(want), 1e-300);
	ok(c, "%s", name);
	if (!c)
		printf("#   got:  %.17g\n#   want: %.17g\n", got, want);
	return c;
}

/*
 * unit_size(FULL, QUICK): how many rounds a heavy loop runs.  FULL, unless
 * MLO_UNIT_QUICK=1 is in the environment: make check-valgrind
 * (t/valgrind/run) sets it, since memcheck runs code 50 to 100 times
 * slower, and there the loops are after memory errors, not rare values.
 * make check always runs the FULL loops.
 */
static long __attribute__((unused))
unit_size(long full, long quick)
{
	static int q = -1;

	if (q == -1) {
		const char *v = getenv("MLO_UNIT_QUICK");

		q = v != NULL && strcmp(v, "1") == 0;
	}
	return q ? quick : full;
}

static int __attribute__((unused))
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
