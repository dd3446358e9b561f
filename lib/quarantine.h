/*
 * quarantine: mlo-validate's stream.  Reads each input with the contract's
 * layout, runs the row checks, passes the rows that hold to the output as
 * they were read, and sends the others to the rejects file with the checks
 * they failed.  Rows in = rows passed + rows rejected, always.
 */
#ifndef MLO_QUARANTINE_H
#define MLO_QUARANTINE_H

#include "contract.h"
#include "event.h"
#include "record.h"
#include "util.h"

struct quarantine_opts {
	const char *output;	/* -o, or NULL for stdout */
	const char *rejects;	/* --rejects, or NULL: rejected rows dropped */
	enum rec_format format;	/* -f, or REC_AUTO: as the input */
	int check_only;		/* --check: no row output */
	const char *state;	/* --state, or NULL */
	const char *suppress;	/* --suppress, or NULL */
	mlo_time now;		/* --now, or the clock */
};

struct quarantine;

/*
 * quarantine_open: CLI holds the reader options given on the command line;
 * they win over the contract's input section.
 */
struct quarantine *quarantine_open(const struct contract *c,
    const struct reader_opts *cli, const struct quarantine_opts *o,
    struct event_sink *sink, struct mlo_error *e);

/*
 * quarantine_file: validate PATH (NULL or "-": stdin).  -1 with E when the
 * file could not be read to its end; the rows read before that were
 * validated and written, and the next file may still be read.
 */
int quarantine_file(struct quarantine *q, const char *path,
    struct mlo_error *e);

/*
 * quarantine_finish: close the outputs, judge freshness, queue the events
 * in S and put the human summary in REPORT.  Returns the most severe
 * finding, or -1 with E when an output could not be written.
 */
int quarantine_finish(struct quarantine *q, struct event_sink *s,
    struct buf *report, struct mlo_error *e);

/*
 * quarantine_trouble: an input could not be read to its end; -o is then
 * dropped at finish (the old file stays) rather than replaced by part of
 * the output.
 */
void quarantine_trouble(struct quarantine *q);

/*
 * quarantine_save: write --state.  Call it only once the rows and the
 * events it accounts for are safe, so that a failed run is repeated, not
 * forgotten.
 */
int quarantine_save(struct quarantine *q, struct mlo_error *e);
void quarantine_free(struct quarantine *q);

#endif
