/*
 * snapfeat: features of snapshot files, one row per channel (snapfeat.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "io.h"
#include "snapfeat.h"
#include "snapshot.h"
#include "spectrum.h"
#include "statefile.h"
#include "writer.h"

#define STATE_MAGIC "mlo-features-snapshot"
#define STATE_VERSION 1

struct snapfeat {
	const struct spec *s;
	struct features_opts o;
	struct reader_opts ro;
	char **cols;		/* the columns read: channels, then speeds */
	size_t ncols;
	long *speedcol;		/* per feature: in cols, or -1 */
	struct spectrum_work **work;	/* per feature (spectra only) */
	double *vals;
	struct output *out;
	struct writer *w;
	struct buf rowid;
	struct event_sink *sink;
	int has_last;
	mlo_time last;
	uint64_t files, rows_out, late;
	char late_where[300];
};

static size_t
add_col(struct snapfeat *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->ncols; i++)
		if (strcmp(f->cols[i], name) == 0)
			return i;
	f->cols = xreallocarray(f->cols, f->ncols + 1, sizeof *f->cols);
	f->cols[f->ncols] = xstrdup(name);
	return f->ncols++;
}

static int
load_line(void *arg, long lineno, const cJSON *obj, struct mlo_error *e)
{
	struct snapfeat *f = arg;
	const cJSON *v;

	if (lineno == 1) {
		v = cJSON_GetObjectItemCaseSensitive(obj, "feature_set");
		if (!cJSON_IsString(v) || strcmp(v->valuestring, f->s->id) != 0)
			return error_set(e, "%s: state of feature set %s, not "
			    "of %s (use another state file, or remove it to "
			    "start afresh)", f->o.state, cJSON_IsString(v) ?
			    v->valuestring : "unknown", f->s->id);
		return 0;
	}
	if (statefile_get_i64(obj, "last", &f->last, INT64_MIN) == -1 ||
	    f->last == INT64_MIN)
		return error_at(e, f->o.state, lineno, 0, "damaged state");
	f->has_last = 1;
	return 0;
}

static int
save_state(const struct snapfeat *f, struct mlo_error *e)
{
	struct buf b = {0};
	int r;

	statefile_begin(&b, STATE_MAGIC, STATE_VERSION);
	buf_adds(&b, ",\"feature_set\":");
	json_quote(&b, f->s->id, strlen(f->s->id));
	statefile_end_line(&b);
	if (f->has_last) {
		buf_adds(&b, "{\"of\":\"the last snapshot\"");
		statefile_put_i64(&b, "last", f->last);
		statefile_end_line(&b);
	}
	r = statefile_save(f->o.state, &b, e);
	buf_free(&b);
	return r;
}

static void
start(struct snapfeat *f)
{
	const struct spec *s = f->s;
	const char **names = xcalloc(spec_nouts(s) + 4, sizeof *names);
	size_t i, k, n = 0;

	names[n++] = s->time;
	names[n++] = s->entity;
	for (i = 0; i < s->nfeats; i++)
		for (k = 0; k < s->feats[i].nouts; k++)
			names[n++] = s->feats[i].outs[k];
	names[n++] = "feature_set";
	names[n++] = "row_id";
	f->w = writer_new(f->out, f->o.format == REC_AUTO ? REC_CSV :
	    f->o.format, ',', n, names);
	free(names);
}

struct snapfeat *
snapfeat_open(const struct spec *s, const struct reader_opts *ro,
    const struct features_opts *o, struct event_sink *sink,
    struct mlo_error *e)
{
	struct snapfeat *f = xcalloc(1, sizeof *f);
	size_t i;

	f->sink = sink;
	f->s = s;
	f->o = *o;
	f->ro = *ro;
	for (i = 0; i < s->snap.nchannels; i++)
		add_col(f, s->snap.channels[i]);
	f->speedcol = xcalloc(s->nfeats, sizeof *f->speedcol);
	f->work = xcalloc(s->nfeats, sizeof *f->work);
	f->vals = xcalloc(spec_nouts(s) + 1, sizeof *f->vals);
	for (i = 0; i < s->nfeats; i++) {
		const struct feature *ft = &s->feats[i];

		f->speedcol[i] = ft->speed_from ?
		    (long)add_col(f, ft->speed_from) : -1;
		f->work[i] = spectrum_work_new(ft->sp);
	}
	if (o->state != NULL && statefile_load(o->state, STATE_MAGIC,
	    STATE_VERSION, load_line, f, e) == -1) {
		snapfeat_free(f);
		return NULL;
	}
	if ((f->out = output_open(o->output, e)) == NULL) {
		snapfeat_free(f);
		return NULL;
	}
	start(f);
	return f;
}

static double
mean(const double *x, size_t n)
{
	double s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += x[i];
	return s / (double)n;
}

