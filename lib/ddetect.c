/*
 * ddetect: the sequential detectors of mlo-drift compare (--detector).
 * Every number column with a spread in the reference is watched, per
 * entity with --by: its values (--detector-on rows) or its window means
 * (the default) are standardised by the reference's mean and std, the
 * window mean of n values by std / sqrt(n), so that under no change each
 * observation is N(0, 1) whatever the window's size, and fed to
 * lib/detector.  Each alarm is an event; each window writes one row per
 * watched column: the largest statistic reached, the threshold, and
 * whether an alarm went off.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dstate.h"
#include "num.h"

int
ddetect_setup(struct drift *d, struct mlo_error *e)
{
	const struct drift_opts *o = d->o;
	double arl0 = o->arl0 > 0 ? o->arl0 : o->detector_on_rows ?
	    DRIFT_ARL0_ROWS : DRIFT_ARL0_WINDOWS;
	size_t i;

	d->bycol = -1;
	if (o->detector == DET_NONE)
		return 0;
	if (detector_setup(&d->det, o->detector, arl0, o->shift > 0 ?
	    o->shift : DETECTOR_DEFAULT_SHIFT, e) == -1) {
		error_prefix(e, "--detector");
		return -1;
	}
	for (i = 0; i < d->ncols; i++) {
		struct dcol *c = &d->cols[i];

		if (!c->tested || c->ref->type != PT_NUMBER ||
		    (c->ref->role != ROLE_FEATURE && c->ref->role != ROLE_SCORE))
			continue;
		c->mu = c->ref->mom.mean;
		c->sigma = sqrt(moments_var(&c->ref->mom));
		if (!(c->sigma > 0)) {
			if (!o->quiet)
				diag("%s: column '%s' has no spread in the "
				    "reference: no detector", o->reference,
				    c->ref->name);
			continue;
		}
		c->watched = 1;
	}
	/* Without --by every row is of the one entity "". */
	if (o->by == NULL && ddetect_entity(d, "", 0, &i, NULL, e) == -1)
		return -1;
	return 0;
}

int
ddetect_entity(struct drift *d, const char *ent, size_t len, size_t *ix,
    const char *where, struct mlo_error *e)
{
	int64_t v = strmap_get(&d->ents, ent, len);
	size_t i;

	if (v >= 0) {
		*ix = (size_t)v;
		return 0;
	}
	if (d->nents == DRIFT_MAX_ENTITIES)
		return error_set(e, "%s: more than %d entities in '%s' "
		    "(each keeps a detector per column)", where ? where : "",
		    DRIFT_MAX_ENTITIES, d->o->by);
	/*
	 * Grown by doubling: one more each time copied every array at every
	 * entity, quadratic (minutes for 100000 entities under ASan).
	 */
	if (d->nents == d->capents) {
		d->capents = d->capents ? 2 * d->capents : 16;
		d->ent_names = xreallocarray(d->ent_names, d->capents,
		    sizeof *d->ent_names);
		for (i = 0; i < d->ncols; i++)
			if (d->cols[i].watched)
				d->cols[i].watch = xreallocarray(
				    d->cols[i].watch, d->capents,
				    sizeof *d->cols[i].watch);
	}
	d->ent_names[d->nents] = xstrndup(ent, len);
	strmap_put(&d->ents, ent, len, (int64_t)d->nents);
	for (i = 0; i < d->ncols; i++)
		if (d->cols[i].watched)
			memset(&d->cols[i].watch[d->nents], 0,
			    sizeof *d->cols[i].watch);
	*ix = d->nents++;
	return 0;
}

static void
alarm_event(struct drift *d, struct dcol *c, size_t ent, int side,
    double stat, uint64_t len, uint64_t row, mlo_time t, const char *from,
    const char *to)
{
	struct buf *b = &d->ev;
	const char *unit = d->o->detector_on_rows ? "row" : "window";
	char when[TIME_BUFSZ], msg[512];

	snprintf(msg, sizeof msg, "%s on '%s'%s%s%s: mean %s, statistic %.4g > "
	    "%.4g, rising for %llu %s%s", detector_name(d->det.kind),
	    c->ref->name, d->o->by ? " of '" : "", d->o->by ?
	    d->ent_names[ent] : "", d->o->by ? "'" : "", side > 0 ? "up" :
	    "down", stat, d->det.h, (unsigned long long)len, unit, len == 1 ? "" : "s");
	event_begin(b, &d->sink, "detector", NULL, "warning", "model");
	event_str(b, "column", c->ref->name);
	if (c->regime >= 0)
		event_str(b, "regime", drift_regime_name(d, c->regime));
	if (d->o->by)
		event_str(b, "entity", d->ent_names[ent]);
	if (from != NULL) {
		event_str(b, "window_from", from);
		event_str(b, "window_to", to);
	} else {
		event_int(b, "row", (int64_t)row);
		if (d->tcol >= 0 && d->have_times) {
			time_format(t, d->tkind, when);
			event_str(b, "at", when);
		}
	}
	event_str(b, "detector", detector_name(d->det.kind));
	event_str(b, "direction", side > 0 ? "up" : "down");
	event_num(b, "value", stat);
	event_num(b, "limit", d->det.h);
	event_num(b, "arl0", d->det.arl0);
	event_num(b, "shift", d->det.shift);
	event_int(b, "rising", (int64_t)len);
	event_str(b, "message", msg);
	event_end(b, &d->sink);
}

