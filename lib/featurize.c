/*
 * featurize: the streaming driver of mlo-features.
 *
 * Every value of a row lives in one array of doubles (NaN is null): first
 * the input columns the spec reads (its "sources"), then one slot per
 * feature, so that expressions, windows over expressions and features
 * over features all read the same way.  Windows over the same source and
 * of the same shape are one window ("group"), pushed once a row.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "featurize.h"
#include "io.h"
#include "num.h"
#include "rolling.h"
#include "snapshot.h"
#include "spectrum.h"
#include "statefile.h"
#include "strmap.h"
#include "writer.h"

#define STATE_MAGIC "mlo-features"
#define STATE_VERSION 1

struct source {
	char *name;
	struct spec_pos pos;	/* where the spec first reads it */
	long col;		/* in the current input */
	uint64_t bad;		/* values that are not numbers */
	char example[48];
	char where[300];	/* FILE:LINE of the first */
};

struct group {
	size_t slot;
	struct roll_shape shape;
};

struct lagsrc {
	size_t slot;
	size_t cap;
};

/* A spectrum column: its samples' slot, its speed's slot, its FFTs. */
struct spsrc {
	size_t feat;
	size_t slot;
	long speed_slot;	/* -1: a fixed speed */
	struct spectrum_work *work;
	double *out;		/* the feature's values at this row */
	int emitted;		/* a window ended at this row */
};


struct entity {
	char *name;
	size_t len;
	mlo_time last;
	struct roll_win *wins;	/* per group */
	struct ewma_state *ew;	/* per feature (ewma ones used) */
	struct lag_ring *lags;	/* per lag source */
	struct samp_ring *sp;	/* per spectrum column */
	int has_pending;	/* emit every: the bucket's last row so far */
	int64_t bucket;
	struct buf pending;
	size_t order;		/* of first appearance */
};

struct featurizer {
	const struct spec *s;
	struct features_opts o;
	struct reader_opts ro;
	struct event_sink *sink;

	struct source *src;
	size_t nsrc;
	size_t nslots;
	size_t **slots;		/* per feature: expr name -> slot */
	size_t *fgroup;		/* per feature: group, or lag source */
	struct group *groups;
	size_t ngroups, maxwin;
	struct lagsrc *lagsrc;
	size_t nlagsrc;
	struct spsrc *spsrc;
	size_t nspsrc;
	double *scratch;	/* a window, oldest first */

	struct strmap emap;
	struct entity **ents;
	size_t nents, capents;

	/* this row */
	double *vals;
	struct roll_sums *sums;
	unsigned char *pushed, *lag_pushed;

	/* output */
	struct output *out;
	struct writer *w;
	enum rec_format in_fmt;
	char **outcols;		/* kept input columns */
	size_t nkeep;
	long *keepcol;		/* in the current input */
	long entcol, timecol;
	int started;
	int raw_ok;		/* kept columns are the CSV record as read */
	struct buf rowid;

	uint64_t rows_in, rows_out, late;
	char late_where[300];
	char state_format[16];
};

/*
 * Names are first numbered as features (K) or sources (nfeats + I), then
 * mapped once the count of sources is known: sources first in the value
 * array, features after them.
 */
static size_t
source_slot(struct featurizer *f, const char *name, struct spec_pos pos)
{
	long k = spec_feature(f->s, name);
	size_t i;

	if (k >= 0)
		return (size_t)k;
	for (i = 0; i < f->nsrc; i++)
		if (strcmp(f->src[i].name, name) == 0)
			return f->s->nfeats + i;
	f->src = xreallocarray(f->src, f->nsrc + 1, sizeof *f->src);
	memset(&f->src[f->nsrc], 0, sizeof *f->src);
	f->src[f->nsrc].name = xstrdup(name);
	f->src[f->nsrc].pos = pos;
	return f->s->nfeats + f->nsrc++;
}

static size_t
fix_slot(const struct featurizer *f, size_t raw)
{
	return raw < f->s->nfeats ? f->nsrc + raw : raw - f->s->nfeats;
}

