/*
 * mlo-drift: profiles of data, and drift of new data against them.
 *
 *   mlo-drift profile [--role COL=ROLE...] [--exact [--max-sample N]]
 *                     [-o FILE] [reader options] [FILE...]
 *   mlo-drift merge [-o FILE] PROFILE...
 *   mlo-drift compare -r REF [options] [FILE...]
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "drift.h"
#include "io.h"
#include "num.h"
#include "profile.h"
#include "util.h"

enum {
	OPT_ROLE = OPT_FIRST_PRIVATE, OPT_EXACT, OPT_MAX_SAMPLE, OPT_WINDOW,
	OPT_TIME, OPT_TEST, OPT_MIN_N, OPT_EFFECT_FLOOR, OPT_CORRECT,
	OPT_ALLOW_FS, OPT_K, OPT_CATEGORY_CAP, OPT_DETECTOR, OPT_DETECTOR_ON,
	OPT_ARL0, OPT_SHIFT, OPT_BY, OPT_MIN, OPT_MAX, OPT_THRESHOLD,
	OPT_CAL_BINS, OPT_REGIME, OPT_REGIME_BINS
};

static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "events", required_argument, NULL, 'e' },
	{ "format", required_argument, NULL, 'f' },
	{ "reference", required_argument, NULL, 'r' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "role", required_argument, NULL, OPT_ROLE },
	{ "exact", no_argument, NULL, OPT_EXACT },
	{ "max-sample", required_argument, NULL, OPT_MAX_SAMPLE },
	{ "k", required_argument, NULL, OPT_K },
	{ "category-cap", required_argument, NULL, OPT_CATEGORY_CAP },
	{ "window", required_argument, NULL, OPT_WINDOW },
	{ "time", required_argument, NULL, OPT_TIME },
	{ "test", required_argument, NULL, OPT_TEST },
	{ "min-n", required_argument, NULL, OPT_MIN_N },
	{ "effect-floor", required_argument, NULL, OPT_EFFECT_FLOOR },
	{ "correct", required_argument, NULL, OPT_CORRECT },
	{ "allow-feature-set-change", no_argument, NULL, OPT_ALLOW_FS },
	{ "detector", required_argument, NULL, OPT_DETECTOR },
	{ "detector-on", required_argument, NULL, OPT_DETECTOR_ON },
	{ "arl0", required_argument, NULL, OPT_ARL0 },
	{ "shift", required_argument, NULL, OPT_SHIFT },
	{ "by", required_argument, NULL, OPT_BY },
	{ "min", required_argument, NULL, OPT_MIN },
	{ "max", required_argument, NULL, OPT_MAX },
	{ "threshold", required_argument, NULL, OPT_THRESHOLD },
	{ "calibration-bins", required_argument, NULL, OPT_CAL_BINS },
	{ "regime", required_argument, NULL, OPT_REGIME },
	{ "regime-bins", required_argument, NULL, OPT_REGIME_BINS },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "now", required_argument, NULL, OPT_NOW },
	CLI_READER_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf("usage: mlo-drift profile [--role COL=ROLE]... [--exact "
	    "[--max-sample N]] [-o FILE]\n"
	    "                         [--k K] [--category-cap N] "
	    "[--threshold X] [--calibration-bins N]\n"
	    "                         [--regime COL [--regime-bins EDGES]]"
	    "\n"
	    "                         [reader options] [FILE...]\n"
	    "       mlo-drift merge [-o FILE] PROFILE...\n"
	    "       mlo-drift compare -r REF [-q] [-o FILE] [-e EVENTS] "
	    "[-f csv|ndjson]\n"
	    "                         [--window N|DURATION] [--time COL] "
	    "[--test LIST] [--exact]\n"
	    "                         [--min-n N] [--effect-floor X] "
	    "[--correct bh|bonferroni]\n"
	    "                         [--state FILE] [--now TIME] "
	    "[--allow-feature-set-change]\n"
	    "                         [--detector cusum|page-hinkley "
	    "[--detector-on windows|rows]\n"
	    "                         [--arl0 N] [--shift STD] [--by COLUMN]]"
	    "\n"
	    "                         [--min METRIC=X]... [--max METRIC=X]..."
	    " [--regime COL]\n"
	    "                         [reader options] [FILE...]\n"
	    "reader options: [--input-format csv|ndjson] [--delimiter C] "
	    "[--no-header]\n"
	    "                [--columns a,b,c]\n");
}

/* A whole number >= LO for option NAME, or a usage error. */
static long long
count_arg(const char *name, const char *arg, long long lo)
{
	int64_t v;

	if (num_parse_int(arg, strlen(arg), &v) == -1 || v < lo)
		cli_usage_error("%s takes a whole number of at least %lld, not "
		    "'%s'", name, lo, arg);
	return v;
}

