/*
 * infer: a draft contract from one streaming pass over sample data.
 *
 * Memory is bounded whatever the length of the sample: per column a few
 * counters, the extremes and at most INFER_DISTINCT distinct values; per
 * (time, entity) candidate pair the last time of at most INFER_ENTITIES
 * entities and a reservoir of INFER_GAPS inter-arrival times.  The time and
 * entity columns are only known at the end, so every plausible pair is
 * followed from the first row on: both must be present in every row, so
 * the candidates are all in the first one.
 *
 * The draft is meant to pass the sample it came from: each type accepts
 * every value seen, as lib/validate.c checks them, and ranges hold the
 * extremes with a margin.  What a contract must not let through (a row with
 * a wrong shape, time going back for an entity) is said in the draft.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "contract.h"
#include "infer.h"
#include "num.h"
#include "strmap.h"
#include "timeparse.h"
#include "util.h"

#define INFER_DISTINCT	50	/* more distinct values: not an enum */
#define INFER_ENUM	20	/* the most values an inferred enum lists */
#define INFER_ENTITIES	1000	/* more entities: not an entity column */
#define INFER_CANDS	4	/* time (and entity) candidates followed */
#define INFER_GAPS	4096	/* inter-arrival times kept for the median */
#define INFER_MIN_GAPS	10	/* fewer gaps: no frequency rule */
#define EXAMPLE_MAX	40
#define COMMENT_COL	34

struct value {
	char *s;
	size_t len;
	uint64_t n;
};

struct colstat {
	uint64_t nulls, values, numbers, nonfinite;
	/* Set once a value was seen that the type does not accept. */
	int not_int, not_num, not_bool, not_ts, not_text;
	double min, max;	/* of finite numbers, when numbers > nonfinite */
	mlo_time tmin, tmax;
	struct strmap seen;	/* distinct values, while there are few */
	struct value *vals;
	size_t nvals;
	int many;		/* more than INFER_DISTINCT: seen is freed */
	char odd[EXAMPLE_MAX + 1]; /* the first value that is no number */
	long odd_line;
};

/* Inter-arrival times of time column TCOL per entity of ECOL (-1: none). */
struct tracker {
	long tcol, ecol;
	enum time_kind kind;	/* TIME_RFC3339, or TIME_STEP for numbers */
	int dead;
	struct strmap ents;
	mlo_time *last;		/* per entity */
	size_t nents;
	uint64_t repeats, back, seen, rng;
	long back_line;
	mlo_time *gaps;
	size_t ngaps;
};

struct infer {
	struct reader *r;
	struct output *o;
	struct buf l, m;	/* the line being written, and its comment */
	size_t ncols;
	struct colstat *cs;
	uint64_t rows, good, bad;
	long bad_line;
	char bad_msg[128];
	struct tracker tr[INFER_CANDS * (INFER_CANDS + 1)];
	size_t ntr;
};

/* --- YAML text -------------------------------------------------------- */

/*
 * S as a YAML scalar: plain when it surely reads back as the same string,
 * single-quoted otherwise, double-quoted with escapes when it holds control
 * characters (a single-quoted scalar cannot) or is not UTF-8 (a cut
 * example, a file name: then \xHH stands for each byte above 0x7f, as
 * close as YAML allows).  Cautious: a needless pair of quotes costs nothing.
 */
