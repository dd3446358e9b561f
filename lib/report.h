/*
 * report: the model behind mlo-report(1): what the events, the retrain
 * ledger, the feedback logs and the predictions say about each layer of
 * the loop (DESIGN section 10), held in memory for the formatters
 * (reportfmt: text, Markdown, NDJSON; prom: Prometheus; rephtml: HTML, with
 * repextra for what only the page shows).
 *
 * Memory is bounded by the number of series, not by the length of the
 * input: a series is one (layer, tool, kind, contract, column,
 * model_version) of events, one model_version of predictions or of
 * feedback; each keeps counts, its latest value and a fixed number of
 * time buckets over the period.  So does each (model_version, metric) of
 * performance (struct rep_perf).  Conditions that last (firing/resolved
 * pairs) are kept one per (tool, contract, kind, column, entity), entities
 * one each.  Events need not come in time order: a condition's state is
 * that of its event with the latest time (ties: the one read last).
 *
 * Use: report_init, then report_read_events for each events file (and
 * report_read_ledger, report_read_feedback, report_read_outcomes before
 * report_read_predictions), then report_finish, which decides the status
 * of each layer; the formatters only read the model.
 */
#ifndef MLO_REPORT_H
#define MLO_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "feedback.h"
#include "record.h"
#include "strmap.h"
#include "timeparse.h"
#include "util.h"

enum rep_layer { LAYER_INTEGRITY, LAYER_MODEL, LAYER_BUSINESS,
	LAYER_FEEDBACK, LAYER_LIFECYCLE, LAYER_COUNT };
enum rep_status { STATUS_GREEN, STATUS_AMBER, STATUS_RED };
enum rep_severity { SEV_INFO, SEV_WARNING, SEV_CRITICAL, SEV_COUNT };

const char *rep_layer_name(int layer);
const char *rep_status_name(int status);	/* "green", "amber", "red" */
const char *rep_severity_name(int sev);

/* Limits, documented in mlo-report(1). */
#define REP_MAX_BUCKETS 1000
#define REP_DEFAULT_BUCKETS 24
#define REP_MAX_SERIES 100000
#define REP_MAX_ENTITIES 1000000
#define REP_SHOW_REASONS 5	/* reasons a formatter shows per layer */

/* One time bucket of a series: (since + i * bucket, since + (i+1) * bucket]. */
struct rep_bucket {
	uint32_t events;	/* events, or prediction rows, or wrong flags */
	uint32_t warning, critical;	/* events of these severities */
	uint32_t positives;	/* prediction rows that alert */
	uint32_t nvalue;	/* events with a numeric value */
	double vsum, vmax;	/* their sum and largest */
};

enum rep_series_kind { SERIES_EVENTS, SERIES_PREDICTIONS, SERIES_FEEDBACK };

struct rep_series {
	enum rep_series_kind what;
	int layer;
	/* Interned names (report_name), 0 for none. */
	uint32_t tool, kind, contract, column, model;
	uint64_t total;		/* events (rows, verdicts) up to --until */
	uint64_t by_sev[SEV_COUNT];	/* events up to --until */
	uint64_t period;	/* in the period */
	uint64_t period_sev[SEV_COUNT];
	uint64_t oneoff_sev[SEV_COUNT];	/* one-off events in the period */
	uint64_t positives;	/* predictions: alerting rows in the period */
	uint32_t firing[SEV_COUNT];	/* conditions firing at --until */
	uint64_t technicians;	/* feedback: distinct flagging technicians */
	int has_conditions;	/* events: some had a state */
	int has_value;
	double last_value;	/* value of the latest event that had one */
	mlo_time last_time;	/* time of the latest event in the period */
	struct buf last_message[SEV_COUNT]; /* of the latest one-off event
					   of each severity in the period */
	mlo_time message_time[SEV_COUNT];
	mlo_time value_time;
	struct rep_bucket *b;	/* nbuckets */
};

/*
 * The estimated against the realised performance of one model version on
 * one metric, from mlo-drift's performance_window events (lib/repperf.c):
 * per time bucket the sums of the windows' estimates and realised values,
 * and the latest of each.
 */
struct rep_pbucket {
	uint32_t nest, nreal;	/* windows with an estimate, a realised value */
	double est, real;	/* their sums */
};

struct rep_perf {
	uint32_t model, metric;	/* interned; model 0: none */
	uint64_t points;	/* its events in the period */
	double last_est, last_real;	/* of the latest window with one, NAN */
	mlo_time est_time, real_time;	/* that window's end */
	struct rep_pbucket *b;	/* nbuckets */
};

