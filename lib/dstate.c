#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "dstate.h"
#include "num.h"
#include "statefile.h"

/* What the state must have been made with: the profile and the window. */
static int
identity(const struct drift *d, char *out, size_t n, struct mlo_error *e)
{
	char *text;
	size_t len;

	if (read_file(d->o->reference, PROFILE_MAX_BYTES, &text, &len, e) == -1)
		return -1;
	snprintf(out, n, "%016llx %s %s",
	    (unsigned long long)XXH64(text, len, 0),
	    d->o->window ? d->o->window : "-",
	    d->o->time_col ? d->o->time_col : "-");
	if (d->o->regime != NULL) {
		size_t l = strlen(out);

		snprintf(out + l, n - l, " regime=%s", d->o->regime);
	}
	/* The limits, whose alarms the state carries. */
	for (size_t i = 0; i < d->o->nlimits; i++) {
		size_t l = strlen(out);
		char v[NUM_BUFSZ];

		num_format(d->o->limits[i].value, v);
		snprintf(out + l, n - l, " %s%d=%s", d->o->limits[i].is_min ?
		    "min" : "max", (int)d->o->limits[i].metric, v);
	}
	/* The detectors' settings, when there are detectors. */
	if (d->o->detector != DET_NONE) {
		size_t l = strlen(out);
		char h[NUM_BUFSZ], s[NUM_BUFSZ];

		num_format(d->det.arl0, h);
		num_format(d->det.shift, s);
		snprintf(out + l, n - l, " %s %s %s %s %s",
		    detector_name(d->det.kind), d->o->detector_on_rows ?
		    "rows" : "windows", h, s, d->o->by ? d->o->by : "-");
	}
	free(text);
	return 0;
}

static void
put_num(struct buf *b, double v)
{
	char s[NUM_BUFSZ];

	buf_add(b, s, num_format(v, s));
}

int
dstate_save(const struct drift *d, const char *path, struct mlo_error *e)
{
	struct buf b = {0};
	char id[512];
	size_t i, j, *ix;
	int r;

	if (identity(d, id, sizeof id, e) == -1)
		return -1;
	statefile_begin(&b, DSTATE_MAGIC, DSTATE_VERSION);
	buf_adds(&b, ",\"identity\":");
	json_quote(&b, id, strlen(id));
	statefile_end_line(&b);
	buf_addc(&b, '{');
	buf_printf(&b, "\"open\":%s,\"have_times\":%s,\"tkind\":%d",
	    d->wopen ? "true" : "false", d->have_times ? "true" : "false",
	    (int)d->tkind);
	statefile_put_i64(&b, "rows", (int64_t)d->rows);
	statefile_put_i64(&b, "windows", (int64_t)d->nwindows);
	statefile_put_i64(&b, "wstart", d->wstart);
	statefile_put_i64(&b, "tfirst", d->tfirst);
	statefile_put_i64(&b, "tlast", d->tlast);
	statefile_put_i64(&b, "wfirst_row", (int64_t)d->wfirst_row);
	statefile_put_i64(&b, "wn", (int64_t)d->wn);
	statefile_end_line(&b);
	for (i = 0; i < d->ncols; i++) {
		const struct dcol *c = &d->cols[i];

		if (!c->tested)
			continue;
		buf_adds(&b, "{\"column\":");
		json_quote(&b, c->ref->name, strlen(c->ref->name));
		if (c->regime >= 0) {
			const char *rn = drift_regime_name(d, c->regime);

			buf_adds(&b, ",\"regime\":");
			json_quote(&b, rn, strlen(rn));
		}
		buf_printf(&b, ",\"firing\":%s", c->alarm.firing ? "true" :
		    "false");
		statefile_put_i64(&b, "since", c->alarm.since);
		statefile_put_i64(&b, "clear_since", c->alarm.clear_since);
		statefile_put_i64(&b, "count", c->alarm.count);
		/* A string: a statistic can be infinite (wasserstein over a
		 * constant reference column), which no JSON number holds. */
		statefile_put_num(&b, "peak", c->alarm.peak);
		statefile_put_i64(&b, "nulls", (int64_t)c->nulls);
		statefile_put_i64(&b, "nonfinite", (int64_t)c->nonfinite);
		statefile_put_i64(&b, "invalid", (int64_t)c->invalid);
		buf_adds(&b, ",\"values\":[");
		for (j = 0; j < c->nv; j++) {
			if (j)
				buf_addc(&b, ',');
			put_num(&b, c->vals[j]);
		}
		buf_adds(&b, "],\"categories\":[");
		ix = cats_order(&c->cur);
		for (j = 0; j < c->cur.n; j++) {
			buf_adds(&b, j ? ",[" : "[");
			json_quote(&b, c->cur.keys[ix[j]], c->cur.lens[ix[j]]);
			buf_printf(&b, ",\"%llu\"]",
			    (unsigned long long)c->cur.counts[ix[j]]);
		}
		free(ix);
		buf_addc(&b, ']');
		statefile_put_i64(&b, "other", (int64_t)cats_other(&c->cur));
		statefile_put_i64(&b, "error", (int64_t)c->cur.error);
		statefile_end_line(&b);
	}
	ddetect_save(d, &b);
	dperf_save(d, &b);
	dregime_save(d, &b);
	r = statefile_save(path, &b, e);
	buf_free(&b);
	return r;
}

