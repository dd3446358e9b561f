/*
 * impact: the business layer of mlo-report(1): which failures the model's
 * alerts caught, which they missed, which alert episodes were false
 * alarms, the lead times, the downtime avoided and the money saved
 * (definitions in mlo-report(1), IMPACT), and the predicted-positive
 * share per model_version.
 *
 * One pass over the predictions, in time order per entity, with the
 * outcomes (few: failures) sorted in memory; per entity a little state:
 * the last row's time, the open alert episode, the next failure.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "repextra.h"
#include "report.h"

/* Column candidates, first found wins. */
static const char *const entity_cols[] = { "entity", "asset", "asset_id" };
static const char *const ftime_cols[] = { "failure_time", "time", "ts" };
static const char *const down_cols[] = { "downtime_hours", "downtime_h",
	"downtime" };
static const char *const ptime_cols[] = { "time", "ts" };
static const char *const id_cols[] = { "prediction_id", "id", "row_id" };

static long
find_col(struct reader *rd, const char *const *names, size_t n)
{
	size_t i;
	long c;

	for (i = 0; i < n; i++)
		if ((c = reader_find(rd, names[i])) >= 0)
			return c;
	return -1;
}

/* For NDJSON, keys appear only with records: want them all. */
static void
want_all(struct reader *rd, const char *const *names, size_t n, long *cols)
{
	size_t i;

	for (i = 0; i < n; i++)
		cols[i] = reader_format(rd) == REC_NDJSON ?
		    (long)reader_want(rd, names[i]) : reader_find(rd, names[i]);
}

static const struct field *
first_field(const struct record *rec, const long *cols, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (cols[i] >= 0 && (size_t)cols[i] < rec->nfields &&
		    rec->fields[cols[i]].kind != FIELD_NULL)
			return &rec->fields[cols[i]];
	return NULL;
}

/* time_of: an RFC 3339 time or epoch seconds. */
static int
time_of(const struct field *f, mlo_time *t)
{
	if (time_parse(f->s, f->len, TIME_RFC3339, t, NULL) == 0)
		return 0;
	return time_parse(f->s, f->len, TIME_EPOCH, t, NULL);
}

static int
number_of(const struct field *f, double *x)
{
	if (f->kind == FIELD_NUMBER) {
		*x = f->num;
		return 0;
	}
	return num_parse(f->s, f->len, x);
}

