/*
 * profjson: profiles as JSON (mlo-profile(5)), written by hand in a stable
 * key order with every number through num_format, read back with cJSON and
 * checked field by field: a profile of another version, or one that was
 * edited into something inconsistent, is refused naming what is wrong.
 */
#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "profile.h"
#include "writer.h"

static void
num(struct buf *b, double v)
{
	char s[NUM_BUFSZ];

	buf_add(b, s, num_format(v, s));
}

static void
key(struct buf *b, const char *k, int first)
{
	if (!first)
		buf_addc(b, ',');
	json_quote(b, k, strlen(k));
	buf_addc(b, ':');
}

static void
count(struct buf *b, const char *k, uint64_t v)
{
	key(b, k, 0);
	buf_printf(b, "%llu", (unsigned long long)v);
}

static void
write_column(const struct profile *p, const struct pcol *c, struct buf *b)
{
	size_t i, *ix;

	key(b, "name", 1);
	json_quote(b, c->name, strlen(c->name));
	key(b, "role", 0);
	json_quote(b, pcol_role_name(c->role), strlen(pcol_role_name(c->role)));
	key(b, "type", 0);
	json_quote(b, pcol_type_name(c->type), strlen(pcol_type_name(c->type)));
	count(b, "count", c->count);
	count(b, "nulls", c->nulls);
	if (c->type == PT_NUMBER) {
		count(b, "nans", c->nans);
		count(b, "infs", c->infs);
		count(b, "invalid", c->invalid);
		count(b, "n", c->mom.n);
		key(b, "mean", 0);
		num(b, c->mom.mean);
		key(b, "m2", 0);
		num(b, c->mom.m2);
		key(b, "variance", 0);
		num(b, moments_var(&c->mom));
		key(b, "min", 0);
		if (c->mom.n > 0)
			num(b, c->min);
		else
			buf_adds(b, "null");
		key(b, "max", 0);
		if (c->mom.n > 0)
			num(b, c->max);
		else
			buf_adds(b, "null");
		key(b, "kll", 0);
		kll_write(&c->kll, b);
		if (p->exact) {
			key(b, "sample", 0);
			buf_addc(b, '[');
			for (i = 0; i < c->nsample; i++) {
				if (i)
					buf_addc(b, ',');
				num(b, c->sample[i]);
			}
			buf_addc(b, ']');
		}
	} else if (c->type == PT_CATEGORY) {
		count(b, "distinct", c->cats.n);
		count(b, "error", c->cats.error);
		count(b, "other", cats_other(&c->cats));
		key(b, "categories", 0);
		buf_addc(b, '[');
		ix = cats_order(&c->cats);
		for (i = 0; i < c->cats.n; i++) {
			buf_adds(b, i ? ",[" : "[");
			json_quote(b, c->cats.keys[ix[i]], c->cats.lens[ix[i]]);
			buf_printf(b, ",%llu]",
			    (unsigned long long)c->cats.counts[ix[i]]);
		}
		free(ix);
		buf_addc(b, ']');
	}
}

static void
u64_array(struct buf *b, const char *k, const uint64_t *v, size_t n)
{
	size_t i;

	key(b, k, 0);
	buf_addc(b, '[');
	for (i = 0; i < n; i++)
		buf_printf(b, i ? ",%llu" : "%llu", (unsigned long long)v[i]);
	buf_addc(b, ']');
}

