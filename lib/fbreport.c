#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fbreport.h"
#include "io.h"
#include "num.h"
#include "writer.h"

int
fb_group_parse(const char *s, enum fb_group *g, struct mlo_error *e)
{
	if (strcmp(s, "model") == 0 || strcmp(s, "model_version") == 0)
		*g = FB_BY_MODEL;
	else if (strcmp(s, "asset") == 0)
		*g = FB_BY_ASSET;
	else if (strcmp(s, "technician") == 0)
		*g = FB_BY_TECHNICIAN;
	else
		return error_set(e, "--group-by takes model, asset or "
		    "technician, not '%s'", s);
	return 0;
}

/* counts: whether verdict V is one a report counts. */
static int
counts(const struct fb_log *l, size_t i, const struct fb_report_opts *o)
{
	const struct fb_rec *v = &l->v[i];

	if (v->superseded)
		return 0;
	return !o->has_period || (v->time > o->now - o->period &&
	    v->time <= o->now);
}

static uint32_t
group_of(const struct fb_rec *v, enum fb_group g)
{
	return g == FB_BY_MODEL ? v->model : g == FB_BY_ASSET ? v->asset :
	    v->tech;
}

/* A (group, technician) pair, for distinct counts. */
struct pair {
	uint32_t group, tech;
};

static int
by_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return x->tech < y->tech ? -1 : x->tech > y->tech;
}

/* distinct: per group, the distinct technicians of P[0..n) into OUT. */
static void
distinct(struct pair *p, size_t n, uint32_t *out)
{
	size_t i;

	qsort(p, n, sizeof *p, by_pair);
	for (i = 0; i < n; i++)
		if (i == 0 || p[i].group != p[i - 1].group ||
		    p[i].tech != p[i - 1].tech)
			out[p[i].group]++;
}

static const struct fb_log *sort_log;

static int
by_name(const void *a, const void *b)
{
	return strcmp(sort_log->name[*(const uint32_t *)a],
	    sort_log->name[*(const uint32_t *)b]);
}

static struct output *
open_out(const struct fb_report_opts *o, struct mlo_error *e)
{
	return output_open(o->output, e);
}

static int
close_out(struct output *out, struct writer *w, struct mlo_error *e)
{
	writer_header(w);
	writer_free(w);
	return output_close(out, e);
}

static void
write_name(struct writer *w, const struct fb_log *l, uint32_t i)
{
	if (i == 0)
		writer_null(w);
	else
		writer_string(w, l->name[i], strlen(l->name[i]));
}

static void
write_time(struct writer *w, mlo_time t)
{
	char stamp[TIME_BUFSZ];
	size_t n = time_format(t, TIME_RFC3339, stamp);

	writer_string(w, stamp, n);
}

struct gstat {
	uint32_t verdicts, n[3];
	mlo_time last;
};

/* alerts: the model versions or assets that enough technicians flag. */
static int
alerts(const struct fb_log *l, const struct fb_report_opts *o,
    enum fb_group g, struct buf *report)
{
	static const char *const what[] = { "model_version", "asset" };
	struct pair *p = xcalloc(l->n + 1, sizeof *p);
	uint32_t *flags = xcalloc(l->nnames, sizeof *flags);
	size_t n = 0, i, j, fired = 0;
	char from[TIME_BUFSZ], to[TIME_BUFSZ];
	struct buf ev = {0}, who = {0};

