/*
 * fuzz_state: the --state file of mlo-validate (lib/statefile under
 * lib/validate, lib/watch, lib/alarm), for contracts/bearing.yaml, the
 * contract with the most window checks.  The first byte says whether the
 * harness seals the rest itself (fz_state).
 * Properties: no crash, no leak; a refusal has a message; a state that
 * loads then saves, and what it saved loads again and saves the same bytes.
 */
#include <limits.h>
#include <stdio.h>

#include "contract.h"
#include "event.h"
#include "fuzz.h"
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
	char s1p[PATH_MAX], s2p[PATH_MAX];

	if (contract == NULL && (contract = contract_load(CONTRACT, &e)) ==
	    NULL)
		fz_fail("%s", e.msg);
	if (size < 1)
		return 0;
	snprintf(s1p, sizeof s1p, "%s", fz_path("s1"));
	snprintf(s2p, sizeof s2p, "%s", fz_path("s2"));
	v = fresh(&s1);
	e.msg[0] = '\0';
	if (validator_load(v, fz_state("state", data, size), &e) == 0) {
		if (validator_save(v, s1p, &e) == -1)
			fz_fail("a state loaded does not save: %s", e.msg);
		w = fresh(&s2);
		if (validator_load(w, s1p, &e) == -1)
			fz_fail("a state saved does not load: %s", e.msg);
		if (validator_save(w, s2p, &e) == -1)
			fz_fail("%s", e.msg);
		fz_same(s1p, s2p, "a state saved, loaded and saved changed");
		validator_free(w);
		event_sink_free(&s2);
	} else if (e.msg[0] == '\0')
		fz_fail("refused without a message");
	validator_free(v);
	event_sink_free(&s1);
	return 0;
}