static void
write_calib(const struct profile *p, const struct calib *c, struct buf *b)
{
	const struct pcol *sc = profile_role_column(p, ROLE_SCORE);
	const struct pcol *lc = profile_role_column(p, ROLE_LABEL);

	buf_adds(b, ",\n\"performance\":{");
	key(b, "score", 1);
	json_quote(b, sc->name, strlen(sc->name));
	key(b, "label", 0);
	json_quote(b, lc->name, strlen(lc->name));
	key(b, "threshold", 0);
	num(b, c->threshold);
	count(b, "bins", c->bins);
	count(b, "rows", c->rows);
	count(b, "nonbinary", c->nonbinary);
	u64_array(b, "n", c->n, 2 * (size_t)c->bins);
	u64_array(b, "positives", c->pos, 2 * (size_t)c->bins);
	count(b, "tp", c->tp);
	count(b, "fp", c->fp);
	count(b, "tn", c->tn);
	count(b, "fn", c->fn);
	key(b, "brier_sum", 0);
	num(b, c->brier_sum);
	key(b, "abs_error_sum", 0);
	num(b, c->abs_sum);
	key(b, "sq_error_sum", 0);
	num(b, c->sq_sum);
	buf_addc(b, '}');
}

static void
write_regimes(const struct profile *p, struct buf *b, struct output *o)
{
	size_t i, j;

	buf_adds(b, ",\n\"regime\":{");
	key(b, "column", 1);
	json_quote(b, p->regime_col, strlen(p->regime_col));
	key(b, "edges", 0);
	if (p->nedges == 0)
		buf_adds(b, "null");
	else {
		buf_addc(b, '[');
		for (i = 0; i < p->nedges; i++) {
			if (i)
				buf_addc(b, ',');
			num(b, p->regime_edges[i]);
		}
		buf_addc(b, ']');
	}
	count(b, "nulls", p->regime_nulls);
	buf_adds(b, "},\n\"regimes\":[");
	for (i = 0; i < p->nregimes; i++) {
		const struct profile *r = p->regimes[i];

		buf_adds(b, i ? ",\n{" : "\n{");
		key(b, "name", 1);
		json_quote(b, r->regime_name, strlen(r->regime_name));
		count(b, "rows", r->rows);
		buf_adds(b, ",\"columns\":[");
		for (j = 0; j < r->ncols; j++) {
			buf_adds(b, j ? ",\n{" : "\n{");
			write_column(r, &r->cols[j], b);
			buf_addc(b, '}');
			output_write(o, b->data, b->len);
			buf_reset(b);
		}
		buf_adds(b, "]}");
	}
	buf_adds(b, "\n]");
}

void
profile_write(const struct profile *p, struct output *o)
{
	struct buf b = {0};
	size_t i;

	buf_printf(&b, "{\"format\":\"mlo-profile\",\"version\":%d,\n",
	    p->calib != NULL || p->regime_col != NULL ? PROFILE_VERSION : 1);
	key(&b, "feature_set", 1);
	if (p->feature_set)
		json_quote(&b, p->feature_set, strlen(p->feature_set));
	else
		buf_adds(&b, "null");
	buf_adds(&b, ",\n");
	key(&b, "rows", 1);
	buf_printf(&b, "%llu", (unsigned long long)p->rows);
	count(&b, "kll_k", p->k);
	count(&b, "kll_seed", p->seed);
	count(&b, "category_cap", p->category_cap);
	key(&b, "exact", 0);
	buf_adds(&b, p->exact ? "true" : "false");
	count(&b, "max_sample", p->max_sample);
	if (p->calib != NULL)
		write_calib(p, p->calib, &b);
	buf_adds(&b, ",\n\"columns\":[");
	for (i = 0; i < p->ncols; i++) {
		buf_adds(&b, i ? ",\n{" : "\n{");
		write_column(p, &p->cols[i], &b);
		buf_addc(&b, '}');
		output_write(o, b.data, b.len);
		buf_reset(&b);
	}
	buf_adds(&b, "\n]");
	if (p->regime_col != NULL)
		write_regimes(p, &b, o);
	buf_adds(&b, "}\n");
	output_write(o, b.data, b.len);
	buf_free(&b);
}

/* Reading. */

struct rd {
	const char *path;
	char where[256];
	struct mlo_error *e;
};

