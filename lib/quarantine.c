#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "quarantine.h"
#include "validate.h"
#include "writer.h"

struct quarantine {
	const struct contract *c;
	struct reader_opts ro;	/* merged: command line over contract */
	struct quarantine_opts o;
	struct validator *v;

	struct output *out;
	struct writer *conv;	/* when -f changes the format */
	enum rec_format in_fmt;	/* of the first input */
	int convert;		/* rows are rewritten, not passed as read */
	int trouble;		/* an input could not be read to its end */
	char **cols;		/* the first input's columns */
	size_t ncols;
	long *map;		/* cols[i] in the current input, or -1 */
	int started;

	struct output *rej;
	struct writer *rejw;	/* CSV rejects */
	enum rec_format rej_fmt;
	int rej_failed;
	struct buf line;
	struct mlo_error rej_err;
};

struct quarantine *
quarantine_open(const struct contract *c, const struct reader_opts *cli,
    const struct quarantine_opts *o, struct event_sink *sink,
    struct mlo_error *e)
{
	struct quarantine *q = xcalloc(1, sizeof *q);
	size_t i;

	q->c = c;
	q->o = *o;
	q->ro = *cli;
	q->ro.columns = NULL;
	q->ro.ncolumns = 0;
	if (!cli->delimiter && c->has_delimiter)
		q->ro.delimiter = c->delimiter;
	q->ro.no_header = cli->no_header || c->no_header;
	if (cli->ncolumns > 0) {
		q->ro.columns = xcalloc(cli->ncolumns, sizeof (char *));
		for (i = 0; i < cli->ncolumns; i++)
			q->ro.columns[i] = xstrdup(cli->columns[i]);
		q->ro.ncolumns = cli->ncolumns;
	} else if (q->ro.no_header) {
		/* Header-less data is named by the contract's columns. */
		q->ro.columns = xcalloc(c->ncols, sizeof (char *));
		for (i = 0; i < c->ncols; i++)
			q->ro.columns[i] = xstrdup(c->cols[i].name);
		q->ro.ncolumns = c->ncols;
	}
	q->v = validator_new(c, sink);
	if ((o->state != NULL && validator_load(q->v, o->state, e) == -1) ||
	    (o->suppress != NULL &&
	    validator_suppress(q->v, o->suppress, e) == -1)) {
		quarantine_free(q);
		return NULL;
	}
	if (!o->check_only && (q->out = output_open(o->output, e)) == NULL) {
		quarantine_free(q);
		return NULL;
	}
	return q;
}

static int
same_columns(const struct quarantine *q, const struct reader *r)
{
	size_t i;

	if (reader_ncolumns(r) != q->ncols)
		return 0;
	for (i = 0; i < q->ncols; i++)
		if (strcmp(reader_column(r, i), q->cols[i]) != 0)
			return 0;
	return 1;
}

/* The first input fixes the columns and the output's header. */
static int
start(struct quarantine *q, struct reader *r, struct mlo_error *e)
{
	const char *raw;
	size_t i, len;

	q->started = 1;
	q->in_fmt = reader_format(r);
	/* -f csv on tab- or blank-separated input means real CSV out. */
	q->convert = q->o.format != REC_AUTO && (q->o.format != q->in_fmt ||
	    (q->in_fmt == REC_CSV && reader_delimiter(r) != ','));
	if (q->o.format == REC_AUTO)
		q->o.format = q->in_fmt;
	if (q->in_fmt == REC_NDJSON) {
		/* Keys come and go: the contract's columns are the columns. */
		q->ncols = q->c->ncols;
		q->cols = xcalloc(q->ncols, sizeof *q->cols);
		for (i = 0; i < q->ncols; i++)
			q->cols[i] = xstrdup(q->c->cols[i].name);
	} else {
		q->ncols = reader_ncolumns(r);
		q->cols = xcalloc(q->ncols + 1, sizeof *q->cols);
		for (i = 0; i < q->ncols; i++)
			q->cols[i] = xstrdup(reader_column(r, i));
	}
	if (q->out == NULL)
		return 0;
	if (q->convert)
		q->conv = writer_new(q->out, q->o.format, ',', q->ncols,
		    (const char *const *)q->cols);
	else if ((raw = reader_header_raw(r, &len)) != NULL) {
		output_write(q->out, raw, len);
		if (raw[len - 1] != '\n')
			output_putc(q->out, '\n');
	}
	(void)e;
	return 0;
}

