/*
 * mlo-feedback: technicians' verdicts on predictions, from one click to
 * retraining labels.
 *
 *   mlo-feedback add --log LOG --prediction ID --verdict V --technician T
 *                    [--asset A] [--model V] [--note TEXT] [--now TIME]
 *   mlo-feedback cgi
 *   mlo-feedback summary [--period D] [--group-by G] [--alert-technicians N]
 *                        [-e EVENTS] [LOG...]
 *   mlo-feedback labels --predictions FILE [--threshold X] [LOG...]
 *   mlo-feedback queue [--review --predictions FILE] [-n N] [LOG...]
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "event.h"
#include "fbcgi.h"
#include "fbreport.h"
#include "feedback.h"
#include "num.h"

enum cmd { C_ADD = 1, C_CGI = 2, C_SUMMARY = 4, C_LABELS = 8, C_QUEUE = 16 };
#define C_READ (C_SUMMARY | C_LABELS | C_QUEUE)

enum {
	OPT_LOG = OPT_FIRST_PRIVATE, OPT_PREDICTION, OPT_VERDICT,
	OPT_TECHNICIAN, OPT_ASSET, OPT_MODEL, OPT_NOTE, OPT_GROUP_BY,
	OPT_ALERT, OPT_PREDICTIONS, OPT_THRESHOLD, OPT_REVIEW
};

static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "events", required_argument, NULL, 'e' },
	{ "format", required_argument, NULL, 'f' },
	{ "limit", required_argument, NULL, 'n' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "now", required_argument, NULL, OPT_NOW },
	{ "period", required_argument, NULL, OPT_PERIOD },
	{ "log", required_argument, NULL, OPT_LOG },
	{ "prediction", required_argument, NULL, OPT_PREDICTION },
	{ "verdict", required_argument, NULL, OPT_VERDICT },
	{ "technician", required_argument, NULL, OPT_TECHNICIAN },
	{ "asset", required_argument, NULL, OPT_ASSET },
	{ "model", required_argument, NULL, OPT_MODEL },
	{ "note", required_argument, NULL, OPT_NOTE },
	{ "group-by", required_argument, NULL, OPT_GROUP_BY },
	{ "alert-technicians", required_argument, NULL, OPT_ALERT },
	{ "predictions", required_argument, NULL, OPT_PREDICTIONS },
	{ "threshold", required_argument, NULL, OPT_THRESHOLD },
	{ "review", no_argument, NULL, OPT_REVIEW },
	{ NULL, 0, NULL, 0 }
};

/* Which commands take each option (by getopt value). */
static const struct { int opt; int cmds; } takes[] = {
	{ 'o', C_READ }, { 'e', C_SUMMARY }, { 'f', C_READ },
	{ 'n', C_QUEUE }, { 'q', C_ADD | C_READ }, { OPT_NOW, ~0 },
	{ OPT_PERIOD, C_READ }, { OPT_LOG, C_ADD },
	{ OPT_PREDICTION, C_ADD }, { OPT_VERDICT, C_ADD },
	{ OPT_TECHNICIAN, C_ADD }, { OPT_ASSET, C_ADD },
	{ OPT_MODEL, C_ADD }, { OPT_NOTE, C_ADD },
	{ OPT_GROUP_BY, C_SUMMARY }, { OPT_ALERT, C_SUMMARY },
	{ OPT_PREDICTIONS, C_LABELS | C_QUEUE },
	{ OPT_THRESHOLD, C_LABELS | C_QUEUE }, { OPT_REVIEW, C_QUEUE },
};

static void
usage(void)
{
	printf("usage: mlo-feedback add --log LOG --prediction ID "
	    "--verdict wrong|right|unsure\n"
	    "                        --technician T [--asset A] [--model V] "
	    "[--note TEXT]\n"
	    "                        [--now TIME] [-q]\n"
	    "       mlo-feedback cgi\n"
	    "       mlo-feedback summary [--period D] "
	    "[--group-by model|asset|technician]\n"
	    "                        [--alert-technicians N] [-e EVENTS] "
	    "[-o FILE] [-f csv|ndjson]\n"
	    "                        [--now TIME] [-q] [LOG...]\n"
	    "       mlo-feedback labels --predictions FILE [--threshold X] "
	    "[--period D]\n"
	    "                        [-o FILE] [-f csv|ndjson] [-q] "
	    "[LOG...]\n"
	    "       mlo-feedback queue [--review --predictions FILE "
	    "[--threshold X]] [-n N]\n"
	    "                        [--period D] [--now TIME] [-o FILE] "
	    "[-f csv|ndjson] [LOG...]\n");
}

static const char *
option_name(int opt)
{
	static char s[64];
	size_t i;

	for (i = 0; longopts[i].name != NULL; i++)
		if (longopts[i].val == opt) {
			snprintf(s, sizeof s, "--%s", longopts[i].name);
			return s;
		}
	snprintf(s, sizeof s, "-%c", opt);
	return s;
}