static int
bad(struct rd *r, const char *fmt, const char *what)
{
	char msg[512];

	snprintf(msg, sizeof msg, fmt, what);
	return error_set(r->e, "%s: %s%s%s", r->path, r->where,
	    r->where[0] ? ": " : "", msg);
}

static int
known_only(struct rd *r, const cJSON *obj, const char *const *known)
{
	const cJSON *it;
	size_t i;

	cJSON_ArrayForEach(it, obj) {
		for (i = 0; known[i] != NULL; i++)
			if (strcmp(it->string, known[i]) == 0)
				break;
		if (known[i] == NULL)
			return bad(r, "unknown field '%s'", it->string);
	}
	return 0;
}

static int
get_u64(struct rd *r, const cJSON *obj, const char *k, uint64_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, k);

	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) ||
	    v->valuedouble > 9007199254740992.0 ||
	    v->valuedouble != floor(v->valuedouble))
		return bad(r, "'%s' is missing or not a count", k);
	*out = (uint64_t)v->valuedouble;
	return 0;
}

static int
get_num(struct rd *r, const cJSON *obj, const char *k, double *out,
    int nullable)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, k);

	if (nullable && cJSON_IsNull(v)) {
		*out = NAN;
		return 0;
	}
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
		return bad(r, "'%s' is missing or not a finite number", k);
	*out = v->valuedouble;
	return 0;
}