struct loader {
	struct drift *d;
	char id[512];
	const char *path;
};

static int
get(const cJSON *o, const char *k, int64_t *v)
{
	return statefile_get_i64(o, k, v, 0);
}

static int
load_column(struct loader *l, long lineno, const cJSON *o,
    struct mlo_error *e)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(o, "column");
	const cJSON *vals = cJSON_GetObjectItemCaseSensitive(o, "values");
	const cJSON *cats = cJSON_GetObjectItemCaseSensitive(o, "categories");
	const cJSON *peak = cJSON_GetObjectItemCaseSensitive(o, "peak");
	const cJSON *it;
	struct dcol *c = NULL;
	int64_t v[7], other, err;
	double c_peak = 0;
	size_t i;

	const cJSON *reg = cJSON_GetObjectItemCaseSensitive(o, "regime");

	for (i = 0; cJSON_IsString(name) && i < l->d->ncols; i++)
		if (strcmp(l->d->cols[i].ref->name, name->valuestring) == 0 &&
		    (l->d->cols[i].regime < 0 ? reg == NULL :
		    cJSON_IsString(reg) && strcmp(drift_regime_name(l->d,
		    l->d->cols[i].regime), reg->valuestring) == 0))
			c = &l->d->cols[i];
	/* The peak is a string since it may be infinite; a number in
	 * files written before. */
	if (cJSON_IsNumber(peak))
		c_peak = peak->valuedouble;
	else if (statefile_get_num(o, "peak", &c_peak) == -1 || peak == NULL)
		peak = NULL;
	if (c == NULL || !c->tested || !cJSON_IsArray(vals) ||
	    !cJSON_IsArray(cats) || peak == NULL ||
	    get(o, "since", &v[0]) || get(o, "clear_since", &v[1]) ||
	    get(o, "count", &v[2]) || get(o, "nulls", &v[3]) ||
	    get(o, "nonfinite", &v[4]) || get(o, "invalid", &v[5]) ||
	    get(o, "other", &other) || get(o, "error", &err))
		return error_at(e, l->path, lineno, 0, "damaged state record");
	c->alarm.firing = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o,
	    "firing"));
	c->alarm.since = v[0];
	c->alarm.clear_since = v[1];
	c->alarm.count = v[2];
	c->alarm.peak = c_peak;
	c->nulls = (uint64_t)v[3];
	c->nonfinite = (uint64_t)v[4];
	c->invalid = (uint64_t)v[5];
	cJSON_ArrayForEach(it, vals) {
		/* The window holds finite values only (others are counted
		 * in nonfinite); 1e999 reads as infinity. */
		if (!cJSON_IsNumber(it) || !isfinite(it->valuedouble))
			return error_at(e, l->path, lineno, 0,
			    "damaged state record");
		if (c->nv == c->av) {
			c->av = c->av ? c->av * 2 : 1024;
			c->vals = xreallocarray(c->vals, c->av,
			    sizeof *c->vals);
		}
		c->vals[c->nv++] = it->valuedouble;
	}
	cJSON_ArrayForEach(it, cats) {
		const cJSON *k = cJSON_GetArrayItem(it, 0);
		const cJSON *n = cJSON_GetArrayItem(it, 1);
		int64_t cnt;

		if (!cJSON_IsString(k) || !cJSON_IsString(n) ||
		    num_parse_int(n->valuestring, strlen(n->valuestring),
		    &cnt) == -1 || cnt < 0)
			return error_at(e, l->path, lineno, 0,
			    "damaged state record");
		cats_add(&c->cur, k->valuestring, strlen(k->valuestring),
		    (uint64_t)cnt);
	}
	c->cur.total += (uint64_t)other;
	c->cur.error = (uint64_t)err;
	return 0;
}

