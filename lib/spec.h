/*
 * spec: a feature spec (mlo-features(5)) loaded from YAML, checked for
 * mistakes (each reported as FILE:LINE:COL), put in evaluation order, and
 * named by its feature_set id NAME@VERSION#HASH8, HASH8 being the first 8
 * hex digits of the XXH64 of the spec's canonical form: the meaning of
 * the spec, not its whitespace, comments, key order or YAML style.
 */
#ifndef MLO_SPEC_H
#define MLO_SPEC_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "expr.h"
#include "record.h"
#include "rolling.h"
#include "spectrum.h"
#include "timeparse.h"
#include "util.h"

/* The most feature columns a spec may define. */
#define SPEC_MAX_FEATURES 1000

enum feat_kind { FK_WINDOW, FK_EWMA, FK_LAG, FK_DIFF, FK_PCT_CHANGE,
	FK_EXPR, FK_SPECTRUM };

/* emit: every row, one row per time bucket, or the rows ending a window. */
enum spec_emit { EMIT_ROWS, EMIT_EVERY, EMIT_WINDOWS };

/* Where in the spec a thing was written. */
struct spec_pos {
	long line, col;
};

struct feature {
	char *name;
	struct spec_pos pos;	/* of the column's entry */
	enum feat_kind kind;
	char *from;		/* the source: an input column or a feature */
	struct spec_pos from_pos;
	struct roll_shape shape;	/* FK_WINDOW */
	enum roll_stat stat;
	double q;		/* RS_QUANTILE */
	int64_t min_periods;
	struct ewma_shape ewma;	/* FK_EWMA */
	int64_t distance;	/* FK_LAG, FK_DIFF, FK_PCT_CHANGE */
	struct expr *expr;	/* FK_EXPR */
	struct spec_pos *name_pos;	/* FK_EXPR: of each name it reads */
	struct spectrum_conf *sp;	/* FK_SPECTRUM */
	char *speed_from;	/* FK_SPECTRUM: shaft rpm column, or NULL */
	struct spec_pos speed_pos;
	char **outs;		/* the output columns: NAME, or for a
				   spectrum NAME_rms, NAME_band_0_500, ... */
	size_t nouts;
};

/* Where a snapshot's time comes from (mlo-features(5) "snapshot"). */
struct snapshot_spec {
	int on;			/* the spec has a snapshot section */
	char **channels;
	size_t nchannels;
	struct spec_pos channels_pos;
	char *file_pattern;	/* strptime pattern of the file name, or */
	char *hms[4];		/* hour, minute, second, [microsecond] */
	size_t nhms;
	mlo_time date;		/* midnight UTC of the date of hms */
	struct spec_pos time_pos;
};

struct spec {
	char *path;		/* as given, for messages */
	char *name;
	char *version;
	char *id;		/* NAME@VERSION#HASH8 */
	char *canonical;	/* what the hash is of */
	char *entity;		/* NULL: one stream */
	struct spec_pos entity_pos;
	char *time;
	struct spec_pos time_pos;
	enum time_kind time_kind;
	enum spec_emit emit;
	mlo_time every;		/* emit {every: D}; 0: every row */
	char **keep;		/* NULL: every input column */
	struct spec_pos *keep_pos;
	size_t nkeep;
	/* input: how the data is laid out, unless the command line says */
	int has_delimiter;
	int delimiter;
	int no_header;
	char **columns;		/* names of header-less columns, or NULL */
	size_t ncolumns;
	struct snapshot_spec snap;
	struct feature *feats;
	size_t nfeats;
	size_t nspectra;	/* FK_SPECTRUM features */
	size_t *order;		/* feats in an order that computes sources
				   before the features reading them */
};

/* spec_load: read and check PATH; NULL with E ("FILE:L:C: ..."). */
struct spec *spec_load(const char *path, struct mlo_error *e);

/* spec_feature: the feature named NAME, or -1. */
long spec_feature(const struct spec *s, const char *name);

/* spec_nouts: how many output columns the features have. */
size_t spec_nouts(const struct spec *s);

/* spec_output: the feature with an output column NAME, or -1. */
long spec_output(const struct spec *s, const char *name);

/*
 * spec_err: fill E with "FILE:LINE:COL: MESSAGE" at P in the spec (for
 * mistakes only the data can show, such as a column the input lacks).
 */
int spec_err(const struct spec *s, struct spec_pos p, struct mlo_error *e,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * spec_reader_opts: the reader options of the command line, CLI, over the
 * spec's input section; OUT owns copies (reader_opts_free).
 */
void spec_reader_opts(const struct spec *s, const struct reader_opts *cli,
    struct reader_opts *out);

/* spec_reserved: whether NAME is an output column mlo-features adds. */
int spec_reserved(const char *name);

void spec_free(struct spec *s);

#endif