static const char *
get_str(const cJSON *obj, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int
read_number(struct rd *r, struct profile *p, struct pcol *c, const cJSON *o)
{
	static const char *const known[] = { "name", "role", "type", "count",
	    "nulls", "nans", "infs", "invalid", "n", "mean", "m2", "variance",
	    "min", "max", "kll", "sample", NULL };
	const cJSON *s, *x;
	double var;
	size_t len = strlen(r->where);

	if (known_only(r, o, known) == -1 ||
	    get_u64(r, o, "nans", &c->nans) == -1 ||
	    get_u64(r, o, "infs", &c->infs) == -1 ||
	    get_u64(r, o, "invalid", &c->invalid) == -1 ||
	    get_u64(r, o, "n", &c->mom.n) == -1 ||
	    get_num(r, o, "mean", &c->mom.mean, 0) == -1 ||
	    get_num(r, o, "m2", &c->mom.m2, 0) == -1 ||
	    get_num(r, o, "variance", &var, 0) == -1 ||
	    get_num(r, o, "min", &c->min, 1) == -1 ||
	    get_num(r, o, "max", &c->max, 1) == -1)
		return -1;
	if (c->mom.n + c->nans + c->infs + c->invalid != c->count)
		return bad(r, "%s", "n + nans + infs + invalid is not count");
	if (c->mom.m2 < 0 || (c->mom.n > 0 && (isnan(c->min) ||
	    isnan(c->max) || c->min > c->max)))
		return bad(r, "%s", "m2, min or max is out of shape");
	if (c->mom.n == 0)
		c->min = INFINITY, c->max = -INFINITY;
	snprintf(r->where + len, sizeof r->where - len, ".kll");
	if (kll_read(&c->kll, cJSON_GetObjectItemCaseSensitive(o, "kll"),
	    r->where, r->e) == -1) {
		error_prefix(r->e, "%s", r->path);
		return -1;
	}
	r->where[len] = '\0';
	if (c->kll.n != c->mom.n || c->kll.k != p->k)
		return bad(r, "%s", "kll.n or kll.k disagrees with the profile");
	s = cJSON_GetObjectItemCaseSensitive(o, "sample");
	if (p->exact != (s != NULL))
		return bad(r, "%s", p->exact ? "an exact profile needs "
		    "'sample'" : "'sample' in a profile that is not exact");
	if (s == NULL)
		return 0;
	if (!cJSON_IsArray(s))
		return bad(r, "%s", "'sample' is not an array");
	c->asample = (size_t)cJSON_GetArraySize(s) + 1;
	c->sample = xreallocarray(NULL, c->asample, sizeof *c->sample);
	cJSON_ArrayForEach(x, s) {
		if (!cJSON_IsNumber(x) || !isfinite(x->valuedouble))
			return bad(r, "%s", "'sample' holds a value that is "
			    "not a finite number");
		c->sample[c->nsample++] = x->valuedouble;
	}
	if (c->nsample != c->mom.n)
		return bad(r, "%s", "'sample' does not hold n values");
	return 0;
}

static int
read_category(struct rd *r, struct pcol *c, const cJSON *o)
{
	static const char *const known[] = { "name", "role", "type", "count",
	    "nulls", "distinct", "error", "other", "categories", NULL };
	const cJSON *cats = cJSON_GetObjectItemCaseSensitive(o, "categories");
	const cJSON *it;
	uint64_t distinct, other, sum = 0;

	if (known_only(r, o, known) == -1 ||
	    get_u64(r, o, "distinct", &distinct) == -1 ||
	    get_u64(r, o, "error", &c->cats.error) == -1 ||
	    get_u64(r, o, "other", &other) == -1)
		return -1;
	if (!cJSON_IsArray(cats))
		return bad(r, "%s", "'categories' is not an array");
	cJSON_ArrayForEach(it, cats) {
		const cJSON *k = cJSON_GetArrayItem(it, 0);
		const cJSON *n = cJSON_GetArrayItem(it, 1);

		if (!cJSON_IsArray(it) || cJSON_GetArraySize(it) != 2 ||
		    !cJSON_IsString(k) || !cJSON_IsNumber(n) ||
		    !(n->valuedouble >= 1) ||
		    n->valuedouble != floor(n->valuedouble))
			return bad(r, "%s", "'categories' holds something "
			    "other than [\"value\", count]");
		if (strmap_get(&c->cats.map, k->valuestring,
		    strlen(k->valuestring)) >= 0)
			return bad(r, "category '%s' appears twice",
			    k->valuestring);
		cats_add(&c->cats, k->valuestring, strlen(k->valuestring),
		    (uint64_t)n->valuedouble);
		sum += (uint64_t)n->valuedouble;
	}
	if (c->cats.n != distinct || c->cats.n > c->cats.cap)
		return bad(r, "%s", "'distinct' does not count 'categories', "
		    "or exceeds the cap");
	if (sum + other != c->count)
		return bad(r, "%s", "the categories and 'other' do not add up "
		    "to 'count'");
	c->cats.total += other;
	return 0;
}

static int
read_column(struct rd *r, struct profile *p, const cJSON *o, size_t i)
{
	static const char *const known[] = { "name", "role", "type", "count",
	    "nulls", NULL };
	const char *name = get_str(o, "name"), *role = get_str(o, "role");
	const char *type = get_str(o, "type");
	struct pcol *c;
	size_t t;

	snprintf(r->where, sizeof r->where, "columns[%zu]", i);
	if (!cJSON_IsObject(o))
		return bad(r, "%s", "not an object");
	if (name == NULL || role == NULL || type == NULL)
		return bad(r, "%s", "needs 'name', 'role' and 'type'");
	if (profile_find(p, name) != NULL)
		return bad(r, "column '%s' appears twice", name);
	snprintf(r->where, sizeof r->where, "column '%s'", name);
	c = profile_column(p, name);
	if (pcol_role_parse(role, &c->role) == -1)
		return bad(r, "unknown role '%s'", role);
	for (t = 0; t <= PT_TIME; t++)
		if (strcmp(type, pcol_type_name((enum pcol_type)t)) == 0)
			break;
	if (t > PT_TIME)
		return bad(r, "unknown type '%s'", type);
	c->type = (enum pcol_type)t;
	if (get_u64(r, o, "count", &c->count) == -1 ||
	    get_u64(r, o, "nulls", &c->nulls) == -1)
		return -1;
	if (c->count + c->nulls != p->rows)
		return bad(r, "%s", "count + nulls is not the profile's rows");
	if (c->type == PT_NUMBER)
		return read_number(r, p, c, o);
	if (c->type == PT_CATEGORY)
		return read_category(r, c, o);
	return known_only(r, o, known);
}

static int
get_u64_array(struct rd *r, const cJSON *obj, const char *k, uint64_t *out,
    size_t n)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, k), *it;
	size_t i = 0;

	if (!cJSON_IsArray(a) || (size_t)cJSON_GetArraySize(a) != n)
		return bad(r, "'%s' is not an array of two counts a bin", k);
	cJSON_ArrayForEach(it, a) {
		if (!cJSON_IsNumber(it) || !(it->valuedouble >= 0) ||
		    it->valuedouble > 9007199254740992.0 ||
		    it->valuedouble != floor(it->valuedouble))
			return bad(r, "'%s' holds something that is not a count",
			    k);
		out[i++] = (uint64_t)it->valuedouble;
	}
	return 0;
}