	for (i = 0; i < l->n; i++)
		if (counts(l, i, o) && l->v[i].verdict == FB_WRONG &&
		    group_of(&l->v[i], g) != 0) {
			p[n].group = group_of(&l->v[i], g);
			p[n++].tech = l->v[i].tech;
			flags[group_of(&l->v[i], g)]++;
		}
	qsort(p, n, sizeof *p, by_pair);
	time_format(o->has_period ? o->now - o->period : 0, TIME_RFC3339, from);
	time_format(o->now, TIME_RFC3339, to);
	/* p is sorted by group index; alerts come out in name order below. */
	{
		uint32_t *gs = xcalloc(n + 1, sizeof *gs), *techs;
		size_t ng = 0, k;

		techs = xcalloc(l->nnames, sizeof *techs);
		for (i = 0; i < n; i++)
			if (i == 0 || p[i].group != p[i - 1].group)
				gs[ng++] = p[i].group;
		distinct(p, n, techs);
		sort_log = l;
		qsort(gs, ng, sizeof *gs, by_name);
		for (k = 0; k < ng; k++) {
			uint32_t grp = gs[k];

			if ((long)techs[grp] < o->alert_technicians)
				continue;
			fired++;
			buf_reset(&who);
			{
				uint32_t *t = xcalloc(n + 1, sizeof *t);
				size_t nt = 0;

				for (j = 0; j < n; j++)
					if (p[j].group == grp && (nt == 0 ||
					    t[nt - 1] != p[j].tech))
						t[nt++] = p[j].tech;
				qsort(t, nt, sizeof *t, by_name);
				for (j = 0; j < nt; j++) {
					if (j)
						buf_addc(&who, ',');
					buf_adds(&who, l->name[t[j]]);
				}
				free(t);
			}
			event_begin(&ev, o->sink, "alert", NULL, "critical",
			    "feedback");
			event_str(&ev, what[g], l->name[grp]);
			if (o->has_period) {
				event_str(&ev, "window_from", from);
				event_str(&ev, "window_to", to);
			}
			event_int(&ev, "value", techs[grp]);
			event_int(&ev, "limit", o->alert_technicians);
			event_int(&ev, "flags", flags[grp]);
			event_str(&ev, "technicians", who.data);
			{
				struct buf msg = {0};

				buf_printf(&msg, "%u technicians flagged %s "
				    "'%s' wrong%s%s (alert at %ld)",
				    techs[grp], what[g], l->name[grp],
				    o->has_period ? " within " : "",
				    o->has_period ? o->period_text : "",
				    o->alert_technicians);
				event_str(&ev, "message", msg.data);
				buf_printf(report, "alert: %s\n", msg.data);
				buf_free(&msg);
			}
			event_end(&ev, o->sink);
		}
		free(gs);
		free(techs);
	}
	buf_free(&ev);
	buf_free(&who);
	free(p);
	free(flags);
	return (int)fired;
}

int
fb_summary(const struct fb_log *l, const struct fb_report_opts *o,
    struct buf *report, struct mlo_error *e)
{
	static const char *const group_col[] = { "model_version", "asset",
	    "technician" };
	const char *cols[] = { group_col[o->group], "verdicts", "wrong",
	    "right", "unsure", "technicians", "flagged_by", "wrong_rate",
	    "last" };
	struct gstat *gs = xcalloc(l->nnames, sizeof *gs), all = {0};
	struct pair *any = xcalloc(l->n + 1, sizeof *any);
	struct pair *flag = xcalloc(l->n + 1, sizeof *flag);
	uint32_t *techs = xcalloc(l->nnames, sizeof *techs);
	uint32_t *flaggers = xcalloc(l->nnames, sizeof *flaggers);
	uint32_t *order = xcalloc(l->nnames, sizeof *order);
	size_t nany = 0, nflag = 0, ngroups = 0, i;
	struct output *out;
	struct writer *w;
	int fired = 0, r = -1;

