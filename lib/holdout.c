#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "holdout.h"
#include "num.h"
#include "util.h"

/* How many rows of a mismatch a message names. */
#define FEW 3

struct reading {
	struct holdout *h;
	struct reader *r;
	enum metric_task task;
	long c_id, c_label, c_score, c_pred, c_fs;
	long *c_cols;
	size_t cap;
};

static void
grow(struct reading *g)
{
	struct holdout *h = g->h;
	size_t i;

	if (h->n < g->cap)
		return;
	g->cap = g->cap ? g->cap * 2 : 1024;
	h->id = xreallocarray(h->id, g->cap, sizeof *h->id);
	h->line = xreallocarray(h->line, g->cap, sizeof *h->line);
	h->label = xreallocarray(h->label, g->cap, sizeof *h->label);
	if (g->c_score >= 0)
		h->score = xreallocarray(h->score, g->cap, sizeof *h->score);
	if (g->c_pred >= 0)
		h->pred = xreallocarray(h->pred, g->cap, sizeof *h->pred);
	for (i = 0; i < h->ncols; i++)
		h->cols[i].code = xreallocarray(h->cols[i].code, g->cap,
		    sizeof *h->cols[i].code);
}

/* A number from column C of REC: finite, not empty. */
static int
number(const struct reading *g, const struct record *rec, long c,
    const char *what, double *out, struct mlo_error *e)
{
	const struct field *f = (size_t)c < rec->nfields ? &rec->fields[c] :
	    NULL;

	if (f == NULL || f->kind == FIELD_NULL)
		return error_at(e, g->h->name, rec->line, 0, "%s is empty",
		    what);
	if (f->kind == FIELD_NUMBER)
		*out = f->num;
	else if (f->kind != FIELD_TEXT || num_parse(f->s, f->len, out) == -1)
		return error_at(e, g->h->name, rec->line, 0, "%s '%.40s' is "
		    "not a number", what, f->s);
	if (!isfinite(*out))
		return error_at(e, g->h->name, rec->line, 0, "%s '%.40s' is "
		    "not a finite number", what, f->s);
	return 0;
}

static int
zero_one(const struct reading *g, const struct record *rec, long c,
    const char *what, double *out, struct mlo_error *e)
{
	if (number(g, rec, c, what, out, e) == -1)
		return -1;
	if (*out != 0 && *out != 1)
		return error_at(e, g->h->name, rec->line, 0, "%s '%s' is not "
		    "0 or 1", what, rec->fields[c].s);
	return 0;
}

static int
keep_row(struct reading *g, const struct record *rec, struct mlo_error *e)
{
	struct holdout *h = g->h;
	const struct field *f;
	size_t i;
	int64_t had;

	if (rec->shape_error != NULL)
		return error_at(e, h->name, rec->line, 0, "%s",
		    rec->shape_error);
	if (h->n >= HOLDOUT_MAX_ROWS)
		return error_set(e, "%s: more than %d rows", h->name,
		    HOLDOUT_MAX_ROWS);
	grow(g);
	f = (size_t)g->c_id < rec->nfields ? &rec->fields[g->c_id] : NULL;
	if (f == NULL || f->kind == FIELD_NULL)
		return error_at(e, h->name, rec->line, 0, "the id is empty");
	if ((had = strmap_get(&h->ids, f->s, f->len)) >= 0)
		return error_at(e, h->name, rec->line, 0, "duplicate id "
		    "'%.60s', first on line %ld", f->s, h->line[had]);
	strmap_put(&h->ids, f->s, f->len, (int64_t)h->n);
	h->id[h->n] = strmap_key(&h->ids, f->s, f->len);
	h->line[h->n] = rec->line;
	if (g->task == TASK_CLASSIFICATION) {
		if (zero_one(g, rec, g->c_label, "label", &h->label[h->n],
		    e) == -1)
			return -1;
		if (g->c_pred >= 0 && zero_one(g, rec, g->c_pred,
		    "prediction", &h->pred[h->n], e) == -1)
			return -1;
	} else {
		if (number(g, rec, g->c_label, "label", &h->label[h->n],
		    e) == -1)
			return -1;
		if (g->c_pred >= 0 && number(g, rec, g->c_pred,
		    "prediction", &h->pred[h->n], e) == -1)
			return -1;
	}
	if (g->c_score >= 0 && number(g, rec, g->c_score, "score",
	    &h->score[h->n], e) == -1)
		return -1;
	for (i = 0; i < h->ncols; i++) {
		struct holdout_col *col = &h->cols[i];
		const char *s = "";
		size_t len = 0;
		int64_t code;

		if ((size_t)g->c_cols[i] < rec->nfields) {
			s = rec->fields[g->c_cols[i]].s;
			len = rec->fields[g->c_cols[i]].len;
		}
		if ((code = strmap_get(&col->values, s, len)) < 0) {
			code = (int64_t)col->nvalues++;
			strmap_put(&col->values, s, len, code);
			col->text = xreallocarray(col->text, col->nvalues,
			    sizeof *col->text);
			col->text[code] = strmap_key(&col->values, s, len);
		}
		col->code[h->n] = (uint32_t)code;
	}
	if (g->c_fs >= 0 && (size_t)g->c_fs < rec->nfields &&
	    rec->fields[g->c_fs].kind != FIELD_NULL) {
		f = &rec->fields[g->c_fs];
		if (h->feature_set == NULL)
			h->feature_set = xstrndup(f->s, f->len);
		else if (strlen(h->feature_set) != f->len ||
		    memcmp(h->feature_set, f->s, f->len) != 0)
			return error_at(e, h->name, rec->line, 0, "feature_set "
			    "'%.60s' differs from '%.60s' of the rows before",
			    f->s, h->feature_set);
	}
	h->n++;
	return 0;
}

