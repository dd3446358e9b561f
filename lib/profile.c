#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "profile.h"
#include "timeparse.h"

static void add_role(struct profile *, const char *, size_t,
    enum pcol_role);

static const char *const type_names[] = { "none", "number", "category",
    "time" };
static const char *const role_names[] = { "feature", "prediction",
    "latency", "ignore", "score", "label" };

const char *
pcol_type_name(enum pcol_type t)
{
	return type_names[t];
}

const char *
pcol_role_name(enum pcol_role r)
{
	return role_names[r];
}

int
pcol_role_parse(const char *s, enum pcol_role *r)
{
	size_t i;

	for (i = 0; i < NELEM(role_names); i++)
		if (strcmp(s, role_names[i]) == 0) {
			*r = (enum pcol_role)i;
			return 0;
		}
	return -1;
}

void
cats_init(struct cats *c, size_t cap)
{
	memset(c, 0, sizeof *c);
	c->cap = cap;
}

void
cats_free(struct cats *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->keys[i]);
	free(c->keys);
	free(c->lens);
	free(c->counts);
	strmap_free(&c->map);
	memset(c, 0, sizeof *c);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Misra-Gries with median decrements: drop the median, keep the rest. */
static void
cats_purge(struct cats *c)
{
	uint64_t *sorted = xreallocarray(NULL, c->n, sizeof *sorted), dec;
	size_t i, k = 0;

	memcpy(sorted, c->counts, c->n * sizeof *sorted);
	qsort(sorted, c->n, sizeof *sorted, cmp_u64);
	dec = sorted[(c->n - 1) / 2];
	if (dec == 0)
		dec = 1;
	free(sorted);
	c->error += dec;
	strmap_free(&c->map);
	memset(&c->map, 0, sizeof c->map);
	for (i = 0; i < c->n; i++) {
		if (c->counts[i] <= dec) {
			free(c->keys[i]);
			continue;
		}
		c->keys[k] = c->keys[i];
		c->lens[k] = c->lens[i];
		c->counts[k] = c->counts[i] - dec;
		strmap_put(&c->map, c->keys[k], c->lens[k], (int64_t)k);
		k++;
	}
	c->n = k;
}

void
cats_add(struct cats *c, const char *key, size_t len, uint64_t n)
{
	int64_t i = strmap_get(&c->map, key, len);

	c->total += n;
	if (i >= 0) {
		c->counts[i] += n;
		return;
	}
	if (c->n == c->alloc) {
		c->alloc = c->alloc ? c->alloc * 2 : 16;
		c->keys = xreallocarray(c->keys, c->alloc, sizeof *c->keys);
		c->lens = xreallocarray(c->lens, c->alloc, sizeof *c->lens);
		c->counts = xreallocarray(c->counts, c->alloc,
		    sizeof *c->counts);
	}
	c->keys[c->n] = xstrndup(key, len);
	c->lens[c->n] = len;
	c->counts[c->n] = n;
	strmap_put(&c->map, c->keys[c->n], len, (int64_t)c->n);
	c->n++;
	if (c->cap > 0 && c->n > c->cap)
		cats_purge(c);
}

uint64_t
cats_get(const struct cats *c, const char *key, size_t len)
{
	int64_t i = strmap_get(&c->map, key, len);

	return i >= 0 ? c->counts[i] : 0;
}

uint64_t
cats_other(const struct cats *c)
{
	uint64_t s = 0;
	size_t i;

	for (i = 0; i < c->n; i++)
		s += c->counts[i];
	return c->total - s;
}

static const struct cats *order_cats;

static int
cmp_order(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	const struct cats *c = order_cats;
	size_t n = c->lens[a] < c->lens[b] ? c->lens[a] : c->lens[b];
	int r;

	if (c->counts[a] != c->counts[b])
		return c->counts[a] > c->counts[b] ? -1 : 1;
	if ((r = memcmp(c->keys[a], c->keys[b], n)) != 0)
		return r;
	return c->lens[a] < c->lens[b] ? -1 : c->lens[a] > c->lens[b];
}

