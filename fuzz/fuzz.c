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
#include "statefile.h"
#include "util.h"

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

const char *
fz_state(const char *name, const uint8_t *data, size_t size)
{
	const uint8_t *p = data + 1, *last;
	size_t n = size - 1;
	struct buf b = { 0 };
	struct mlo_error e;
	const char *path;

	if (!(data[0] & 1))
		return fz_file(name, p, n);
	/* Drop a seal ("{"end":...) on the last line. */
	if (n > 0 && p[n - 1] == '\n')
		n--;
	last = memrchr(p, '\n', n);
	last = last ? last + 1 : p;
	if ((size_t)(p + n - last) >= 7 && memcmp(last, "{\"end\":", 7) == 0)
		n = (size_t)(last - p);
	else
		n = size - 1;
	buf_add(&b, p, n);
	path = fz_path(name);
	if (statefile_save(path, &b, &e) == -1)
		fz_fail("%s", e.msg);
	buf_free(&b);
	return path;
}

void
fz_copy(const char *from, const char *to)
{
	struct mlo_error e;
	char *x;
	size_t n;
	int fd;

	if (read_file(from, 1 << 30, &x, &n, &e) == -1)
		fz_fail("%s", e.msg);
	fd = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1 || write_all(fd, x, n) == -1 || close(fd) == -1)
		fz_fail("%s: %s", to, strerror(errno));
	free(x);
}

void
fz_same(const char *a, const char *b, const char *what)
{
	struct mlo_error e;
	char *x, *y;
	size_t nx, ny;

	if (read_file(a, 1 << 30, &x, &nx, &e) == -1 ||
	    read_file(b, 1 << 30, &y, &ny, &e) == -1)
		fz_fail("%s", e.msg);
	if (nx != ny || memcmp(x, y, nx) != 0)
		fz_fail("%s", what);
	free(x);
	free(y);
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