static void
warn(const char *msg)
{
	diag("%s", msg);
}

/* print_report: each line of TEXT as a message of the program. */
static void
print_report(char *text)
{
	char *line, *next;

	for (line = text; *line; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		diag("%s", line);
	}
}

/* read_logs: the verdicts of every LOG (stdin when none); 2 on trouble. */
static int
read_logs(struct fb_log *l, int n, char **paths)
{
	struct mlo_error e;
	int st = 0, i;

	fb_log_init(l);
	if (n == 0 && fb_log_read(l, NULL, warn, &e) == -1) {
		diag_error(&e);
		st = 2;
	}
	for (i = 0; i < n; i++)
		if (fb_log_read(l, paths[i], warn, &e) == -1) {
			diag_error(&e);
			st = 2;
		}
	fb_log_finish(l);
	return l->bad > 0 ? 2 : st;
}

static int
cmd_add(const char *log, struct fb_entry *en, int quiet)
{
	struct mlo_error e;

	if (log == NULL)
		cli_usage_error("add needs the log: --log FILE");
	if (en->prediction_id == NULL)
		cli_usage_error("add needs the prediction: --prediction ID");
	if (en->technician == NULL)
		cli_usage_error("add needs the technician: --technician T");
	if (fb_append(log, en, &e) == -1) {
		diag_error(&e);
		return 2;
	}
	if (!quiet)
		fprintf(stderr, "mlo-feedback: saved '%s' for '%s' by '%s' "
		    "in %s\n", fb_verdict_name(en->verdict), en->prediction_id,
		    en->technician, log);
	return 0;
}

static int
cmd_cgi(const char *stamp)
{
	struct buf server_log = {0};
	struct mlo_error e;
	struct output *out = output_stdout();
	int st;

	st = fb_cgi(stamp, STDIN_FILENO, out, &server_log, &e);
	if (server_log.len > 0)
		print_report(server_log.data);
	buf_free(&server_log);
	if (st == -1) {
		output_abort(out);
		cli_usage_error("%s", e.msg);
	}
	if (output_close(out, &e) == -1) {
		diag_error(&e);
		return 2;
	}
	return 0;
}

static int
cmd_read(enum cmd cmd, struct fb_report_opts *o, int review, int quiet,
    int n, char **logs)
{
	struct buf report = {0};
	struct mlo_error e;
	struct fb_log l;
	int st, r;

	st = read_logs(&l, n, logs);
	if (cmd == C_SUMMARY)
		r = fb_summary(&l, o, &report, &e);
	else if (cmd == C_LABELS)
		r = fb_labels(&l, o, &report, &e);
	else if (review)
		r = fb_review(&l, o, &e);
	else
		r = fb_queue(&l, o, &e);
	if (r == -1) {
		diag_error(&e);
		st = 2;
	}
	if (!quiet && report.len > 0)
		print_report(report.data);
	buf_free(&report);
	fb_log_free(&l);
	if (o->sink != NULL && event_flush(o->sink, &e) == -1) {
		diag_error(&e);
		st = 2;
	}
	if (st != 0)
		return st;
	return cmd == C_SUMMARY && r > 0 ? 1 : 0;
}