	for (i = 0; i < l->n; i++) {
		const struct fb_rec *v = &l->v[i];
		uint32_t g = group_of(v, o->group);

		if (!counts(l, i, o))
			continue;
		if (gs[g].verdicts++ == 0)
			order[ngroups++] = g;
		gs[g].n[v->verdict]++;
		all.verdicts++;
		all.n[v->verdict]++;
		if (gs[g].verdicts == 1 || v->time > gs[g].last)
			gs[g].last = v->time;
		any[nany++] = (struct pair){ g, v->tech };
		if (v->verdict == FB_WRONG)
			flag[nflag++] = (struct pair){ g, v->tech };
	}
	distinct(any, nany, techs);
	distinct(flag, nflag, flaggers);
	sort_log = l;
	qsort(order, ngroups, sizeof *order, by_name);
	if ((out = open_out(o, e)) == NULL)
		goto done;
	w = writer_new(out, o->format == REC_NDJSON ? REC_NDJSON : REC_CSV,
	    ',', NELEM(cols), cols);
	for (i = 0; i < ngroups; i++) {
		const struct gstat *s = &gs[order[i]];
		uint32_t decided = s->n[FB_WRONG] + s->n[FB_RIGHT];

		write_name(w, l, order[i]);
		writer_number(w, s->verdicts);
		writer_number(w, s->n[FB_WRONG]);
		writer_number(w, s->n[FB_RIGHT]);
		writer_number(w, s->n[FB_UNSURE]);
		writer_number(w, techs[order[i]]);
		writer_number(w, flaggers[order[i]]);
		if (decided)
			writer_number(w, (double)s->n[FB_WRONG] / decided);
		else
			writer_null(w);
		write_time(w, s->last);
		writer_end(w);
	}
	if (close_out(out, w, e) == -1)
		goto done;
	{
		struct pair *p = xcalloc(nany + 1, sizeof *p);
		uint32_t one = 0;

		for (i = 0; i < nany; i++)
			p[i] = (struct pair){ 0, any[i].tech };
		if (nany)
			distinct(p, nany, &one);
		free(p);
		buf_printf(report, "%u verdict%s from %u technician%s%s%s: "
		    "%u wrong, %u right, %u unsure\n", all.verdicts,
		    all.verdicts == 1 ? "" : "s", one, one == 1 ? "" : "s",
		    o->has_period ? " within " : "",
		    o->has_period ? o->period_text : "",
		    all.n[FB_WRONG], all.n[FB_RIGHT], all.n[FB_UNSURE]);
	}
	fired = alerts(l, o, FB_BY_MODEL, report) +
	    alerts(l, o, FB_BY_ASSET, report);
	r = fired;
done:
	free(gs);
	free(any);
	free(flag);
	free(techs);
	free(flaggers);
	free(order);
	return r;
}

/* Labels. */

struct votes {
	uint32_t n[3];
};

/* binary: the 0/1 value of F, or -1 when it is not one. */
static int
binary(const struct field *f)
{
	if (f == NULL)
		return -1;
	if (f->len == 1 && (f->s[0] == '0' || f->s[0] == '1'))
		return f->s[0] - '0';
	if (f->kind == FIELD_BOOL)
		return f->s[0] == 't';
	if (f->kind == FIELD_NUMBER && (f->num == 0 || f->num == 1))
		return (int)f->num;
	return -1;
}

/* score_of: F as a finite number into *X; -1 when it is not one. */
static int
number_of(const struct field *f, double *x)
{
	if (f == NULL || f->kind == FIELD_NULL)
		return -1;
	if (f->kind == FIELD_NUMBER)
		*x = f->num;
	else if (num_parse(f->s, f->len, x) == -1)
		return -1;
	return isfinite(*x) ? 0 : -1;
}

/* open_predictions: a reader on O->predictions, its columns bound. */
static struct reader *
open_predictions(const struct fb_report_opts *o, struct fb_pred_cols *c,
    char ***names, size_t *nnames, struct mlo_error *e)
{
	struct reader_opts ro = {0};
	struct record *rec;
	struct reader *r;
	struct input *in;
	size_t i;
	int got;

	/* NDJSON names its columns only as they come: read it once first. */
	if ((in = input_open(o->predictions, e)) == NULL ||
	    (r = reader_open(in, &ro, e)) == NULL)
		return NULL;
	if (reader_format(r) == REC_NDJSON) {
		while ((got = reader_next(r, &rec, e)) == 1)
			;
		if (got == -1) {
			reader_close(r);
			return NULL;
		}
	}
	*nnames = reader_ncolumns(r);
	*names = xcalloc(*nnames + 1, sizeof **names);
	for (i = 0; i < *nnames; i++)
		(*names)[i] = xstrdup(reader_column(r, i));
	if (reader_format(r) == REC_NDJSON) {
		reader_close(r);
		if ((in = input_open(o->predictions, e)) == NULL ||
		    (r = reader_open(in, &ro, e)) == NULL)
			return NULL;
		for (i = 0; i < *nnames; i++)
			reader_want(r, (*names)[i]);
	}
	if (fb_pred_bind(r, c, e) == -1) {
		reader_close(r);
		return NULL;
	}
	return r;
}

