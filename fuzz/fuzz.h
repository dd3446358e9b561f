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
/*
 * fz_state: a --state file (lib/statefile) NAME from a harness's input:
 * a state file is sealed with a hash, so random bytes are refused whole.
 * When DATA's first byte is odd, the rest less a seal on its last line
 * ('{"end":...') is sealed here, so that the fuzzer gets past the seal to
 * the records; when even, the rest is taken as it is.  SIZE > 0.  Its path.
 */
const char *fz_state(const char *name, const uint8_t *data, size_t size);
/* fz_copy: copy file FROM to TO. */
void fz_copy(const char *from, const char *to);
/* fz_same: fail unless files A and B hold the same bytes (WHAT says
 * which property). */
void fz_same(const char *a, const char *b, const char *what);
/* fz_fail: report a broken property and abort (a crash for libFuzzer). */
void fz_fail(const char *fmt, ...) __attribute__((noreturn,
    format(printf, 1, 2)));

#endif
