/*
 * profile: what mlo-drift keeps of a data set (mlo-profile(5)): per column
 * its counts, mergeable moments, extremes, a KLL sketch of numbers,
 * category counts (exact up to a cap, then Misra-Gries heavy hitters with
 * an "other" bucket), and with --exact the values themselves.  Profiles are
 * built from inputs, merged, written and read as versioned JSON with a
 * stable key order; every number goes through num_format, so a profile
 * reads back to the same doubles.
 */
#ifndef MLO_PROFILE_H
#define MLO_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "cbpe.h"
#include "diag.h"
#include "io.h"
#include "kll.h"
#include "moments.h"
#include "record.h"
#include "strmap.h"

/* Version 2 adds the calibration ("performance") and regimes; a profile
 * without them is still written as version 1, and both are read. */
#define PROFILE_VERSION 2
#define PROFILE_CATEGORY_CAP 1000
#define PROFILE_MAX_SAMPLE 100000
/* The largest profile read (a sample of 10^7 values fits). */
#define PROFILE_MAX_BYTES (512UL * 1024 * 1024)
/* The column that names the feature definition (DESIGN section 6). */
#define PROFILE_FEATURE_SET "feature_set"

enum pcol_type { PT_NONE, PT_NUMBER, PT_CATEGORY, PT_TIME };
enum pcol_role { ROLE_FEATURE, ROLE_PREDICTION, ROLE_LATENCY, ROLE_IGNORE,
	ROLE_SCORE, ROLE_LABEL };

/*
 * Category counts.  While the distinct values stay within CAP the counts
 * are exact (error 0); past it, Misra-Gries: when a new value finds every
 * counter taken, all counters drop by their median and the empty ones go,
 * so a count is low by at most ERROR and the values dropped are in OTHER.
 */
struct cats {
	struct strmap map;	/* value -> index into keys and counts */
	char **keys;
	size_t *lens;
	uint64_t *counts;
	size_t n, alloc;
	size_t cap;
	uint64_t error;
	uint64_t total;
};

struct pcol {
	char *name;
	enum pcol_role role;
	enum pcol_type type;
	uint64_t count;		/* non-null values */
	uint64_t nulls;
	uint64_t nans, infs, invalid;	/* numbers: not in moments or sketch */
	struct moments mom;	/* finite values */
	double min, max;
	struct kll kll;
	struct cats cats;
	double *sample;		/* --exact: the finite values, in order */
	size_t nsample, asample;
};

struct profile {
	char *feature_set;	/* NULL when the data had none */
	uint64_t rows;
	uint32_t k;
	uint64_t seed;
	size_t category_cap;
	int exact;
	size_t max_sample;
	struct pcol *cols;
	size_t ncols;
	/* --regime: one profile per operating regime, as the column's value
	 * (a category) or its band between EDGES (a number) names it. */
	char *regime_col;
	char *regime_name;	/* in a regime's profile: its name */
	double *regime_edges;
	size_t nedges;
	struct profile **regimes;	/* in order of appearance */
	size_t nregimes;
	struct strmap regime_map;	/* name -> index */
	uint64_t regime_nulls;		/* rows without a regime */
	/* With a score and a label column: the calibration (lib/cbpe). */
	struct calib *calib;
	double threshold;	/* --threshold */
	uint32_t cal_bins;	/* --calibration-bins */
	/* While building: roles asked for, and the current input's binding. */
	char **role_names;
	enum pcol_role *roles;
	size_t nroles;
	long *bind;		/* reader column -> profile column, -1 */
	size_t nbind;
	long fs_col;		/* the feature_set column of the input, or -1 */
	long score_col, label_col;	/* the input's, or -1 */
	long regime_in;			/* the input's regime column, or -1 */
};