static void
yaml_scalar(struct buf *b, const char *s, size_t len)
{
	static const char *const words[] = {
		"true", "false", "yes", "no", "on", "off", "y", "n", "null"
	};
	int bad = !utf8_valid(s, len), esc = bad;
	unsigned char c;
	double x;
	size_t i;
	int plain = len > 0 && num_parse(s, len, &x) == -1 && (s[0] == '_' ||
	    s[0] == '/' || (unsigned char)s[0] >= 0x80 ||
	    ((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z'));

	for (i = 0; i < NELEM(words); i++)
		if (strlen(words[i]) == len && strncasecmp(words[i], s, len) == 0)
			plain = 0;
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		esc |= c < 0x20 || c == 0x7f;
		if (c < 0x20 || c == 0x7f || strchr(" :#,[]{}'\"\\`", c))
			plain = 0;
	}
	if (plain && !esc) {
		buf_add(b, s, len);
		return;
	}
	buf_addc(b, esc ? '"' : '\'');
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (!esc && c == '\'')
			buf_adds(b, "''");
		else if (esc && (c == '"' || c == '\\'))
			buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c == 0x7f || (bad && c >= 0x80))
			buf_printf(b, "\\x%02x", c);
		else
			buf_addc(b, (char)c);
	}
	buf_addc(b, esc ? '"' : '\'');
}

/*
 * say: append FMT to B with conversions of its own: %s a string, %Y a
 * string as a YAML scalar, %N a double as num_format writes it, %U a
 * uint64_t, %L a long, %% a '%'.  The compiler cannot check these, so
 * callers pass exactly those types.
 */
static void
say(struct buf *b, const char *fmt, ...)
{
	char n[NUM_BUFSZ];
	const char *s;
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%' || *++fmt == '%')
			buf_addc(b, *fmt);
		else if (*fmt == 's')
			buf_adds(b, va_arg(ap, const char *));
		else if (*fmt == 'Y') {
			s = va_arg(ap, const char *);
			yaml_scalar(b, s, strlen(s));
		} else if (*fmt == 'N') {
			num_format(va_arg(ap, double), n);
			buf_adds(b, n);
		} else if (*fmt == 'U')
			buf_printf(b, "%llu",
			    (unsigned long long)va_arg(ap, uint64_t));
		else if (*fmt == 'L')
			buf_printf(b, "%ld", va_arg(ap, long));
	}
	va_end(ap);
}

/* Write the line, its comment from COMMENT_COL on; start both afresh. */
static void
emit(struct infer *in)
{
	if (in->m.len > 0) {
		do
			buf_addc(&in->l, ' ');
		while (in->l.len < COMMENT_COL);
		buf_adds(&in->l, "# ");
		buf_add(&in->l, in->m.data, in->m.len);
	}
	buf_addc(&in->l, '\n');
	output_write(in->o, in->l.data, in->l.len);
	buf_reset(&in->l);
	buf_reset(&in->m);
}

/* V to two significant digits, rounded up for limits a person reads. */
static double
sig2(double v, int up)
{
	double p;

	if (v <= 0 || !isfinite(v))
		return v;
	p = pow(10, floor(log10(v)) - 1);
	return (up ? ceil(v / p - 1e-9) : round(v / p)) * p;
}

/* --- the pass --------------------------------------------------------- */

static void
note_distinct(struct colstat *c, const char *s, size_t len)
{
	int64_t k;
	size_t i;

	if (c->many)
		return;
	if ((k = strmap_get(&c->seen, s, len)) >= 0) {
		c->vals[k].n++;
		return;
	}
	if (c->nvals == INFER_DISTINCT) {
		/* Not an enum: the values are no longer needed. */
		for (i = 0; i < c->nvals; i++)
			free(c->vals[i].s);
		free(c->vals);
		c->vals = NULL;
		c->nvals = 0;
		c->many = 1;
		strmap_free(&c->seen);
		return;
	}
	if (c->vals == NULL)
		c->vals = xcalloc(INFER_DISTINCT, sizeof *c->vals);
	c->vals[c->nvals] = (struct value){ xstrndup(s, len), len, 1 };
	strmap_put(&c->seen, s, len, (int64_t)c->nvals++);
}

