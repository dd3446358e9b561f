/*
 * mlo-features: feature engineering as code.  Reads rows and writes them
 * with the spec's features added, per entity, in one streaming pass; the
 * same spec and program make the training set and the live features.
 *
 *   mlo-features -s SPEC [options] [FILE...]
 *   mlo-features --lint SPEC
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "event.h"
#include "featurize.h"
#include "io.h"
#include "labels.h"
#include "snapfeat.h"
#include "spec.h"

enum {
	OPT_LATE = OPT_FIRST_PRIVATE, OPT_LABELS, OPT_HORIZON, OPT_UNTIL,
	OPT_SNAPSHOT
};

static const struct option longopts[] = {
	{ "spec", required_argument, NULL, 's' },
	{ "output", required_argument, NULL, 'o' },
	{ "events", required_argument, NULL, 'e' },
	{ "format", required_argument, NULL, 'f' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "late", required_argument, NULL, OPT_LATE },
	{ "labels", required_argument, NULL, OPT_LABELS },
	{ "horizon", required_argument, NULL, OPT_HORIZON },
	{ "labels-until", required_argument, NULL, OPT_UNTIL },
	{ "snapshot", no_argument, NULL, OPT_SNAPSHOT },
	{ "lint", required_argument, NULL, OPT_LINT },
	{ "now", required_argument, NULL, OPT_NOW },
	CLI_READER_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf("usage: mlo-features -s SPEC [-q] [-o FILE] [-e EVENTS] "
	    "[-f csv|ndjson] [--state FILE]\n"
	    "                    [--late drop|error] [--labels OUTCOMES "
	    "--horizon D\n"
	    "                    [--labels-until TIME]] [--snapshot] "
	    "[--now TIME]\n"
	    "                    [--input-format csv|ndjson] [--delimiter C]\n"
	    "                    [--no-header] [--columns a,b,c] [FILE...]\n"
	    "       mlo-features --lint SPEC\n");
}

static int
lint(const char *path)
{
	struct mlo_error e;
	struct spec *s;

	if ((s = spec_load(path, &e)) == NULL) {
		diag_error(&e);
		return 2;
	}
	printf("%s: %s, %zu feature%s: ok\n", display_name(path), s->id,
	    s->nfeats, s->nfeats == 1 ? "" : "s");
	spec_free(s);
	return cli_exit(0);
}

/* The options that need the spec's time format: --horizon, --labels-until. */
static void
label_options(const struct spec *s, const char *horizon, const char *until,
    struct features_opts *o)
{
	struct mlo_error e;

	if (horizon == NULL)
		cli_usage_error("--labels needs --horizon DURATION");
	if (duration_parse(horizon, strlen(horizon), s->time_kind, &o->horizon,
	    &e) == -1)
		cli_usage_error("--horizon: %s", e.msg);
	if (until != NULL) {
		if (time_parse(until, strlen(until), s->time_kind, &o->until,
		    &e) == -1)
			cli_usage_error("--labels-until: %s", e.msg);
		o->has_until = 1;
	}
}

static int
check_snapshot(const struct spec *s, const char *path, int snapshot,
    const char *labels)
{
	if (!snapshot) {
		diag("%s: the spec describes snapshot files: run with "
		    "--snapshot", display_name(path));
		return 2;
	}
	if (!s->snap.on) {
		diag("%s: --snapshot needs a spec with a 'snapshot' section "
		    "(see mlo-features(5))", display_name(path));
		return 2;
	}
	if (labels != NULL)
		cli_usage_error("--labels does not go with --snapshot");
	return 0;
}

/* --snapshot: each FILE is one snapshot, one row per channel. */
static int
run_snapshots(const struct spec *spec, const struct reader_opts *cli_ro,
    const struct features_opts *o, struct event_sink *sink, int nfiles,
    char **files, int quiet)
{
	struct reader_opts ro;
	struct snapfeat *sf;
	struct mlo_error e;
	struct buf report = {0};
	int i, status = 0;

	spec_reader_opts(spec, cli_ro, &ro);
	if ((sf = snapfeat_open(spec, &ro, o, sink, &e)) == NULL) {
		diag_error(&e);
		reader_opts_free(&ro);
		return 2;
	}
	if (nfiles == 0 && snapfeat_file(sf, NULL, &e) == -1)
		status = 2;
	for (i = 0; i < nfiles && status == 0; i++)
		if (snapfeat_file(sf, files[i], &e) == -1)
			status = 2;
	if (status != 0) {
		diag_error(&e);
		snapfeat_abort(sf);
	} else if (snapfeat_finish(sf, &report, &e) == -1) {
		diag_error(&e);
		status = 2;
	}
	if (!quiet && report.len > 0)
		fputs(report.data, stderr);
	if (event_flush(sink, &e) == -1) {
		diag_error(&e);
		status = 2;
	}
	snapfeat_free(sf);
	buf_free(&report);
	reader_opts_free(&ro);
	return status;
}

