/*
 * mlo-retrain-gate: decide whether a retrained model may replace the one in
 * production, by a policy, on holdout predictions of both; promote it in a
 * model registry and record every run in the registry's ledger.
 *
 *   mlo-retrain-gate -p POLICY --candidate FILE [--production FILE] [options]
 *   mlo-retrain-gate --lint POLICY
 *   mlo-retrain-gate --registry DIR --rollback | --history | --verify
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootstrap.h"
#include "cli.h"
#include "num.h"
#include "retrain.h"
#include "util.h"

enum {
	OPT_CANDIDATE = OPT_FIRST_PRIVATE, OPT_PRODUCTION, OPT_CLUSTER,
	OPT_SEED, OPT_RESAMPLES, OPT_REGISTRY, OPT_MODEL_DIR, OPT_DATA,
	OPT_CONTRACT, OPT_DRY_RUN, OPT_ROLLBACK, OPT_HISTORY, OPT_VERIFY
};

static const struct option longopts[] = {
	{ "policy", required_argument, NULL, 'p' },
	{ "candidate", required_argument, NULL, OPT_CANDIDATE },
	{ "production", required_argument, NULL, OPT_PRODUCTION },
	{ "cluster", required_argument, NULL, OPT_CLUSTER },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "resamples", required_argument, NULL, OPT_RESAMPLES },
	{ "registry", required_argument, NULL, OPT_REGISTRY },
	{ "model-dir", required_argument, NULL, OPT_MODEL_DIR },
	{ "data", required_argument, NULL, OPT_DATA },
	{ "contract", required_argument, NULL, OPT_CONTRACT },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "rollback", no_argument, NULL, OPT_ROLLBACK },
	{ "history", no_argument, NULL, OPT_HISTORY },
	{ "verify", no_argument, NULL, OPT_VERIFY },
	{ "lint", required_argument, NULL, OPT_LINT },
	{ "output", required_argument, NULL, 'o' },
	{ "events", required_argument, NULL, 'e' },
	{ "format", required_argument, NULL, 'f' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "now", required_argument, NULL, OPT_NOW },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	CLI_READER_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf("usage: mlo-retrain-gate -p POLICY --candidate FILE "
	    "[--production FILE]\n"
	    "           [--cluster COLUMN] [--seed N] [--resamples N]\n"
	    "           [--registry DIR --model-dir PATH] [--data FILE]... "
	    "[--contract ID]\n"
	    "           [--dry-run] [-q] [-e EVENTS] [-o FILE] "
	    "[-f csv|ndjson] [--now TIME]\n"
	    "           [--input-format csv|ndjson] [--delimiter C] "
	    "[--no-header] [--columns a,b,c]\n"
	    "       mlo-retrain-gate --lint POLICY\n"
	    "       mlo-retrain-gate --registry DIR --rollback [-e EVENTS] "
	    "[--now TIME]\n"
	    "       mlo-retrain-gate --registry DIR --history [-f csv|ndjson]\n"
	    "       mlo-retrain-gate --registry DIR --verify\n");
}

static int
fail(const struct mlo_error *e)
{
	diag_error(e);
	return 2;
}

static int64_t
int_arg(const char *opt, const char *arg, int64_t min, int64_t max)
{
	int64_t v;

	if (num_parse_int(arg, strlen(arg), &v) == -1 || v < min || v > max)
		cli_usage_error("%s takes a whole number from %lld to %lld, "
		    "not '%s'", opt, (long long)min, (long long)max, arg);
	return v;
}

int
main(int argc, char *argv[])
{
	struct retrain_opts o = {0};
	struct reader_opts ro = {0};
	struct mlo_error e;
	const char **data = NULL, *now_arg = NULL;
	char stamp[TIME_BUFSZ];
	int opt, r, command = 0, status;
	size_t ndata = 0;

	diag_progname = "mlo-retrain-gate";
	argv[0] = (char *)diag_progname;
	o.seed = BOOT_DEFAULT_SEED;
	o.resamples = BOOT_DEFAULT_RESAMPLES;
	o.format = REC_AUTO;
	while ((opt = getopt_long(argc, argv, "p:o:e:f:qhV", longopts, NULL))
	    != -1) {
		if ((r = cli_reader_option(opt, optarg, &ro, &e)) == -1)
			cli_usage_error("%s", e.msg);
		if (r == 1)
			continue;
		switch (opt) {
		case 'p': o.policy = optarg; break;
		case OPT_CANDIDATE: o.candidate = optarg; break;
		case OPT_PRODUCTION: o.production = optarg; break;
		case OPT_CLUSTER: o.cluster = optarg; break;
		case OPT_SEED:
			o.seed = (uint64_t)int_arg("--seed", optarg, 0,
			    INT64_MAX);
			break;
		case OPT_RESAMPLES:
			o.resamples = (unsigned)int_arg("--resamples", optarg,
			    1, 1000000);
			break;
		case OPT_REGISTRY: o.registry = optarg; break;
		case OPT_MODEL_DIR: o.model_dir = optarg; break;
		case OPT_DATA:
			data = xreallocarray(data, ndata + 1, sizeof *data);
			data[ndata++] = optarg;
			break;
		case OPT_CONTRACT: o.contract = optarg; break;
		case OPT_DRY_RUN: o.dry_run = 1; break;
		case OPT_ROLLBACK:
		case OPT_HISTORY:
		case OPT_VERIFY:
			if (command != 0 && command != opt)
				cli_usage_error("--rollback, --history and "
				    "--verify go one at a time");
			command = opt;
			break;
		case OPT_LINT:
			if (retrain_lint(optarg, &e) == -1)
				return fail(&e);
			return cli_exit(0);
		case 'o': o.output = optarg; break;
		case 'e': o.events = optarg; break;
		case 'f':
			if (reader_opts_format(&o.format, optarg, &e) == -1)
				cli_usage_error("%s", e.msg);
			break;
		case 'q': o.quiet = 1; break;
		case OPT_NOW: now_arg = optarg; break;
		case 'h': usage(); return cli_exit(0);
		case 'V': cli_version(); return cli_exit(0);
		default:
			fprintf(stderr, "Try 'mlo-retrain-gate --help' for "
			    "more information.\n");
			return 2;
		}
	}
	if (optind < argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
	if (cli_now(now_arg, &o.now, stamp, &e) == -1)
		cli_usage_error("%s", e.msg);
	o.stamp = stamp;
	o.ro = &ro;
	o.data = data;
	o.ndata = ndata;
	if (command != 0) {
		e.msg[0] = '\0';
		if (o.registry == NULL)
			cli_usage_error("%s needs --registry DIR",
			    command == OPT_ROLLBACK ? "--rollback" :
			    command == OPT_HISTORY ? "--history" : "--verify");
		if (command == OPT_ROLLBACK)
			status = retrain_rollback(&o, &e) == -1 ? 2 : 0;
		else if (command == OPT_HISTORY)
			status = retrain_history(o.registry, o.format, &e) ==
			    -1 ? 2 : 0;
		else if ((status = retrain_verify(o.registry, &e)) == -1)
			status = 2;
		if (status == 2 && e.msg[0] != '\0')
			diag_error(&e);
		return cli_exit(status);
	}
	if (o.policy == NULL)
		cli_usage_error("a policy is needed: -p POLICY");
	if (o.candidate == NULL)
		cli_usage_error("the candidate's predictions are needed: "
		    "--candidate FILE");
	if (o.model_dir != NULL && o.registry == NULL)
		cli_usage_error("--model-dir needs --registry DIR");
	if (o.registry != NULL && o.model_dir == NULL && !o.dry_run)
		cli_usage_error("--registry needs --model-dir PATH, the "
		    "candidate's files to promote");
	status = retrain_gate(&o, &e);
	if (status == -1) {
		diag_error(&e);
		status = 2;
	}
	free(data);
	reader_opts_free(&ro);
	return status;
}
