/*
 * specload: what the parts of spec_load (spec.c, specvib.c) share; not an
 * interface for other modules.
 */
#ifndef MLO_SPECLOAD_H
#define MLO_SPECLOAD_H

#include <stdint.h>

#include "diag.h"
#include "spec.h"
#include "util.h"
#include "yamlcfg.h"

struct spec_pos spec_pos_of(const struct ynode *n);
/* A scalar that names something: not null, not empty, no collection. */
int spec_load_name(const struct ydoc *d, const struct ynode *n,
    const char *what, char **out, struct mlo_error *e);
/* A whole number of rows in [1, ROLL_MAX_COUNT]. */
int spec_load_count(const struct ydoc *d, const struct ynode *n,
    const char *what, int64_t *out, struct mlo_error *e);
/* " KEY=V" with V printed shortest, for the canonical form. */
void spec_canon_num(struct buf *b, const char *key, double v);

/* specvib.c: a `spectrum:` column (window, bands, envelope, bearing). */
int spec_load_spectrum(struct feature *f, const struct ydoc *d,
    const struct ynode *n, struct mlo_error *e);
/* Its line of the canonical form. */
void spec_canon_spectrum(struct buf *b, const struct feature *f);

#endif
