/*
 * infer: a draft data contract from sample data (mlo-validate --infer).
 */
#ifndef MLO_INFER_H
#define MLO_INFER_H

#include "diag.h"
#include "io.h"
#include "record.h"

/*
 * infer_contract: read the sample at PATH (NULL: stdin) with the reader
 * options RO and write a draft contract (YAML, with comments saying what
 * was observed) to OUT.  -1 with E when the sample cannot be read.
 */
int infer_contract(const char *path, const struct reader_opts *ro,
    struct output *out, struct mlo_error *e);

#endif
