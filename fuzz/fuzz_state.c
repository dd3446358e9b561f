/*
 * fuzz_state: the --state file of mlo-validate (lib/statefile under
 * lib/validate, lib/watch, lib/alarm), for contracts/bearing.yaml, the
 * contract with the most window checks.  A state file is sealed with a
 * hash, so random bytes are refused whole; to reach what is behind the
 * seal the harness drops the input's last line when it is a seal and
 * seals the rest itself (odd first byte), or takes the input as is (even).
 * Properties: no crash, no leak; a refusal has a message; a state that
 * loads then saves, and what it saved loads again and saves the same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "contract.h"
#include "event.h"
#include "fuzz.h"
#include "io.h"
#include "statefile.h"
#include "util.h"
#include "validate.h"

#ifndef CONTRACT
#define CONTRACT "contracts/bearing.yaml"
#endif

static struct contract *contract;

static struct validator *
fresh(struct event_sink *sink)
{
	event_sink_init(sink, NULL, "mlo-validate", "2026-03-02T12:00:00Z");
	return validator_new(contract, sink);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct event_sink s1, s2;
	struct validator *v, *w;
	struct mlo_error e;
	struct buf b = { 0 };
	const char *path;
	char *a, *c;
	size_t na, nc;

	if (contract == NULL && (contract = contract_load(CONTRACT, &e)) ==
	    NULL)
		fz_fail("%s", e.msg);
	if (size < 1)
		return 0;
	if (data[0] & 1) {
		const uint8_t *p = data + 1, *last;
		size_t n = size - 1;

		/* Drop a seal ("{"end":...) on the last line. */
		if (n > 0 && p[n - 1] == '\n')
			n--;
		last = memrchr(p, '\n', n);
		last = last ? last + 1 : p;
		if ((size_t)(p + n - last) >= 7 &&
		    memcmp(last, "{\"end\":", 7) == 0)
			n = last - p;
		else
			n = size - 1;
		buf_add(&b, p, n);
		path = fz_path("state");
		if (statefile_save(path, &b, &e) == -1)
			fz_fail("%s", e.msg);
	} else
		path = fz_file("state", data + 1, size - 1);
	v = fresh(&s1);
	e.msg[0] = '\0';
	if (validator_load(v, path, &e) == 0) {
		if (validator_save(v, fz_path("s1"), &e) == -1)
			fz_fail("a state loaded does not save: %s", e.msg);
		w = fresh(&s2);
		if (validator_load(w, fz_path("s1"), &e) == -1)
			fz_fail("a state saved does not load: %s", e.msg);
		if (validator_save(w, fz_path("s2"), &e) == -1)
			fz_fail("%s", e.msg);
		if (read_file(fz_path("s1"), 1 << 30, &a, &na, &e) == -1 ||
		    read_file(fz_path("s2"), 1 << 30, &c, &nc, &e) == -1)
			fz_fail("%s", e.msg);
		if (na != nc || memcmp(a, c, na) != 0)
			fz_fail("a state saved, loaded and saved changed");
		free(a);
		free(c);
		validator_free(w);
		event_sink_free(&s2);
	} else if (e.msg[0] == '\0')
		fz_fail("refused without a message");
	validator_free(v);
	event_sink_free(&s1);
	buf_free(&b);
	return 0;
}
