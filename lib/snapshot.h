/*
 * snapshot: one vibration snapshot file (IMS, FEMTO/PRONOSTIA, or any
 * delimited file of samples) read whole, for mlo-features --snapshot.
 *
 * The file's rows are samples in time order; the spec's snapshot section
 * names the channel columns and where the snapshot's time is: its file
 * name read by a strptime pattern (IMS names files 2003.10.22.12.06.24),
 * or hour, minute, second and microsecond columns of the first row on a
 * given date (FEMTO).  Times are UTC.
 *
 * Memory: the whole file is held, at most SNAPSHOT_MAX_ROWS rows.
 */
#ifndef MLO_SNAPSHOT_H
#define MLO_SNAPSHOT_H

#include <stddef.h>

#include "record.h"
#include "spec.h"

#define SNAPSHOT_MAX_ROWS 4194304

struct snapshot {
	char *name;		/* the file's name in messages */
	mlo_time time;
	size_t nrows;
	size_t ncols;		/* the columns read, as asked */
	double **cols;		/* cols[c][row] */
};

/*
 * snapshot_read: read PATH with reader options RO, keeping the columns
 * NAMES[0..n) (each must be a column, each value a number) into SN, and
 * its time as spec S says.  -1 with E ("FILE:LINE: ..." for a ragged
 * line, a missing or non-numeric value).
 */
int snapshot_read(const struct spec *s, const struct reader_opts *ro,
    const char *path, char *const *names, size_t n, struct snapshot *sn,
    struct mlo_error *e);

/* snapshot_time_of_name: the time in file name BASE by PATTERN. */
int snapshot_time_of_name(const char *pattern, const char *base,
    mlo_time *out, struct mlo_error *e);

void snapshot_free(struct snapshot *sn);

#endif