static void
plan(struct featurizer *f)
{
	const struct spec *s = f->s;
	size_t i, k;
	size_t *from = xcalloc(s->nfeats + 1, sizeof *from);

	f->slots = xcalloc(s->nfeats + 1, sizeof *f->slots);
	f->fgroup = xcalloc(s->nfeats + 1, sizeof *f->fgroup);
	for (i = 0; i < s->nfeats; i++) {
		const struct feature *ft = &s->feats[i];

		if (ft->kind == FK_EXPR) {
			f->slots[i] = xcalloc(expr_nnames(ft->expr) + 1,
			    sizeof **f->slots);
			for (k = 0; k < expr_nnames(ft->expr); k++)
				f->slots[i][k] = source_slot(f,
				    expr_name(ft->expr, k), ft->name_pos[k]);
		} else if (ft->from != NULL)
			from[i] = source_slot(f, ft->from, ft->from_pos);
		if (ft->kind == FK_SPECTRUM) {
			struct spsrc *sp;

			f->spsrc = xreallocarray(f->spsrc, f->nspsrc + 1,
			    sizeof *f->spsrc);
			sp = &f->spsrc[f->nspsrc];
			memset(sp, 0, sizeof *sp);
			sp->feat = i;
			sp->speed_slot = ft->speed_from == NULL ? -1 :
			    (long)source_slot(f, ft->speed_from, ft->speed_pos);
			sp->work = spectrum_work_new(ft->sp);
			sp->out = xcalloc(ft->nouts, sizeof *sp->out);
			if (ft->sp->window > f->maxwin)
				f->maxwin = ft->sp->window;
			f->fgroup[i] = f->nspsrc++;
		}
	}
	for (i = 0; i < s->nfeats; i++) {
		const struct feature *ft = &s->feats[i];

		if (ft->kind == FK_EXPR) {
			for (k = 0; k < expr_nnames(ft->expr); k++)
				f->slots[i][k] = fix_slot(f, f->slots[i][k]);
			continue;
		}
		if (ft->kind == FK_SPECTRUM) {
			struct spsrc *sp = &f->spsrc[f->fgroup[i]];

			if (ft->from != NULL)
				sp->slot = fix_slot(f, from[i]);
			if (sp->speed_slot >= 0)
				sp->speed_slot = (long)fix_slot(f,
				    (size_t)sp->speed_slot);
			continue;
		}
		from[i] = fix_slot(f, from[i]);
		if (ft->kind == FK_WINDOW) {
			for (k = 0; k < f->ngroups; k++)
				if (f->groups[k].slot == from[i] &&
				    f->groups[k].shape.count ==
				    ft->shape.count && f->groups[k].shape.span
				    == ft->shape.span)
					break;
			if (k == f->ngroups) {
				f->groups = xreallocarray(f->groups,
				    f->ngroups + 1, sizeof *f->groups);
				f->groups[k].slot = from[i];
				f->groups[k].shape = ft->shape;
				f->ngroups++;
			}
			f->groups[k].shape.ordered |= ft->shape.ordered;
			f->fgroup[i] = k;
		} else if (ft->kind != FK_EWMA) {
			for (k = 0; k < f->nlagsrc; k++)
				if (f->lagsrc[k].slot == from[i])
					break;
			if (k == f->nlagsrc) {
				f->lagsrc = xreallocarray(f->lagsrc,
				    f->nlagsrc + 1, sizeof *f->lagsrc);
				f->lagsrc[k].slot = from[i];
				f->lagsrc[k].cap = 0;
				f->nlagsrc++;
			}
			if ((size_t)ft->distance + 1 > f->lagsrc[k].cap)
				f->lagsrc[k].cap = (size_t)ft->distance + 1;
			f->fgroup[i] = k;
		} else
			f->fgroup[i] = from[i];	/* ewma: its source slot */
	}
	free(from);
	f->nslots = f->nsrc + s->nfeats;
	f->vals = xcalloc(f->nslots + 1, sizeof *f->vals);
	f->sums = xcalloc(f->ngroups + 1, sizeof *f->sums);
	f->pushed = xcalloc(f->ngroups + 1, 1);
	f->lag_pushed = xcalloc(f->nlagsrc + 1, 1);
	f->scratch = xcalloc(f->maxwin + 1, sizeof *f->scratch);
}

static struct entity *
entity_new(struct featurizer *f, const char *name, size_t len,
    struct mlo_error *e)
{
	struct entity *en;

	if (f->nents >= FEATURES_MAX_ENTITIES) {
		error_set(e, "more than %d entities", FEATURES_MAX_ENTITIES);
		return NULL;
	}
	en = xcalloc(1, sizeof *en);
	en->name = xstrndup(name, len);
	en->len = len;
	en->wins = xcalloc(f->ngroups + 1, sizeof *en->wins);
	en->ew = xcalloc(f->s->nfeats + 1, sizeof *en->ew);
	en->lags = xcalloc(f->nlagsrc + 1, sizeof *en->lags);
	en->sp = xcalloc(f->nspsrc + 1, sizeof *en->sp);
	if (f->nents == f->capents) {
		f->capents = f->capents ? f->capents * 2 : 64;
		f->ents = xreallocarray(f->ents, f->capents, sizeof *f->ents);
	}
	strmap_put(&f->emap, name, len, (int64_t)f->nents);
	en->order = f->nents;
	f->ents[f->nents++] = en;
	return en;
}