/* Feed one standardised observation Z of column C, entity ENT. */
static void
observe(struct drift *d, struct dcol *c, size_t ent, double z,
    uint64_t row, mlo_time t, const char *from, const char *to)
{
	struct detector *det = &c->watch[ent].det;
	double stat;
	uint64_t len;
	int side;

	c->wobs++;
	side = detector_step(det, &d->det, z, &stat, &len);
	if (side == 0) {
		stat = detector_stat(det);
		if (stat > c->wpeak)
			c->wpeak = stat;
		return;
	}
	if (stat > c->wpeak)
		c->wpeak = stat;
	c->walarms++;
	d->nalarms++;
	d->drifted_any = 1;
	alarm_event(d, c, ent, side, stat, len, row, t, from, to);
}

void
ddetect_value(struct drift *d, struct dcol *c, size_t ent, double x,
    uint64_t row, mlo_time t)
{
	if (!c->watched)
		return;
	if (d->o->detector_on_rows) {
		observe(d, c, ent, (x - c->mu) / c->sigma, row, t, NULL, NULL);
		return;
	}
	c->watch[ent].sum += x;
	c->watch[ent].n++;
}

void
ddetect_judge(struct drift *d, const char *from, const char *to)
{
	size_t i, j;

	if (d->o->detector == DET_NONE)
		return;
	for (i = 0; i < d->ncols; i++) {
		struct dcol *c = &d->cols[i];
		struct writer *w;

		if (!c->watched)
			continue;
		for (j = 0; !d->o->detector_on_rows && j < d->nents; j++) {
			struct dwatch *dw = &c->watch[j];

			if (dw->n == 0)
				continue;
			observe(d, c, j, (dw->sum / (double)dw->n - c->mu) /
			    (c->sigma / sqrt((double)dw->n)), 0, 0, from, to);
			dw->sum = 0;
			dw->n = 0;
		}
		drift_row_begin(d, from, to, c->ref->name,
		    detector_name(d->det.kind));
		w = d->w;
		drift_out_num(w, c->wobs ? c->wpeak : NAN);
		writer_null(w);
		writer_number(w, d->det.h);
		if (c->wobs == 0)
			writer_string(w, "insufficient", 12);
		else
			drift_out_bool(w, c->walarms > 0);
		writer_number(w, (double)c->ref->mom.n);
		writer_number(w, (double)c->wobs);
		writer_null(w);
		drift_row_end(d, NAN, c->regime);
		c->wpeak = 0;
		c->walarms = c->wobs = 0;
	}
}

void
ddetect_free(struct drift *d)
{
	size_t i;

	for (i = 0; i < d->ncols; i++)
		free(d->cols[i].watch);
	for (i = 0; i < d->nents; i++)
		free(d->ent_names[i]);
	free(d->ent_names);
	strmap_free(&d->ents);
}

/* State: one line per entity, every watched column's detector in it. */
void
ddetect_save(const struct drift *d, struct buf *b)
{
	size_t i, j;
	char key[32];

	if (d->o->detector == DET_NONE)
		return;
	buf_adds(b, "{\"detector_window\":true");
	for (i = 0; i < d->ncols; i++) {
		const struct dcol *c = &d->cols[i];

		if (!c->watched)
			continue;
		snprintf(key, sizeof key, "p%zu", i);
		statefile_put_num(b, key, c->wpeak);
		snprintf(key, sizeof key, "a%zu", i);
		statefile_put_i64(b, key, (int64_t)c->walarms);
		snprintf(key, sizeof key, "o%zu", i);
		statefile_put_i64(b, key, (int64_t)c->wobs);
	}
	statefile_end_line(b);
	for (j = 0; j < d->nents; j++) {
		buf_adds(b, "{\"entity\":");
		json_quote(b, d->ent_names[j], strlen(d->ent_names[j]));
		buf_adds(b, ",\"detectors\":[");
		for (i = 0; i < d->ncols; i++) {
			const struct dcol *c = &d->cols[i];
			const struct dwatch *w;
			double f[8];
			size_t k;

			if (!c->watched)
				continue;
			w = &c->watch[j];
			f[0] = w->det.up, f[1] = w->det.down;
			f[2] = w->det.mean, f[3] = w->det.mup;
			f[4] = w->det.mdown, f[5] = w->det.minup;
			f[6] = w->det.mindown, f[7] = w->sum;
			buf_adds(b, b->data[b->len - 1] == '[' ? "[" : ",[");
			json_quote(b, c->ref->name, strlen(c->ref->name));
			buf_printf(b, ",\"%llu\",\"%llu\",\"%llu\",\"%llu\"",
			    (unsigned long long)w->det.n,
			    (unsigned long long)w->det.up_len,
			    (unsigned long long)w->det.down_len,
			    (unsigned long long)w->n);
			for (k = 0; k < 8; k++) {
				char s[NUM_BUFSZ];

				buf_adds(b, ",\"");
				buf_add(b, s, num_format(f[k], s));
				buf_addc(b, '"');
			}
			buf_addc(b, ']');
		}
		buf_addc(b, ']');
		statefile_end_line(b);
	}
}

