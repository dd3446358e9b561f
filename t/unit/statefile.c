/*
 * statefile: --state files that pass their seal but hold what the program
 * never writes (cases found by fuzz/fuzz_fstate.c and fuzz_dstate.c):
 * each is refused with a message, or loads and saves a file that loads
 * again, never a save the next run refuses.  Also a state written before
 * mlo-drift saved its alarm's peak as a string.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "drift.h"
#include "event.h"
#include "featurize.h"
#include "io.h"
#include "profile.h"
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

/* drift: mlo-drift compare -r ref.profile --window 50 --state STATE over
 * the header of x values alone; its status. */
static int
drift(const char *state)
{
	struct drift_opts o;
	struct reader_opts ro = {0};
	char ref[4096], st[4096], out[4096], cur[4096];
	char *paths[1] = { cur };
	int r;

	snprintf(ref, sizeof ref, "%s", at("ref.profile"));
	snprintf(st, sizeof st, "%s", at(state));
	snprintf(out, sizeof out, "%s", at("out.csv"));
	snprintf(cur, sizeof cur, "%s", at("head.csv"));
	drift_opts_init(&o);
	o.reference = ref;
	o.state = st;
	o.output = out;
	o.window = "50";
	o.quiet = 1;
	r = drift_compare(&o, &ro, 1, paths);
	drift_opts_free(&o);
	return r;
}

static void
test_drift_values(void)
{
	struct profile_opts po = {0};
	struct reader_opts ro = {0};
	struct mlo_error e;
	struct profile *p = profile_new(&po);
	struct output *out;
	struct buf b = {0};
	char *text, *id;
	size_t len;
	int i;

	buf_adds(&b, "x\n");
	for (i = 0; i < 200; i++)
		buf_printf(&b, "%d\n", i % 7);
	put("ref.csv", b.data);
	put("head.csv", "x\n");
	if (profile_read_input(p, at("ref.csv"), &ro, &e) == -1 ||
	    profile_finish(p, &e) == -1 ||
	    (out = output_open(at("ref.profile"), &e)) == NULL) {
		printf("Bail out! %s\n", e.msg);
		exit(1);
	}
	profile_write(p, out);
	if (output_close(out, &e) == -1) {
		printf("Bail out! %s\n", e.msg);
		exit(1);
	}
	profile_free(p);
	/* The header (its identity) as the program writes it. */
	ok(drift("new.st") == 0, "a first run saves a state");
	if (read_file(at("new.st"), 1 << 20, &text, &len, &e) == -1) {
		printf("Bail out! %s\n", e.msg);
		exit(1);
	}
	*strchr(text, '\n') = '\0';
	id = text;
	/* fuzz_dstate: 1e999 in the window read as infinity, was saved as
	 * the bare word inf, and the next run refused the state. */
	buf_reset(&b);
	buf_printf(&b, "%s\n{\"open\":true,\"have_times\":false,\"tkind\":0,"
	    "\"rows\":\"2\",\"windows\":\"0\",\"wstart\":\"0\","
	    "\"tfirst\":\"0\",\"tlast\":\"0\",\"wfirst_row\":\"1\","
	    "\"wn\":\"2\"}\n", id);
	{
		size_t keep = b.len;

		buf_adds(&b, "{\"column\":\"x\",\"firing\":false,\"since\":"
		    "\"0\",\"clear_since\":\"0\",\"count\":\"0\","
		    "\"peak\":0,\"nulls\":\"0\",\"nonfinite\":\"0\","
		    "\"invalid\":\"0\",\"values\":[1e999,2],\"categories\":[],"
		    "\"other\":\"0\",\"error\":\"0\"}\n");
		seal("inf.st", b.data);
		ok(drift("inf.st") == 2, "a window value of 1e999 is refused");
		/* the same with a finite value and the peak a number, as
		 * files written before the peak became a string */
		b.len = keep;
		buf_adds(&b, "{\"column\":\"x\",\"firing\":true,\"since\":"
		    "\"0\",\"clear_since\":\"-9223372036854775808\","
		    "\"count\":\"1\",\"peak\":0.25,\"nulls\":\"0\","
		    "\"nonfinite\":\"0\",\"invalid\":\"0\",\"values\":[1,2],"
		    "\"categories\":[],\"other\":\"0\",\"error\":\"0\"}\n");
		seal("old.st", b.data);
		ok(drift("old.st") == 0, "a numeric peak (older files) loads");
		free(text);
		if (read_file(at("old.st"), 1 << 20, &text, &len, &e) == -1) {
			printf("Bail out! %s\n", e.msg);
			exit(1);
		}
		ok(strstr(text, "\"peak\":\"0.25\"") != NULL,
		    "and is saved as a string");
		ok(drift("old.st") == 0, "which loads again");
	}
	free(text);
	buf_free(&b);
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
	test_drift_values();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		ok(0, "rm -rf %s", dir);
	return tap_done();
}