static void
entity_free(const struct featurizer *f, struct entity *en)
{
	size_t i;

	for (i = 0; i < f->ngroups; i++)
		roll_free(&en->wins[i]);
	for (i = 0; i < f->nlagsrc; i++)
		lag_free(&en->lags[i]);
	for (i = 0; i < f->nspsrc; i++)
		samp_free(&en->sp[i]);
	free(en->sp);
	free(en->wins);
	free(en->ew);
	free(en->lags);
	buf_free(&en->pending);
	free(en->name);
	free(en);
}

/* State: one line per entity, in order of first appearance. */
static int
load_line(void *arg, long lineno, const cJSON *obj, struct mlo_error *e)
{
	struct featurizer *f = arg;
	const cJSON *v;
	struct entity *en;
	int64_t i64;
	size_t i;
	char key[32];

	if (lineno == 1) {
		v = cJSON_GetObjectItemCaseSensitive(obj, "feature_set");
		if (!cJSON_IsString(v) || strcmp(v->valuestring, f->s->id) != 0)
			return error_set(e, "%s: state of feature set %s, not "
			    "of %s (use another state file, or remove it to "
			    "start afresh)", f->o.state, cJSON_IsString(v) ?
			    v->valuestring : "unknown", f->s->id);
		v = cJSON_GetObjectItemCaseSensitive(obj, "format");
		/* What save_state writes: "" before any input was read. */
		if (v != NULL && (!cJSON_IsString(v) ||
		    (strcmp(v->valuestring, "csv") != 0 &&
		    strcmp(v->valuestring, "ndjson") != 0 &&
		    v->valuestring[0] != '\0')))
			return error_at(e, f->o.state, lineno, 0, "damaged "
			    "state record: format is neither csv nor ndjson");
		if (v != NULL)
			snprintf(f->state_format, sizeof f->state_format, "%s",
			    v->valuestring);
		return 0;
	}
	v = cJSON_GetObjectItemCaseSensitive(obj, "entity");
	if (!cJSON_IsString(v) || strmap_get(&f->emap, v->valuestring,
	    strlen(v->valuestring)) >= 0)
		return error_at(e, f->o.state, lineno, 0, "damaged entity");
	if ((en = entity_new(f, v->valuestring, strlen(v->valuestring), e))
	    == NULL)
		return -1;
	if (statefile_get_i64(obj, "last", &i64, 0) == -1)
		return error_at(e, f->o.state, lineno, 0, "damaged entity");
	en->last = i64;
	for (i = 0; i < f->ngroups; i++) {
		snprintf(key, sizeof key, "w%zu", i);
		if (roll_load(&en->wins[i], &f->groups[i].shape, obj, key, e)
		    == -1)
			goto bad;
	}
	for (i = 0; i < f->s->nfeats; i++) {
		if (f->s->feats[i].kind != FK_EWMA)
			continue;
		snprintf(key, sizeof key, "e%zu", i);
		if (ewma_load(&en->ew[i], obj, key, e) == -1)
			goto bad;
	}
	for (i = 0; i < f->nlagsrc; i++) {
		snprintf(key, sizeof key, "l%zu", i);
		if (lag_load(&en->lags[i], f->lagsrc[i].cap, obj, key, e) == -1)
			goto bad;
	}
	for (i = 0; i < f->nspsrc; i++) {
		const struct spsrc *sp = &f->spsrc[i];

		snprintf(key, sizeof key, "s%zu", i);
		if (samp_load(&en->sp[i], f->s->feats[sp->feat].sp->window,
		    sp->speed_slot >= 0, obj, key, e) == -1)
			goto bad;
	}
	v = cJSON_GetObjectItemCaseSensitive(obj, "pending");
	if (cJSON_IsString(v)) {
		en->has_pending = 1;
		buf_adds(&en->pending, v->valuestring);
		if (statefile_get_i64(obj, "bucket", &en->bucket, 0) == -1)
			return error_at(e, f->o.state, lineno, 0,
			    "damaged entity");
	}
	return 0;
bad:
	error_prefix(e, "%s:%ld", f->o.state, lineno);
	return -1;
}

