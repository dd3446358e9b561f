#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kll.h"
#include "num.h"

static uint64_t
splitmix64(uint64_t x)
{
	x += UINT64_C(0x9e3779b97f4a7c15);
	x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
	return x ^ (x >> 31);
}

static void
insertion_sort(double *v, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		double x = v[i];

		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

void
sort_doubles(double *v, size_t n)
{
	/* Quicksort, median of three, smaller side first: depth log n. */
	while (n > 24) {
		double a = v[0], b = v[n / 2], c = v[n - 1], p, t;
		size_t i = 0, j = n - 1;

		p = a < b ? (b < c ? b : (a < c ? c : a)) :
		    (a < c ? a : (b < c ? c : b));
		for (;;) {
			while (v[i] < p)
				i++;
			while (v[j] > p)
				j--;
			if (i >= j)
				break;
			t = v[i], v[i] = v[j], v[j] = t;
			i++, j--;
		}
		if (j + 1 < n - j - 1) {
			sort_doubles(v, j + 1);
			v += j + 1, n -= j + 1;
		} else {
			sort_doubles(v + j + 1, n - j - 1);
			n = j + 1;
		}
	}
	insertion_sort(v, n);
}

void
kll_init(struct kll *s, uint32_t k, uint64_t seed)
{
	memset(s, 0, sizeof *s);
	s->k = k;
	s->seed = seed;
}

void
kll_free(struct kll *s)
{
	size_t h;

	for (h = 0; h < s->nlevels; h++)
		free(s->lv[h].v);
	free(s->lv);
	s->lv = NULL;
	s->nlevels = 0;
}

static size_t
capacity(const struct kll *s, size_t h)
{
	double c = s->k * pow(2.0 / 3.0, (double)(s->nlevels - 1 - h));

	return c < 8 ? 8 : (size_t)ceil(c);
}

static void
level_reserve(struct kll_level *l, size_t n)
{
	if (n > l->cap) {
		l->cap = n < 16 ? 16 : n * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
}

static void
add_level(struct kll *s)
{
	s->lv = xreallocarray(s->lv, s->nlevels + 1, sizeof *s->lv);
	memset(&s->lv[s->nlevels], 0, sizeof *s->lv);
	s->nlevels++;
}

/* Merge the sorted V[0..n) into the sorted level L. */
static void
merge_sorted(struct kll_level *l, const double *v, size_t n)
{
	size_t i, j, k;

	level_reserve(l, l->n + n);
	i = l->n, j = n, k = l->n + n;
	while (j > 0) {
		if (i > 0 && l->v[i - 1] > v[j - 1])
			l->v[--k] = l->v[--i];
		else
			l->v[--k] = v[--j];
	}
	l->n += n;
}

/* Compact level H: half of its items, every other one, go up a level. */
static void
compact(struct kll *s, size_t h)
{
	struct kll_level *l;
	size_t n, i, m, off;
	double *up;

	if (h + 1 == s->nlevels)
		add_level(s);
	l = &s->lv[h];
	if (h == 0)
		sort_doubles(l->v, l->n);
	n = l->n & ~(size_t)1;	/* an odd one out stays, the largest */
	off = (size_t)(splitmix64(s->seed + s->compactions) & 1);
	s->compactions++;
	s->variance += ldexp(1.0, 2 * (int)h);
	m = n / 2;
	up = xreallocarray(NULL, m ? m : 1, sizeof *up);
	for (i = 0; i < m; i++)
		up[i] = l->v[2 * i + off];
	if (l->n > n)
		l->v[0] = l->v[n];
	l->n -= n;
	merge_sorted(&s->lv[h + 1], up, m);
	free(up);
}

static void
compress(struct kll *s)
{
	size_t h;

	for (h = 0; h < s->nlevels; h++)
		if (s->lv[h].n >= capacity(s, h))
			compact(s, h);
}

void
kll_add(struct kll *s, double v)
{
	struct kll_level *l;

	if (s->nlevels == 0)
		add_level(s);
	l = &s->lv[0];
	if (l->n == l->cap)
		level_reserve(l, l->n + 1);
	l->v[l->n++] = v;
	s->n++;
	if (l->n >= capacity(s, 0))
		compress(s);
}

void
kll_merge(struct kll *a, const struct kll *b)
{
	size_t h;

	while (a->nlevels < b->nlevels)
		add_level(a);
	for (h = 0; h < b->nlevels; h++) {
		const struct kll_level *lb = &b->lv[h];

		if (h == 0) {
			level_reserve(&a->lv[0], a->lv[0].n + lb->n);
			if (lb->n > 0)	/* an empty level may have no array */
				memcpy(a->lv[0].v + a->lv[0].n, lb->v,
				    lb->n * sizeof *lb->v);
			a->lv[0].n += lb->n;
		} else
			merge_sorted(&a->lv[h], lb->v, lb->n);
	}
	a->n += b->n;
	a->compactions += b->compactions;
	a->variance += b->variance;
	compress(a);
}

size_t
kll_retained(const struct kll *s)
{
	size_t h, r = 0;

	for (h = 0; h < s->nlevels; h++)
		r += s->lv[h].n;
	return r;
}

double
kll_rank_error(const struct kll *s, double delta)
{
	if (s->n == 0 || s->variance == 0)
		return 0;
	return sqrt(2 * s->variance * log(2 / delta)) / (double)s->n;
}

double
kll_rank_error_all(const struct kll *s, double delta)
{
	double steps = (double)kll_retained(s) + 1;

	if (s->n == 0 || s->variance == 0)
		return 0;
	return sqrt(2 * s->variance * log(2 * steps / delta)) / (double)s->n;
}

struct wv {
	double v, w;
};

static int
cmp_wv(const void *pa, const void *pb)
{
	const struct wv *a = pa, *b = pb;

	return a->v < b->v ? -1 : a->v > b->v;
}

void
kll_view_build(const struct kll *s, struct kll_view *w)
{
	size_t n = kll_retained(s), h, i, k = 0;
	struct wv *items = xreallocarray(NULL, n ? n : 1, sizeof *items);
	double cum = 0;

	for (h = 0; h < s->nlevels; h++)
		for (i = 0; i < s->lv[h].n; i++) {
			items[k].v = s->lv[h].v[i];
			items[k++].w = ldexp(1.0, (int)h);
		}
	qsort(items, n, sizeof *items, cmp_wv);
	w->v = xreallocarray(NULL, n ? n : 1, sizeof *w->v);
	w->cum = xreallocarray(NULL, n ? n : 1, sizeof *w->cum);
	w->n = n;
	for (i = 0; i < n; i++) {
		cum += items[i].w;
		w->v[i] = items[i].v;
		w->cum[i] = cum;
	}
	w->total = cum;
	free(items);
}

void
kll_view_free(struct kll_view *w)
{
	free(w->v);
	free(w->cum);
	memset(w, 0, sizeof *w);
}

double
kll_cdf(const struct kll_view *w, double x)
{
	size_t lo = 0, hi = w->n;

	if (w->n == 0)
		return 0;
	while (lo < hi) {	/* the first value > x */
		size_t mid = lo + (hi - lo) / 2;

		if (w->v[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo == 0 ? 0 : w->cum[lo - 1] / w->total;
}

double
kll_quantile(const struct kll_view *w, double q)
{
	size_t lo = 0, hi = w->n;
	double want = q * w->total;

	if (w->n == 0)
		return NAN;
	while (lo < hi) {	/* the first cumulative weight >= want */
		size_t mid = lo + (hi - lo) / 2;

		if (w->cum[mid] < want)
			lo = mid + 1;
		else
			hi = mid;
	}
	return w->v[lo < w->n ? lo : w->n - 1];
}

static void
add_num(struct buf *b, double v)
{
	char num[NUM_BUFSZ];

	buf_add(b, num, num_format(v, num));
}

void
kll_write(const struct kll *s, struct buf *b)
{
	size_t h, i;

	buf_printf(b, "{\"k\":%u,\"seed\":%llu,\"n\":%llu,\"compactions\":%llu,"
	    "\"variance\":", s->k, (unsigned long long)s->seed,
	    (unsigned long long)s->n, (unsigned long long)s->compactions);
	add_num(b, s->variance);
	buf_adds(b, ",\"failure_probability\":");
	add_num(b, KLL_DELTA);
	buf_adds(b, ",\"rank_error\":");
	add_num(b, kll_rank_error(s, KLL_DELTA));
	buf_adds(b, ",\"rank_error_all\":");
	add_num(b, kll_rank_error_all(s, KLL_DELTA));
	buf_adds(b, ",\"levels\":[");
	for (h = 0; h < s->nlevels; h++) {
		buf_adds(b, h ? ",[" : "[");
		for (i = 0; i < s->lv[h].n; i++) {
			if (i)
				buf_addc(b, ',');
			add_num(b, s->lv[h].v[i]);
		}
		buf_addc(b, ']');
	}
	buf_adds(b, "]}");
}

/* A whole number in [0, max] held exactly by a double. */
static int
get_count(const cJSON *o, const char *key, double max, uint64_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > max ||
	    v->valuedouble != floor(v->valuedouble))
		return -1;
	*out = (uint64_t)v->valuedouble;
	return 0;
}

int
kll_read(struct kll *s, const cJSON *obj, const char *where,
    struct mlo_error *e)
{
	static const char *const known[] = { "k", "seed", "n", "compactions",
	    "variance", "failure_probability", "rank_error", "rank_error_all",
	    "levels" };
	const cJSON *it, *levels, *var;
	uint64_t k, seed, n;
	double weight = 0;
	size_t h, i;

	memset(s, 0, sizeof *s);
	if (!cJSON_IsObject(obj))
		return error_set(e, "%s: kll is not an object", where);
	cJSON_ArrayForEach(it, obj) {
		for (i = 0; i < NELEM(known); i++)
			if (strcmp(it->string, known[i]) == 0)
				break;
		if (i == NELEM(known))
			return error_set(e, "%s: unknown field 'kll.%s'", where,
			    it->string);
	}
	if (get_count(obj, "k", KLL_MAX_K, &k) == -1 || k < KLL_MIN_K)
		return error_set(e, "%s: kll.k is not a whole number from %d "
		    "to %d", where, KLL_MIN_K, KLL_MAX_K);
	if (get_count(obj, "seed", 9007199254740992.0, &seed) == -1 ||
	    get_count(obj, "n", 9007199254740992.0, &n) == -1 ||
	    get_count(obj, "compactions", 9007199254740992.0,
	    &s->compactions) == -1)
		return error_set(e, "%s: kll.seed, kll.n and kll.compactions "
		    "must be whole numbers", where);
	var = cJSON_GetObjectItemCaseSensitive(obj, "variance");
	levels = cJSON_GetObjectItemCaseSensitive(obj, "levels");
	if (!cJSON_IsNumber(var) || !(var->valuedouble >= 0) ||
	    !cJSON_IsArray(levels))
		return error_set(e, "%s: kll needs 'variance' and 'levels'",
		    where);
	kll_init(s, (uint32_t)k, seed);
	s->n = n;
	s->compactions = s->compactions;
	s->variance = var->valuedouble;
	h = 0;
	cJSON_ArrayForEach(it, levels) {
		const cJSON *x;

		if (!cJSON_IsArray(it) || h >= 64) {
			kll_free(s);
			return error_set(e, "%s: kll.levels[%zu] is not an array",
			    where, h);
		}
		add_level(s);
		cJSON_ArrayForEach(x, it) {
			struct kll_level *l = &s->lv[h];

			if (!cJSON_IsNumber(x) || !isfinite(x->valuedouble) ||
			    (h > 0 && l->n > 0 &&
			    x->valuedouble < l->v[l->n - 1])) {
				kll_free(s);
				return error_set(e, "%s: kll.levels[%zu] holds "
				    "a value that is not a finite number in "
				    "order", where, h);
			}
			level_reserve(l, l->n + 1);
			l->v[l->n++] = x->valuedouble;
		}
		weight += ldexp((double)s->lv[h].n, (int)h);
		h++;
	}
	/* Every value is somewhere: the weights must add up to n. */
	if (weight > (double)n + 1e-9 * (double)n || (s->variance == 0 &&
	    weight != (double)n)) {
		kll_free(s);
		return error_set(e, "%s: kll levels weigh %.0f, not n = %llu",
		    where, weight, (unsigned long long)n);
	}
	return 0;
}
