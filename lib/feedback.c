#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feedback.h"
#include "io.h"
#include "util.h"
#include "writer.h"

static const char *const verdict_names[] = { "wrong", "right", "unsure" };

/* The keys of a log line, in the order they are written. */
static const char *const log_keys[] = {
	"time", "prediction_id", "asset", "model_version", "verdict",
	"technician", "note", "source"
};
enum { K_TIME, K_PRED, K_ASSET, K_MODEL, K_VERDICT, K_TECH, K_NOTE,
	K_SOURCE, K_COUNT };

const char *
fb_verdict_name(enum fb_verdict v)
{
	return verdict_names[v];
}

int
fb_verdict_parse(const char *s, size_t n, enum fb_verdict *v,
    struct mlo_error *e)
{
	size_t i;

	for (i = 0; i < NELEM(verdict_names); i++)
		if (strlen(verdict_names[i]) == n &&
		    memcmp(verdict_names[i], s, n) == 0) {
			*v = (enum fb_verdict)i;
			return 0;
		}
	if (n <= 32 && utf8_valid(s, n) && memchr(s, '\n', n) == NULL)
		return error_set(e, "verdict '%.*s' is not wrong, right or "
		    "unsure", (int)n, s);
	return error_set(e, "the verdict is not wrong, right or unsure");
}

static int
id_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':' ||
	    c == '@' || c == '-';
}

int
fb_id_check(const char *what, const char *s, size_t n, struct mlo_error *e)
{
	size_t i;

	if (n == 0)
		return error_set(e, "%s is empty", what);
	if (n > FB_ID_MAX)
		return error_set(e, "%s is %zu bytes long, at most %d are "
		    "allowed", what, n, FB_ID_MAX);
	for (i = 0; i < n; i++)
		if (!id_byte((unsigned char)s[i])) {
			unsigned char c = (unsigned char)s[i];

			if (c > ' ' && c < 0x7f)
				return error_set(e, "%s '%.*s' has '%c' at "
				    "byte %zu: ids are letters, digits and "
				    "._:@-", what, (int)n, s, c, i + 1);
			return error_set(e, "%s has byte 0x%02x at byte %zu: "
			    "ids are letters, digits and ._:@-", what, c,
			    i + 1);
		}
	return 0;
}

int
fb_note_check(const char *s, size_t n, struct mlo_error *e)
{
	size_t i, chars = 0;

	if (!utf8_valid(s, n))
		return error_set(e, "the note is not valid UTF-8 text "
		    "(or holds a NUL byte)");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c & 0xc0) != 0x80)
			chars++;
		if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
			continue;
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
			return error_set(e, "the note holds control character "
			    "0x%02x at byte %zu", c, i + 1);
	}
	if (chars > FB_NOTE_MAX)
		return error_set(e, "the note is %zu characters long, at most "
		    "%d are allowed", chars, FB_NOTE_MAX);
	return 0;
}

int
fb_entry_check(const struct fb_entry *en, struct mlo_error *e)
{
	if (fb_id_check("the prediction id", en->prediction_id,
	    en->prediction_len, e) == -1)
		return -1;
	if (en->asset != NULL && fb_id_check("the asset", en->asset,
	    en->asset_len, e) == -1)
		return -1;
	if (en->model_version != NULL && fb_id_check("the model version",
	    en->model_version, en->model_len, e) == -1)
		return -1;
	if (fb_id_check("the technician", en->technician,
	    en->technician_len, e) == -1)
		return -1;
	if (en->note != NULL && fb_note_check(en->note, en->note_len, e) == -1)
		return -1;
	if ((unsigned)en->verdict > FB_UNSURE)
		return error_set(e, "the verdict is not wrong, right or unsure");
	return 0;
}

static void
key(struct buf *b, int k)
{
	buf_adds(b, k == 0 ? "{\"" : ",\"");
	buf_adds(b, log_keys[k]);
	buf_adds(b, "\":");
}

static void
str_or_null(struct buf *b, const char *s, size_t n)
{
	if (s == NULL)
		buf_adds(b, "null");
	else
		json_quote(b, s, n);
}

void
fb_entry_line(const struct fb_entry *en, struct buf *b)
{
	key(b, K_TIME);
	json_quote(b, en->time, strlen(en->time));
	key(b, K_PRED);
	json_quote(b, en->prediction_id, en->prediction_len);
	key(b, K_ASSET);
	str_or_null(b, en->asset, en->asset_len);
	key(b, K_MODEL);
	str_or_null(b, en->model_version, en->model_len);
	key(b, K_VERDICT);
	json_quote(b, verdict_names[en->verdict],
	    strlen(verdict_names[en->verdict]));
	key(b, K_TECH);
	json_quote(b, en->technician, en->technician_len);
	key(b, K_NOTE);
	str_or_null(b, en->note, en->note_len);
	key(b, K_SOURCE);
	json_quote(b, en->source, strlen(en->source));
	buf_adds(b, "}\n");
}

