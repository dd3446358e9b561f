/*
 * gen_report: the inputs of the mlo-report benchmark (bench/run).
 *
 *   gen_report events N        N events over 30 days, in time order
 *   gen_report predictions N   N prediction rows of 2000 assets, hourly
 *   gen_report outcomes N      N failures of those assets
 *
 * The events mix what the programs write: mlo-validate's conditions
 * (firing, then resolved) and row-check findings on 500 assets, its
 * summaries, mlo-drift's drift pairs on 20 columns, gate decisions.
 * Deterministic (a fixed LCG), so every run times the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned long long seed = 42;

static unsigned
rnd(unsigned n)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((seed >> 33) % n);
}

static void
stamp(long long t, char *b)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(b, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

#define START 1764547200LL	/* 2025-12-01T00:00:00Z */
#define SPAN (30LL * 86400)
#define ASSETS 2000

static void
events(long n)
{
	static const char *const kinds[] = { "null_rate", "stuck",
		"sustained", "rate", "latency", "freshness" };
	static const char *const rowkinds[] = { "range", "type", "nan" };
	static const char *const cols[] = { "vib_hz", "temp_c", "rpm",
		"load", "current" };
	static unsigned char open[500][6][5];
	char t[32];
	long i;

	for (i = 0; i < n; i++) {
		long long when = START + SPAN * i / n;
		unsigned r = rnd(100);

		stamp(when, t);
		if (r < 70) {
			unsigned a = rnd(500), k = rnd(6), c = rnd(5);
			int f = !open[a][k][c];

			open[a][k][c] = (unsigned char)f;
			printf("{\"v\":1,\"time\":\"%s\",\"tool\":\"mlo-validate"
			    "\",\"kind\":\"%s\",\"state\":\"%s\",\"severity\":"
			    "\"%s\",\"layer\":\"integrity\",\"contract\":"
			    "\"plant-%u@1.0.0\",\"column\":\"%s\",\"entity\":"
			    "\"A-%04u\",\"window_from\":\"%s\",\"window_to\":"
			    "\"%s\",\"value\":%u.%02u,\"limit\":0.05,\"rows\":"
			    "120,\"message\":\"%s on %s\"}\n", t, kinds[k],
			    f ? "firing" : "resolved", k == 2 ? "critical" :
			    "warning", a % 5, cols[c], a, t, t, rnd(3),
			    rnd(100), kinds[k], cols[c]);
		} else if (r < 85)
			printf("{\"v\":1,\"time\":\"%s\",\"tool\":\"mlo-validate"
			    "\",\"kind\":\"%s\",\"severity\":\"critical\","
			    "\"layer\":\"integrity\",\"contract\":\"plant-%u@"
			    "1.0.0\",\"column\":\"%s\",\"rows\":%u,\"first\":"
			    "\"in.csv:%u\",\"last\":\"in.csv:%u\",\"example\":"
			    "\"612\",\"message\":\"rows out of range\"}\n", t,
			    rowkinds[rnd(3)], rnd(5), cols[rnd(5)],
			    1 + rnd(9), 1 + rnd(1000), 1000 + rnd(1000));
		else if (r < 97)
			printf("{\"v\":1,\"time\":\"%s\",\"tool\":\"mlo-validate"
			    "\",\"kind\":\"summary\",\"severity\":\"info\","
			    "\"layer\":\"integrity\",\"contract\":\"plant-%u@"
			    "1.0.0\",\"rows\":1000,\"rows_passed\":998,"
			    "\"rows_rejected\":2,\"message\":\"1000 rows in, "
			    "998 passed, 2 rejected\"}\n", t, rnd(5));
		else if (r < 99)
			printf("{\"v\":1,\"time\":\"%s\",\"tool\":\"mlo-drift\","
			    "\"kind\":\"drift\",\"state\":\"%s\",\"severity\":"
			    "\"warning\",\"layer\":\"model\",\"column\":"
			    "\"feat_%02u\",\"window_from\":\"%s\",\"window_to\":"
			    "\"%s\",\"test\":\"psi\",\"value\":0.%02u,\"limit\":"
			    "0.2,\"rows\":10000,\"message\":\"psi moved\"}\n", t,
			    rnd(2) ? "firing" : "resolved", rnd(20), t, t,
			    rnd(100));
		else
			printf("{\"v\":1,\"time\":\"%s\",\"tool\":"
			    "\"mlo-retrain-gate\",\"kind\":\"gate\",\"severity\":"
			    "\"info\",\"layer\":\"lifecycle\",\"policy\":\"p\","
			    "\"decision\":\"promote\",\"candidate\":\"v%u\","
			    "\"production\":\"v%u\",\"message\":\"promoted\"}\n",
			    t, rnd(9), rnd(9));
	}
}

static void
predictions(long n)
{
	char t[32];
	long i;

	printf("id,entity,time,score,model_version\n");
	for (i = 0; i < n; i++) {
		long long when = START + 3600LL * (i / ASSETS);
		unsigned a = (unsigned)(i % ASSETS);

		stamp(when, t);
		printf("A-%04u@%s,A-%04u,%s,0.%03u,v%u\n", a, t, a, t,
		    rnd(100) < 97 ? rnd(500) : 500 + rnd(500),
		    3 + (unsigned)(when >= START + SPAN / 2));
	}
}

static void
outcomes(long n)
{
	char t[32];
	long i;

	printf("entity,failure_time,downtime_hours,cost\n");
	for (i = 0; i < n; i++) {
		stamp(START + 3600LL * rnd(500) + rnd(3600), t);
		printf("A-%04u,%s,%u,%s\n", rnd(ASSETS), t, 1 + rnd(24),
		    rnd(2) ? "" : "42000");
	}
}

int
main(int argc, char *argv[])
{
	long n;

	if (argc != 3 || (n = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: gen_report events|predictions|"
		    "outcomes N\n");
		return 2;
	}
	if (strcmp(argv[1], "events") == 0)
		events(n);
	else if (strcmp(argv[1], "predictions") == 0)
		predictions(n);
	else if (strcmp(argv[1], "outcomes") == 0)
		outcomes(n);
	else
		return 2;
	return fflush(stdout) == 0 ? 0 : 2;
}