static void
free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int
fb_labels(const struct fb_log *l, const struct fb_report_opts *o,
    struct buf *report, struct mlo_error *e)
{
	struct votes *vt = xcalloc(l->nnames, sizeof *vt);
	unsigned char *seen = xcalloc(l->nnames, 1);
	size_t labelled = 0, flipped = 0, ties = 0, unsure = 0, nonbin = 0;
	size_t missing = 0, nnames = 0, ncols, i;
	long label_col;
	char **names = NULL;
	const char **cols;
	struct fb_pred_cols c;
	struct output *out = NULL;
	struct writer *w = NULL;
	struct reader *r;
	struct record *rec;
	int got, r_ = -1;

	for (i = 0; i < l->n; i++)
		if (counts(l, i, o))
			vt[l->v[i].pred].n[l->v[i].verdict]++;
	if ((r = open_predictions(o, &c, &names, &nnames, e)) == NULL)
		goto done;
	label_col = -1;
	cols = xcalloc(nnames + 1, sizeof *cols);
	for (i = 0; i < nnames; i++) {
		cols[i] = names[i];
		if (strcmp(names[i], "label") == 0)
			label_col = (long)i;
	}
	ncols = nnames;
	if (label_col < 0)
		cols[ncols++] = "label";
	if ((out = open_out(o, e)) == NULL) {
		free(cols);
		reader_close(r);
		goto done;
	}
	w = writer_new(out, o->format != REC_AUTO ? o->format :
	    reader_format(r), reader_format(r) == REC_CSV ?
	    reader_delimiter(r) : ',', ncols, cols);
	free(cols);
	while ((got = reader_next(r, &rec, e)) == 1) {
		const struct field *id = fb_pred_field(rec, c.id, 3), *pf;
		const struct votes *v;
		long k;
		int p, label;
		double x;

		if (rec->shape_error != NULL) {
			error_set(e, "%s:%ld: %s", reader_name(r), rec->line,
			    rec->shape_error);
			got = -1;
			break;
		}
		if (id == NULL || (k = fb_name_find(l, id->s, id->len)) <= 0)
			continue;
		seen[k] = 1;
		v = &vt[k];
		if (v->n[FB_WRONG] == 0 && v->n[FB_RIGHT] == 0) {
			unsure += v->n[FB_UNSURE] > 0;
			continue;
		}
		if (v->n[FB_WRONG] == v->n[FB_RIGHT]) {
			ties++;
			continue;
		}
		pf = c.prediction >= 0 && (size_t)c.prediction < rec->nfields &&
		    rec->fields[c.prediction].kind != FIELD_NULL ?
		    &rec->fields[c.prediction] : NULL;
		p = binary(pf);
		if (p < 0 && pf == NULL && c.score >= 0 &&
		    (size_t)c.score < rec->nfields &&
		    number_of(&rec->fields[c.score], &x) == 0)
			p = x >= o->threshold;
		if (p < 0 && v->n[FB_WRONG] > v->n[FB_RIGHT]) {
			nonbin++;
			continue;
		}
		if (p < 0 && number_of(pf, &x) == -1) {
			nonbin++;
			continue;
		}
		label = p < 0 ? 0 : v->n[FB_WRONG] > v->n[FB_RIGHT] ? !p : p;
		flipped += v->n[FB_WRONG] > v->n[FB_RIGHT];
		labelled++;
		for (i = 0; i < ncols; i++) {
			if ((long)i == label_col || i == nnames) {
				if (p < 0)
					writer_number(w, x);
				else
					writer_number(w, label);
			} else if (i < rec->nfields)
				writer_field(w, &rec->fields[i]);
			else
				writer_null(w);
		}
		writer_end(w);
	}
	reader_close(r);
	if (got == -1) {
		writer_free(w);
		output_abort(out);
		goto done;
	}
	if (close_out(out, w, e) == -1)
		goto done;
	for (i = 1; i < l->nnames; i++)
		if (!seen[i] && (vt[i].n[0] || vt[i].n[1] || vt[i].n[2]))
			missing++;
	buf_printf(report, "%zu row%s labelled (%zu flipped by a wrong "
	    "verdict); left out: %zu tie%s, %zu unsure only, %zu not binary; "
	    "%zu prediction id%s with verdicts not in %s\n", labelled,
	    labelled == 1 ? "" : "s", flipped, ties, ties == 1 ? "" : "s",
	    unsure, nonbin, missing, missing == 1 ? "" : "s",
	    display_name(o->predictions));
	r_ = 0;
done:
	free_names(names, nnames);
	free(vt);
	free(seen);
	return r_;
}

