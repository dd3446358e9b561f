/*
 * num_bench: nanoseconds per call of num_format against snprintf("%.17g")
 * and of num_parse against strtod, on values as sensors write them.
 *
 *	cc -O2 -Ilib bench/num_bench.c lib/libmlo.a $(LIBS) -o num_bench
 *	./num_bench [calls]
 *
 * Each figure is the best of five rounds, so that a busy machine shows
 * the cost of the code rather than of its neighbours.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "num.h"

#define NVALUES	1024
#define ROUNDS	5

static const char *const typical[] = {
	"23.45", "-0.125", "1013.2", "0.5", "7", "-3.75", "998.06", "21.9"
};

static char text[NVALUES][NUM_BUFSZ];
static size_t text_len[NVALUES];
static double value[NVALUES];
static volatile double sink;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
time_format(long calls)
{
	char buf[NUM_BUFSZ];
	double t0 = now();
	long i;
	size_t total = 0;

	for (i = 0; i < calls; i++)
		total += num_format(value[i % NVALUES], buf);
	sink = (double)total;
	return (now() - t0) / calls * 1e9;
}

static double
time_snprintf(long calls)
{
	char buf[NUM_BUFSZ];
	double t0 = now();
	long i;
	size_t total = 0;

	for (i = 0; i < calls; i++)
		total += (size_t)snprintf(buf, sizeof(buf), "%.17g",
		    value[i % NVALUES]);
	sink = (double)total;
	return (now() - t0) / calls * 1e9;
}

static double
time_parse(long calls)
{
	double t0 = now(), v, total = 0;
	long i;

	for (i = 0; i < calls; i++) {
		if (num_parse(text[i % NVALUES], text_len[i % NVALUES],
		    &v) == -1)
			abort();
		total += v;
	}
	sink = total;
	return (now() - t0) / calls * 1e9;
}

static double
time_strtod(long calls)
{
	double t0 = now(), total = 0;
	long i;

	for (i = 0; i < calls; i++)
		total += strtod(text[i % NVALUES], NULL);
	sink = total;
	return (now() - t0) / calls * 1e9;
}

static double
best(double (*fn)(long), long calls)
{
	double b = fn(calls), t;
	int r;

	for (r = 1; r < ROUNDS; r++)
		if ((t = fn(calls)) < b)
			b = t;
	return b;
}

/*
 * The table: the typical values first, then readings with one to three
 * decimals in the ranges plants report (temperatures, pressures,
 * vibration), from a fixed LCG so that every run times the same work.
 */
static void
fill_values(void)
{
	unsigned long x = 12345;
	size_t i, n = sizeof(typical) / sizeof(typical[0]);
	int decimals;
	long whole;

	for (i = 0; i < NVALUES; i++) {
		if (i < n) {
			snprintf(text[i], NUM_BUFSZ, "%s", typical[i]);
		} else {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			decimals = 1 + (int)((x >> 33) % 3);
			whole = (long)((x >> 40) % 200000) - 50000;
			snprintf(text[i], NUM_BUFSZ, "%.*f", decimals,
			    whole / 100.0);
		}
		text_len[i] = strlen(text[i]);
		value[i] = strtod(text[i], NULL);
	}
}

int
main(int argc, char *argv[])
{
	long calls = argc > 1 ? atol(argv[1]) : 5000000;

	if (calls <= 0) {
		fprintf(stderr, "usage: num_bench [calls]\n");
		return 2;
	}
	fill_values();
	printf("%-22s %6.1f ns/call\n", "num_format",
	    best(time_format, calls));
	printf("%-22s %6.1f ns/call\n", "snprintf %.17g",
	    best(time_snprintf, calls));
	printf("%-22s %6.1f ns/call\n", "num_parse",
	    best(time_parse, calls));
	printf("%-22s %6.1f ns/call\n", "strtod",
	    best(time_strtod, calls));
	return 0;
}
