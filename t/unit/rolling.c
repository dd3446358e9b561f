/*
 * Unit tests of lib/rolling: count windows with nulls and min_periods,
 * time windows closed on the right, the sorted copy against a brute-force
 * sort over many random steps (duplicates and nulls included), running
 * sums against two passes over a long run with a large offset (no drift),
 * constant windows, ewma by rows and by time, lag rings, the limit on a
 * time window's readings, and save/load giving the very same bits.
 * MLO_UNIT_QUICK=1 (make check-valgrind) runs the sums over 5*10^4
 * readings instead of 10^6.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rolling.h"
#include "tap.h"

#define SEC INT64_C(1000000000)

static double
stat(struct roll_win *w, enum roll_stat s, double q, int64_t minp)
{
	struct roll_sums m = {0};

	return roll_stat(w, s, q, minp, &m);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
test_count_window(void)
{
	struct roll_shape s = { 3, 0, 1 };
	struct roll_win w = {0};
	struct mlo_error e;

	roll_push(&w, &s, 1 * SEC, 1, &e);
	roll_push(&w, &s, 2 * SEC, NAN, &e);
	is_close(stat(&w, RS_MEAN, 0, 3), NAN, 0, "fewer than min_periods: null");
	is_close(stat(&w, RS_MEAN, 0, 1), 1, 0, "a null takes a place, not a value");
	roll_push(&w, &s, 3 * SEC, 4, &e);
	is_close(stat(&w, RS_COUNT, 0, 1), 2, 0, "count counts non-null values");
	is_close(stat(&w, RS_SUM, 0, 1), 5, 0, "sum");
	is_close(stat(&w, RS_VAR, 0, 1), 4.5, 1e-15, "var is sample variance");
	is_close(stat(&w, RS_PEAK_TO_PEAK, 0, 1), 3, 0, "peak_to_peak");
	is_close(stat(&w, RS_SLOPE, 0, 1), 1.5, 1e-15, "slope per second");
	roll_push(&w, &s, 4 * SEC, 7, &e);
	is_close(stat(&w, RS_MEAN, 0, 1), 5.5, 0, "the null left the window");
	roll_push(&w, &s, 5 * SEC, 10, &e);
	is_close(stat(&w, RS_MEAN, 0, 3), 7, 0, "the oldest left the window");
	is_close(stat(&w, RS_MEDIAN, 0, 3), 7, 0, "median");
	is_close(stat(&w, RS_QUANTILE, 0.25, 3), 5.5, 0, "quantile, linear");
	is_close(stat(&w, RS_RMS, 0, 3), sqrt((16 + 49 + 100) / 3.0), 1e-15,
	    "rms");
	is_close(stat(&w, RS_CREST_FACTOR, 0, 3), 10 / sqrt(55.0), 1e-15,
	    "crest factor");
	roll_free(&w);
}

static void
test_time_window(void)
{
	struct roll_shape s = { 0, 10 * SEC, 0 };
	struct roll_win w = {0};
	struct mlo_error e;

	roll_push(&w, &s, 0, 1, &e);
	roll_push(&w, &s, 5 * SEC, 2, &e);
	roll_push(&w, &s, 10 * SEC, 4, &e);
	is_close(stat(&w, RS_SUM, 0, 1), 6, 0,
	    "(t - 10s, t]: the reading 10 s back is out");
	roll_push(&w, &s, 10 * SEC, 8, &e);
	is_close(stat(&w, RS_SUM, 0, 1), 14, 0, "same time: both in");
	roll_push(&w, &s, 30 * SEC, NAN, &e);
	is_close(stat(&w, RS_SUM, 0, 1), NAN, 0, "a gap empties it: null");
	roll_free(&w);
}

static void
test_limit(void)
{
	struct roll_shape s = { 0, 1000000 * SEC, 0 };
	struct roll_win w = {0};
	struct mlo_error e;
	int i, r = 0;

	for (i = 0; i <= ROLL_MAX_READINGS && r == 0; i++)
		r = roll_push(&w, &s, i, 1, &e);
	ok(r == -1 && i == ROLL_MAX_READINGS + 1,
	    "a time window refuses reading %d", ROLL_MAX_READINGS + 1);
	is_str(e.msg, "more than 100000 readings in one time window",
	    "  saying why");
	roll_free(&w);
}

/* The sorted copy against sorting the window, over random steps. */
static void
test_order_stats(void)
{
	struct mlo_error e;
	int bad = 0, k, step;

	srand(7);
	for (k = 1; k <= 40; k += 3) {
		struct roll_shape s = { k, 0, 1 };
		struct roll_win w = {0};
		double hist[4000], sorted[64];

		for (step = 0; step < 4000; step++) {
			double v = rand() % 5 == 0 ? NAN : (double)(rand() % 9);
			size_t n = 0;
			int i;

			hist[step] = v;
			roll_push(&w, &s, step, v, &e);
			for (i = step; i >= 0 && i > step - k; i--)
				if (hist[i] == hist[i])
					sorted[n++] = hist[i];
			qsort(sorted, n, sizeof *sorted, cmp_double);
			if (n == 0)
				continue;
			if (stat(&w, RS_MIN, 0, 1) != sorted[0] ||
			    stat(&w, RS_MAX, 0, 1) != sorted[n - 1] ||
			    stat(&w, RS_MEDIAN, 0, 1) != (n % 2 ? sorted[n / 2] :
			    (sorted[n / 2 - 1] + sorted[n / 2]) / 2) ||
			    stat(&w, RS_COUNT, 0, 1) != (double)n)
				bad++;
		}
		roll_free(&w);
	}
	is_long(bad, 0, "min, max, median and count agree with a sort, "
	    "windows 1 to 40, 4000 random steps each");
}