static int
save_state(const struct featurizer *f, struct mlo_error *e)
{
	struct buf b = {0};
	size_t k, i;
	char key[32];
	int r;

	statefile_begin(&b, STATE_MAGIC, STATE_VERSION);
	buf_adds(&b, ",\"feature_set\":");
	json_quote(&b, f->s->id, strlen(f->s->id));
	buf_printf(&b, ",\"format\":\"%s\"", f->state_format);
	statefile_end_line(&b);
	for (k = 0; k < f->nents; k++) {
		const struct entity *en = f->ents[k];

		buf_adds(&b, "{\"entity\":");
		json_quote(&b, en->name, en->len);
		statefile_put_i64(&b, "last", en->last);
		for (i = 0; i < f->ngroups; i++) {
			snprintf(key, sizeof key, "w%zu", i);
			roll_save(&en->wins[i], key, &b);
		}
		for (i = 0; i < f->s->nfeats; i++)
			if (f->s->feats[i].kind == FK_EWMA) {
				snprintf(key, sizeof key, "e%zu", i);
				ewma_save(&en->ew[i], key, &b);
			}
		for (i = 0; i < f->nlagsrc; i++) {
			snprintf(key, sizeof key, "l%zu", i);
			lag_save(&en->lags[i], key, &b);
		}
		for (i = 0; i < f->nspsrc; i++) {
			snprintf(key, sizeof key, "s%zu", i);
			samp_save(&en->sp[i], f->spsrc[i].speed_slot >= 0, key,
			    &b);
		}
		if (en->has_pending) {
			buf_adds(&b, ",\"pending\":");
			json_quote(&b, en->pending.data, en->pending.len);
			statefile_put_i64(&b, "bucket", en->bucket);
		}
		statefile_end_line(&b);
	}
	r = statefile_save(f->o.state, &b, e);
	buf_free(&b);
	return r;
}

struct featurizer *
features_open(const struct spec *s, const struct reader_opts *ro,
    const struct features_opts *o, struct event_sink *sink,
    struct mlo_error *e)
{
	struct featurizer *f = xcalloc(1, sizeof *f);

	f->s = s;
	f->o = *o;
	f->ro = *ro;
	f->sink = sink;
	plan(f);
	if (o->state != NULL && statefile_load(o->state, STATE_MAGIC,
	    STATE_VERSION, load_line, f, e) == -1) {
		features_free(f);
		return NULL;
	}
	if ((f->out = output_open(o->output, e)) == NULL) {
		features_free(f);
		return NULL;
	}
	return f;
}

static int
missing(const struct featurizer *f, struct reader *r, const char *name,
    struct spec_pos pos, const char *what, struct mlo_error *e)
{
	return spec_err(f->s, pos, e, "%s '%s' is not a column of %s", what,
	    name, reader_name(r));
}

/* Find the columns the spec reads in input R. */
static long
column(struct reader *r, const char *name)
{
	if (reader_format(r) == REC_NDJSON)
		return (long)reader_want(r, name);
	return reader_find(r, name);
}

static int
bind(struct featurizer *f, struct reader *r, struct mlo_error *e)
{
	const struct spec *s = f->s;
	size_t i;

	if ((f->timecol = column(r, s->time)) < 0)
		return missing(f, r, s->time, s->time_pos, "time", e);
	f->entcol = -1;
	if (s->entity != NULL && (f->entcol = column(r, s->entity)) < 0)
		return missing(f, r, s->entity, s->entity_pos, "entity", e);
	for (i = 0; i < f->nsrc; i++)
		if ((f->src[i].col = column(r, f->src[i].name)) < 0)
			return missing(f, r, f->src[i].name, f->src[i].pos,
			    "column", e);
	for (i = 0; i < s->nkeep; i++)
		if (column(r, s->keep[i]) < 0)
			return missing(f, r, s->keep[i], s->keep_pos[i],
			    "kept column", e);
	return 0;
}

/* The first row fixes the output's columns; later inputs map by name. */
static int
start(struct featurizer *f, struct reader *r, struct mlo_error *e)
{
	const struct spec *s = f->s;
	const char **names;
	size_t i, k, n = 0, extra = f->o.labels ? 4 : 2;

	f->started = 1;
	f->in_fmt = reader_format(r);
	if (f->o.format == REC_AUTO)
		f->o.format = f->in_fmt;
	f->nkeep = s->keep ? s->nkeep : reader_ncolumns(r);
	f->outcols = xcalloc(f->nkeep + 1, sizeof *f->outcols);
	for (i = 0; i < f->nkeep; i++) {
		f->outcols[i] = xstrdup(s->keep ? s->keep[i] :
		    reader_column(r, i));
		if (spec_reserved(f->outcols[i]))
			return error_set(e, "%s: the input has a column '%s', "
			    "which mlo-features adds: drop it with 'keep'",
			    reader_name(r), f->outcols[i]);
		if (spec_output(s, f->outcols[i]) >= 0)
			return spec_err(s, s->feats[spec_output(s,
			    f->outcols[i])].pos, e, "column '%s' is also a "
			    "column of %s: choose another name, or leave it "
			    "out with 'keep'", f->outcols[i], reader_name(r));
	}
	names = xcalloc(f->nkeep + spec_nouts(s) + extra, sizeof *names);
	for (i = 0; i < f->nkeep; i++)
		names[n++] = f->outcols[i];
	for (i = 0; i < s->nfeats; i++)
		for (k = 0; k < s->feats[i].nouts; k++)
			names[n++] = s->feats[i].outs[k];
	names[n++] = "feature_set";
	names[n++] = "row_id";
	if (f->o.labels) {
		names[n++] = "label";
		names[n++] = "rul";
	}
	f->w = writer_new(f->out, f->o.format, reader_delimiter(r), n, names);
	free(names);
	f->keepcol = xcalloc(f->nkeep + 1, sizeof *f->keepcol);
	{
		const char *fmt = f->o.format == REC_CSV ? "csv" : "ndjson";

		if (f->state_format[0] != '\0' && s->every > 0 &&
		    strcmp(f->state_format, fmt) != 0)
			return error_set(e, "%s: holds %s rows, this run writes "
			    "%s", f->o.state, f->state_format, fmt);
		snprintf(f->state_format, sizeof f->state_format, "%s", fmt);
	}
	return 0;
}