static int
read_calib(struct rd *r, struct profile *p, const cJSON *o)
{
	static const char *const known[] = { "score", "label", "threshold",
	    "bins", "rows", "nonbinary", "n", "positives", "tp", "fp", "tn",
	    "fn", "brier_sum", "abs_error_sum", "sq_error_sum", NULL };
	const char *score = get_str(o, "score"), *label = get_str(o, "label");
	struct pcol *sc, *lc;
	struct calib *c;
	double t = 0;
	uint64_t bins = 0, sum = 0;
	size_t i;

	snprintf(r->where, sizeof r->where, "performance");
	if (!cJSON_IsObject(o))
		return bad(r, "%s", "not an object");
	if (known_only(r, o, known) == -1 || get_num(r, o, "threshold", &t, 0) ||
	    get_u64(r, o, "bins", &bins))
		return -1;
	if (!(t > 0 && t < 1) || bins < 1 || bins > CALIB_MAX_BINS)
		return bad(r, "%s", "threshold or bins out of range");
	if (score == NULL || label == NULL ||
	    (sc = profile_find(p, score)) == NULL || sc->role != ROLE_SCORE ||
	    (lc = profile_find(p, label)) == NULL || lc->role != ROLE_LABEL)
		return bad(r, "%s", "'score' and 'label' must name the columns "
		    "of those roles");
	c = p->calib = xcalloc(1, sizeof *p->calib);
	calib_init(c, t, (uint32_t)bins);
	p->threshold = t;
	p->cal_bins = (uint32_t)bins;
	if (get_u64(r, o, "rows", &c->rows) ||
	    get_u64(r, o, "nonbinary", &c->nonbinary) ||
	    get_u64_array(r, o, "n", c->n, 2 * (size_t)bins) ||
	    get_u64_array(r, o, "positives", c->pos, 2 * (size_t)bins) ||
	    get_u64(r, o, "tp", &c->tp) || get_u64(r, o, "fp", &c->fp) ||
	    get_u64(r, o, "tn", &c->tn) || get_u64(r, o, "fn", &c->fn) ||
	    get_num(r, o, "brier_sum", &c->brier_sum, 0) ||
	    get_num(r, o, "abs_error_sum", &c->abs_sum, 0) ||
	    get_num(r, o, "sq_error_sum", &c->sq_sum, 0))
		return -1;
	for (i = 0; i < 2 * (size_t)bins; i++) {
		if (c->pos[i] > c->n[i])
			return bad(r, "%s", "a bin has more positives than rows");
		sum += c->n[i];
	}
	if (sum + c->nonbinary != c->rows ||
	    c->tp + c->fp + c->tn + c->fn + c->nonbinary != c->rows)
		return bad(r, "%s", "the bins and the confusion matrix do not "
		    "add up to 'rows'");
	r->where[0] = '\0';
	return 0;
}