static int
by_failure(const void *a, const void *b)
{
	const struct rep_failure *x = a, *y = b;

	if (x->entity != y->entity)
		return x->entity < y->entity ? -1 : 1;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

int
report_read_outcomes(struct report *r, const char *path, struct mlo_error *e)
{
	struct reader_opts ro = {0};
	struct reader *rd;
	struct input *in;
	struct record *rec;
	long ce[3], ct[3], cd[3], cc[1];
	int got;

	if ((in = input_open(path, e)) == NULL)
		return -1;
	if ((rd = reader_open(in, &ro, e)) == NULL)
		return -1;
	want_all(rd, entity_cols, 3, ce);
	want_all(rd, ftime_cols, 3, ct);
	want_all(rd, down_cols, 3, cd);
	cc[0] = reader_format(rd) == REC_NDJSON ?
	    (long)reader_want(rd, "cost") : reader_find(rd, "cost");
	if (reader_format(rd) == REC_CSV && reader_ncolumns(rd) > 0 &&
	    (find_col(rd, entity_cols, 3) < 0 || find_col(rd, ftime_cols,
	    3) < 0 || find_col(rd, down_cols, 3) < 0)) {
		error_set(e, "%s: outcomes need an entity (entity, asset or "
		    "asset_id), a failure time (failure_time, time or ts) "
		    "and downtime_hours columns", reader_name(rd));
		reader_close(rd);
		return -1;
	}
	while ((got = reader_next(rd, &rec, e)) == 1) {
		const struct field *fe = first_field(rec, ce, 3);
		const struct field *ft = first_field(rec, ct, 3);
		const struct field *fd = first_field(rec, cd, 3);
		const struct field *fc = first_field(rec, cc, 1);
		struct rep_failure *f;
		mlo_time t;
		double down, cost = NAN;

		if (rec->shape_error != NULL)
			got = error_set(e, "%s:%ld: %s", reader_name(rd),
			    rec->line, rec->shape_error);
		else if (fe == NULL)
			got = error_set(e, "%s:%ld: no entity",
			    reader_name(rd), rec->line);
		else if (ft == NULL || time_of(ft, &t) == -1)
			got = error_set(e, "%s:%ld: failure time '%.40s' is "
			    "neither an RFC 3339 time nor epoch seconds",
			    reader_name(rd), rec->line, ft ? ft->s : "");
		else if (fd == NULL || number_of(fd, &down) == -1 ||
		    !(down >= 0) || isinf(down))
			got = error_set(e, "%s:%ld: downtime_hours '%.40s' is "
			    "not a number of hours >= 0", reader_name(rd),
			    rec->line, fd ? fd->s : "");
		else if (fc != NULL && (number_of(fc, &cost) == -1 ||
		    !isfinite(cost)))
			got = error_set(e, "%s:%ld: cost '%.40s' is not a "
			    "number", reader_name(rd), rec->line, fc->s);
		if (got == -1)
			break;
		if (fc != NULL)
			r->impact_cost_column = 1;
		if (r->nf == r->capf) {
			r->capf = r->capf ? 2 * r->capf : 256;
			r->f = xreallocarray(r->f, r->capf, sizeof *r->f);
		}
		f = &r->f[r->nf++];
		f->entity = report_intern(r, fe->s, fe->len);
		f->time = t;
		f->downtime_h = down;
		f->cost = cost;
		f->first_alert = INT64_MIN;
		f->line = rec->line;
		f->monitored = 0;
	}
	reader_close(rd);
	if (got == -1)
		return -1;
	if (r->nf > 0)
		qsort(r->f, r->nf, sizeof *r->f, by_failure);
	r->has_outcomes = 1;
	free(r->outcomes_path);
	r->outcomes_path = xstrdup(display_name(path));
	return 0;
}

/* Per entity (by name) state while reading predictions. */
struct pstate {
	mlo_time last;		/* time of the last row, INT64_MIN: none */
	mlo_time ep_start, ep_last;	/* the open episode, if open */
	size_t next;		/* the first failure at or after the row */
	size_t end;		/* past the entity's failures */
	unsigned char open, seen, has_f;
};

/*
 * failure_in: whether a failure of P's entity falls in [A, B] (and not
 * after --until); failures from P->next on, which start at or after A.
 */
static int
episode_true(const struct report *r, const struct pstate *p, size_t first,
    mlo_time a, mlo_time b)
{
	size_t i;

	for (i = first; i < p->end; i++) {
		if (r->f[i].time > b || r->f[i].time > r->o.until)
			return 0;
		if (r->f[i].time >= a)
			return 1;
	}
	return 0;
}

/* close_episode: judge P's open episode; FIRST: its first failure index. */
static void
close_episode(struct report *r, struct pstate *p, size_t first)
{
	struct rep_impact *m = &r->impact;
	mlo_time end = p->ep_last + r->o.impact.lead_max;

	p->open = 0;
	if (p->ep_start <= r->o.since || p->ep_start > r->o.until)
		return;
	m->episodes++;
	if (p->has_f && episode_true(r, p, first, p->ep_start, end))
		m->true_alarms++;
	else if (end > r->o.until)
		m->pending++;
	else
		m->false_alarms++;
}

/* alerts: whether REC alerts; -1 with E on a bad value. */
static int
alerts(const struct report *r, struct reader *rd, const struct record *rec,
    const struct field *score, const struct field *pred, double *sc,
    struct mlo_error *e)
{
	const struct rep_impact_opts *o = &r->o.impact;

	*sc = NAN;
	if (score != NULL && number_of(score, sc) == -1)
		return error_set(e, "%s:%ld: score '%.40s' is not a number",
		    reader_name(rd), rec->line, score->s);
	if (pred != NULL && !(o->use_score && score != NULL)) {
		if (pred->len == 1 && (pred->s[0] == '0' || pred->s[0] == '1'))
			return pred->s[0] == '1';
		if (strcmp(pred->s, "true") == 0)
			return 1;
		if (strcmp(pred->s, "false") == 0)
			return 0;
		return error_set(e, "%s:%ld: prediction '%.40s' is not 0, 1, "
		    "true or false", reader_name(rd), rec->line, pred->s);
	}
	if (score == NULL)
		return error_set(e, "%s:%ld: neither a score nor a "
		    "prediction", reader_name(rd), rec->line);
	return *sc >= o->threshold;
}

static struct pstate *
state_of(struct pstate **ps, size_t *cap, uint32_t name)
{
	size_t i;

	if (name >= *cap) {
		size_t n = *cap ? *cap : 1024;

		while (n <= name)
			n *= 2;
		*ps = xreallocarray(*ps, n, sizeof **ps);
		for (i = *cap; i < n; i++) {
			memset(&(*ps)[i], 0, sizeof **ps);
			(*ps)[i].last = INT64_MIN;
		}
		*cap = n;
	}
	return &(*ps)[name];
}

/* The failures of each entity: [start, end) in r->f. */
static void
bind_failures(struct report *r, struct pstate *p, uint32_t name)
{
	size_t lo = 0, hi = r->nf;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (r->f[mid].entity < name)
			lo = mid + 1;
		else
			hi = mid;
	}
	p->next = lo;
	while (hi < r->nf && r->f[hi].entity == name)
		hi++;
	p->end = hi;
	p->has_f = p->end > p->next;
	if (!p->has_f)
		p->end = p->next = lo;
}

