/*
 * util: allocation that never returns NULL, and a growable byte buffer.
 *
 * The x-allocators print "PROG: out of memory" and exit(2) when the system
 * refuses: the only place library code may exit.  Everything else returns
 * errors through struct mlo_error (diag.h).
 */
#ifndef MLO_UTIL_H
#define MLO_UTIL_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* xreallocarray: realloc of nmemb * size with an overflow check. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/*
 * A growable buffer of bytes, always NUL-terminated after len bytes once
 * anything was added (data may also hold NULs).  Zero-initialise to start;
 * buf_free releases.  Owned by whoever declared it.
 */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_addc(struct buf *b, char c);
void buf_adds(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);
void buf_free(struct buf *b);
/* buf_detach: hand the data (NUL-terminated, never NULL) to the caller. */
char *buf_detach(struct buf *b);

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
/* STR(N): the text of N after expansion, for limits named in messages. */
#define STR_(x) #x
#define STR(x) STR_(x)

#endif
