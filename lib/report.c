#include <cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger.h"
#include "num.h"
#include "repextra.h"
#include "report.h"

static const char *const layer_names[LAYER_COUNT] = { "integrity", "model",
	"business", "feedback", "lifecycle" };
static const char *const status_names[] = { "green", "amber", "red" };
static const char *const sev_names[SEV_COUNT] = { "info", "warning",
	"critical" };

const char *
rep_layer_name(int layer)
{
	return layer_names[layer];
}

const char *
rep_status_name(int status)
{
	return status_names[status];
}

const char *
rep_severity_name(int sev)
{
	return sev_names[sev];
}

void
report_warn(const struct report *r, const char *fmt, ...)
{
	char msg[1400];
	va_list ap;

	if (r->o.warn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	r->o.warn(msg);
}

void
report_init(struct report *r, const struct report_opts *o)
{
	mlo_time span;

	memset(r, 0, sizeof *r);
	r->o = *o;
	span = o->until - o->since;
	if (span <= 0)
		span = 1;
	r->bucket = o->bucket > 0 ? o->bucket :
	    (span + REP_DEFAULT_BUCKETS - 1) / REP_DEFAULT_BUCKETS;
	if (r->bucket <= 0)
		r->bucket = 1;
	if (span / r->bucket >= REP_MAX_BUCKETS)
		r->bucket = (span + REP_MAX_BUCKETS - 1) / REP_MAX_BUCKETS;
	r->nbuckets = (size_t)((span + r->bucket - 1) / r->bucket);
	if (r->nbuckets == 0)
		r->nbuckets = 1;
	r->capnames = 64;
	r->name = xcalloc(r->capnames, sizeof *r->name);
	r->ent_of_name = xmalloc(r->capnames * sizeof *r->ent_of_name);
	r->name[0] = xstrdup("");
	r->ent_of_name[0] = -1;
	r->nnames = 1;
	strmap_put(&r->names, "", 0, 0);
	r->first_time = INT64_MAX;
	r->last_time = INT64_MIN;
	r->impact.lead_p10 = r->impact.lead_median = r->impact.lead_p90 = NAN;
	r->impact.money_saved = NAN;
	fb_log_init(&r->fb);
}

const char *
report_name(const struct report *r, uint32_t i)
{
	return r->name[i];
}

uint32_t
report_intern(struct report *r, const char *s, size_t n)
{
	int64_t i = strmap_get(&r->names, s, n);

	if (i >= 0)
		return (uint32_t)i;
	if (r->nnames == r->capnames) {
		r->capnames *= 2;
		r->name = xreallocarray(r->name, r->capnames, sizeof *r->name);
		r->ent_of_name = xreallocarray(r->ent_of_name, r->capnames,
		    sizeof *r->ent_of_name);
	}
	r->name[r->nnames] = xstrndup(s, n);
	r->ent_of_name[r->nnames] = -1;
	strmap_put(&r->names, s, n, (int64_t)r->nnames);
	return (uint32_t)r->nnames++;
}

mlo_time
report_bucket_start(const struct report *r, size_t i)
{
	return r->o.since + (mlo_time)i * r->bucket;
}

long
report_bucket_of(const struct report *r, mlo_time t)
{
	mlo_time d;

	if (t <= r->o.since || t > r->o.until)
		return -1;
	d = (t - r->o.since - 1) / r->bucket;
	return d >= (mlo_time)r->nbuckets ? (long)r->nbuckets - 1 : (long)d;
}

static void
key_part(struct buf *k, const struct field *f)
{
	if (f != NULL && f->kind != FIELD_NULL)
		buf_add(k, f->s, f->len);
	buf_addc(k, '\0');
}

static uint32_t
intern_field(struct report *r, const struct field *f)
{
	if (f == NULL || f->kind == FIELD_NULL)
		return 0;
	return report_intern(r, f->s, f->len);
}

long
report_series(struct report *r, enum rep_series_kind what, int layer,
    const struct field *tool, const struct field *kind,
    const struct field *contract, const struct field *column,
    const struct field *model)
{
	static struct buf k;
	struct rep_series *s;
	int64_t i;

	buf_reset(&k);
	buf_addc(&k, (char)('0' + what));
	buf_addc(&k, (char)('0' + layer));
	key_part(&k, tool);
	key_part(&k, kind);
	key_part(&k, contract);
	key_part(&k, column);
	key_part(&k, model);
	if ((i = strmap_get(&r->series_ix, k.data, k.len)) >= 0)
		return (long)i;
	if (r->ns + r->nperf >= REP_MAX_SERIES)
		return -1;
	if (r->ns == r->caps) {
		r->caps = r->caps ? 2 * r->caps : 64;
		r->s = xreallocarray(r->s, r->caps, sizeof *r->s);
	}
	s = &r->s[r->ns];
	memset(s, 0, sizeof *s);
	s->what = what;
	s->layer = layer;
	s->tool = intern_field(r, tool);
	s->kind = intern_field(r, kind);
	s->contract = intern_field(r, contract);
	s->column = intern_field(r, column);
	s->model = intern_field(r, model);
	s->last_time = s->value_time = INT64_MIN;
	for (i = 0; i < SEV_COUNT; i++)
		s->message_time[i] = INT64_MIN;
	s->b = xcalloc(r->nbuckets, sizeof *s->b);
	strmap_put(&r->series_ix, k.data, k.len, (int64_t)r->ns);
	return (long)r->ns++;
}

long
report_entity(struct report *r, uint32_t n)
{
	struct rep_entity *en;

	if (r->ent_of_name[n] >= 0)
		return (long)r->ent_of_name[n];
	if (r->nent == REP_MAX_ENTITIES)
		return -1;
	if (r->nent == r->capent) {
		r->capent = r->capent ? 2 * r->capent : 64;
		r->ent = xreallocarray(r->ent, r->capent, sizeof *r->ent);
	}
	en = &r->ent[r->nent];
	memset(en, 0, sizeof *en);
	en->name = n;
	r->ent_of_name[n] = (int64_t)r->nent;
	return (long)r->nent++;
}

/* Events */

enum { K_V, K_TIME, K_TOOL, K_KIND, K_STATE, K_SEVERITY, K_LAYER,
	K_CONTRACT, K_COLUMN, K_ENTITY, K_ASSET, K_MODEL, K_VALUE, K_MESSAGE,
	K_WINDOW_TO, K_METRIC, K_ESTIMATE, K_REALISED, K_COUNT };
static const char *const event_keys[K_COUNT] = { "v", "time", "tool",
	"kind", "state", "severity", "layer", "contract", "column", "entity",
	"asset", "model_version", "value", "message", "window_to", "metric",
	"estimate", "realised" };

static int
name_index(const struct field *f, const char *const *names, int n)
{
	int i;

	if (f->kind != FIELD_TEXT)
		return -1;
	for (i = 0; i < n; i++)
		if (strlen(names[i]) == f->len &&
		    memcmp(names[i], f->s, f->len) == 0)
			return i;
	return -1;
}

/* An event's fields, checked. */
struct ev {
	mlo_time time;
	int layer, sev, state;	/* state: 0 none, 1 firing, 2 resolved */
	int has_value;
	double value;
};

/* check_event: F as an event into *EV; 1 ok, 0 another version (*V), -1
 * with WHY. */
static int
check_event(const struct field *f, struct ev *ev, double *v,
    struct mlo_error *why)
{
	static const char *const states[] = { "firing", "resolved" };
	int k;

	if (f[K_V].kind != FIELD_NUMBER)
		return error_set(why, "no version \"v\"");
	if (f[K_V].num != 1) {
		*v = f[K_V].num;
		return 0;
	}
	if (f[K_TIME].kind != FIELD_TEXT ||
	    time_parse(f[K_TIME].s, f[K_TIME].len, TIME_RFC3339, &ev->time,
	    why) == -1)
		return error_set(why, "\"time\" is not an RFC 3339 time");
	for (k = K_TOOL; k <= K_KIND; k++)
		if (f[k].kind != FIELD_TEXT)
			return error_set(why, "no \"%s\"", event_keys[k]);
	if ((ev->layer = name_index(&f[K_LAYER], layer_names,
	    LAYER_COUNT)) == -1)
		return error_set(why, "\"layer\" is not one of integrity, "
		    "model, business, feedback, lifecycle");
	if ((ev->sev = name_index(&f[K_SEVERITY], sev_names,
	    SEV_COUNT)) == -1)
		return error_set(why, "\"severity\" is not one of info, "
		    "warning, critical");
	ev->state = 0;
	if (f[K_STATE].kind != FIELD_NULL &&
	    (ev->state = name_index(&f[K_STATE], states, 2) + 1) == 0)
		return error_set(why, "\"state\" is neither firing nor "
		    "resolved");
	ev->has_value = 0;
	if (f[K_VALUE].kind == FIELD_NUMBER && isfinite(f[K_VALUE].num)) {
		ev->has_value = 1;
		ev->value = f[K_VALUE].num;
	}
	return 1;
}

/* set_text: DST holds F's text from now on, reusing its memory. */
static void
set_text(struct buf *dst, const struct field *f)
{
	buf_reset(dst);
	if (f->kind != FIELD_NULL)
		buf_add(dst, f->s, f->len);
}


static void
add_condition(struct report *r, long si, const struct field *f,
    const struct field *entity, const struct ev *ev)
{
	static struct buf k;
	struct rep_cond *c;
	uint32_t si32 = (uint32_t)si;
	int64_t i;

	buf_reset(&k);
	buf_add(&k, &si32, sizeof si32);
	key_part(&k, entity);
	if ((i = strmap_get(&r->cond_ix, k.data, k.len)) < 0) {
		if (r->nc == r->capc) {
			r->capc = r->capc ? 2 * r->capc : 64;
			r->c = xreallocarray(r->c, r->capc, sizeof *r->c);
		}
		c = &r->c[r->nc];
		memset(c, 0, sizeof *c);
		c->series = si32;
		c->entity = intern_field(r, entity);
		c->time = INT64_MIN;
		strmap_put(&r->cond_ix, k.data, k.len, (int64_t)r->nc++);
	} else
		c = &r->c[i];
	if (ev->time < c->time)
		return;	/* an older event: the state stands */
	if (ev->state == 1 && (!c->firing || c->time == INT64_MIN))
		c->since = ev->time;
	c->firing = ev->state == 1;
	c->sev = (unsigned char)ev->sev;
	c->time = ev->time;
	c->seq = r->seq;
	set_text(&c->message, &f[K_MESSAGE]);
}

static void
add_event(struct report *r, const struct field *f, const struct ev *ev,
    long si)
{
	struct rep_series *s = &r->s[si];
	const struct field *entity = f[K_ENTITY].kind != FIELD_NULL ?
	    &f[K_ENTITY] : &f[K_ASSET];
	long b = report_bucket_of(r, ev->time);

	s->total++;
	s->by_sev[ev->sev]++;
	if (ev->has_value && ev->time >= s->value_time) {
		s->has_value = 1;
		s->last_value = ev->value;
		s->value_time = ev->time;
	}
	if (b >= 0) {
		struct rep_bucket *bk = &s->b[b];

		r->events_in_period++;
		s->period++;
		s->period_sev[ev->sev]++;
		if (ev->time > s->last_time)
			s->last_time = ev->time;
		bk->events++;
		if (ev->sev == SEV_WARNING)
			bk->warning++;
		else if (ev->sev == SEV_CRITICAL)
			bk->critical++;
		if (ev->has_value) {
			if (bk->nvalue == 0 || ev->value > bk->vmax)
				bk->vmax = ev->value;
			bk->nvalue++;
			bk->vsum += ev->value;
		}
		if (ev->state == 0) {
			s->oneoff_sev[ev->sev]++;
			if (ev->time >= s->message_time[ev->sev]) {
				s->message_time[ev->sev] = ev->time;
				set_text(&s->last_message[ev->sev],
				    &f[K_MESSAGE]);
			}
		}
		if (entity->kind != FIELD_NULL) {
			long en = report_entity(r, intern_field(r, entity));

			if (en >= 0)
				r->ent[en].period_sev[ev->sev]++;
		}
	}
	if (ev->state != 0) {
		s->has_conditions = 1;
		add_condition(r, si, f, entity, ev);
	}
}

/*
 * slow_pick: LINE read by cJSON, for the lines json_pick leaves (escaped
 * keys, a NUL, or bad JSON): the wanted keys into F (strings copied into
 * SCRATCH), or -1 with WHY.
 */
static int
slow_pick(const char *line, size_t len, struct field *f, struct buf *scratch,
    struct mlo_error *why)
{
	cJSON *obj, *item;
	size_t at[K_COUNT];
	int k, st = 0;

	for (k = 0; k < K_COUNT; k++)
		f[k] = (struct field){ "", 0, FIELD_NULL, 0 };
	if (!utf8_valid(line, len))
		return error_set(why, "invalid UTF-8 or a NUL byte");
	obj = cJSON_ParseWithLength(line, len);
	if (obj == NULL)
		return error_set(why, "invalid JSON");
	if (!cJSON_IsObject(obj)) {
		cJSON_Delete(obj);
		return error_set(why, "not a JSON object");
	}
	buf_reset(scratch);
	memset(at, 0, sizeof at);
	cJSON_ArrayForEach(item, obj) {
		for (k = 0; k < K_COUNT; k++)
			if (strcmp(item->string, event_keys[k]) == 0)
				break;
		if (cJSON_IsObject(item) || cJSON_IsArray(item)) {
			st = error_set(why, "nested value in '%.64s'",
			    item->string);
			break;
		}
		if (k == K_COUNT)
			continue;
		if (f[k].kind != FIELD_NULL || f[k].len == 1) {
			st = error_set(why, "key '%s' appears twice",
			    event_keys[k]);
			break;
		}
		if (cJSON_IsNumber(item))
			f[k] = (struct field){ "", 0, FIELD_NUMBER,
			    item->valuedouble };
		else if (cJSON_IsString(item) && *item->valuestring) {
			at[k] = scratch->len + 1;
			buf_adds(scratch, item->valuestring);
			buf_addc(scratch, '\0');
			f[k].kind = FIELD_TEXT;
			f[k].len = strlen(item->valuestring);
		} else
			f[k].len = 1;	/* seen: null, "" or a boolean */
	}
	cJSON_Delete(obj);
	for (k = 0; k < K_COUNT; k++) {
		if (f[k].kind == FIELD_TEXT)
			f[k].s = scratch->data + at[k] - 1;
		else if (f[k].kind == FIELD_NULL)
			f[k].len = 0;
	}
	return st;
}

int
report_read_events(struct report *r, const char *path, struct mlo_error *e)
{
	struct input *in;
	struct buf scratch = {0};
	const char *line;
	const char *name;
	long first_version = 0;
	mlo_time prev = INT64_MIN;
	uint64_t other_version = 0;
	size_t len;
	int got;

	if ((in = input_open(path, e)) == NULL)
		return -1;
	name = input_name(in);
	r->events_files++;
	while ((got = input_getline(in, &line, &len, IO_MAX_LINE, e)) == 1) {
		struct field f[K_COUNT];
		struct mlo_error why;
		struct ev ev;
		long lineno = input_lineno(in);
		size_t i;
		double v = 0;
		long si;
		int ok, perf;

		for (i = 0; i < len && (line[i] == ' ' || line[i] == '\t' ||
		    line[i] == '\r' || line[i] == '\n'); i++)
			;
		if (i == len)
			continue;	/* a blank line */
		if (line[len - 1] != '\n') {
			r->events_torn++;
			report_warn(r, "%s:%ld: torn last line (no newline): "
			    "skipped", name, lineno);
			continue;
		}
		if (json_pick(line, len, event_keys, K_COUNT, f,
		    &scratch) == -1 &&
		    slow_pick(line, len, f, &scratch, &why) == -1) {
			r->events_bad++;
			report_warn(r, "%s:%ld: not an event: %s", name, lineno,
			    why.msg);
			continue;
		}
		if ((ok = check_event(f, &ev, &v, &why)) == -1) {
			r->events_bad++;
			report_warn(r, "%s:%ld: not an event: %s", name, lineno,
			    why.msg);
			continue;
		}
		if (ok == 0) {
			r->events_skipped_version++;
			if (other_version++ == 0) {
				char nb[NUM_BUFSZ];

				num_format(v, nb);
				first_version = lineno;
				report_warn(r, "%s:%ld: event version %s is not "
				    "known (this mlo-report reads version "
				    "1): skipped", name, lineno, nb);
			}
			continue;
		}
		perf = f[K_KIND].len == 18 &&
		    memcmp(f[K_KIND].s, "performance_window", 18) == 0;
		if (perf && report_perf_check(&f[K_METRIC], &f[K_ESTIMATE],
		    &f[K_REALISED], &why) == -1) {
			r->events_bad++;
			report_warn(r, "%s:%ld: not an event: %s", name, lineno,
			    why.msg);
			continue;
		}
		if (ev.time < prev)
			r->events_out_of_order++;
		prev = ev.time;
		if (ev.time > r->o.until)
			continue;	/* after the report's end */
		r->events_read++;
		r->seq++;
		if (ev.time < r->first_time)
			r->first_time = ev.time;
		if (ev.time > r->last_time)
			r->last_time = ev.time;
		si = perf && report_perf_point(r, ev.time, &f[K_MODEL],
		    &f[K_METRIC], &f[K_WINDOW_TO], &f[K_ESTIMATE],
		    &f[K_REALISED]) == -1 ? -1 : report_series(r,
		    SERIES_EVENTS, ev.layer, &f[K_TOOL], &f[K_KIND],
		    &f[K_CONTRACT], &f[K_COLUMN], &f[K_MODEL]);
		if (si < 0) {
			error_set(e, "%s:%ld: more than %d series of events",
			    name, lineno, REP_MAX_SERIES);
			got = -1;
			break;
		}
		add_event(r, f, &ev, si);
	}
	if (other_version > 1)
		report_warn(r, "%s: %llu events of an unknown version skipped "
		    "(the first on line %ld)", name,
		    (unsigned long long)other_version, first_version);
	buf_free(&scratch);
	input_close(in);
	return got == -1 ? -1 : 0;
}

/* Ledger */

static char *
json_text(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? xstrdup(v->valuestring) : NULL;
}

int
report_read_ledger(struct report *r, const char *path, struct mlo_error *e)
{
	struct ledger l;
	struct buf rep = {0};
	size_t i, notrec;

	if (ledger_load(&l, path, r->o.warn, e) == -1)
		return -1;
	r->has_ledger = 1;
	r->ledger_breaks += ledger_verify(&l, &rep, &notrec);
	buf_free(&rep);
	for (i = 0; i < l.n; i++) {
		const cJSON *o = l.lines[i].obj;
		const cJSON *t;
		struct rep_gate *g;
		mlo_time when;

		if (o == NULL)
			continue;
		t = cJSON_GetObjectItemCaseSensitive(o, "time");
		if (!cJSON_IsString(t) || time_parse(t->valuestring,
		    strlen(t->valuestring), TIME_RFC3339, &when, NULL) == -1) {
			report_warn(r, "%s:%ld: ledger record without a time: "
			    "left out", path, l.lines[i].line);
			continue;
		}
		if (when > r->o.until)
			continue;
		if (r->ngate == r->capgate) {
			r->capgate = r->capgate ? 2 * r->capgate : 32;
			r->gate = xreallocarray(r->gate, r->capgate,
			    sizeof *r->gate);
		}
		g = &r->gate[r->ngate++];
		g->time = when;
		g->decision = json_text(o, "decision");
		g->candidate = json_text(o, "candidate");
		g->production = json_text(o, "production");
		g->failed = json_text(o, "failed");
		g->metrics = report_gate_metrics(o);
		if (g->production != NULL) {
			free(r->production);
			r->production = xstrdup(g->production);
		}
	}
	ledger_free(&l);
	return 0;
}

/* Feedback */

int
report_read_feedback(struct report *r, const char *path, struct mlo_error *e)
{
	r->has_feedback = 1;
	return fb_log_read(&r->fb, path, r->o.warn, e);
}

struct pair {
	uint32_t model, tech;
};

static int
by_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->model != y->model)
		return x->model < y->model ? -1 : 1;
	return x->tech < y->tech ? -1 : x->tech > y->tech;
}