/* One value of a column: which types still hold, extremes, distincts. */
static void
colstat_add(struct colstat *c, const struct field *f, long line)
{
	double x = f->num;
	int64_t n;
	mlo_time t;

	if (f->kind == FIELD_NULL) {
		c->nulls++;
		return;
	}
	c->values++;
	if (f->kind == FIELD_NUMBER) {
		/* As lib/validate.c: integral and exact in a double. */
		c->not_int |= x != floor(x) || fabs(x) > 9007199254740992.0;
		c->not_bool = c->not_ts = c->not_text = 1;
	} else if (f->kind == FIELD_BOOL)
		c->not_int = c->not_num = c->not_ts = c->not_text = 1;
	else {
		c->not_int |= !c->not_int &&
		    num_parse_int(f->s, f->len, &n) == -1;
		/* Booleans as lib/validate.c reads them. */
		c->not_bool |= strcasecmp(f->s, "true") != 0 &&
		    strcasecmp(f->s, "false") != 0 && strcmp(f->s, "0") != 0 &&
		    strcmp(f->s, "1") != 0;
		/*
		 * time_parse, not time_guess: a stamp out of mlo_time's span
		 * looks like one, but the validator refuses it.
		 */
		if (!c->not_ts && time_parse(f->s, f->len, TIME_RFC3339, &t,
		    NULL) == 0) {
			c->tmin = c->values == 1 || t < c->tmin ? t : c->tmin;
			c->tmax = c->values == 1 || t > c->tmax ? t : c->tmax;
		} else
			c->not_ts = 1;
		if (num_parse(f->s, f->len, &x) == -1) {
			if (!c->not_num)
				snprintf(c->odd, sizeof c->odd, "%s", f->s);
			c->odd_line = c->not_num ? c->odd_line : line;
			c->not_num = 1;
			note_distinct(c, f->s, f->len);
			return;
		}
	}
	if (f->kind != FIELD_BOOL) {
		x += 0.0;	/* -0 is 0 */
		c->numbers++;
		if (!isfinite(x))
			c->nonfinite++;
		else if (c->numbers - c->nonfinite == 1)
			c->min = c->max = x;
		else {
			c->min = x < c->min ? x : c->min;
			c->max = x > c->max ? x : c->max;
		}
	}
	note_distinct(c, f->s, f->len);
}

static void
tracker_free(struct tracker *t)
{
	strmap_free(&t->ents);
	free(t->last);
	free(t->gaps);
	t->last = t->gaps = NULL;
	t->dead = 1;
}

static const struct field *
field_at(const struct record *rec, long i)
{
	if ((size_t)i >= rec->nfields || rec->fields[i].kind == FIELD_NULL)
		return NULL;
	return &rec->fields[i];
}

/*
 * The row's entity and time: the gap since the entity's last time, or a
 * repeat, or time going back.  The key check is cheap on purpose: only
 * consecutive rows of an entity, as the validator compares them.
 */
static void
tracker_row(struct tracker *t, const struct record *rec)
{
	const struct field *tf = field_at(rec, t->tcol), *ef = NULL;
	mlo_time at, prev;
	int64_t k;

	if (t->dead)
		return;
	if (tf == NULL || tf->kind == FIELD_BOOL ||
	    time_parse(tf->s, tf->len, t->kind, &at, NULL) == -1 ||
	    (t->ecol >= 0 && (ef = field_at(rec, t->ecol)) == NULL)) {
		tracker_free(t);	/* not a time (or entity) column */
		return;
	}
	k = ef != NULL ? strmap_get(&t->ents, ef->s, ef->len) :
	    t->nents > 0 ? 0 : -1;
	if (k < 0) {
		if (t->nents == INFER_ENTITIES) {
			tracker_free(t);	/* too many to be an entity */
			return;
		}
		if (ef != NULL)
			strmap_put(&t->ents, ef->s, ef->len, (int64_t)t->nents);
		t->last = xreallocarray(t->last, t->nents + 1, sizeof *t->last);
		t->last[t->nents++] = at;
		return;
	}
	if ((prev = t->last[k]) > at) {
		/* The validator rejects the row and keeps the entity's clock. */
		t->back_line = t->back++ ? t->back_line : rec->line;
		return;
	}
	t->last[k] = at;
	if (at == prev) {
		t->repeats++;
		return;
	}
	/* A reservoir sample of the gaps, with a fixed seed: same draft. */
	if (t->gaps == NULL)
		t->gaps = xcalloc(INFER_GAPS, sizeof *t->gaps);
	t->seen++;
	t->rng = t->rng * 6364136223846793005ULL + 1442695040888963407ULL;
	if (t->ngaps < INFER_GAPS)
		t->gaps[t->ngaps++] = at - prev;
	else if ((t->rng >> 33) % t->seen < INFER_GAPS)
		t->gaps[(t->rng >> 33) % t->seen] = at - prev;
}

