/*
 * dregime: mlo-drift compare --regime.  The profile keeps one reference
 * per operating regime (lib/profile); each row is compared with the
 * reference of its own regime, so that a change of operating mode is not
 * called drift.  Rows of a regime that the reference never saw cannot be
 * compared: each window reports them, one row and one "regime" event per
 * such regime.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dstate.h"
#include "num.h"

int
dregime_setup(struct drift *d, struct mlo_error *e)
{
	const struct profile *p = d->ref;
	size_t r, i, n = 0, k = 0;

	if (p->regime_col == NULL || strcmp(p->regime_col, d->o->regime) != 0)
		return error_set(e, "%s: --regime %s: the profile %s%s%s",
		    d->o->reference, d->o->regime, p->regime_col ?
		    "has regimes by '" : "has no regimes (mlo-drift profile "
		    "--regime)", p->regime_col ? p->regime_col : "",
		    p->regime_col ? "'" : "");
	for (r = 0; r < p->nregimes; r++)
		n += p->regimes[r]->ncols;
	d->nregimes = p->nregimes;
	d->rfirst = xcalloc(p->nregimes + 1, sizeof *d->rfirst);
	d->rrows = xcalloc(p->nregimes + 1, sizeof *d->rrows);
	d->ncols = n;
	d->cols = xcalloc(n + 1, sizeof *d->cols);
	for (r = 0; r < p->nregimes; r++) {
		d->rfirst[r] = k;
		for (i = 0; i < p->regimes[r]->ncols; i++, k++) {
			d->cols[k].ref = &p->regimes[r]->cols[i];
			d->cols[k].regime = (int)r;
		}
	}
	d->rfirst[p->nregimes] = k;
	cats_init(&d->unknown, d->ref->category_cap);
	d->regcol = -1;
	return 0;
}

int
dregime_row(struct drift *d, const struct record *rec, size_t *lo,
    size_t *hi)
{
	char buf[REGIME_BUFSZ];
	const char *name;
	size_t len;
	int64_t r;

	if (d->regcol < 0 || (size_t)d->regcol >= rec->nfields ||
	    profile_regime_of(d->ref, &rec->fields[d->regcol], buf, &name,
	    &len) == -1) {
		d->regime_nulls++;
		return -1;
	}
	if ((r = strmap_get(&d->ref->regime_map, name, len)) < 0) {
		cats_add(&d->unknown, name, len, 1);
		return -1;
	}
	d->rrows[r]++;
	*lo = d->rfirst[r];
	*hi = d->rfirst[r + 1];
	return 0;
}

void
dregime_judge(struct drift *d, const char *from, const char *to)
{
	size_t *ix, i;
	struct buf *b = &d->ev;

	if (d->o->regime == NULL)
		return;
	ix = cats_order(&d->unknown);
	for (i = 0; i < d->unknown.n; i++) {
		const char *name = d->unknown.keys[ix[i]];
		size_t len = d->unknown.lens[ix[i]];
		uint64_t n = d->unknown.counts[ix[i]];
		struct writer *w;
		char msg[512];

		drift_row_begin(d, from, to, d->ref->regime_col, "regime");
		w = d->w;
		writer_null(w);
		writer_null(w);
		writer_null(w);
		writer_string(w, "absent", 6);
		writer_number(w, 0);
		writer_number(w, (double)n);
		writer_null(w);
		if (d->calib != NULL)
			writer_null(w);
		writer_string(w, name, len);
		writer_end(w);
		snprintf(msg, sizeof msg, "regime '%.*s' of '%s' is not in the "
		    "reference: %llu row%s not compared", (int)(len > 80 ? 80 :
		    len), name, d->ref->regime_col, (unsigned long long)n,
		    n == 1 ? "" : "s");
		event_begin(b, &d->sink, "regime", NULL, "warning", "model");
		event_str(b, "column", d->ref->regime_col);
		event_strn(b, "regime", name, len);
		event_str(b, "window_from", from);
		event_str(b, "window_to", to);
		event_int(b, "rows", (int64_t)n);
		event_str(b, "message", msg);
		event_end(b, &d->sink);
		d->drifted_any = 1;
	}
	free(ix);
	cats_free(&d->unknown);
	cats_init(&d->unknown, d->ref->category_cap);
	d->regime_nulls = 0;
	memset(d->rrows, 0, (d->nregimes + 1) * sizeof *d->rrows);
}

void
dregime_free(struct drift *d)
{
	free(d->rfirst);
	free(d->rrows);
	cats_free(&d->unknown);
}

void
dregime_save(const struct drift *d, struct buf *b)
{
	size_t *ix, i;

	if (d->o->regime == NULL)
		return;
	buf_adds(b, "{\"unknown_regimes\":[");
	ix = cats_order(&d->unknown);
	for (i = 0; i < d->unknown.n; i++) {
		buf_adds(b, i ? ",[" : "[");
		json_quote(b, d->unknown.keys[ix[i]], d->unknown.lens[ix[i]]);
		buf_printf(b, ",\"%llu\"]",
		    (unsigned long long)d->unknown.counts[ix[i]]);
	}
	free(ix);
	buf_adds(b, "],\"regime_rows\":[");
	for (i = 0; i < d->nregimes; i++)
		buf_printf(b, i ? ",\"%llu\"" : "\"%llu\"",
		    (unsigned long long)d->rrows[i]);
	buf_addc(b, ']');
	statefile_put_i64(b, "regime_nulls", (int64_t)d->regime_nulls);
	statefile_end_line(b);
}

int
dregime_load(struct drift *d, const cJSON *o, const char *path, long lineno,
    struct mlo_error *e)
{
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(o, "unknown_regimes");
	const cJSON *rr = cJSON_GetObjectItemCaseSensitive(o, "regime_rows");
	const cJSON *it;
	int64_t n;
	size_t i = 0;

	if (d->o->regime == NULL || !cJSON_IsArray(u) || !cJSON_IsArray(rr) ||
	    (size_t)cJSON_GetArraySize(rr) != d->nregimes ||
	    statefile_get_i64(o, "regime_nulls", &n, -1) == -1 || n < 0)
		return error_at(e, path, lineno, 0, "damaged state record");
	d->regime_nulls = (uint64_t)n;
	cJSON_ArrayForEach(it, u) {
		const cJSON *k = cJSON_GetArrayItem(it, 0);
		const cJSON *c = cJSON_GetArrayItem(it, 1);

		if (!cJSON_IsString(k) || !cJSON_IsString(c) ||
		    num_parse_int(c->valuestring, strlen(c->valuestring), &n) ==
		    -1 || n < 0)
			return error_at(e, path, lineno, 0,
			    "damaged state record");
		cats_add(&d->unknown, k->valuestring, strlen(k->valuestring),
		    (uint64_t)n);
	}
	cJSON_ArrayForEach(it, rr) {
		if (!cJSON_IsString(it) || num_parse_int(it->valuestring,
		    strlen(it->valuestring), &n) == -1 || n < 0)
			return error_at(e, path, lineno, 0,
			    "damaged state record");
		d->rrows[i++] = (uint64_t)n;
	}
	return 0;
}