size_t *
cats_order(const struct cats *c)
{
	size_t *ix = xreallocarray(NULL, c->n ? c->n : 1, sizeof *ix), i;

	for (i = 0; i < c->n; i++)
		ix[i] = i;
	order_cats = c;
	qsort(ix, c->n, sizeof *ix, cmp_order);
	return ix;
}

void
cats_merge(struct cats *a, const struct cats *b)
{
	size_t *ix = cats_order(b), i;
	uint64_t other = cats_other(b);

	/* In B's stable order, so that merges are the same everywhere. */
	for (i = 0; i < b->n; i++)
		cats_add(a, b->keys[ix[i]], b->lens[ix[i]], b->counts[ix[i]]);
	free(ix);
	a->total += other;
	a->error += b->error;
}

struct profile *
profile_new(const struct profile_opts *o)
{
	struct profile *p = xcalloc(1, sizeof *p);

	p->k = o->k ? o->k : KLL_DEFAULT_K;
	p->seed = KLL_DEFAULT_SEED;
	p->category_cap = o->category_cap ? o->category_cap :
	    PROFILE_CATEGORY_CAP;
	p->exact = o->exact;
	p->max_sample = o->max_sample ? o->max_sample : PROFILE_MAX_SAMPLE;
	p->threshold = o->threshold > 0 ? o->threshold :
	    CALIB_DEFAULT_THRESHOLD;
	p->cal_bins = o->cal_bins ? o->cal_bins : CALIB_DEFAULT_BINS;
	p->fs_col = -1;
	p->score_col = p->label_col = p->regime_in = -1;
	if (o->regime != NULL) {
		p->regime_col = xstrdup(o->regime);
		p->nedges = o->nedges;
		p->regime_edges = xreallocarray(NULL, o->nedges + 1,
		    sizeof *p->regime_edges);
		if (o->nedges)
			memcpy(p->regime_edges, o->edges,
			    o->nedges * sizeof *o->edges);
		/* the regime is what is compared by, not compared: a --role
		 * given for it comes later and wins */
		add_role(p, o->regime, strlen(o->regime), ROLE_IGNORE);
	}
	return p;
}

static void
pcol_free(struct pcol *c)
{
	free(c->name);
	kll_free(&c->kll);
	cats_free(&c->cats);
	free(c->sample);
}

void
profile_free(struct profile *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->ncols; i++)
		pcol_free(&p->cols[i]);
	for (i = 0; i < p->nroles; i++)
		free(p->role_names[i]);
	free(p->role_names);
	free(p->roles);
	free(p->cols);
	free(p->bind);
	free(p->feature_set);
	if (p->calib != NULL)
		calib_free(p->calib);
	free(p->calib);
	for (i = 0; i < p->nregimes; i++)
		profile_free(p->regimes[i]);
	free(p->regimes);
	strmap_free(&p->regime_map);
	free(p->regime_col);
	free(p->regime_name);
	free(p->regime_edges);
	free(p);
}

struct pcol *
profile_find(const struct profile *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->ncols; i++)
		if (strcmp(p->cols[i].name, name) == 0)
			return &p->cols[i];
	return NULL;
}

int
profile_regime_edges(const char *arg, double **edges, size_t *n,
    struct mlo_error *e)
{
	const char *q = arg;
	double *v = NULL;
	size_t k = 0;

	for (;;) {
		const char *comma = strchr(q, ',');
		size_t len = comma ? (size_t)(comma - q) : strlen(q);
		double x;

		v = xreallocarray(v, k + 1, sizeof *v);
		if (num_parse(q, len, &x) == -1 || !isfinite(x) ||
		    (k > 0 && !(x > v[k - 1]))) {
			free(v);
			return error_set(e, "--regime-bins '%s' is not a list of "
			    "ascending numbers", arg);
		}
		v[k++] = x;
		if (comma == NULL)
			break;
		q = comma + 1;
	}
	*edges = v;
	*n = k;
	return 0;
}

