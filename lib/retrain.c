#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "event.h"
#include "gate.h"
#include "holdout.h"
#include "io.h"
#include "ledger.h"
#include "num.h"
#include "policy.h"
#include "registry.h"
#include "retrain.h"
#include "util.h"
#include "writer.h"

#ifndef MLO_VERSION
#define MLO_VERSION "unknown"
#endif

/* The fingerprint of a file the run used. */
struct print {
	const char *role;	/* "training", "candidate", "production" */
	const char *file;
	char xxh128[33];
	uint64_t rows;
	char *feature_set;
};

static void
warn(const char *msg)
{
	diag("%s", msg);
}

/* xxh128 of PATH's bytes as they are on disk. */
static int
file_xxh128(const char *path, char hex[33], struct mlo_error *e)
{
	XXH3_state_t *x = XXH3_createState();
	XXH128_canonical_t c;
	char *chunk = xmalloc(256 * 1024);
	FILE *f = fopen(path, "rb");
	size_t n;
	int i, st = 0;

	if (f == NULL)
		st = error_set(e, "%s: %s", path, strerror(errno));
	else {
		XXH3_128bits_reset(x);
		while ((n = fread(chunk, 1, 256 * 1024, f)) > 0)
			XXH3_128bits_update(x, chunk, n);
		if (ferror(f))
			st = error_set(e, "%s: read error", path);
		fclose(f);
		XXH128_canonicalFromHash(&c, XXH3_128bits_digest(x));
		for (i = 0; i < 16; i++)
			snprintf(hex + 2 * i, 3, "%02x", c.digest[i]);
	}
	XXH3_freeState(x);
	free(chunk);
	return st;
}

/* A training file: its rows and feature_set, read as data. */
static int
print_data(struct print *p, const struct reader_opts *ro, struct mlo_error *e)
{
	struct input *in;
	struct reader *r;
	struct record *rec;
	long fs;
	int k;

	if (file_xxh128(p->file, p->xxh128, e) == -1)
		return -1;
	if ((in = input_open(p->file, e)) == NULL ||
	    (r = reader_open(in, ro, e)) == NULL)
		return -1;
	while ((k = reader_next(r, &rec, e)) == 1) {
		p->rows++;
		if ((fs = reader_find(r, "feature_set")) < 0 ||
		    (size_t)fs >= rec->nfields ||
		    rec->fields[fs].kind == FIELD_NULL)
			continue;
		if (p->feature_set == NULL)
			p->feature_set = xstrdup(rec->fields[fs].s);
		else if (strcmp(p->feature_set, rec->fields[fs].s) != 0) {
			error_at(e, reader_name(r), rec->line, 0, "feature_set "
			    "'%.60s' differs from '%.60s' of the rows before",
			    rec->fields[fs].s, p->feature_set);
			k = -1;
			break;
		}
	}
	reader_close(r);
	return k;
}

/* Every file's feature_set, where it has one, must be the same. */
static const char *
one_feature_set(const struct print *p, size_t n, struct mlo_error *e)
{
	const struct print *first = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i].feature_set == NULL)
			continue;
		if (first == NULL)
			first = &p[i];
		else if (strcmp(first->feature_set, p[i].feature_set) != 0) {
			error_set(e, "feature_set '%s' of %s differs from "
			    "'%s' of %s: the data were not made by the same "
			    "feature definition", p[i].feature_set,
			    display_name(p[i].file), first->feature_set,
			    display_name(first->file));
			return NULL;
		}
	}
	return first != NULL ? first->feature_set : "";
}

/* JSON members, as events write them; NaN is null. */
static void
jnum(struct buf *b, const char *key, double v)
{
	if (isnan(v))
		event_str(b, key, NULL);
	else
		event_num(b, key, v);
}

static const char *
pass_text(enum gate_pass p)
{
	return p == GATE_PASS ? "true" : p == GATE_FAIL ? "false" : "n/a";
}

/* "KEY":{"auc":...,...}, after a comma unless FIRST. */
static void
json_metrics(struct buf *b, const char *key, const double *v, int task,
    int first)
{
	const char *const *names = metric_names(task);
	char num[NUM_BUFSZ];
	size_t i;

	if (!first)
		buf_addc(b, ',');
	json_quote(b, key, strlen(key));
	buf_adds(b, ":{");
	for (i = 0; names[i] != NULL; i++) {
		double x = v[metric_lookup(names[i], strlen(names[i]))];

		if (i > 0)
			buf_addc(b, ',');
		json_quote(b, names[i], strlen(names[i]));
		buf_addc(b, ':');
		if (isfinite(x))
			buf_add(b, num, num_format(x, num));
		else
			buf_adds(b, "null");
	}
	buf_addc(b, '}');
}

