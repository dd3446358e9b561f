/*
 * repextra: what the report model (lib/report) keeps for the HTML page
 * (rephtml) beyond what the other formats show: the latest alerting
 * prediction of each entity, so that the page can link each to its
 * feedback page, and the metrics of each gate decision from the ledger's
 * rules.  Memory: one alert per entity.
 */
#ifndef MLO_REPEXTRA_H
#define MLO_REPEXTRA_H

#include <stddef.h>

#include "report.h"

struct cJSON;

/* report_note_alert: ENTITY (an interned name) alerted at T, in the
 * period, on the row with id ID[0..IDLEN) (ID NULL: none). */
void report_note_alert(struct report *r, uint32_t entity, const char *id,
    size_t idlen, mlo_time t, double score);

/* report_latest_alerts: up to N alert slots, latest first (then by
 * entity name); the caller frees *OUT. */
size_t report_latest_alerts(const struct report *r, size_t n, size_t **out);

void report_alerts_free(struct report *r);

/*
 * report_gate_metrics: the metrics of a ledger record's rules as text,
 * "recall 0.81 (production 0.78), precision 0.66", each metric once; NULL
 * when it has none.  The caller frees.
 */
char *report_gate_metrics(const struct cJSON *record);

#endif