static int
read_regimes(struct rd *r, struct profile *p, const cJSON *o,
    const cJSON *list)
{
	static const char *const known[] = { "column", "edges", "nulls", NULL };
	static const char *const rknown[] = { "name", "rows", "columns", NULL };
	const char *col = get_str(o, "column");
	const cJSON *edges = cJSON_GetObjectItemCaseSensitive(o, "edges");
	const cJSON *it, *c, *cols;
	uint64_t sum = 0;
	size_t i;

	snprintf(r->where, sizeof r->where, "regime");
	if (!cJSON_IsObject(o) || known_only(r, o, known) == -1)
		return bad(r, "%s", "not an object of column, edges and nulls");
	if (col == NULL)
		return bad(r, "%s", "'column' is not a string");
	p->regime_col = xstrdup(col);
	if (get_u64(r, o, "nulls", &p->regime_nulls) == -1)
		return -1;
	if (cJSON_IsArray(edges)) {
		p->regime_edges = xreallocarray(NULL,
		    (size_t)cJSON_GetArraySize(edges) + 1,
		    sizeof *p->regime_edges);
		cJSON_ArrayForEach(it, edges) {
			if (!cJSON_IsNumber(it) || !isfinite(it->valuedouble) ||
			    (p->nedges > 0 && !(it->valuedouble >
			    p->regime_edges[p->nedges - 1])))
				return bad(r, "%s", "'edges' are not ascending "
				    "numbers");
			p->regime_edges[p->nedges++] = it->valuedouble;
		}
		if (p->nedges == 0)
			return bad(r, "%s", "'edges' is empty");
	} else if (!cJSON_IsNull(edges))
		return bad(r, "%s", "'edges' is not an array or null");
	snprintf(r->where, sizeof r->where, "regimes");
	if (!cJSON_IsArray(list))
		return bad(r, "%s", "missing, or not an array");
	cJSON_ArrayForEach(it, list) {
		const char *name = get_str(it, "name");
		struct profile *sub;

		snprintf(r->where, sizeof r->where, "regimes");
		if (!cJSON_IsObject(it) || name == NULL ||
		    known_only(r, it, rknown) == -1)
			return bad(r, "%s", "a regime needs 'name', 'rows' and "
			    "'columns'");
		if (strmap_get(&p->regime_map, name, strlen(name)) >= 0)
			return bad(r, "regime '%s' appears twice", name);
		sub = profile_add_regime(p, name);
		if (get_u64(r, it, "rows", &sub->rows) == -1)
			return -1;
		sum += sub->rows;
		cols = cJSON_GetObjectItemCaseSensitive(it, "columns");
		if (!cJSON_IsArray(cols))
			return bad(r, "%s", "'columns' is not an array");
		i = 0;
		cJSON_ArrayForEach(c, cols)
			if (read_column(r, sub, c, i++) == -1)
				return -1;
	}
	snprintf(r->where, sizeof r->where, "regimes");
	if (sum + p->regime_nulls != p->rows)
		return bad(r, "%s", "the regimes' rows and 'nulls' do not add "
		    "up to the profile's rows");
	r->where[0] = '\0';
	return 0;
}