static void
pass(struct quarantine *q, const struct record *rec)
{
	size_t i;

	if (q->out == NULL)
		return;
	if (q->conv == NULL) {
		output_write(q->out, rec->raw, rec->rawlen);
		if (rec->rawlen == 0 || rec->raw[rec->rawlen - 1] != '\n')
			output_putc(q->out, '\n');
		return;
	}
	for (i = 0; i < q->ncols; i++) {
		long c = q->map[i];

		if (c >= 0 && (size_t)c < rec->nfields)
			writer_field(q->conv, &rec->fields[c]);
		else
			writer_null(q->conv);
	}
	writer_end(q->conv);
}

static size_t
trim_end(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' ||
	    s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n;
}

/* Open the rejects file on the first rejected row, so none is created. */
static int
open_rejects(struct quarantine *q, struct reader *r, struct mlo_error *e)
{
	int empty;

	q->rej_fmt = reader_format(r);
	if ((q->rej = output_append(q->o.rejects, &empty, e)) == NULL)
		return -1;
	if (q->rej_fmt == REC_CSV) {
		char **names = xcalloc(q->ncols + 2, sizeof *names);
		size_t i;

		for (i = 0; i < q->ncols; i++)
			names[i] = q->cols[i];
		names[q->ncols] = "_violation";
		names[q->ncols + 1] = "_raw";
		q->rejw = writer_new(q->rej, REC_CSV, reader_delimiter(r),
		    q->ncols + 2, (const char *const *)names);
		free(names);
		if (!empty)
			writer_header_done(q->rejw);
	}
	return 0;
}

static void
reject(struct quarantine *q, struct reader *r, const struct record *rec,
    const char *why)
{
	size_t i, n;

	if (q->o.rejects == NULL || q->rej_failed)
		return;
	if (q->rej == NULL && open_rejects(q, r, &q->rej_err) == -1) {
		q->rej_failed = 1;
		return;
	}
	n = trim_end(rec->raw, rec->rawlen);
	if (q->rej_fmt == REC_NDJSON) {
		buf_reset(&q->line);
		if (rec->shape_error != NULL || n == 0 || rec->raw[n - 1] != '}') {
			buf_adds(&q->line, "{\"_raw\":");
			json_quote(&q->line, rec->raw, n);
			buf_addc(&q->line, ',');
		} else {
			size_t k = n - 1;

			buf_add(&q->line, rec->raw, k);
			while (k > 0 && (rec->raw[k - 1] == ' ' ||
			    rec->raw[k - 1] == '\t'))
				k--;
			if (k > 0 && rec->raw[k - 1] != '{')
				buf_addc(&q->line, ',');
		}
		buf_adds(&q->line, "\"_violation\":");
		json_quote(&q->line, why, strlen(why));
		buf_add(&q->line, "}\n", 2);
		output_write(q->rej, q->line.data, q->line.len);
		return;
	}
	if (rec->shape_error != NULL) {
		/* Fields cannot be trusted to their columns: keep the bytes. */
		for (i = 0; i < q->ncols; i++)
			if (i < rec->nall)
				writer_field(q->rejw, &rec->all[i]);
			else
				writer_null(q->rejw);
		writer_string(q->rejw, why, strlen(why));
		writer_string(q->rejw, rec->raw, n);
	} else {
		for (i = 0; i < q->ncols; i++)
			if (i < rec->nfields)
				writer_field(q->rejw, &rec->fields[i]);
			else
				writer_null(q->rejw);
		writer_string(q->rejw, why, strlen(why));
		writer_null(q->rejw);
	}
	writer_end(q->rejw);
}

