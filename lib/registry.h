/*
 * registry: a directory of model versions and a pointer to the one in
 * production (mlo-retrain-gate(1), REGISTRY):
 *
 *	DIR/versions/ID/	a model's files and meta.json, never changed
 *	DIR/production		a relative symbolic link, "versions/ID"
 *	DIR/ledger.ndjson	the history (ledger.h)
 *	DIR/.lock		flock(2)ed by every writer, shared by readers
 *
 * A version is copied into DIR/versions/.tmp-ID/, synced, and renamed into
 * place whole; production is swapped by rename(2) of a new link over the
 * old one, and the directory synced.  A reader following DIR/production
 * sees the old version or the new one, complete, whatever is killed when.
 */
#ifndef MLO_REGISTRY_H
#define MLO_REGISTRY_H

#include <stddef.h>

#include "diag.h"
#include "timeparse.h"

/* The longest version id: "20261125T200500Z-0123abcd-99" and more. */
#define REGISTRY_ID_MAX 64

struct registry {
	char *dir;
	int lock_fd;
};

/*
 * registry_open: lock DIR: exclusively (waiting for other writers) when
 * WRITE, then DIR and DIR/versions are created when missing and the
 * leftovers of a killed writer (versions/.tmp-*, .production.tmp) are
 * removed; shared when not (DIR must exist).  A DIR that is not a
 * directory is an error.
 */
int registry_open(struct registry *r, const char *dir, int write,
    struct mlo_error *e);
/* registry_close: let the lock go. */
void registry_close(struct registry *r);

/*
 * registry_production: the id production points at into ID (at least
 * REGISTRY_ID_MAX bytes): 1, or 0 when there is no production yet, or -1
 * with E when DIR/production is not a link into versions/.
 */
int registry_production(const struct registry *r, char *id,
    struct mlo_error *e);

/* registry_has: whether DIR/versions/ID is there. */
int registry_has(const struct registry *r, const char *id);

/*
 * artifact_hash: the xxh128 of the files under DIR (names, sizes and
 * bytes, in name order; meta.json at the top left out), as 32 hex digits
 * in HEX[33].  -1 with E when DIR is not a readable directory of regular
 * files and directories.
 */
int artifact_hash(const char *dir, char hex[33], struct mlo_error *e);

/*
 * registry_new_id: "YYYYMMDDThhmmssZ-HASH8" for a version made at NOW
 * from an artifact of hash HEX, with "-2", "-3", ... when that id is
 * taken.  Into ID (REGISTRY_ID_MAX bytes).
 */
void registry_new_id(const struct registry *r, mlo_time now,
    const char *hex, char *id);

/*
 * registry_install: copy the files of MODEL_DIR, and META (LEN bytes) as
 * meta.json, into DIR/versions/ID, synced and renamed into place whole.
 */
int registry_install(const struct registry *r, const char *model_dir,
    const char *id, const char *meta, size_t len, struct mlo_error *e);

/* registry_point: make DIR/production point at versions/ID, atomically. */
int registry_point(const struct registry *r, const char *id,
    struct mlo_error *e);

/*
 * registry_restore: undo a registry_point whose ledger record could not
 * be appended: point production back at BEFORE, or, when BEFORE is NULL
 * (a first deployment), remove the link.  So production never names a
 * version the ledger does not record (--rollback replays the ledger).
 * -1 with E.
 */
int registry_restore(const struct registry *r, const char *before,
    struct mlo_error *e);

/* registry_ledger: DIR/ledger.ndjson (caller frees). */
char *registry_ledger(const struct registry *r);

#endif