int
profile_regime_of(const struct profile *p, const struct field *f,
    char *buf, const char **name, size_t *len)
{
	char a[NUM_BUFSZ], b[NUM_BUFSZ];
	double x;
	size_t i;

	if (f->kind == FIELD_NULL)
		return -1;
	if (p->nedges == 0) {
		*name = f->s;
		*len = f->len;
		return 0;
	}
	if (f->kind == FIELD_NUMBER)
		x = f->num;
	else if (num_parse(f->s, f->len, &x) == -1)
		return -1;
	if (x != x)
		return -1;
	for (i = 0; i < p->nedges && x >= p->regime_edges[i]; i++)
		;
	if (i == 0) {
		num_format(p->regime_edges[0], a);
		snprintf(buf, REGIME_BUFSZ, "<%s", a);
	} else if (i == p->nedges) {
		num_format(p->regime_edges[i - 1], a);
		snprintf(buf, REGIME_BUFSZ, ">=%s", a);
	} else {
		num_format(p->regime_edges[i - 1], a);
		num_format(p->regime_edges[i], b);
		snprintf(buf, REGIME_BUFSZ, "[%s,%s)", a, b);
	}
	*name = buf;
	*len = strlen(buf);
	return 0;
}

const struct profile *
profile_regime(const struct profile *p, const char *name, size_t len)
{
	int64_t i = strmap_get(&p->regime_map, name, len);

	return i >= 0 ? p->regimes[i] : NULL;
}

struct profile *
profile_add_regime(struct profile *p, const char *name)
{
	struct profile_opts o = {0};
	struct profile *r;
	size_t i;

	o.k = p->k;
	o.category_cap = p->category_cap;
	o.exact = p->exact;
	o.max_sample = p->max_sample;
	r = profile_new(&o);
	r->seed = p->seed;
	r->feature_set = p->feature_set ? xstrdup(p->feature_set) : NULL;
	r->regime_name = xstrdup(name);
	for (i = 0; i < p->nroles; i++)
		add_role(r, p->role_names[i], strlen(p->role_names[i]),
		    p->roles[i]);
	p->regimes = xreallocarray(p->regimes, p->nregimes + 1,
	    sizeof *p->regimes);
	p->regimes[p->nregimes] = r;
	strmap_put(&p->regime_map, name, strlen(name), (int64_t)p->nregimes);
	p->nregimes++;
	return r;
}

struct pcol *
profile_role_column(const struct profile *p, enum pcol_role r)
{
	size_t i;

	for (i = 0; i < p->ncols; i++)
		if (p->cols[i].role == r)
			return &p->cols[i];
	return NULL;
}

struct pcol *
profile_column(struct profile *p, const char *name)
{
	struct pcol *c = profile_find(p, name);
	size_t i;

	if (c != NULL)
		return c;
	p->cols = xreallocarray(p->cols, p->ncols + 1, sizeof *p->cols);
	c = &p->cols[p->ncols++];
	memset(c, 0, sizeof *c);
	c->name = xstrdup(name);
	c->min = INFINITY;
	c->max = -INFINITY;
	kll_init(&c->kll, p->k, p->seed);
	cats_init(&c->cats, p->category_cap);
	for (i = 0; i < p->nroles; i++)
		if (strcmp(p->role_names[i], name) == 0)
			c->role = p->roles[i];
	if (c->role == ROLE_PREDICTION)
		c->type = PT_CATEGORY;
	return c;
}

static void
add_role(struct profile *p, const char *name, size_t len, enum pcol_role r)
{
	p->role_names = xreallocarray(p->role_names, p->nroles + 1,
	    sizeof *p->role_names);
	p->roles = xreallocarray(p->roles, p->nroles + 1, sizeof *p->roles);
	p->role_names[p->nroles] = xstrndup(name, len);
	p->roles[p->nroles++] = r;
}

