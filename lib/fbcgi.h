/*
 * fbcgi: "mlo-feedback cgi", the one-click page of mlo-feedback(1), a
 * CGI/1.1 program (RFC 3875).  GET ?id=ID shows the prediction and a form
 * with three buttons (wrong, right, unsure) carrying a token, the HMAC of
 * the id under the deployment's secret; POST checks the method, the
 * request's type and length, the token, the origin and every field, and
 * only then appends the verdict to the log.
 *
 * Configuration: the file named by MLO_FEEDBACK_CONFIG, lines of
 * "key = value" (log, secret, predictions; '#' starts a comment), then
 * the environment variables MLO_FEEDBACK_LOG, MLO_FEEDBACK_SECRET and
 * MLO_FEEDBACK_PREDICTIONS, which win over the file.
 */
#ifndef MLO_FBCGI_H
#define MLO_FBCGI_H

#include "diag.h"
#include "io.h"
#include "util.h"

/* The largest request body read. */
#define FB_CGI_MAX_BODY 8192
/* The largest configuration file (MLO_FEEDBACK_CONFIG); mlo(7) LIMITS. */
#define FB_CGI_MAX_CONFIG (64 * 1024)
/* The shortest secret accepted, in bytes. */
#define FB_CGI_MIN_SECRET 16

struct fb_cgi_config {
	char *log, *secret, *predictions;
};

/* fb_cgi_config_load: as above; -1 with E ("FILE:LINE: ..."). */
int fb_cgi_config_load(struct fb_cgi_config *c, struct mlo_error *e);
void fb_cgi_config_free(struct fb_cgi_config *c);

/*
 * fb_cgi_token: the token of ID under SECRET into HEX (65 bytes).
 */
void fb_cgi_token(const char *secret, const char *id, size_t idlen,
    char *hex);

/*
 * fb_cgi: answer the request in the environment, its body read from
 * IN_FD, the response written to OUT; STAMP is the time a verdict is
 * given.  What the server's administrator should know (a bad
 * configuration, a log that cannot be written) is put in SERVER_LOG, one
 * line each.  Returns the HTTP status sent, or -1 with E when no request
 * is in the environment (REQUEST_METHOD unset).
 */
int fb_cgi(const char *stamp, int in_fd, struct output *out,
    struct buf *server_log, struct mlo_error *e);

#endif
