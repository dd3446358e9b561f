#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#ifndef MLO_VERSION
#define MLO_VERSION "unknown"
#endif

void
cli_version(void)
{
	printf("%s (mlo) %s\n", diag_progname, MLO_VERSION);
}

int
cli_reader_option(int opt, const char *arg, struct reader_opts *o,
    struct mlo_error *e)
{
	switch (opt) {
	case OPT_INPUT_FORMAT:
		if (reader_opts_format(&o->format, arg, e) == -1)
			return -1;
		return 1;
	case OPT_DELIMITER:
		if (reader_opts_delimiter(o, arg, e) == -1)
			return -1;
		return 1;
	case OPT_NO_HEADER:
		o->no_header = 1;
		return 1;
	case OPT_COLUMNS:
		if (reader_opts_columns(o, arg, e) == -1)
			return -1;
		return 1;
	}
	return 0;
}

int
cli_now(const char *arg, mlo_time *now, char stamp[TIME_BUFSZ],
    struct mlo_error *e)
{
	if (arg == NULL)
		*now = time_now();
	else if (time_parse(arg, strlen(arg), TIME_RFC3339, now, e) == -1) {
		error_prefix(e, "--now");
		return -1;
	}
	time_format(*now, TIME_RFC3339, stamp);
	return 0;
}

int
cli_exit(int status)
{
	/* stdio keeps a write error to itself until asked: ask. */
	if (fflush(stdout) == EOF || ferror(stdout) || fclose(stdout) == EOF) {
		diag("write error on <stdout>: %s", strerror(errno));
		return 2;
	}
	return status;
}

void
cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help' for more information.\n",
	    diag_progname);
	exit(2);
}