int
profile_role(struct profile *p, const char *arg, struct mlo_error *e)
{
	const char *eq = strrchr(arg, '=');
	enum pcol_role r;

	size_t i;

	if (eq == NULL || eq == arg || pcol_role_parse(eq + 1, &r) == -1)
		return error_set(e, "--role '%s' is not COLUMN=ROLE with ROLE "
		    "feature, prediction, latency, score, label or ignore", arg);
	for (i = 0; i < p->nroles; i++)
		if ((r == ROLE_SCORE || r == ROLE_LABEL) && p->roles[i] == r)
			return error_set(e, "--role '%s': one column may have "
			    "role %s, '%s' has it", arg, eq + 1,
			    p->role_names[i]);
	add_role(p, arg, (size_t)(eq - arg), r);
	return 0;
}

/* Bind the reader's columns (NDJSON may add some as it goes). */
static void
bind_columns(struct profile *p, struct reader *r)
{
	size_t n = reader_ncolumns(r), i;

	if (n <= p->nbind)
		return;
	p->bind = xreallocarray(p->bind, n, sizeof *p->bind);
	for (i = p->nbind; i < n; i++) {
		const char *name = reader_column(r, i);

		if (strcmp(name, PROFILE_FEATURE_SET) == 0) {
			p->fs_col = (long)i;
			p->bind[i] = -1;
			continue;
		}
		p->bind[i] = profile_column(p, name) - p->cols;
		if (p->regime_col != NULL && strcmp(name, p->regime_col) == 0)
			p->regime_in = (long)i;
		if (p->cols[p->bind[i]].role == ROLE_SCORE)
			p->score_col = (long)i;
		else if (p->cols[p->bind[i]].role == ROLE_LABEL)
			p->label_col = (long)i;
	}
	p->nbind = n;
}

static int
note_feature_set(struct profile *p, const struct field *f, const char *where,
    struct mlo_error *e)
{
	if (f->kind == FIELD_NULL)
		return 0;
	if (p->feature_set == NULL) {
		p->feature_set = xstrndup(f->s, f->len);
		return 0;
	}
	if (strlen(p->feature_set) == f->len &&
	    memcmp(p->feature_set, f->s, f->len) == 0)
		return 0;
	return error_set(e, "%s: feature_set '%.*s' after '%s': the data "
	    "mixes feature definitions; profile each apart", where,
	    (int)(f->len > 80 ? 80 : f->len), f->s, p->feature_set);
}

static enum pcol_type
guess_type(const struct field *f)
{
	double x;
	enum time_kind k;

	if (f->kind == FIELD_NUMBER)
		return PT_NUMBER;
	if (f->kind == FIELD_BOOL)
		return PT_CATEGORY;
	if (num_parse(f->s, f->len, &x) == 0)
		return PT_NUMBER;
	if (time_guess(f->s, f->len, &k) == 0 && k == TIME_RFC3339)
		return PT_TIME;
	return PT_CATEGORY;
}

static int
add_number(struct profile *p, struct pcol *c, const struct field *f,
    const char *where, struct mlo_error *e)
{
	double x;

	if (f->kind == FIELD_NUMBER)
		x = f->num;
	else if (num_parse(f->s, f->len, &x) == -1) {
		c->invalid++;
		return 0;
	}
	if (x != x) {
		c->nans++;
		return 0;
	}
	if (isinf(x)) {
		c->infs++;
		return 0;
	}
	moments_add(&c->mom, x);
	if (x < c->min)
		c->min = x;
	if (x > c->max)
		c->max = x;
	kll_add(&c->kll, x);
	if (p->exact) {
		if (c->nsample == p->max_sample)
			return error_set(e, "%s: column '%s' has more than %zu "
			    "values, all that --exact keeps (--max-sample)",
			    where, c->name, p->max_sample);
		if (c->nsample == c->asample) {
			c->asample = c->asample ? c->asample * 2 : 1024;
			c->sample = xreallocarray(c->sample, c->asample,
			    sizeof *c->sample);
		}
		c->sample[c->nsample++] = x;
	}
	return 0;
}

