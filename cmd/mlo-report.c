/*
 * mlo-report: the monitoring layers (integrity, model, business, feedback,
 * lifecycle) and the business impact, where operators already look.
 *
 *   mlo-report [-f text|markdown|prometheus|ndjson|html] [-o FILE|DIR]
 *              [--ledger FILE] [--feedback FILE]...
 *              [--impact --predictions FILE --outcomes FILE [--policy FILE]
 *               [--lead MIN..MAX] [--threshold X] [--avoidable X]
 *               [--cost-unplanned X] [--cost-planned X]
 *               [--cost-inspection X]]
 *              [--since TIME] [--until TIME] [--period D] [--bucket D]
 *              [--entity-labels N] [--feedback-url URL] [--now TIME] [-q]
 *              [EVENTS...]
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "num.h"
#include "policy.h"
#include "report.h"
#include "reportfmt.h"

#define DEFAULT_PERIOD "1d"
#define PROM_FILE "mlo.prom"
#define HTML_FILE "mlo-report.html"
/* RFC 3986's unreserved and reserved characters, and '%', but '#'. */
#define URI_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
	"0123456789-._~:/?[]@!$&'()*+,;=%"

enum { FMT_TEXT, FMT_MARKDOWN, FMT_PROMETHEUS, FMT_NDJSON, FMT_HTML };

enum {
	OPT_LEDGER = OPT_FIRST_PRIVATE, OPT_FEEDBACK, OPT_PREDICTIONS,
	OPT_OUTCOMES, OPT_POLICY, OPT_IMPACT, OPT_LEAD, OPT_THRESHOLD,
	OPT_AVOIDABLE, OPT_UNPLANNED, OPT_PLANNED, OPT_INSPECTION, OPT_SINCE,
	OPT_UNTIL, OPT_BUCKET, OPT_ENTITY_LABELS, OPT_ALERT, OPT_FEEDBACK_URL
};

static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "format", required_argument, NULL, 'f' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "now", required_argument, NULL, OPT_NOW },
	{ "period", required_argument, NULL, OPT_PERIOD },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "bucket", required_argument, NULL, OPT_BUCKET },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "feedback", required_argument, NULL, OPT_FEEDBACK },
	{ "predictions", required_argument, NULL, OPT_PREDICTIONS },
	{ "outcomes", required_argument, NULL, OPT_OUTCOMES },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "impact", no_argument, NULL, OPT_IMPACT },
	{ "lead", required_argument, NULL, OPT_LEAD },
	{ "threshold", required_argument, NULL, OPT_THRESHOLD },
	{ "avoidable", required_argument, NULL, OPT_AVOIDABLE },
	{ "cost-unplanned", required_argument, NULL, OPT_UNPLANNED },
	{ "cost-planned", required_argument, NULL, OPT_PLANNED },
	{ "cost-inspection", required_argument, NULL, OPT_INSPECTION },
	{ "entity-labels", required_argument, NULL, OPT_ENTITY_LABELS },
	{ "alert-technicians", required_argument, NULL, OPT_ALERT },
	{ "feedback-url", required_argument, NULL, OPT_FEEDBACK_URL },
	{ NULL, 0, NULL, 0 }
};

static int quiet;

static void
usage(void)
{
	printf("usage: mlo-report [-f text|markdown|prometheus|ndjson|html] "
	    "[-o FILE|DIR] [-q]\n"
	    "                  [--ledger FILE] [--feedback FILE]...\n"
	    "                  [--impact --predictions FILE --outcomes FILE "
	    "[--policy FILE]\n"
	    "                   [--lead MIN..MAX] [--threshold X] "
	    "[--avoidable X]\n"
	    "                   [--cost-unplanned X] [--cost-planned X] "
	    "[--cost-inspection X]]\n"
	    "                  [--since TIME] [--until TIME] [--period D] "
	    "[--bucket D]\n"
	    "                  [--entity-labels N] [--alert-technicians N] "
	    "[--now TIME]\n"
	    "                  [--feedback-url URL] [EVENTS...]\n");
}

