/*
 * fuzz_fbconf: the configuration file of "mlo-feedback cgi" (lib/fbcgi,
 * the file MLO_FEEDBACK_CONFIG names: "key = value" lines), the input
 * being the file, with no MLO_FEEDBACK_* variable set.
 * Properties: no crash, no leak; a refusal has a message; a file taken
 * gives a log and a secret of the least length, and every byte of it was
 * read (a NUL byte, where C strings would end early, is refused); the
 * values taken, written back as "key = value" lines, read back the same.
 */
#include <stdlib.h>
#include <string.h>

#include "fbcgi.h"
#include "fuzz.h"
#include "util.h"

static void
same(const char *a, const char *b, const char *key)
{
	if ((a == NULL) != (b == NULL) || (a != NULL && strcmp(a, b) != 0))
		fz_fail("%s read back as '%s', not '%s'", key, b ? b : "(none)",
		    a ? a : "(none)");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fb_cgi_config c, d;
	struct mlo_error e;
	struct buf b = { 0 };

	unsetenv("MLO_FEEDBACK_LOG");
	unsetenv("MLO_FEEDBACK_SECRET");
	unsetenv("MLO_FEEDBACK_PREDICTIONS");
	setenv("MLO_FEEDBACK_CONFIG", fz_file("conf", data, size), 1);
	e.msg[0] = '\0';
	if (fb_cgi_config_load(&c, &e) == -1) {
		if (e.msg[0] == '\0')
			fz_fail("refused without a message");
		fb_cgi_config_free(&c);
		return 0;
	}
	if (memchr(data, '\0', size) != NULL)
		fz_fail("a file with a NUL byte taken");
	if (c.log == NULL || *c.log == '\0' || c.secret == NULL ||
	    strlen(c.secret) < FB_CGI_MIN_SECRET)
		fz_fail("taken without a log or a secret");
	buf_printf(&b, "log = %s\nsecret = %s\n", c.log, c.secret);
	if (c.predictions != NULL)
		buf_printf(&b, "predictions = %s\n", c.predictions);
	setenv("MLO_FEEDBACK_CONFIG", fz_file("conf2", b.data, b.len), 1);
	if (fb_cgi_config_load(&d, &e) == -1)
		fz_fail("what was taken, written back, is refused: %s", e.msg);
	same(c.log, d.log, "log");
	same(c.secret, d.secret, "secret");
	same(c.predictions, d.predictions, "predictions");
	fb_cgi_config_free(&c);
	fb_cgi_config_free(&d);
	buf_free(&b);
	return 0;
}
