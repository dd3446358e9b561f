/*
 * gen_sensor: write a realistic sensor table for the benchmarks.
 *
 *	gen_sensor [--ndjson] ROWS [ENTITIES] [SEED]
 *
 * A header and ROWS rows (CSV), or ROWS objects (NDJSON, one a line), of
 *
 *	ts,asset_id,vib_hz,temp_c,pressure_kpa,current_a,rpm,load_pct,
 *	humidity_pct,status
 *
 * ENTITIES assets (default 50) B-0001.. report every 30 s from
 * 2026-01-01T00:00:00Z, rows interleaved: row i is asset i % ENTITIES at
 * reading i / ENTITIES.  Each asset is a motor-driven pump with its own
 * rated speed and current; load, temperature, pressure and humidity follow
 * mean-reverting walks, the vibration peak sits on a harmonic of the running
 * speed, and a few assets wear out (hotter, bearing-defect vibration, more
 * warn and fault readings).  About 87 bytes a CSV row.
 *
 * The output depends only on the arguments: the generator is a fixed
 * xoshiro256** seeded by splitmix64, there is no libm call, and numbers are
 * printed from rounded scaled integers, not with printf.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define START_EPOCH	1767225600LL	/* 2026-01-01T00:00:00Z */
#define STEP_SECONDS	30
#define MAX_ENTITIES	1000000
#define OUTBUF_SIZE	(1 << 20)

struct rng {
	uint64_t s[4];
};

struct asset {
	double rated_rpm;	/* synchronous speed less nominal slip */
	double rated_current;
	double ambient;
	double setpoint_kpa;
	double load, temp, pressure, humidity;
	double wear;		/* 0 healthy .. 1 about to fail */
	double wear_rate;	/* per reading; 0 for most assets */
	int harmonic;		/* vibration peak: harmonic of running speed */
	char id[16];
	size_t idlen;
};

static char outbuf[OUTBUF_SIZE];
static size_t outlen;

static void
die(const char *msg)
{
	fprintf(stderr, "gen_sensor: %s\n", msg);
	exit(2);
}

static void
flush_out(void)
{
	size_t off = 0;

	while (off < outlen) {
		ssize_t n = write(STDOUT_FILENO, outbuf + off, outlen - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "gen_sensor: write error: %s\n",
			    strerror(errno));
			exit(2);
		}
		off += (size_t)n;
	}
	outlen = 0;
}

static void
put(const char *s, size_t n)
{
	if (outlen + n > sizeof(outbuf))
		flush_out();
	memcpy(outbuf + outlen, s, n);
	outlen += n;
}

static void
puts_lit(const char *s)
{
	put(s, strlen(s));
}

