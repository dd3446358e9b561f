/*
 * report: the model's time buckets, condition states across out-of-order
 * events, and the text formatter's wrapping.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "reportfmt.h"
#include "tap.h"

#define H (3600 * INT64_C(1000000000))

static char tmpl[] = "/tmp/mlo-unit-report-XXXXXX";

static void
write_events(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

static void
test_buckets(void)
{
	struct report_opts o = {0};
	struct report r;

	o.since = 0;
	o.until = 24 * H;
	report_init(&r, &o);
	ok(r.nbuckets == 24 && r.bucket == H, "a day: 24 buckets of an hour");
	ok(report_bucket_of(&r, 0) == -1, "since itself is outside");
	ok(report_bucket_of(&r, 1) == 0, "just after since: bucket 0");
	ok(report_bucket_of(&r, H) == 0, "buckets are closed on the right");
	ok(report_bucket_of(&r, H + 1) == 1, "then the next");
	ok(report_bucket_of(&r, 24 * H) == 23, "until: the last bucket");
	ok(report_bucket_of(&r, 24 * H + 1) == -1, "after until: outside");
	ok(report_bucket_start(&r, 3) == 3 * H, "bucket 3 starts at 3h");
	report_free(&r);
	o.bucket = 1000000;	/* 1 ms: too many, capped */
	report_init(&r, &o);
	ok(r.nbuckets == REP_MAX_BUCKETS, "buckets capped at %d",
	    REP_MAX_BUCKETS);
	report_free(&r);
}

static void
test_conditions(void)
{
	char path[64];
	struct report_opts o = {0};
	struct report r;
	struct mlo_error e;

	snprintf(path, sizeof path, "%s/ev", tmpl);
	write_events(path,
	    "{\"v\":1,\"time\":\"1970-01-01T05:00:00Z\",\"tool\":\"t\",\"kind\":\"k\",\"state\":\"resolved\",\"severity\":\"critical\",\"layer\":\"model\",\"entity\":\"A\",\"value\":1}\n"
	    "{\"v\":1,\"time\":\"1970-01-01T03:00:00Z\",\"tool\":\"t\",\"kind\":\"k\",\"state\":\"firing\",\"severity\":\"critical\",\"layer\":\"model\",\"entity\":\"A\",\"value\":7}\n"
	    "{\"v\":1,\"time\":\"1970-01-01T03:30:00Z\",\"tool\":\"t\",\"kind\":\"k\",\"state\":\"firing\",\"severity\":\"critical\",\"layer\":\"model\",\"entity\":\"B\",\"value\":2.5}\n");
	o.since = 0;
	o.until = 24 * H;
	report_init(&r, &o);
	ok(report_read_events(&r, path, &e) == 0, "events read");
	report_finish(&r);
	ok(r.ns == 1 && r.nc == 2, "one series, two conditions");
	ok(r.s[0].firing[SEV_CRITICAL] == 1, "A resolved later in time, "
	    "though read first; B fires");
	ok(r.s[0].b[2].events == 1 && r.s[0].b[2].vmax == 7,
	    "bucket 2 (2h, 3h]: the firing at 3h");
	ok(r.s[0].b[3].events == 1 && r.s[0].b[3].vsum == 2.5 &&
	    r.s[0].b[3].critical == 1, "bucket 3 (3h, 4h]: B's firing");
	ok(r.s[0].b[4].events == 1, "bucket 4 holds the resolution");
	ok(r.s[0].has_value && r.s[0].last_value == 1, "the latest value is "
	    "the latest event's in time");
	ok(r.events_out_of_order == 1, "one event out of order");
	ok(r.layer[LAYER_MODEL].status == STATUS_RED, "model red");
	report_free(&r);
	unlink(path);
}

static void
test_wrap(void)
{
	struct buf b = {0};

	report_wrap(&b, "  - ", 4, "one two three four", 12);
	is_str(b.data, "  - one two\n    three\n    four\n", "wrap at 12");
	buf_reset(&b);
	report_wrap(&b, "- ", 2, "abcdefghijkl", 6);
	is_str(b.data, "- abcd\n  efgh\n  ijkl\n", "a long word is cut");
	buf_reset(&b);
	report_wrap(&b, "x ", 2, "  ", 80);
	is_str(b.data, "x \n", "blank text");
	buf_free(&b);
}

int
main(void)
{
	if (mkdtemp(tmpl) == NULL) {
		perror(tmpl);
		return 2;
	}
	test_buckets();
	test_conditions();
	test_wrap();
	rmdir(tmpl);
	return tap_done();
}
