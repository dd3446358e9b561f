/*
 * fuzz_report: what mlo-report reads (lib/report: events, with their
 * series, buckets and conditions; the ledger; feedback logs; lib/impact:
 * outcomes and predictions for --impact) and everything it writes from
 * them (text, Markdown, NDJSON, Prometheus, HTML).  The input is the
 * options byte, then the files, separated by lines "\f": events, ledger,
 * feedback, outcomes, predictions (a file left out is not read; events
 * are always read).  The options byte: bits 0-1 the period (0: the day to
 * 2026-11-25T21:00:00Z, 1: 30 days to 2026-02-01, 2: a day ending at the
 * last mlo_time, 3: an hour in 1 ns buckets, so REP_MAX_BUCKETS), bit 2
 * --impact (with outcomes and predictions), bit 3 colour, bit 4
 * --entity-labels 3, bit 5 --feedback-url, bit 6 --alert-technicians 1,
 * bit 7 costs.
 * Properties: no crash, no leak; every non-blank events line is read,
 * skipped as of an unknown version or after --until, or counted bad or
 * torn with a warning (exactly so when no event can come after --until);
 * conditions and series stay within the events read; every format
 * writes the same bytes twice; NDJSON lines are valid UTF-8 JSON objects;
 * Prometheus samples are unique.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "fuzz.h"
#include "io.h"
#include "record.h"
#include "report.h"
#include "reportfmt.h"
#include "strmap.h"

#define NPART 5
#define SEP "\n\f\n"
#define HOUR (3600 * INT64_C(1000000000))

static uint64_t warnings;

static void
count_warning(const char *msg)
{
	(void)msg;
	warnings++;
}

/* nonblank: the lines of PATH that are not blank, read as the report
 * reads them; -1 when they cannot be read (then the report fails too). */
static long
nonblank(const char *path)
{
	struct mlo_error e;
	struct input *in;
	const char *line;
	size_t len, i;
	long n = 0;
	int got;

	if ((in = input_open(path, &e)) == NULL)
		return -1;
	while ((got = input_getline(in, &line, &len, IO_MAX_LINE, &e)) == 1) {
		for (i = 0; i < len && (line[i] == ' ' || line[i] == '\t' ||
		    line[i] == '\r' || line[i] == '\n'); i++)
			;
		n += i < len;
	}
	input_close(in);
	return got == -1 ? -1 : n;
}

/* check_ndjson: every line of T[0..n) a JSON object in valid UTF-8. */
static void
check_ndjson(const char *t, size_t n)
{
	const char *p = t, *end = t + n, *nl;

	for (; p < end; p = nl + 1) {
		cJSON *o;

		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			fz_fail("ndjson: a last line without a newline");
		if (!utf8_valid(p, (size_t)(nl - p)))
			fz_fail("ndjson: invalid UTF-8: %.*s", (int)(nl - p),
			    p);
		o = cJSON_ParseWithLength(p, (size_t)(nl - p));
		if (!cJSON_IsObject(o))
			fz_fail("ndjson: not a JSON object: %.*s",
			    (int)(nl - p), p);
		cJSON_Delete(o);
	}
}

/* check_prom: no two samples with the same name and labels. */
static void
check_prom(const char *t, size_t n)
{
	const char *p = t, *end = t + n, *nl, *sp;
	struct strmap seen = { 0 };

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			fz_fail("prometheus: a last line without a newline");
		if (*p == '#')
			continue;
		for (sp = nl; sp > p && sp[-1] != ' '; sp--)
			;
		if (sp == p)
			fz_fail("prometheus: no value: %.*s", (int)(nl - p), p);
		if (strmap_get(&seen, p, (size_t)(sp - p)) >= 0)
			fz_fail("prometheus: a sample twice: %.*s",
			    (int)(nl - p), p);
		strmap_put(&seen, p, (size_t)(sp - p), 1);
	}
	strmap_free(&seen);
}

typedef void (*formatter)(const struct report *, struct output *,
    const struct reportfmt_opts *);

/* render: FMT's output, in memory (*N bytes, caller frees). */
static char *
render(const struct report *r, formatter fmt, const struct reportfmt_opts *f,
    size_t *n)
{
	struct mlo_error e;
	struct output *o;
	char *t;
	off_t end;
	int fd = memfd_create("report", MFD_CLOEXEC);

	if (fd == -1)
		fz_fail("memfd_create");
	o = output_fd(fd, "report");
	fmt(r, o, f);
	if (output_close(o, &e) == -1)
		fz_fail("%s", e.msg);
	if ((end = lseek(fd, 0, SEEK_END)) == -1)
		fz_fail("lseek");
	*n = (size_t)end;
	t = xmalloc(*n + 1);
	if (pread(fd, t, *n, 0) != (ssize_t)*n)
		fz_fail("pread");
	close(fd);
	return t;
}

