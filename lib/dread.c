/*
 * dread: mlo-drift compare's side of its input (lib/drift.c judges): the
 * profile's columns bound to each file's, every row placed in its window
 * (a window of rows or of time; a late row counted and skipped), each
 * tested column's value taken, the entity and regime of the row found for
 * the detectors and the regimes, and the values of number columns that
 * are not numbers counted for the run's message and event.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drift.h"
#include "dstate.h"
#include "event.h"
#include "io.h"
#include "num.h"
#include "profile.h"
#include "util.h"

/* Bind the profile's columns to the reader's (NDJSON: wanted up front). */
static int
bind(struct drift *d, struct reader *r, int first, struct mlo_error *e)
{
	size_t i, n;

	for (i = 0; i < d->ncols; i++) {
		struct dcol *c = &d->cols[i];

		if (reader_format(r) == REC_CSV && first && c->tested &&
		    c->regime <= 0 && reader_find(r, c->ref->name) < 0)
			drift_note(d, "column '%s' of the profile is not in the data: "
			    "its windows are insufficient", c->ref->name);
		/* CSV: a column the header lacks stays null (-1). */
		c->col = reader_format(r) == REC_NDJSON ?
		    (long)reader_want(r, c->ref->name) :
		    reader_find(r, c->ref->name);
	}
	d->tcol = -1;
	if (d->o->time_col != NULL) {
		if (reader_format(r) == REC_CSV &&
		    reader_find(r, d->o->time_col) < 0)
			return error_set(e, "%s: no time column '%s'",
			    reader_name(r), d->o->time_col);
		d->tcol = reader_format(r) == REC_NDJSON ?
		    (long)reader_want(r, d->o->time_col) :
		    reader_find(r, d->o->time_col);
	}
	if (d->o->by != NULL) {
		if (reader_format(r) == REC_CSV && reader_find(r, d->o->by) < 0)
			return error_set(e, "%s: no entity column '%s' (--by)",
			    reader_name(r), d->o->by);
		d->bycol = reader_format(r) == REC_NDJSON ?
		    (long)reader_want(r, d->o->by) : reader_find(r, d->o->by);
	}
	if (d->o->regime != NULL) {
		if (reader_format(r) == REC_CSV &&
		    reader_find(r, d->o->regime) < 0)
			return error_set(e, "%s: no regime column '%s'",
			    reader_name(r), d->o->regime);
		d->regcol = reader_format(r) == REC_NDJSON ?
		    (long)reader_want(r, d->o->regime) :
		    reader_find(r, d->o->regime);
	}
	if (d->calib != NULL) {
		d->score_in = reader_format(r) == REC_NDJSON ?
		    (long)reader_want(r, d->score->name) :
		    reader_find(r, d->score->name);
		d->label_in = reader_format(r) == REC_NDJSON ?
		    (long)reader_want(r, d->label->name) :
		    reader_find(r, d->label->name);
		d->model_in = reader_format(r) == REC_NDJSON ?
		    (long)reader_want(r, DPERF_MODEL_COLUMN) :
		    reader_find(r, DPERF_MODEL_COLUMN);
	}
	d->fscol = reader_find(r, PROFILE_FEATURE_SET);
	if (reader_format(r) == REC_NDJSON)
		d->fscol = (long)reader_want(r, PROFILE_FEATURE_SET);
	n = reader_ncolumns(r);
	if (first && reader_format(r) == REC_CSV)
		for (i = 0; i < n; i++) {
			const char *name = reader_column(r, i);

			if (profile_find(d->ref, name) == NULL &&
			    strcmp(name, PROFILE_FEATURE_SET) != 0 &&
			    (d->o->by == NULL || strcmp(name, d->o->by) != 0) &&
			    (d->o->time_col == NULL ||
			    strcmp(name, d->o->time_col) != 0))
				drift_note(d, "column '%s' is not in the profile: "
				    "not tested", name);
		}
	return 0;
}

static int
check_feature_set(struct drift *d, const struct field *f, const char *where,
    struct mlo_error *e)
{
	const char *want = d->ref->feature_set;