static double
source_value(struct source *src, struct reader *r, const struct record *rec)
{
	const struct field *fd = &rec->fields[src->col];
	double v;

	if (fd->kind == FIELD_NULL)
		return NAN;
	if (fd->kind == FIELD_NUMBER)
		return fd->num;
	if (fd->kind == FIELD_TEXT && num_parse(fd->s, fd->len, &v) == 0)
		return v;
	if (src->bad++ == 0) {
		snprintf(src->example, sizeof src->example, "%.40s", fd->s);
		snprintf(src->where, sizeof src->where, "%s:%ld",
		    reader_name(r), rec->line);
	}
	return NAN;
}

/*
 * A spectrum column at a row: its sample enters the entity's ring, and
 * when a window ends here (every hop samples once window are held) the
 * window's features are computed; a null sample in it makes them null.
 */
static void
spectrum_row(struct featurizer *f, struct spsrc *sp, struct samp_ring *rg)
{
	const struct feature *ft = &f->s->feats[sp->feat];
	const struct spectrum_conf *c = ft->sp;
	double speed = c->shaft_rpm, *sv = sp->speed_slot >= 0 ? &speed : NULL;
	size_t j;

	if (sv != NULL)
		speed = f->vals[sp->speed_slot];
	sp->emitted = samp_push(rg, c->window, c->hop, f->vals[sp->slot], sv);
	if (!sp->emitted)
		return;
	if (samp_window(rg, c->window, f->scratch, sv)) {
		for (j = 0; j < ft->nouts; j++)
			sp->out[j] = NAN;
		return;
	}
	spectrum_reset(sp->work);
	spectrum_add(sp->work, f->scratch);
	spectrum_result(sp->work, f->scratch, c->window, speed / 60, sp->out);
}

static void
compute(struct featurizer *f, struct entity *en, mlo_time t,
    struct mlo_error *e, int *failed)
{
	const struct spec *s = f->s;
	double *vals = f->vals, v, old;
	size_t i, k;

	memset(f->pushed, 0, f->ngroups);
	memset(f->lag_pushed, 0, f->nlagsrc);
	for (i = 0; i < s->nfeats; i++) {
		size_t fi = s->order[i];
		const struct feature *ft = &s->feats[fi];

		k = f->fgroup[fi];
		switch (ft->kind) {
		case FK_WINDOW:
			if (!f->pushed[k]) {
				f->pushed[k] = 1;
				f->sums[k].valid = 0;
				if (roll_push(&en->wins[k], &f->groups[k].shape,
				    t, vals[f->groups[k].slot], e) == -1)
					*failed = 1;
			}
			v = roll_stat(&en->wins[k], ft->stat, ft->q,
			    ft->min_periods, &f->sums[k]);
			break;
		case FK_EWMA:
			v = ewma_push(&en->ew[fi], &ft->ewma, t, vals[k]);
			break;
		case FK_EXPR:
			v = expr_eval(ft->expr, vals, f->slots[fi]);
			break;
		case FK_SPECTRUM:
			spectrum_row(f, &f->spsrc[k], &en->sp[k]);
			v = NAN;
			break;
		default:
			if (!f->lag_pushed[k]) {
				f->lag_pushed[k] = 1;
				lag_push(&en->lags[k], f->lagsrc[k].cap,
				    vals[f->lagsrc[k].slot]);
			}
			old = lag_get(&en->lags[k], (size_t)ft->distance);
			v = vals[f->lagsrc[k].slot];
			if (ft->kind == FK_LAG)
				v = old;
			else if (ft->kind == FK_DIFF)
				v = v - old;
			else
				v = old == 0 ? NAN : v / old - 1;
			break;
		}
		vals[f->nsrc + fi] = v;
	}
}

