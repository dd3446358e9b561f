/*
 * rolling: ring buffers of readings, a sorted copy for order statistics
 * (binary-search insert and delete: O(window) a row, fine for windows of
 * hundreds to a few thousand), and two-pass moments recomputed per row.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "rolling.h"
#include "statefile.h"
#include "writer.h"

static const char *const stat_names[] = {
	"count", "sum", "mean", "var", "std", "min", "max", "median",
	"quantile", "rms", "peak_to_peak", "crest_factor", "skewness",
	"kurtosis", "slope"
};

int
roll_stat_parse(const char *s, enum roll_stat *out)
{
	size_t i;

	for (i = 0; i < NELEM(stat_names); i++)
		if (strcmp(s, stat_names[i]) == 0) {
			*out = (enum roll_stat)i;
			return 0;
		}
	return -1;
}

const char *
roll_stat_name(enum roll_stat s)
{
	return stat_names[s];
}

const char *
roll_stat_names(void)
{
	return "count, sum, mean, var, std, min, max, median, quantile, rms, "
	    "peak_to_peak, crest_factor, skewness, kurtosis, slope";
}

/*
 * Sorted copy: lower bound of V (the first index whose value is not below
 * V).  Halving without a branch on the comparison (a conditional move):
 * the window's values are noise, so a branch would be mispredicted half
 * the time.
 */
static size_t
lower(const double *a, size_t n, double v)
{
	const double *base = a;

	if (n == 0)
		return 0;
	while (n > 1) {
		size_t half = n / 2;

		base = base[half] < v ? base + half : base;
		n -= half;
	}
	return (size_t)(base - a) + (*base < v);
}

static void
sorted_insert(struct roll_win *w, double v)
{
	size_t i = lower(w->sorted, w->nsorted, v);

	memmove(w->sorted + i + 1, w->sorted + i,
	    (w->nsorted - i) * sizeof *w->sorted);
	w->sorted[i] = v;
	w->nsorted++;
}

static void
sorted_remove(struct roll_win *w, double v)
{
	size_t i = lower(w->sorted, w->nsorted, v);

	if (i < w->nsorted && w->sorted[i] == v) {
		memmove(w->sorted + i, w->sorted + i + 1,
		    (w->nsorted - i - 1) * sizeof *w->sorted);
		w->nsorted--;
	}
}

/*
 * sorted_replace: sorted_remove(OLD) then sorted_insert(V), the same
 * array after, with one shorter move instead of two long ones.
 */
static void
sorted_replace(struct roll_win *w, double old, double v)
{
	size_t i = lower(w->sorted, w->nsorted, old), j;

	if (i == w->nsorted || w->sorted[i] != old) {
		sorted_insert(w, v);
		return;
	}
	/* j counts the values below V with OLD still in. */
	j = lower(w->sorted, w->nsorted, v);
	if (j > i) {
		memmove(w->sorted + i, w->sorted + i + 1,
		    (j - 1 - i) * sizeof *w->sorted);
		w->sorted[j - 1] = v;
	} else {
		memmove(w->sorted + j + 1, w->sorted + j,
		    (i - j) * sizeof *w->sorted);
		w->sorted[j] = v;
	}
}

static void
grow(struct roll_win *w, const struct roll_shape *s, size_t want)
{
	double *v;
	mlo_time *t;
	size_t i;

	v = xcalloc(want, sizeof *v);
	t = xcalloc(want, sizeof *t);
	for (i = 0; i < w->n; i++) {
		v[i] = w->v[(w->head + i) % w->cap];
		t[i] = w->t[(w->head + i) % w->cap];
	}
	free(w->v);
	free(w->t);
	w->v = v;
	w->t = t;
	w->head = 0;
	w->cap = want;
	if (s->ordered)
		w->sorted = xreallocarray(w->sorted, want, sizeof *w->sorted);
}

/* Welford's update, forwards and backwards. */
static void
sums_add(struct roll_win *w, double x)
{
	double d;

	w->nn++;
	w->sum += x;
	w->sumsq += x * x;
	d = x - w->mean;
	w->mean += d / (double)w->nn;
	w->m2 += d * (x - w->mean);
	w->run = w->nn > 1 && x == w->lastv ? w->run + 1 : 1;
	w->lastv = x;
}

