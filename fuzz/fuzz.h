/*
 * fuzz.h: what every libFuzzer harness in fuzz/ shares.  The loaders of
 * lib/ read files by name, so a harness writes its input to a file in a
 * private directory (under TMPDIR, made on first use) and hands over the
 * name.  Nothing here is part of libmlo.
 */
#ifndef MLO_FUZZ_H
#define MLO_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* fz_path: NAME inside the harness's private directory. */
const char *fz_path(const char *name);
/* fz_file: write DATA[0..size) to NAME in that directory; its path. */
const char *fz_file(const char *name, const void *data, size_t size);
/* fz_fail: report a broken property and abort (a crash for libFuzzer). */
void fz_fail(const char *fmt, ...) __attribute__((noreturn,
    format(printf, 1, 2)));

#endif