static void
write_value(struct featurizer *f, double v)
{
	if (v != v)
		writer_null(f->w);
	else
		writer_number(f->w, v);
}

static void
write_features(struct featurizer *f)
{
	const struct spec *s = f->s;
	size_t i, k;

	for (i = 0; i < s->nfeats; i++) {
		const struct feature *ft = &s->feats[i];
		const struct spsrc *sp;

		if (ft->kind != FK_SPECTRUM) {
			write_value(f, f->vals[f->nsrc + i]);
			continue;
		}
		sp = &f->spsrc[f->fgroup[i]];
		for (k = 0; k < ft->nouts; k++)
			write_value(f, sp->emitted ? sp->out[k] : NAN);
	}
}

/* row_id: ENTITY@TIME, or TIME without an entity column. */
static void
row_id(struct featurizer *f, const char *name, size_t len, mlo_time t)
{
	char stamp[TIME_BUFSZ];

	buf_reset(&f->rowid);
	if (f->s->entity != NULL) {
		buf_add(&f->rowid, name, len);
		buf_addc(&f->rowid, '@');
	}
	buf_add(&f->rowid, stamp, time_format(t, f->s->time_kind, stamp));
	writer_string(f->w, f->rowid.data, f->rowid.len);
}

static void
write_row(struct featurizer *f, const struct record *rec,
    const struct entity *en, mlo_time t, struct buf *hold)
{
	size_t i;

	if (f->raw_ok && rec->nall == f->nkeep) {
		size_t n = rec->rawlen;

		while (n > 0 && (rec->raw[n - 1] == '\n' ||
		    rec->raw[n - 1] == '\r'))
			n--;
		writer_raw(f->w, rec->raw, n, f->nkeep);
	} else
		for (i = 0; i < f->nkeep; i++)
			if (f->keepcol[i] >= 0 &&
			    (size_t)f->keepcol[i] < rec->nfields)
				writer_field(f->w, &rec->fields[f->keepcol[i]]);
			else
				writer_null(f->w);
	write_features(f);
	writer_string(f->w, f->s->id, strlen(f->s->id));
	row_id(f, en->name, en->len, t);
	if (f->o.labels) {
		double rul;
		int label = outcomes_label(f->o.labels, en->name, en->len, t,
		    f->o.horizon, f->o.has_until, f->o.until, &rul);

		if (label < 0)
			writer_null(f->w);
		else
			writer_number(f->w, label);
		if (rul < 0)
			writer_null(f->w);
		else
			writer_number(f->w, rul / 1e9);
	}
	if (hold == NULL) {
		writer_end(f->w);
		f->rows_out++;
	} else
		writer_end_to(f->w, hold);
}

static void
release(struct featurizer *f, struct entity *en)
{
	output_write(f->out, en->pending.data, en->pending.len);
	buf_reset(&en->pending);
	en->has_pending = 0;
	f->rows_out++;
}

static int64_t
bucket_of(mlo_time t, mlo_time every)
{
	return t >= 0 ? t / every : -((-t + every - 1) / every);
}

static int
row(struct featurizer *f, struct reader *r, const struct record *rec,
    struct mlo_error *e)
{
	const struct spec *s = f->s;
	const struct field *tf;
	const char *name = "";
	struct entity *en;
	size_t i, len = 0;
	int64_t k, bucket;
	mlo_time t;
	int failed = 0;