/* Find the columns, once the header (CSV) or first record (NDJSON) is in. */
static int
bind(struct reading *g, const char *const *cols, size_t ncols,
    struct mlo_error *e)
{
	struct holdout *h = g->h;
	size_t i;

	if ((g->c_id = reader_find(g->r, "id")) < 0 &&
	    (g->c_id = reader_find(g->r, "row_id")) < 0)
		return error_set(e, "%s: no column 'id' (or 'row_id'): a "
		    "holdout needs id, label, and score or prediction",
		    h->name);
	if ((g->c_label = reader_find(g->r, "label")) < 0)
		return error_set(e, "%s: no column 'label': a holdout needs "
		    "id, label, and score or prediction", h->name);
	g->c_score = reader_find(g->r, "score");
	g->c_pred = reader_find(g->r, "prediction");
	if (g->c_score < 0 && g->c_pred < 0)
		return error_set(e, "%s: no column 'score' or 'prediction'",
		    h->name);
	if (g->task == TASK_REGRESSION && g->c_pred < 0) {
		/* For remaining useful life the score is the prediction. */
		g->c_pred = g->c_score;
		g->c_score = -1;
	}
	g->c_fs = reader_find(g->r, "feature_set");
	g->c_cols = xcalloc(ncols + 1, sizeof *g->c_cols);
	h->cols = xcalloc(ncols + 1, sizeof *h->cols);
	h->ncols = ncols;
	for (i = 0; i < ncols; i++) {
		if ((g->c_cols[i] = reader_find(g->r, cols[i])) < 0)
			return error_set(e, "%s: no column '%s'", h->name,
			    cols[i]);
		h->cols[i].name = xstrdup(cols[i]);
	}
	return 0;
}

int
holdout_read(struct holdout *h, const char *path,
    const struct reader_opts *ro, enum metric_task task,
    const char *const *cols, size_t ncols, struct mlo_error *e)
{
	struct reading g = {0};
	struct input *in;
	struct record *rec;
	int r, status = -1;

	memset(h, 0, sizeof *h);
	h->name = xstrdup(display_name(path));
	g.h = h;
	g.task = task;
	if ((in = input_open(path, e)) == NULL)
		return -1;
	if ((g.r = reader_open(in, ro, e)) == NULL)
		return -1;
	h->format = reader_format(g.r);
	if ((r = reader_next(g.r, &rec, e)) == -1)
		goto out;
	if (r == 0) {
		error_set(e, "%s: no rows", h->name);
		goto out;
	}
	if (bind(&g, cols, ncols, e) == -1)
		goto out;
	do {
		if (keep_row(&g, rec, e) == -1)
			goto out;
	} while ((r = reader_next(g.r, &rec, e)) == 1);
	if (r == 0)
		status = 0;
out:
	free(g.c_cols);
	reader_close(g.r);
	return status;
}