/* A condition that lasts, by (tool, contract, kind, column, entity). */
struct rep_cond {
	uint32_t series, entity;
	mlo_time time;		/* of its latest event */
	mlo_time since;		/* when it fired */
	uint64_t seq;
	unsigned char firing, sev;
	struct buf message;	/* of its latest event */
};

struct rep_entity {
	uint32_t name;
	uint32_t firing[SEV_COUNT];	/* conditions firing at --until */
	uint64_t period_sev[SEV_COUNT];	/* events in the period */
	int status;		/* worst of the above */
};

/* One line of the ledger: a gate decision or a rollback. */
struct rep_gate {
	mlo_time time;
	char *decision, *candidate, *production, *failed;
	char *metrics;		/* the rules' metrics (repextra), or NULL */
};

/* The latest alerting prediction of an entity in the period (repextra). */
struct rep_alert {
	uint32_t entity;	/* interned name */
	mlo_time time;
	double score;		/* NAN: none */
	char *id;		/* the prediction's id, or NULL */
};

struct rep_reason {
	int status;
	mlo_time time;
	char *text;
};

struct rep_layer_status {
	int status;
	struct rep_reason *r;	/* the reasons, worst and latest first */
	size_t n, cap;
};

/* Business impact (--impact); see mlo-report(1), IMPACT. */
struct rep_impact_opts {
	mlo_time lead_min, lead_max;
	double threshold;	/* a score at or above it alerts */
	int use_score;		/* judge by score even with a prediction */
	double avoidable;	/* share of a caught failure's downtime */
	int has_cost;
	double unplanned, planned, inspection;
};

struct rep_failure {
	uint32_t entity;
	mlo_time time;
	double downtime_h;
	double cost;		/* NAN: the default unplanned cost */
	mlo_time first_alert;	/* INT64_MIN: none in the lead window */
	long line;
	int monitored;		/* its entity has predictions */
};

struct rep_impact {
	int has;		/* --impact was asked */
	size_t failures;	/* outcomes in the period */
	size_t caught, missed, unmonitored;
	size_t episodes, false_alarms, true_alarms, pending;
	double lead_p10, lead_median, lead_p90;	/* seconds, NAN: none */
	double downtime_total_s, downtime_avoided_s;
	double money_saved;	/* NAN without costs */
	double *lead;		/* lead times of the caught, seconds */
};

struct report_opts {
	mlo_time now, since, until;
	int bounded;		/* since was given or derived */
	mlo_time bucket;	/* 0: (until - since) / REP_DEFAULT_BUCKETS */
	long alert_technicians;
	void (*warn)(const char *msg);
	struct rep_impact_opts impact;
	int impact_on;
};

struct report {
	struct report_opts o;
	size_t nbuckets;
	mlo_time bucket;
	/* names */
	struct strmap names;
	char **name;
	size_t nnames, capnames;
	/* series */
	struct strmap series_ix;
	struct rep_series *s;
	size_t ns, caps;
	/* performance, by (model_version, metric); with the series at most
	 * REP_MAX_SERIES */
	struct strmap perf_ix;
	struct rep_perf *perf;
	size_t nperf, capperf;
	/* conditions */
	struct strmap cond_ix;
	struct rep_cond *c;
	size_t nc, capc;
	/* entities */
	struct rep_entity *ent;
	size_t nent, capent;
	int64_t *ent_of_name;	/* name -> entity slot, grown with names */
	/* input tallies */
	uint64_t events_read, events_in_period, events_skipped_version;
	uint64_t events_torn, events_bad, events_out_of_order;
	uint64_t events_files;
	uint64_t seq;
	mlo_time first_time, last_time;	/* of the events read */
	/* ledger */
	struct rep_gate *gate;
	size_t ngate, capgate;
	int has_ledger;
	size_t ledger_breaks;
	char *production;	/* production after the last ledger line */
	/* feedback */
	int has_feedback;
	struct fb_log fb;
	struct {
		char *name;
		size_t flags, technicians;
	} *fb_assets;		/* assets flagged by enough technicians */
	size_t nfb_assets;
	uint64_t verdicts, verdicts_wrong_period;
	/* predictions */
	int has_predictions;
	uint64_t prediction_rows, prediction_late, prediction_positive_period;
	struct rep_alert *alert;	/* one per entity that alerted */
	size_t nalert, capalert;
	int64_t *alert_of_name;	/* name -> alert slot + 1, 0: none */
	size_t nalert_of_name;
	/* impact */
	struct rep_failure *f;	/* sorted by entity, time */
	size_t nf, capf;
	int has_outcomes, impact_cost_column;
	char *outcomes_path;	/* for messages */
	struct rep_impact impact;
	/* statuses */
	struct rep_layer_status layer[LAYER_COUNT];
};