/* A field's number for the calibration, or NaN (null, text, not finite). */
static double
field_number(const struct field *f)
{
	double x;

	if (f->kind == FIELD_NUMBER)
		return isfinite(f->num) ? f->num : NAN;
	if (f->kind == FIELD_BOOL)
		return f->len == 4 ? 1 : 0;
	if (f->kind == FIELD_NULL || num_parse(f->s, f->len, &x) == -1 ||
	    !isfinite(x))
		return NAN;
	return x;
}

/* The row's score and label into the calibration, when both are there. */
static void
calibrate(struct profile *p, const struct record *rec)
{
	double s, y;

	if (p->score_col < 0 || p->label_col < 0 ||
	    (size_t)p->score_col >= rec->nfields ||
	    (size_t)p->label_col >= rec->nfields)
		return;
	s = field_number(&rec->fields[p->score_col]);
	y = field_number(&rec->fields[p->label_col]);
	if (isnan(s) || isnan(y))
		return;
	if (p->calib == NULL) {
		p->calib = xcalloc(1, sizeof *p->calib);
		calib_init(p->calib, p->threshold, p->cal_bins);
	}
	calib_add(p->calib, s, y);
}

static int
add_row(struct profile *p, const struct record *rec, const char *rname,
    struct mlo_error *e)
{
	size_t i;
	char where[256];

	where[0] = '\0';
	p->rows++;
	calibrate(p, rec);
	for (i = 0; i < rec->nfields && i < p->nbind; i++) {
		const struct field *f = &rec->fields[i];
		struct pcol *c;

		if ((long)i == p->fs_col) {
			snprintf(where, sizeof where, "%s:%ld", rname,
			    rec->line);
			if (note_feature_set(p, f, where, e) == -1)
				return -1;
			continue;
		}
		if (f->kind == FIELD_NULL)
			continue;
		c = &p->cols[p->bind[i]];
		c->count++;
		if (c->type == PT_NONE)
			c->type = guess_type(f);
		switch (c->type) {
		case PT_NUMBER:
			if (add_number(p, c, f, rname, e) == -1)
				return -1;
			break;
		case PT_CATEGORY:
			cats_add(&c->cats, f->s, f->len, 1);
			break;
		default:
			break;
		}
	}
	return 0;
}

/* The row into the profile of its regime, made on first sight. */
static int
add_regime_row(struct profile *p, struct reader *r, const struct record *rec,
    struct mlo_error *e)
{
	char buf[REGIME_BUFSZ], *nm;
	const char *name;
	size_t len;
	struct profile *sub;
	int64_t ix;

	if (p->regime_col == NULL)
		return 0;
	if (p->regime_in < 0 || (size_t)p->regime_in >= rec->nfields ||
	    profile_regime_of(p, &rec->fields[p->regime_in], buf, &name,
	    &len) == -1) {
		p->regime_nulls++;
		return 0;
	}
	if ((ix = strmap_get(&p->regime_map, name, len)) >= 0)
		sub = p->regimes[ix];
	else {
		if (p->nregimes == PROFILE_MAX_REGIMES)
			return error_set(e, "%s:%ld: more than %d regimes in "
			    "'%s' (--regime-bins makes bands of a number)",
			    reader_name(r), rec->line, PROFILE_MAX_REGIMES,
			    p->regime_col);
		nm = xstrndup(name, len);
		sub = profile_add_regime(p, nm);
		free(nm);
	}
	bind_columns(sub, r);
	return add_row(sub, rec, reader_name(r), e);
}

