/*
 * labels: failures per entity, sorted, looked up by binary search.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "labels.h"
#include "strmap.h"
#include "util.h"

struct failures {
	mlo_time *t;
	size_t n, cap;
};

struct outcomes {
	struct strmap map;	/* entity -> index in ents */
	struct failures *ents;
	size_t nents, capents;
};

static int
cmp_time(const void *a, const void *b)
{
	mlo_time x = *(const mlo_time *)a, y = *(const mlo_time *)b;

	return x < y ? -1 : x > y;
}

static void
add(struct outcomes *o, const char *name, size_t len, mlo_time t)
{
	int64_t k = strmap_get(&o->map, name, len);
	struct failures *f;

	if (k < 0) {
		/* By doubling: one more each time is quadratic copying. */
		if (o->nents == o->capents) {
			o->capents = o->capents ? 2 * o->capents : 16;
			o->ents = xreallocarray(o->ents, o->capents,
			    sizeof *o->ents);
		}
		memset(&o->ents[o->nents], 0, sizeof *o->ents);
		strmap_put(&o->map, name, len, (int64_t)o->nents);
		k = (int64_t)o->nents++;
	}
	f = &o->ents[k];
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 4;
		f->t = xreallocarray(f->t, f->cap, sizeof *f->t);
	}
	f->t[f->n++] = t;
}

struct outcomes *
outcomes_load(const char *path, const struct reader_opts *ro,
    const char *entity, const char *time, enum time_kind kind,
    struct mlo_error *e)
{
	struct outcomes *o = xcalloc(1, sizeof *o);
	struct input *in;
	struct reader *r;
	struct record *rec;
	long ecol = -1, tcol;
	size_t total = 0, i;
	int got;

	if ((in = input_open(path, e)) == NULL ||
	    (r = reader_open(in, ro, e)) == NULL) {
		error_prefix(e, "--labels");
		outcomes_free(o);
		return NULL;
	}
	if (reader_format(r) == REC_NDJSON) {
		tcol = (long)reader_want(r, time);
		if (entity != NULL)
			ecol = (long)reader_want(r, entity);
	} else if ((tcol = reader_find(r, time)) < 0 || (entity != NULL &&
	    (ecol = reader_find(r, entity)) < 0)) {
		error_set(e, "%s: outcomes need the columns '%s'%s%s%s "
		    "(failures by entity and time)", reader_name(r),
		    entity ? entity : time, entity ? " and '" : "",
		    entity ? time : "", entity ? "'" : "");
		goto bad;
	}
	while ((got = reader_next(r, &rec, e)) == 1) {
		const struct field *tf = &rec->fields[tcol];
		const char *name = "";
		size_t len = 0;
		mlo_time t;

		if (rec->shape_error != NULL) {
			error_at(e, reader_name(r), rec->line, 0, "%s",
			    rec->shape_error);
			goto bad;
		}
		if (tf->kind == FIELD_NULL || time_parse(tf->s, tf->len, kind,
		    &t, e) == -1) {
			if (tf->kind == FIELD_NULL)
				error_set(e, "no failure time");
			error_prefix(e, "%s:%ld", reader_name(r), rec->line);
			goto bad;
		}
		if (ecol >= 0) {
			name = rec->fields[ecol].s;
			len = rec->fields[ecol].len;
		}
		if (++total > LABELS_MAX_FAILURES) {
			error_at(e, reader_name(r), rec->line, 0, "more than %d "
			    "failures", LABELS_MAX_FAILURES);
			goto bad;
		}
		add(o, name, len, t);
	}
	if (got == -1)
		goto bad;
	reader_close(r);
	for (i = 0; i < o->nents; i++)
		qsort(o->ents[i].t, o->ents[i].n, sizeof *o->ents[i].t,
		    cmp_time);
	return o;
bad:
	reader_close(r);
	outcomes_free(o);
	return NULL;
}

int
outcomes_label(const struct outcomes *o, const char *name, size_t len,
    mlo_time t, mlo_time horizon, int has_until, mlo_time until,
    double *rul)
{
	mlo_time limit;
	int64_t k = strmap_get(&o->map, name, len);
	const struct failures *f;
	size_t lo = 0, hi;

	*rul = -1;
	if (k >= 0) {
		f = &o->ents[k];
		hi = f->n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (f->t[mid] < t)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < f->n) {
			/* f->t[lo] >= t: the span fits in 64 bits unsigned
			 * (not signed: a row of 1677 and a failure of 2262) */
			uint64_t span = (uint64_t)f->t[lo] - (uint64_t)t;

			*rul = (double)span;
			if (horizon >= 0 && span <= (uint64_t)horizon)
				return 1;
		}
	}
	if (has_until && (__builtin_sub_overflow(until, horizon, &limit) ||
	    t > limit))
		return -1;
	return 0;
}

void
outcomes_free(struct outcomes *o)
{
	size_t i;

	if (o == NULL)
		return;
	for (i = 0; i < o->nents; i++)
		free(o->ents[i].t);
	free(o->ents);
	strmap_free(&o->map);
	free(o);
}
