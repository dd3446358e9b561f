/*
 * dperf: model performance in mlo-drift compare, when the profile holds a
 * calibration (a score and a label column, lib/cbpe).  Per window:
 *
 *   - without labels, the CBPE estimates of precision, recall, accuracy
 *     and positive rate from the window's scores, each with an error
 *     bound of three standard errors and the reference's realised value;
 *   - with labels (ground truth arrived), the realised metrics of the
 *     window's rows that have both, by lib/metrics (the retrain gate's
 *     code): precision, recall, accuracy, auc, brier, or mae and rmse when
 *     the reference's labels are not all 0 or 1;
 *   - for each --min / --max, a lasting condition on the realised value,
 *     or the estimate when the window has no labels: a "performance"
 *     event when it starts and when it ends;
 *   - with events, one "performance_window" point per window and metric
 *     (precision, recall and accuracy, or mae and rmse, and any metric
 *     with a limit) with the estimate and the realised value side by
 *     side, for mlo-report's chart of the one against the other.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dstate.h"
#include "metrics.h"
#include "num.h"

#define CBPE_BOUND_SE 3

static const char *const pm_names[PM_COUNT] = { "precision", "recall",
    "accuracy", "positive_rate", "auc", "brier", "mae", "rmse" };

static const struct alarm_rule perf_rule = { 1, SEV_WARNING, 0, 0 };

int
drift_limit_parse(struct drift_opts *o, const char *arg, int is_min,
    struct mlo_error *e)
{
	const char *eq = strchr(arg, '=');
	struct perf_limit l;
	size_t n;
	int m;

	l.is_min = is_min;
	for (m = 0; eq != NULL && m < PM_COUNT; m++) {
		n = strlen(pm_names[m]);
		if ((size_t)(eq - arg) == n && memcmp(arg, pm_names[m], n) == 0)
			break;
	}
	if (eq == NULL || m == PM_COUNT)
		return error_set(e, "--%s '%s' is not METRIC=VALUE with METRIC "
		    "precision, recall, accuracy, positive_rate, auc, brier, "
		    "mae or rmse", is_min ? "min" : "max", arg);
	if (num_parse(eq + 1, strlen(eq + 1), &l.value) == -1 ||
	    !isfinite(l.value))
		return error_set(e, "--%s '%s': '%s' is not a number",
		    is_min ? "min" : "max", arg, eq + 1);
	l.metric = (enum perf_metric)m;
	o->limits = xreallocarray(o->limits, o->nlimits + 1,
	    sizeof *o->limits);
	o->limits[o->nlimits++] = l;
	return 0;
}

static int
estimable(enum perf_metric m)
{
	return m <= PM_POSITIVE_RATE;
}

int
dperf_setup(struct drift *d, struct mlo_error *e)
{
	const struct pcol *sc, *lc;
	size_t i;

	d->calib = d->ref->calib;
	if (d->calib == NULL) {
		if (d->o->nlimits > 0)
			return error_set(e, "%s: --min and --max need a profile "
			    "with a calibration (made with --role COL=score "
			    "and --role COL=label)", d->o->reference);
		return 0;
	}
	sc = d->score = profile_role_column(d->ref, ROLE_SCORE);
	lc = d->label = profile_role_column(d->ref, ROLE_LABEL);
	(void)sc, (void)lc;
	d->score_in = d->label_in = d->model_in = -1;
	for (i = 0; i < d->o->nlimits; i++) {
		enum perf_metric m = d->o->limits[i].metric;
		int reg = calib_regression(d->calib);

		if (reg != (m == PM_MAE || m == PM_RMSE))
			return error_set(e, "%s: --%s %s: the reference's labels "
			    "are %s", d->o->reference, d->o->limits[i].is_min ?
			    "min" : "max", pm_names[m], reg ? "numbers, not 0 "
			    "and 1 (mae, rmse)" : "0 and 1 (precision, recall, "
			    "accuracy, positive_rate, auc, brier)");
	}
	d->palarm = xcalloc(d->o->nlimits + 1, sizeof *d->palarm);
	for (i = 0; i < d->o->nlimits; i++)
		alarm_init(&d->palarm[i]);
	if (!calib_regression(d->calib) && !d->o->quiet)
		diag("performance without labels is estimated from the "
		    "reference's calibration: it assumes the relation between "
		    "inputs and failures is unchanged and cannot see concept "
		    "shift");
	return 0;
}

static double
number(const struct field *f)
{
	double x;

	if (f->kind == FIELD_NUMBER)
		return f->num;
	if (f->kind == FIELD_BOOL)
		return f->len == 4 ? 1 : 0;
	if (f->kind == FIELD_NULL || num_parse(f->s, f->len, &x) == -1)
		return NAN;
	return x;
}

static void
push(double **v, size_t *n, size_t *a, double x)
{
	if (*n == *a) {
		*a = *a ? *a * 2 : 1024;
		*v = xreallocarray(*v, *a, sizeof **v);
	}
	(*v)[(*n)++] = x;
}

/* A (score, label) pair of the open window. */
static void
push_pair(struct drift *d, double s, double y)
{
	if (d->npairs == d->apairs) {
		d->apairs = d->apairs ? d->apairs * 2 : 1024;
		d->ps = xreallocarray(d->ps, d->apairs, sizeof *d->ps);
		d->py = xreallocarray(d->py, d->apairs, sizeof *d->py);
	}
	d->ps[d->npairs] = s;
	d->py[d->npairs++] = y;
}