/* write_twice: FMT's output, twice the same; checked by CHECK. */
static void
write_twice(const struct report *r, formatter fmt,
    const struct reportfmt_opts *f, void (*check)(const char *, size_t))
{
	size_t na, nb;
	char *a = render(r, fmt, f, &na), *b = render(r, fmt, f, &nb);

	if (na != nb || memcmp(a, b, na) != 0)
		fz_fail("a format wrote other bytes the second time");
	if (check != NULL)
		check(a, na);
	free(a);
	free(b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[NPART] = { "events", "ledger",
	    "feedback", "outcomes", "predictions" };
	const char *part[NPART] = { 0 };
	size_t len[NPART] = { 0 };
	char path[NPART][PATH_MAX];
	struct report_opts o = { 0 };
	struct reportfmt_opts f = { 0 };
	struct report r;
	struct mlo_error e;
	const char *p, *end;
	long lines;
	int k, opt, rc;

	if (size < 1)
		return 0;
	opt = data[0];
	p = (const char *)data + 1;
	end = (const char *)data + size;
	for (k = 0; k < NPART && p != NULL; k++) {
		const char *sep = memmem(p, (size_t)(end - p), SEP,
		    sizeof SEP - 1);

		part[k] = p;
		len[k] = sep ? (size_t)(sep - p) + 1 : (size_t)(end - p);
		p = sep ? sep + sizeof SEP - 1 : NULL;
	}
	for (k = 0; k < NPART; k++)
		if (part[k] != NULL || k == 0)
			snprintf(path[k], sizeof path[k], "%s",
			    fz_file(names[k], part[k] ? part[k] : "", len[k]));
	switch (opt & 3) {
	case 0:
		time_parse("2026-11-25T21:00:00Z", 20, TIME_RFC3339, &o.until,
		    NULL);
		o.since = o.until - 24 * HOUR;
		break;
	case 1:
		time_parse("2026-02-01T00:00:00Z", 20, TIME_RFC3339, &o.until,
		    NULL);
		o.since = o.until - 30 * 24 * HOUR;
		break;
	case 2:
		o.until = INT64_MAX;
		o.since = o.until - 24 * HOUR;
		break;
	default:
		time_parse("2026-11-25T21:00:00Z", 20, TIME_RFC3339, &o.until,
		    NULL);
		o.since = o.until - HOUR;
		o.bucket = 1;
		break;
	}
	o.now = o.until;
	o.bounded = 1;
	o.alert_technicians = opt & 64 ? 1 : 3;
	o.warn = count_warning;
	o.impact_on = (opt & 4) && part[3] != NULL && part[4] != NULL;
	o.impact.lead_min = HOUR;
	o.impact.lead_max = 7 * 24 * HOUR;
	o.impact.threshold = 0.5;
	o.impact.avoidable = 1;
	o.impact.has_cost = (opt & 128) != 0;
	o.impact.unplanned = 50000;
	o.impact.planned = 5000;
	o.impact.inspection = 500;
	f.colour = (opt & 8) != 0;
	f.entity_labels = opt & 16 ? 3 : 0;
	snprintf(f.stamp, sizeof f.stamp, "2026-11-25T21:00:00Z");
	f.feedback_url = opt & 32 ? "https://example.org/cgi-bin/fb?x=1&y"
	    : NULL;

	report_init(&r, &o);
	warnings = 0;
	e.msg[0] = '\0';
	rc = report_read_events(&r, path[0], &e);
	lines = nonblank(path[0]);
	if (rc == -1 && e.msg[0] == '\0')
		fz_fail("events refused without a message");
	if (rc == 0) {
		uint64_t taken = r.events_read + r.events_bad + r.events_torn +
		    r.events_skipped_version;

		if (lines < 0)
			fz_fail("events read that cannot be read");
		if (taken > (uint64_t)lines || (o.until == INT64_MAX &&
		    taken != (uint64_t)lines))
			fz_fail("%ld lines, %llu events taken", lines,
			    (unsigned long long)taken);
		if (warnings < r.events_bad + r.events_torn)
			fz_fail("a bad line without a warning");
		if (r.nc > r.events_read || r.ns > r.events_read)
			fz_fail("more conditions or series than events");
	}
	if (part[1] != NULL) {
		e.msg[0] = '\0';
		if (report_read_ledger(&r, path[1], &e) == -1 &&
		    e.msg[0] == '\0')
			fz_fail("ledger refused without a message");
	}
	if (part[2] != NULL) {
		e.msg[0] = '\0';
		if (report_read_feedback(&r, path[2], &e) == -1 &&
		    e.msg[0] == '\0')
			fz_fail("feedback refused without a message");
	}
	if (o.impact_on) {
		e.msg[0] = '\0';
		if (report_read_outcomes(&r, path[3], &e) == -1 &&
		    e.msg[0] == '\0')
			fz_fail("outcomes refused without a message");
	}
	if (part[4] != NULL) {
		e.msg[0] = '\0';
		if (report_read_predictions(&r, path[4], &e) == -1 &&
		    e.msg[0] == '\0')
			fz_fail("predictions refused without a message");
	}
	report_finish(&r);
	write_twice(&r, report_text, &f, NULL);
	write_twice(&r, report_markdown, &f, NULL);
	write_twice(&r, report_ndjson, &f, check_ndjson);
	write_twice(&r, report_prometheus, &f, check_prom);
	write_twice(&r, report_html, &f, NULL);
	report_free(&r);
	return 0;
}
