/*
 * rephtml: what the HTML page adds to the report model (repextra: the
 * latest alert of each entity, the gate's metrics) and its SVG charts
 * (svgchart: points, gaps, text alternatives, escaping).
 */
#include <cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "repextra.h"
#include "svgchart.h"
#include "tap.h"

#define S INT64_C(1000000000)

static void
test_alerts(void)
{
	struct report_opts o = {0};
	struct report r;
	size_t *ix, n;
	uint32_t a, b, c;

	o.since = 0;
	o.until = 100 * S;
	report_init(&r, &o);
	a = report_intern(&r, "A", 1);
	b = report_intern(&r, "B", 1);
	c = report_intern(&r, "C", 1);
	report_note_alert(&r, a, "a1", 2, 10 * S, 0.7);
	report_note_alert(&r, b, "b1", 2, 20 * S, 0.8);
	report_note_alert(&r, a, "a2", 2, 30 * S, 0.9);
	report_note_alert(&r, a, "a0", 2, 5 * S, 0.6);	/* older: kept a2 */
	report_note_alert(&r, c, NULL, 0, 20 * S, NAN);
	ok(r.nalert == 3, "one alert per entity (%zu)", r.nalert);
	n = report_latest_alerts(&r, 10, &ix);
	ok(n == 3, "three listed");
	ok(strcmp(r.alert[ix[0]].id, "a2") == 0 && r.alert[ix[0]].score == 0.9,
	    "the latest first, the entity's latest row");
	ok(strcmp(report_name(&r, r.alert[ix[1]].entity), "B") == 0 &&
	    strcmp(report_name(&r, r.alert[ix[2]].entity), "C") == 0,
	    "same time: by entity name");
	ok(r.alert[ix[2]].id == NULL && isnan(r.alert[ix[2]].score),
	    "no id, no score");
	free(ix);
	n = report_latest_alerts(&r, 1, &ix);
	ok(n == 1, "at most N");
	free(ix);
	report_free(&r);
	ok(r.alert == NULL && r.nalert == 0, "freed with the report");
}

static void
test_metrics(void)
{
	cJSON *o;
	char *m;

	o = cJSON_Parse("{\"rules\":[{\"rule\":\"recall.min\",\"metric\":"
	    "\"recall\",\"candidate\":0.71,\"production\":0.82},{\"rule\":"
	    "\"recall.delta\",\"metric\":\"recall\",\"candidate\":0.71},"
	    "{\"rule\":\"p\",\"metric\":\"precision\",\"candidate\":0.5,"
	    "\"production\":null},{\"rule\":\"x\",\"metric\":\"auc\","
	    "\"candidate\":null},{\"rule\":\"y\",\"metric\":\"rec\","
	    "\"candidate\":1}]}");
	m = report_gate_metrics(o);
	ok(m != NULL && strcmp(m, "recall 0.71 (production 0.82), precision "
	    "0.5, rec 1") == 0, "each metric once, nulls left out: '%s'",
	    m ? m : "(null)");
	free(m);
	cJSON_Delete(o);
	o = cJSON_Parse("{\"decision\":\"rollback\"}");
	ok(report_gate_metrics(o) == NULL, "no rules: NULL");
	cJSON_Delete(o);
	o = cJSON_Parse("{\"rules\":[]}");
	ok(report_gate_metrics(o) == NULL, "no metrics: NULL");
	cJSON_Delete(o);
}

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

static void
test_chart(void)
{
	double y[6] = { 0.1, 0.2, NAN, 0.4, NAN, 0.05 };
	double z[6] = { NAN, NAN, NAN, NAN, NAN, NAN };
	struct svg_line l[2] = { { "a<b", y }, { "none", z } };
	struct svg_chart c = { "c7", "t&\"x\"", "%", "from", "to", l, 2, 6 };
	struct buf b = {0};

	ok(svg_chart_has_data(&c), "has data");
	svg_chart(&b, &c);
	ok(strstr(b.data, "<svg class=\"chart\" id=\"c7\" viewBox=\"0 0 320 "
	    "132\" role=\"img\" aria-label=\"t&amp;&quot;x&quot;. From from to "
	    "to. a&lt;b: 4 of 6 intervals with data, lowest 5%, highest 40%, "
	    "latest 5%. none: no data.\"") != NULL, "the text alternative");
	ok(count(b.data, "<polyline") == 1, "one line where two points "
	    "touch");
	ok(count(b.data, "<circle") == 2, "a dot for each point alone");
	ok(strstr(b.data, "<polyline points=\"44.0,") != NULL,
	    "the first point on the left edge");
	ok(strstr(b.data, "<p class=\"legend\"><span class=\"k0\">a&lt;b"
	    "</span> <span class=\"k1\">none</span> </p>") != NULL,
	    "a legend for two lines");
	ok(strstr(b.data, "<text x=\"41\" y=\"14\" text-anchor=\"end\">40%"
	    "</text>") != NULL, "the top value labelled");
	ok(count(b.data, "<") == count(b.data, ">"), "brackets balanced");
	buf_free(&b);
	c.nlines = 1;
	c.line = &l[1];
	ok(!svg_chart_has_data(&c), "all NaN: no data");
}

int
main(void)
{
	test_alerts();
	test_metrics();
	test_chart();
	return tap_done();
}