static double
real_arg(const char *name, const char *arg)
{
	double v;

	if (num_parse(arg, strlen(arg), &v) == -1 || !(v >= 0) ||
	    v == INFINITY)
		cli_usage_error("%s takes a number of at least 0, not '%s'",
		    name, arg);
	return v;
}

/* option_name: "--window" for OPT_WINDOW, "-e" for 'e'. */
static const char *
option_name(int opt)
{
	static char name[64];
	size_t i;

	for (i = 0; longopts[i].name != NULL; i++)
		if (longopts[i].val == opt) {
			if (opt < 256)
				snprintf(name, sizeof name, "-%c, --%s", opt,
				    longopts[i].name);
			else
				snprintf(name, sizeof name, "--%s",
				    longopts[i].name);
			return name;
		}
	return "that option";
}

/* option_fits: whether command CMD takes option OPT. */
static int
option_fits(const char *cmd, int opt)
{
	static const int profile_only[] = { OPT_ROLE, OPT_MAX_SAMPLE, OPT_K,
	    OPT_CATEGORY_CAP, OPT_THRESHOLD, OPT_CAL_BINS, OPT_REGIME_BINS };
	static const int compare_only[] = { 'e', 'f', 'r', 'q', OPT_WINDOW,
	    OPT_TIME, OPT_TEST, OPT_MIN_N, OPT_EFFECT_FLOOR, OPT_CORRECT,
	    OPT_ALLOW_FS, OPT_STATE, OPT_NOW, OPT_DETECTOR, OPT_DETECTOR_ON,
	    OPT_ARL0, OPT_SHIFT, OPT_BY, OPT_MIN, OPT_MAX };
	size_t i;

	if (opt == '?' || opt == 'o' || opt == 'h' || opt == 'V')
		return 1;
	if (strcmp(cmd, "merge") == 0)
		return 0;
	for (i = 0; i < NELEM(profile_only); i++)
		if (opt == profile_only[i])
			return strcmp(cmd, "profile") == 0;
	for (i = 0; i < NELEM(compare_only); i++)
		if (opt == compare_only[i])
			return strcmp(cmd, "compare") == 0;
	return 1;	/* reader options and --exact: both */
}

static int
write_profile(const struct profile *p, const char *output)
{
	struct mlo_error e;
	struct output *out;

	if ((out = output_open(output, &e)) == NULL) {
		diag_error(&e);
		return 2;
	}
	profile_write(p, out);
	if (output_close(out, &e) == -1) {
		diag_error(&e);
		return 2;
	}
	return 0;
}

static int
cmd_profile(int argc, char **argv, const struct profile_opts *po,
    const struct reader_opts *ro, char **roles, size_t nroles,
    const char *output)
{
	struct profile *p = profile_new(po);
	struct mlo_error e;
	size_t i;
	int st = 0;

	for (i = 0; i < nroles; i++)
		if (profile_role(p, roles[i], &e) == -1)
			cli_usage_error("%s", e.msg);
	if (argc == 0 && profile_read_input(p, NULL, ro, &e) == -1) {
		diag_error(&e);
		st = 2;
	}
	for (i = 0; i < (size_t)argc && st == 0; i++)
		if (profile_read_input(p, argv[i], ro, &e) == -1) {
			diag_error(&e);
			st = 2;
		}
	/* A profile of part of the data would mislead: trouble, no file. */
	if (st == 0 && profile_finish(p, &e) == -1) {
		diag_error(&e);
		st = 2;
	}
	if (st == 0)
		st = write_profile(p, output);
	profile_free(p);
	return st;
}