	if (f->kind == FIELD_NULL || want == NULL)
		return 0;
	if (strlen(want) == f->len && memcmp(want, f->s, f->len) == 0)
		return 0;
	if (!d->o->allow_feature_set_change)
		return error_set(e, "%s: data of feature_set '%.*s', the profile "
		    "is of '%s' (--allow-feature-set-change compares anyway)",
		    where, (int)(f->len > 80 ? 80 : f->len), f->s, want);
	if (!d->fs_noted) {
		struct buf *b = &d->ev;
		char msg[512];

		d->fs_noted = 1;
		snprintf(msg, sizeof msg, "data of feature_set '%.*s' compared "
		    "with a profile of '%s'", (int)(f->len > 80 ? 80 : f->len),
		    f->s, want);
		drift_note(d, "%s", msg);
		event_begin(b, &d->sink, "feature_set_change", NULL, "warning",
		    "model");
		event_strn(b, "feature_set", f->s, f->len);
		event_str(b, "reference_feature_set", want);
		event_str(b, "message", msg);
		event_end(b, &d->sink);
	}
	return 0;
}

/* A value of a number column that is not a number: counted for the
 * run's message and event, its first place and text kept. */
static void
bad_value(struct drift *d, struct dcol *c, const struct field *f,
    const char *src, long line)
{
	struct badval *v;
	size_t i;

	if (c->bad == 0) {
		/* regimes have a dcol each of one column: one entry */
		for (i = 0; i < d->nbad; i++)
			if (strcmp(d->bad[i].name, c->ref->name) == 0)
				break;
		if (i == d->nbad) {
			d->bad = xreallocarray(d->bad, d->nbad + 1,
			    sizeof *d->bad);
			v = &d->bad[d->nbad++];
			v->name = c->ref->name;
			v->n = 0;
			snprintf(v->where, sizeof v->where, "%s:%ld", src,
			    line);
			snprintf(v->example, sizeof v->example, "%.*s",
			    (int)(f->len > 60 ? 60 : f->len), f->s);
		}
		c->bad = i + 1;
	}
	d->bad[c->bad - 1].n++;
}

static void
add_value(struct drift *d, struct dcol *c, const struct field *f,
    const char *src, long line)
{
	double x;

	if (f->kind == FIELD_NULL) {
		c->nulls++;
		return;
	}
	if (c->ref->type == PT_CATEGORY) {
		cats_add(&c->cur, f->s, f->len, 1);
		return;
	}
	if (f->kind == FIELD_NUMBER)
		x = f->num;
	else if (num_parse(f->s, f->len, &x) == -1) {
		c->invalid++;
		bad_value(d, c, f, src, line);
		return;
	}
	if (!isfinite(x)) {
		c->nonfinite++;
		return;
	}
	if (c->nv == c->av) {
		c->av = c->av ? c->av * 2 : 1024;
		c->vals = xreallocarray(c->vals, c->av, sizeof *c->vals);
	}
	c->vals[c->nv++] = x;
}

/* Place a row at time T (or none) into its window; 0 to take it. */
static int
place(struct drift *d, mlo_time t)
{
	mlo_time ws;

	switch (d->wkind) {
	case WIN_TIME:
		ws = t / d->wdur * d->wdur;
		if (t < 0 && ws != t)
			ws -= d->wdur;
		if (d->wopen && ws < d->wstart) {
			d->late++;
			return -1;
		}
		if (d->wopen && ws > d->wstart)
			drift_judge(d);
		if (!d->wopen)
			d->wstart = ws;
		break;
	case WIN_ROWS:
		if (d->wopen && d->wn >= d->wrows)
			drift_judge(d);
		break;
	default:
		break;
	}
	if (!d->wopen) {
		d->wopen = 1;
		d->wfirst_row = d->rows + 1;
		d->tfirst = t;
	}
	d->tlast = t;
	return 0;
}

static int
row_time(struct drift *d, const struct field *f, const char *rname,
    long line, mlo_time *t, struct mlo_error *e)
{
	if (f->kind == FIELD_NULL)
		return error_set(e, "%s:%ld: time column '%s' is null",
		    rname, line, d->o->time_col);
	if (!d->have_times) {
		if (time_guess(f->s, f->len, &d->tkind) == -1)
			return error_set(e, "%s:%ld: '%.*s' in column '%s' is "
			    "not a time", rname, line, (int)(f->len > 40 ? 40 :
			    f->len), f->s, d->o->time_col);
		if (d->wkind == WIN_TIME && d->tkind == TIME_STEP)
			return error_set(e, "%s:%ld: column '%s' counts steps: "
			    "give --window a number of rows", rname, line,
			    d->o->time_col);
		d->have_times = 1;
	}
	if (time_parse(f->s, f->len, d->tkind, t, e) == -1) {
		error_prefix(e, "%s:%ld", rname, line);
		return -1;
	}
	return 0;
}

