/*
 * snapshot: reading a snapshot file whole (see snapshot.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "io.h"
#include "num.h"
#include "snapshot.h"
#include "util.h"

/*
 * strptime fills the calendar fields only; the instant is computed by
 * timeparse from an RFC 3339 text, so that TZ and mktime play no part.
 */
int
snapshot_time_of_name(const char *pattern, const char *base, mlo_time *out,
    struct mlo_error *e)
{
	struct tm tm;
	const char *rest;
	char stamp[64];

	memset(&tm, 0, sizeof tm);
	tm.tm_mday = 1;
	rest = strptime(base, pattern, &tm);
	if (rest == NULL || (*rest != '\0' && *rest != '.'))
		return error_set(e, "file name '%s' does not match the "
		    "snapshot pattern '%s'", base, pattern);
	snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	if (time_parse(stamp, strlen(stamp), TIME_RFC3339, out, e) == -1) {
		error_prefix(e, "file name '%s'", base);
		return -1;
	}
	return 0;
}

static const char *
base_name(const char *path)
{
	const char *p = strrchr(path, '/');

	return p ? p + 1 : path;
}

/* hour, minute, second and microsecond of the first row, on the date. */
static int
time_of_columns(const struct spec *s, const struct snapshot *sn,
    size_t first, mlo_time *out, struct mlo_error *e)
{
	static const double unit[4] = { 3600e9, 60e9, 1e9, 1e3 };
	static const double most[4] = { 24, 60, 60, 1e6 };
	double ns = 0;
	size_t i;

	for (i = 0; i < s->snap.nhms; i++) {
		double v = sn->cols[first + i][0];

		if (!(v >= 0 && v < most[i]))
			return error_set(e, "%s: %s %g is out of range",
			    sn->name, s->snap.hms[i], v);
		ns += v * unit[i];
	}
	*out = s->snap.date + (mlo_time)llround(ns);
	return 0;
}

static int
cell(const struct snapshot *sn, struct reader *r, const struct record *rec,
    long col, const char *colname, double *out, struct mlo_error *e)
{
	const struct field *fd = &rec->fields[col];

	(void)sn;
	if (fd->kind == FIELD_NUMBER) {
		*out = fd->num;
		return 0;
	}
	if (fd->kind == FIELD_NULL)
		return error_at(e, reader_name(r), rec->line, 0, "no value "
		    "in '%s'", colname);
	if (num_parse(fd->s, fd->len, out) == -1 || !isfinite(*out))
		return error_at(e, reader_name(r), rec->line, 0, "'%s' is not "
		    "a number: '%.40s'", colname, fd->s);
	return 0;
}

int
snapshot_read(const struct spec *s, const struct reader_opts *ro,
    const char *path, char *const *names, size_t n, struct snapshot *sn,
    struct mlo_error *e)
{
	struct input *in;
	struct reader *r;
	struct record *rec;
	long *col;
	size_t i, cap = 0, ncols = n + s->snap.nhms;
	int got;

	memset(sn, 0, sizeof *sn);
	sn->name = xstrdup(display_name(path));
	if (s->snap.file_pattern != NULL && (path == NULL ||
	    strcmp(path, "-") == 0))
		return error_set(e, "%s: the snapshot time is in the file "
		    "name: give the file, not standard input", sn->name);
	if ((in = input_open(path, e)) == NULL)
		return -1;
	if (s->snap.file_pattern != NULL && snapshot_time_of_name(
	    s->snap.file_pattern, base_name(sn->name), &sn->time, e) == -1) {
		error_prefix(e, "%s", sn->name);
		input_close(in);
		return -1;
	}
	if ((r = reader_open(in, ro, e)) == NULL)
		return -1;
	col = xcalloc(ncols + 1, sizeof *col);
	sn->ncols = ncols;
	sn->cols = xcalloc(ncols + 1, sizeof *sn->cols);
	for (i = 0; i < ncols; i++) {
		const char *name = i < n ? names[i] : s->snap.hms[i - n];

		if ((col[i] = reader_find(r, name)) < 0) {
			spec_err(s, i < n ? s->snap.channels_pos :
			    s->snap.time_pos, e, "'%s' is not a column of %s",
			    name, reader_name(r));
			goto bad;
		}
	}
	while ((got = reader_next(r, &rec, e)) == 1) {
		if (rec->shape_error != NULL) {
			error_at(e, reader_name(r), rec->line, 0, "%s",
			    rec->shape_error);
			goto bad;
		}
		if (sn->nrows == SNAPSHOT_MAX_ROWS) {
			error_at(e, reader_name(r), rec->line, 0, "a snapshot "
			    "holds at most %d rows", SNAPSHOT_MAX_ROWS);
			goto bad;
		}
		if (sn->nrows == cap) {
			cap = cap ? 2 * cap : 4096;
			for (i = 0; i < ncols; i++)
				sn->cols[i] = xreallocarray(sn->cols[i], cap,
				    sizeof **sn->cols);
		}
		for (i = 0; i < ncols; i++)
			if (cell(sn, r, rec, col[i], i < n ? names[i] :
			    s->snap.hms[i - n], &sn->cols[i][sn->nrows], e) ==
			    -1)
				goto bad;
		sn->nrows++;
	}
	if (got == -1)
		goto bad;
	if (sn->nrows == 0) {
		error_set(e, "%s: an empty snapshot", reader_name(r));
		goto bad;
	}
	if (s->snap.nhms > 0 && time_of_columns(s, sn, n, &sn->time, e) == -1)
		goto bad;
	reader_close(r);
	free(col);
	return 0;
bad:
	reader_close(r);
	free(col);
	return -1;
}

void
snapshot_free(struct snapshot *sn)
{
	size_t i;

	for (i = 0; i < sn->ncols; i++)
		free(sn->cols[i]);
	free(sn->cols);
	free(sn->name);
	memset(sn, 0, sizeof *sn);
}
