/*
 * dstate: the inside of mlo-drift compare (lib/drift.c) and its --state
 * file (lib/statefile): the open window's values and every column's alarm,
 * so that a history fed in batches gives the rows and events of one run.
 * A state file made against another reference profile or another window
 * is refused rather than half believed.  Private to drift.c and dstate.c.
 */
#ifndef MLO_DSTATE_H
#define MLO_DSTATE_H

#include "alarm.h"
#include "drift.h"
#include "event.h"
#include "io.h"
#include "profile.h"
#include "writer.h"

#define DSTATE_MAGIC "mlo-drift"
#define DSTATE_VERSION 1

enum { WIN_ALL, WIN_ROWS, WIN_TIME };

struct dcol {
	const struct pcol *ref;
	long col;		/* the reader's column */
	int tested;
	struct dref dref;
	int dref_ready;
	/* the open window */
	double *vals;
	size_t nv, av;
	uint64_t nulls, nonfinite, invalid;
	struct cats cur;
	struct alarm alarm;
};

struct drift {
	const struct drift_opts *o;
	struct profile *ref;
	struct dcol *cols;
	size_t ncols;
	int wkind;
	uint64_t wrows;
	mlo_time wdur;
	enum time_kind tkind;
	int have_times;
	long tcol, fscol;
	int bound;
	/* the open window */
	int wopen;
	mlo_time wstart, tfirst, tlast;
	uint64_t wfirst_row, wn;
	/* the run, and with --state the history */
	uint64_t rows, late, nwindows;
	uint64_t verdicts, ndrift, insufficient;
	int drifted_any, fs_noted;
	enum rec_format infmt;
	struct output *out;
	struct writer *w;
	struct event_sink sink;
	struct buf ev;
};

int dstate_load(struct drift *d, const char *path, struct mlo_error *e);
int dstate_save(const struct drift *d, const char *path,
    struct mlo_error *e);

#endif
