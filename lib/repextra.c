#include <cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "repextra.h"

void
report_note_alert(struct report *r, uint32_t entity, const char *id,
    size_t idlen, mlo_time t, double score)
{
	struct rep_alert *a;
	size_t i;

	if (entity >= r->nalert_of_name) {
		size_t n = r->nalert_of_name ? r->nalert_of_name : 1024;

		while (n <= entity)
			n *= 2;
		r->alert_of_name = xreallocarray(r->alert_of_name, n,
		    sizeof *r->alert_of_name);
		for (i = r->nalert_of_name; i < n; i++)
			r->alert_of_name[i] = 0;
		r->nalert_of_name = n;
	}
	if (r->alert_of_name[entity] == 0) {
		if (r->nalert == r->capalert) {
			r->capalert = r->capalert ? 2 * r->capalert : 64;
			r->alert = xreallocarray(r->alert, r->capalert,
			    sizeof *r->alert);
		}
		a = &r->alert[r->nalert++];
		memset(a, 0, sizeof *a);
		a->entity = entity;
		a->time = INT64_MIN;
		r->alert_of_name[entity] = (int64_t)r->nalert;
	} else
		a = &r->alert[r->alert_of_name[entity] - 1];
	if (t < a->time)
		return;
	a->time = t;
	a->score = score;
	free(a->id);
	a->id = NULL;
	if (id != NULL) {
		a->id = xmalloc(idlen + 1);
		memcpy(a->id, id, idlen);
		a->id[idlen] = '\0';
	}
}

static const struct report *sort_r;

static int
by_latest(const void *x, const void *y)
{
	const struct rep_alert *a = &sort_r->alert[*(const size_t *)x];
	const struct rep_alert *b = &sort_r->alert[*(const size_t *)y];

	if (a->time != b->time)
		return a->time > b->time ? -1 : 1;
	return strcmp(report_name(sort_r, a->entity),
	    report_name(sort_r, b->entity));
}

size_t
report_latest_alerts(const struct report *r, size_t n, size_t **out)
{
	size_t i, *ix;

	ix = xreallocarray(NULL, r->nalert ? r->nalert : 1, sizeof *ix);
	for (i = 0; i < r->nalert; i++)
		ix[i] = i;
	sort_r = r;
	if (r->nalert > 1)
		qsort(ix, r->nalert, sizeof *ix, by_latest);
	*out = ix;
	return r->nalert < n ? r->nalert : n;
}

void
report_alerts_free(struct report *r)
{
	size_t i;

	for (i = 0; i < r->nalert; i++)
		free(r->alert[i].id);
	free(r->alert);
	free(r->alert_of_name);
	r->alert = NULL;
	r->alert_of_name = NULL;
	r->nalert = r->capalert = r->nalert_of_name = 0;
}

char *
report_gate_metrics(const struct cJSON *record)
{
	const cJSON *rules = cJSON_GetObjectItemCaseSensitive(record, "rules");
	const cJSON *rule;
	struct buf b = {0}, seen = {0}, key = {0};
	char num[NUM_BUFSZ];

	if (!cJSON_IsArray(rules))
		return NULL;
	cJSON_ArrayForEach(rule, rules) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(rule,
		    "metric");
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(rule,
		    "candidate");
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(rule,
		    "production");

		if (!cJSON_IsString(m) || !cJSON_IsNumber(c))
			continue;
		/* each metric once: SEEN holds "\nname\n" for each */
		buf_reset(&key);
		buf_printf(&key, "\n%s\n", m->valuestring);
		if (seen.data != NULL && strstr(seen.data, key.data) != NULL)
			continue;
		buf_adds(&seen, key.data + (seen.len ? 1 : 0));
		if (b.len)
			buf_adds(&b, ", ");
		num_format(c->valuedouble, num);
		buf_printf(&b, "%s %s", m->valuestring, num);
		if (cJSON_IsNumber(p)) {
			num_format(p->valuedouble, num);
			buf_printf(&b, " (production %s)", num);
		}
	}
	buf_free(&seen);
	buf_free(&key);
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}