/* row: one prediction row of entity P at T. */
static void
row(struct report *r, struct pstate *p, mlo_time t, int alert)
{
	const struct rep_impact_opts *o = &r->o.impact;
	size_t i, first;

	/* failures before T are behind us; one between the episode's last
	 * alert and T ends the episode */
	first = p->next;
	while (p->next < p->end && r->f[p->next].time < t)
		p->next++;
	if (p->open && (!alert || p->next != first))
		close_episode(r, p, first);
	if (!alert)
		return;
	if (!p->open) {
		p->open = 1;
		p->ep_start = t;
	}
	p->ep_last = t;
	/* the alert counts for the entity's first failure at or after it */
	i = p->next;
	if (i < p->end && r->f[i].time - t >= o->lead_min &&
	    r->f[i].time - t <= o->lead_max && r->f[i].first_alert ==
	    INT64_MIN)
		r->f[i].first_alert = t;
}

int
report_read_predictions(struct report *r, const char *path,
    struct mlo_error *e)
{
	struct reader_opts ro = {0};
	struct reader *rd;
	struct input *in;
	struct record *rec;
	long cid[3], cent[3], ctime[2], cscore, cpred, cmodel;
	struct pstate *ps = NULL;
	size_t nps = 0, i;
	long last_series = -1;
	uint32_t last_model = UINT32_MAX;
	int got;

