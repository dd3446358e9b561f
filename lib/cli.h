/*
 * cli: what every program's main does the same way: --version, --now, the
 * reader options of DESIGN section 3, and ending with the right status.
 */
#ifndef MLO_CLI_H
#define MLO_CLI_H

#include "diag.h"
#include "record.h"
#include "timeparse.h"

/* Long-option values shared by every program (above any short option). */
enum {
	OPT_INPUT_FORMAT = 256, OPT_DELIMITER, OPT_NO_HEADER, OPT_COLUMNS,
	OPT_NOW, OPT_STATE, OPT_LINT, OPT_PERIOD, OPT_FIRST_PRIVATE
};

/*
 * The reader options' entries of a getopt_long table, handled by
 * cli_reader_option; one list, so every program spells them alike.
 */
#define CLI_READER_LONGOPTS \
	{ "input-format", required_argument, NULL, OPT_INPUT_FORMAT }, \
	{ "delimiter", required_argument, NULL, OPT_DELIMITER }, \
	{ "no-header", no_argument, NULL, OPT_NO_HEADER }, \
	{ "columns", required_argument, NULL, OPT_COLUMNS }

/* cli_version: "PROG (mlo) VERSION" on stdout. */
void cli_version(void);

/*
 * cli_reader_option: handle OPT_INPUT_FORMAT, OPT_DELIMITER, OPT_NO_HEADER
 * and OPT_COLUMNS into O.  Returns 1 when OPT was one of them, 0 when not,
 * -1 with E on a bad value.
 */
int cli_reader_option(int opt, const char *arg, struct reader_opts *o,
    struct mlo_error *e);

/*
 * cli_now: parse --now (RFC 3339) into *NOW and its canonical stamp, or use
 * the clock when ARG is NULL.  -1 with E.
 */
int cli_now(const char *arg, mlo_time *now, char stamp[TIME_BUFSZ],
    struct mlo_error *e);

/*
 * cli_exit: the status to exit with after writing to stdout through stdio
 * (usage, version, lint): STATUS, or 2 after "PROG: write error on
 * <stdout>: ..." when the text could not be written (STYLE habit 5).
 */
int cli_exit(int status);

/* cli_usage_error: "PROG: MESSAGE" and a pointer to --help; exit 2. */
void cli_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

#endif