static void
warn(const char *msg)
{
	if (!quiet)
		diag("%s", msg);
}

static double
number_arg(const char *opt, const char *arg, double min)
{
	double v;

	if (num_parse(arg, strlen(arg), &v) == -1 || !isfinite(v) || v < min)
		cli_usage_error("%s takes a number%s, not '%s'", opt,
		    min == 0 ? " >= 0" : "", arg);
	return v;
}

static mlo_time
duration_arg(const char *opt, const char *arg)
{
	struct mlo_error e;
	mlo_time d;

	if (duration_parse(arg, strlen(arg), TIME_RFC3339, &d, &e) == -1)
		cli_usage_error("%s: %s", opt, e.msg);
	return d;
}

static mlo_time
time_arg(const char *opt, const char *arg)
{
	struct mlo_error e;
	mlo_time t;

	if (time_parse(arg, strlen(arg), TIME_RFC3339, &t, &e) == -1)
		cli_usage_error("%s: %s", opt, e.msg);
	return t;
}

static void
lead_arg(const char *arg, struct rep_impact_opts *im)
{
	const char *dots = strstr(arg, "..");
	struct mlo_error e;

	if (dots == NULL)
		cli_usage_error("--lead takes MIN..MAX, such as 1h..7d, not "
		    "'%s'", arg);
	if (duration_parse(arg, (size_t)(dots - arg), TIME_RFC3339,
	    &im->lead_min, &e) == -1 || duration_parse(dots + 2,
	    strlen(dots + 2), TIME_RFC3339, &im->lead_max, &e) == -1)
		cli_usage_error("--lead: %s", e.msg);
	if (im->lead_min > im->lead_max)
		cli_usage_error("--lead: MIN is longer than MAX in '%s'", arg);
}

static int
format_arg(const char *arg)
{
	static const char *const names[] = { "text", "markdown",
		"prometheus", "ndjson", "html" };
	size_t i;

	for (i = 0; i < NELEM(names); i++)
		if (strcmp(arg, names[i]) == 0)
			return (int)i;
	cli_usage_error("-f takes text, markdown, prometheus, ndjson or html, "
	    "not '%s'", arg);
}

/* output_path: -o, DIR/mlo.prom (DIR/mlo-report.html for html) when it
 * names a directory, NULL for standard output (no -o, or "-"). */
static char *
output_path(const char *o, int fmt)
{
	struct stat st;
	struct buf b = {0};

	if (o == NULL || strcmp(o, "-") == 0)
		return NULL;	/* standard output */
	if (stat(o, &st) == 0 && S_ISDIR(st.st_mode)) {
		buf_printf(&b, "%s/%s", o, fmt == FMT_HTML ? HTML_FILE :
		    PROM_FILE);
		return buf_detach(&b);
	}
	return xstrdup(o);
}

struct inputs {
	const char *ledger, *predictions, *outcomes, *policy;
	const char **feedback;
	size_t nfeedback;
};

/* read_all: every input into R; 2 when something was trouble. */
static int
read_all(struct report *r, const struct inputs *in, int n, char **events)
{
	struct mlo_error e;
	size_t i;
	int st = 0, k;

	for (k = 0; k < (n ? n : 1); k++)
		if (report_read_events(r, n ? events[k] : NULL, &e) == -1) {
			diag_error(&e);
			st = 2;
		}
	if (r->events_bad > 0)
		st = 2;
	if (in->ledger != NULL && report_read_ledger(r, in->ledger,
	    &e) == -1) {
		diag_error(&e);
		st = 2;
	}
	for (i = 0; i < in->nfeedback; i++)
		if (report_read_feedback(r, in->feedback[i], &e) == -1) {
			diag_error(&e);
			st = 2;
		}
	if (r->fb.bad > 0)
		st = 2;
	if (in->outcomes != NULL && report_read_outcomes(r, in->outcomes,
	    &e) == -1) {
		diag_error(&e);
		st = 2;
	}
	if (in->predictions != NULL && report_read_predictions(r,
	    in->predictions, &e) == -1) {
		diag_error(&e);
		st = 2;
	}
	return st;
}

