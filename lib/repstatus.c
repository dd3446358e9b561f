/*
 * repstatus: the status of each layer of the report model and the
 * reasons for it (mlo-report(1), STATUS), from what lib/report and
 * lib/impact gathered: conditions still firing, one-off events of the
 * period, the ledger's latest decision, feedback flags, missed failures;
 * and the assets needing most attention.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* text: B's text, "" when it has none. */
static const char *
text(const struct buf *b)
{
	return b->len > 0 ? b->data : "";
}


static void
reason(struct report *r, int layer, int status, mlo_time t,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
reason(struct report *r, int layer, int status, mlo_time t,
    const char *fmt, ...)
{
	struct rep_layer_status *L = &r->layer[layer];
	struct buf b = {0};
	va_list ap;
	char tmp[2048];

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	buf_adds(&b, tmp);
	if (L->n == L->cap) {
		L->cap = L->cap ? 2 * L->cap : 8;
		L->r = xreallocarray(L->r, L->cap, sizeof *L->r);
	}
	L->r[L->n].status = status;
	L->r[L->n].time = t;
	L->r[L->n++].text = buf_detach(&b);
	if (status > L->status)
		L->status = status;
}

/* what: "KIND 'COLUMN' of CONTRACT" for reasons, into B. */
static void
what(const struct report *r, const struct rep_series *s, char *b, size_t n)
{
	int k = snprintf(b, n, "%s", r->name[s->kind]);

	if (s->column && k >= 0 && (size_t)k < n)
		k += snprintf(b + k, n - k, " '%s'", r->name[s->column]);
	if (s->contract && k >= 0 && (size_t)k < n)
		k += snprintf(b + k, n - k, " (%s)", r->name[s->contract]);
	else if (s->model && k >= 0 && (size_t)k < n)
		k += snprintf(b + k, n - k, " (model %s)", r->name[s->model]);
}

static int
sev_status(int sev)
{
	return sev == SEV_CRITICAL ? STATUS_RED : sev == SEV_WARNING ?
	    STATUS_AMBER : STATUS_GREEN;
}

static void
condition_reasons(struct report *r)
{
	size_t i, *latest;
	int sev;

	/* per series and severity, the latest firing condition */
	latest = xmalloc(r->ns * SEV_COUNT * sizeof *latest + 1);
	for (i = 0; i < r->ns * SEV_COUNT; i++)
		latest[i] = SIZE_MAX;
	for (i = 0; i < r->nc; i++) {
		struct rep_cond *c = &r->c[i];
		size_t *l = &latest[c->series * SEV_COUNT + c->sev];
		long en;

		if (!c->firing)
			continue;
		r->s[c->series].firing[c->sev]++;
		if (*l == SIZE_MAX || c->time > r->c[*l].time ||
		    (c->time == r->c[*l].time && c->seq > r->c[*l].seq))
			*l = i;
		if (c->entity && (en = report_entity(r, c->entity)) >= 0)
			r->ent[en].firing[c->sev]++;
	}
	for (i = 0; i < r->ns; i++)
		for (sev = SEV_CRITICAL; sev >= SEV_WARNING; sev--) {
			const struct rep_series *s = &r->s[i];
			const struct rep_cond *c;
			char w[512], since[TIME_BUFSZ];

			if (latest[i * SEV_COUNT + sev] == SIZE_MAX)
				continue;
			c = &r->c[latest[i * SEV_COUNT + sev]];
			what(r, s, w, sizeof w);
			time_format(c->since, TIME_RFC3339, since);
			if (s->firing[sev] == 1)
				reason(r, s->layer, sev_status(sev), c->time,
				    "%s firing%s%s since %s: %s", w,
				    c->entity ? " for " : "",
				    r->name[c->entity], since,
				    text(&c->message));
			else
				reason(r, s->layer, sev_status(sev), c->time,
				    "%s: %u firing, the latest%s%s since "
				    "%s: %s", w, s->firing[sev],
				    c->entity ? " for " : "",
				    r->name[c->entity], since,
				    text(&c->message));
		}
	free(latest);
}

static void
oneoff_reasons(struct report *r)
{
	size_t i;
	int sev;

	for (i = 0; i < r->ns; i++) {
		const struct rep_series *s = &r->s[i];

		if (s->what != SERIES_EVENTS)
			continue;
		for (sev = SEV_CRITICAL; sev >= SEV_WARNING; sev--) {
			char w[512];
			uint64_t n = s->oneoff_sev[sev];

			if (n == 0)
				continue;
			what(r, s, w, sizeof w);
			reason(r, s->layer, sev_status(sev),
			    s->message_time[sev], "%s: %llu %s event%s in "
			    "the period, latest: %s", w,
			    (unsigned long long)n, rep_severity_name(sev),
			    n == 1 ? "" : "s", text(&s->last_message[sev]));
		}
	}
}

static void
lifecycle_reasons(struct report *r)
{
	size_t i;

	if (r->ledger_breaks > 0)
		reason(r, LAYER_LIFECYCLE, STATUS_AMBER, r->o.until,
		    "the ledger's hash chain is broken in %zu place%s "
		    "(mlo-retrain-gate --verify)", r->ledger_breaks,
		    r->ledger_breaks == 1 ? "" : "s");
	for (i = r->ngate; i-- > 0; ) {
		const struct rep_gate *g = &r->gate[i];
		char t[TIME_BUFSZ];

		if (g->time <= r->o.since || g->decision == NULL)
			break;
		time_format(g->time, TIME_RFC3339, t);
		if (strcmp(g->decision, "reject") == 0) {
			reason(r, LAYER_LIFECYCLE, STATUS_AMBER, g->time,
			    "candidate %s rejected at %s%s%s",
			    g->candidate ? g->candidate : "(unregistered)",
			    t, g->failed && *g->failed ? ": failed " : "",
			    g->failed && *g->failed ? g->failed : "");
			break;
		}
		if (strcmp(g->decision, "rollback") == 0) {
			reason(r, LAYER_LIFECYCLE, STATUS_AMBER, g->time,
			    "production rolled back to %s at %s",
			    g->production ? g->production : "?", t);
			break;
		}
		break;	/* the latest decision promoted */
	}
}

static void
feedback_reasons(struct report *r)
{
	size_t i;

	for (i = 0; i < r->nfb_assets; i++)
		reason(r, LAYER_FEEDBACK, STATUS_RED, r->o.until, "asset %s: "
		    "%zu prediction%s flagged wrong by %zu technicians in the "
		    "period", r->fb_assets[i].name, r->fb_assets[i].flags,
		    r->fb_assets[i].flags == 1 ? "" : "s",
		    r->fb_assets[i].technicians);

	for (i = 0; i < r->ns; i++) {
		const struct rep_series *s = &r->s[i];
		const char *m = s->model ? r->name[s->model] : "(none)";

		if (s->what != SERIES_FEEDBACK || s->period == 0)
			continue;
		reason(r, LAYER_FEEDBACK, s->technicians >=
		    (uint64_t)r->o.alert_technicians ? STATUS_RED :
		    STATUS_AMBER, s->last_time, "model %s: %llu prediction%s "
		    "flagged wrong by %llu technician%s in the period", m,
		    (unsigned long long)s->period, s->period == 1 ? "" : "s",
		    (unsigned long long)s->technicians,
		    s->technicians == 1 ? "" : "s");
	}
}

static void
business_reasons(struct report *r)
{
	const struct rep_impact *m = &r->impact;

	if (!m->has || m->missed == 0) {
		if (m->has && m->money_saved < 0)
			reason(r, LAYER_BUSINESS, STATUS_AMBER, r->o.until,
			    "the alarms cost more than they saved");
		return;
	}
	reason(r, LAYER_BUSINESS, m->missed > m->caught ? STATUS_RED :
	    STATUS_AMBER, r->o.until, "%zu of %zu failure%s in the period "
	    "missed", m->missed, m->caught + m->missed,
	    m->caught + m->missed == 1 ? "" : "s");
	if (m->money_saved < 0)
		reason(r, LAYER_BUSINESS, STATUS_AMBER, r->o.until,
		    "the alarms cost more than they saved");
}

static int
by_reason(const void *a, const void *b)
{
	const struct rep_reason *x = a, *y = b;

	if (x->status != y->status)
		return x->status > y->status ? -1 : 1;
	if (x->time != y->time)
		return x->time > y->time ? -1 : 1;
	return strcmp(x->text, y->text);
}

void
report_finish(struct report *r)
{
	size_t i;
	int l;

	report_finish_feedback(r);
	report_finish_impact(r);
	condition_reasons(r);
	oneoff_reasons(r);
	lifecycle_reasons(r);
	feedback_reasons(r);
	business_reasons(r);
	if (r->events_files > 0 && r->events_in_period == 0)
		reason(r, LAYER_INTEGRITY, STATUS_AMBER, r->o.until,
		    "no events in the period: is the pipeline running?");
	for (l = 0; l < LAYER_COUNT; l++)
		if (r->layer[l].n > 0)
			qsort(r->layer[l].r, r->layer[l].n,
			    sizeof *r->layer[l].r, by_reason);
	for (i = 0; i < r->nent; i++) {
		struct rep_entity *en = &r->ent[i];

		en->status = en->firing[SEV_CRITICAL] ||
		    en->period_sev[SEV_CRITICAL] ? STATUS_RED :
		    en->firing[SEV_WARNING] || en->period_sev[SEV_WARNING] ?
		    STATUS_AMBER : STATUS_GREEN;
	}
}

int
report_worst(const struct report *r)
{
	int l, w = STATUS_GREEN;

	for (l = 0; l < LAYER_COUNT; l++)
		if (r->layer[l].status > w)
			w = r->layer[l].status;
	return w;
}

static const struct report *sort_r;

static int
by_severity(const void *a, const void *b)
{
	const struct rep_entity *x = &sort_r->ent[*(const size_t *)a];
	const struct rep_entity *y = &sort_r->ent[*(const size_t *)b];
	uint64_t kx[4] = { x->firing[SEV_CRITICAL], x->firing[SEV_WARNING],
		x->period_sev[SEV_CRITICAL], x->period_sev[SEV_WARNING] };
	uint64_t ky[4] = { y->firing[SEV_CRITICAL], y->firing[SEV_WARNING],
		y->period_sev[SEV_CRITICAL], y->period_sev[SEV_WARNING] };
	int k;

	for (k = 0; k < 4; k++)
		if (kx[k] != ky[k])
			return kx[k] > ky[k] ? -1 : 1;
	return strcmp(sort_r->name[x->name], sort_r->name[y->name]);
}

size_t
report_top_entities(const struct report *r, size_t n, size_t **out)
{
	size_t i, k = 0, *ix;

	*out = NULL;
	if (r->nent == 0 || n == 0)
		return 0;
	ix = xcalloc(r->nent, sizeof *ix);
	for (i = 0; i < r->nent; i++) {
		const struct rep_entity *en = &r->ent[i];

		if (en->firing[SEV_CRITICAL] || en->firing[SEV_WARNING] ||
		    en->period_sev[SEV_CRITICAL] ||
		    en->period_sev[SEV_WARNING])
			ix[k++] = i;
	}
	sort_r = r;
	if (k > 0)
		qsort(ix, k, sizeof *ix, by_severity);
	if (k > n)
		k = n;
	*out = ix;
	return k;
}

