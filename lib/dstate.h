/*
 * dstate: the inside of mlo-drift compare (lib/drift.c) and its --state
 * file (lib/statefile): the open window's values and every column's alarm,
 * so that a history fed in batches gives the rows and events of one run.
 * A state file made against another reference profile or another window
 * is refused rather than half believed.  Private to drift.c, dstate.c
 * and its helpers dread.c, dregime.c, dperf.c and ddetect.c.
 */
#ifndef MLO_DSTATE_H
#define MLO_DSTATE_H

#include "alarm.h"
#include "detector.h"
#include "drift.h"
#include "event.h"
#include "io.h"
#include "profile.h"
#include "statefile.h"
#include "strmap.h"
#include "writer.h"

#define DSTATE_MAGIC "mlo-drift"
#define DSTATE_VERSION 1

enum { WIN_ALL, WIN_ROWS, WIN_TIME };

struct dcol {
	const struct pcol *ref;
	int regime;		/* with --regime: the index of its regime */
	long col;		/* the reader's column */
	int tested;
	struct dref dref;
	int dref_ready;
	/* the open window */
	double *vals;
	size_t nv, av;
	uint64_t nulls, nonfinite, invalid;
	size_t bad;		/* 1 + its entry in d->bad, 0 before one */
	struct cats cur;
	struct alarm alarm;
	/* --detector (lib/ddetect.c) */
	int watched;		/* a number with a spread in the reference */
	double mu, sigma;	/* the reference's mean and std (ddof 0) */
	struct dwatch *watch;	/* one per entity, d->nents of them */
	double wpeak;		/* the largest statistic in the open window */
	uint64_t walarms, wobs;	/* alarms and observations in it */
};

/* A detector on one column of one entity. */
struct dwatch {
	struct detector det;
	double sum;		/* --detector-on windows: the open window's */
	uint64_t n;		/* values of this entity */
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
	/* --detector */
	struct detector_params det;
	long bycol;		/* the --by column of the reader, or -1 */
	struct strmap ents;	/* entity -> index */
	char **ent_names;
	size_t nents, capents;	/* capents: of ent_names and each watch */
	uint64_t nalarms;
	/* --regime (lib/dregime.c): regime r's columns are cols[rfirst[r]]
	 * to cols[rfirst[r + 1] - 1] */
	size_t nregimes;
	size_t *rfirst;
	uint64_t *rrows;	/* the open window's rows per regime */
	long regcol;		/* the reader's regime column, or -1 */
	struct cats unknown;	/* the open window's regimes the profile lacks */
	uint64_t regime_nulls;	/* and its rows without a regime */
	/* performance (lib/dperf.c), when the profile has a calibration */
	const struct calib *calib;
	const struct pcol *score, *label;
	long score_in, label_in;	/* the reader's columns, or -1 */
	long model_in;		/* the reader's model_version, or -1 */
	struct buf model;	/* the open window's latest model_version */
	double *scores;		/* the open window's scores */
	size_t nscores, ascores;
	double *ps, *py;	/* the open window's (score, label) pairs */
	size_t npairs, apairs;
	uint64_t bad_labels;
	uint64_t uncalibrated;	/* scores in bins the reference left empty */
	struct alarm *palarm;	/* one per --min / --max */
	int perf_breached;
	/* the run's values of number columns that are not numbers */
	struct badval *bad;
	size_t nbad;
};

/* Values of one number column that are not numbers, in this run. */
struct badval {
	const char *name;	/* the reference's column */
	uint64_t n;
	char where[300];	/* the first one's FILE:LINE and text */
	char example[64];
};

/* drift.c: the first four fields of an output row, the writer ready. */
void drift_row_begin(struct drift *d, const char *from, const char *to,
    const char *column, const char *test);
void drift_out_num(struct writer *w, double v);
void drift_out_bool(struct writer *w, int b);
/* drift_row_end: the reference and regime columns when there are
 * (REGIME < 0: none), and the end. */
void drift_row_end(struct drift *d, double reference, int regime);
/* drift_judge: judge the open window (rows, verdicts, alarms, events)
 * and open the next; drift_note: a note on standard error unless -q,
 * FMT with one %s, WHAT. */
void drift_judge(struct drift *d);
void drift_note(const struct drift *d, const char *fmt, const char *what);
/* drift_regime_name: the name of regime R. */
const char *drift_regime_name(const struct drift *d, int r);

/*
 * dread.c: dread_input reads one file (NULL: standard input) into the
 * windows, judging each as it closes; -1 with E on trouble, the rows
 * before it taken.  dread_bad_events: a non_numeric event per column
 * whose values were not all numbers in this run (d->bad).
 */
int dread_input(struct drift *d, const struct reader_opts *ro,
    const char *path, struct mlo_error *e);
void dread_bad_events(struct drift *d);

/*
 * dregime.c: --regime.  dregime_setup makes the columns, one block per
 * regime of the profile (-1 with E when the profile has none by that
 * column); dregime_row finds the block of a row, or -1 when it has no
 * regime or one the profile lacks (counted); dregime_judge writes the
 * window's rows and events for regimes the profile lacks.
 */
int dregime_setup(struct drift *d, struct mlo_error *e);
int dregime_row(struct drift *d, const struct record *rec, size_t *lo,
    size_t *hi);
void dregime_judge(struct drift *d, const char *from, const char *to);
void dregime_free(struct drift *d);
void dregime_save(const struct drift *d, struct buf *b);
int dregime_load(struct drift *d, const cJSON *o, const char *path,
    long lineno, struct mlo_error *e);

/*
 * dperf.c: performance.  dperf_setup after the profile is loaded (-1 with
 * E when --min or --max cannot be met by it); dperf_row for every row
 * placed in the window; dperf_judge when a window closes, before the
 * window's values are dropped; dperf_free at the end.
 */
#define DPERF_MODEL_COLUMN "model_version"
#define DPERF_MODEL_MAX 128	/* bytes of it an event keeps */
int dperf_setup(struct drift *d, struct mlo_error *e);
void dperf_row(struct drift *d, const struct record *rec);
void dperf_judge(struct drift *d, const char *from, const char *to);
void dperf_free(struct drift *d);
void dperf_save(const struct drift *d, struct buf *b);
int dperf_load(struct drift *d, const cJSON *o, const char *path,
    long lineno, struct mlo_error *e);

/*
 * ddetect.c: --detector.  ddetect_setup after the profile is loaded (-1
 * with E); ddetect_value for every finite value X of a watched column C
 * in row ROW (1-based, across --state) at time T, of entity ENT (NULL
 * without --by); ddetect_judge when a window closes (windows mode steps
 * the detectors there) to write its rows; ddetect_free at the end.
 */
int ddetect_setup(struct drift *d, struct mlo_error *e);
int ddetect_entity(struct drift *d, const char *ent, size_t len,
    size_t *ix, const char *where, struct mlo_error *e);
void ddetect_value(struct drift *d, struct dcol *c, size_t ent, double x,
    uint64_t row, mlo_time t);
void ddetect_judge(struct drift *d, const char *from, const char *to);
void ddetect_free(struct drift *d);
/* The state of the detectors: lines to add to B, and one line read. */
void ddetect_save(const struct drift *d, struct buf *b);
int ddetect_load(struct drift *d, const cJSON *o, const char *path,
    long lineno, struct mlo_error *e);

int dstate_load(struct drift *d, const char *path, struct mlo_error *e);
int dstate_save(const struct drift *d, const char *path,
    struct mlo_error *e);

#endif