static void
json_rules(struct buf *b, const struct gate_result *r)
{
	size_t i;

	buf_adds(b, ",\"rules\":[");
	for (i = 0; i < r->nrows; i++) {
		const struct gate_row *w = &r->rows[i];

		buf_adds(b, i ? ",{\"rule\":" : "{\"rule\":");
		json_quote(b, w->rule, strlen(w->rule));
		event_str(b, "metric", metric_name(w->metric));
		jnum(b, "candidate", w->candidate);
		jnum(b, "production", w->production);
		jnum(b, "delta", w->delta);
		jnum(b, "ci_low", w->ci_low);
		jnum(b, "ci_high", w->ci_high);
		jnum(b, "limit", w->limit);
		if (w->pass == GATE_NA)
			event_str(b, "pass", "n/a");
		else
			event_bool(b, "pass", w->pass == GATE_PASS);
		buf_addc(b, '}');
	}
	buf_addc(b, ']');
}

static void
json_prints(struct buf *b, const struct print *p, size_t n)
{
	size_t i;

	buf_adds(b, ",\"data\":[");
	for (i = 0; i < n; i++) {
		buf_adds(b, i ? ",{\"role\":" : "{\"role\":");
		json_quote(b, p[i].role, strlen(p[i].role));
		event_str(b, "file", display_name(p[i].file));
		event_str(b, "xxh128", p[i].xxh128);
		event_int(b, "rows", (int64_t)p[i].rows);
		event_str(b, "feature_set", p[i].feature_set);
		buf_addc(b, '}');
	}
	buf_addc(b, ']');
}

/* The decision rows on stdout (or -o). */
static int
write_rows(const struct retrain_opts *o, enum rec_format fmt,
    const struct gate_result *r, struct mlo_error *e)
{
	static const char *const cols[] = { "rule", "metric", "candidate",
		"production", "delta", "ci_low", "ci_high", "limit", "pass" };
	struct output *out = o->output != NULL ? output_open(o->output, e) :
	    output_stdout();
	struct writer *w;
	size_t i;

	if (out == NULL)
		return -1;
	w = writer_new(out, fmt, ',', NELEM(cols), cols);
	writer_header(w);
	for (i = 0; i < r->nrows; i++) {
		const struct gate_row *row = &r->rows[i];
		const double v[] = { row->candidate, row->production,
			row->delta, row->ci_low, row->ci_high, row->limit };
		size_t k;

		writer_string(w, row->rule, strlen(row->rule));
		writer_string(w, metric_name(row->metric),
		    strlen(metric_name(row->metric)));
		for (k = 0; k < NELEM(v); k++)
			if (isnan(v[k]))
				writer_null(w);
			else
				writer_number(w, v[k]);
		if (row->pass == GATE_NA)
			writer_string(w, "n/a", 3);
		else {
			struct field f = { pass_text(row->pass), 0,
				FIELD_BOOL, 0 };

			f.len = strlen(f.s);
			writer_field(w, &f);
		}
		writer_end(w);
	}
	writer_free(w);
	return output_close(out, e);
}

/* A number for people: six significant digits, shortest form. */
static const char *
human(double v, char *buf)
{
	char tmp[64];
	double x;

	if (isnan(v))
		return "-";
	snprintf(tmp, sizeof tmp, "%.6g", v);
	if (num_parse(tmp, strlen(tmp), &x) == -1)
		x = v;
	num_format(x, buf);
	return buf;
}

