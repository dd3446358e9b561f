/*
 * repperf: the estimated against the realised performance of each model
 * version, from mlo-drift's performance_window events (mlo-events(5)):
 * per (model_version, metric), the mean estimate and the mean realised
 * value of the windows placed in each time bucket, and the latest of
 * each.  A window is placed by its end, window_to, when that is an RFC
 * 3339 time: labels arrive late, and a realised value belongs with the
 * data it judges, beside the estimate made of the same rows, not at the
 * time of the run that could at last compute it.  Windows of rows (or of
 * epoch seconds and steps, which the event cannot tell apart) are placed
 * by the event's time.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static int
finite_number(const struct field *f, const char *key, double *v,
    struct mlo_error *why)
{
	*v = NAN;
	if (f->kind == FIELD_NULL)
		return 0;
	if (f->kind != FIELD_NUMBER || !isfinite(f->num))
		return error_set(why, "performance_window: \"%s\" is not a "
		    "finite number", key);
	*v = f->num;
	return 0;
}

static long
perf_slot(struct report *r, const struct field *model,
    const struct field *metric)
{
	static struct buf k;
	struct rep_perf *p;
	int64_t i;

	buf_reset(&k);
	if (model->kind != FIELD_NULL)
		buf_add(&k, model->s, model->len);
	buf_addc(&k, '\0');
	buf_add(&k, metric->s, metric->len);
	if ((i = strmap_get(&r->perf_ix, k.data, k.len)) >= 0)
		return (long)i;
	if (r->ns + r->nperf >= REP_MAX_SERIES)
		return -1;
	if (r->nperf == r->capperf) {
		r->capperf = r->capperf ? 2 * r->capperf : 16;
		r->perf = xreallocarray(r->perf, r->capperf, sizeof *r->perf);
	}
	p = &r->perf[r->nperf];
	memset(p, 0, sizeof *p);
	p->model = model->kind != FIELD_NULL ?
	    report_intern(r, model->s, model->len) : 0;
	p->metric = report_intern(r, metric->s, metric->len);
	p->last_est = p->last_real = NAN;
	p->est_time = p->real_time = INT64_MIN;
	p->b = xcalloc(r->nbuckets, sizeof *p->b);
	strmap_put(&r->perf_ix, k.data, k.len, (int64_t)r->nperf);
	return (long)r->nperf++;
}

int
report_perf_check(const struct field *metric, const struct field *estimate,
    const struct field *realised, struct mlo_error *why)
{
	double est, real;

	if (metric->kind != FIELD_TEXT)
		return error_set(why, "performance_window without \"metric\"");
	if (finite_number(estimate, "estimate", &est, why) == -1 ||
	    finite_number(realised, "realised", &real, why) == -1)
		return -1;
	if (isnan(est) && isnan(real))
		return error_set(why, "performance_window without \"estimate\" "
		    "or \"realised\"");
	return 0;
}

int
report_perf_point(struct report *r, mlo_time time,
    const struct field *model, const struct field *metric,
    const struct field *window_to, const struct field *estimate,
    const struct field *realised)
{
	struct rep_perf *p;
	double est = estimate->kind == FIELD_NUMBER ? estimate->num : NAN;
	double real = realised->kind == FIELD_NUMBER ? realised->num : NAN;
	mlo_time t = time, wt;
	long slot, b;

	if (window_to->kind == FIELD_TEXT && time_parse(window_to->s,
	    window_to->len, TIME_RFC3339, &wt, NULL) == 0)
		t = wt;
	if ((slot = perf_slot(r, model, metric)) < 0)
		return -1;
	if (t > r->o.until)
		return 0;	/* after the report's end */
	p = &r->perf[slot];
	if (!isnan(est) && t >= p->est_time) {
		p->last_est = est;
		p->est_time = t;
	}
	if (!isnan(real) && t >= p->real_time) {
		p->last_real = real;
		p->real_time = t;
	}
	if ((b = report_bucket_of(r, t)) < 0)
		return 0;
	p->points++;
	if (!isnan(est)) {
		p->b[b].nest++;
		p->b[b].est += est;
	}
	if (!isnan(real)) {
		p->b[b].nreal++;
		p->b[b].real += real;
	}
	return 0;
}

void
report_perf_free(struct report *r)
{
	size_t i;

	for (i = 0; i < r->nperf; i++)
		free(r->perf[i].b);
	free(r->perf);
	strmap_free(&r->perf_ix);
}