/* The row's entity for the detectors (--by); a null one is refused. */
static int
row_entity(struct drift *d, struct reader *r, const struct record *rec,
    size_t *ent, struct mlo_error *e)
{
	const struct field *f;
	char where[300];

	*ent = 0;
	if (d->o->detector == DET_NONE || d->o->by == NULL)
		return 0;
	snprintf(where, sizeof where, "%s:%ld", reader_name(r), rec->line);
	if (d->bycol < 0 || (size_t)d->bycol >= rec->nfields ||
	    (f = &rec->fields[d->bycol])->kind == FIELD_NULL)
		return error_set(e, "%s: entity column '%s' is null", where,
		    d->o->by);
	return ddetect_entity(d, f->s, f->len, ent, where, e);
}

int
dread_input(struct drift *d, const struct reader_opts *ro, const char *path,
    struct mlo_error *e)
{
	struct input *in;
	struct reader *r;
	struct record *rec;
	char where[300];
	int got;
	size_t i;

	if ((in = input_open(path, e)) == NULL)
		return -1;
	if ((r = reader_open(in, ro, e)) == NULL)
		return -1;
	if (d->infmt == REC_AUTO && !(reader_format(r) == REC_CSV &&
	    reader_ncolumns(r) == 0))
		d->infmt = reader_format(r);
	if (bind(d, r, !d->bound, e) == -1) {
		reader_close(r);
		return -1;
	}
	d->bound = 1;
	while ((got = reader_next(r, &rec, e)) == 1) {
		mlo_time t = 0;
		size_t ent = 0, lo, hi;

		if (rec->shape_error != NULL) {
			error_set(e, "%s:%ld: %s", reader_name(r), rec->line,
			    rec->shape_error);
			got = -1;
			break;
		}
		if (d->fscol >= 0 && (size_t)d->fscol < rec->nfields) {
			snprintf(where, sizeof where, "%s:%ld", reader_name(r),
			    rec->line);
			if (check_feature_set(d, &rec->fields[d->fscol], where,
			    e) == -1) {
				got = -1;
				break;
			}
		}
		if (d->tcol >= 0 && row_time(d, (size_t)d->tcol < rec->nfields ?
		    &rec->fields[d->tcol] : &(struct field){ "", 0, FIELD_NULL,
		    0 }, reader_name(r), rec->line, &t, e) == -1) {
			got = -1;
			break;
		}
		if (place(d, t) == -1)
			continue;
		if (row_entity(d, r, rec, &ent, e) == -1) {
			got = -1;
			break;
		}
		lo = 0;
		hi = d->ncols;
		if (d->o->regime != NULL && dregime_row(d, rec, &lo, &hi) == -1)
			lo = hi = 0;	/* counted: no reference to compare with */
		for (i = lo; i < hi; i++) {
			struct dcol *c = &d->cols[i];
			size_t nv0 = c->nv;

			if (!c->tested)
				continue;
			if (c->col >= 0 && (size_t)c->col < rec->nfields)
				add_value(d, c, &rec->fields[c->col],
				    reader_name(r), rec->line);
			else
				c->nulls++;
			if (c->nv > nv0 && c->watched)
				ddetect_value(d, c, ent, c->vals[c->nv - 1],
				    d->rows + 1, t);
			if (c->nv > DRIFT_MAX_WINDOW_VALUES) {
				error_set(e, "%s:%ld: a window holds more than "
				    "%d values of '%s': give a smaller "
				    "--window", reader_name(r), rec->line,
				    DRIFT_MAX_WINDOW_VALUES, c->ref->name);
				got = -1;
				break;
			}
		}
		if (got == -1)
			break;
		dperf_row(d, rec);
		d->rows++;
		d->wn++;
		if (d->wkind == WIN_ROWS && d->wn >= d->wrows)
			drift_judge(d);
	}
	reader_close(r);
	return got == 0 ? 0 : -1;
}

void
dread_bad_events(struct drift *d)
{
	char msg[160];
	size_t i;

	for (i = 0; i < d->nbad; i++) {
		const struct badval *v = &d->bad[i];

		event_begin(&d->ev, &d->sink, "non_numeric", NULL, "warning",
		    "integrity");
		event_str(&d->ev, "column", v->name);
		event_int(&d->ev, "rows", (int64_t)v->n);
		event_str(&d->ev, "first", v->where);
		event_str(&d->ev, "example", v->example);
		snprintf(msg, sizeof msg, "%llu value%s of '%.60s' not a "
		    "number, left out of the tests", (unsigned long long)v->n,
		    v->n == 1 ? "" : "s", v->name);
		event_str(&d->ev, "message", msg);
		event_end(&d->ev, &d->sink);
	}
}
