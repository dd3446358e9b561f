/*
 * drifttest: the tests, with the definitions of mlo-profile(5) (and of
 * scipy 1.10 where scipy has the test): ks as ks_2samp(method='auto'),
 * wasserstein as wasserstein_distance over np.std(ref), js as
 * scipy.spatial.distance.jensenshannon(base=2), chi2 as
 * chi2_contingency(correction=False), quantiles as numpy's linear ones.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "drifttest.h"
#include "special.h"

static const char *const names[DT_NTESTS] = { "ks", "psi", "wasserstein",
    "js", "chi2", "linf", "p50", "p95", "p99" };
static const double thresholds[DT_NTESTS] = { 0.05, 0.2, 0.1, 0.1, 0.05,
    0.3, DT_LATENCY_FACTOR, DT_LATENCY_FACTOR, DT_LATENCY_FACTOR };

const char *
dtest_name(enum dtest t)
{
	return names[t];
}

int
dtest_parse(const char *s, size_t len, enum dtest *t)
{
	size_t i;

	for (i = 0; i < DT_NTESTS; i++)
		if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0) {
			*t = (enum dtest)i;
			return 0;
		}
	return -1;
}

double
dtest_default_threshold(enum dtest t)
{
	return thresholds[t];
}

int
dtest_has_p(enum dtest t)
{
	return t == DT_KS || t == DT_CHI2;
}

int
dtest_applies(enum dtest t, enum pcol_type type)
{
	switch (t) {
	case DT_KS: case DT_WASSERSTEIN: case DT_P50: case DT_P95:
	case DT_P99:
		return type == PT_NUMBER;
	case DT_PSI: case DT_JS:
		return type == PT_NUMBER || type == PT_CATEGORY;
	default:
		return type == PT_CATEGORY;
	}
}

/* numpy's _lerp: exact at both ends, as np.quantile computes it. */
static double
lerp(double a, double b, double t)
{
	double d = b - a;

	return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

double
quantile_linear(const double *v, size_t n, double q)
{
	double vi = q * (double)(n - 1), lo = floor(vi);
	size_t i = (size_t)lo;

	if (n == 0)
		return NAN;
	if (i >= n - 1)
		return v[n - 1];
	return lerp(v[i], v[i + 1], vi - lo);
}

/* The share of reference weight <= X. */
static double
ref_cdf(const struct dref *r, double x)
{
	size_t lo = 0, hi = r->nv;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->v[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo == 0 ? 0 : r->cum[lo - 1] / r->total;
}

void
dref_numeric(struct dref *r, const struct pcol *c, int exact)
{
	size_t i;

	memset(r, 0, sizeof *r);
	r->exact = exact;
	r->n = c->mom.n;
	r->min = c->min;
	r->max = c->max;
	if (exact) {
		double mean = 0, ss = 0;

		r->nv = c->nsample;
		r->v = xreallocarray(NULL, r->nv + 1, sizeof *r->v);
		r->cum = xreallocarray(NULL, r->nv + 1, sizeof *r->cum);
		memcpy(r->v, c->sample, r->nv * sizeof *r->v);
		sort_doubles(r->v, r->nv);
		for (i = 0; i < r->nv; i++) {
			r->cum[i] = (double)(i + 1);
			mean += r->v[i];
		}
		r->total = (double)r->nv;
		/* np.std: mean first, then the mean of squared deviations */
		mean /= r->nv ? (double)r->nv : 1;
		for (i = 0; i < r->nv; i++)
			ss += (r->v[i] - mean) * (r->v[i] - mean);
		r->std = r->nv ? sqrt(ss / (double)r->nv) : 0;
		for (i = 1; i < DT_PSI_BINS; i++)
			r->edges[i - 1] = quantile_linear(r->v, r->nv,
			    (double)i / DT_PSI_BINS);
	} else {
		struct kll_view w;

		kll_view_build(&c->kll, &w);
		r->v = w.v, r->cum = w.cum, r->nv = w.n, r->total = w.total;
		r->eps = kll_rank_error(&c->kll, KLL_DELTA);
		r->eps_all = kll_rank_error_all(&c->kll, KLL_DELTA);
		r->std = sqrt(moments_var(&c->mom));
		for (i = 1; i < DT_PSI_BINS; i++)
			r->edges[i - 1] = kll_quantile(&w,
			    (double)i / DT_PSI_BINS);
	}
	if (r->nv == 0)
		return;
	/* Right-closed bins (e[i-1], e[i]], open at both ends. */
	for (i = 0; i < DT_PSI_BINS; i++) {
		double hi = i < DT_PSI_BINS - 1 ? ref_cdf(r, r->edges[i]) : 1;
		double lo = i > 0 ? ref_cdf(r, r->edges[i - 1]) : 0;

		r->share[i] = hi - lo;
	}
}

void
dref_free(struct dref *r)
{
	free(r->v);
	free(r->cum);
	memset(r, 0, sizeof *r);
}

/* The supremum of |F_ref - F_cur| and the area between them (W1). */
static void
cdf_walk(const struct dref *r, const double *cur, size_t n, double *sup,
    double *area)
{
	size_t i = 0, j = 0;
	double d = 0, a = 0, fr = 0, fc = 0, x, next;

	while (i < r->nv || j < n) {
		x = j >= n || (i < r->nv && r->v[i] <= cur[j]) ? r->v[i] :
		    cur[j];
		while (i < r->nv && r->v[i] <= x)
			fr = r->cum[i++] / r->total;
		while (j < n && cur[j] <= x)
			j++;
		fc = (double)j / (double)n;
		if (fabs(fr - fc) > d)
			d = fabs(fr - fc);
		if (i < r->nv || j < n) {
			next = j >= n || (i < r->nv && r->v[i] <= cur[j]) ?
			    r->v[i] : cur[j];
			a += fabs(fr - fc) * (next - x);
		}
	}
	*sup = d;
	*area = a;
}

static void
bin_shares(const struct dref *r, const double *cur, size_t n, double *a)
{
	size_t i, b = 0;

	memset(a, 0, DT_PSI_BINS * sizeof *a);
	for (i = 0; i < n; i++) {	/* CUR is sorted: bins in order */
		while (b < DT_PSI_BINS - 1 && cur[i] > r->edges[b])
			b++;
		a[b] += 1;
	}
	for (i = 0; i < DT_PSI_BINS; i++)
		a[i] /= (double)n;
}

/* PSI of shares A against E, and its first-order bound for errors DE. */
static double
psi(const double *a, const double *e, size_t k, double de, double *bound)
{
	double s = 0, b = 0;
	size_t i;

	for (i = 0; i < k; i++) {
		double x = fmax(a[i], DT_SHARE_FLOOR);
		double y = fmax(e[i], DT_SHARE_FLOOR);

		s += (x - y) * log(x / y);
		b += fabs(log(y / x) + 1 - x / y) * de;
	}
	*bound = b;
	return s;
}

static double
rel_entr(double x, double y)
{
	return x > 0 ? x * log(x / y) : 0;
}

/* Jensen-Shannon distance, base 2, and a bound for errors DE in P. */
static double
jsd(const double *p0, const double *q0, size_t k, double de, double *bound)
{
	double sp = 0, sq = 0, j = 0, d, b = 0, *p, *q;
	size_t i;

	p = xreallocarray(NULL, k, sizeof *p);
	q = xreallocarray(NULL, k, sizeof *q);
	for (i = 0; i < k; i++)
		sp += p0[i], sq += q0[i];
	for (i = 0; i < k; i++)
		p[i] = p0[i] / sp, q[i] = q0[i] / sq;
	for (i = 0; i < k; i++) {
		double m = (p[i] + q[i]) / 2;

		j += rel_entr(p[i], m) + rel_entr(q[i], m);
	}
	d = sqrt(fmax(j / 2, 0) / log(2.0));
	for (i = 0; i < k; i++) {
		double m = (p[i] + q[i]) / 2;

		if (p[i] > 0)
			b += fabs(log(p[i] / m) / log(2.0)) / 2 * de;
	}
	/* d is a metric: never off by more than sqrt of the moved mass. */
	b = d > 0 ? fmin(b / (2 * d), sqrt(k * de / 2)) : sqrt(k * de / 2);
	*bound = de > 0 ? b : 0;
	free(p);
	free(q);
	return d;
}

static void
result_init(struct dresult *o, enum dtest t)
{
	o->statistic = NAN;
	o->p = NAN;
	o->threshold = dtest_default_threshold(t);
	o->error_bound = NAN;
	o->stat_verdict = NAN;
	o->p_verdict = NAN;
	o->effect = NAN;
	o->where = -1;
}

static void
test_ks(const struct dref *r, size_t n, double d, struct dresult *o)
{
	double dd = d, dc;

	o->p = ks2_sf((int64_t)r->n, (int64_t)n, &dd);
	o->statistic = r->exact ? dd : d;
	o->effect = o->statistic;
	o->p_verdict = o->p;
	if (!r->exact) {
		dc = fmax(d - r->eps_all, 0);
		o->error_bound = r->eps_all;
		o->p_verdict = ks2_sf((int64_t)r->n, (int64_t)n, &dc);
		o->effect = dc;
	}
}

static double
latency_q(enum dtest t)
{
	return t == DT_P50 ? 0.5 : t == DT_P95 ? 0.95 : 0.99;
}

void
dtest_numeric(enum dtest t, const struct dref *r, const double *cur,
    size_t n, struct dresult *o)
{
	double d, area, a[DT_PSI_BINS], bound, de = 2 * r->eps_all;

	result_init(o, t);
	switch (t) {
	case DT_KS:
	case DT_WASSERSTEIN:
		cdf_walk(r, cur, n, &d, &area);
		if (t == DT_KS) {
			test_ks(r, n, d, o);
			return;
		}
		if (r->std > 0)
			o->statistic = area / r->std;
		else
			o->statistic = area > 0 ? INFINITY : 0;
		o->stat_verdict = o->statistic;
		if (!r->exact) {
			/*
			 * Outside the reference's extremes its CDF is 0 or 1
			 * in the sketch too: the CDFs differ by at most
			 * eps_all over [min, max] only.
			 */
			o->error_bound = r->std > 0 ?
			    r->eps_all * (r->max - r->min) / r->std : 0;
			o->threshold += o->error_bound;
		}
		return;
	case DT_PSI:
	case DT_JS:
		bin_shares(r, cur, n, a);
		if (t == DT_PSI)
			o->statistic = psi(a, r->share, DT_PSI_BINS, de,
			    &bound);
		else
			o->statistic = jsd(r->share, a, DT_PSI_BINS, de,
			    &bound);
		o->stat_verdict = o->statistic;
		if (!r->exact) {
			o->error_bound = bound;
			o->threshold += bound;
		}
		return;
	case DT_P50:
	case DT_P95:
	case DT_P99: {
		double q = latency_q(t), refq, hiq;
		struct kll_view w;

		o->statistic = quantile_linear(cur, n, q);
		if (r->exact)
			refq = hiq = quantile_linear(r->v, r->nv, q);
		else {
			w.v = r->v, w.cum = r->cum, w.n = r->nv;
			w.total = r->total;
			refq = kll_quantile(&w, q);
			hiq = kll_quantile(&w, fmin(q + r->eps, 1));
			o->error_bound = hiq - refq;
		}
		o->threshold = DT_LATENCY_FACTOR * hiq;
		o->stat_verdict = o->statistic;
		(void)refq;
		return;
	}
	default:
		return;
	}
}

void
dtable_build(struct dtable *t, const struct cats *ref,
    const struct cats *cur)
{
	size_t *ix = cats_order(ref), *jx = cats_order(cur), i;
	uint64_t rother = cats_other(ref), cother = cats_other(cur);
	size_t k = ref->n + cur->n + 1;

	memset(t, 0, sizeof *t);
	t->ref = xcalloc(k, sizeof *t->ref);
	t->cur = xcalloc(k, sizeof *t->cur);
	t->names = xcalloc(k, sizeof *t->names);
	t->lens = xcalloc(k, sizeof *t->lens);
	for (i = 0; i < ref->n; i++) {
		t->names[t->k] = ref->keys[ix[i]];
		t->lens[t->k] = ref->lens[ix[i]];
		t->ref[t->k] = (double)ref->counts[ix[i]];
		t->cur[t->k++] = (double)cats_get(cur, ref->keys[ix[i]],
		    ref->lens[ix[i]]);
	}
	/*
	 * Values the reference does not track: in its "other" bucket when
	 * it has one (heavy hitters), else each a category of its own.
	 */
	for (i = 0; i < cur->n; i++) {
		if (strmap_get(&ref->map, cur->keys[jx[i]], cur->lens[jx[i]])
		    >= 0)
			continue;
		if (rother > 0)
			cother += cur->counts[jx[i]];
		else {
			t->names[t->k] = cur->keys[jx[i]];
			t->lens[t->k] = cur->lens[jx[i]];
			t->ref[t->k] = 0;
			t->cur[t->k++] = (double)cur->counts[jx[i]];
		}
	}
	if (rother > 0 || cother > 0) {
		t->names[t->k] = "other";
		t->lens[t->k] = 5;
		t->ref[t->k] = (double)rother;
		t->cur[t->k++] = (double)cother;
	}
	t->nref = (double)ref->total;
	t->ncur = (double)cur->total;
	t->ref_error = (double)ref->error;
	free(ix);
	free(jx);
}

void
dtable_free(struct dtable *t)
{
	free(t->ref);
	free(t->cur);
	free(t->names);
	free(t->lens);
	memset(t, 0, sizeof *t);
}

/* chi-square statistic of the 2 x k table (zero columns dropped). */
static double
chi2_stat(const double *r, const double *c, size_t k, double *dof,
    double *n)
{
	double nr = 0, nc = 0, s = 0;
	size_t i, cols = 0;

	for (i = 0; i < k; i++)
		nr += r[i], nc += c[i];
	*n = nr + nc;
	for (i = 0; i < k; i++) {
		double col = r[i] + c[i], er, ec;

		if (col == 0)
			continue;
		cols++;
		er = nr * col / *n;
		ec = nc * col / *n;
		s += (r[i] - er) * (r[i] - er) / er +
		    (c[i] - ec) * (c[i] - ec) / ec;
	}
	*dof = cols > 0 ? (double)(cols - 1) : 0;
	return s;
}

void
dtest_category(enum dtest t, const struct dtable *tb, struct dresult *o)
{
	double *e = xcalloc(tb->k + 1, sizeof *e);
	double *a = xcalloc(tb->k + 1, sizeof *a);
	double de = tb->nref > 0 ? tb->ref_error / tb->nref : 0, bound = 0;
	size_t i;

	result_init(o, t);
	for (i = 0; i < tb->k; i++) {
		e[i] = tb->ref[i] / tb->nref;
		a[i] = tb->cur[i] / tb->ncur;
	}
	switch (t) {
	case DT_CHI2: {
		double dof, n, s, *adj;

		s = chi2_stat(tb->ref, tb->cur, tb->k, &dof, &n);
		o->statistic = s;
		o->p = dof > 0 ? chi2_sf(dof, s) : 1;
		o->p_verdict = o->p;
		o->effect = n > 0 ? sqrt(s / n) : 0;
		if (tb->ref_error > 0) {
			/* The reference's counts may be low by up to its
			 * error: move them toward the current's shares. */
			double moved = 0, sc, dc, nc;

			adj = xcalloc(tb->k + 1, sizeof *adj);
			for (i = 0; i < tb->k; i++) {
				double want = a[i] * tb->nref - tb->ref[i];

				adj[i] = tb->ref[i];
				if (i + 1 < tb->k && want > 0) {
					adj[i] += fmin(want, tb->ref_error);
					moved += fmin(want, tb->ref_error);
				}
			}
			adj[tb->k - 1] = fmax(adj[tb->k - 1] - moved, 0);
			sc = chi2_stat(adj, tb->cur, tb->k, &dc, &nc);
			o->p_verdict = dc > 0 ? chi2_sf(dc, sc) : 1;
			o->effect = nc > 0 ? sqrt(sc / nc) : 0;
			o->error_bound = de;
			free(adj);
		}
		break;
	}
	case DT_PSI:
		o->statistic = psi(a, e, tb->k, de, &bound);
		break;
	case DT_JS:
		o->statistic = jsd(e, a, tb->k, de, &bound);
		break;
	case DT_LINF:
		o->statistic = 0;
		for (i = 0; i < tb->k; i++)
			if (fabs(a[i] - e[i]) > o->statistic) {
				o->statistic = fabs(a[i] - e[i]);
				o->where = (long)i;
			}
		bound = de;
		break;
	default:
		break;
	}
	if (t != DT_CHI2) {
		o->stat_verdict = o->statistic;
		if (de > 0) {
			o->error_bound = bound;
			o->threshold += bound;
		}
	}
	free(e);
	free(a);
}
