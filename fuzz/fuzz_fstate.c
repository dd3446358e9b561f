/*
 * fuzz_fstate: the --state file of mlo-features: lib/featurize over
 * lib/rolling (windows of rows and of time, ewma by alpha and by time,
 * lags, diff, pct_change, spectrum sample rings, emit every's open
 * bucket) for fuzz/conf/features.yaml, which has a feature of every kind
 * that keeps state; and lib/snapfeat (--snapshot) for
 * t/data/spectrum/snap.yaml.  The first byte: bit 0 seals the rest
 * (fz_state), bit 1 reads rows after the state is loaded
 * (fuzz/conf/features.csv, or one snapshot file), bit 2 picks the
 * snapshot spec.
 * Properties: no crash, no leak; a refusal has a message; a state that
 * loads saves, and what it saved loads again and saves the same bytes;
 * rows after a loaded state are read, or refused with a message.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "event.h"
#include "featurize.h"
#include "fuzz.h"
#include "snapfeat.h"
#include "spec.h"

static const char *const spec_path[2] = { "fuzz/conf/features.yaml",
    "t/data/spectrum/snap.yaml" };
static const char *const rows_path[2] = { "fuzz/conf/features.csv",
    "t/data/spectrum/snap/snap-20260101-001000.gz" };

static struct spec *spec[2];
static struct reader_opts ro[2];
static char out[PATH_MAX];

/*
 * once: open spec K with STATE, read ROWS (NULL: none), finish (which
 * saves the state).  -1 with E on trouble; *OPENED tells whether the
 * state was taken.
 */
static int
once(int k, const char *state, const char *rows, int *opened,
    struct mlo_error *e)
{
	struct features_opts o = { 0 };
	struct event_sink sink;
	struct buf report = { 0 };
	int r = 0;

	o.output = out;
	o.state = state;
	o.late_drop = 1;
	event_sink_init(&sink, NULL, "mlo-features", "2026-01-02T00:00:00Z");
	*opened = 0;
	if (k == 0) {
		struct featurizer *f = features_open(spec[0], &ro[0], &o,
		    &sink, e);

		if (f == NULL)
			r = -1;
		else {
			*opened = 1;
			if (rows != NULL && features_file(f, rows, e) == -1) {
				features_abort(f);
				r = -1;
			} else if (features_finish(f, &report, e) == -1)
				r = -1;
			features_free(f);
		}
	} else {
		struct snapfeat *f = snapfeat_open(spec[1], &ro[1], &o, &sink,
		    e);

		if (f == NULL)
			r = -1;
		else {
			*opened = 1;
			if (rows != NULL && snapfeat_file(f, rows, e) == -1) {
				snapfeat_abort(f);
				r = -1;
			} else if (snapfeat_finish(f, &report, e) == -1)
				r = -1;
			snapfeat_free(f);
		}
	}
	buf_free(&report);
	event_sink_free(&sink);
	return r;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char st[PATH_MAX], s1[PATH_MAX];
	struct mlo_error e;
	int k, opened, r;

	if (spec[0] == NULL) {
		struct reader_opts none = { 0 };

		for (k = 0; k < 2; k++) {
			if ((spec[k] = spec_load(spec_path[k], &e)) == NULL)
				fz_fail("%s", e.msg);
			spec_reader_opts(spec[k], &none, &ro[k]);
		}
		snprintf(out, sizeof out, "%s", fz_path("out"));
	}
	if (size < 1)
		return 0;
	k = (data[0] >> 2) & 1;
	snprintf(s1, sizeof s1, "%s", fz_path("s1"));
	snprintf(st, sizeof st, "%s", fz_state("state", data, size));
	e.msg[0] = '\0';
	r = once(k, st, NULL, &opened, &e);
	if (getenv("FUZZ_VERBOSE") != NULL)
		fprintf(stderr, "spec %d: %s\n", k, r == 0 ? "loaded" : e.msg);
	if (r == -1) {
		if (opened)
			fz_fail("a state loaded does not save: %s", e.msg);
		if (e.msg[0] == '\0')
			fz_fail("refused without a message");
		return 0;
	}
	/* ST is what was saved: it loads, and saves the same bytes. */
	fz_copy(st, s1);
	if (once(k, st, NULL, &opened, &e) == -1)
		fz_fail("a state saved does not load again: %s", e.msg);
	fz_same(s1, st, "a state saved, loaded and saved changed");
	if (data[0] & 2) {
		e.msg[0] = '\0';
		if (once(k, st, rows_path[k], &opened, &e) == -1 &&
		    e.msg[0] == '\0')
			fz_fail("rows refused without a message");
	}
	return 0;
}