static int
load_line(void *arg, long lineno, const cJSON *o, struct mlo_error *e)
{
	struct loader *l = arg;
	struct drift *d = l->d;
	const cJSON *id, *tk;
	int64_t v[7];

	if (lineno == 1) {
		id = cJSON_GetObjectItemCaseSensitive(o, "identity");
		if (!cJSON_IsString(id) || strcmp(id->valuestring, l->id) != 0)
			return error_set(e, "%s: state of another reference "
			    "profile, --window or --time%s (remove it to start "
			    "afresh)", l->path, d->o->detector != DET_NONE ?
			    ", or other detector settings" : "");
		return 0;
	}
	if (lineno > 2 && cJSON_GetObjectItemCaseSensitive(o,
	    "unknown_regimes") != NULL)
		return dregime_load(d, o, l->path, lineno, e);
	if (lineno > 2 && cJSON_GetObjectItemCaseSensitive(o, "performance")
	    != NULL)
		return dperf_load(d, o, l->path, lineno, e);
	if (lineno > 2 && (cJSON_GetObjectItemCaseSensitive(o,
	    "detector_window") != NULL ||
	    cJSON_GetObjectItemCaseSensitive(o, "entity") != NULL))
		return ddetect_load(d, o, l->path, lineno, e);
	if (lineno > 2)
		return load_column(l, lineno, o, e);
	tk = cJSON_GetObjectItemCaseSensitive(o, "tkind");
	if (get(o, "rows", &v[0]) || get(o, "windows", &v[1]) ||
	    get(o, "wstart", &v[2]) || get(o, "tfirst", &v[3]) ||
	    get(o, "tlast", &v[4]) || get(o, "wfirst_row", &v[5]) ||
	    get(o, "wn", &v[6]) || !cJSON_IsNumber(tk) ||
	    tk->valueint < TIME_RFC3339 || tk->valueint > TIME_STEP)
		return error_at(e, l->path, lineno, 0, "damaged state record");
	d->wopen = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "open"));
	d->have_times = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o,
	    "have_times"));
	d->tkind = (enum time_kind)tk->valueint;
	d->rows = (uint64_t)v[0];
	d->nwindows = (uint64_t)v[1];
	d->wstart = v[2];
	d->tfirst = v[3];
	d->tlast = v[4];
	d->wfirst_row = (uint64_t)v[5];
	d->wn = (uint64_t)v[6];
	return 0;
}

int
dstate_load(struct drift *d, const char *path, struct mlo_error *e)
{
	struct loader l;

	l.d = d;
	l.path = path;
	if (identity(d, l.id, sizeof l.id, e) == -1)
		return -1;
	return statefile_load(path, DSTATE_MAGIC, DSTATE_VERSION, load_line,
	    &l, e);
}