/* Queue. */

struct item {
	int kind;		/* 0 prediction, 1 asset */
	uint32_t id;
	uint32_t flags, techs;
	mlo_time last;
	uint32_t asset, model;
};

static int
by_rank(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c;

	if (x->techs != y->techs)
		return x->techs > y->techs ? -1 : 1;
	if (x->flags != y->flags)
		return x->flags > y->flags ? -1 : 1;
	if (x->last != y->last)
		return x->last > y->last ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind - y->kind;
	c = strcmp(sort_log->name[x->id], sort_log->name[y->id]);
	return c;
}

int
fb_queue(const struct fb_log *l, const struct fb_report_opts *o,
    struct mlo_error *e)
{
	static const char *const cols[] = { "kind", "id", "flags",
	    "technicians", "last", "asset", "model_version" };
	struct item *it[2];
	struct pair *p[2];
	uint32_t *techs[2];
	struct item *all;
	size_t np[2] = { 0, 0 }, nall = 0, i, k;
	struct output *out;
	struct writer *w;

	for (k = 0; k < 2; k++) {
		it[k] = xcalloc(l->nnames, sizeof *it[k]);
		p[k] = xcalloc(l->n + 1, sizeof *p[k]);
		techs[k] = xcalloc(l->nnames, sizeof *techs[k]);
	}
	for (i = 0; i < l->n; i++) {
		const struct fb_rec *v = &l->v[i];
		uint32_t id[2] = { v->pred, v->asset };

		if (!counts(l, i, o) || v->verdict != FB_WRONG)
			continue;
		for (k = 0; k < 2; k++) {
			struct item *x = &it[k][id[k]];

			if (id[k] == 0)
				continue;
			x->kind = (int)k;
			x->id = id[k];
			x->flags++;
			x->last = v->time;	/* sorted by time */
			if (v->asset)
				x->asset = v->asset;
			if (v->model)
				x->model = v->model;
			p[k][np[k]++] = (struct pair){ id[k], v->tech };
		}
	}
	all = xcalloc(2 * l->nnames + 1, sizeof *all);
	for (k = 0; k < 2; k++) {
		distinct(p[k], np[k], techs[k]);
		for (i = 1; i < l->nnames; i++)
			if (it[k][i].flags) {
				it[k][i].techs = techs[k][i];
				if (k == 1)
					it[k][i].model = 0;
				all[nall++] = it[k][i];
			}
	}
	sort_log = l;
	qsort(all, nall, sizeof *all, by_rank);
	if ((out = open_out(o, e)) == NULL)
		goto fail;
	w = writer_new(out, o->format == REC_NDJSON ? REC_NDJSON : REC_CSV,
	    ',', NELEM(cols), cols);
	for (i = 0; i < nall && (o->limit == 0 || (long)i < o->limit); i++) {
		writer_string(w, all[i].kind ? "asset" : "prediction",
		    all[i].kind ? 5 : 10);
		write_name(w, l, all[i].id);
		writer_number(w, all[i].flags);
		writer_number(w, all[i].techs);
		write_time(w, all[i].last);
		write_name(w, l, all[i].asset);
		write_name(w, l, all[i].model);
		writer_end(w);
	}
	if (close_out(out, w, e) == -1)
		goto fail;
	for (k = 0; k < 2; k++) {
		free(it[k]);
		free(p[k]);
		free(techs[k]);
	}
	free(all);
	return 0;
fail:
	for (k = 0; k < 2; k++) {
		free(it[k]);
		free(p[k]);
		free(techs[k]);
	}
	free(all);
	return -1;
}

