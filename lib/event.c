#include <stdio.h>
#include <string.h>

#include "event.h"
#include "io.h"
#include "num.h"
#include "writer.h"

void
event_sink_init(struct event_sink *s, const char *path, const char *tool,
    const char *time_stamp)
{
	memset(s, 0, sizeof *s);
	s->path = path;
	s->tool = tool;
	snprintf(s->time, sizeof s->time, "%s", time_stamp);
}

static void
key(struct buf *b, const char *k)
{
	buf_addc(b, ',');
	json_quote(b, k, strlen(k));
	buf_addc(b, ':');
}

void
event_begin(struct buf *b, struct event_sink *s, const char *kind,
    const char *state, const char *severity, const char *layer)
{
	buf_reset(b);
	if (state == NULL || strcmp(state, "resolved") != 0) {
		int level = strcmp(severity, "critical") == 0 ? 2 :
		    strcmp(severity, "warning") == 0 ? 1 : 0;

		if (level > s->worst)
			s->worst = level;
	}
	buf_printf(b, "{\"v\":%d", EVENT_VERSION);
	event_str(b, "time", s->time);
	event_str(b, "tool", s->tool);
	event_str(b, "kind", kind);
	if (state != NULL)
		event_str(b, "state", state);
	event_str(b, "severity", severity);
	event_str(b, "layer", layer);
}

void
event_strn(struct buf *b, const char *k, const char *value, size_t n)
{
	key(b, k);
	json_quote(b, value, n);
}

void
event_str(struct buf *b, const char *k, const char *value)
{
	if (value == NULL) {
		key(b, k);
		buf_add(b, "null", 4);
		return;
	}
	event_strn(b, k, value, strlen(value));
}

void
event_num(struct buf *b, const char *k, double value)
{
	char num[NUM_BUFSZ];
	size_t n = num_format(value, num);

	key(b, k);
	if (value != value || value - value != 0)
		json_quote(b, num, n);
	else
		buf_add(b, num, n);
}

void
event_int(struct buf *b, const char *k, int64_t value)
{
	key(b, k);
	buf_printf(b, "%lld", (long long)value);
}

void
event_bool(struct buf *b, const char *k, int value)
{
	key(b, k);
	buf_adds(b, value ? "true" : "false");
}

void
event_end(struct buf *b, struct event_sink *s)
{
	buf_add(b, "}\n", 2);
	if (s->path == NULL)
		return;
	buf_add(&s->batch, b->data, b->len);
	if (s->batch.len >= EVENT_BATCH && !s->failed) {
		if (append_record(s->path, s->batch.data, s->batch.len,
		    &s->err) == -1)
			s->failed = 1;
		buf_reset(&s->batch);
	}
}

int
event_flush(struct event_sink *s, struct mlo_error *e)
{
	int r = 0;

	if (s->failed) {
		*e = s->err;
		r = -1;
	} else if (s->path != NULL && s->batch.len > 0)
		r = append_record(s->path, s->batch.data, s->batch.len, e);
	buf_reset(&s->batch);
	return r;
}

void
event_sink_free(struct event_sink *s)
{
	buf_free(&s->batch);
}