static int
time_named(const char *name)
{
	static const char *const words[] = {
		"ts", "time", "timestamp", "cycle", "cycles", "step"
	};
	size_t i;

	for (i = 0; i < NELEM(words); i++)
		if (strcasecmp(name, words[i]) == 0)
			return 1;
	return 0;
}

/* Named like asset*, unit*, machine*, or *id* as a word (id, asset_id, AssetID). */
static int
entity_named(const char *name)
{
	const char *p;

	if (strncasecmp(name, "asset", 5) == 0 ||
	    strncasecmp(name, "unit", 4) == 0 ||
	    strncasecmp(name, "machine", 7) == 0)
		return 1;
	for (p = name; (p = strpbrk(p, "iI")) != NULL; p++)
		if ((p[1] == 'd' || p[1] == 'D') && (p == name || p[-1] == '_' ||
		    p[-1] == ' ' || p[-1] == '-' || (p[0] == 'I' &&
		    p[-1] >= 'a' && p[-1] <= 'z')) && !((p[2] | 0x20) >= 'a' &&
		    (p[2] | 0x20) <= 'z'))
			return 1;
	return 0;
}

/* The first row names the candidates: each pair of time and entity. */
static void
start_trackers(struct infer *in, const struct record *rec)
{
	long tc[INFER_CANDS], ec[INFER_CANDS];
	enum time_kind tk[INFER_CANDS], k;
	size_t i, j, nt = 0, ne = 0;

	for (i = 0; i < rec->nfields; i++) {
		const struct field *f = &rec->fields[i];
		const char *name = reader_column(in->r, i);

		if (f->kind != FIELD_TEXT && f->kind != FIELD_NUMBER)
			continue;
		if (nt < INFER_CANDS && time_guess(f->s, f->len, &k) == 0 &&
		    (k == TIME_RFC3339 || time_named(name))) {
			tk[nt] = k == TIME_RFC3339 ? k : TIME_STEP;
			tc[nt++] = (long)i;
		} else if (ne < INFER_CANDS && entity_named(name))
			ec[ne++] = (long)i;
	}
	for (i = 0; i < nt; i++)
		for (j = 0; j <= ne; j++)
			in->tr[in->ntr++] = (struct tracker){ .tcol = tc[i],
			    .kind = tk[i], .ecol = j < ne ? ec[j] : -1,
			    .rng = 42 };
}

static int
read_sample(struct infer *in, struct mlo_error *e)
{
	struct record *rec;
	size_t i, n;
	int got;

	while ((got = reader_next(in->r, &rec, e)) == 1) {
		in->rows++;
		if (rec->shape_error != NULL) {
			if (in->bad++ == 0) {
				in->bad_line = rec->line;
				snprintf(in->bad_msg, sizeof in->bad_msg, "%s",
				    rec->shape_error);
			}
			continue;
		}
		/* NDJSON adds a column at its first key: nulls until then. */
		if ((n = reader_ncolumns(in->r)) > in->ncols) {
			in->cs = xreallocarray(in->cs, n, sizeof *in->cs);
			memset(in->cs + in->ncols, 0,
			    (n - in->ncols) * sizeof *in->cs);
			for (i = in->ncols; i < n; i++)
				in->cs[i].nulls = in->good;
			in->ncols = n;
		}
		if (in->good++ == 0)
			start_trackers(in, rec);
		for (i = 0; i < in->ncols; i++)
			colstat_add(&in->cs[i], i < rec->nfields ?
			    &rec->fields[i] : &(struct field){ "", 0,
			    FIELD_NULL, 0 }, rec->line);
		for (i = 0; i < in->ntr; i++)
			tracker_row(&in->tr[i], rec);
	}
	return got;
}

