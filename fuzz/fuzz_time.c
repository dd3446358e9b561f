/*
 * fuzz_time: lib/timeparse, timestamps and durations of every time kind.
 * Properties: whatever parses formats within TIME_BUFSZ and parses back to
 * the same value; formatting any value (the input's bits) parses back; a
 * refusal carries a message; time_guess never crashes.
 */
#include <string.h>

#include "fuzz.h"
#include "timeparse.h"

static void
time_round(mlo_time t, enum time_kind k)
{
	char buf[TIME_BUFSZ];
	struct mlo_error e;
	mlo_time back;
	size_t n = time_format(t, k, buf);

	if (n != strlen(buf) || n >= TIME_BUFSZ)
		fz_fail("time_format wrote %zu bytes", n);
	if (time_parse(buf, n, k, &back, &e) == -1)
		fz_fail("time '%s' (kind %d) does not parse: %s", buf, k,
		    e.msg);
	if (back != t)
		fz_fail("time '%s' (kind %d) reads back as %lld, not %lld",
		    buf, k, (long long)back, (long long)t);
}

static void
duration_round(mlo_time d, enum time_kind k)
{
	char buf[TIME_BUFSZ];
	struct mlo_error e;
	mlo_time back;
	size_t n = duration_format(d, k, buf);

	if (n != strlen(buf) || n >= TIME_BUFSZ)
		fz_fail("duration_format wrote %zu bytes", n);
	if (d < 0)
		return;		/* written, refused by design */
	if (duration_parse(buf, n, k, &back, &e) == -1)
		fz_fail("duration '%s' (kind %d) does not parse: %s", buf, k,
		    e.msg);
	if (back != d)
		fz_fail("duration '%s' reads back as %lld, not %lld", buf,
		    (long long)back, (long long)d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct mlo_error e;
	enum time_kind k, g;
	mlo_time t;

	if (size >= sizeof t) {
		memcpy(&t, data, sizeof t);
		for (k = TIME_RFC3339; k <= TIME_STEP; k++) {
			time_round(t, k);
			duration_round(t, k);
		}
	}
	(void)time_guess(s, size, &g);
	for (k = TIME_RFC3339; k <= TIME_STEP; k++) {
		e.msg[0] = '\0';
		if (time_parse(s, size, k, &t, &e) == 0)
			time_round(t, k);
		else if (e.msg[0] == '\0')
			fz_fail("time refused without a message");
		e.msg[0] = '\0';
		if (duration_parse(s, size, k, &t, &e) == 0) {
			if (t < 0)
				fz_fail("negative duration %lld", (long long)t);
			duration_round(t, k);
		} else if (e.msg[0] == '\0')
			fz_fail("duration refused without a message");
	}
	return 0;
}