static void
table(const struct retrain_opts *o, const struct policy *p,
    const struct gate_result *r, struct buf *t)
{
	size_t i, wr = 4, k;
	char b[6][NUM_BUFSZ];

	buf_printf(t, "policy %s (%s): %zu rows", p->name, task_name(p->task),
	    r->n);
	if (p->task == TASK_CLASSIFICATION)
		buf_printf(t, ", %g labelled 1", r->positives);
	if (r->resamples > 0)
		buf_printf(t, "; %u resamples%s%s%s, seed %llu", r->resamples,
		    o->cluster ? " of whole '" : "", o->cluster ? o->cluster :
		    "", o->cluster ? "'" : "", (unsigned long long)o->seed);
	if (!r->has_production)
		buf_adds(t, "; no production: first deployment");
	buf_addc(t, '\n');
	for (i = 0; i < r->nrows; i++)
		if (strlen(r->rows[i].rule) > wr)
			wr = strlen(r->rows[i].rule);
	buf_printf(t, "%-*s %11s %11s %11s %11s %11s %11s  %s\n", (int)wr,
	    "rule", "candidate", "production", "delta", "ci_low", "ci_high",
	    "limit", "pass");
	for (i = 0; i < r->nrows; i++) {
		const struct gate_row *w = &r->rows[i];
		const double v[] = { w->candidate, w->production, w->delta,
			w->ci_low, w->ci_high, w->limit };

		buf_printf(t, "%-*s", (int)wr, w->rule);
		for (k = 0; k < 6; k++)
			buf_printf(t, " %11s", human(v[k], b[k]));
		buf_printf(t, "  %s", w->pass == GATE_PASS ? "yes" :
		    w->pass == GATE_FAIL ? "NO" : "n/a");
		if (w->note != NULL)
			buf_printf(t, " (%s)", w->note);
		buf_addc(t, '\n');
	}
}

/* The names of the rules that failed, joined by blanks. */
static void
failed_names(const struct gate_result *r, struct buf *b)
{
	size_t i;

	buf_adds(b, "");
	for (i = 0; i < r->nrows; i++)
		if (r->rows[i].pass == GATE_FAIL) {
			if (b->len > 0)
				buf_addc(b, ' ');
			buf_adds(b, r->rows[i].rule);
		}
}

struct run {
	const struct retrain_opts *o;
	struct policy *p;
	struct holdout cand, prod;
	int has_prod;
	struct gate_result r;
	struct print *prints;
	size_t nprints;
	const char *feature_set;
	char artifact[33];
	char cand_id[REGISTRY_ID_MAX], before[REGISTRY_ID_MAX];
	char after[REGISTRY_ID_MAX];
	int has_before, has_after, promoted;
	char host[256];
};

static void
envelope(struct buf *b, const struct run *x, const char *decision)
{
	buf_printf(b, "{\"v\":1");
	event_str(b, "time", x->o->stamp);
	event_str(b, "tool", "mlo-retrain-gate");
	event_str(b, "decision", decision);
}

static void
ledger_record(const struct run *x, struct buf *b)
{
	const struct retrain_opts *o = x->o;
	struct buf failed = {0};

	envelope(b, x, x->r.promote ? "promote" : "reject");
	event_str(b, "policy", x->p->name);
	event_str(b, "policy_file", x->p->path);
	event_str(b, "task", task_name(x->p->task));
	event_str(b, "candidate", x->cand_id);
	event_str(b, "production_before", x->has_before ? x->before : NULL);
	event_str(b, "production", x->has_after ? x->after : NULL);
	failed_names(&x->r, &failed);
	event_str(b, "failed", failed.data);
	buf_free(&failed);
	json_rules(b, &x->r);
	buf_adds(b, ",\"metrics\":{");
	json_metrics(b, "candidate", x->r.candidate, x->p->task, 1);
	if (x->has_prod)
		json_metrics(b, "production", x->r.production, x->p->task, 0);
	else
		buf_adds(b, ",\"production\":null");
	buf_addc(b, '}');
	event_int(b, "rows", (int64_t)x->r.n);
	if (x->p->task == TASK_CLASSIFICATION)
		event_num(b, "positives", x->r.positives);
	event_int(b, "resamples", x->r.resamples);
	event_int(b, "seed", (int64_t)o->seed);
	event_str(b, "cluster", o->cluster);
	json_prints(b, x->prints, x->nprints);
	event_str(b, "feature_set", *x->feature_set ? x->feature_set : NULL);
	event_str(b, "contract", o->contract);
	event_str(b, "artifact_xxh128", x->artifact);
	event_str(b, "mlo_version", MLO_VERSION);
	event_str(b, "host", x->host);
}

static void
meta_json(const struct run *x, struct buf *b)
{
	buf_adds(b, "{\"id\":");
	json_quote(b, x->cand_id, strlen(x->cand_id));
	event_str(b, "model_version", x->cand_id);
	event_str(b, "created", x->o->stamp);
	event_str(b, "policy", x->p->name);
	event_str(b, "task", task_name(x->p->task));
	event_int(b, "rows", (int64_t)x->r.n);
	json_metrics(b, "metrics", x->r.candidate, x->p->task, 0);
	json_prints(b, x->prints, x->nprints);
	event_str(b, "feature_set", *x->feature_set ? x->feature_set : NULL);
	event_str(b, "contract", x->o->contract);
	event_str(b, "artifact_xxh128", x->artifact);
	event_str(b, "mlo_version", MLO_VERSION);
	buf_adds(b, "}\n");
}