static void
sums_remove(struct roll_win *w, double x)
{
	double d;

	if (--w->nn == 0) {
		w->sum = w->sumsq = w->mean = w->m2 = 0;
		return;
	}
	w->sum -= x;
	w->sumsq -= x * x;
	d = x - w->mean;
	w->mean -= d / (double)w->nn;
	w->m2 -= d * (x - w->mean);
}

/* The running sums afresh from the readings (two passes). */
static void
sums_exact(struct roll_win *w)
{
	size_t i;
	double sum = 0, sumsq = 0, m2 = 0, mean;

	for (i = 0; i < w->n; i++) {
		double x = w->v[(w->head + i) % w->cap];

		if (x == x) {
			sum += x;
			sumsq += x * x;
		}
	}
	mean = w->nn > 0 ? sum / (double)w->nn : 0;
	for (i = 0; i < w->n; i++) {
		double x = w->v[(w->head + i) % w->cap];

		if (x == x)
			m2 += (x - mean) * (x - mean);
	}
	w->sum = sum;
	w->sumsq = sumsq;
	w->mean = mean;
	w->m2 = m2;
	w->since = 0;
}

/* drop_oldest: the oldest reading leaves, and the sorted copy if UNSORT. */
static void
drop_oldest(struct roll_win *w, const struct roll_shape *s, int unsort)
{
	double old = w->v[w->head];

	if (old == old)
		sums_remove(w, old);
	if (unsort && s->ordered && old == old)
		sorted_remove(w, old);
	if (++w->head == w->cap)
		w->head = 0;
	w->n--;
}

int
roll_push(struct roll_win *w, const struct roll_shape *s, mlo_time t,
    double v, struct mlo_error *e)
{
	double old = NAN;
	int swap = 0;

	if (s->count > 0) {
		if (w->cap == 0)
			grow(w, s, (size_t)s->count);
		if (w->n == w->cap) {
			/* A full count window: the sorted copy swaps values. */
			old = w->v[w->head];
			swap = s->ordered && old == old && v == v;
			drop_oldest(w, s, !swap);
		}
	} else {
		while (w->n > 0 && w->t[w->head] <= t - s->span)
			drop_oldest(w, s, 1);
		if (v != v)
			return 0;	/* a null takes no place in time */
		if (w->n >= ROLL_MAX_READINGS)
			return error_set(e, "more than %d readings in one time "
			    "window", ROLL_MAX_READINGS);
		if (w->n == w->cap)
			grow(w, s, w->cap == 0 ? 16 : w->cap * 2 >
			    ROLL_MAX_READINGS ? ROLL_MAX_READINGS : w->cap * 2);
	}
	{
		size_t k = w->head + w->n;

		if (k >= w->cap)
			k -= w->cap;
		w->v[k] = v;
		w->t[k] = t;
	}
	w->n++;
	if (v == v)
		sums_add(w, v);
	if (swap)
		sorted_replace(w, old, v);
	else if (s->ordered && v == v)
		sorted_insert(w, v);
	/* Once a window's worth of updates: no rounding drift past that. */
	if (++w->since >= (int64_t)(w->n > 64 ? w->n : 64))
		sums_exact(w);
	return 0;
}

/* First pass: count, sum, extremes, sum of squares, sum of times. */
static void
first_pass(const struct roll_win *w, struct roll_sums *m)
{
	mlo_time newest = w->n ? w->t[(w->head + w->n - 1) % w->cap] : 0;
	size_t i, k;

	memset(m, 0, sizeof *m);
	m->valid = 1;
	m->min = INFINITY;
	m->max = -INFINITY;
	for (i = 0, k = w->head; i < w->n; i++, k = k + 1 == w->cap ? 0 :
	    k + 1) {
		double x = w->v[k];

		if (x != x)
			continue;
		m->n++;
		m->sum += x;
		m->sumsq += x * x;
		m->sumt += (double)(w->t[k] - newest) / 1e9;
		if (x < m->min)
			m->min = x;
		if (x > m->max)
			m->max = x;
		if (fabs(x) > m->maxabs)
			m->maxabs = fabs(x);
	}
	m->mean = m->n ? m->sum / (double)m->n : NAN;
}

