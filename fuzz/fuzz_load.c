/*
 * fuzz_load: the configuration loaders, one harness per file kind, chosen
 * when compiled: -DLOAD_CONTRACT (mlo-contract(5)), -DLOAD_SPEC
 * (mlo-features(5)), -DLOAD_POLICY (mlo-policy(5)), -DLOAD_PROFILE
 * (mlo-profile(5)).  The input is the file.  Properties: no crash, no
 * leak; a refusal always carries a message.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "io.h"
#include "contract.h"
#include "policy.h"
#include "profile.h"
#include "spec.h"

#ifdef LOAD_PROFILE
static void
write_profile(const struct profile *p, const char *path)
{
	struct mlo_error e;
	struct output *o = output_open(path, &e);

	if (o == NULL)
		fz_fail("%s", e.msg);
	profile_write(p, o);
	if (output_close(o, &e) == -1)
		fz_fail("%s", e.msg);
}
#endif

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mlo_error e;
	const char *path = fz_file("in", data, size);
	void *x;

	e.msg[0] = '\0';
#if defined(LOAD_CONTRACT)
	if ((x = contract_load(path, &e)) != NULL)
		contract_free(x);
#elif defined(LOAD_SPEC)
	if ((x = spec_load(path, &e)) != NULL)
		spec_free(x);
#elif defined(LOAD_POLICY)
	if ((x = policy_load(path, &e)) != NULL)
		policy_free(x);
#elif defined(LOAD_PROFILE)
	/* A profile read is written back the same way twice. */
	if ((x = profile_load(path, &e)) != NULL) {
		char *a, *b;
		size_t na, nb;
		struct profile *y;

		write_profile(x, fz_path("w1"));
		if ((y = profile_load(fz_path("w1"), &e)) == NULL)
			fz_fail("a profile written does not read back: %s",
			    e.msg);
		write_profile(y, fz_path("w2"));
		if (read_file(fz_path("w1"), 1 << 30, &a, &na, &e) == -1 ||
		    read_file(fz_path("w2"), 1 << 30, &b, &nb, &e) == -1)
			fz_fail("%s", e.msg);
		if (na != nb || memcmp(a, b, na) != 0)
			fz_fail("a profile does not round-trip");
		free(a);
		free(b);
		profile_free(y);
		profile_free(x);
	}
#else
#error "define one of LOAD_CONTRACT, LOAD_SPEC, LOAD_POLICY, LOAD_PROFILE"
#endif
	if (x == NULL && e.msg[0] == '\0')
		fz_fail("refused without a message");
	return 0;
}