static int
write_report(const struct report *r, int fmt, const char *path,
    const struct reportfmt_opts *f)
{
	struct mlo_error e;
	struct output *out;

	if (path == NULL)
		out = output_stdout();
	else if ((out = output_open(path, &e)) == NULL) {
		diag_error(&e);
		return 2;
	}
	if (fmt == FMT_TEXT)
		report_text(r, out, f);
	else if (fmt == FMT_MARKDOWN)
		report_markdown(r, out, f);
	else if (fmt == FMT_PROMETHEUS)
		report_prometheus(r, out, f);
	else if (fmt == FMT_HTML)
		report_html(r, out, f);
	else
		report_ndjson(r, out, f);
	if (output_close(out, &e) == -1) {
		diag_error(&e);
		return 2;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct report_opts o = {0};
	struct reportfmt_opts f = {0};
	struct inputs in = {0};
	struct report r;
	struct mlo_error e;
	const char *now_arg = NULL, *output = NULL, *period = NULL;
	const char *since = NULL, *until = NULL;
	double unplanned = NAN, planned = NAN, inspection = NAN;
	int opt, fmt = FMT_TEXT, st, has_threshold = 0;
	char *path;

	diag_progname = "mlo-report";
	argv[0] = (char *)diag_progname;
	o.impact.lead_min = 3600 * INT64_C(1000000000);
	o.impact.lead_max = 7 * 86400 * INT64_C(1000000000);
	o.impact.threshold = 0.5;
	o.impact.avoidable = 1;
	o.alert_technicians = 3;
	while ((opt = getopt_long(argc, argv, "o:f:qhV", longopts, NULL))
	    != -1) {
		switch (opt) {
		case 'o': output = optarg; break;
		case 'f': fmt = format_arg(optarg); break;
		case 'q': quiet = 1; break;
		case 'h': usage(); return cli_exit(0);
		case 'V': cli_version(); return cli_exit(0);
		case OPT_NOW: now_arg = optarg; break;
		case OPT_PERIOD: period = optarg; break;
		case OPT_SINCE: since = optarg; break;
		case OPT_UNTIL: until = optarg; break;
		case OPT_BUCKET:
			o.bucket = duration_arg("--bucket", optarg);
			if (o.bucket == 0)
				cli_usage_error("--bucket must be longer "
				    "than 0");
			break;
		case OPT_LEDGER: in.ledger = optarg; break;
		case OPT_FEEDBACK:
			in.feedback = xreallocarray(in.feedback,
			    in.nfeedback + 1, sizeof *in.feedback);
			in.feedback[in.nfeedback++] = optarg;
			break;
		case OPT_PREDICTIONS: in.predictions = optarg; break;
		case OPT_OUTCOMES: in.outcomes = optarg; break;
		case OPT_POLICY: in.policy = optarg; break;
		case OPT_IMPACT: o.impact_on = 1; break;
		case OPT_LEAD: lead_arg(optarg, &o.impact); break;
		case OPT_THRESHOLD:
			o.impact.threshold = number_arg("--threshold", optarg,
			    -INFINITY);
			has_threshold = o.impact.use_score = 1;
			break;
		case OPT_AVOIDABLE:
			o.impact.avoidable = number_arg("--avoidable", optarg,
			    0);
			if (o.impact.avoidable > 1)
				cli_usage_error("--avoidable takes a share "
				    "from 0 to 1, not '%s'", optarg);
			break;
		case OPT_UNPLANNED:
			unplanned = number_arg("--cost-unplanned", optarg, 0);
			break;
		case OPT_PLANNED:
			planned = number_arg("--cost-planned", optarg, 0);
			break;
		case OPT_INSPECTION:
			inspection = number_arg("--cost-inspection", optarg,
			    0);
			break;
		case OPT_ENTITY_LABELS: {
			int64_t v;

			if (num_parse_int(optarg, strlen(optarg), &v) == -1 ||
			    v < 0 || v > 10000)
				cli_usage_error("--entity-labels takes a whole "
				    "number from 0 to 10000, not '%s'",
				    optarg);
			f.entity_labels = (size_t)v;
			break;
		}
		case OPT_ALERT: {
			int64_t v;

			if (num_parse_int(optarg, strlen(optarg), &v) == -1 ||
			    v < 1 || v > 1000000)
				cli_usage_error("--alert-technicians takes a "
				    "whole number, at least 1, not '%s'",
				    optarg);
			o.alert_technicians = (long)v;
			break;
		}
		case OPT_FEEDBACK_URL:
			if (strncmp(optarg, "http://", 7) != 0 &&
			    strncmp(optarg, "https://", 8) != 0)
				cli_usage_error("--feedback-url takes an "
				    "http:// or https:// URL, not '%s'",
				    optarg);
			if (optarg[strspn(optarg, URI_CHARS)] != '\0')
				cli_usage_error("--feedback-url takes the "
				    "characters of a URI without a fragment "
				    "(percent-encode the others), not '%s'",
				    optarg);
			f.feedback_url = optarg;
			break;
		default:
			fprintf(stderr, "Try 'mlo-report --help' for more "
			    "information.\n");
			return 2;
		}
	}
	argc -= optind, argv += optind;
	if (cli_now(now_arg, &o.now, f.stamp, &e) == -1)
		cli_usage_error("%s", e.msg);
	if (since != NULL && period != NULL)
		cli_usage_error("give --since or --period, not both");
	o.until = until != NULL ? time_arg("--until", until) : o.now;
	if (since != NULL)
		o.since = time_arg("--since", since);
	else {
		mlo_time p = duration_arg("--period",
		    period != NULL ? period : DEFAULT_PERIOD);

		if (p == 0)
			cli_usage_error("--period must be longer than 0");
		o.since = o.until - p;
	}
	if (o.since >= o.until)
		cli_usage_error("--since must come before --until");
	if (o.impact_on && (in.predictions == NULL || in.outcomes == NULL))
		cli_usage_error("--impact needs --predictions FILE and "
		    "--outcomes FILE");
	if (f.feedback_url != NULL && fmt != FMT_HTML)
		cli_usage_error("--feedback-url is for -f html");
	if (!o.impact_on && in.outcomes != NULL)
		cli_usage_error("--outcomes is for --impact");
	if (in.policy != NULL) {
		struct policy *p = policy_load(in.policy, &e);

		if (p == NULL) {
			diag_error(&e);
			return 2;
		}
		if (!has_threshold)
			o.impact.threshold = p->threshold;
		if (p->has_cost) {
			o.impact.has_cost = 1;
			o.impact.unplanned = p->missed_failure;
			o.impact.inspection = p->false_alarm;
		}
		policy_free(p);
	}
	if (!isnan(unplanned) || !isnan(planned) || !isnan(inspection))
		o.impact.has_cost = 1;
	if (!isnan(unplanned))
		o.impact.unplanned = unplanned;
	if (!isnan(planned))
		o.impact.planned = planned;
	if (!isnan(inspection))
		o.impact.inspection = inspection;
	o.warn = warn;
	f.colour = fmt == FMT_TEXT &&
	    (output == NULL || strcmp(output, "-") == 0) &&
	    isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
	report_init(&r, &o);
	st = read_all(&r, &in, argc, argv);
	report_finish(&r);
	path = output_path(output, fmt);
	if (write_report(&r, fmt, path, &f) != 0)
		st = 2;
	free(path);
	if (st == 0 && report_worst(&r) == STATUS_RED)
		st = 1;
	report_free(&r);
	free(in.feedback);
	return st == 2 ? 2 : cli_exit(st);
}
