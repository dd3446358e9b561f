/*
 * prom: the report as Prometheus text exposition format 0.0.4, for
 * node_exporter's textfile collector (mlo-report(1), METRICS): a HELP and
 * a TYPE line before each family, names starting mlo_ in base units
 * (seconds, ratios), counters ending _total, no timestamps (the collector
 * refuses them), labels escaped as the format says.  Families come in a
 * fixed order and samples in the model's order, so the same model gives
 * the same bytes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "reportfmt.h"

struct prom {
	struct output *o;
	const struct report *r;
	struct buf b;
	int nlabels;
};

static void
family(struct prom *p, const char *name, const char *type, const char *help)
{
	output_printf(p->o, "# HELP %s %s\n# TYPE %s %s\n", name, help, name,
	    type);
}

static void
begin(struct prom *p, const char *name)
{
	buf_reset(&p->b);
	buf_adds(&p->b, name);
	p->nlabels = 0;
}

/* label: KEY="VALUE", VALUE escaped (backslash, quote, newline); a NULL
 * or empty VALUE leaves the label out. */
static void
label(struct prom *p, const char *key, const char *v)
{
	if (v == NULL || *v == '\0')
		return;
	buf_addc(&p->b, p->nlabels++ ? ',' : '{');
	buf_adds(&p->b, key);
	buf_adds(&p->b, "=\"");
	for (; *v; v++)
		if (*v == '\\')
			buf_adds(&p->b, "\\\\");
		else if (*v == '"')
			buf_adds(&p->b, "\\\"");
		else if (*v == '\n')
			buf_adds(&p->b, "\\n");
		else
			buf_addc(&p->b, *v);
	buf_addc(&p->b, '"');
}

static void
value(struct prom *p, double v)
{
	char nb[NUM_BUFSZ];

	if (p->nlabels)
		buf_addc(&p->b, '}');
	buf_addc(&p->b, ' ');
	if (isnan(v))
		buf_adds(&p->b, "NaN");
	else if (isinf(v))
		buf_adds(&p->b, v > 0 ? "+Inf" : "-Inf");
	else {
		num_format(v, nb);
		buf_adds(&p->b, nb);
	}
	buf_addc(&p->b, '\n');
	output_write(p->o, p->b.data, p->b.len);
}

static const char *
nm(const struct report *r, uint32_t i)
{
	return i ? report_name(r, i) : NULL;
}

static void
series_labels(struct prom *p, const struct rep_series *s)
{
	label(p, "layer", rep_layer_name(s->layer));
	label(p, "tool", nm(p->r, s->tool));
	label(p, "kind", nm(p->r, s->kind));
	label(p, "contract", nm(p->r, s->contract));
	label(p, "column", nm(p->r, s->column));
	label(p, "model_version", nm(p->r, s->model));
}

static void
layers(struct prom *p)
{
	const struct report *r = p->r;
	int l;

	family(p, "mlo_layer_status", "gauge", "Status of a monitoring layer: "
	    "0 green, 1 amber, 2 red.");
	for (l = 0; l < LAYER_COUNT; l++) {
		begin(p, "mlo_layer_status");
		label(p, "layer", rep_layer_name(l));
		value(p, r->layer[l].status);
	}
	family(p, "mlo_layer_reasons", "gauge", "Reasons a layer is not "
	    "green.");
	for (l = 0; l < LAYER_COUNT; l++) {
		begin(p, "mlo_layer_reasons");
		label(p, "layer", rep_layer_name(l));
		value(p, (double)r->layer[l].n);
	}
	family(p, "mlo_report_period_seconds", "gauge", "Length of the "
	    "period the report covers.");
	begin(p, "mlo_report_period_seconds");
	value(p, (double)(r->o.until - r->o.since) / 1e9);
}