/* report_init: an empty report over O's period (copied). */
void report_init(struct report *r, const struct report_opts *o);
void report_free(struct report *r);

/* report_name: the text of an interned name ("" for 0). */
const char *report_name(const struct report *r, uint32_t i);

/*
 * report_read_events: add the events of PATH (NULL or "-": stdin; gzip
 * or not).  A last line without its newline (a torn write) and events of
 * a version other than 1 are skipped with a warning through o.warn; a
 * line that is not an event is skipped with a warning and counted in
 * events_bad, which the caller treats as trouble.  -1 with E when PATH
 * cannot be read to its end or a limit is passed.
 */
int report_read_events(struct report *r, const char *path,
    struct mlo_error *e);

/* report_read_ledger: the gate history of a retrain ledger.  -1 with E. */
int report_read_ledger(struct report *r, const char *path,
    struct mlo_error *e);

/* report_read_feedback: the verdicts of a feedback log.  -1 with E. */
int report_read_feedback(struct report *r, const char *path,
    struct mlo_error *e);

/*
 * report_read_outcomes: the failures of PATH (CSV or NDJSON: entity,
 * failure time, downtime_hours, optional cost).  -1 with E naming the
 * line of a bad value.
 */
int report_read_outcomes(struct report *r, const char *path,
    struct mlo_error *e);

/*
 * report_read_predictions: the predictions of PATH (id, entity, time,
 * score or prediction, model_version): the predicted-positive share per
 * model_version and, after report_read_outcomes, the alert episodes of
 * the impact.  Rows must come in time order within an entity: an older
 * row is skipped and counted (prediction_late), with one warning.  -1 with
 * E naming the line of a bad value.
 */
int report_read_predictions(struct report *r, const char *path,
    struct mlo_error *e);

/* report_finish: conditions, entities, impact figures, layer statuses. */
void report_finish(struct report *r);

/* report_worst: the worst layer status. */
int report_worst(const struct report *r);

/*
 * report_top_entities: up to N entity slots, worst first (firing
 * critical, firing warning, critical then warning events in the period,
 * then name), only those with anything to show.  Caller frees.
 */
size_t report_top_entities(const struct report *r, size_t n, size_t **out);

/* report_bucket_start: the start of bucket I. */
mlo_time report_bucket_start(const struct report *r, size_t i);

/* For the modules that fill the model (report.c, impact.c). */
void report_warn(const struct report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
uint32_t report_intern(struct report *r, const char *s, size_t n);
/* report_bucket_of: the bucket of T, or -1 outside (since, until]. */
long report_bucket_of(const struct report *r, mlo_time t);
/*
 * report_series: the series of (WHAT, LAYER, names), added when new; a
 * name is a field (NULL or a null field: none).  -1 past REP_MAX_SERIES.
 */
long report_series(struct report *r, enum rep_series_kind what, int layer,
    const struct field *tool, const struct field *kind,
    const struct field *contract, const struct field *column,
    const struct field *model);
/*
 * report_perf_check: whether the fields METRIC, ESTIMATE and REALISED
 * make a performance_window event: 0, or -1 with WHY when the metric or
 * both values are missing or a value is not a finite number.
 * report_perf_point: add the checked performance_window event at TIME
 * (lib/repperf.c), placed by WINDOW_TO when it is an RFC 3339 time, else
 * by TIME; -1 past REP_MAX_SERIES.
 */
int report_perf_check(const struct field *metric,
    const struct field *estimate, const struct field *realised,
    struct mlo_error *why);
int report_perf_point(struct report *r, mlo_time time,
    const struct field *model, const struct field *metric,
    const struct field *window_to, const struct field *estimate,
    const struct field *realised);
void report_perf_free(struct report *r);

/* report_entity: the slot of entity name N, added when new; -1 past
 * REP_MAX_ENTITIES. */
long report_entity(struct report *r, uint32_t n);
void report_finish_impact(struct report *r);

void report_finish_feedback(struct report *r);

#endif