int
fb_append(const char *log, const struct fb_entry *en, struct mlo_error *e)
{
	struct buf line = {0};
	int r;

	if (fb_entry_check(en, e) == -1)
		return -1;
	fb_entry_line(en, &line);
	r = append_record(log, line.data, line.len, e);
	buf_free(&line);
	return r;
}

/* Reading. */

void
fb_log_init(struct fb_log *l)
{
	memset(l, 0, sizeof *l);
	l->capnames = 64;
	l->name = xcalloc(l->capnames, sizeof *l->name);
	l->name[0] = xstrdup("");
	l->nnames = 1;
	strmap_put(&l->names, "", 0, 0);
}

static uint32_t
intern(struct fb_log *l, const char *s, size_t n)
{
	int64_t i = strmap_get(&l->names, s, n);

	if (i >= 0)
		return (uint32_t)i;
	if (l->nnames == l->capnames) {
		l->capnames *= 2;
		l->name = xreallocarray(l->name, l->capnames,
		    sizeof *l->name);
	}
	l->name[l->nnames] = xstrndup(s, n);
	strmap_put(&l->names, s, n, (int64_t)l->nnames);
	return (uint32_t)l->nnames++;
}

long
fb_name_find(const struct fb_log *l, const char *s, size_t n)
{
	return (long)strmap_get(&l->names, s, n);
}

/* An optional id field: null, or a valid id. */
static int
opt_id(const struct field *f, const char *what, struct mlo_error *e)
{
	if (f->kind == FIELD_NULL)
		return 0;
	if (f->kind != FIELD_TEXT)
		return error_set(e, "%s is not a string", what);
	return fb_id_check(what, f->s, f->len, e);
}

/* check_rec: the fields of a whole line are a verdict; -1 with E. */
static int
check_rec(const struct field *f, mlo_time *t, enum fb_verdict *v,
    struct mlo_error *e)
{
	size_t k;

	for (k = 0; k < K_COUNT; k++)
		if (k != K_ASSET && k != K_MODEL && k != K_NOTE &&
		    f[k].kind == FIELD_NULL)
			return error_set(e, "'%s' is missing", log_keys[k]);
	if (f[K_TIME].kind != FIELD_TEXT ||
	    time_parse(f[K_TIME].s, f[K_TIME].len, TIME_RFC3339, t, e) == -1)
		return error_set(e, "'time' is not an RFC 3339 timestamp");
	if (f[K_PRED].kind != FIELD_TEXT)
		return error_set(e, "'prediction_id' is not a string");
	if (fb_id_check("prediction_id", f[K_PRED].s, f[K_PRED].len, e) == -1 ||
	    opt_id(&f[K_ASSET], "asset", e) == -1 ||
	    opt_id(&f[K_MODEL], "model_version", e) == -1)
		return -1;
	if (f[K_TECH].kind != FIELD_TEXT)
		return error_set(e, "'technician' is not a string");
	if (fb_id_check("technician", f[K_TECH].s, f[K_TECH].len, e) == -1)
		return -1;
	if (fb_verdict_parse(f[K_VERDICT].s, f[K_VERDICT].len, v, e) == -1)
		return -1;
	return 0;
}

