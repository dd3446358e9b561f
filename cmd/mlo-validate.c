/*
 * mlo-validate: check data against a data contract.  Rows that hold go to
 * stdout as they were read; rows that break a row check go to --rejects
 * with the checks they failed; findings are aggregated into events.
 *
 *   mlo-validate -c CONTRACT [options] [FILE...]
 *   mlo-validate --lint CONTRACT
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "contract.h"
#include "event.h"
#include "infer.h"
#include "io.h"
#include "quarantine.h"
#include "validate.h"

enum {
	OPT_REJECTS = OPT_FIRST_PRIVATE, OPT_FAIL_ON, OPT_CHECK, OPT_SUPPRESS,
	OPT_INFER
};

static const struct option longopts[] = {
	{ "contract", required_argument, NULL, 'c' },
	{ "output", required_argument, NULL, 'o' },
	{ "events", required_argument, NULL, 'e' },
	{ "format", required_argument, NULL, 'f' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "rejects", required_argument, NULL, OPT_REJECTS },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "lint", required_argument, NULL, OPT_LINT },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "suppress", required_argument, NULL, OPT_SUPPRESS },
	{ "infer", no_argument, NULL, OPT_INFER },
	{ "now", required_argument, NULL, OPT_NOW },
	CLI_READER_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf("usage: mlo-validate -c CONTRACT [-q] [-o FILE] [-e EVENTS] "
	    "[-f csv|ndjson]\n"
	    "                    [--rejects FILE] [--fail-on warning|critical] "
	    "[--check]\n"
	    "                    [--state FILE] [--suppress FILE] [--now TIME]\n"
	    "                    [--input-format csv|ndjson] [--delimiter C]\n"
	    "                    [--no-header] [--columns a,b,c] [FILE...]\n"
	    "       mlo-validate --lint CONTRACT\n"
	    "       mlo-validate --infer [-o FILE] [reader options] [FILE]\n");
}

static int
lint(const char *path)
{
	struct mlo_error e;
	struct contract *c;

	if ((c = contract_load(path, &e)) == NULL) {
		diag_error(&e);
		return 2;
	}
	printf("%s: %s, %zu column%s: ok\n", path, c->id, c->ncols,
	    c->ncols == 1 ? "" : "s");
	contract_free(c);
	return cli_exit(0);
}

static int
draft(const char *path, const struct reader_opts *ro, const char *output)
{
	struct mlo_error e;
	struct output *out;

	if ((out = output_open(output, &e)) == NULL) {
		diag_error(&e);
		return 2;
	}
	if (infer_contract(path, ro, out, &e) == -1) {
		diag_error(&e);
		output_abort(out);
		return 2;
	}
	if (output_close(out, &e) == -1) {
		diag_error(&e);
		return 2;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct quarantine_opts q = {0};
	struct reader_opts ro = {0};
	struct contract *contract;
	struct quarantine *qr;
	struct event_sink sink;
	struct mlo_error e;
	const char *contract_path = NULL, *now_arg = NULL;
	const char *events_path = NULL;
	enum severity fail_on = SEV_CRITICAL;
	struct buf report = {0};
	char stamp[TIME_BUFSZ];
	mlo_time now;
	int opt, quiet = 0, status = 0, infer = 0, saved = 1, worst, i, r;

	diag_progname = "mlo-validate";
	/*
	 * getopt names the program by argv[0] in its messages; make that
	 * "mlo-validate:", as every other message, not "/usr/bin/mlo-...".
	 */
	argv[0] = (char *)diag_progname;
	while ((opt = getopt_long(argc, argv, "c:o:e:f:qhV", longopts, NULL))
	    != -1) {
		if ((r = cli_reader_option(opt, optarg, &ro, &e)) == -1)
			cli_usage_error("%s", e.msg);
		if (r == 1)
			continue;
		switch (opt) {
		case 'c': contract_path = optarg; break;
		case 'o': q.output = optarg; break;
		case 'e': events_path = optarg; break;
		case 'f':
			if (reader_opts_format(&q.format, optarg, &e) == -1)
				cli_usage_error("%s", e.msg);
			break;
		case 'q': quiet = 1; break;
		case 'h': usage(); return cli_exit(0);
		case 'V': cli_version(); return cli_exit(0);
		case OPT_REJECTS: q.rejects = optarg; break;
		case OPT_FAIL_ON:
			if (severity_parse(optarg, &fail_on) == -1 ||
			    fail_on == SEV_INFO)
				cli_usage_error("--fail-on takes 'warning' or "
				    "'critical', not '%s'", optarg);
			break;
		case OPT_CHECK: q.check_only = 1; break;
		case OPT_LINT: return lint(optarg);
		case OPT_NOW: now_arg = optarg; break;
		case OPT_STATE: q.state = optarg; break;
		case OPT_SUPPRESS: q.suppress = optarg; break;
		case OPT_INFER: infer = 1; break;
		default:
			fprintf(stderr, "Try 'mlo-validate --help' for more "
			    "information.\n");
			return 2;
		}
	}
	if (infer) {
		r = draft(optind < argc ? argv[optind] : NULL, &ro, q.output);
		reader_opts_free(&ro);
		return r;
	}
	if (contract_path == NULL)
		cli_usage_error("a contract is needed: -c CONTRACT");
	if (cli_now(now_arg, &now, stamp, &e) == -1)
		cli_usage_error("%s", e.msg);
	if ((contract = contract_load(contract_path, &e)) == NULL) {
		diag_error(&e);
		reader_opts_free(&ro);
		return 2;
	}
	event_sink_init(&sink, events_path, "mlo-validate", stamp);
	q.now = now;
	if ((qr = quarantine_open(contract, &ro, &q, &sink, &e)) == NULL) {
		diag_error(&e);
		/* Let go of what is held: under LeakSanitizer (CI) a leak
		 * would turn this exit 2 into a failure of its own. */
		event_sink_free(&sink);
		contract_free(contract);
		reader_opts_free(&ro);
		return 2;
	}
	/* A file that cannot be read is reported and the rest still read. */
	if (optind == argc && quarantine_file(qr, NULL, &e) == -1) {
		diag_error(&e);
		status = 2;
	}
	for (i = optind; i < argc; i++)
		if (quarantine_file(qr, argv[i], &e) == -1) {
			diag_error(&e);
			status = 2;
		}
	if (status != 0) {
		/* Part of the input is missing: keep -o and --state as they were. */
		quarantine_trouble(qr);
		saved = 0;
	}
	if ((worst = quarantine_finish(qr, &sink, &report, &e)) == -1) {
		diag_error(&e);
		status = 2;
	}
	/* Window checks speak through events: their worst counts too. */
	if (worst >= 0 && sink.worst > worst)
		worst = sink.worst == 2 ? SEV_CRITICAL : SEV_WARNING;
	if (!quiet)
		fputs(report.data, stderr);
	buf_free(&report);
	if (event_flush(&sink, &e) == -1) {
		diag_error(&e);
		status = 2;
		saved = 0;
	} else if (worst == -1)
		saved = 0;
	/* State moves on only when the rows and events it accounts for did. */
	if (saved && quarantine_save(qr, &e) == -1) {
		diag_error(&e);
		status = 2;
	}
	event_sink_free(&sink);
	quarantine_free(qr);
	contract_free(contract);
	reader_opts_free(&ro);
	if (status != 0)
		return 2;
	return worst >= (int)fail_on ? 1 : 0;
}
