/*
 * fuzz_dstate: the --state file of mlo-drift compare: lib/dstate (the
 * open window's values and categories, every column's alarm), with
 * lib/ddetect (detectors per entity), lib/dregime (regimes) and lib/dperf
 * (performance alarms), through drift_compare as the program runs it.
 * Five settings, each with its reference profile made from t/data/drift
 * when the harness starts (fuzz/seed makes its seeds the same way):
 *   0  ref.csv, --window 100 (numbers and a category)
 *   1  det-ref.csv, --test ks --time t --window 40 --detector cusum
 *      --detector-on rows --arl0 500 --by asset
 *   2  the same with --detector page-hinkley --detector-on windows
 *   3  reg-ref.csv by regime mode, --regime mode --window 300 --time t
 *      --detector cusum
 *   4  perf-ref.csv with score and label, --window 700 --time t
 *      --min precision=0.6
 * The first byte: bit 0 seals the rest (fz_state), bit 1 reads rows of
 * the setting's current data after the state is loaded, bits 2-4 the
 * setting (mod 5).  Each run reads the header of the current data (no
 * rows), which leaves the state as it is.
 * Properties: no crash, no leak; a refusal (status 2) has a message; a
 * state that loads saves, and what it saved loads again and saves the
 * same bytes; rows after a loaded state are read, or refused with a
 * message.  Messages go to a memory stream while drift_compare runs (the
 * sanitizers write to the descriptor, so their reports still show).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drift.h"
#include "fuzz.h"
#include "io.h"
#include "profile.h"
#include "util.h"

#define NSET 5
#define NOW "2026-11-25T12:00:00Z"

struct setting {
	const char *ref, *cur;
	const char *regime;	/* profile --regime */
	int roles;		/* profile --role score=score label=label */
	int by;			/* current data gets an asset column */
	size_t rows;		/* rows of current data to read */
	const char *window, *time, *tests, *min;
	enum detector_kind det;
	int on_rows;
	double arl0;
};

static const struct setting set[NSET] = {
	{ "t/data/drift/ref.csv", "t/data/drift/cur1.csv", NULL, 0, 0, 150,
	    "100", NULL, NULL, NULL, DET_NONE, 0, 0 },
	{ "t/data/drift/det-ref.csv", "t/data/drift/det-cur.csv", NULL, 0, 1,
	    100, "40", "t", "ks", NULL, DET_CUSUM, 1, 500 },
	{ "t/data/drift/det-ref.csv", "t/data/drift/det-cur.csv", NULL, 0, 1,
	    100, "40", "t", "ks", NULL, DET_PAGE_HINKLEY, 0, 500 },
	{ "t/data/drift/reg-ref.csv", "t/data/drift/reg-cur.csv", "mode", 0,
	    0, 400, "300", "t", NULL, NULL, DET_CUSUM, 0, 0 },
	{ "t/data/drift/perf-ref.csv", "t/data/drift/perf-cur.csv", NULL, 1,
	    0, 800, "700", "t", NULL, "precision=0.6", DET_NONE, 0, 0 },
};

static char profile[NSET][PATH_MAX], header[NSET][PATH_MAX],
    rows[NSET][PATH_MAX], out[PATH_MAX];

/* make_profile: the reference profile of setting K, as mlo-drift
 * profile writes it. */
static void
make_profile(int k)
{
	const struct setting *s = &set[k];
	struct profile_opts po = { 0 };
	struct reader_opts ro = { 0 };
	struct mlo_error e;
	struct profile *p;
	struct output *o;
	char name[32];

	po.regime = s->regime;
	p = profile_new(&po);
	if (s->roles && (profile_role(p, "score=score", &e) == -1 ||
	    profile_role(p, "label=label", &e) == -1))
		fz_fail("%s", e.msg);
	if (profile_read_input(p, s->ref, &ro, &e) == -1 ||
	    profile_finish(p, &e) == -1)
		fz_fail("%s", e.msg);
	snprintf(name, sizeof name, "ref%d.profile", k);
	snprintf(profile[k], sizeof profile[k], "%s", fz_path(name));
	if ((o = output_open(profile[k], &e)) == NULL)
		fz_fail("%s", e.msg);
	profile_write(p, o);
	if (output_close(o, &e) == -1)
		fz_fail("%s", e.msg);
	profile_free(p);
}

