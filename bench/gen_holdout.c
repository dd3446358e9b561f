/*
 * gen_holdout: a holdout of a failure model's predictions, for timing
 * mlo-retrain-gate (bench/README).
 *
 *	gen_holdout candidate|production ROWS [SEED]
 *
 * CSV id,label,score.  Labels are the same for both models (about 5% are
 * failures); the candidate separates them better than production.  Scores
 * have six decimals, so there are ties, as real scores have.  The same
 * arguments give the same bytes on every machine.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t
next(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static double
uniform(uint64_t *s)
{
	return ((next(s) >> 11) + 0.5) / 9007199254740992.0;
}

static double
normal(uint64_t *s)
{
	return sqrt(-2 * log(uniform(s))) * cos(6.283185307179586 * uniform(s));
}

int
main(int argc, char *argv[])
{
	uint64_t labels, noise;
	long rows, i;
	int cand;

	if (argc < 3 || (strcmp(argv[1], "candidate") != 0 &&
	    strcmp(argv[1], "production") != 0)) {
		fprintf(stderr, "usage: gen_holdout candidate|production ROWS "
		    "[SEED]\n");
		return 2;
	}
	cand = strcmp(argv[1], "candidate") == 0;
	rows = atol(argv[2]);
	labels = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
	noise = labels * 7919 + (cand ? 1 : 2);
	printf("id,label,score\n");
	for (i = 0; i < rows; i++) {
		int y = uniform(&labels) < 0.05;
		double s = (cand ? 0.35 : 0.25) * y + 0.25 + 0.15 * normal(&noise);

		s = s < 0 ? 0 : s > 1 ? 1 : s;
		printf("r%ld,%d,%.6f\n", i, y, s);
	}
	return ferror(stdout) ? 2 : 0;
}