/* --- deciding --------------------------------------------------------- */

static enum col_type
guess(const struct colstat *c, int is_entity)
{
	if (c->values == 0)
		return CT_STRING;
	if (!c->not_int)
		return CT_INTEGER;
	if (!c->not_num)
		return CT_NUMBER;
	if (!c->not_bool)
		return CT_BOOLEAN;
	if (!c->not_ts)
		return CT_TIMESTAMP;
	/* An entity is an open set: a new asset must not fail the row. */
	if (is_entity && !c->not_text)
		return CT_STRING;
	if (!c->many && c->nvals >= 2 && c->nvals <= INFER_ENUM &&
	    c->nvals <= c->values / 2)
		return CT_ENUM;
	/* A string column refuses JSON numbers and booleans; an enum not. */
	return c->not_text && !c->many ? CT_ENUM : CT_STRING;
}

/*
 * The time column: the first whose every value is an RFC 3339 timestamp,
 * else the first named like a time that holds only whole steps (epoch
 * seconds when they are all from 1973 on).
 */
static const struct tracker *
choose_time(const struct infer *in, enum time_kind *kind)
{
	const struct tracker *t;
	size_t i;

	for (i = 0; i < in->ntr; i++)
		if (!(t = &in->tr[i])->dead && t->ecol < 0 &&
		    t->kind == TIME_RFC3339) {
			*kind = TIME_RFC3339;
			return t;
		}
	for (i = 0; i < in->ntr; i++)
		if (!(t = &in->tr[i])->dead && t->ecol < 0 &&
		    !in->cs[t->tcol].not_int) {
			*kind = in->cs[t->tcol].min >= 1e8 ? TIME_EPOCH :
			    TIME_STEP;
			return t;
		}
	return NULL;
}

/* The entity: 2 to INFER_ENTITIES values, each on two rows on average. */
static const struct tracker *
choose_entity(const struct infer *in, long tcol)
{
	const struct tracker *t;
	enum col_type g;
	size_t i;

	for (i = 0; i < in->ntr; i++) {
		if ((t = &in->tr[i])->dead || t->tcol != tcol || t->ecol < 0)
			continue;
		g = guess(&in->cs[t->ecol], 1);
		if (t->nents >= 2 && t->nents <= in->good / 2 &&
		    (g == CT_STRING || g == CT_INTEGER))
			return t;
	}
	return NULL;
}

static int
cmp_time(const void *a, const void *b)
{
	mlo_time x = *(const mlo_time *)a, y = *(const mlo_time *)b;

	return x < y ? -1 : x > y;
}

/* Most frequent first, ties in byte order: the same draft every run. */
static int
cmp_count(const void *a, const void *b)
{
	const struct value *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->s, y->s);
}

/*
 * [MIN - margin, MAX + margin], margin 10% of the span (1% of the value
 * when the span is 0, 1 when the value is 0 too), rounded outward at the
 * margin's leading decimal place, so that a person reads round numbers.
 * Integer columns round to whole numbers: an upper bound of 1.1 floored
 * to 1 accepts exactly the integers that 1.1 accepts.
 */
static void
widen(double min, double max, int integer, double *lo, double *hi)
{
	double span = max - min, margin, step, p;
	int d;

	margin = span > 0 ? span / 10 : min != 0 ? fabs(min) / 100 : 1;
	*lo = min;
	*hi = max;
	if (!(margin > 1e-290 && fabs(min) < 1e290 && fabs(max) < 1e290))
		return;		/* at the ends of double: no margin */
	d = (int)floor(log10(margin));
	if (integer && d <= 0) {
		*lo = ceil(min - margin) + 0.0;
		*hi = floor(max + margin) + 0.0;
		return;
	}
	/* A power of ten below 1 is inexact; dividing by 10^-d rounds once. */
	p = pow(10, d < 0 ? -d : d);
	step = d < 0 ? 1 / p : p;
	*lo = (d < 0 ? floor((min - margin) * p) / p :
	    floor((min - margin) / p) * p) + 0.0;
	*hi = (d < 0 ? ceil((max + margin) * p) / p :
	    ceil((max + margin) / p) * p) + 0.0;
	*lo -= *lo > min ? step : 0;
	*hi += *hi < max ? step : 0;
}