	f->rows_in++;
	if (rec->shape_error != NULL)
		return error_at(e, reader_name(r), rec->line, 0, "%s",
		    rec->shape_error);
	tf = &rec->fields[f->timecol];
	if (tf->kind == FIELD_NULL)
		return error_at(e, reader_name(r), rec->line, 0, "no time in "
		    "'%s'", s->time);
	if (time_parse(tf->s, tf->len, s->time_kind, &t, e) == -1) {
		error_prefix(e, "%s:%ld: '%s'", reader_name(r), rec->line,
		    s->time);
		return -1;
	}
	if (f->entcol >= 0) {
		name = rec->fields[f->entcol].s;
		len = rec->fields[f->entcol].len;
	}
	if ((k = strmap_get(&f->emap, name, len)) >= 0)
		en = f->ents[k];
	else if ((en = entity_new(f, name, len, e)) == NULL) {
		error_prefix(e, "%s:%ld", reader_name(r), rec->line);
		return -1;
	} else
		en->last = INT64_MIN;
	if (t < en->last) {
		char now[TIME_BUFSZ], last[TIME_BUFSZ];

		if (f->o.late_drop) {
			if (f->late++ == 0)
				snprintf(f->late_where, sizeof f->late_where,
				    "%s:%ld", reader_name(r), rec->line);
			return 0;
		}
		time_format(t, s->time_kind, now);
		time_format(en->last, s->time_kind, last);
		return error_at(e, reader_name(r), rec->line, 0, "%s%.*s%stime "
		    "%s is before %s, the last time seen (--late drop skips "
		    "late rows)", s->entity ? "entity '" : "", (int)len, name,
		    s->entity ? "': " : "", now, last);
	}
	en->last = t;
	for (i = 0; i < f->nsrc; i++)
		f->vals[i] = source_value(&f->src[i], r, rec);
	compute(f, en, t, e, &failed);
	if (failed) {
		error_prefix(e, "%s:%ld", reader_name(r), rec->line);
		return -1;
	}
	if (s->emit == EMIT_WINDOWS) {
		for (i = 0; i < f->nspsrc; i++)
			if (f->spsrc[i].emitted)
				break;
		if (i < f->nspsrc)
			write_row(f, rec, en, t, NULL);
		return 0;
	}
	if (s->every == 0) {
		write_row(f, rec, en, t, NULL);
		return 0;
	}
	bucket = bucket_of(t, s->every);
	if (en->has_pending && en->bucket != bucket)
		release(f, en);
	buf_reset(&en->pending);
	write_row(f, rec, en, t, &en->pending);
	en->has_pending = 1;
	en->bucket = bucket;
	return 0;
}

static int
same_columns(const struct featurizer *f, const struct reader *r)
{
	size_t i;

	if (f->s->keep != NULL)
		return 1;
	if (reader_ncolumns(r) != f->nkeep)
		return 0;
	for (i = 0; i < f->nkeep; i++)
		if (strcmp(reader_column(r, i), f->outcols[i]) != 0)
			return 0;
	return 1;
}

/* Map the kept columns of input R; the first input fixes the output. */
static int
keep_columns(struct featurizer *f, struct reader *r, struct mlo_error *e)
{
	size_t i;

	if (!f->started && start(f, r, e) == -1)
		return -1;
	f->raw_ok = f->in_fmt == REC_CSV && f->o.format == REC_CSV &&
	    f->s->keep == NULL && f->nkeep > 0 && reader_delimiter(r) == ',';
	for (i = 0; i < f->nkeep; i++) {
		f->keepcol[i] = column(r, f->outcols[i]);
		if (f->keepcol[i] != (long)i)
			f->raw_ok = 0;
	}
	return 0;
}

int
features_file(struct featurizer *f, const char *path, struct mlo_error *e)
{
	struct input *in;
	struct reader *r;
	struct record *rec;
	int got, kept;

	if ((in = input_open(path, e)) == NULL ||
	    (r = reader_open(in, &f->ro, e)) == NULL)
		return -1;
	if (reader_ncolumns(r) == 0 && reader_format(r) == REC_CSV) {
		reader_close(r);	/* empty input: no rows */
		return 0;
	}
	if (bind(f, r, e) == -1)
		goto bad;
	if (f->started && reader_format(r) != f->in_fmt) {
		error_set(e, "%s: is %s, the first input was %s",
		    reader_name(r), f->in_fmt == REC_CSV ? "NDJSON" : "CSV",
		    f->in_fmt == REC_CSV ? "CSV" : "NDJSON");
		goto bad;
	}
	if (f->started && f->in_fmt == REC_CSV && !same_columns(f, r)) {
		error_set(e, "%s: its header differs from the first input's",
		    reader_name(r));
		goto bad;
	}
	/* CSV knows its columns now; NDJSON at its first record. */
	if (reader_format(r) == REC_CSV && keep_columns(f, r, e) == -1)
		goto bad;
	kept = reader_format(r) == REC_CSV;
	while ((got = reader_next(r, &rec, e)) == 1) {
		if (!kept && keep_columns(f, r, e) == -1)
			goto bad;
		kept = 1;
		if (row(f, r, rec, e) == -1)
			goto bad;
	}
	if (got == -1)
		goto bad;
	reader_close(r);
	return 0;
bad:
	reader_close(r);
	return -1;
}

void
features_late_event(struct event_sink *sink, const char *feature_set,
    uint64_t rows, const char *first, const char *msg)
{
	struct buf b = {0};

	event_begin(&b, sink, "late_rows", NULL, "warning", "integrity");
	event_str(&b, "feature_set", feature_set);
	event_int(&b, "rows", (int64_t)rows);
	event_str(&b, "first", first);
	event_str(&b, "message", msg);
	event_end(&b, sink);
	buf_free(&b);
}