/*
 * asset_alerts: the assets flagged wrong by at least --alert-technicians
 * distinct technicians in the period, as mlo-feedback summary raises its
 * alert per asset; A holds (asset, technician) of the wrong verdicts.
 */
static void
asset_alerts(struct report *r, struct pair *a, size_t n)
{
	size_t i, j, techs;

	if (n > 0)
		qsort(a, n, sizeof *a, by_pair);
	for (i = 0; i < n; i = j) {
		for (j = i, techs = 0; j < n && a[j].model == a[i].model; j++)
			if (j == i || a[j].tech != a[j - 1].tech)
				techs++;
		if (techs < (size_t)r->o.alert_technicians)
			continue;
		r->fb_assets = xreallocarray(r->fb_assets, r->nfb_assets + 1,
		    sizeof *r->fb_assets);
		r->fb_assets[r->nfb_assets].name = xstrdup(r->fb.name[a[i].model]);
		r->fb_assets[r->nfb_assets].flags = j - i;
		r->fb_assets[r->nfb_assets++].technicians = techs;
	}
}

void
report_finish_feedback(struct report *r)
{
	struct fb_log *l = &r->fb;
	struct pair *p = NULL, *a = NULL;
	size_t i, np = 0, na = 0;

	if (!r->has_feedback)
		return;
	fb_log_finish(l);
	if (l->n > 0) {
		p = xcalloc(l->n, sizeof *p);
		a = xcalloc(l->n, sizeof *a);
	}
	for (i = 0; i < l->n; i++) {
		const struct fb_rec *v = &l->v[i];
		struct field model = { l->name[v->model], strlen(
		    l->name[v->model]), v->model ? FIELD_TEXT : FIELD_NULL, 0 };
		struct rep_series *s;
		long si, b;

		if (v->superseded || v->time > r->o.until)
			continue;
		si = report_series(r, SERIES_FEEDBACK, LAYER_FEEDBACK, NULL,
		    NULL, NULL, NULL, &model);
		if (si < 0)
			continue;
		s = &r->s[si];
		s->total++;
		r->verdicts++;
		if (v->verdict != FB_WRONG ||
		    (b = report_bucket_of(r, v->time)) < 0)
			continue;
		s->period++;
		s->b[b].events++;
		if (v->time > s->last_time)
			s->last_time = v->time;
		r->verdicts_wrong_period++;
		p[np].model = (uint32_t)si;
		p[np++].tech = v->tech;
		if (v->asset) {
			a[na].model = v->asset;
			a[na++].tech = v->tech;
		}
	}
	if (np > 0)
		qsort(p, np, sizeof *p, by_pair);
	for (i = 0; i < np; i++)
		if (i == 0 || by_pair(&p[i - 1], &p[i]) != 0)
			r->s[p[i].model].technicians++;
	free(p);
	asset_alerts(r, a, na);
	free(a);
}

