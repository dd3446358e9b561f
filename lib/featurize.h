/*
 * featurize: mlo-features' stream.  Reads rows, keeps per entity the state
 * the spec's features need (lib/rolling), computes the features of each
 * row from readings at or before its time only, and writes the row with
 * the kept input columns, the features, feature_set and row_id (and with
 * --labels, label and rul).
 *
 * Memory is bounded by entities x (windows + lags), never by the length
 * of the input: at most FEATURES_MAX_ENTITIES entities, and a time window
 * holds at most ROLL_MAX_READINGS readings.
 */
#ifndef MLO_FEATURIZE_H
#define MLO_FEATURIZE_H

#include "event.h"
#include "labels.h"
#include "record.h"
#include "spec.h"
#include "util.h"

#define FEATURES_MAX_ENTITIES 1000000

struct features_opts {
	const char *output;	/* -o, or NULL for stdout */
	enum rec_format format;	/* -f, or REC_AUTO: as the input */
	const char *state;	/* --state, or NULL */
	int late_drop;		/* --late drop (else a late row is an error) */
	const struct outcomes *labels;	/* --labels, or NULL */
	mlo_time horizon;	/* --horizon */
	int has_until;		/* --labels-until given */
	mlo_time until;
};

struct featurizer;

/*
 * features_open: load the state (refusing a damaged one, or one of
 * another feature set) and open the output.  NULL with E.
 */
struct featurizer *features_open(const struct spec *s,
    const struct reader_opts *ro, const struct features_opts *o,
    struct event_sink *sink, struct mlo_error *e);

/*
 * features_file: read PATH (NULL or "-": stdin) and write its rows.  -1
 * with E on trouble (unreadable input, a row of the wrong shape or
 * without a valid time, a late row under --late error, a column the spec
 * names missing from the input): the run must then end with
 * features_abort, so that neither -o nor the state moves on.
 */
int features_file(struct featurizer *f, const char *path, struct mlo_error *e);

/*
 * features_finish: write the rows still held (without --state), close the
 * output, queue the events in the sink, save the state once the output is
 * safe, and put the human summary in REPORT.  -1 with E.
 */
int features_finish(struct featurizer *f, struct buf *report,
    struct mlo_error *e);

/* features_late_event: the one late_rows event of a run that dropped
 * ROWS rows out of time order, the first at FIRST, saying MSG. */
void features_late_event(struct event_sink *sink, const char *feature_set,
    uint64_t rows, const char *first, const char *msg);

/* features_abort: drop the output (-o is left as it was), save nothing. */
void features_abort(struct featurizer *f);

void features_free(struct featurizer *f);

#endif
