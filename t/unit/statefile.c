/*
 * statefile: --state files that pass their seal but hold what the program
 * never writes (cases found by fuzz/fuzz_fstate.c and fuzz_dstate.c):
 * each is refused with a message, or loads and saves a file that loads
 * again, never a save the next run refuses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "event.h"
#include "featurize.h"
#include "io.h"
#include "spec.h"
#include "statefile.h"
#include "tap.h"

static char dir[] = "/tmp/mlo-unit-statefile-XXXXXX";
static char path[4096];

static const char *
at(const char *name)
{
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

static void
put(const char *name, const char *text)
{
	struct mlo_error e;

	if (atomic_write(at(name), text, strlen(text), &e) == -1) {
		printf("Bail out! %s\n", e.msg);
		exit(1);
	}
}

/* seal: NAME holds the records TEXT, sealed as statefile_save does. */
static void
seal(const char *name, const char *text)
{
	struct buf b = {0};
	struct mlo_error e;

	buf_adds(&b, text);
	if (statefile_save(at(name), &b, &e) == -1) {
		printf("Bail out! %s\n", e.msg);
		exit(1);
	}
	buf_free(&b);
}

/* features: open SPEC with STATE and finish (saving it); -1 with E. */
static int
features(const struct spec *s, const char *state, struct mlo_error *e)
{
	struct features_opts o = {0};
	struct reader_opts ro = {0};
	struct event_sink sink;
	struct featurizer *f;
	struct buf report = {0};
	char st[4096], out[4096];
	int r = -1;

	snprintf(st, sizeof st, "%s", at(state));
	snprintf(out, sizeof out, "%s", at("out.csv"));
	o.state = st;
	o.output = out;
	event_sink_init(&sink, NULL, "mlo-features", "2026-01-02T00:00:00Z");
	if ((f = features_open(s, &ro, &o, &sink, e)) != NULL) {
		r = features_finish(f, &report, e);
		features_free(f);
	}
	buf_free(&report);
	event_sink_free(&sink);
	return r;
}

static void
test_features_format(void)
{
	struct mlo_error e;
	struct spec *s;
	char head[256];

	put("s.yaml", "features: t\nversion: 1\nentity: u\ntime: ts\n"
	    "emit: {every: 10m}\ncolumns:\n"
	    "  - {name: m, from: x, window: 3, stat: mean}\n");
	if ((s = spec_load(at("s.yaml"), &e)) == NULL) {
		printf("Bail out! %s\n", e.msg);
		exit(1);
	}
	/* fuzz_fstate: a quote in "format" was saved unquoted, so the next
	 * run refused the file the last one wrote. */
	snprintf(head, sizeof head, "{\"mlo\":\"mlo-features\",\"v\":1,"
	    "\"feature_set\":\"%s\",\"format\":\"c\\\"v\"}\n", s->id);
	seal("q.st", head);
	ok(features(s, "q.st", &e) == -1 && strstr(e.msg,
	    "q.st:1: damaged state record: format is neither csv nor ndjson")
	    != NULL, "a format with a quote is refused (%s)", e.msg);
	snprintf(head, sizeof head, "{\"mlo\":\"mlo-features\",\"v\":1,"
	    "\"feature_set\":\"%s\",\"format\":7}\n", s->id);
	seal("n.st", head);
	ok(features(s, "n.st", &e) == -1, "a format that is not a string "
	    "is refused");
	/* What the program writes loads, saves, and loads again. */
	snprintf(head, sizeof head, "{\"mlo\":\"mlo-features\",\"v\":1,"
	    "\"feature_set\":\"%s\",\"format\":\"ndjson\"}\n", s->id);
	seal("j.st", head);
	ok(features(s, "j.st", &e) == 0 && features(s, "j.st", &e) == 0,
	    "format ndjson loads and saves");
	snprintf(head, sizeof head, "{\"mlo\":\"mlo-features\",\"v\":1,"
	    "\"feature_set\":\"%s\",\"format\":\"\"}\n", s->id);
	seal("e.st", head);
	ok(features(s, "e.st", &e) == 0 && features(s, "e.st", &e) == 0,
	    "an empty format (no input read yet) loads and saves");
	spec_free(s);
}

int
main(void)
{
	char cmd[128];

	if (mkdtemp(dir) == NULL) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	test_features_format();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		ok(0, "rm -rf %s", dir);
	return tap_done();
}