/* One channel's row: every spectrum column over the snapshot's windows. */
static void
channel_row(struct snapfeat *f, const struct snapshot *sn, size_t ch)
{
	const struct spec *s = f->s;
	const double *x = sn->cols[ch];
	double *out = f->vals;
	char stamp[TIME_BUFSZ];
	size_t i, off;

	for (i = 0; i < s->nfeats; i++) {
		const struct spectrum_conf *c = s->feats[i].sp;
		double shaft = c->shaft_rpm / 60;

		if (f->speedcol[i] >= 0)
			shaft = mean(sn->cols[f->speedcol[i]], sn->nrows) / 60;
		spectrum_reset(f->work[i]);
		for (off = 0; off + c->window <= sn->nrows; off += c->hop)
			spectrum_add(f->work[i], x + off);
		spectrum_result(f->work[i], x, sn->nrows, shaft, out);
		out += s->feats[i].nouts;
	}
	time_format(sn->time, TIME_RFC3339, stamp);
	writer_string(f->w, stamp, strlen(stamp));
	writer_string(f->w, s->snap.channels[ch], strlen(s->snap.channels[ch]));
	for (i = 0; i < spec_nouts(s); i++)
		if (f->vals[i] != f->vals[i])
			writer_null(f->w);
		else
			writer_number(f->w, f->vals[i]);
	writer_string(f->w, s->id, strlen(s->id));
	buf_reset(&f->rowid);
	buf_printf(&f->rowid, "%s@%s", s->snap.channels[ch], stamp);
	writer_string(f->w, f->rowid.data, f->rowid.len);
	writer_end(f->w);
	f->rows_out++;
}

int
snapfeat_file(struct snapfeat *f, const char *path, struct mlo_error *e)
{
	const struct spec *s = f->s;
	struct snapshot sn;
	size_t i;

	if (snapshot_read(s, &f->ro, path, f->cols, f->ncols, &sn, e) == -1) {
		snapshot_free(&sn);
		return -1;
	}
	for (i = 0; i < s->nfeats; i++)
		if (s->feats[i].sp->window > sn.nrows) {
			spec_err(s, s->feats[i].pos, e, "the window of '%s', "
			    "%zu samples, is longer than snapshot %s (%zu "
			    "rows)", s->feats[i].name, s->feats[i].sp->window,
			    sn.name, sn.nrows);
			snapshot_free(&sn);
			return -1;
		}
	f->files++;
	if (f->has_last && sn.time < f->last) {
		char now[TIME_BUFSZ], last[TIME_BUFSZ];

		if (f->o.late_drop) {
			if (f->late++ == 0)
				snprintf(f->late_where, sizeof f->late_where,
				    "%s", sn.name);
			snapshot_free(&sn);
			return 0;
		}
		time_format(sn.time, TIME_RFC3339, now);
		time_format(f->last, TIME_RFC3339, last);
		error_set(e, "%s: snapshot time %s is before %s, the last "
		    "time seen (--late drop skips late snapshots)", sn.name,
		    now, last);
		snapshot_free(&sn);
		return -1;
	}
	f->has_last = 1;
	f->last = sn.time;
	for (i = 0; i < s->snap.nchannels; i++)
		channel_row(f, &sn, i);
	snapshot_free(&sn);
	return 0;
}

int
snapfeat_finish(struct snapfeat *f, struct buf *report, struct mlo_error *e)
{
	int r;

	writer_header(f->w);
	r = output_close(f->out, e);
	f->out = NULL;
	buf_printf(report, "%s: %llu snapshot%s in, %llu row%s out",
	    f->s->id, (unsigned long long)f->files, f->files == 1 ? "" : "s",
	    (unsigned long long)f->rows_out, f->rows_out == 1 ? "" : "s");
	if (f->late > 0)
		buf_printf(report, ", %llu late snapshot%s dropped (first %s)",
		    (unsigned long long)f->late, f->late == 1 ? "" : "s",
		    f->late_where);
	buf_addc(report, '\n');
	if (f->late > 0) {
		char msg[100];

		snprintf(msg, sizeof msg, "%llu snapshot%s out of time order "
		    "dropped", (unsigned long long)f->late,
		    f->late == 1 ? "" : "s");
		features_late_event(f->sink, f->s->id, f->late *
		    f->s->snap.nchannels, f->late_where, msg);
	}
	if (r == 0 && f->o.state != NULL && save_state(f, e) == -1)
		r = -1;
	return r;
}

void
snapfeat_abort(struct snapfeat *f)
{
	output_abort(f->out);
	f->out = NULL;
}

void
snapfeat_free(struct snapfeat *f)
{
	size_t i;

	if (f == NULL)
		return;
	writer_free(f->w);
	output_abort(f->out);
	for (i = 0; i < f->ncols; i++)
		free(f->cols[i]);
	free(f->cols);
	for (i = 0; i < f->s->nfeats; i++)
		spectrum_work_free(f->work[i]);
	free(f->work);
	free(f->speedcol);
	free(f->vals);
	buf_free(&f->rowid);
	free(f);
}