static void
queue_events(struct featurizer *f)
{
	struct event_sink *sk = f->sink;
	struct buf b = {0};
	size_t i;

	if (f->late > 0) {
		char msg[100];

		snprintf(msg, sizeof msg, "%llu row%s out of time order "
		    "within %s entity dropped", (unsigned long long)f->late,
		    f->late == 1 ? "" : "s", f->late == 1 ? "its" : "their");
		features_late_event(sk, f->s->id, f->late, f->late_where, msg);
	}
	for (i = 0; i < f->nsrc; i++) {
		struct source *src = &f->src[i];
		char msg[200];

		if (src->bad == 0)
			continue;
		event_begin(&b, sk, "non_numeric", NULL, "warning",
		    "integrity");
		event_str(&b, "feature_set", f->s->id);
		event_str(&b, "column", src->name);
		event_int(&b, "rows", (int64_t)src->bad);
		event_str(&b, "first", src->where);
		event_str(&b, "example", src->example);
		snprintf(msg, sizeof msg, "%llu value%s of '%.60s' not a "
		    "number, read as null", (unsigned long long)src->bad,
		    src->bad == 1 ? "" : "s", src->name);
		event_str(&b, "message", msg);
		event_end(&b, sk);
	}
	buf_free(&b);
}

/* Entities are numbered in order of appearance: that breaks ties. */
static int
by_bucket(const void *a, const void *b)
{
	const struct entity *x = *(struct entity *const *)a;
	const struct entity *y = *(struct entity *const *)b;

	if (x->bucket != y->bucket)
		return x->bucket < y->bucket ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

int
features_finish(struct featurizer *f, struct buf *report,
    struct mlo_error *e)
{
	size_t i;
	int r;

	/*
	 * Without a state to carry them, the open buckets are written, the
	 * earliest bucket first (entities in order of first appearance).
	 */
	if (f->o.state == NULL) {
		struct entity **open = xcalloc(f->nents + 1, sizeof *open);
		size_t n = 0;

		for (i = 0; i < f->nents; i++)
			if (f->ents[i]->has_pending)
				open[n++] = f->ents[i];
		qsort(open, n, sizeof *open, by_bucket);
		for (i = 0; i < n; i++)
			release(f, open[i]);
		free(open);
	}
	if (f->w != NULL)
		writer_header(f->w);	/* a header even without rows */
	r = output_close(f->out, e);
	f->out = NULL;
	queue_events(f);
	buf_printf(report, "%s: %llu row%s in, %llu out, %zu entit%s", f->s->id,
	    (unsigned long long)f->rows_in, f->rows_in == 1 ? "" : "s",
	    (unsigned long long)f->rows_out, f->nents,
	    f->nents == 1 ? "y" : "ies");
	if (f->late > 0)
		buf_printf(report, ", %llu late row%s dropped (first at %s)",
		    (unsigned long long)f->late, f->late == 1 ? "" : "s",
		    f->late_where);
	buf_addc(report, '\n');
	for (i = 0; i < f->nsrc; i++)
		if (f->src[i].bad > 0)
			buf_printf(report, "%s: %llu value%s not a number, read "
			    "as null (first at %s: '%s')\n", f->src[i].name,
			    (unsigned long long)f->src[i].bad,
			    f->src[i].bad == 1 ? "" : "s", f->src[i].where,
			    f->src[i].example);
	/* The state moves on only once the rows it accounts for are safe. */
	if (r == 0 && f->o.state != NULL && save_state(f, e) == -1)
		r = -1;
	return r;
}

void
features_abort(struct featurizer *f)
{
	output_abort(f->out);
	f->out = NULL;
}

void
features_free(struct featurizer *f)
{
	size_t i;

	if (f == NULL)
		return;
	writer_free(f->w);
	output_abort(f->out);
	for (i = 0; i < f->nents; i++)
		entity_free(f, f->ents[i]);
	free(f->ents);
	strmap_free(&f->emap);
	for (i = 0; i < f->nsrc; i++)
		free(f->src[i].name);
	free(f->src);
	for (i = 0; i < f->s->nfeats; i++)
		free(f->slots[i]);
	free(f->slots);
	free(f->fgroup);
	free(f->groups);
	free(f->lagsrc);
	for (i = 0; i < f->nspsrc; i++) {
		spectrum_work_free(f->spsrc[i].work);
		free(f->spsrc[i].out);
	}
	free(f->spsrc);
	free(f->scratch);
	free(f->vals);
	free(f->sums);
	free(f->pushed);
	free(f->lag_pushed);
	for (i = 0; i < f->nkeep; i++)
		free(f->outcols[i]);
	free(f->outcols);
	free(f->keepcol);
	buf_free(&f->rowid);
	free(f);
}
