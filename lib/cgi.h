/*
 * cgi: the parts of a CGI/1.1 program (RFC 3875) that do not depend on
 * what it serves: strict decoding of a query string or an
 * application/x-www-form-urlencoded body, the request's length, the
 * Accept and Origin headers, HTML escaping, and the response's status
 * line.  Nothing here reads the environment or prints: the caller hands
 * in the values, so that every function can be tested alone.
 */
#ifndef MLO_CGI_H
#define MLO_CGI_H

#include <stddef.h>

#include "diag.h"
#include "util.h"

/* The most fields a form or query may have, and the longest name. */
#define CGI_MAX_FIELDS 16
#define CGI_MAX_NAME 32

struct cgi_form {
	size_t n;
	char *name[CGI_MAX_FIELDS];	/* decoded, NUL-terminated */
	char *value[CGI_MAX_FIELDS];	/* decoded; may hold NUL bytes */
	size_t len[CGI_MAX_FIELDS];	/* of value */
};

/*
 * cgi_decode: S[0..n) percent-decoded into OUT (appended, NUL-terminated
 * after): "+" is a blank, "%XX" (two hex digits, either case) a byte.
 * Refused with E: a "%" without two hex digits after it.  The bytes
 * decoded are not judged here (NUL, CR, invalid UTF-8): the fields' own
 * checks do that.
 */
int cgi_decode(const char *s, size_t n, struct buf *out, struct mlo_error *e);

/*
 * cgi_form_parse: "a=1&b=2" into F (zeroed first; free with
 * cgi_form_free).  Strict, as a browser writes forms: every field is
 * NAME=VALUE, names are 1 to CGI_MAX_NAME bytes of [A-Za-z0-9_-] after
 * decoding, none twice, at most CGI_MAX_FIELDS of them; an empty string is
 * a form without fields.  -1 with E saying what is wrong.
 */
int cgi_form_parse(const char *s, size_t n, struct cgi_form *f,
    struct mlo_error *e);
/* cgi_form_get: the value of NAME and its length in *LEN, or NULL. */
const char *cgi_form_get(const struct cgi_form *f, const char *name,
    size_t *len);
void cgi_form_free(struct cgi_form *f);

/*
 * cgi_content_length: CONTENT_LENGTH as RFC 3875 writes it (decimal
 * digits, nothing else).  Returns 0 with *N set, -1 when it is not a
 * length; a value past MAX sets *N to MAX + 1 (too large, whatever it is).
 */
int cgi_content_length(const char *s, size_t max, size_t *n);

/*
 * cgi_media_type: whether CONTENT_TYPE S names the media type TYPE
 * (case-insensitive, parameters such as "; charset=UTF-8" allowed).
 */
int cgi_media_type(const char *s, const char *type);

/*
 * cgi_wants_json: whether an Accept header (HTTP_ACCEPT, or NULL) asks for
 * application/json before text/html: a JSON client says so, a browser
 * does not.
 */
int cgi_wants_json(const char *accept);

/*
 * cgi_same_origin: whether ORIGIN (HTTP_ORIGIN, "scheme://host[:port]")
 * names HOST (HTTP_HOST).  A missing Origin (NULL) is allowed: older
 * clients do not send one, and the token still guards the form.
 */
int cgi_same_origin(const char *origin, const char *host);

/* html_escape: S[0..n) with & < > " ' escaped, appended to B. */
void html_escape(struct buf *b, const char *s, size_t n);

/* cgi_reason: the reason phrase of an HTTP status ("Not Found"). */
const char *cgi_reason(int status);

/*
 * cgi_csp_hash: "'sha256-BASE64'" for the inline text S[0..n), as a
 * Content-Security-Policy source naming exactly that text, into B.
 */
void cgi_csp_hash(struct buf *b, const char *s, size_t n);

/*
 * cgi_read_body: exactly N bytes from descriptor FD into B; -1 with E when
 * the input ends first or cannot be read.
 */
int cgi_read_body(int fd, size_t n, struct buf *b, struct mlo_error *e);

#endif