struct profile_opts {
	uint32_t k;		/* 0: KLL_DEFAULT_K */
	size_t category_cap;	/* 0: PROFILE_CATEGORY_CAP */
	int exact;
	size_t max_sample;	/* 0: PROFILE_MAX_SAMPLE */
	double threshold;	/* 0: CALIB_DEFAULT_THRESHOLD */
	uint32_t cal_bins;	/* 0: CALIB_DEFAULT_BINS */
	const char *regime;	/* --regime COLUMN, or NULL */
	const double *edges;	/* --regime-bins, ascending, or NULL */
	size_t nedges;
};

/* The most regimes a profile keeps. */
#define PROFILE_MAX_REGIMES 1000
/* The size of a buffer for a regime's name. */
#define REGIME_BUFSZ 128

const char *pcol_type_name(enum pcol_type t);
const char *pcol_role_name(enum pcol_role r);
int pcol_role_parse(const char *s, enum pcol_role *r);

struct profile *profile_new(const struct profile_opts *o);
void profile_free(struct profile *p);

/* profile_role: "--role COL=ROLE"; -1 with E on a bad argument. */
int profile_role(struct profile *p, const char *arg, struct mlo_error *e);

/*
 * profile_read_input: add the rows of PATH (NULL or "-": stdin) read with
 * RO.  -1 with E when the input cannot be read to its end, when it holds
 * two feature_sets, or when --exact meets more values than it may keep.
 */
int profile_read_input(struct profile *p, const char *path,
    const struct reader_opts *ro, struct mlo_error *e);
/* profile_finish: check the roles named columns that were there. */
int profile_finish(struct profile *p, struct mlo_error *e);

/*
 * profile_regime_of: the name of the regime of a row whose regime column
 * holds F, into BUF (REGIME_BUFSZ bytes; *NAME and *LEN point at it or
 * into F), or -1 when it has none (null, or not a number with edges).
 * Numbers with edges e1 < ... < ek fall in "<e1", "[e1,e2)", ... ">=ek".
 */
int profile_regime_of(const struct profile *p, const struct field *f,
    char *buf, const char **name, size_t *len);
/* profile_regime: the regime profile named NAME, or NULL. */
const struct profile *profile_regime(const struct profile *p,
    const char *name, size_t len);
/* profile_regime_edges: "--regime-bins 10,20,30" into *EDGES (caller
 * frees) and *N; -1 with E when not ascending numbers. */
int profile_regime_edges(const char *arg, double **edges, size_t *n,
    struct mlo_error *e);
/* profile_add_regime: a new, empty regime NAME of P (for reading). */
struct profile *profile_add_regime(struct profile *p, const char *name);

/* profile_role_column: the column of role R (score, label), or NULL. */
struct pcol *profile_role_column(const struct profile *p, enum pcol_role r);

/* profile_find: the column named NAME, or NULL. */
struct pcol *profile_find(const struct profile *p, const char *name);
/* profile_column: a new or existing column NAME. */
struct pcol *profile_column(struct profile *p, const char *name);

/* The column's parts, shared with the compare driver. */
void cats_init(struct cats *c, size_t cap);
void cats_free(struct cats *c);
void cats_add(struct cats *c, const char *key, size_t len, uint64_t n);
void cats_merge(struct cats *a, const struct cats *b);
/* cats_get: the count of KEY, 0 when not tracked. */
uint64_t cats_get(const struct cats *c, const char *key, size_t len);
/* cats_order: indices by count descending, then key; caller frees. */
size_t *cats_order(const struct cats *c);
uint64_t cats_other(const struct cats *c);

/*
 * profile_merge: add B into A, as if B's rows followed A's: exact for
 * counts, moments (to rounding), extremes and categories below the cap,
 * within the sketch's stated error for quantiles.  Refused (-1 with E)
 * when the two were made differently (sketch size, cap, --exact) or from
 * different feature sets, or when a column differs in type or role.
 */
int profile_merge(struct profile *a, const struct profile *b,
    const char *aname, const char *bname, struct mlo_error *e);

/* profile_write: the profile as JSON to O. */
void profile_write(const struct profile *p, struct output *o);
/* profile_load: read PATH (gzip or not); NULL with E naming the place. */
struct profile *profile_load(const char *path, struct mlo_error *e);

#endif