/* --- writing ---------------------------------------------------------- */

static void
write_values(struct infer *in, struct colstat *c, enum col_type g)
{
	double lo, hi;
	size_t k;

	if ((g == CT_INTEGER || g == CT_NUMBER) && c->numbers > c->nonfinite) {
		widen(c->min, c->max, g == CT_INTEGER, &lo, &hi);
		say(&in->l, "    range: [%N, %N]", lo, hi);
		say(&in->m, "observed %N..%N", c->min, c->max);
		emit(in);
	}
	if (g == CT_NUMBER) {
		say(&in->l, "    nan: %s", c->nonfinite ? "allow" : "reject");
		say(&in->m, c->nonfinite ? "%U NaN or inf values in the "
		    "sample" : "no NaN or inf in the sample", c->nonfinite);
		emit(in);
	}
	if (g != CT_ENUM)
		return;
	qsort(c->vals, c->nvals, sizeof *c->vals, cmp_count);
	say(&in->l, "    values: [");
	say(&in->m, "observed");
	for (k = 0; k < c->nvals; k++) {
		say(&in->l, k > 0 ? ", %Y" : "%Y", c->vals[k].s);
		say(&in->m, " %Y %U%s", c->vals[k].s, c->vals[k].n,
		    k + 1 < c->nvals ? "," : "");
	}
	say(&in->l, "]");
	emit(in);
}

static void
write_column(struct infer *in, size_t i, const struct tracker *et,
    const char *window)
{
	struct colstat *c = &in->cs[i];
	int is_entity = et != NULL && et->ecol == (long)i;
	enum col_type g = guess(c, is_entity);
	char t0[TIME_BUFSZ], t1[TIME_BUFSZ];
	double rate = (double)c->nulls / (double)in->good;

	say(&in->l, "  - name: %Y", reader_column(in->r, i));
	emit(in);
	say(&in->l, "    type: %s", col_type_name(g));
	time_format(c->tmin, TIME_RFC3339, t0);
	time_format(c->tmax, TIME_RFC3339, t1);
	if (c->values == 0)
		say(&in->m, "no values in the sample: type unknown");
	else if (g == CT_TIMESTAMP)
		say(&in->m, "observed %s..%s", t0, t1);
	else if (is_entity)
		say(&in->m, "the entity: %U distinct values",
		    (uint64_t)et->nents);
	else if (c->not_text && g == CT_STRING)
		say(&in->m, "REVIEW: a string column refuses the JSON numbers "
		    "and booleans seen");
	emit(in);
	if ((g == CT_STRING || g == CT_ENUM) && c->odd_line > 0 &&
	    c->numbers >= c->values * 0.9) {
		/* Most likely a number column with a few bad values. */
		say(&in->l, "    # REVIEW: %U of %U values are numbers; the "
		    "first other, on line %L, is %Y", c->numbers, c->values,
		    c->odd_line, c->odd);
		emit(in);
	}
	if (c->nulls == 0) {
		say(&in->l, "    required: true");
		say(&in->m, "no nulls in %U rows", in->good);
		emit(in);
	}
	write_values(in, c, g);
	if (c->nulls > 0 && window != NULL) {
		say(&in->l, "    null_rate: {max: %N, window: %s}",
		    fmin(sig2(fmax(2 * rate, 0.01), 1), 1), window);
		say(&in->m, "observed %N%% nulls (%U of %U rows)",
		    sig2(rate * 100, 0), c->nulls, in->good);
		emit(in);
	} else if (c->nulls > 0) {
		say(&in->l, "    # no null_rate rule (it needs a time column): "
		    "observed %N%% nulls (%U of %U rows)",
		    sig2(rate * 100, 0), c->nulls, in->good);
		emit(in);
	}
}