void
dperf_row(struct drift *d, const struct record *rec)
{
	double s, y;

	if (d->calib == NULL || d->score_in < 0 ||
	    (size_t)d->score_in >= rec->nfields)
		return;
	s = number(&rec->fields[d->score_in]);
	if (!isfinite(s))
		return;
	push(&d->scores, &d->nscores, &d->ascores, s);
	if (d->model_in >= 0 && (size_t)d->model_in < rec->nfields &&
	    rec->fields[d->model_in].kind != FIELD_NULL) {
		const struct field *f = &rec->fields[d->model_in];

		buf_reset(&d->model);
		buf_add(&d->model, f->s, f->len > DPERF_MODEL_MAX ?
		    DPERF_MODEL_MAX : f->len);
	}
	if (d->label_in < 0 || (size_t)d->label_in >= rec->nfields)
		return;
	y = number(&rec->fields[d->label_in]);
	if (!isfinite(y))
		return;
	if (!calib_regression(d->calib) && y != 0 && y != 1) {
		d->bad_labels++;
		return;
	}
	push_pair(d, s, y);
}

/* The reference's realised value of M. */
static double
reference_value(const struct calib *c, enum perf_metric m)
{
	double nb = (double)(c->rows - c->nonbinary);

	switch (m) {
	case PM_PRECISION:
		return cbpe_reference(c, CB_PRECISION);
	case PM_RECALL:
		return cbpe_reference(c, CB_RECALL);
	case PM_ACCURACY:
		return cbpe_reference(c, CB_ACCURACY);
	case PM_POSITIVE_RATE:
		return cbpe_reference(c, CB_POSITIVE_RATE);
	case PM_BRIER:
		return nb > 0 ? c->brier_sum / nb : NAN;
	case PM_MAE:
		return c->rows ? c->abs_sum / (double)c->rows : NAN;
	case PM_RMSE:
		return c->rows ? sqrt(c->sq_sum / (double)c->rows) : NAN;
	default:
		return NAN;	/* auc needs the reference's order */
	}
}

/* A limit on M, or NULL. */
static const struct perf_limit *
limit_of(const struct drift *d, enum perf_metric m, size_t *ix)
{
	size_t i;

	for (i = 0; i < d->o->nlimits; i++)
		if (d->o->limits[i].metric == m) {
			*ix = i;
			return &d->o->limits[i];
		}
	return NULL;
}

static int
breached(const struct perf_limit *l, double v)
{
	return l->is_min ? v < l->value : v > l->value;
}

static void
perf_row(struct drift *d, const char *from, const char *to,
    const struct pcol *c, const char *test, double value, uint64_t n,
    double bound, enum perf_metric m)
{
	struct writer *w;
	const struct perf_limit *l;
	size_t ix;

	drift_row_begin(d, from, to, c->name, test);
	w = d->w;
	drift_out_num(w, value);
	writer_null(w);
	l = limit_of(d, m, &ix);
	drift_out_num(w, l ? l->value : NAN);
	if (n < d->o->min_n || isnan(value))
		writer_string(w, "insufficient", 12);
	else
		drift_out_bool(w, l != NULL && breached(l, value));
	writer_number(w, (double)d->calib->rows);
	writer_number(w, (double)n);
	drift_out_num(w, bound);
	drift_row_end(d, reference_value(d->calib, m), -1);
}