void
report_free(struct report *r)
{
	size_t i;
	int l, k;

	for (i = 0; i < r->nnames; i++)
		free(r->name[i]);
	free(r->name);
	free(r->ent_of_name);
	strmap_free(&r->names);
	for (i = 0; i < r->ns; i++) {
		for (k = 0; k < SEV_COUNT; k++)
			buf_free(&r->s[i].last_message[k]);
		free(r->s[i].b);
	}
	free(r->s);
	strmap_free(&r->series_ix);
	report_perf_free(r);
	for (i = 0; i < r->nc; i++)
		buf_free(&r->c[i].message);
	free(r->c);
	strmap_free(&r->cond_ix);
	free(r->ent);
	for (i = 0; i < r->ngate; i++) {
		free(r->gate[i].decision);
		free(r->gate[i].candidate);
		free(r->gate[i].production);
		free(r->gate[i].failed);
		free(r->gate[i].metrics);
	}
	free(r->gate);
	free(r->production);
	report_alerts_free(r);
	fb_log_free(&r->fb);
	for (i = 0; i < r->nfb_assets; i++)
		free(r->fb_assets[i].name);
	free(r->fb_assets);
	free(r->f);
	free(r->outcomes_path);
	free(r->impact.lead);
	for (l = 0; l < LAYER_COUNT; l++) {
		for (i = 0; i < r->layer[l].n; i++)
			free(r->layer[l].r[i].text);
		free(r->layer[l].r);
	}
	memset(r, 0, sizeof *r);
}