static int
str_u64(const cJSON *it, uint64_t *v)
{
	int64_t x;

	if (!cJSON_IsString(it) || num_parse_int(it->valuestring,
	    strlen(it->valuestring), &x) == -1 || x < 0)
		return -1;
	*v = (uint64_t)x;
	return 0;
}

static int
str_num(const cJSON *it, double *v)
{
	return cJSON_IsString(it) && num_parse(it->valuestring,
	    strlen(it->valuestring), v) == 0 ? 0 : -1;
}

static int
load_entity(struct drift *d, const cJSON *o, const char *path, long lineno,
    struct mlo_error *e)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(o, "entity");
	const cJSON *dets = cJSON_GetObjectItemCaseSensitive(o, "detectors");
	const cJSON *it;
	size_t ent, i, next = 0;

	if (!cJSON_IsString(name) || !cJSON_IsArray(dets) ||
	    ddetect_entity(d, name->valuestring, strlen(name->valuestring),
	    &ent, path, e) == -1)
		return error_at(e, path, lineno, 0, "damaged state record");
	cJSON_ArrayForEach(it, dets) {
		const cJSON *cn = cJSON_GetArrayItem(it, 0);
		struct dcol *c = NULL;
		struct dwatch *w;
		double f[8];
		int bad = !cJSON_IsString(cn) || cJSON_GetArraySize(it) != 13;

		/* the watched columns in order (names repeat across regimes) */
		for (i = next; !bad && i < d->ncols && c == NULL; i++)
			if (d->cols[i].watched)
				c = &d->cols[i];
		next = i;
		if (c == NULL || strcmp(c->ref->name, cn->valuestring) != 0)
			return error_at(e, path, lineno, 0,
			    "damaged state record");
		w = &c->watch[ent];
		bad = str_u64(cJSON_GetArrayItem(it, 1), &w->det.n) ||
		    str_u64(cJSON_GetArrayItem(it, 2), &w->det.up_len) ||
		    str_u64(cJSON_GetArrayItem(it, 3), &w->det.down_len) ||
		    str_u64(cJSON_GetArrayItem(it, 4), &w->n);
		for (i = 0; i < 8 && !bad; i++)
			bad = str_num(cJSON_GetArrayItem(it, (int)i + 5),
			    &f[i]);
		if (bad)
			return error_at(e, path, lineno, 0,
			    "damaged state record");
		w->det.up = f[0], w->det.down = f[1];
		w->det.mean = f[2], w->det.mup = f[3];
		w->det.mdown = f[4], w->det.minup = f[5];
		w->det.mindown = f[6], w->sum = f[7];
	}
	return 0;
}

int
ddetect_load(struct drift *d, const cJSON *o, const char *path, long lineno,
    struct mlo_error *e)
{
	char key[32];
	int64_t a, n;
	size_t i;

	if (cJSON_GetObjectItemCaseSensitive(o, "entity") != NULL)
		return load_entity(d, o, path, lineno, e);
	for (i = 0; i < d->ncols; i++) {
		struct dcol *c = &d->cols[i];

		if (!c->watched)
			continue;
		snprintf(key, sizeof key, "p%zu", i);
		if (statefile_get_num(o, key, &c->wpeak) == -1)
			return error_at(e, path, lineno, 0,
			    "damaged state record");
		snprintf(key, sizeof key, "a%zu", i);
		if (statefile_get_i64(o, key, &a, -1) == -1 || a < 0)
			return error_at(e, path, lineno, 0,
			    "damaged state record");
		snprintf(key, sizeof key, "o%zu", i);
		if (statefile_get_i64(o, key, &n, -1) == -1 || n < 0)
			return error_at(e, path, lineno, 0,
			    "damaged state record");
		c->walarms = (uint64_t)a;
		c->wobs = (uint64_t)n;
	}
	return 0;
}