int
profile_read_input(struct profile *p, const char *path,
    const struct reader_opts *ro, struct mlo_error *e)
{
	struct input *in;
	struct reader *r;
	struct record *rec;
	int got;

	if ((in = input_open(path, e)) == NULL)
		return -1;
	if ((r = reader_open(in, ro, e)) == NULL)
		return -1;
	free(p->bind);
	p->bind = NULL;
	p->nbind = 0;
	p->fs_col = -1;
	p->score_col = p->label_col = p->regime_in = -1;
	for (size_t i = 0; i < p->nregimes; i++) {
		free(p->regimes[i]->bind);
		p->regimes[i]->bind = NULL;
		p->regimes[i]->nbind = 0;
		p->regimes[i]->fs_col = -1;
	}
	bind_columns(p, r);
	if (p->regime_col != NULL && p->regime_in < 0 &&
	    reader_format(r) == REC_CSV) {
		reader_close(r);
		return error_set(e, "%s: no regime column '%s'", path ? path :
		    "<stdin>", p->regime_col);
	}
	while ((got = reader_next(r, &rec, e)) == 1) {
		if (rec->shape_error != NULL) {
			error_set(e, "%s:%ld: %s", reader_name(r), rec->line,
			    rec->shape_error);
			got = -1;
			break;
		}
		bind_columns(p, r);
		if (add_row(p, rec, reader_name(r), e) == -1 ||
		    add_regime_row(p, r, rec, e) == -1) {
			got = -1;
			break;
		}
	}
	reader_close(r);
	return got == 0 ? 0 : -1;
}

int
profile_finish(struct profile *p, struct mlo_error *e)
{
	size_t i;

	for (i = 0; i < p->ncols; i++)
		p->cols[i].nulls = p->rows - p->cols[i].count;
	for (i = 0; i < p->nregimes; i++) {
		struct profile *r = p->regimes[i];
		size_t j;

		for (j = 0; j < r->ncols; j++)
			r->cols[j].nulls = r->rows - r->cols[j].count;
	}
	for (i = 0; i < p->nroles; i++)
		if (profile_find(p, p->role_names[i]) == NULL)
			return error_set(e, "--role names column '%s', which "
			    "the data does not have", p->role_names[i]);
	return 0;
}

static int
merge_column(struct profile *a, struct pcol *ca, const struct pcol *cb,
    const char *bname, struct mlo_error *e)
{
	if (ca->type != PT_NONE && cb->type != PT_NONE &&
	    ca->type != cb->type)
		return error_set(e, "%s: column '%s' is a %s here and a %s "
		    "before", bname, cb->name, pcol_type_name(cb->type),
		    pcol_type_name(ca->type));
	if (ca->role != cb->role)
		return error_set(e, "%s: column '%s' has role %s here and %s "
		    "before", bname, cb->name, pcol_role_name(cb->role),
		    pcol_role_name(ca->role));
	if (ca->type == PT_NONE)
		ca->type = cb->type;
	ca->count += cb->count;
	ca->nulls += cb->nulls;
	ca->nans += cb->nans;
	ca->infs += cb->infs;
	ca->invalid += cb->invalid;
	moments_merge(&ca->mom, &cb->mom);
	if (cb->min < ca->min)
		ca->min = cb->min;
	if (cb->max > ca->max)
		ca->max = cb->max;
	kll_merge(&ca->kll, &cb->kll);
	cats_merge(&ca->cats, &cb->cats);
	if (a->exact) {
		if (ca->nsample + cb->nsample > a->max_sample)
			return error_set(e, "%s: column '%s' would hold %zu "
			    "values, more than the %zu that --exact keeps",
			    bname, cb->name, ca->nsample + cb->nsample,
			    a->max_sample);
		ca->sample = xreallocarray(ca->sample,
		    ca->nsample + cb->nsample + 1, sizeof *ca->sample);
		memcpy(ca->sample + ca->nsample, cb->sample,
		    cb->nsample * sizeof *cb->sample);
		ca->nsample += cb->nsample;
	}
	return 0;
}

