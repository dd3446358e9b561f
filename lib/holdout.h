/*
 * holdout: a model's predictions on held-out rows, as the retrain gate
 * reads them (mlo-retrain-gate(1)): a CSV or NDJSON file with an id
 * column (id, else row_id), label, and score and/or prediction, plus the
 * columns the gate is asked to group by (slices, clusters).  Held in
 * memory whole: the gate sorts it.
 */
#ifndef MLO_HOLDOUT_H
#define MLO_HOLDOUT_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "metrics.h"
#include "record.h"
#include "strmap.h"

/* The most rows a holdout may have (row numbers are 32 bits). */
#define HOLDOUT_MAX_ROWS 100000000

/* A text column kept as a small integer per row. */
struct holdout_col {
	char *name;
	uint32_t *code;		/* per row */
	struct strmap values;	/* value -> code */
	const char **text;	/* code -> value (owned by values) */
	size_t nvalues;
};

struct holdout {
	char *name;		/* for messages */
	enum rec_format format;
	size_t n;
	struct strmap ids;	/* id -> row */
	const char **id;	/* per row (owned by ids) */
	long *line;		/* per row, for messages */
	double *label;		/* 0/1, or the true value (regression) */
	double *score;		/* NULL without a score column */
	double *pred;		/* NULL without a prediction column */
	struct holdout_col *cols;
	size_t ncols;
	char *feature_set;	/* the feature_set column's value, or NULL */
};

/*
 * holdout_read: read PATH with the reader options RO for TASK, keeping the
 * text columns COLS[0..ncols).  Refused with E naming the file and line:
 * no such column, an empty file, an empty or non-numeric value, a label
 * other than 0 or 1 (classification), a prediction other than 0 or 1
 * (classification), a duplicate id, more than one feature_set, more than
 * HOLDOUT_MAX_ROWS rows.
 */
int holdout_read(struct holdout *h, const char *path,
    const struct reader_opts *ro, enum metric_task task,
    const char *const *cols, size_t ncols, struct mlo_error *e);

/*
 * holdout_join: put the rows of P in the order of C's ids.  Ids in one
 * file and not the other, or a label that differs, are refused naming how
 * many and the first few.
 */
int holdout_join(const struct holdout *c, struct holdout *p,
    struct mlo_error *e);

/* holdout_col: the kept column named NAME, or NULL. */
const struct holdout_col *holdout_col(const struct holdout *h,
    const char *name);

/*
 * holdout_check_probabilities: every score is in [0, 1], else E naming
 * the first row that is not.
 */
int holdout_check_probabilities(const struct holdout *h, struct mlo_error *e);

void holdout_free(struct holdout *h);

#endif
