/*
 * drift: mlo-drift compare, the driver.  Reads current data, cuts it into
 * windows (all of it, N rows, or a span of time), tests every column of the
 * reference profile in every window, writes one row per window x column x
 * test, and raises an event when a column starts drifting and when it
 * stops (lib/alarm), across runs with --state.
 *
 * Beside the tests: sequential detectors (--detector, lib/ddetect.c),
 * performance with and without labels when the profile holds a
 * calibration (lib/dperf.c), and per-regime references (--regime,
 * lib/dregime.c); dstate.h holds what they share.
 *
 * Windows close on data: a window of rows closes with its last row, a
 * window of time when a row of a later window arrives.  With --state the
 * window still open at the end of a run is saved, not judged, so a history
 * fed in one run or in batches gives the same rows and events; without
 * --state it is judged at the end of the run.
 */
#ifndef MLO_DRIFT_H
#define MLO_DRIFT_H

#include <stdint.h>

#include "diag.h"
#include "detector.h"
#include "drifttest.h"
#include "record.h"
#include "timeparse.h"

enum drift_correct { CORRECT_NONE, CORRECT_BH, CORRECT_BONFERRONI };

/* The performance metrics of compare (lib/dperf.c). */
enum perf_metric { PM_PRECISION, PM_RECALL, PM_ACCURACY, PM_POSITIVE_RATE,
	PM_AUC, PM_BRIER, PM_MAE, PM_RMSE, PM_COUNT };

/* --min METRIC=VALUE, --max METRIC=VALUE */
struct perf_limit {
	enum perf_metric metric;
	int is_min;
	double value;
};

/* The most values one window may hold per column (memory: 8 bytes each). */
#define DRIFT_MAX_WINDOW_VALUES 50000000
/* Without --test: at most this many current values take the statistical
 * test (ks, chi2), more take the distance (wasserstein, js). */
#define DRIFT_AUTO_N 1000
#define DRIFT_MIN_N 30
/* --arl0 defaults: windows, rows between false alarms */
#define DRIFT_ARL0_WINDOWS 10000
#define DRIFT_ARL0_ROWS 1000000
/* The most entities --by keeps detectors for. */
#define DRIFT_MAX_ENTITIES 100000

struct drift_opts {
	const char *reference;	/* -r */
	const char *output;	/* -o, or NULL */
	const char *events;	/* -e, or NULL */
	const char *state;	/* --state, or NULL */
	const char *window;	/* --window as given, or NULL */
	const char *time_col;	/* --time */
	enum rec_format format;	/* -f, or REC_AUTO: as the input */
	int quiet;
	int exact;
	unsigned tests;		/* DT_BIT()s of --test, 0: automatic */
	uint64_t min_n;
	double effect_floor;
	enum drift_correct correct;
	int allow_feature_set_change;
	enum detector_kind detector;	/* --detector, or DET_NONE */
	int detector_on_rows;	/* --detector-on rows */
	double arl0;		/* --arl0, or 0: the default of the mode */
	double shift;		/* --shift, or 0: DETECTOR_DEFAULT_SHIFT */
	const char *by;		/* --by: the entity column, or NULL */
	const char *regime;	/* --regime: compare by the profile's regimes */
	struct perf_limit *limits;	/* --min, --max */
	size_t nlimits;
	mlo_time now;
	char stamp[TIME_BUFSZ];
};

void drift_opts_init(struct drift_opts *o);
void drift_opts_free(struct drift_opts *o);
/* drift_tests_parse: "--test ks,psi"; -1 with E. */
int drift_tests_parse(struct drift_opts *o, const char *arg,
    struct mlo_error *e);
/* drift_limit_parse: "--min precision=0.8" (IS_MIN) or --max; -1 with E. */
int drift_limit_parse(struct drift_opts *o, const char *arg, int is_min,
    struct mlo_error *e);
/* drift_correct_parse: "bh" or "bonferroni"; -1 with E. */
int drift_correct_parse(struct drift_opts *o, const char *arg,
    struct mlo_error *e);

/*
 * drift_compare: the whole of "mlo-drift compare" over the N files of
 * PATHS (none: stdin) read with RO.  Returns the exit status: 0 no drift,
 * 1 drift (a drifted column, a detector's alarm, a performance limit
 * passed, rows of a regime the reference lacks), 2 trouble (reported
 * through diag).
 */
int drift_compare(const struct drift_opts *o, const struct reader_opts *ro,
    int n, char **paths);

#endif