/* Second pass: central moments, and the sums of the least-squares line. */
static void
centred_pass(const struct roll_win *w, struct roll_sums *m)
{
	mlo_time newest = w->n ? w->t[(w->head + w->n - 1) % w->cap] : 0;
	double tmean = m->n ? m->sumt / (double)m->n : 0;
	size_t i, k;

	m->centred = 1;
	for (i = 0, k = w->head; i < w->n; i++, k = k + 1 == w->cap ? 0 :
	    k + 1) {
		double x = w->v[k], d, d2, dt;

		if (x != x)
			continue;
		d = x - m->mean;
		d2 = d * d;
		m->m2 += d2;
		m->m3 += d2 * d;
		m->m4 += d2 * d2;
		dt = (double)(w->t[k] - newest) / 1e9 - tmean;
		m->sxx += dt * dt;
		m->sxy += dt * d;
	}
}

static double
quantile(const struct roll_win *w, double q)
{
	double idx = q * (double)(w->nsorted - 1), lo, hi;
	size_t i = (size_t)idx;

	lo = w->sorted[i];
	if ((double)i == idx)
		return lo;
	hi = w->sorted[i + 1];
	return lo + (hi - lo) * (idx - (double)i);
}

double
roll_stat(const struct roll_win *w, enum roll_stat s, double q,
    int64_t min_periods, struct roll_sums *m)
{
	double n = (double)w->nn, m2, var;

	if (w->nn == 0 || w->nn < min_periods)
		return NAN;
	switch (s) {
	case RS_COUNT: return n;
	case RS_SUM: return w->sum;
	case RS_MEAN: return w->sum / n;
	case RS_VAR:
	case RS_STD:
		if (w->nn < 2)
			return NAN;
		/* A constant window has no spread, whatever rounding says. */
		var = w->run >= w->nn || w->m2 < 0 ? 0 : w->m2 / (n - 1);
		return s == RS_VAR ? var : sqrt(var);
	case RS_RMS: return sqrt(w->sumsq > 0 ? w->sumsq / n : 0);
	case RS_MIN: return w->sorted[0];
	case RS_MAX: return w->sorted[w->nsorted - 1];
	case RS_PEAK_TO_PEAK: return w->sorted[w->nsorted - 1] - w->sorted[0];
	case RS_CREST_FACTOR:
		var = fmax(fabs(w->sorted[0]), fabs(w->sorted[w->nsorted - 1]));
		return w->sumsq > 0 ? var / sqrt(w->sumsq / n) : NAN;
	case RS_MEDIAN:
		if (w->nsorted % 2)
			return w->sorted[w->nsorted / 2];
		return (w->sorted[w->nsorted / 2 - 1] +
		    w->sorted[w->nsorted / 2]) / 2;
	case RS_QUANTILE:
		return quantile(w, q);
	default:
		break;
	}
	if (!m->valid)
		first_pass(w, m);
	if (!m->centred)
		centred_pass(w, m);
	n = (double)m->n;
	m2 = m->m2 / n;
	switch (s) {
	case RS_SKEWNESS:
		return m2 > 0 && w->run < w->nn ? (m->m3 / n) / pow(m2, 1.5) :
		    NAN;
	case RS_KURTOSIS:
		return m2 > 0 && w->run < w->nn ? (m->m4 / n) / (m2 * m2) :
		    NAN;
	case RS_SLOPE:
		return m->n >= 2 && m->sxx > 0 ? m->sxy / m->sxx : NAN;
	default:
		return NAN;
	}
}

void
roll_free(struct roll_win *w)
{
	free(w->v);
	free(w->t);
	free(w->sorted);
	memset(w, 0, sizeof *w);
}

double
ewma_push(struct ewma_state *st, const struct ewma_shape *s, mlo_time t,
    double v)
{
	int obs = v == v;

	if (!st->started) {
		if (obs) {
			st->started = 1;
			st->weighted = v;
			st->old_wt = 1;
			st->nobs = 1;
		}
	} else {
		st->nobs += obs;
		/* ignore_na=False: a null row still ages the weights. */
		if (s->halflife_t > 0)
			st->old_wt *= pow(0.5, (double)(t - st->last) /
			    (double)s->halflife_t);
		else
			st->old_wt *= 1 - s->alpha;
		if (obs) {
			if (st->weighted != v)
				st->weighted = (st->old_wt * st->weighted + v) /
				    (st->old_wt + 1);
			st->old_wt += 1;
		}
	}
	st->last = t;
	if (!st->started || st->nobs < s->min_periods)
		return NAN;
	return st->weighted;
}

void
lag_push(struct lag_ring *r, size_t cap, double v)
{
	if (r->cap == 0) {
		r->v = xcalloc(cap, sizeof *r->v);
		r->cap = cap;
	}
	if (r->n == r->cap) {
		r->head = (r->head + 1) % r->cap;
		r->n--;
	}
	r->v[(r->head + r->n) % r->cap] = v;
	r->n++;
}

