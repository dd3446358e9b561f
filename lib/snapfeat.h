/*
 * snapfeat: mlo-features --snapshot.  Each input file is one snapshot
 * (lib/snapshot); each of the spec's channels becomes one output row:
 * the snapshot's time, the channel's name in the entity column, every
 * spectrum column's values over the snapshot's windows (averaged as
 * lib/spectrum says; windows never span two files), feature_set and
 * row_id.
 *
 * Snapshots must come in time order (a snapshot older than the last one
 * is an error, or skipped with --late drop); with --state the last time
 * is carried from run to run.
 */
#ifndef MLO_SNAPFEAT_H
#define MLO_SNAPFEAT_H

#include "featurize.h"

struct snapfeat;

/*
 * snapfeat_open: as features_open (labels are not taken).  Late snapshots
 * dropped are one late_rows event in SINK, counting the rows not written.
 */
struct snapfeat *snapfeat_open(const struct spec *s,
    const struct reader_opts *ro, const struct features_opts *o,
    struct event_sink *sink, struct mlo_error *e);

/* snapfeat_file: one snapshot file; -1 with E ends the run (abort). */
int snapfeat_file(struct snapfeat *f, const char *path, struct mlo_error *e);

/* snapfeat_finish: close the output, save the state, summary in REPORT. */
int snapfeat_finish(struct snapfeat *f, struct buf *report,
    struct mlo_error *e);
void snapfeat_abort(struct snapfeat *f);
void snapfeat_free(struct snapfeat *f);

#endif
