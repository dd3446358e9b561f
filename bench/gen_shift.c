/*
 * gen_shift: independent Gaussian streams with a mean shift, for
 * bench/detector.
 *
 *	gen_shift STREAMS ROWS CHANGE SHIFT [SEED]
 *
 * Writes the CSV header "stream,t,x" and STREAMS streams of ROWS rows
 * each, one after the other: x ~ N(0, 1), plus SHIFT from t = CHANGE + 1
 * on (SHIFT 0: no change).  t counts from 1 in every stream.  The
 * generator is xoshiro256** seeded by splitmix64 and Box-Muller, so the
 * output depends only on the arguments (and on libm's log, sqrt and cos).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t s[4];

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
next(void)
{
	uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return r;
}

static double
uniform(void)
{
	return ((next() >> 11) + 0.5) * 0x1.0p-53;
}

static double
gauss(void)
{
	static int have;
	static double spare;
	double u, v, r;

	if (have) {
		have = 0;
		return spare;
	}
	u = uniform();
	v = uniform();
	r = sqrt(-2 * log(u));
	spare = r * sin(2 * M_PI * v);
	have = 1;
	return r * cos(2 * M_PI * v);
}

int
main(int argc, char **argv)
{
	long streams, rows, change, i, t;
	double shift;
	uint64_t seed;
	int k;

	if (argc < 5 || argc > 6) {
		fprintf(stderr, "usage: gen_shift STREAMS ROWS CHANGE SHIFT "
		    "[SEED]\n");
		return 2;
	}
	streams = atol(argv[1]);
	rows = atol(argv[2]);
	change = atol(argv[3]);
	shift = atof(argv[4]);
	seed = argc == 6 ? strtoull(argv[5], NULL, 10) : 1;
	for (k = 0; k < 4; k++) {	/* splitmix64 */
		uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		s[k] = z ^ (z >> 31);
	}
	printf("stream,t,x\n");
	for (i = 0; i < streams; i++)
		for (t = 1; t <= rows; t++)
			printf("%ld,%ld,%.6f\n", i, t, gauss() +
			    (t > change ? shift : 0));
	return ferror(stdout) || fclose(stdout) ? 2 : 0;
}
