/*
 * event: the NDJSON findings every program emits (mlo-events(5)).
 *
 * An event is one flat JSON object with the envelope of DESIGN section 4.
 * Build it with event_begin, add fields in the documented order with the
 * event_* setters, and hand it to event_emit, which appends it to the events
 * file with lib/io's locked append (one write, so several programs can share
 * the file).
 */
#ifndef MLO_EVENT_H
#define MLO_EVENT_H

#include <stdint.h>

#include "diag.h"
#include "util.h"

#define EVENT_VERSION 1

struct event_sink {
	const char *path;	/* events file, or NULL: events are dropped */
	const char *tool;	/* "mlo-validate" */
	char time[48];		/* the stamp of every event of this run */
	struct buf batch;	/* events built, not yet appended */
	int worst;		/* 0 none, 1 warning, 2 critical: of the events
				   begun this run that were not resolutions */
	int failed;		/* an append failed: err says why */
	struct mlo_error err;
};

/* Events are appended in batches of about this many bytes. */
#define EVENT_BATCH (256 * 1024)

/* event_sink_init: TIME_STAMP is --now, or the clock formatted. */
void event_sink_init(struct event_sink *s, const char *path, const char *tool,
    const char *time_stamp);

/*
 * event_begin: start an event of KIND in B (reset first).  STATE is
 * "firing", "resolved" or NULL; SEVERITY "info", "warning" or "critical"
 * (the sink remembers the worst of those that are not resolutions);
 * LAYER "integrity", "model", "business", "feedback" or "lifecycle".
 */
void event_begin(struct buf *b, struct event_sink *s, const char *kind,
    const char *state, const char *severity, const char *layer);
void event_str(struct buf *b, const char *key, const char *value);
void event_strn(struct buf *b, const char *key, const char *value, size_t n);
void event_num(struct buf *b, const char *key, double value);
void event_int(struct buf *b, const char *key, int64_t value);
void event_bool(struct buf *b, const char *key, int value);
/*
 * event_end: close the object, and queue it in the sink, which appends a
 * batch whenever EVENT_BATCH bytes are waiting, so memory stays bounded.
 */
void event_end(struct buf *b, struct event_sink *s);

/* event_flush: append the queued events in one locked write; -1 with E. */
int event_flush(struct event_sink *s, struct mlo_error *e);
void event_sink_free(struct event_sink *s);

#endif
