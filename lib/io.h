/*
 * io: opening inputs (files, stdin, gzip detected by its magic bytes),
 * reading them line by line, and the two ways of writing a file that must
 * survive a crash: atomic replace and locked append (DESIGN section 3).
 */
#ifndef MLO_IO_H
#define MLO_IO_H

#include <stddef.h>
#include <sys/types.h>

#include "diag.h"

/* The longest line (or CSV record) a reader accepts by default. */
#define IO_MAX_LINE (1024 * 1024)

struct input;

/*
 * input_open: PATH, or stdin for NULL or "-".  gzip (also concatenated
 * members) is recognised by its magic bytes whatever the name.  Returns
 * NULL with E filled ("PATH: No such file or directory").
 */
struct input *input_open(const char *path, struct mlo_error *e);

/*
 * input_getline: the next line, with its '\n' when it has one, in *LINE
 * (owned by the input, valid until the next call) and its length in *LEN.
 * Returns 1 for a line, 0 at end of input, -1 with E filled on a read error,
 * a truncated gzip stream, or a line longer than MAX bytes.
 */
int input_getline(struct input *in, const char **line, size_t *len, size_t max,
    struct mlo_error *e);

/* input_lineno: the number of the line last returned (1-based). */
long input_lineno(const struct input *in);

/* input_name: the name for messages ("<stdin>" for stdin). */
const char *input_name(const struct input *in);

/* input_peek: the first non-blank byte ahead without consuming it, or -1 at
 * end of input; -1 with E filled on error (check e->msg[0]). */
int input_peek(struct input *in, struct mlo_error *e);

void input_close(struct input *in);

/*
 * output: a buffered writer.  output_stdout() writes to stdout; output_open
 * writes PATH by atomic replace (a temporary file beside it, renamed over it
 * by output_close), gzip-compressed when PATH ends in ".gz".  Writes never
 * fail on the spot: the first error is kept and reported by output_flush or
 * output_close.  EPIPE on a pipe ends the program by SIGPIPE, as a filter
 * should.
 */
struct output;

struct output *output_stdout(void);
struct output *output_open(const char *path, struct mlo_error *e);
/*
 * output_append: a writer that adds to the end of PATH (created 0666 under
 * the umask) holding an exclusive flock until output_close, which fsyncs.
 * A torn last line left by a crashed writer is ended first.  *WAS_EMPTY
 * tells whether PATH had no bytes (so a header is due).  When
 * output_close fails (a write, fsync or close error), PATH is cut back to
 * its length before, as append_record does.
 */
struct output *output_append(const char *path, int *was_empty,
    struct mlo_error *e);
/* output_fd: wrap an open descriptor (not closed by output_close). */
struct output *output_fd(int fd, const char *name);

void output_write(struct output *o, const void *p, size_t n);
void output_puts(struct output *o, const char *s);
void output_putc(struct output *o, int c);
void output_printf(struct output *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* output_flush: write out the buffer; -1 with E on a write error. */
int output_flush(struct output *o, struct mlo_error *e);

/*
 * output_close: flush, and for output_open commit the file (fsync, mode,
 * rename over PATH, fsync the directory); -1 with E on any error, in which
 * case PATH is left as it was.  Frees O.
 */
int output_close(struct output *o, struct mlo_error *e);

/* output_abort: drop O; for output_open, remove the temporary file. */
void output_abort(struct output *o);

/* output_name: the name for messages. */
const char *output_name(const struct output *o);

/*
 * atomic_write: replace PATH with the N bytes at P as output_open and
 * output_close would.  -1 with E on error, PATH untouched.
 */
int atomic_write(const char *path, const void *p, size_t n,
    struct mlo_error *e);

/*
 * append_record: append the N bytes at REC (one or more whole lines ending
 * in '\n') to PATH, created 0666 under the umask: open O_APPEND, take an
 * exclusive flock, add a newline first if a crashed writer left a torn last
 * line, write everything in one write(2), fsync, unlock.  -1 with E, and
 * then PATH is cut back to its length before (a failed write or fsync
 * leaves no part of REC), so that a retry does not double it.
 */
int append_record(const char *path, const void *rec, size_t n,
    struct mlo_error *e);

/*
 * read_file: the whole of PATH (gzip or not), at most MAX bytes, in *OUT
 * (NUL-terminated, caller frees) and *LEN.  -1 with E.
 */
int read_file(const char *path, size_t max, char **out, size_t *len,
    struct mlo_error *e);

/* write_all: write(2) until all N bytes are out or an error; 0 or -1/errno. */
int write_all(int fd, const void *p, size_t n);

#endif