static void
perf_event(struct drift *d, size_t i, int fired, double v, int estimated,
    uint64_t n, const char *from, const char *to)
{
	const struct perf_limit *l = &d->o->limits[i];
	const char *name = pm_names[l->metric];
	struct buf *b = &d->ev;
	char msg[512];
	double ref;

	if (fired)
		snprintf(msg, sizeof msg, "%s%s %.4g %s %.4g%s", estimated ?
		    "estimated " : "", name, v, l->is_min ? "<" : ">",
		    l->value, estimated ? " (no labels: assumes the relation "
		    "between inputs and failures is unchanged)" : "");
	else
		snprintf(msg, sizeof msg, "%s%s back to %.4g", estimated ?
		    "estimated " : "", name, v);
	event_begin(b, &d->sink, "performance", fired ? "firing" : "resolved",
	    "warning", "model");
	event_str(b, "column", (estimated || l->metric == PM_POSITIVE_RATE ?
	    d->score : d->label)->name);
	event_str(b, "window_from", from);
	event_str(b, "window_to", to);
	event_str(b, "metric", name);
	event_bool(b, "estimated", estimated);
	event_num(b, "value", v);
	event_num(b, "limit", l->value);
	ref = reference_value(d->calib, l->metric);
	if (!isnan(ref))	/* none for auc */
		event_num(b, "reference", ref);
	event_int(b, "rows", (int64_t)n);
	event_str(b, "message", msg);
	event_end(b, &d->sink);
}

/* Whether a performance_window event shows M: the metrics that are
 * both estimated and realised, or realised for a regression, and any
 * metric with a limit. */
static int
shown_in_window(const struct drift *d, enum perf_metric m)
{
	size_t ix;

	if (limit_of(d, m, &ix) != NULL)
		return 1;
	return calib_regression(d->calib) ? m == PM_MAE || m == PM_RMSE :
	    m <= PM_ACCURACY;
}

/*
 * window_event: the point of metric M in the window: its estimate EST
 * (from NEST scores, error bound BOUND) and realised value REAL (from
 * NREAL labelled rows), each left out when NaN or from fewer rows than
 * --min-n; nothing when both are.
 */
static void
window_event(struct drift *d, enum perf_metric m, double est, double bound,
    uint64_t nest, double real, uint64_t nreal, const char *from,
    const char *to)
{
	struct buf *b = &d->ev;
	double ref = reference_value(d->calib, m);
	int has_est = !isnan(est) && nest >= d->o->min_n;
	int has_real = !isnan(real) && nreal >= d->o->min_n;
	char msg[512];
	int n = 0;

	if (!has_est && !has_real)
		return;
	if (has_est)
		n = snprintf(msg, sizeof msg, "%s %s %.4g (+-%.2g, %llu rows)",
		    pm_names[m], m == PM_POSITIVE_RATE ? "seen" : "estimated",
		    est, bound, (unsigned long long)nest);
	if (has_real)
		snprintf(msg + n, sizeof msg - (size_t)n, "%s realised %.4g "
		    "(%llu labelled rows)", has_est ? "," : pm_names[m],
		    real, (unsigned long long)nreal);
	event_begin(b, &d->sink, "performance_window", NULL, "info", "model");
	event_str(b, "column", d->score->name);
	if (d->model.len > 0)
		event_strn(b, "model_version", d->model.data, d->model.len);
	event_str(b, "window_from", from);
	event_str(b, "window_to", to);
	event_str(b, "metric", pm_names[m]);
	if (has_est) {
		event_num(b, "estimate", est);
		event_num(b, "error_bound", bound);
		event_int(b, "rows", (int64_t)nest);
	}
	if (has_real) {
		event_num(b, "realised", real);
		event_int(b, "rows_labelled", (int64_t)nreal);
	}
	if (!isnan(ref))
		event_num(b, "reference", ref);
	event_str(b, "message", msg);
	event_end(b, &d->sink);
}