static void
write_frequency(struct infer *in, const struct tracker *u,
    enum time_kind kind)
{
	char every[TIME_BUFSZ], tol[TIME_BUFSZ], gap[TIME_BUFSZ];
	mlo_time d;

	if (u->seen < INFER_MIN_GAPS) {
		say(&in->l, "# No frequency rule: %U gaps between readings, "
		    "fewer than %L.", u->seen, (long)INFER_MIN_GAPS);
		emit(in);
		return;
	}
	qsort(u->gaps, u->ngaps, sizeof *u->gaps, cmp_time);
	d = u->gaps[u->ngaps / 2];
	duration_format(d, kind, every);
	duration_format(d / 5, kind, tol);
	duration_format(5 * d, kind, gap);
	say(&in->l, "frequency: {every: %s, tolerance: %s, max_gap: %s}",
	    every, tol, gap);
	say(&in->m, "median of %U gaps%s", u->seen, u->seen > u->ngaps ?
	    " (sampled)" : "");
	if (u->ecol >= 0)
		say(&in->m, " per %Y", reader_column(in->r, u->ecol));
	emit(in);
}

/* time, entity, key and frequency; ET is the (time, entity) tracker. */
static void
write_time(struct infer *in, const struct tracker *tt, enum time_kind kind,
    const struct tracker *et)
{
	static const char *const formats[] = { "rfc3339", "epoch", "step" };
	const struct tracker *u = et != NULL ? et : tt;
	const char *tname = reader_column(in->r, tt->tcol);
	const char *ename = et ? reader_column(in->r, et->ecol) : NULL;

	say(&in->l, "time: {column: %Y, format: %s}", tname, formats[kind]);
	say(&in->m, kind == TIME_RFC3339 ? "every value an RFC 3339 "
	    "timestamp" : "named like a time, whole %s", kind == TIME_EPOCH ?
	    "epoch seconds" : "steps");
	emit(in);
	if (et != NULL)
		say(&in->l, "entity: %Y", ename);
	else
		say(&in->l, "# No entity column: none named like *id*, asset*, "
		    "unit* or machine*\n# has 2 to %L distinct values and no "
		    "nulls, so the data is one stream.", (long)INFER_ENTITIES);
	if (et != NULL)
		say(&in->m, "%U distinct values", (uint64_t)et->nents);
	emit(in);
	if (u->back > 0) {
		say(&in->l, "# REVIEW: %U row(s) go back in time for their %s "
		    "(first at line %L):\n# this draft rejects them (time "
		    "order): the sample does not pass as it is.", u->back,
		    et ? "entity" : "stream", u->back_line);
		emit(in);
	}
	say(&in->l, "# A repeated key was looked for only between consecutive "
	    "rows of one\n# %s: ", et ? "entity (a row with its entity's "
	    "previous time)" : "stream (a row with the previous row's time)");
	if (u->repeats > 0)
		say(&in->l, "%U seen, so no key.", u->repeats);
	else if (et != NULL)
		say(&in->l, "none seen.\nkey: [%Y, %Y]", ename, tname);
	else
		say(&in->l, "none seen.\nkey: [%Y]", tname);
	emit(in);
	write_frequency(in, u, kind);
}