static int
gate_event(const struct run *x, struct mlo_error *e)
{
	const struct retrain_opts *o = x->o;
	struct event_sink sink;
	struct buf ev = {0}, failed = {0}, msg = {0};
	int st;

	event_sink_init(&sink, o->events, "mlo-retrain-gate", o->stamp);
	event_begin(&ev, &sink, "gate", NULL, x->r.promote ? "info" :
	    "warning", "lifecycle");
	event_str(&ev, "policy", x->p->name);
	event_str(&ev, "decision", x->r.promote ? "promote" : "reject");
	event_str(&ev, "candidate", x->cand_id[0] ? x->cand_id : NULL);
	event_str(&ev, "production", x->has_after ? x->after : NULL);
	event_int(&ev, "rows", (int64_t)x->r.n);
	event_int(&ev, "rules_passed", (int64_t)x->r.passed);
	event_int(&ev, "rules_failed", (int64_t)x->r.failed);
	failed_names(&x->r, &failed);
	event_str(&ev, "failed", failed.data);
	event_bool(&ev, "dry_run", o->dry_run);
	if (x->r.promote)
		buf_printf(&msg, "candidate %s: %zu rules passed",
		    x->promoted ? "promoted" : "may be promoted", x->r.passed);
	else
		buf_printf(&msg, "candidate rejected: %s", failed.data);
	event_str(&ev, "message", msg.data);
	event_end(&ev, &sink);
	st = event_flush(&sink, e);
	event_sink_free(&sink);
	buf_free(&ev);
	buf_free(&failed);
	buf_free(&msg);
	return st;
}

/* Read the policy, the holdouts and the fingerprints: no lock yet. */
/*
 * put_back: the ledger record of a promotion or rollback could not be
 * appended (E says why): point production back at BEFORE (NULL: none),
 * so that it never names a version the ledger does not record.  When even
 * that fails, E says so too.
 */
static void
put_back(const struct registry *reg, const char *before,
    struct mlo_error *e)
{
	struct mlo_error re;
	size_t n = strlen(e->msg);

	if (registry_restore(reg, before, &re) == 0)
		return;
	snprintf(e->msg + n, sizeof e->msg - n, "; production could not be "
	    "put back: %.200s", re.msg);
}

static int
prepare(struct run *x, struct mlo_error *e)
{
	const struct retrain_opts *o = x->o;
	const char **cols;
	size_t ncols, i;

	if ((x->p = policy_load(o->policy, e)) == NULL)
		return -1;
	cols = xcalloc(x->p->nrules + 2, sizeof *cols);
	ncols = gate_columns(x->p, o->cluster, cols);
	if (holdout_read(&x->cand, o->candidate, o->ro, x->p->task, cols,
	    ncols, e) == -1) {
		free(cols);
		return -1;
	}
	if (o->production != NULL) {
		x->has_prod = 1;
		if (holdout_read(&x->prod, o->production, o->ro, x->p->task,
		    NULL, 0, e) == -1 ||
		    holdout_join(&x->cand, &x->prod, e) == -1) {
			free(cols);
			return -1;
		}
	}
	free(cols);
	x->prints = xcalloc(o->ndata + 3, sizeof *x->prints);
	for (i = 0; i < o->ndata; i++) {
		struct print *p = &x->prints[x->nprints++];

		p->role = "training";
		p->file = o->data[i];
		if (print_data(p, o->ro, e) == -1)
			return -1;
	}
	for (i = 0; i < 2; i++) {
		const struct holdout *h = i == 0 ? &x->cand : &x->prod;
		struct print *p;

		if (i == 1 && !x->has_prod)
			continue;
		p = &x->prints[x->nprints++];
		p->role = i == 0 ? "candidate" : "production";
		p->file = i == 0 ? o->candidate : o->production;
		p->rows = h->n;
		if (h->feature_set != NULL)
			p->feature_set = xstrdup(h->feature_set);
		if (strcmp(p->file, "-") != 0 &&
		    file_xxh128(p->file, p->xxh128, e) == -1)
			return -1;
	}
	if ((x->feature_set = one_feature_set(x->prints, x->nprints, e)) ==
	    NULL)
		return -1;
	if (o->model_dir != NULL &&
	    artifact_hash(o->model_dir, x->artifact, e) == -1)
		return -1;
	if (gethostname(x->host, sizeof x->host - 1) == -1)
		snprintf(x->host, sizeof x->host, "unknown");
	return 0;
}