int
quarantine_file(struct quarantine *q, const char *path, struct mlo_error *e)
{
	struct input *in;
	struct reader *r;
	struct record *rec;
	int got, bad;
	size_t i;

	if ((in = input_open(path, e)) == NULL)
		return -1;
	if ((r = reader_open(in, &q->ro, e)) == NULL)
		return -1;
	if (validator_bind(q->v, r, e) == -1) {
		reader_close(r);
		return -1;
	}
	if (!q->started) {
		if (reader_ncolumns(r) == 0 && reader_format(r) == REC_CSV) {
			/* Empty input: valid, zero rows, nothing to fix yet. */
			reader_close(r);
			return 0;
		}
		start(q, r, e);
	} else if (reader_format(r) != q->in_fmt) {
		error_set(e, "%s: is %s, the first input was %s",
		    reader_name(r), reader_format(r) == REC_CSV ? "CSV" :
		    "NDJSON", q->in_fmt == REC_CSV ? "CSV" : "NDJSON");
		reader_close(r);
		return -1;
	} else if (q->in_fmt == REC_CSV && reader_ncolumns(r) > 0 &&
	    !same_columns(q, r)) {
		error_set(e, "%s: its header differs from the first input's",
		    reader_name(r));
		reader_close(r);
		return -1;
	}
	/* Where each output column stands in this input, found once. */
	q->map = xreallocarray(q->map, q->ncols + 1, sizeof *q->map);
	for (i = 0; i < q->ncols; i++)
		q->map[i] = reader_find(r, q->cols[i]);
	while ((got = reader_next(r, &rec, e)) == 1) {
		if ((bad = validator_check(q->v, rec, e)) == -1)
			break;
		if (bad == 0)
			pass(q, rec);
		else
			reject(q, r, rec, validator_why(q->v));
	}
	validator_end_input(q->v, r);
	reader_close(r);
	return got == 0 ? 0 : -1;
}

int
quarantine_finish(struct quarantine *q, struct event_sink *s,
    struct buf *report, struct mlo_error *e)
{
	int worst, r = 0;

	if (q->conv != NULL)
		writer_free(q->conv), q->conv = NULL;
	if (q->out != NULL && q->trouble && q->o.output != NULL) {
		output_abort(q->out);
		q->out = NULL;
	} else if (q->out != NULL) {
		r = output_close(q->out, e);
		q->out = NULL;
	}
	if (q->rejw != NULL)
		writer_free(q->rejw), q->rejw = NULL;
	if (q->rej != NULL) {
		if (output_close(q->rej, r == 0 ? e : &q->rej_err) == -1)
			r = -1;
		q->rej = NULL;
	}
	if (q->rej_failed && r == 0) {
		*e = q->rej_err;
		r = -1;
	}
	validator_finish(q->v, q->o.now);
	worst = (int)validator_events(q->v, s);
	validator_report(q->v, report);
	return r == -1 ? -1 : worst;
}

void
quarantine_trouble(struct quarantine *q)
{
	q->trouble = 1;
}

int
quarantine_save(struct quarantine *q, struct mlo_error *e)
{
	if (q->o.state == NULL)
		return 0;
	return validator_save(q->v, q->o.state, e);
}

void
quarantine_free(struct quarantine *q)
{
	size_t i;

	if (q == NULL)
		return;
	writer_free(q->conv);
	writer_free(q->rejw);
	output_abort(q->out);
	output_abort(q->rej);
	for (i = 0; i < q->ncols; i++)
		free(q->cols[i]);
	free(q->cols);
	free(q->map);
	reader_opts_free(&q->ro);
	validator_free(q->v);
	buf_free(&q->line);
	free(q);
}