static void
write_header(struct infer *in, const char *path, int no_header)
{
	const char *base = path == NULL || strcmp(path, "-") == 0 ? "stdin" :
	    strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	int delim = reader_delimiter(in->r);
	char *dot;

	say(&in->l, "# Draft contract inferred by mlo-validate --infer from "
	    "%Y:\n# %U rows, %U columns.  A person must review it before it "
	    "guards a model:\n# every type, range and rate below is what this "
	    "one sample showed,\n# widened a little.", display_name(path),
	    in->rows, (uint64_t)in->ncols);
	emit(in);
	if (in->bad > 0) {
		say(&in->l, "# REVIEW: %U row(s) with a wrong shape left out "
		    "(first at line %L: %s);\n# this draft rejects them.",
		    in->bad, in->bad_line, in->bad_msg);
		emit(in);
	}
	/* draft-NAME: the file's name without .gz and one extension. */
	say(&in->m, "draft-%s", base);
	if (in->m.len > 9 && strcmp(in->m.data + in->m.len - 3, ".gz") == 0)
		in->m.data[in->m.len -= 3] = '\0';
	if ((dot = strrchr(in->m.data, '.')) != NULL && dot > in->m.data + 6)
		*dot = '\0';
	say(&in->l, "contract: %Y\nversion: '0.1.0'", in->m.data);
	buf_reset(&in->m);
	emit(in);
	if (reader_format(in->r) != REC_CSV || ((delim == ',' || delim == 0) &&
	    !no_header))
		return;
	if (delim == '\t' || delim == DELIM_SPACE)
		say(&in->m, "delimiter: %s", delim == '\t' ? "tab" : "space");
	else if (delim != ',' && delim != 0)
		say(&in->m, "delimiter: %Y", (char[]){ (char)delim, '\0' });
	say(&in->l, "input: {%s%s%s}", in->m.data ? in->m.data : "",
	    in->m.len > 0 && no_header ? ", " : "",
	    no_header ? "header: false" : "");
	buf_reset(&in->m);
	emit(in);
}

static void
infer_free(struct infer *in)
{
	size_t i, k;

	for (i = 0; i < in->ncols; i++) {
		for (k = 0; k < in->cs[i].nvals; k++)
			free(in->cs[i].vals[k].s);
		free(in->cs[i].vals);
		strmap_free(&in->cs[i].seen);
	}
	free(in->cs);
	for (i = 0; i < in->ntr; i++)
		tracker_free(&in->tr[i]);
	buf_free(&in->l);
	buf_free(&in->m);
	reader_close(in->r);
}

int
infer_contract(const char *path, const struct reader_opts *ro,
    struct output *out, struct mlo_error *e)
{
	struct infer in = { .o = out };
	const struct tracker *tt, *et = NULL;
	enum time_kind kind = TIME_RFC3339;
	struct input *inp;
	size_t i;
	int r;

	if ((inp = input_open(path, e)) == NULL ||
	    (in.r = reader_open(inp, ro, e)) == NULL)
		return -1;
	if ((r = read_sample(&in, e)) != -1 && in.good == 0)
		r = error_set(e, "%s: no rows to infer from", display_name(path));
	for (i = 0; r != -1 && i < in.ncols; i++)
		if (!utf8_valid(reader_column(in.r, i),
		    strlen(reader_column(in.r, i))))
			r = error_set(e, "%s: the name of column %zu is not "
			    "UTF-8: a contract cannot name it",
			    display_name(path), i + 1);
	if (r == -1) {
		infer_free(&in);
		return -1;
	}
	write_header(&in, path, ro->no_header);
	if ((tt = choose_time(&in, &kind)) != NULL) {
		et = choose_entity(&in, tt->tcol);
		write_time(&in, tt, kind, et);
	} else {
		say(&in.l, "# No time column: none holds only RFC 3339 "
		    "timestamps, and none named\n# ts, time, timestamp or cycle "
		    "holds only whole steps.  No entity either.");
		emit(&in);
	}
	say(&in.l, "\ncolumns:");
	emit(&in);
	for (i = 0; i < in.ncols; i++)
		write_column(&in, i, et, tt == NULL ? NULL :
		    kind == TIME_STEP ? "1000" : "1h");
	say(&in.l, "\n# Not inferred: patterns, normal bands, stuck and rate "
	    "rules, latency,\n# freshness and volume; add them from what the "
	    "process allows.");
	emit(&in);
	infer_free(&in);
	return 0;
}
