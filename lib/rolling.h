/*
 * rolling: the per-entity state behind mlo-features(5) columns (rolling
 * windows by count or by time, exponentially weighted means, the last
 * readings for lag, diff and pct_change) and the statistics over them.
 *
 * Values are doubles and a null is NaN.  A count window holds the last
 * COUNT rows of its entity, nulls included (they take a place, as in
 * pandas' rolling(COUNT)); a time window holds the non-null readings in
 * (t - SPAN, t], closed on the right as pandas' rolling('10min').  Every
 * statistic is computed over the non-null values and is null when there
 * are fewer than min_periods of them (see roll_stat).
 *
 * Speed and determinism: count, sum, mean, var, std and rms come from
 * running sums (Welford's mean and squared deviations, updated as readings
 * enter and leave), recomputed exactly from the readings once a window's
 * worth of readings has passed, so rounding cannot drift; min, max and
 * the order statistics come from a sorted copy; skewness, kurtosis and
 * slope are two passes over the window.  The running sums are part of the
 * saved state, bit for bit, so a window saved with roll_save and loaded
 * with roll_load gives the very numbers the unsaved window would.
 */
#ifndef MLO_ROLLING_H
#define MLO_ROLLING_H

#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

#include "diag.h"
#include "timeparse.h"
#include "util.h"

/* The most readings a time window may hold at once, per entity. */
#define ROLL_MAX_READINGS 100000
/* The largest count window, lag, diff or pct_change distance. */
#define ROLL_MAX_COUNT 1000000

enum roll_stat {
	RS_COUNT, RS_SUM, RS_MEAN, RS_VAR, RS_STD, RS_MIN, RS_MAX, RS_MEDIAN,
	RS_QUANTILE, RS_RMS, RS_PEAK_TO_PEAK, RS_CREST_FACTOR, RS_SKEWNESS,
	RS_KURTOSIS, RS_SLOPE
};

/* roll_stat_parse: the statistic named S; -1 when none is. */
int roll_stat_parse(const char *s, enum roll_stat *out);
const char *roll_stat_name(enum roll_stat s);
/* roll_stat_names: "count, sum, mean, ..." for messages. */
const char *roll_stat_names(void);

/* The shape of a window: COUNT rows, or SPAN of time when COUNT is 0. */
struct roll_shape {
	int64_t count;
	mlo_time span;
	int ordered;		/* keep a sorted copy (min, max, median, ...) */
};

/* One entity's readings in one window.  Zero-initialise. */
struct roll_win {
	double *v;
	mlo_time *t;
	size_t cap, head, n;	/* ring: oldest at head, n held */
	double *sorted;		/* the non-null values, ascending */
	size_t nsorted;
	/* Running sums over the non-null values held. */
	int64_t nn;		/* how many */
	double sum, sumsq, mean, m2;
	int64_t run;		/* the newest value repeated this many times */
	double lastv;
	int64_t since;		/* updates since the exact recomputation */
};

/*
 * roll_push: the reading V (NaN: null) at time T enters W; readings that
 * leave the window leave it.  -1 with E when a time window would hold
 * more than ROLL_MAX_READINGS.
 */
int roll_push(struct roll_win *w, const struct roll_shape *s, mlo_time t,
    double v, struct mlo_error *e);

/*
 * What the statistics of one window at one row share; roll_stat fills it
 * on first use.  Set valid to 0 whenever the window changed.
 */
struct roll_sums {
	int valid, centred;
	size_t n;
	double sum, sumsq, sumt, min, max, maxabs, mean, m2, m3, m4, sxx, sxy;
};

/*
 * roll_stat: statistic S of W (Q for RS_QUANTILE), null (NaN) when fewer
 * than MIN_PERIODS non-null values are held or the statistic is undefined
 * (var and std of one value, slope over one instant, skewness, kurtosis
 * and crest factor of a constant).  Definitions in mlo-features(5).
 */
double roll_stat(const struct roll_win *w, enum roll_stat s, double q,
    int64_t min_periods, struct roll_sums *sums);

void roll_free(struct roll_win *w);

/*
 * Exponentially weighted mean as pandas ewm(adjust=True, ignore_na=False)
 * computes it.  With HALFLIFE_T > 0 the weights decay by the real time
 * between readings (pandas' times=), otherwise by ALPHA per row.
 */
struct ewma_shape {
	double alpha;
	mlo_time halflife_t;
	int64_t min_periods;
};

struct ewma_state {
	int started;
	double weighted, old_wt;
	int64_t nobs;
	mlo_time last;		/* time of the previous row, when started */
};

/* ewma_push: the row's value V at T; returns the mean after it, or NaN. */
double ewma_push(struct ewma_state *st, const struct ewma_shape *s,
    mlo_time t, double v);

/*
 * The last rows of a source column, for lag, diff and pct_change:
 * lag_push keeps the last CAP values (nulls included); lag_get is the
 * value N rows back (N = 0 is the newest), NaN when there is none.
 */
struct lag_ring {
	double *v;
	size_t cap, head, n;
};

void lag_push(struct lag_ring *r, size_t cap, double v);
double lag_get(const struct lag_ring *r, size_t n);
void lag_free(struct lag_ring *r);

/*
 * The last samples of a spectrum column (lib/spectrum) and of its shaft
 * speed column: samp_push keeps the last WINDOW of each and returns 1 when
 * a window ends at this sample (once WINDOW samples are held, then every
 * HOP); samp_window copies the window into X, oldest first, sets *SPEED
 * to the mean speed over it, and returns 1 when a sample or a speed in
 * it is null.  Without a speed column, SPEED is NULL in both.
 */
struct samp_ring {
	struct lag_ring x, speed;
	int64_t count;		/* samples seen */
};

int samp_push(struct samp_ring *r, size_t window, size_t hop, double x,
    const double *speed);
int samp_window(const struct samp_ring *r, size_t window, double *x,
    double *speed);
void samp_free(struct samp_ring *r);

/*
 * State, as JSON members added to an object in B (',"KEY":...') and read
 * back from OBJ.  Numbers round-trip exactly (num_format); nulls are JSON
 * null.  The loaders return -1 with E when the member is damaged.
 */
void roll_save(const struct roll_win *w, const char *key, struct buf *b);
int roll_load(struct roll_win *w, const struct roll_shape *s,
    const cJSON *obj, const char *key, struct mlo_error *e);
void ewma_save(const struct ewma_state *st, const char *key, struct buf *b);
int ewma_load(struct ewma_state *st, const cJSON *obj, const char *key,
    struct mlo_error *e);
void lag_save(const struct lag_ring *r, const char *key, struct buf *b);
int lag_load(struct lag_ring *r, size_t cap, const cJSON *obj,
    const char *key, struct mlo_error *e);
/* samp_save, samp_load: as members KEY_x, KEY_speed and KEY_n. */
void samp_save(const struct samp_ring *r, int with_speed, const char *key,
    struct buf *b);
int samp_load(struct samp_ring *r, size_t window, int with_speed,
    const cJSON *obj, const char *key, struct mlo_error *e);

#endif