double
lag_get(const struct lag_ring *r, size_t n)
{
	if (n >= r->n)
		return NAN;
	return r->v[(r->head + r->n - 1 - n) % r->cap];
}

void
lag_free(struct lag_ring *r)
{
	free(r->v);
	memset(r, 0, sizeof *r);
}

/* State. */

static void
put_key(struct buf *b, const char *key)
{
	buf_addc(b, ',');
	json_quote(b, key, strlen(key));
	buf_addc(b, ':');
}

static void
put_num(struct buf *b, double v)
{
	char num[NUM_BUFSZ];
	size_t n;

	if (v != v) {
		buf_adds(b, "null");
		return;
	}
	n = num_format(v, num);
	if (v - v != 0)
		json_quote(b, num, n);
	else
		buf_add(b, num, n);
}

static int
get_num(const cJSON *j, double *out)
{
	if (cJSON_IsNull(j))
		*out = NAN;
	else if (cJSON_IsNumber(j))
		*out = j->valuedouble;
	else if (!cJSON_IsString(j) || num_parse(j->valuestring,
	    strlen(j->valuestring), out) == -1)
		return -1;
	return 0;
}

static int
get_time(const cJSON *j, mlo_time *out)
{
	int64_t v;

	if (!cJSON_IsString(j) || num_parse_int(j->valuestring,
	    strlen(j->valuestring), &v) == -1)
		return -1;
	*out = v;
	return 0;
}

void
roll_save(const struct roll_win *w, const char *key, struct buf *b)
{
	size_t i;

	put_key(b, key);
	buf_adds(b, "{\"v\":[");
	for (i = 0; i < w->n; i++) {
		if (i > 0)
			buf_addc(b, ',');
		put_num(b, w->v[(w->head + i) % w->cap]);
	}
	buf_adds(b, "],\"t\":[");
	for (i = 0; i < w->n; i++)
		buf_printf(b, "%s\"%lld\"", i > 0 ? "," : "",
		    (long long)w->t[(w->head + i) % w->cap]);
	buf_adds(b, "],\"sums\":[");
	put_num(b, w->sum);
	buf_addc(b, ',');
	put_num(b, w->sumsq);
	buf_addc(b, ',');
	put_num(b, w->mean);
	buf_addc(b, ',');
	put_num(b, w->m2);
	buf_addc(b, ',');
	put_num(b, w->lastv);
	buf_printf(b, "],\"run\":\"%lld\",\"since\":\"%lld\"}",
	    (long long)w->run, (long long)w->since);
}

int
roll_load(struct roll_win *w, const struct roll_shape *s, const cJSON *obj,
    const char *key, struct mlo_error *e)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(obj, key);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "v");
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "t");
	const cJSON *a, *b;

	roll_free(w);
	if (o == NULL)
		return 0;
	if (!cJSON_IsArray(v) || !cJSON_IsArray(t) ||
	    cJSON_GetArraySize(v) != cJSON_GetArraySize(t) ||
	    (s->count > 0 && cJSON_GetArraySize(v) > s->count))
		return error_set(e, "damaged window '%s'", key);
	for (a = v->child, b = t->child; a != NULL; a = a->next, b = b->next) {
		double x;
		mlo_time tt;

		if (get_num(a, &x) == -1 || get_time(b, &tt) == -1)
			return error_set(e, "damaged window '%s'", key);
		if (roll_push(w, s, tt, x, e) == -1)
			return -1;
	}
	/* The running sums as they were, not as the replay made them. */
	v = cJSON_GetObjectItemCaseSensitive(o, "sums");
	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != 5 ||
	    get_num(cJSON_GetArrayItem(v, 0), &w->sum) == -1 ||
	    get_num(cJSON_GetArrayItem(v, 1), &w->sumsq) == -1 ||
	    get_num(cJSON_GetArrayItem(v, 2), &w->mean) == -1 ||
	    get_num(cJSON_GetArrayItem(v, 3), &w->m2) == -1 ||
	    get_num(cJSON_GetArrayItem(v, 4), &w->lastv) == -1 ||
	    statefile_get_i64(o, "run", &w->run, 0) == -1 ||
	    statefile_get_i64(o, "since", &w->since, 0) == -1)
		return error_set(e, "damaged window '%s'", key);
	return 0;
}