/* Review. */

struct cand {
	char *id, *asset, *model;
	double score, margin;
	size_t row;
};

static int
by_margin(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->margin != y->margin)
		return x->margin < y->margin ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static char *
field_dup(const struct field *f)
{
	return f == NULL ? NULL : xstrndup(f->s, f->len);
}

static void
write_opt(struct writer *w, const char *s)
{
	if (s == NULL)
		writer_null(w);
	else
		writer_string(w, s, strlen(s));
}

int
fb_review(const struct fb_log *l, const struct fb_report_opts *o,
    struct mlo_error *e)
{
	static const char *const cols[] = { "prediction_id", "asset",
	    "model_version", "score", "margin" };
	unsigned char *judged = xcalloc(l->nnames, 1);
	struct cand *cs = NULL;
	size_t n = 0, cap = 0, nnames = 0, i;
	char **names = NULL;
	struct fb_pred_cols c;
	struct output *out;
	struct writer *w;
	struct reader *r;
	struct record *rec;
	int got, ret = -1;

	for (i = 0; i < l->n; i++)
		judged[l->v[i].pred] = 1;
	if ((r = open_predictions(o, &c, &names, &nnames, e)) == NULL)
		goto done;
	if (c.score < 0 && reader_format(r) == REC_CSV) {
		error_set(e, "%s: no score column: --review ranks by score",
		    reader_name(r));
		reader_close(r);
		goto done;
	}
	while ((got = reader_next(r, &rec, e)) == 1) {
		const struct field *id = fb_pred_field(rec, c.id, 3);
		double x;
		long k;

		if (rec->shape_error != NULL || id == NULL)
			continue;
		if (c.score < 0 || (size_t)c.score >= rec->nfields ||
		    number_of(&rec->fields[c.score], &x) == -1)
			continue;
		if ((k = fb_name_find(l, id->s, id->len)) > 0 && judged[k])
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			cs = xreallocarray(cs, cap, sizeof *cs);
		}
		cs[n].id = field_dup(id);
		cs[n].asset = field_dup(fb_pred_field(rec, c.asset, 2));
		cs[n].model = field_dup(fb_pred_field(rec, &c.model, 1));
		cs[n].score = x;
		cs[n].margin = fabs(x - o->threshold);
		cs[n].row = n;
		n++;
	}
	reader_close(r);
	if (got == -1)
		goto done;
	qsort(cs, n, sizeof *cs, by_margin);
	if ((out = open_out(o, e)) == NULL)
		goto done;
	w = writer_new(out, o->format == REC_NDJSON ? REC_NDJSON : REC_CSV,
	    ',', NELEM(cols), cols);
	for (i = 0; i < n && (o->limit == 0 || (long)i < o->limit); i++) {
		write_opt(w, cs[i].id);
		write_opt(w, cs[i].asset);
		write_opt(w, cs[i].model);
		writer_number(w, cs[i].score);
		writer_number(w, cs[i].margin);
		writer_end(w);
	}
	if (close_out(out, w, e) == 0)
		ret = 0;
done:
	for (i = 0; i < n; i++) {
		free(cs[i].id);
		free(cs[i].asset);
		free(cs[i].model);
	}
	free(cs);
	free(judged);
	free_names(names, nnames);
	return ret;
}