static void
events(struct prom *p)
{
	const struct report *r = p->r;
	size_t i;
	int sev;

	if (r->events_files == 0)
		return;
	family(p, "mlo_events_total", "counter", "Events read, up to the "
	    "end of the period.");
	for (i = 0; i < r->ns; i++)
		for (sev = 0; sev < SEV_COUNT; sev++) {
			if (r->s[i].what != SERIES_EVENTS)
				continue;
			begin(p, "mlo_events_total");
			series_labels(p, &r->s[i]);
			label(p, "severity", rep_severity_name(sev));
			value(p, (double)r->s[i].by_sev[sev]);
		}
	family(p, "mlo_period_events", "gauge", "Events in the period.");
	for (i = 0; i < r->ns; i++)
		for (sev = 0; sev < SEV_COUNT; sev++) {
			if (r->s[i].what != SERIES_EVENTS)
				continue;
			begin(p, "mlo_period_events");
			series_labels(p, &r->s[i]);
			label(p, "severity", rep_severity_name(sev));
			value(p, (double)r->s[i].period_sev[sev]);
		}
	family(p, "mlo_conditions_firing", "gauge", "Lasting conditions "
	    "firing at the end of the period.");
	for (i = 0; i < r->ns; i++)
		for (sev = SEV_WARNING; sev < SEV_COUNT; sev++) {
			if (!r->s[i].has_conditions)
				continue;
			begin(p, "mlo_conditions_firing");
			series_labels(p, &r->s[i]);
			label(p, "severity", rep_severity_name(sev));
			value(p, r->s[i].firing[sev]);
		}
	family(p, "mlo_event_value", "gauge", "Value of the latest event "
	    "that had one (a share, a statistic, seconds).");
	for (i = 0; i < r->ns; i++) {
		if (r->s[i].what != SERIES_EVENTS || !r->s[i].has_value)
			continue;
		begin(p, "mlo_event_value");
		series_labels(p, &r->s[i]);
		value(p, r->s[i].last_value);
	}
	family(p, "mlo_events_last_timestamp_seconds", "gauge", "Time of "
	    "the latest event read, seconds since the epoch.");
	if (r->last_time != INT64_MIN) {
		begin(p, "mlo_events_last_timestamp_seconds");
		value(p, (double)(r->last_time / 1000000000));
	}
	family(p, "mlo_report_skipped_lines", "gauge", "Lines of the events "
	    "files skipped, by reason.");
	begin(p, "mlo_report_skipped_lines");
	label(p, "reason", "torn");
	value(p, (double)r->events_torn);
	begin(p, "mlo_report_skipped_lines");
	label(p, "reason", "unknown_version");
	value(p, (double)r->events_skipped_version);
	begin(p, "mlo_report_skipped_lines");
	label(p, "reason", "bad");
	value(p, (double)r->events_bad);
}

static void
entities(struct prom *p, size_t top)
{
	const struct report *r = p->r;
	size_t *ix, n, i;
	int sev;

	if (top == 0)
		return;
	n = report_top_entities(r, top, &ix);
	family(p, "mlo_entity_status", "gauge", "Status of one of the assets "
	    "needing most attention: 0 green, 1 amber, 2 red.");
	for (i = 0; i < n; i++) {
		begin(p, "mlo_entity_status");
		label(p, "entity", report_name(r, r->ent[ix[i]].name));
		value(p, r->ent[ix[i]].status);
	}
	family(p, "mlo_entity_conditions_firing", "gauge", "Conditions "
	    "firing for one of the assets needing most attention.");
	for (i = 0; i < n; i++)
		for (sev = SEV_WARNING; sev < SEV_COUNT; sev++) {
			begin(p, "mlo_entity_conditions_firing");
			label(p, "entity", report_name(r, r->ent[ix[i]].name));
			label(p, "severity", rep_severity_name(sev));
			value(p, r->ent[ix[i]].firing[sev]);
		}
	free(ix);
}

static void
models(struct prom *p)
{
	const struct report *r = p->r;
	size_t i;

	if (r->has_predictions) {
		family(p, "mlo_predictions_period", "gauge", "Prediction rows "
		    "in the period.");
		for (i = 0; i < r->ns; i++)
			if (r->s[i].what == SERIES_PREDICTIONS) {
				begin(p, "mlo_predictions_period");
				label(p, "model_version", nm(r, r->s[i].model));
				value(p, (double)r->s[i].period);
			}
		family(p, "mlo_predictions_positive_ratio", "gauge", "Share "
		    "of the period's predictions that alert.");
		for (i = 0; i < r->ns; i++)
			if (r->s[i].what == SERIES_PREDICTIONS &&
			    r->s[i].period > 0) {
				begin(p, "mlo_predictions_positive_ratio");
				label(p, "model_version", nm(r, r->s[i].model));
				value(p, (double)r->s[i].positives /
				    (double)r->s[i].period);
			}
	}
	if (r->nperf > 0) {
		family(p, "mlo_model_performance", "gauge", "Performance of a "
		    "model version in its latest window: estimated without "
		    "labels, or realised from them.");
		for (i = 0; i < r->nperf; i++) {
			const struct rep_perf *q = &r->perf[i];
			int k;

			for (k = 0; k < 2; k++) {
				double v = k ? q->last_real : q->last_est;

				if (isnan(v))
					continue;
				begin(p, "mlo_model_performance");
				label(p, "model_version", nm(r, q->model));
				label(p, "metric", report_name(r, q->metric));
				label(p, "kind", k ? "realised" : "estimated");
				value(p, v);
			}
		}
	}
	if (r->has_feedback) {
		family(p, "mlo_feedback_verdicts_total", "counter", "Standing "
		    "verdicts of technicians, up to the end of the period.");
		for (i = 0; i < r->ns; i++)
			if (r->s[i].what == SERIES_FEEDBACK) {
				begin(p, "mlo_feedback_verdicts_total");
				label(p, "model_version", nm(r, r->s[i].model));
				value(p, (double)r->s[i].total);
			}
		family(p, "mlo_feedback_wrong_period", "gauge", "Predictions "
		    "flagged wrong in the period.");
		for (i = 0; i < r->ns; i++)
			if (r->s[i].what == SERIES_FEEDBACK) {
				begin(p, "mlo_feedback_wrong_period");
				label(p, "model_version", nm(r, r->s[i].model));
				value(p, (double)r->s[i].period);
			}
		family(p, "mlo_feedback_flagging_technicians", "gauge",
		    "Distinct technicians who flagged a prediction wrong in "
		    "the period.");
		for (i = 0; i < r->ns; i++)
			if (r->s[i].what == SERIES_FEEDBACK) {
				begin(p, "mlo_feedback_flagging_technicians");
				label(p, "model_version", nm(r, r->s[i].model));
				value(p, (double)r->s[i].technicians);
			}
	}
}

