/*
 * fbreport: what mlo-feedback reads out of its logs (mlo-feedback(1)):
 * summary (flags, distinct technicians and wrong rate per model, asset or
 * technician, and the alert when enough technicians flag one model or
 * asset), labels (verdicts joined to a predictions file: ground truth for
 * the next retrain), queue (what to investigate first) and review (the
 * unflagged predictions cheapest to confirm).
 *
 * Every report counts only the verdict that stands for each technician and
 * prediction: a technician who changes their mind replaces their earlier
 * verdict (fb_log_finish).  Output is CSV or NDJSON rows through lib/writer,
 * in a fixed order, so the same logs and --now give the same bytes.
 */
#ifndef MLO_FBREPORT_H
#define MLO_FBREPORT_H

#include "event.h"
#include "feedback.h"
#include "record.h"
#include "timeparse.h"
#include "util.h"

enum fb_group { FB_BY_MODEL, FB_BY_ASSET, FB_BY_TECHNICIAN };

/* The alert's default: this many distinct technicians flag one model. */
#define FB_ALERT_TECHNICIANS 3
/* summary's default period. */
#define FB_DEFAULT_PERIOD "7d"

struct fb_report_opts {
	mlo_time now;
	int has_period;		/* only verdicts in (now - period, now] */
	mlo_time period;
	const char *period_text;	/* as given, for messages */
	enum fb_group group;
	long alert_technicians;
	const char *output;	/* -o, or NULL: stdout */
	enum rec_format format;	/* REC_AUTO: CSV (labels: as predictions) */
	struct event_sink *sink;	/* summary's alerts */
	const char *predictions;	/* labels, review */
	double threshold;	/* a score at or above it predicts 1 */
	long limit;		/* queue, review: at most this many rows; 0 all */
};

/* fb_group_parse: "model", "asset" or "technician"; -1 with E. */
int fb_group_parse(const char *s, enum fb_group *g, struct mlo_error *e);

/*
 * fb_summary: one row per group, alerts queued in O->sink and named in
 * REPORT with the human summary.  Returns the number of alerts, or -1
 * with E when the output cannot be written.
 */
int fb_summary(const struct fb_log *l, const struct fb_report_opts *o,
    struct buf *report, struct mlo_error *e);

/*
 * fb_labels: the rows of O->predictions that the verdicts label, with a
 * "label" column: the prediction when most technicians say right, its
 * opposite when most say wrong (binary predictions only: a 0/1
 * "prediction", else "score" against O->threshold).  Ties, unsure-only
 * predictions and wrong verdicts on non-binary predictions are left out
 * and counted in REPORT.  0, or -1 with E.
 */
int fb_labels(const struct fb_log *l, const struct fb_report_opts *o,
    struct buf *report, struct mlo_error *e);

/*
 * fb_queue: predictions and assets flagged wrong, most distinct
 * technicians first, then most flags, then the latest flag.  0 or -1.
 */
int fb_queue(const struct fb_log *l, const struct fb_report_opts *o,
    struct mlo_error *e);

/*
 * fb_review: the predictions of O->predictions without any verdict, the
 * score nearest O->threshold first.  0 or -1.
 */
int fb_review(const struct fb_log *l, const struct fb_report_opts *o,
    struct mlo_error *e);

#endif