static int
same_regimes(const struct profile *a, const struct profile *b)
{
	if ((a->regime_col == NULL) != (b->regime_col == NULL))
		return 0;
	if (a->regime_col == NULL)
		return 1;
	return strcmp(a->regime_col, b->regime_col) == 0 &&
	    a->nedges == b->nedges && (a->nedges == 0 ||
	    memcmp(a->regime_edges, b->regime_edges,
	    a->nedges * sizeof *a->regime_edges) == 0);
}

int profile_merge(struct profile *, const struct profile *, const char *,
    const char *, struct mlo_error *);

/* Regime by regime, by name: a regime new to A is added empty first. */
static int
merge_regimes(struct profile *a, const struct profile *b, const char *aname,
    const char *bname, struct mlo_error *e)
{
	size_t i;

	a->regime_nulls += b->regime_nulls;
	for (i = 0; i < b->nregimes; i++) {
		const struct profile *rb = b->regimes[i];
		int64_t ix = strmap_get(&a->regime_map, rb->regime_name,
		    strlen(rb->regime_name));
		struct profile *ra;

		if (ix >= 0)
			ra = a->regimes[ix];
		else if (a->nregimes == PROFILE_MAX_REGIMES)
			return error_set(e, "%s: more than %d regimes",
			    bname, PROFILE_MAX_REGIMES);
		else
			ra = profile_add_regime(a, rb->regime_name);
		if (profile_merge(ra, rb, aname, bname, e) == -1)
			return -1;
	}
	return 0;
}

int
profile_merge(struct profile *a, const struct profile *b, const char *aname,
    const char *bname, struct mlo_error *e)
{
	size_t i;
	uint64_t arows = a->rows;

	if (a->k != b->k || a->seed != b->seed)
		return error_set(e, "%s: sketch k %u seed %llu, but %s has k %u "
		    "seed %llu: profiles to merge are made alike", bname, b->k,
		    (unsigned long long)b->seed, aname, a->k,
		    (unsigned long long)a->seed);
	if (a->category_cap != b->category_cap)
		return error_set(e, "%s: category cap %zu, but %s has %zu",
		    bname, b->category_cap, aname, a->category_cap);
	if (a->exact != b->exact)
		return error_set(e, "%s: made %s --exact, but %s %s", bname,
		    b->exact ? "with" : "without", aname,
		    a->exact ? "with" : "without");
	if (b->feature_set != NULL) {
		if (a->feature_set == NULL)
			a->feature_set = xstrdup(b->feature_set);
		else if (strcmp(a->feature_set, b->feature_set) != 0)
			return error_set(e, "%s: feature_set '%s', but %s has "
			    "'%s'", bname, b->feature_set, aname,
			    a->feature_set);
	}
	if (!same_regimes(a, b))
		return error_set(e, "%s: regimes by another column or bands "
		    "than %s's", bname, aname);
	if (b->max_sample > a->max_sample)
		a->max_sample = b->max_sample;
	if (b->calib != NULL && a->calib == NULL) {
		a->calib = xcalloc(1, sizeof *a->calib);
		calib_init(a->calib, b->calib->threshold, b->calib->bins);
	}
	if (b->calib != NULL && calib_merge(a->calib, b->calib, e) == -1) {
		error_prefix(e, "%s", bname);
		return -1;
	}
	for (i = 0; i < b->ncols; i++) {
		const struct pcol *cb = &b->cols[i];
		struct pcol *ca = profile_find(a, cb->name);

		if (ca == NULL) {
			/* New here: every row of A had it null. */
			ca = profile_column(a, cb->name);
			ca->role = cb->role;
			ca->nulls = arows;
		}
		if (merge_column(a, ca, cb, bname, e) == -1)
			return -1;
	}
	for (i = 0; i < a->ncols; i++)
		if (profile_find(b, a->cols[i].name) == NULL)
			a->cols[i].nulls += b->rows;
	a->rows += b->rows;
	return merge_regimes(a, b, aname, bname, e);
}