void
dperf_judge(struct drift *d, const char *from, const char *to)
{
	double est[PM_COUNT], real[PM_COUNT], bound[PM_COUNT], out[M_COUNT];
	uint64_t nest = 0, nreal = d->npairs;
	struct cbpe_est ce;
	size_t i;
	int reg, m;

	if (d->calib == NULL)
		return;
	reg = calib_regression(d->calib);
	for (m = 0; m < PM_COUNT; m++)
		est[m] = real[m] = bound[m] = NAN;
	if (!reg && d->nscores > 0) {
		nest = d->nscores;
		cbpe_estimate(d->calib, d->scores, d->nscores, &ce);
		d->uncalibrated += ce.uncalibrated;
		for (m = 0; m < CB_COUNT; m++) {
			char test[32];

			est[m] = ce.value[m];
			bound[m] = CBPE_BOUND_SE * ce.se[m];
			snprintf(test, sizeof test, "cbpe_%s",
			    cbpe_name((enum cbpe_metric)m));
			perf_row(d, from, to, d->score, test, ce.value[m],
			    nest, CBPE_BOUND_SE * ce.se[m],
			    (enum perf_metric)m);
		}
	}
	if (nreal > 0 && !reg) {
		unsigned char *lab = xcalloc(nreal, 1);
		struct metrics_params mp = { d->calib->threshold, 0, 0 };
		static const enum perf_metric shown[] = { PM_PRECISION,
		    PM_RECALL, PM_ACCURACY, PM_AUC, PM_BRIER };
		static const enum metric_id ids[] = { M_PRECISION, M_RECALL,
		    M_ACCURACY, M_AUC, M_BRIER };

		for (i = 0; i < nreal; i++)
			lab[i] = d->py[i] == 1;
		metrics_classification(nreal, lab, d->ps, NULL, &mp, out);
		free(lab);
		for (i = 0; i < NELEM(shown); i++) {
			real[shown[i]] = out[ids[i]];
			perf_row(d, from, to, d->label, pm_names[shown[i]],
			    out[ids[i]], nreal, NAN, shown[i]);
		}
	} else if (nreal > 0) {
		metrics_regression(nreal, d->py, d->ps, NULL, out);
		real[PM_MAE] = out[M_MAE];
		real[PM_RMSE] = out[M_RMSE];
		perf_row(d, from, to, d->label, "mae", out[M_MAE], nreal, NAN,
		    PM_MAE);
		perf_row(d, from, to, d->label, "rmse", out[M_RMSE], nreal,
		    NAN, PM_RMSE);
	}
	for (m = 0; m < PM_COUNT; m++)
		if (shown_in_window(d, (enum perf_metric)m))
			window_event(d, (enum perf_metric)m, est[m], bound[m],
			    nest, real[m], nreal, from, to);
	for (i = 0; i < d->o->nlimits; i++) {
		const struct perf_limit *l = &d->o->limits[i];
		/* the positive rate needs no label: it is seen, not guessed */
		int estimated = l->metric != PM_POSITIVE_RATE &&
		    (isnan(real[l->metric]) || nreal < d->o->min_n);
		double v = estimated || l->metric == PM_POSITIVE_RATE ?
		    est[l->metric] : real[l->metric];
		uint64_t n = estimated || l->metric == PM_POSITIVE_RATE ?
		    nest : nreal;
		enum alarm_change ch;

		if (estimated && !estimable(l->metric))
			continue;
		if (isnan(v) || n < d->o->min_n)
			continue;	/* insufficient: nothing changes */
		ch = alarm_step(&d->palarm[i], &perf_rule, breached(l, v),
		    (mlo_time)d->nwindows, v);
		if (breached(l, v))
			d->perf_breached = 1;
		if (ch != ALARM_QUIET)
			perf_event(d, i, ch == ALARM_FIRED, v, estimated, n,
			    from, to);
	}
	d->npairs = 0;
	d->nscores = 0;
	buf_reset(&d->model);
}

void
dperf_free(struct drift *d)
{
	free(d->ps);
	free(d->py);
	free(d->scores);
	free(d->palarm);
	buf_free(&d->model);
}

