/*
 * retrain: what mlo-retrain-gate does, end to end: read the holdouts, let
 * the gate decide (gate.h), report the decision (rows, table, event), and
 * with a registry promote the candidate (registry.h) and append the run to
 * the ledger (ledger.h), all under the registry's lock; and the registry
 * commands --rollback, --history and --verify.
 */
#ifndef MLO_RETRAIN_H
#define MLO_RETRAIN_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "record.h"
#include "timeparse.h"

struct retrain_opts {
	const char *policy;
	const char *candidate, *production;	/* production may be NULL */
	const char *cluster;
	uint64_t seed;
	unsigned resamples;
	const char *registry, *model_dir;	/* NULL: no registry */
	const char *const *data;		/* --data files */
	size_t ndata;
	const char *contract;			/* --contract id, or NULL */
	int dry_run, quiet;
	const char *events;			/* -e, or NULL */
	const char *output;			/* -o, or NULL: stdout */
	enum rec_format format;			/* REC_AUTO: as the candidate */
	const struct reader_opts *ro;
	mlo_time now;
	const char *stamp;			/* now, as RFC 3339 */
};

/* retrain_gate: 0 promote, 1 reject, -1 with E on trouble. */
int retrain_gate(const struct retrain_opts *o, struct mlo_error *e);
/* retrain_rollback: production back to the version before it; 0 or -1. */
int retrain_rollback(const struct retrain_opts *o, struct mlo_error *e);
/* retrain_history: the ledger of REGISTRY on stdout; 0 or -1. */
int retrain_history(const char *registry, enum rec_format fmt,
    struct mlo_error *e);
/*
 * retrain_verify: check the ledger's hash chain: 0 intact, 1 broken, 2 when
 * a line is not a record (torn), -1 with E when it cannot be read.
 */
int retrain_verify(const char *registry, struct mlo_error *e);
/* retrain_lint: check a policy; 0 or -1. */
int retrain_lint(const char *policy, struct mlo_error *e);

#endif