static int
read_top(struct rd *r, struct profile *p, const cJSON *root)
{
	static const char *const known[] = { "format", "version",
	    "feature_set", "rows", "kll_k", "kll_seed", "category_cap", "exact",
	    "max_sample", "columns", "performance", "regime", "regimes", NULL };
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "version");
	const cJSON *fs, *cols, *ex, *it;
	const char *fmt = get_str(root, "format");
	uint64_t k, cap, max;
	size_t i = 0;

	if (!cJSON_IsObject(root) || fmt == NULL ||
	    strcmp(fmt, "mlo-profile") != 0)
		return error_set(r->e, "%s: not an mlo profile (no \"format\": "
		    "\"mlo-profile\")", r->path);
	if (!cJSON_IsNumber(v) || (v->valuedouble != PROFILE_VERSION &&
	    v->valuedouble != 1)) {
		char num[NUM_BUFSZ] = "unknown";

		if (cJSON_IsNumber(v))
			num_format(v->valuedouble, num);
		return error_set(r->e, "%s: profile version %s is not "
		    "supported (this mlo-drift reads versions 1 to %d)",
		    r->path, num, PROFILE_VERSION);
	}
	if (v->valuedouble == 1 &&
	    (cJSON_GetObjectItemCaseSensitive(root, "performance") != NULL ||
	    cJSON_GetObjectItemCaseSensitive(root, "regime") != NULL))
		return bad(r, "%s", "'performance' or 'regime' in a version 1 "
		    "profile");
	if (known_only(r, root, known) == -1 ||
	    get_u64(r, root, "rows", &p->rows) == -1 ||
	    get_u64(r, root, "kll_k", &k) == -1 ||
	    get_u64(r, root, "kll_seed", &p->seed) == -1 ||
	    get_u64(r, root, "category_cap", &cap) == -1 ||
	    get_u64(r, root, "max_sample", &max) == -1)
		return -1;
	if (k < KLL_MIN_K || k > KLL_MAX_K || cap < 1)
		return bad(r, "%s", "kll_k or category_cap is out of range");
	p->k = (uint32_t)k;
	p->category_cap = cap;
	p->max_sample = max;
	ex = cJSON_GetObjectItemCaseSensitive(root, "exact");
	if (!cJSON_IsBool(ex))
		return bad(r, "%s", "'exact' is not true or false");
	p->exact = cJSON_IsTrue(ex);
	fs = cJSON_GetObjectItemCaseSensitive(root, "feature_set");
	if (cJSON_IsString(fs))
		p->feature_set = xstrdup(fs->valuestring);
	else if (!cJSON_IsNull(fs))
		return bad(r, "%s", "'feature_set' is not a string or null");
	cols = cJSON_GetObjectItemCaseSensitive(root, "columns");
	if (!cJSON_IsArray(cols))
		return bad(r, "%s", "'columns' is not an array");
	cJSON_ArrayForEach(it, cols)
		if (read_column(r, p, it, i++) == -1)
			return -1;
	r->where[0] = '\0';
	if ((it = cJSON_GetObjectItemCaseSensitive(root, "performance")) !=
	    NULL && read_calib(r, p, it) == -1)
		return -1;
	if ((it = cJSON_GetObjectItemCaseSensitive(root, "regime")) != NULL &&
	    read_regimes(r, p, it, cJSON_GetObjectItemCaseSensitive(root,
	    "regimes")) == -1)
		return -1;
	return 0;
}

/* The line and column of byte OFF in TEXT. */
static void
locate(const char *text, size_t off, long *line, long *col)
{
	size_t i;

	*line = 1, *col = 1;
	for (i = 0; i < off; i++) {
		if (text[i] == '\n')
			(*line)++, *col = 1;
		else
			(*col)++;
	}
}

struct profile *
profile_load(const char *path, struct mlo_error *e)
{
	struct profile_opts o = {0};
	struct profile *p;
	struct rd r = { path, "", e };
	cJSON *root;
	char *text;
	size_t len;

	if (read_file(path, PROFILE_MAX_BYTES, &text, &len, e) == -1)
		return NULL;
	if ((root = cJSON_ParseWithLength(text, len)) == NULL) {
		const char *at = cJSON_GetErrorPtr();
		long line = 0, col = 0;

		if (at != NULL && at >= text && at <= text + len)
			locate(text, (size_t)(at - text), &line, &col);
		error_at(e, path, line, col, "not valid JSON%s",
		    len == 0 ? " (empty file)" : "");
		free(text);
		return NULL;
	}
	free(text);
	p = profile_new(&o);
	if (read_top(&r, p, root) == -1) {
		profile_free(p);
		p = NULL;
	}
	cJSON_Delete(root);
	return p;
}