static int
cmd_merge(int argc, char **argv, const char *output)
{
	struct profile *acc = NULL, *p;
	struct mlo_error e;
	int i, st = 0;

	if (argc == 0)
		cli_usage_error("merge needs at least one profile");
	for (i = 0; i < argc && st == 0; i++) {
		if ((p = profile_load(argv[i], &e)) == NULL) {
			diag_error(&e);
			st = 2;
		} else if (acc == NULL)
			acc = p;
		else {
			if (profile_merge(acc, p, argv[0], argv[i], &e) == -1) {
				diag_error(&e);
				st = 2;
			}
			profile_free(p);
		}
	}
	if (st == 0)
		st = write_profile(acc, output);
	profile_free(acc);
	return st;
}

int
main(int argc, char *argv[])
{
	struct profile_opts po = {0};
	struct reader_opts ro = {0};
	struct drift_opts d = {0};
	struct mlo_error e;
	const char *cmd, *output = NULL, *now_arg = NULL;
	char **roles = NULL;
	double *edges = NULL;
	size_t nroles = 0;
	int opt, r, st;

	diag_progname = "mlo-drift";
	argv[0] = (char *)diag_progname;
	drift_opts_init(&d);
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
		cli_usage_error("a command is needed: profile, merge or "
		    "compare");
	cmd = argv[1];
	if (strcmp(cmd, "profile") != 0 && strcmp(cmd, "merge") != 0 &&
	    strcmp(cmd, "compare") != 0)
		cli_usage_error("unknown command '%s' (profile, merge or "
		    "compare)", cmd);
	argc--, argv++;
	argv[0] = (char *)diag_progname;
	while ((opt = getopt_long(argc, argv, "o:e:f:r:qhV", longopts, NULL))
	    != -1) {
		if (!option_fits(cmd, opt))
			cli_usage_error("%s does not take %s", cmd,
			    option_name(opt));
		if ((r = cli_reader_option(opt, optarg, &ro, &e)) == -1)
			cli_usage_error("%s", e.msg);
		if (r == 1)
			continue;
		switch (opt) {
		case 'o': output = optarg; break;
		case 'e': d.events = optarg; break;
		case 'f':
			if (reader_opts_format(&d.format, optarg, &e) == -1)
				cli_usage_error("%s", e.msg);
			break;
		case 'r': d.reference = optarg; break;
		case 'q': d.quiet = 1; break;
		case 'h': usage(); return cli_exit(0);
		case 'V': cli_version(); return cli_exit(0);
		case OPT_ROLE:
			roles = xreallocarray(roles, nroles + 1,
			    sizeof *roles);
			roles[nroles++] = optarg;
			break;
		case OPT_EXACT: po.exact = d.exact = 1; break;
		case OPT_MAX_SAMPLE:
			po.max_sample = (size_t)count_arg("--max-sample",
			    optarg, 1);
			break;
		case OPT_K:
			po.k = (uint32_t)count_arg("--k", optarg, KLL_MIN_K);
			if (po.k > KLL_MAX_K)
				cli_usage_error("--k is at most %d",
				    KLL_MAX_K);
			break;
		case OPT_CATEGORY_CAP:
			po.category_cap = (size_t)count_arg("--category-cap",
			    optarg, 1);
			break;
		case OPT_WINDOW: d.window = optarg; break;
		case OPT_TIME: d.time_col = optarg; break;
		case OPT_TEST:
			if (drift_tests_parse(&d, optarg, &e) == -1)
				cli_usage_error("%s", e.msg);
			break;
		case OPT_MIN_N:
			d.min_n = (uint64_t)count_arg("--min-n", optarg, 1);
			break;
		case OPT_EFFECT_FLOOR:
			d.effect_floor = real_arg("--effect-floor", optarg);
			break;
		case OPT_CORRECT:
			if (drift_correct_parse(&d, optarg, &e) == -1)
				cli_usage_error("%s", e.msg);
			break;
		case OPT_ALLOW_FS: d.allow_feature_set_change = 1; break;
		case OPT_DETECTOR:
			if (detector_kind_parse(optarg, &d.detector) == -1)
				cli_usage_error("--detector takes 'cusum' or "
				    "'page-hinkley', not '%s'", optarg);
			break;
		case OPT_DETECTOR_ON:
			if (strcmp(optarg, "rows") != 0 &&
			    strcmp(optarg, "windows") != 0)
				cli_usage_error("--detector-on takes 'rows' or "
				    "'windows', not '%s'", optarg);
			d.detector_on_rows = strcmp(optarg, "rows") == 0;
			break;
		case OPT_ARL0:
			d.arl0 = real_arg("--arl0", optarg);
			if (d.arl0 < DETECTOR_MIN_ARL0 ||
			    d.arl0 > DETECTOR_MAX_ARL0)
				cli_usage_error("--arl0 takes a number from %g "
				    "to %g, not '%s'", DETECTOR_MIN_ARL0,
				    DETECTOR_MAX_ARL0, optarg);
			break;
		case OPT_SHIFT:
			d.shift = real_arg("--shift", optarg);
			if (d.shift == 0)
				cli_usage_error("--shift takes a number above "
				    "0, not '%s'", optarg);
			break;
		case OPT_BY: d.by = optarg; break;
		case OPT_MIN:
		case OPT_MAX:
			if (drift_limit_parse(&d, optarg, opt == OPT_MIN, &e)
			    == -1)
				cli_usage_error("%s", e.msg);
			break;
		case OPT_REGIME: po.regime = d.regime = optarg; break;
		case OPT_REGIME_BINS:
			free(edges);
			if (profile_regime_edges(optarg, &edges, &po.nedges,
			    &e) == -1)
				cli_usage_error("%s", e.msg);
			po.edges = edges;
			break;
		case OPT_THRESHOLD:
			po.threshold = real_arg("--threshold", optarg);
			if (!(po.threshold > 0 && po.threshold < 1))
				cli_usage_error("--threshold takes a number "
				    "between 0 and 1, not '%s'", optarg);
			break;
		case OPT_CAL_BINS:
			po.cal_bins = (uint32_t)count_arg("--calibration-bins",
			    optarg, 1);
			if (po.cal_bins > CALIB_MAX_BINS)
				cli_usage_error("--calibration-bins is at most "
				    "%d", CALIB_MAX_BINS);
			break;
		case OPT_STATE: d.state = optarg; break;
		case OPT_NOW: now_arg = optarg; break;
		default:
			fprintf(stderr, "Try 'mlo-drift --help' for more "
			    "information.\n");
			return 2;
		}
	}
	argc -= optind, argv += optind;
	if (po.edges != NULL && po.regime == NULL)
		cli_usage_error("--regime-bins goes with --regime");
	if (strcmp(cmd, "profile") == 0)
		st = cmd_profile(argc, argv, &po, &ro, roles, nroles, output);
	else if (strcmp(cmd, "merge") == 0)
		st = cmd_merge(argc, argv, output);
	else {
		if (d.reference == NULL)
			cli_usage_error("compare needs a reference: -r "
			    "PROFILE");
		if (d.detector == DET_NONE && (d.detector_on_rows ||
		    d.arl0 > 0 || d.shift > 0 || d.by != NULL))
			cli_usage_error("--detector-on, --arl0, --shift and --by "
			    "go with --detector");
		if (cli_now(now_arg, &d.now, d.stamp, &e) == -1)
			cli_usage_error("%s", e.msg);
		d.output = output;
		st = drift_compare(&d, &ro, argc, argv);
	}
	free(roles);
	free(edges);
	reader_opts_free(&ro);
	drift_opts_free(&d);
	return st;
}