/* make_data: setting K's header alone, and with its first rows (an
 * asset column first, A-0 to A-2 in turn, when it goes by asset). */
static void
make_data(int k)
{
	const struct setting *s = &set[k];
	struct buf b = { 0 };
	struct mlo_error e;
	char *text, *p, name[32];
	size_t len, i;

	if (read_file(s->cur, 1 << 24, &text, &len, &e) == -1)
		fz_fail("%s", e.msg);
	for (p = text, i = 0; p < text + len && i <= s->rows; i++) {
		char *nl = memchr(p, '\n', (size_t)(text + len - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(text + len - p);

		if (s->by)
			buf_printf(&b, i == 0 ? "asset," : "A-%zu,", i % 3);
		buf_add(&b, p, n);
		if (i == 0) {
			snprintf(name, sizeof name, "head%d.csv", k);
			snprintf(header[k], sizeof header[k], "%s",
			    fz_file(name, b.data, b.len));
		}
		p += n;
	}
	snprintf(name, sizeof name, "rows%d.csv", k);
	snprintf(rows[k], sizeof rows[k], "%s", fz_file(name, b.data, b.len));
	buf_free(&b);
	free(text);
}

/* compare: drift_compare of setting K over DATA with STATE; its status,
 * its messages in *MSG (caller frees). */
static int
compare(int k, const char *state, const char *data, char **msg)
{
	const struct setting *s = &set[k];
	struct drift_opts o;
	struct reader_opts ro = { 0 };
	struct mlo_error e;
	FILE *saved = stderr, *m;
	size_t n;
	char *paths[1];
	int st;

	drift_opts_init(&o);
	o.reference = profile[k];
	o.output = out;
	o.state = state;
	o.window = s->window;
	o.time_col = s->time;
	o.quiet = 1;
	o.detector = s->det;
	o.detector_on_rows = s->on_rows;
	o.arl0 = s->arl0;
	o.by = s->by ? "asset" : NULL;
	o.regime = s->regime;
	if ((s->tests != NULL && drift_tests_parse(&o, s->tests, &e) == -1) ||
	    (s->min != NULL && drift_limit_parse(&o, s->min, 1, &e) == -1))
		fz_fail("%s", e.msg);
	if (time_parse(NOW, strlen(NOW), TIME_RFC3339, &o.now, &e) == -1)
		fz_fail("%s", e.msg);
	snprintf(o.stamp, sizeof o.stamp, "%s", NOW);
	if ((m = open_memstream(msg, &n)) == NULL)
		fz_fail("open_memstream");
	stderr = m;
	paths[0] = (char *)data;
	st = drift_compare(&o, &ro, 1, paths);
	stderr = saved;
	fclose(m);
	drift_opts_free(&o);
	return st;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char st[PATH_MAX], s1[PATH_MAX], *msg;
	int k, r;

	if (out[0] == '\0') {
		for (k = 0; k < NSET; k++) {
			make_profile(k);
			make_data(k);
		}
		snprintf(out, sizeof out, "%s", fz_path("out.csv"));
	}
	if (size < 1)
		return 0;
	k = ((data[0] >> 2) & 7) % NSET;
	snprintf(s1, sizeof s1, "%s", fz_path("s1"));
	snprintf(st, sizeof st, "%s", fz_state("state", data, size));
	r = compare(k, st, header[k], &msg);
	if (getenv("FUZZ_VERBOSE") != NULL)
		fprintf(stderr, "setting %d: status %d: %s", k, r, msg);
	if (r == 2) {
		if (msg[0] == '\0')
			fz_fail("status 2 without a message");
		free(msg);
		return 0;
	}
	free(msg);
	/* ST is what was saved: it loads, and saves the same bytes. */
	fz_copy(st, s1);
	if (compare(k, st, header[k], &msg) == 2)
		fz_fail("a state saved does not load again: %s", msg);
	free(msg);
	fz_same(s1, st, "a state saved, loaded and saved changed");
	if (data[0] & 2) {
		if (compare(k, st, rows[k], &msg) == 2 && msg[0] == '\0')
			fz_fail("rows refused without a message");
		free(msg);
	}
	return 0;
}