/* Under the lock: production, promotion, the ledger line. */
static int
commit(struct run *x, struct mlo_error *e)
{
	const struct retrain_opts *o = x->o;
	struct registry reg;
	struct ledger led;
	struct buf rec = {0}, meta = {0};
	char *path;
	int k, st = -1;

	if (o->dry_run && access(o->registry, F_OK) == -1 && errno == ENOENT)
		return 0;	/* a registry yet to be made has no production */
	if (registry_open(&reg, o->registry, !o->dry_run, e) == -1)
		return -1;
	if ((k = registry_production(&reg, x->before, e)) == -1)
		goto out;
	x->has_before = k;
	if (x->has_before && !x->has_prod) {
		error_set(e, "%s: production is '%s', and no --production "
		    "predictions were given: predict the holdout with it too",
		    o->registry, x->before);
		goto out;
	}
	if (o->dry_run) {
		st = 0;
		goto out;
	}
	path = registry_ledger(&reg);
	k = ledger_load(&led, path, warn, e);
	free(path);
	if (k == -1)
		goto out;
	registry_new_id(&reg, o->now, x->artifact, x->cand_id);
	if (x->has_before) {
		memcpy(x->after, x->before, sizeof x->after);
		x->has_after = 1;
	}
	if (x->r.promote) {
		meta_json(x, &meta);
		if (registry_install(&reg, o->model_dir, x->cand_id,
		    meta.data, meta.len, e) == -1 ||
		    registry_point(&reg, x->cand_id, e) == -1)
			goto out_ledger;
		memcpy(x->after, x->cand_id, sizeof x->after);
		x->has_after = x->promoted = 1;
	}
	ledger_record(x, &rec);
	if ((st = ledger_append(&led, &rec, e)) == -1 && x->promoted)
		put_back(&reg, x->has_before ? x->before : NULL, e);
out_ledger:
	ledger_free(&led);
out:
	registry_close(&reg);
	buf_free(&rec);
	buf_free(&meta);
	return st;
}

int
retrain_gate(const struct retrain_opts *o, struct mlo_error *e)
{
	struct run x;
	struct gate_opts go;
	struct buf t = {0};
	size_t i;
	int st = -1;

	memset(&x, 0, sizeof x);
	x.o = o;
	if (prepare(&x, e) == -1)
		goto out;
	go.seed = o->seed;
	go.resamples = o->resamples;
	go.cluster = o->cluster;
	if (gate_evaluate(x.p, &x.cand, x.has_prod ? &x.prod : NULL, &go,
	    &x.r, e) == -1)
		goto out;
	if (o->registry != NULL && commit(&x, e) == -1)
		goto out;
	if (write_rows(o, o->format != REC_AUTO ? o->format : x.cand.format,
	    &x.r, e) == -1)
		goto out;
	if (!o->quiet) {
		table(o, x.p, &x.r, &t);
		buf_printf(&t, "decision: %s (%zu passed, %zu failed, %zu not "
		    "applicable)", x.r.promote ? "promote" : "reject",
		    x.r.passed, x.r.failed, x.r.not_applicable);
		if (x.promoted)
			buf_printf(&t, ": %s/production is %s", o->registry,
			    x.cand_id);
		else if (o->dry_run)
			buf_adds(&t, ", dry run: the registry is untouched");
		buf_addc(&t, '\n');
		fputs(t.data, stderr);
	}
	if (gate_event(&x, e) == -1)
		goto out;
	st = x.r.promote ? 0 : 1;
out:
	buf_free(&t);
	for (i = 0; i < x.nprints; i++)
		free(x.prints[i].feature_set);
	free(x.prints);
	gate_result_free(&x.r);
	holdout_free(&x.cand);
	if (x.has_prod)
		holdout_free(&x.prod);
	policy_free(x.p);
	return st;
}