int
main(int argc, char *argv[])
{
	static const char *const names[] = { "add", "cgi", "summary",
	    "labels", "queue" };
	struct fb_report_opts o = {0};
	struct fb_entry en = {0};
	struct event_sink sink;
	struct mlo_error e;
	const char *now_arg = NULL, *log = NULL, *period = NULL;
	const char *events = NULL;
	char stamp[TIME_BUFSZ];
	enum cmd cmd = 0;
	int opt, quiet = 0, review = 0, st;
	size_t i;

	diag_progname = "mlo-feedback";
	argv[0] = (char *)diag_progname;
	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)) {
		usage();
		return cli_exit(0);
	}
	if (argc >= 2 && (strcmp(argv[1], "-V") == 0 ||
	    strcmp(argv[1], "--version") == 0)) {
		cli_version();
		return cli_exit(0);
	}
	if (argc < 2)
		cli_usage_error("a command is needed: add, cgi, summary, "
		    "labels or queue");
	for (i = 0; i < NELEM(names); i++)
		if (strcmp(argv[1], names[i]) == 0)
			cmd = 1 << i;
	if (cmd == 0)
		cli_usage_error("unknown command '%s' (add, cgi, summary, "
		    "labels or queue)", argv[1]);
	argc--, argv++;
	argv[0] = (char *)diag_progname;
	o.group = FB_BY_MODEL;
	o.alert_technicians = FB_ALERT_TECHNICIANS;
	o.threshold = 0.5;
	en.verdict = (enum fb_verdict)-1;
	en.source = "cli";
	while ((opt = getopt_long(argc, argv, "o:e:f:n:qhV", longopts, NULL))
	    != -1) {
		for (i = 0; i < NELEM(takes); i++)
			if (takes[i].opt == opt && !(takes[i].cmds & cmd))
				cli_usage_error("%s is not an option of %s",
				    option_name(opt),
				    names[__builtin_ctz(cmd)]);
		switch (opt) {
		case 'o': o.output = optarg; break;
		case 'e': events = optarg; break;
		case 'f':
			if (reader_opts_format(&o.format, optarg, &e) == -1)
				cli_usage_error("%s", e.msg);
			break;
		case 'n': {
			int64_t v;

			if (num_parse_int(optarg, strlen(optarg), &v) == -1 ||
			    v < 1)
				cli_usage_error("-n takes a whole number of "
				    "rows, at least 1, not '%s'", optarg);
			o.limit = (long)v;
			break;
		}
		case 'q': quiet = 1; break;
		case 'h': usage(); return cli_exit(0);
		case 'V': cli_version(); return cli_exit(0);
		case OPT_NOW: now_arg = optarg; break;
		case OPT_PERIOD: period = optarg; break;
		case OPT_LOG: log = optarg; break;
		case OPT_PREDICTION:
			en.prediction_id = optarg;
			en.prediction_len = strlen(optarg);
			break;
		case OPT_VERDICT:
			if (fb_verdict_parse(optarg, strlen(optarg),
			    &en.verdict, &e) == -1)
				cli_usage_error("%s", e.msg);
			break;
		case OPT_TECHNICIAN:
			en.technician = optarg;
			en.technician_len = strlen(optarg);
			break;
		case OPT_ASSET:
			en.asset = optarg;
			en.asset_len = strlen(optarg);
			break;
		case OPT_MODEL:
			en.model_version = optarg;
			en.model_len = strlen(optarg);
			break;
		case OPT_NOTE:
			en.note = optarg;
			en.note_len = strlen(optarg);
			break;
		case OPT_GROUP_BY:
			if (fb_group_parse(optarg, &o.group, &e) == -1)
				cli_usage_error("%s", e.msg);
			break;
		case OPT_ALERT: {
			int64_t v;

			if (num_parse_int(optarg, strlen(optarg), &v) == -1 ||
			    v < 1 || v > 1000000)
				cli_usage_error("--alert-technicians takes a "
				    "whole number of technicians, at least 1, "
				    "not '%s'", optarg);
			o.alert_technicians = (long)v;
			break;
		}
		case OPT_PREDICTIONS: o.predictions = optarg; break;
		case OPT_THRESHOLD:
			if (num_parse(optarg, strlen(optarg), &o.threshold) ==
			    -1 || o.threshold != o.threshold)
				cli_usage_error("--threshold takes a number, "
				    "not '%s'", optarg);
			break;
		case OPT_REVIEW: review = 1; break;
		default:
			fprintf(stderr, "Try 'mlo-feedback --help' for more "
			    "information.\n");
			return 2;
		}
	}
	argc -= optind, argv += optind;
	if (cli_now(now_arg, &o.now, stamp, &e) == -1)
		cli_usage_error("%s", e.msg);
	if (cmd == C_SUMMARY && period == NULL)
		period = FB_DEFAULT_PERIOD;
	if (period != NULL) {
		if (duration_parse(period, strlen(period), TIME_RFC3339,
		    &o.period, &e) == -1)
			cli_usage_error("--period: %s", e.msg);
		if (o.period == 0)
			cli_usage_error("--period must be longer than 0");
		o.has_period = 1;
		o.period_text = period;
	}
	if ((cmd & (C_ADD | C_CGI)) && argc > 0)
		cli_usage_error("%s takes no file arguments ('%s')",
		    names[__builtin_ctz(cmd)], argv[0]);
	if (cmd == C_ADD) {
		if ((int)en.verdict == -1)
			cli_usage_error("add needs the verdict: --verdict "
			    "wrong|right|unsure");
		en.time = stamp;
		return cmd_add(log, &en, quiet);
	}
	if (cmd == C_CGI)
		return cmd_cgi(stamp);
	if (cmd == C_LABELS && o.predictions == NULL)
		cli_usage_error("labels needs the predictions: --predictions "
		    "FILE");
	if (cmd == C_QUEUE && review && o.predictions == NULL)
		cli_usage_error("--review needs the predictions: --predictions "
		    "FILE");
	if (cmd == C_QUEUE && !review && o.predictions != NULL)
		cli_usage_error("--predictions is for queue --review");
	event_sink_init(&sink, events, "mlo-feedback", stamp);
	o.sink = &sink;
	st = cmd_read(cmd, &o, review, quiet, argc, argv);
	event_sink_free(&sink);
	return st == 0 ? cli_exit(0) : st == 1 ? cli_exit(1) : st;
}
