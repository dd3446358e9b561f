/* fuzz.c: the helpers of fuzz.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "io.h"

static char dir[PATH_MAX];
static char path[PATH_MAX];

static void
cleanup(void)
{
	char cmd[PATH_MAX + 16];

	if (dir[0] != '\0') {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			return;
	}
}

const char *
fz_path(const char *name)
{
	if (dir[0] == '\0') {
		const char *t = getenv("TMPDIR");

		snprintf(dir, sizeof dir, "%s/mlo-fuzz.XXXXXX",
		    t != NULL && *t != '\0' ? t : "/tmp");
		if (mkdtemp(dir) == NULL)
			fz_fail("mkdtemp %s: %s", dir, strerror(errno));
		atexit(cleanup);
	}
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

const char *
fz_file(const char *name, const void *data, size_t size)
{
	const char *p = fz_path(name);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd == -1 || write_all(fd, data, size) == -1 || close(fd) == -1)
		fz_fail("%s: %s", p, strerror(errno));
	return p;
}

void
fz_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("fuzz: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}