static void
warnf(void (*warn)(const char *), const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
warnf(void (*warn)(const char *), const char *fmt, ...)
{
	struct mlo_error e;
	va_list ap;

	if (warn == NULL)
		return;
	va_start(ap, fmt);
	verror_at(&e, NULL, 0, 0, fmt, ap);
	va_end(ap);
	warn(e.msg);
}

int
fb_log_read(struct fb_log *l, const char *path,
    void (*warn)(const char *msg), struct mlo_error *e)
{
	struct reader_opts ro = {0};
	struct reader *r;
	struct input *in;
	struct record *rec;
	size_t k;
	long col[K_COUNT];
	int got;

	if ((in = input_open(path, e)) == NULL)
		return -1;
	ro.format = REC_NDJSON;
	if ((r = reader_open(in, &ro, e)) == NULL)
		return -1;
	for (k = 0; k < K_COUNT; k++)
		col[k] = (long)reader_want(r, log_keys[k]);
	while ((got = reader_next(r, &rec, e)) == 1) {
		struct field f[K_COUNT];
		struct mlo_error why;
		struct fb_rec *v;
		enum fb_verdict verdict;
		mlo_time t;

		if (rec->rawlen == 0 || rec->raw[rec->rawlen - 1] != '\n') {
			l->torn++;
			warnf(warn, "%s:%ld: torn last line (no newline): "
			    "skipped", reader_name(r), rec->line);
			continue;
		}
		if (rec->shape_error != NULL) {
			l->torn++;
			warnf(warn, "%s:%ld: not a whole record (%s), a torn "
			    "write: skipped", reader_name(r), rec->line,
			    rec->shape_error);
			continue;
		}
		for (k = 0; k < K_COUNT; k++)
			f[k] = (size_t)col[k] < rec->nfields ?
			    rec->fields[col[k]] :
			    (struct field){ "", 0, FIELD_NULL, 0 };
		if (check_rec(f, &t, &verdict, &why) == -1) {
			l->bad++;
			warnf(warn, "%s:%ld: not a verdict: %s", reader_name(r),
			    rec->line, why.msg);
			continue;
		}
		if (l->n == FB_MAX_VERDICTS) {
			error_set(e, "%s:%ld: more than %d verdicts",
			    reader_name(r), rec->line, FB_MAX_VERDICTS);
			reader_close(r);
			return -1;
		}
		if (l->n == l->cap) {
			l->cap = l->cap ? 2 * l->cap : 1024;
			l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
		}
		v = &l->v[l->n];
		v->time = t;
		v->pred = intern(l, f[K_PRED].s, f[K_PRED].len);
		v->asset = intern(l, f[K_ASSET].s, f[K_ASSET].len);
		v->model = intern(l, f[K_MODEL].s, f[K_MODEL].len);
		v->tech = intern(l, f[K_TECH].s, f[K_TECH].len);
		v->verdict = (unsigned char)verdict;
		v->superseded = 0;
		v->seq = (uint32_t)l->n;
		l->n++;
	}
	reader_close(r);
	return got == -1 ? -1 : 0;
}

static int
by_time(const void *a, const void *b)
{
	const struct fb_rec *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
fb_log_finish(struct fb_log *l)
{
	struct strmap last = {0};
	size_t i;

	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, by_time);
	/* The latest verdict of each technician on each prediction counts. */
	for (i = 0; i < l->n; i++) {
		uint32_t k[2] = { l->v[i].pred, l->v[i].tech };
		int64_t prev = strmap_get(&last, (const char *)k, sizeof k);

		if (prev >= 0)
			l->v[prev].superseded = 1;
		strmap_put(&last, (const char *)k, sizeof k, (int64_t)i);
	}
	strmap_free(&last);
}

void
fb_log_free(struct fb_log *l)
{
	size_t i;

	for (i = 0; i < l->nnames; i++)
		free(l->name[i]);
	free(l->name);
	free(l->v);
	strmap_free(&l->names);
	memset(l, 0, sizeof *l);
}

/* Predictions. */

/* bind: the column of each name, -1 where absent (NDJSON: added). */
static void
bind(struct reader *r, const char *const *names, long *cols)
{
	for (; *names != NULL; names++, cols++)
		*cols = reader_format(r) == REC_NDJSON ?
		    (long)reader_want(r, *names) : reader_find(r, *names);
}

int
fb_pred_bind(struct reader *r, struct fb_pred_cols *c, struct mlo_error *e)
{
	static const char *const id[] = { "prediction_id", "id", "row_id",
	    NULL };
	static const char *const asset[] = { "asset", "asset_id", NULL };
	static const char *const model[] = { "model_version", NULL };
	static const char *const score[] = { "score", NULL };
	static const char *const pred[] = { "prediction", NULL };

	bind(r, id, c->id);
	bind(r, asset, c->asset);
	bind(r, model, &c->model);
	bind(r, score, &c->score);
	bind(r, pred, &c->prediction);
	if (c->id[0] < 0 && c->id[1] < 0 && c->id[2] < 0)
		return error_set(e, "%s: no id column (prediction_id, id or "
		    "row_id)", reader_name(r));
	return 0;
}

const struct field *
fb_pred_field(const struct record *rec, const long *cols, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (cols[i] >= 0 && (size_t)cols[i] < rec->nfields &&
		    rec->fields[cols[i]].kind != FIELD_NULL)
			return &rec->fields[cols[i]];
	return NULL;
}

int
fb_prediction_find(const char *path, const char *id, char ***kv, size_t *n,
    struct mlo_error *e)
{
	struct reader_opts ro = {0};
	struct fb_pred_cols c;
	struct record *rec;
	struct reader *r;
	struct input *in;
	size_t idlen = strlen(id);
	int got;

	*kv = NULL;
	*n = 0;
	if ((in = input_open(path, e)) == NULL)
		return -1;
	if ((r = reader_open(in, &ro, e)) == NULL)
		return -1;
	if (fb_pred_bind(r, &c, e) == -1) {
		reader_close(r);
		return -1;
	}
	while ((got = reader_next(r, &rec, e)) == 1) {
		const struct field *f;
		size_t i, m = 0;

		if (rec->shape_error != NULL ||
		    (f = fb_pred_field(rec, c.id, 3)) == NULL)
			continue;
		if (f->len != idlen || memcmp(f->s, id, idlen) != 0)
			continue;
		*kv = xcalloc(2 * rec->nfields + 2, sizeof **kv);
		for (i = 0; i < rec->nfields; i++) {
			if (rec->fields[i].kind == FIELD_NULL)
				continue;
			(*kv)[2 * m] = xstrdup(reader_column(r, i));
			(*kv)[2 * m + 1] = xstrndup(rec->fields[i].s,
			    rec->fields[i].len);
			m++;
		}
		*n = m;
		reader_close(r);
		return 1;
	}
	reader_close(r);
	return got == -1 ? -1 : 0;
}

void
fb_kv_free(char **kv, size_t n)
{
	size_t i;

	for (i = 0; i < 2 * n; i++)
		free(kv[i]);
	free(kv);
}