static void
gate(struct prom *p)
{
	static const char *const decisions[] = { "promote", "reject",
		"rollback" };
	const struct report *r = p->r;
	size_t i, k, n;

	if (!r->has_ledger)
		return;
	family(p, "mlo_gate_decisions_total", "counter", "Retrain gate "
	    "decisions and rollbacks in the ledger.");
	for (k = 0; k < NELEM(decisions); k++) {
		for (i = n = 0; i < r->ngate; i++)
			if (r->gate[i].decision != NULL &&
			    strcmp(r->gate[i].decision, decisions[k]) == 0)
				n++;
		begin(p, "mlo_gate_decisions_total");
		label(p, "decision", decisions[k]);
		value(p, (double)n);
	}
	family(p, "mlo_gate_last_run_timestamp_seconds", "gauge", "Time of "
	    "the latest ledger record, seconds since the epoch.");
	if (r->ngate > 0) {
		begin(p, "mlo_gate_last_run_timestamp_seconds");
		value(p, (double)(r->gate[r->ngate - 1].time / 1000000000));
	}
	family(p, "mlo_gate_ledger_breaks", "gauge", "Places where the "
	    "ledger's hash chain is broken.");
	begin(p, "mlo_gate_ledger_breaks");
	value(p, (double)r->ledger_breaks);
	if (r->production != NULL) {
		family(p, "mlo_production_info", "gauge", "The model version "
		    "in production, after the ledger's latest record.");
		begin(p, "mlo_production_info");
		label(p, "model_version", r->production);
		value(p, 1);
	}
}

static void
impact(struct prom *p)
{
	const struct rep_impact *m = &p->r->impact;

	if (!m->has)
		return;
	family(p, "mlo_impact_failures", "gauge", "Failures in the period, "
	    "by what the alerts did.");
	begin(p, "mlo_impact_failures");
	label(p, "outcome", "caught");
	value(p, (double)m->caught);
	begin(p, "mlo_impact_failures");
	label(p, "outcome", "missed");
	value(p, (double)m->missed);
	begin(p, "mlo_impact_failures");
	label(p, "outcome", "unmonitored");
	value(p, (double)m->unmonitored);
	family(p, "mlo_impact_alarm_episodes", "gauge", "Alert episodes "
	    "starting in the period, by verdict.");
	begin(p, "mlo_impact_alarm_episodes");
	label(p, "verdict", "true");
	value(p, (double)m->true_alarms);
	begin(p, "mlo_impact_alarm_episodes");
	label(p, "verdict", "false");
	value(p, (double)m->false_alarms);
	begin(p, "mlo_impact_alarm_episodes");
	label(p, "verdict", "pending");
	value(p, (double)m->pending);
	if (!isnan(m->lead_median)) {
		family(p, "mlo_impact_lead_time_seconds", "gauge", "Lead "
		    "time of the caught failures: p10, median, p90.");
		begin(p, "mlo_impact_lead_time_seconds");
		label(p, "stat", "p10");
		value(p, m->lead_p10);
		begin(p, "mlo_impact_lead_time_seconds");
		label(p, "stat", "median");
		value(p, m->lead_median);
		begin(p, "mlo_impact_lead_time_seconds");
		label(p, "stat", "p90");
		value(p, m->lead_p90);
	}
	family(p, "mlo_impact_downtime_seconds", "gauge", "Downtime of the "
	    "monitored failures in the period.");
	begin(p, "mlo_impact_downtime_seconds");
	value(p, m->downtime_total_s);
	family(p, "mlo_impact_downtime_avoided_seconds", "gauge", "Downtime "
	    "the caught failures avoided.");
	begin(p, "mlo_impact_downtime_avoided_seconds");
	value(p, m->downtime_avoided_s);
	if (!isnan(m->money_saved)) {
		family(p, "mlo_impact_money_saved", "gauge", "Unplanned minus "
		    "planned cost of the caught failures, minus inspections "
		    "of false alarms.");
		begin(p, "mlo_impact_money_saved");
		value(p, m->money_saved);
	}
}

void
report_prometheus(const struct report *r, struct output *o,
    const struct reportfmt_opts *f)
{
	struct prom p = { o, r, {0}, 0 };

	layers(&p);
	events(&p);
	entities(&p, f->entity_labels);
	models(&p);
	gate(&p);
	impact(&p);
	buf_free(&p.b);
}