/* put_fixed: X rounded to DECIMALS places, always that many digits. */
static void
put_fixed(double x, int decimals)
{
	static const double scale[] = { 1, 10, 100, 1000, 10000 };
	char tmp[48], *p = tmp + sizeof(tmp);
	uint64_t v, ip;
	int neg = x < 0, i;

	if (neg)
		x = -x;
	v = (uint64_t)(x * scale[decimals] + 0.5);
	for (i = 0; i < decimals; i++) {
		*--p = (char)('0' + v % 10);
		v /= 10;
	}
	if (decimals > 0)
		*--p = '.';
	ip = v;
	do {
		*--p = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip > 0);
	if (neg)
		*--p = '-';
	put(p, tmp + sizeof(tmp) - p);
}

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* uniform: [0, 1). */
static double
uniform(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* noise: roughly normal, mean 0, standard deviation about SD. */
static double
noise(struct rng *r, double sd)
{
	return (uniform(r) + uniform(r) + uniform(r) + uniform(r) - 2.0) *
	    sd * 1.732;
}

static double
clamp(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

static void
asset_init(struct asset *a, long n, struct rng *r)
{
	/* 4- and 2-pole motors on 50 and 60 Hz grids, less slip. */
	static const double speeds[] = { 1475, 1770, 2950, 3550 };
	int len;

	a->rated_rpm = speeds[rng_next(r) % 4];
	a->rated_current = 8 + uniform(r) * 52;
	a->ambient = 18 + uniform(r) * 12;
	a->setpoint_kpa = 250 + uniform(r) * 450;
	a->load = 50 + uniform(r) * 35;
	a->temp = a->ambient + 20;
	a->pressure = a->setpoint_kpa;
	a->humidity = 35 + uniform(r) * 40;
	a->wear = uniform(r) * 0.2;
	/* about one asset in eight wears out over ~10 days of readings */
	a->wear_rate = uniform(r) < 0.125 ? 1.0 / (20000 + uniform(r) *
	    30000) : 0;
	a->harmonic = 1;
	len = snprintf(a->id, sizeof(a->id), "B-%04ld", n);
	a->idlen = (size_t)len;
}

/* asset_step: advance one reading; fills the columns after asset_id. */
static void
asset_step(struct asset *a, struct rng *r, double col[7], const char **status)
{
	double run_hz, rpm, vib, current, u;

	a->wear = clamp(a->wear + a->wear_rate, 0, 1);
	a->load = clamp(a->load + 0.05 * (70 - a->load) + noise(r, 1.5),
	    5, 100);
	a->humidity = clamp(a->humidity + 0.01 * (55 - a->humidity) +
	    noise(r, 0.4), 5, 99);
	a->pressure += 0.1 * (a->setpoint_kpa * (0.6 + a->load / 250) -
	    a->pressure) + noise(r, 2.5);
	a->temp += 0.05 * (a->ambient + 0.35 * a->load + 30 * a->wear -
	    a->temp) + noise(r, 0.15);

	/* more load, more slip; a worn bearing drags a little */
	rpm = a->rated_rpm * (1 - 0.0002 * a->load - 0.01 * a->wear) +
	    noise(r, 1.2);
	run_hz = rpm / 60;
	/* the peak hops between harmonics now and then */
	if (uniform(r) < 0.02)
		a->harmonic = 1 + (int)(rng_next(r) % 4);
	if (a->wear > 0.5 && uniform(r) < a->wear - 0.4)
		vib = run_hz * (4.2 + 3.5 * a->wear);	/* bearing defect */
	else
		vib = run_hz * a->harmonic;
	vib = clamp(vib + noise(r, 0.8), 0, 499.999);
	current = a->rated_current * (0.3 + 0.007 * a->load) *
	    (1 + 0.1 * a->wear) + noise(r, 0.2);

	col[0] = vib;
	col[1] = a->temp;
	col[2] = clamp(a->pressure, 0, 2000);
	col[3] = clamp(current, 0, 1000);
	col[4] = rpm;
	col[5] = a->load;
	col[6] = a->humidity;

	u = uniform(r);
	if (u < 0.0005 + 0.05 * a->wear * a->wear)
		*status = "fault";
	else if (u < 0.02 + 0.2 * a->wear || a->temp > 85)
		*status = "warn";
	else
		*status = "ok";
}

/* put_digits: the low WIDTH decimal digits of V (>= 0), zero-padded. */
static void
put_digits(char *out, long long v, int width)
{
	while (width-- > 0) {
		out[width] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* format_ts: T (epoch seconds, >= 0) as YYYY-MM-DDTHH:MM:SSZ into 21 bytes. */
static void
format_ts(long long t, char out[21])
{
	long long days = t / 86400, secs = t % 86400;
	/* civil_from_days, H. Hinnant, for days since 1970-01-01 */
	long long z = days + 719468;
	long long era = z / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long y = yoe + era * 400;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	long long d = doy - (153 * mp + 2) / 5 + 1;
	long long m = mp < 10 ? mp + 3 : mp - 9;

	if (m <= 2)
		y++;
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = 'T';
	put_digits(out + 11, secs / 3600, 2);
	out[13] = ':';
	put_digits(out + 14, secs / 60 % 60, 2);
	out[16] = ':';
	put_digits(out + 17, secs % 60, 2);
	out[19] = 'Z';
	out[20] = '\0';
}

static long long
parse_count(const char *s, const char *what, long long max)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || v < 0 || v > max) {
		fprintf(stderr, "gen_sensor: bad %s '%s'\n", what, s);
		exit(2);
	}
	return v;
}

static void
usage(void)
{
	fprintf(stderr, "usage: gen_sensor [--ndjson] ROWS [ENTITIES] "
	    "[SEED]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	static const char *names[] = { "vib_hz", "temp_c", "pressure_kpa",
	    "current_a", "rpm", "load_pct", "humidity_pct" };
	static const int decimals[] = { 4, 3, 4, 4, 2, 4, 4 };
	const char *pos[3] = { NULL, NULL, NULL };
	long long rows, entities = 50, i;
	uint64_t seed = 1, sm;
	struct asset *assets;
	struct rng r;
	char ts[21];
	int ndjson = 0, npos = 0, a, c;

	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--ndjson") == 0)
			ndjson = 1;
		else if (argv[a][0] == '-' && argv[a][1] != '\0')
			usage();
		else if (npos < 3)
			pos[npos++] = argv[a];
		else
			usage();
	}
	if (npos < 1)
		usage();
	rows = parse_count(pos[0], "row count", LLONG_MAX / 2);
	if (pos[1] != NULL)
		entities = parse_count(pos[1], "entity count", MAX_ENTITIES);
	if (entities < 1)
		die("entity count must be at least 1");
	if (pos[2] != NULL)
		seed = (uint64_t)parse_count(pos[2], "seed", LLONG_MAX);

	sm = seed;
	for (c = 0; c < 4; c++)
		r.s[c] = splitmix64(&sm);
	if ((assets = calloc((size_t)entities, sizeof(*assets))) == NULL)
		die("out of memory");
	for (i = 0; i < entities; i++)
		asset_init(&assets[i], (long)i + 1, &r);

	if (!ndjson)
		puts_lit("ts,asset_id,vib_hz,temp_c,pressure_kpa,current_a,"
		    "rpm,load_pct,humidity_pct,status\n");
	for (i = 0; i < rows; i++) {
		struct asset *as = &assets[i % entities];
		const char *status;
		double col[7];

		/* the stamp changes once per round of assets */
		if (i % entities == 0)
			format_ts(START_EPOCH + i / entities * STEP_SECONDS,
			    ts);
		asset_step(as, &r, col, &status);
		if (ndjson) {
			puts_lit("{\"ts\":\"");
			put(ts, 20);
			puts_lit("\",\"asset_id\":\"");
			put(as->id, as->idlen);
			put("\"", 1);
			for (c = 0; c < 7; c++) {
				puts_lit(",\"");
				puts_lit(names[c]);
				puts_lit("\":");
				put_fixed(col[c], decimals[c]);
			}
			puts_lit(",\"status\":\"");
			puts_lit(status);
			puts_lit("\"}\n");
		} else {
			put(ts, 20);
			put(",", 1);
			put(as->id, as->idlen);
			for (c = 0; c < 7; c++) {
				put(",", 1);
				put_fixed(col[c], decimals[c]);
			}
			put(",", 1);
			puts_lit(status);
			put("\n", 1);
		}
	}
	flush_out();
	free(assets);
	return 0;
}