	if ((in = input_open(path, e)) == NULL)
		return -1;
	if ((rd = reader_open(in, &ro, e)) == NULL)
		return -1;
	want_all(rd, id_cols, 3, cid);
	want_all(rd, entity_cols, 3, cent);
	want_all(rd, ptime_cols, 2, ctime);
	want_all(rd, (const char *const[]){ "score" }, 1, &cscore);
	want_all(rd, (const char *const[]){ "prediction" }, 1, &cpred);
	want_all(rd, (const char *const[]){ "model_version" }, 1, &cmodel);
	r->has_predictions = 1;
	while ((got = reader_next(rd, &rec, e)) == 1) {
		const struct field *fe = first_field(rec, cent, 3);
		const struct field *ft = first_field(rec, ctime, 2);
		const struct field *fid = first_field(rec, cid, 3);
		const struct field *fm = first_field(rec, &cmodel, 1);
		struct field ent, tf;
		struct pstate *p;
		uint32_t name, model;
		mlo_time t;
		double sc;
		long b;
		int a;

		if (rec->shape_error != NULL) {
			got = error_set(e, "%s:%ld: %s", reader_name(rd),
			    rec->line, rec->shape_error);
			break;
		}
		/* entity and time from the row id ENTITY@TIME when absent */
		if ((fe == NULL || ft == NULL) && fid != NULL) {
			const char *at = memchr(fid->s, '@', fid->len);

			if (at != NULL) {
				ent = (struct field){ fid->s,
				    (size_t)(at - fid->s), FIELD_TEXT, 0 };
				tf = (struct field){ at + 1,
				    fid->len - (size_t)(at - fid->s) - 1,
				    FIELD_TEXT, 0 };
				if (fe == NULL)
					fe = &ent;
				if (ft == NULL)
					ft = &tf;
			}
		}
		if (fe == NULL || ft == NULL) {
			got = error_set(e, "%s:%ld: no entity and time "
			    "(entity, asset or asset_id; time or ts; or an "
			    "id ENTITY@TIME)", reader_name(rd), rec->line);
			break;
		}
		if (time_of(ft, &t) == -1) {
			got = error_set(e, "%s:%ld: time '%.40s' is neither "
			    "an RFC 3339 time nor epoch seconds",
			    reader_name(rd), rec->line, ft->s);
			break;
		}
		if ((a = alerts(r, rd, rec, first_field(rec, &cscore, 1),
		    first_field(rec, &cpred, 1), &sc, e)) == -1) {
			got = -1;
			break;
		}
		if (t > r->o.until)
			continue;
		r->prediction_rows++;
		name = report_intern(r, fe->s, fe->len);
		p = state_of(&ps, &nps, name);
		if (!p->seen) {
			p->seen = 1;
			bind_failures(r, p, name);
		}
		if (p->last != INT64_MIN && t < p->last) {
			if (r->prediction_late++ == 0)
				report_warn(r, "%s:%ld: row older than the "
				    "last of entity '%s': skipped (rows "
				    "must come in time order per entity)",
				    reader_name(rd), rec->line,
				    r->name[name]);
			continue;
		}
		p->last = t;
		model = fm != NULL ? report_intern(r, fm->s, fm->len) : 0;
		if (model != last_model) {
			struct field mf = { r->name[model],
			    strlen(r->name[model]), model ? FIELD_TEXT :
			    FIELD_NULL, 0 };

			last_series = report_series(r, SERIES_PREDICTIONS,
			    LAYER_MODEL, NULL, NULL, NULL, NULL, &mf);
			last_model = model;
		}
		if (last_series >= 0)
			r->s[last_series].total++;
		if (last_series >= 0 &&
		    (b = report_bucket_of(r, t)) >= 0) {
			struct rep_series *s = &r->s[last_series];

			s->period++;
			s->b[b].events++;
			if (a) {
				s->positives++;
				s->b[b].positives++;
				r->prediction_positive_period++;
				report_note_alert(r, name, fid ? fid->s : NULL,
				    fid ? fid->len : 0, t, sc);
			}
			if (!isnan(sc)) {
				struct rep_bucket *bk = &s->b[b];

				if (bk->nvalue == 0 || sc > bk->vmax)
					bk->vmax = sc;
				bk->nvalue++;
				bk->vsum += sc;
			}
			if (t > s->last_time)
				s->last_time = t;
		}
		if (r->o.impact_on)
			row(r, p, t, a);
	}
	if (got != -1 && r->o.impact_on) {
		/* the episodes still open end with the input */
		for (i = 0; i < nps; i++)
			if (ps[i].seen && ps[i].open) {
				size_t first = ps[i].next;

				close_episode(r, &ps[i], first);
			}
		for (i = 0; i < nps; i++)
			if (ps[i].seen && ps[i].has_f) {
				size_t k;

				bind_failures(r, &ps[i], (uint32_t)i);
				for (k = ps[i].next; k < ps[i].end; k++)
					r->f[k].monitored = 1;
			}
	}
	if (r->prediction_late > 1)
		report_warn(r, "%s: %llu rows older than the last of their "
		    "entity skipped", reader_name(rd),
		    (unsigned long long)r->prediction_late);
	free(ps);
	reader_close(rd);
	return got == -1 ? -1 : 0;
}

static int
by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* quantile: numpy's default (linear) quantile P of sorted X[0..n). */
static double
quantile(const double *x, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h);

	if (lo + 1 >= n)
		return x[n - 1];
	return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

void
report_finish_impact(struct report *r)
{
	const struct rep_impact_opts *o = &r->o.impact;
	struct rep_impact *m = &r->impact;
	double saved = 0;
	size_t i, n = 0;

	if (!r->o.impact_on)
		return;
	m->has = 1;
	m->lead = r->nf > 0 ? xcalloc(r->nf, sizeof *m->lead) : NULL;
	for (i = 0; i < r->nf; i++) {
		const struct rep_failure *f = &r->f[i];

		if (f->time <= r->o.since || f->time > r->o.until)
			continue;
		m->failures++;
		if (!f->monitored) {
			m->unmonitored++;
			if (m->unmonitored == 1)
				report_warn(r, "%s:%ld: failure of '%s', an "
				    "entity without predictions: counted as "
				    "unmonitored", r->outcomes_path, f->line,
				    r->name[f->entity]);
			continue;
		}
		m->downtime_total_s += f->downtime_h * 3600;
		if (f->first_alert == INT64_MIN) {
			m->missed++;
			continue;
		}
		m->caught++;
		m->lead[n++] = (double)(f->time - f->first_alert) / 1e9;
		m->downtime_avoided_s += f->downtime_h * 3600 * o->avoidable;
		saved += (isnan(f->cost) ? o->unplanned : f->cost) - o->planned;
	}
	if (n > 0) {
		qsort(m->lead, n, sizeof *m->lead, by_double);
		m->lead_p10 = quantile(m->lead, n, 0.1);
		m->lead_median = quantile(m->lead, n, 0.5);
		m->lead_p90 = quantile(m->lead, n, 0.9);
	}
	if (o->has_cost)
		m->money_saved = saved - o->inspection *
		    (double)m->false_alarms;
}