int
main(int argc, char *argv[])
{
	struct features_opts o = {0};
	struct reader_opts cli_ro = {0}, ro, outcome_ro = {0};
	struct event_sink sink;
	struct featurizer *fz;
	struct outcomes *oc = NULL;
	struct spec *spec;
	struct mlo_error e;
	struct buf report = {0};
	const char *spec_path = NULL, *now_arg = NULL, *events_path = NULL;
	const char *labels = NULL, *horizon = NULL, *until = NULL;
	char stamp[TIME_BUFSZ];
	mlo_time now;
	int opt, quiet = 0, status = 0, snapshot = 0, i, r;

	diag_progname = "mlo-features";
	argv[0] = (char *)diag_progname;
	while ((opt = getopt_long(argc, argv, "s:o:e:f:qhV", longopts, NULL))
	    != -1) {
		if ((r = cli_reader_option(opt, optarg, &cli_ro, &e)) == -1)
			cli_usage_error("%s", e.msg);
		if (r == 1)
			continue;
		switch (opt) {
		case 's': spec_path = optarg; break;
		case 'o': o.output = optarg; break;
		case 'e': events_path = optarg; break;
		case 'f':
			if (reader_opts_format(&o.format, optarg, &e) == -1)
				cli_usage_error("%s", e.msg);
			break;
		case 'q': quiet = 1; break;
		case 'h': usage(); return cli_exit(0);
		case 'V': cli_version(); return cli_exit(0);
		case OPT_STATE: o.state = optarg; break;
		case OPT_LATE:
			if (strcmp(optarg, "drop") != 0 &&
			    strcmp(optarg, "error") != 0)
				cli_usage_error("--late takes 'drop' or "
				    "'error', not '%s'", optarg);
			o.late_drop = strcmp(optarg, "drop") == 0;
			break;
		case OPT_LABELS: labels = optarg; break;
		case OPT_HORIZON: horizon = optarg; break;
		case OPT_UNTIL: until = optarg; break;
		case OPT_SNAPSHOT: snapshot = 1; break;
		case OPT_LINT: return lint(optarg);
		case OPT_NOW: now_arg = optarg; break;
		default:
			fprintf(stderr, "Try 'mlo-features --help' for more "
			    "information.\n");
			return 2;
		}
	}
	if (spec_path == NULL)
		cli_usage_error("a spec is needed: -s SPEC");
	if (labels == NULL && (horizon != NULL || until != NULL))
		cli_usage_error("--horizon and --labels-until go with --labels");
	if (cli_now(now_arg, &now, stamp, &e) == -1)
		cli_usage_error("%s", e.msg);
	if ((spec = spec_load(spec_path, &e)) == NULL) {
		diag_error(&e);
		return 2;
	}
	if (snapshot || spec->snap.on) {
		status = check_snapshot(spec, spec_path, snapshot, labels);
		event_sink_init(&sink, events_path, "mlo-features", stamp);
		if (status == 0)
			status = run_snapshots(spec, &cli_ro, &o, &sink,
			    argc - optind, argv + optind, quiet);
		event_sink_free(&sink);
		reader_opts_free(&cli_ro);
		spec_free(spec);
		return status;
	}
	if (labels != NULL) {
		label_options(spec, horizon, until, &o);
		if ((oc = outcomes_load(labels, &outcome_ro, spec->entity,
		    spec->time, spec->time_kind, &e)) == NULL) {
			diag_error(&e);
			spec_free(spec);
			return 2;
		}
		o.labels = oc;
	}
	spec_reader_opts(spec, &cli_ro, &ro);
	reader_opts_free(&cli_ro);
	event_sink_init(&sink, events_path, "mlo-features", stamp);
	if ((fz = features_open(spec, &ro, &o, &sink, &e)) == NULL) {
		diag_error(&e);
		status = 2;
		goto out;
	}
	/* Trouble ends the run: the state must not skip rows. */
	if (optind == argc && features_file(fz, NULL, &e) == -1)
		status = 2;
	for (i = optind; i < argc && status == 0; i++)
		if (features_file(fz, argv[i], &e) == -1)
			status = 2;
	if (status != 0) {
		diag_error(&e);
		features_abort(fz);
	} else if (features_finish(fz, &report, &e) == -1) {
		diag_error(&e);
		status = 2;
	}
	if (!quiet && report.len > 0)
		fputs(report.data, stderr);
	if (event_flush(&sink, &e) == -1) {
		diag_error(&e);
		status = 2;
	}
	features_free(fz);
out:
	buf_free(&report);
	event_sink_free(&sink);
	outcomes_free(oc);
	spec_free(spec);
	reader_opts_free(&ro);
	return status;
}
