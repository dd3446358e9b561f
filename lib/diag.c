#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"

const char *diag_progname = "mlo";

void
vdiag(const char *fmt, va_list ap)
{
	char line[2048];

	vsnprintf(line, sizeof line, fmt, ap);
	/* One fprintf, so that a line from one program stays whole. */
	fprintf(stderr, "%s: %s\n", diag_progname, line);
}

void
diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(fmt, ap);
	va_end(ap);
}

int
error_set(struct mlo_error *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return -1;
}

int
verror_at(struct mlo_error *e, const char *file, long line, long col,
    const char *fmt, va_list ap)
{
	size_t n = 0;

	e->msg[0] = '\0';
	if (file != NULL) {
		if (line > 0 && col > 0)
			snprintf(e->msg, sizeof e->msg, "%s:%ld:%ld: ", file,
			    line, col);
		else if (line > 0)
			snprintf(e->msg, sizeof e->msg, "%s:%ld: ", file, line);
		else
			snprintf(e->msg, sizeof e->msg, "%s: ", file);
		n = strlen(e->msg);
	}
	vsnprintf(e->msg + n, sizeof e->msg - n, fmt, ap);
	return -1;
}

int
error_at(struct mlo_error *e, const char *file, long line, long col,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror_at(e, file, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

void
error_prefix(struct mlo_error *e, const char *fmt, ...)
{
	char head[512];
	size_t h, m;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(head, sizeof head - 2, fmt, ap);
	va_end(ap);
	strcat(head, ": ");
	h = strlen(head);
	m = strlen(e->msg);
	if (h + m >= sizeof e->msg)
		m = sizeof e->msg - h - 1;
	memmove(e->msg + h, e->msg, m);
	memcpy(e->msg, head, h);
	e->msg[h + m] = '\0';
}

void
diag_error(const struct mlo_error *e)
{
	diag("%s", e->msg);
}

const char *
display_name(const char *path)
{
	if (path == NULL || strcmp(path, "-") == 0)
		return "<stdin>";
	return path;
}
