/*
 * Unit tests of lib/special against scipy 1.10: t/data/drift/special.tsv
 * and ks2.tsv, made by t/data/drift/make_ref.py, hold scipy's values over
 * the range of each function, far tails included.  Agreement: 1e-9
 * relative for the distribution functions (1e-300 absolute below that),
 * 1e-6 relative for the two-sample KS p-value, which goes through scipy's
 * rounding of the statistic to a multiple of 1/lcm(n1, n2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "special.h"
#include "tap.h"

static FILE *
fixture(const char *name)
{
	const char *top = getenv("MLO_TOP");
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/t/data/drift/%s", top ? top : ".",
	    name);
	if ((f = fopen(path, "r")) == NULL) {
		printf("Bail out! cannot open %s\n", path);
		exit(1);
	}
	return f;
}

/* close: relative REL, or both below 1e-300 (underflow). */
static int
close_to(double got, double want, double rel)
{
	if (fabs(want) < 1e-300 && fabs(got) < 1e-300)
		return 1;
	return fabs(got - want) <= rel * fabs(want);
}

static void
special_functions(void)
{
	char fn[32];
	double a, b, want, got;
	FILE *f = fixture("special.tsv");

	while (fscanf(f, "%31s %lf %lf %lf", fn, &a, &b, &want) == 4) {
		double rel = 1e-9;

		if (strcmp(fn, "kolmogorov") == 0)
			got = kolmogorov(a);
		else if (strcmp(fn, "smirnov") == 0)
			got = smirnov((int64_t)a, b);
		else if (strcmp(fn, "kstwo") == 0) {
			got = kstwo_sf((int64_t)a, b);
			rel = 1e-7;	/* scipy's Pomeranz against Durbin */
		} else
			got = chi2_sf(a, b);
		ok(close_to(got, want, rel), "%s(%g, %g) = %.17g", fn, a, b,
		    want);
		if (!close_to(got, want, rel))
			printf("#   got:  %.17g\n", got);
	}
	fclose(f);
}

static void
ks_two_sample(void)
{
	long n1, n2;
	double d, dsnap, want, got;
	FILE *f = fixture("ks2.tsv");

	while (fscanf(f, "%ld %ld %lf %lf %lf", &n1, &n2, &d, &dsnap, &want)
	    == 5) {
		double dd = d;

		got = ks2_sf(n1, n2, &dd);
		ok(close_to(got, want, 1e-6) && dd == dsnap,
		    "ks_2samp(%ld, %ld, D=%g) p = %.17g", n1, n2, d, want);
		if (!close_to(got, want, 1e-6) || dd != dsnap)
			printf("#   got:  %.17g (D %.17g)\n", got, dd);
	}
	fclose(f);
}

static void
edges(void)
{
	double d = 0;

	ok(isnan(chi2_sf(0, 1)), "chi2_sf with df 0 is NaN, as scipy");
	ok(chi2_sf(3, 0) == 1, "chi2_sf at 0 is 1");
	ok(chi2_sf(3, INFINITY) == 0, "chi2_sf at inf is 0");
	ok(kolmogorov(0) == 1 && kolmogorov(40) == 0, "kolmogorov ends");
	ok(ks2_sf(5, 7, &d) == 1, "ks2_sf of D 0 is 1");
	ok(isnan(ks2_sf(0, 7, &d)), "ks2_sf of an empty sample is NaN");
}

int
main(void)
{
	special_functions();
	ks_two_sample();
	edges();
	return tap_done();
}