int
retrain_rollback(const struct retrain_opts *o, struct mlo_error *e)
{
	struct registry reg;
	struct ledger led;
	struct event_sink sink;
	struct buf rec = {0}, ev = {0}, msg = {0};
	char cur[REGISTRY_ID_MAX], to[64], host[256], *path;
	int k, st = -1;

	if (registry_open(&reg, o->registry, 1, e) == -1)
		return -1;
	path = registry_ledger(&reg);
	k = ledger_load(&led, path, warn, e);
	free(path);
	if (k == -1)
		goto out;
	if ((k = registry_production(&reg, cur, e)) == -1)
		goto out_ledger;
	if (k == 0) {
		error_set(e, "%s: no production to roll back", o->registry);
		goto out_ledger;
	}
	if (ledger_before(&led, cur, to, e) == -1)
		goto out_ledger;
	if (!registry_has(&reg, to)) {
		error_set(e, "%s/versions/%s: No such directory: cannot roll "
		    "back to it", o->registry, to);
		goto out_ledger;
	}
	if (registry_point(&reg, to, e) == -1)
		goto out_ledger;
	if (gethostname(host, sizeof host - 1) == -1)
		snprintf(host, sizeof host, "unknown");
	buf_printf(&rec, "{\"v\":1");
	event_str(&rec, "time", o->stamp);
	event_str(&rec, "tool", "mlo-retrain-gate");
	event_str(&rec, "decision", "rollback");
	event_str(&rec, "production_before", cur);
	event_str(&rec, "production", to);
	event_str(&rec, "mlo_version", MLO_VERSION);
	event_str(&rec, "host", host);
	if (ledger_append(&led, &rec, e) == -1) {
		put_back(&reg, cur, e);
		goto out_ledger;
	}
	if (!o->quiet)
		fprintf(stderr, "%s/production: %s -> %s\n", o->registry, cur,
		    to);
	event_sink_init(&sink, o->events, "mlo-retrain-gate", o->stamp);
	event_begin(&ev, &sink, "rollback", NULL, "warning", "lifecycle");
	event_str(&ev, "production_before", cur);
	event_str(&ev, "production", to);
	buf_printf(&msg, "production rolled back from %s to %s", cur, to);
	event_str(&ev, "message", msg.data);
	event_end(&ev, &sink);
	st = event_flush(&sink, e);
	event_sink_free(&sink);
out_ledger:
	ledger_free(&led);
out:
	registry_close(&reg);
	buf_free(&rec);
	buf_free(&ev);
	buf_free(&msg);
	return st;
}

int
retrain_history(const char *registry, enum rec_format fmt,
    struct mlo_error *e)
{
	struct registry reg;
	struct ledger led;
	struct output *out;
	char *path;
	int st;

	if (registry_open(&reg, registry, 0, e) == -1)
		return -1;
	path = registry_ledger(&reg);
	st = ledger_load(&led, path, warn, e);
	free(path);
	registry_close(&reg);
	if (st == -1)
		return -1;
	out = output_stdout();
	ledger_history(&led, out, fmt);
	st = output_close(out, e);
	ledger_free(&led);
	return st;
}

int
retrain_verify(const char *registry, struct mlo_error *e)
{
	struct registry reg;
	struct ledger led;
	struct buf report = {0};
	size_t breaks, torn, i, records = 0;
	char *path, *line, *nl;
	int st;

	if (registry_open(&reg, registry, 0, e) == -1)
		return -1;
	path = registry_ledger(&reg);
	st = ledger_load(&led, path, NULL, e);
	registry_close(&reg);
	if (st == -1) {
		free(path);
		return -1;
	}
	breaks = ledger_verify(&led, &report, &torn);
	for (i = 0; i < led.n; i++)
		records += led.lines[i].obj != NULL;
	for (line = report.data; line != NULL && *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		diag("%.*s", (int)(nl - line), line);
	}
	if (breaks == 0 && torn == 0)
		printf("%s: %zu records, hash chain intact\n", path, records);
	else
		fprintf(stderr, "%s: %zu records, %zu break%s in the hash "
		    "chain, %zu line%s not a record\n", path, records, breaks,
		    breaks == 1 ? "" : "s", torn, torn == 1 ? "" : "s");
	free(path);
	buf_free(&report);
	ledger_free(&led);
	return torn > 0 ? 2 : breaks > 0 ? 1 : 0;
}

int
retrain_lint(const char *path, struct mlo_error *e)
{
	struct policy *p;

	if ((p = policy_load(path, e)) == NULL)
		return -1;
	printf("%s: policy %s, %s, %zu rule%s: ok\n", display_name(path),
	    p->name, task_name(p->task), p->nrules, p->nrules == 1 ? "" : "s");
	policy_free(p);
	return 0;
}