void
dperf_save(const struct drift *d, struct buf *b)
{
	size_t i;

	if (d->calib == NULL)
		return;
	buf_adds(b, "{\"performance\":[");
	for (i = 0; i < d->npairs; i++) {
		char s[NUM_BUFSZ];

		buf_adds(b, i ? ",[\"" : "[\"");
		buf_add(b, s, num_format(d->ps[i], s));
		buf_adds(b, "\",\"");
		buf_add(b, s, num_format(d->py[i], s));
		buf_adds(b, "\"]");
	}
	buf_adds(b, "],\"scores\":[");
	for (i = 0; i < d->nscores; i++) {
		char s[NUM_BUFSZ];

		buf_adds(b, i ? ",\"" : "\"");
		buf_add(b, s, num_format(d->scores[i], s));
		buf_addc(b, '"');
	}
	buf_adds(b, "],\"alarms\":[");
	for (i = 0; i < d->o->nlimits; i++) {
		const struct alarm *a = &d->palarm[i];
		char s[NUM_BUFSZ];

		buf_printf(b, "%s[%s,\"%lld\",\"%lld\",\"%lld\",\"", i ? "," : "",
		    a->firing ? "true" : "false", (long long)a->since,
		    (long long)a->clear_since, (long long)a->count);
		buf_add(b, s, num_format(a->peak, s));
		buf_adds(b, "\"]");
	}
	buf_addc(b, ']');
	if (d->model.len > 0) {
		buf_adds(b, ",\"model_version\":");
		json_quote(b, d->model.data, d->model.len);
	}
	statefile_end_line(b);
}

static int
str_num(const cJSON *it, double *v)
{
	return cJSON_IsString(it) && num_parse(it->valuestring,
	    strlen(it->valuestring), v) == 0 ? 0 : -1;
}

static int
str_i64(const cJSON *it, int64_t *v)
{
	return cJSON_IsString(it) && num_parse_int(it->valuestring,
	    strlen(it->valuestring), v) == 0 ? 0 : -1;
}

int
dperf_load(struct drift *d, const cJSON *o, const char *path, long lineno,
    struct mlo_error *e)
{
	const cJSON *pairs = cJSON_GetObjectItemCaseSensitive(o, "performance");
	const cJSON *alarms = cJSON_GetObjectItemCaseSensitive(o, "alarms");
	const cJSON *scores = cJSON_GetObjectItemCaseSensitive(o, "scores");
	const cJSON *model = cJSON_GetObjectItemCaseSensitive(o,
	    "model_version");
	const cJSON *it;
	size_t i = 0;

	cJSON_ArrayForEach(it, scores) {
		double x;

		if (str_num(it, &x))
			return error_at(e, path, lineno, 0,
			    "damaged state record");
		push(&d->scores, &d->nscores, &d->ascores, x);
	}
	if (d->calib == NULL || !cJSON_IsArray(pairs) || !cJSON_IsArray(alarms)
	    || !cJSON_IsArray(scores)
	    || (size_t)cJSON_GetArraySize(alarms) != d->o->nlimits)
		return error_at(e, path, lineno, 0, "damaged state record");
	if (model != NULL) {
		if (!cJSON_IsString(model) || *model->valuestring == '\0' ||
		    strlen(model->valuestring) > DPERF_MODEL_MAX)
			return error_at(e, path, lineno, 0,
			    "damaged state record");
		buf_reset(&d->model);
		buf_adds(&d->model, model->valuestring);
	}
	cJSON_ArrayForEach(it, pairs) {
		double s, y;

		if (str_num(cJSON_GetArrayItem(it, 0), &s) ||
		    str_num(cJSON_GetArrayItem(it, 1), &y))
			return error_at(e, path, lineno, 0,
			    "damaged state record");
		push_pair(d, s, y);
	}
	cJSON_ArrayForEach(it, alarms) {
		struct alarm *a = &d->palarm[i++];
		int64_t v[3];

		if (!cJSON_IsBool(cJSON_GetArrayItem(it, 0)) ||
		    str_i64(cJSON_GetArrayItem(it, 1), &v[0]) ||
		    str_i64(cJSON_GetArrayItem(it, 2), &v[1]) ||
		    str_i64(cJSON_GetArrayItem(it, 3), &v[2]) ||
		    str_num(cJSON_GetArrayItem(it, 4), &a->peak))
			return error_at(e, path, lineno, 0,
			    "damaged state record");
		a->firing = cJSON_IsTrue(cJSON_GetArrayItem(it, 0));
		a->since = v[0];
		a->clear_since = v[1];
		a->count = v[2];
	}
	return 0;
}
