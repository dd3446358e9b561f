/*
 * fuzz_logs: the append-only logs other programs read back: the retrain
 * ledger (lib/ledger: load, verify the chain, history in every format,
 * the version before the last) and the feedback log (lib/feedback: read,
 * sort, replace).  The first byte picks the log; the rest is the file.
 * Properties: no crash, no leak; torn and bad lines are counted, never
 * fatal; every format of the history is written.
 */
#include <fcntl.h>
#include <unistd.h>

#include "feedback.h"
#include "fuzz.h"
#include "ledger.h"

static void
quiet(const char *msg)
{
	(void)msg;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mlo_error e;
	const char *path;

	if (size < 1)
		return 0;
	path = fz_file("log", data + 1, size - 1);
	e.msg[0] = '\0';
	if (data[0] & 1) {
		struct ledger l = { 0 };
		struct buf report = { 0 };
		struct output *o;
		size_t bad;
		char before[64];
		int fd;

		if (ledger_load(&l, path, quiet, &e) == -1)
			fz_fail("ledger_load: %s", e.msg);
		(void)ledger_verify(&l, &report, &bad);
		if ((fd = open("/dev/null", O_WRONLY)) == -1)
			fz_fail("/dev/null");
		o = output_fd(fd, "null");
		ledger_history(&l, o, REC_AUTO);
		ledger_history(&l, o, REC_CSV);
		ledger_history(&l, o, REC_NDJSON);
		if (output_close(o, &e) == -1)
			fz_fail("%s", e.msg);
		close(fd);
		(void)ledger_before(&l, "v1", before, &e);
		buf_free(&report);
		ledger_free(&l);
	} else {
		struct fb_log l;

		fb_log_init(&l);
		if (fb_log_read(&l, path, quiet, &e) == 0)
			fb_log_finish(&l);
		else if (e.msg[0] == '\0')
			fz_fail("fb_log_read failed without a message");
		fb_log_free(&l);
	}
	return 0;
}