/* Running sums over a million readings near 1e4: no drift. */
static void
test_no_drift(void)
{
	struct roll_shape s = { 100, 0, 0 };
	struct roll_win w = {0};
	struct mlo_error e;
	double worst = 0, hist[100];
	int n = (int)unit_size(1000000, 50000), i, j;

	srand(11);
	for (i = 0; i < n; i++) {
		double v = 1e4 + (double)rand() / RAND_MAX, mean = 0, m2 = 0;

		hist[i % 100] = v;
		roll_push(&w, &s, i, v, &e);
		if (i < 99 || i % 997 != 0)
			continue;
		for (j = 0; j < 100; j++)
			mean += hist[j];
		mean /= 100;
		for (j = 0; j < 100; j++)
			m2 += (hist[j] - mean) * (hist[j] - mean);
		worst = fmax(worst, fabs(stat(&w, RS_VAR, 0, 1) - m2 / 99) /
		    (m2 / 99));
	}
	ok(worst < 1e-9, "var of a window near 1e4 stays within 1e-9 of two "
	    "passes over %d readings (worst %.3g)", n, worst);
	roll_free(&w);
}

static void
test_constant(void)
{
	struct roll_shape s = { 5, 0, 0 };
	struct roll_win w = {0};
	struct mlo_error e;
	int i;

	for (i = 0; i < 20; i++)
		roll_push(&w, &s, i, 0.1, &e);
	ok(stat(&w, RS_STD, 0, 1) == 0, "a constant window has std 0 exactly");
	is_close(stat(&w, RS_SKEWNESS, 0, 1), NAN, 0, "  skewness null");
	is_close(stat(&w, RS_KURTOSIS, 0, 1), NAN, 0, "  kurtosis null");
	roll_free(&w);
}

static void
test_ewma(void)
{
	struct ewma_shape rows = { 0.5, 0, 1 }, time = { 0.5, 60 * SEC, 1 };
	struct ewma_state st = {0};

	is_close(ewma_push(&st, &rows, 0, 10), 10, 0, "ewma starts at the value");
	is_close(ewma_push(&st, &rows, 1, NAN), 10, 0, "a null holds it");
	is_close(ewma_push(&st, &rows, 2, 30), 26, 1e-15,
	    "adjust=True, the null still aging the weights");
	memset(&st, 0, sizeof st);
	ewma_push(&st, &time, 0, 0);
	is_close(ewma_push(&st, &time, 60 * SEC, 3), 2, 1e-15,
	    "one half-life later the old weight is a half");
	is_close(ewma_push(&st, &time, 60 * SEC, 3), 2.4, 1e-15,
	    "no time, no decay");
}

static void
test_lag(void)
{
	struct lag_ring r = {0};

	lag_push(&r, 3, 1);
	lag_push(&r, 3, 2);
	is_close(lag_get(&r, 0), 2, 0, "lag 0 is the newest");
	is_close(lag_get(&r, 2), NAN, 0, "lag past the start is null");
	lag_push(&r, 3, 3);
	lag_push(&r, 3, 4);
	is_close(lag_get(&r, 2), 2, 0, "the ring keeps the last 3");
	lag_free(&r);
}

/* Save mid-run, load, go on: the very same bits as never saving. */
static void
test_save_load(void)
{
	struct roll_shape s = { 7, 0, 1 };
	struct roll_win a = {0}, b = {0};
	struct mlo_error e;
	struct buf buf = {0};
	cJSON *obj;
	int i, same = 1;

	srand(3);
	for (i = 0; i < 150; i++)
		roll_push(&a, &s, i, rand() % 4 ? rand() / 7.0 : NAN, &e);
	buf_adds(&buf, "{\"x\":1");
	roll_save(&a, "w", &buf);
	buf_addc(&buf, '}');
	obj = cJSON_Parse(buf.data);
	ok(obj != NULL && roll_load(&b, &s, obj, "w", &e) == 0,
	    "a saved window loads");
	for (i = 150; i < 400; i++) {
		double v = rand() % 4 ? rand() / 7.0 : NAN, x, y;

		roll_push(&a, &s, i, v, &e);
		roll_push(&b, &s, i, v, &e);
		x = stat(&a, RS_STD, 0, 2);
		y = stat(&b, RS_STD, 0, 2);
		if (memcmp(&x, &y, sizeof x) != 0 && !(x != x && y != y))
			same = 0;
	}
	ok(same, "  and gives the very same std bits for 250 more readings");
	cJSON_Delete(obj);
	buf_free(&buf);
	roll_free(&a);
	roll_free(&b);
}

int
main(void)
{
	enum roll_stat st;

	ok(roll_stat_parse("kurtosis", &st) == 0 && st == RS_KURTOSIS,
	    "stat names parse");
	ok(roll_stat_parse("kurt", &st) == -1, "unknown names do not");
	test_count_window();
	test_time_window();
	test_limit();
	test_order_stats();
	test_no_drift();
	test_constant();
	test_ewma();
	test_lag();
	test_save_load();
	return tap_done();
}