int
holdout_join(const struct holdout *c, struct holdout *p, struct mlo_error *e)
{
	size_t i, only_c = 0, only_p = 0, bad = 0;
	int64_t j;
	struct buf few = {0};
	uint32_t *at = xreallocarray(NULL, c->n + 1, sizeof *at);
	double *v;

	for (i = 0; i < c->n; i++)
		if ((j = strmap_get(&p->ids, c->id[i], strlen(c->id[i]))) < 0) {
			if (only_c++ < FEW)
				buf_printf(&few, "%s'%.40s'", few.len ? ", " :
				    "", c->id[i]);
		} else
			at[i] = (uint32_t)j;
	if (only_c > 0) {
		error_set(e, "%zu id%s of %s %s not in %s: %s%s", only_c,
		    only_c == 1 ? "" : "s", c->name, only_c == 1 ? "is" :
		    "are", p->name, few.data, only_c > FEW ? ", ..." : "");
		goto fail;
	}
	for (i = 0; i < p->n; i++)
		if (strmap_get(&c->ids, p->id[i], strlen(p->id[i])) < 0 &&
		    only_p++ < FEW)
			buf_printf(&few, "%s'%.40s'", few.len ? ", " : "",
			    p->id[i]);
	if (only_p > 0) {
		error_set(e, "%zu id%s of %s %s not in %s: %s%s", only_p,
		    only_p == 1 ? "" : "s", p->name, only_p == 1 ? "is" :
		    "are", c->name, few.data, only_p > FEW ? ", ..." : "");
		goto fail;
	}
	for (i = 0; i < c->n; i++)
		if (c->label[i] != p->label[at[i]] && bad++ < FEW)
			buf_printf(&few, "%s'%.40s' (%s:%ld, %s:%ld)",
			    few.len ? ", " : "", c->id[i], c->name, c->line[i],
			    p->name, p->line[at[i]]);
	if (bad > 0) {
		error_set(e, "%zu label%s differ%s between %s and %s: %s%s",
		    bad, bad == 1 ? "" : "s", bad == 1 ? "s" : "", c->name,
		    p->name, few.data, bad > FEW ? ", ..." : "");
		goto fail;
	}
	/* Reorder P's per-row arrays; its id map keeps the old rows. */
	v = xreallocarray(NULL, c->n + 1, sizeof *v);
#define PERMUTE(a) do { \
	for (i = 0; i < c->n; i++) v[i] = (a)[at[i]]; \
	memcpy((a), v, c->n * sizeof *v); } while (0)
	PERMUTE(p->label);
	if (p->score != NULL)
		PERMUTE(p->score);
	if (p->pred != NULL)
		PERMUTE(p->pred);
#undef PERMUTE
	{
		long *ln = xreallocarray(NULL, c->n + 1, sizeof *ln);

		for (i = 0; i < c->n; i++)
			ln[i] = p->line[at[i]];
		free(p->line);
		p->line = ln;
	}
	for (i = 0; i < c->n; i++)
		p->id[i] = c->id[i];
	free(v);
	free(at);
	buf_free(&few);
	return 0;
fail:
	free(at);
	buf_free(&few);
	return -1;
}

const struct holdout_col *
holdout_col(const struct holdout *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->ncols; i++)
		if (strcmp(h->cols[i].name, name) == 0)
			return &h->cols[i];
	return NULL;
}

int
holdout_check_probabilities(const struct holdout *h, struct mlo_error *e)
{
	size_t i;

	if (h->score == NULL)
		return 0;
	for (i = 0; i < h->n; i++)
		if (!(h->score[i] >= 0 && h->score[i] <= 1)) {
			char num[NUM_BUFSZ];

			num_format(h->score[i], num);
			return error_at(e, h->name, h->line[i], 0, "score %s "
			    "is not a probability in [0, 1] (brier and "
			    "log_loss need one)", num);
		}
	return 0;
}

void
holdout_free(struct holdout *h)
{
	size_t i;

	for (i = 0; i < h->ncols; i++) {
		free(h->cols[i].name);
		free(h->cols[i].code);
		free(h->cols[i].text);
		strmap_free(&h->cols[i].values);
	}
	free(h->cols);
	strmap_free(&h->ids);
	free(h->id);
	free(h->line);
	free(h->label);
	free(h->score);
	free(h->pred);
	free(h->feature_set);
	free(h->name);
	memset(h, 0, sizeof *h);
}
