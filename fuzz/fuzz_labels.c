/*
 * fuzz_labels: the outcomes file of mlo-features --labels (lib/labels:
 * failures by entity and time, CSV or NDJSON) and the labels looked up in
 * it.  The first byte: bit 0 failures by entity (column "e") or one
 * stream, bits 1-2 the time kind of column "t" (RFC 3339, epoch, step);
 * the rest is the file.  Each entity "", "a", "b", "A-1" is asked at the
 * ends and the middle of mlo_time, with horizons from 0 to 292 years and
 * coverage ending anywhere.
 * Properties: no crash, no leak, no overflow; a refusal has a message; a
 * label is 1, 0 or -1 (null), a remaining life -1 (none) or at least 0,
 * and a label 1 has a failure within the horizon.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "labels.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "", "a", "b", "A-1" };
	static const mlo_time times[] = { INT64_MIN, INT64_MIN + 1,
	    -3600 * INT64_C(1000000000), -1, 0, 1,
	    INT64_C(1795636700000000000), INT64_MAX - 1, INT64_MAX };
	static const mlo_time horizons[] = { 0, 1, 3600 * INT64_C(1000000000),
	    INT64_MAX / 2, INT64_MAX };
	struct reader_opts ro = { 0 };
	struct outcomes *o;
	struct mlo_error e;
	enum time_kind kind;
	size_t i, j, k, u;

	if (size < 1)
		return 0;
	kind = (enum time_kind)(((data[0] >> 1) & 3) % 3);
	e.msg[0] = '\0';
	o = outcomes_load(fz_file("outcomes", data + 1, size - 1), &ro,
	    data[0] & 1 ? "e" : NULL, "t", kind, &e);
	if (o == NULL) {
		if (e.msg[0] == '\0')
			fz_fail("refused without a message");
		return 0;
	}
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		for (j = 0; j < sizeof times / sizeof times[0]; j++)
			for (k = 0; k < sizeof horizons / sizeof horizons[0];
			    k++)
				for (u = 0; u < sizeof times / sizeof times[0];
				    u += 4) {
					double rul;
					int l = outcomes_label(o, names[i],
					    strlen(names[i]), times[j],
					    horizons[k], u > 0, times[u],
					    &rul);

					if (l < -1 || l > 1)
						fz_fail("label %d", l);
					if (rul != -1 && !(rul >= 0))
						fz_fail("remaining life %g",
						    rul);
					if (l == 1 && (rul < 0 || rul >
					    (double)horizons[k]))
						fz_fail("label 1, remaining "
						    "life %g past %lld", rul,
						    (long long)horizons[k]);
				}
	outcomes_free(o);
	return 0;
}
