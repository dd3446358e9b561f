/*
 * diag: the one diagnostic path of every program, and the error value that
 * library functions fill instead of printing or exiting.
 *
 * Messages read "PROG: WHERE: WHAT": lower case, no full stop, subjects in
 * quotes, WHERE being file:line:col, file:line, or "<stdin>:record N".
 */
#ifndef MLO_DIAG_H
#define MLO_DIAG_H

#include <stdarg.h>

/* The program's name for messages; set once by main (default "mlo"). */
extern const char *diag_progname;

/* diag: print "PROG: MESSAGE\n" on stderr. */
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vdiag(const char *fmt, va_list ap);

/*
 * A library error: the full message without the program name.  Functions
 * that can fail take a struct mlo_error * and return -1 (or NULL) after
 * filling it with error_set or error_at.
 */
struct mlo_error {
	char msg[1024];
};

/* error_set: fill E with the formatted message; returns -1. */
int error_set(struct mlo_error *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * error_at: fill E with "FILE:LINE:COL: MESSAGE"; LINE and COL are left out
 * when 0, FILE when NULL.  Returns -1.
 */
int error_at(struct mlo_error *e, const char *file, long line, long col,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
int verror_at(struct mlo_error *e, const char *file, long line, long col,
    const char *fmt, va_list ap);

/* error_prefix: put "WHERE: " in front of an existing message. */
void error_prefix(struct mlo_error *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* diag_error: print E through diag. */
void diag_error(const struct mlo_error *e);

/* display_name: "<stdin>" for NULL or "-", else PATH. */
const char *display_name(const char *path);

#endif