void
ewma_save(const struct ewma_state *st, const char *key, struct buf *b)
{
	put_key(b, key);
	buf_printf(b, "{\"started\":%d,\"weighted\":", st->started);
	put_num(b, st->weighted);
	buf_adds(b, ",\"old_wt\":");
	put_num(b, st->old_wt);
	statefile_put_i64(b, "nobs", st->nobs);
	statefile_put_i64(b, "last", st->last);
	buf_addc(b, '}');
}

int
ewma_load(struct ewma_state *st, const cJSON *obj, const char *key,
    struct mlo_error *e)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(obj, key);
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, "started");
	int64_t last;

	memset(st, 0, sizeof *st);
	if (o == NULL)
		return 0;
	if (!cJSON_IsNumber(s) || get_num(cJSON_GetObjectItemCaseSensitive(o,
	    "weighted"), &st->weighted) == -1 ||
	    get_num(cJSON_GetObjectItemCaseSensitive(o, "old_wt"),
	    &st->old_wt) == -1 ||
	    statefile_get_i64(o, "nobs", &st->nobs, 0) == -1 ||
	    statefile_get_i64(o, "last", &last, 0) == -1)
		return error_set(e, "damaged ewma state '%s'", key);
	st->started = s->valueint != 0;
	st->last = last;
	return 0;
}

void
lag_save(const struct lag_ring *r, const char *key, struct buf *b)
{
	size_t i;

	put_key(b, key);
	buf_addc(b, '[');
	for (i = 0; i < r->n; i++) {
		if (i > 0)
			buf_addc(b, ',');
		put_num(b, r->v[(r->head + i) % r->cap]);
	}
	buf_addc(b, ']');
}

int
lag_load(struct lag_ring *r, size_t cap, const cJSON *obj, const char *key,
    struct mlo_error *e)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, key), *x;

	lag_free(r);
	if (a == NULL)
		return 0;
	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) > (int)cap)
		return error_set(e, "damaged lag state '%s'", key);
	for (x = a->child; x != NULL; x = x->next) {
		double v;

		if (get_num(x, &v) == -1)
			return error_set(e, "damaged lag state '%s'", key);
		lag_push(r, cap, v);
	}
	return 0;
}

int
samp_push(struct samp_ring *r, size_t window, size_t hop, double x,
    const double *speed)
{
	lag_push(&r->x, window, x);
	if (speed != NULL)
		lag_push(&r->speed, window, *speed);
	r->count++;
	return r->count >= (int64_t)window &&
	    (r->count - (int64_t)window) % (int64_t)hop == 0;
}

int
samp_window(const struct samp_ring *r, size_t window, double *x,
    double *speed)
{
	double sum = 0;
	size_t j;
	int null = 0;

	for (j = 0; j < window; j++) {
		x[j] = lag_get(&r->x, window - 1 - j);
		if (x[j] != x[j])
			null = 1;
		if (speed != NULL)
			sum += lag_get(&r->speed, window - 1 - j);
	}
	if (speed != NULL) {
		*speed = sum / (double)window;
		if (*speed != *speed)
			null = 1;
	}
	return null;
}

void
samp_free(struct samp_ring *r)
{
	lag_free(&r->x);
	lag_free(&r->speed);
}

void
samp_save(const struct samp_ring *r, int with_speed, const char *key,
    struct buf *b)
{
	char k[64];

	snprintf(k, sizeof k, "%s_x", key);
	lag_save(&r->x, k, b);
	if (with_speed) {
		snprintf(k, sizeof k, "%s_speed", key);
		lag_save(&r->speed, k, b);
	}
	snprintf(k, sizeof k, "%s_n", key);
	statefile_put_i64(b, k, r->count);
}

int
samp_load(struct samp_ring *r, size_t window, int with_speed,
    const cJSON *obj, const char *key, struct mlo_error *e)
{
	char k[64];

	snprintf(k, sizeof k, "%s_x", key);
	if (lag_load(&r->x, window, obj, k, e) == -1)
		return -1;
	snprintf(k, sizeof k, "%s_speed", key);
	if (with_speed && lag_load(&r->speed, window, obj, k, e) == -1)
		return -1;
	snprintf(k, sizeof k, "%s_n", key);
	if (statefile_get_i64(obj, k, &r->count, 0) == -1 || r->count < 0 ||
	    (r->count < (int64_t)window && (size_t)r->count != r->x.n))
		return error_set(e, "damaged spectrum state '%s'", key);
	return 0;
}
