#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgi.h"
#include "fbcgi.h"
#include "feedback.h"
#include "hmac.h"
#include "io.h"
#include "writer.h"

/* The page's only style; the Content-Security-Policy names its hash. */
static const char style[] =
    "body{font:1.1em sans-serif;margin:1em auto;max-width:40em;"
    "padding:0 1em}"
    "table{border-collapse:collapse}td,th{border:1px solid #999;"
    "padding:.2em .5em;text-align:left}"
    "button{font-size:1.3em;padding:.6em 1.4em;margin:.3em}"
    "textarea{width:100%}";

/* A response being built: status, body, and how to write it. */
struct resp {
	int status;
	int json;
	struct buf body;
	const char *allow;	/* 405: the methods allowed */
};

static void
config_set(char **slot, const char *v, size_t n)
{
	free(*slot);
	*slot = xstrndup(v, n);
}

static int
config_file(struct fb_cgi_config *c, const char *path, struct mlo_error *e)
{
	char *text, *line, *next;
	size_t len;
	long lineno = 0;

	if (read_file(path, FB_CGI_MAX_CONFIG, &text, &len, e) == -1)
		return -1;
	/* The lines are read as C strings: a NUL would end one early and
	 * hide the rest of the file. */
	if ((line = memchr(text, '\0', len)) != NULL) {
		for (next = text; next < line; next++)
			lineno += *next == '\n';
		error_set(e, "%s:%ld: a NUL byte", path, lineno + 1);
		free(text);
		return -1;
	}
	for (line = text; line != NULL && *line; line = next) {
		char *eq, *k, *v, *end;

		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		for (k = line; *k == ' ' || *k == '\t'; k++)
			;
		if (*k == '#' || *k == '\0' || *k == '\r')
			continue;
		if ((eq = strchr(k, '=')) == NULL) {
			error_set(e, "%s:%ld: a line is 'key = value'", path,
			    lineno);
			free(text);
			return -1;
		}
		for (end = eq; end > k && (end[-1] == ' ' || end[-1] == '\t');
		    end--)
			;
		*end = '\0';
		for (v = eq + 1; *v == ' ' || *v == '\t'; v++)
			;
		for (end = v + strlen(v); end > v && (end[-1] == ' ' ||
		    end[-1] == '\t' || end[-1] == '\r'); end--)
			;
		if (strcmp(k, "log") == 0)
			config_set(&c->log, v, (size_t)(end - v));
		else if (strcmp(k, "secret") == 0)
			config_set(&c->secret, v, (size_t)(end - v));
		else if (strcmp(k, "predictions") == 0)
			config_set(&c->predictions, v, (size_t)(end - v));
		else {
			error_set(e, "%s:%ld: unknown key '%.40s' (log, secret, "
			    "predictions)", path, lineno, k);
			free(text);
			return -1;
		}
	}
	free(text);
	return 0;
}

int
fb_cgi_config_load(struct fb_cgi_config *c, struct mlo_error *e)
{
	const char *path = getenv("MLO_FEEDBACK_CONFIG"), *v;

	memset(c, 0, sizeof *c);
	if (path != NULL && *path != '\0' && config_file(c, path, e) == -1)
		return -1;
	if ((v = getenv("MLO_FEEDBACK_LOG")) != NULL && *v)
		config_set(&c->log, v, strlen(v));
	if ((v = getenv("MLO_FEEDBACK_SECRET")) != NULL && *v)
		config_set(&c->secret, v, strlen(v));
	if ((v = getenv("MLO_FEEDBACK_PREDICTIONS")) != NULL && *v)
		config_set(&c->predictions, v, strlen(v));
	if (c->log == NULL || *c->log == '\0')
		return error_set(e, "no log: set MLO_FEEDBACK_LOG, or 'log' in "
		    "the file MLO_FEEDBACK_CONFIG names");
	if (c->secret == NULL || strlen(c->secret) < FB_CGI_MIN_SECRET)
		return error_set(e, "no secret of at least %d bytes: set "
		    "MLO_FEEDBACK_SECRET, or 'secret' in the file "
		    "MLO_FEEDBACK_CONFIG names", FB_CGI_MIN_SECRET);
	if (c->predictions != NULL && *c->predictions == '\0') {
		free(c->predictions);
		c->predictions = NULL;
	}
	return 0;
}

void
fb_cgi_config_free(struct fb_cgi_config *c)
{
	free(c->log);
	if (c->secret != NULL)
		memset(c->secret, 0, strlen(c->secret));
	free(c->secret);
	free(c->predictions);
	memset(c, 0, sizeof *c);
}

void
fb_cgi_token(const char *secret, const char *id, size_t idlen, char *hex)
{
	struct buf msg = {0};

	/* Domain-separated, so the secret signs nothing else by accident. */
	buf_adds(&msg, "mlo-feedback-token:1:");
	buf_add(&msg, id, idlen);
	hmac_sha256_hex(secret, strlen(secret), msg.data, msg.len, hex);
	buf_free(&msg);
}

/* Pages. */

static void
page_begin(struct buf *b, const char *title)
{
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>");
	html_escape(b, title, strlen(title));
	buf_adds(b, "</title>\n<style>");
	buf_adds(b, style);
	buf_adds(b, "</style>\n</head>\n<body>\n");
}

static void
page_end(struct buf *b)
{
	buf_adds(b, "</body>\n</html>\n");
}

/* fail: an error response with MESSAGE, as a page or JSON. */
static int
fail(struct resp *r, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
fail(struct resp *r, int status, const char *fmt, ...)
{
	struct mlo_error msg;
	va_list ap;
	char title[64];

	va_start(ap, fmt);
	verror_at(&msg, NULL, 0, 0, fmt, ap);
	va_end(ap);
	r->status = status;
	buf_reset(&r->body);
	if (r->json) {
		buf_printf(&r->body, "{\"status\":%d,\"error\":", status);
		json_quote(&r->body, msg.msg, strlen(msg.msg));
		buf_adds(&r->body, "}\n");
		return status;
	}
	snprintf(title, sizeof title, "%d %s", status, cgi_reason(status));
	page_begin(&r->body, title);
	buf_adds(&r->body, "<h1>");
	html_escape(&r->body, title, strlen(title));
	buf_adds(&r->body, "</h1>\n<p>");
	html_escape(&r->body, msg.msg, strlen(msg.msg));
	buf_adds(&r->body, "</p>\n");
	page_end(&r->body);
	return status;
}

static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : NULL;
}

static void
json_kv(struct buf *b, const char *k, const char *v, size_t n)
{
	buf_addc(b, ',');
	json_quote(b, k, strlen(k));
	buf_addc(b, ':');
	json_quote(b, v, n);
}

/* show: the page of prediction ID with its form. */
static int
show(struct resp *r, const struct fb_cgi_config *c, const char *id,
    struct buf *server_log)
{
	struct mlo_error e;
	const char *user = env("REMOTE_USER"), *script = env("SCRIPT_NAME");
	char token[HMAC_SHA256_HEXLEN];
	char **kv = NULL;
	size_t nkv = 0, i;
	struct buf *b = &r->body;
	int found = 0;

	if (c->predictions != NULL &&
	    (found = fb_prediction_find(c->predictions, id, &kv, &nkv, &e))
	    == -1) {
		buf_printf(server_log, "%s\n", e.msg);
		return fail(r, 500, "the predictions file cannot be read; "
		    "the server's error log says why");
	}
	if (c->predictions != NULL && !found)
		return fail(r, 404, "prediction '%s' is not in the "
		    "predictions file", id);
	fb_cgi_token(c->secret, id, strlen(id), token);
	r->status = 200;
	if (r->json) {
		buf_adds(b, "{\"status\":200");
		json_kv(b, "prediction_id", id, strlen(id));
		json_kv(b, "token", token, strlen(token));
		buf_adds(b, ",\"prediction\":");
		if (!found)
			buf_adds(b, "null");
		for (i = 0; i < nkv; i++) {
			buf_adds(b, i ? "," : "{");
			json_quote(b, kv[2 * i], strlen(kv[2 * i]));
			buf_addc(b, ':');
			json_quote(b, kv[2 * i + 1], strlen(kv[2 * i + 1]));
		}
		if (found)
			buf_addc(b, '}');
		buf_adds(b, "}\n");
		fb_kv_free(kv, nkv);
		return 200;
	}
	page_begin(b, "Prediction");
	buf_adds(b, "<h1>Prediction <code>");
	html_escape(b, id, strlen(id));
	buf_adds(b, "</code></h1>\n");
	if (found) {
		buf_adds(b, "<table>\n");
		for (i = 0; i < nkv; i++) {
			buf_adds(b, "<tr><th>");
			html_escape(b, kv[2 * i], strlen(kv[2 * i]));
			buf_adds(b, "</th><td>");
			html_escape(b, kv[2 * i + 1], strlen(kv[2 * i + 1]));
			buf_adds(b, "</td></tr>\n");
		}
		buf_adds(b, "</table>\n");
	}
	fb_kv_free(kv, nkv);
	buf_adds(b, "<p>Was this prediction right?</p>\n"
	    "<form method=\"post\" action=\"");
	if (script != NULL)
		html_escape(b, script, strlen(script));
	buf_adds(b, "\">\n<input type=\"hidden\" name=\"id\" value=\"");
	html_escape(b, id, strlen(id));
	buf_adds(b, "\">\n<input type=\"hidden\" name=\"token\" value=\"");
	buf_adds(b, token);
	buf_adds(b, "\">\n");
	if (user == NULL)
		buf_printf(b, "<p><label>Technician <input name=\"technician\" "
		    "required maxlength=\"%d\" pattern=\"[A-Za-z0-9._:@\\-]+\" "
		    "autocomplete=\"username\"></label></p>\n", FB_ID_MAX);
	else {
		buf_adds(b, "<p>Technician: ");
		html_escape(b, user, strlen(user));
		buf_adds(b, "</p>\n");
	}
	buf_printf(b, "<p><label>Note (optional)<br><textarea name=\"note\" "
	    "maxlength=\"%d\" rows=\"3\"></textarea></label></p>\n"
	    "<p><button type=\"submit\" name=\"verdict\" value=\"wrong\" "
	    "id=\"wrong\">wrong</button>\n"
	    "<button type=\"submit\" name=\"verdict\" value=\"right\" "
	    "id=\"right\">right</button>\n"
	    "<button type=\"submit\" name=\"verdict\" value=\"unsure\" "
	    "id=\"unsure\">unsure</button></p>\n</form>\n", FB_NOTE_MAX);
	page_end(b);
	return 200;
}

static int
get(struct resp *r, const struct fb_cgi_config *c, struct buf *server_log)
{
	const char *q = getenv("QUERY_STRING"), *id;
	struct cgi_form f;
	struct mlo_error e;
	size_t len, i;
	int st;

	if (q == NULL)
		q = "";
	if (cgi_form_parse(q, strlen(q), &f, &e) == -1)
		return fail(r, 400, "bad query string: %s", e.msg);
	for (i = 0; i < f.n; i++)
		if (strcmp(f.name[i], "id") != 0) {
			st = fail(r, 400, "unknown parameter '%s': the page "
			    "takes ?id=PREDICTION_ID", f.name[i]);
			cgi_form_free(&f);
			return st;
		}
	if ((id = cgi_form_get(&f, "id", &len)) == NULL) {
		cgi_form_free(&f);
		return fail(r, 400, "the page needs ?id=PREDICTION_ID");
	}
	if (fb_id_check("the prediction id", id, len, &e) == -1) {
		cgi_form_free(&f);
		return fail(r, 400, "%s", e.msg);
	}
	st = show(r, c, id, server_log);
	cgi_form_free(&f);
	return st;
}

/* A form field that may be absent: NULL, or its value. */
static const char *
field(const struct cgi_form *f, const char *name, size_t *len)
{
	const char *v = cgi_form_get(f, name, len);

	return v != NULL && *len > 0 ? v : NULL;
}

static int
post_form(struct resp *r, const struct fb_cgi_config *c, const char *stamp,
    const struct cgi_form *f, struct buf *server_log)
{
	static const char *const known[] = { "id", "token", "verdict",
	    "technician", "note", "asset", "model_version", NULL };
	char token[HMAC_SHA256_HEXLEN];
	const char *id, *tok, *verdict, *user = env("REMOTE_USER");
	struct fb_entry en = {0};
	struct mlo_error e;
	size_t idlen, toklen, vlen, i, k;
	char **kv = NULL;
	size_t nkv = 0;
	int found, st;

	for (i = 0; i < f->n; i++) {
		for (k = 0; known[k] != NULL; k++)
			if (strcmp(f->name[i], known[k]) == 0)
				break;
		if (known[k] == NULL)
			return fail(r, 400, "unknown field '%s'", f->name[i]);
	}
	if ((id = cgi_form_get(f, "id", &idlen)) == NULL)
		return fail(r, 400, "the form has no prediction id");
	if ((tok = cgi_form_get(f, "token", &toklen)) == NULL)
		return fail(r, 403, "the form has no token: reload the "
		    "prediction's page");
	fb_cgi_token(c->secret, id, idlen, token);
	if (toklen != 64 || !hmac_equal(tok, token, 64))
		return fail(r, 403, "the token does not match this prediction:"
		    " reload the prediction's page");
	en.time = stamp;
	en.source = "web";
	en.prediction_id = id;
	en.prediction_len = idlen;
	if (fb_id_check("the prediction id", id, idlen, &e) == -1)
		return fail(r, 400, "%s", e.msg);
	if ((verdict = cgi_form_get(f, "verdict", &vlen)) == NULL)
		return fail(r, 400, "the form has no verdict");
	if (fb_verdict_parse(verdict, vlen, &en.verdict, &e) == -1)
		return fail(r, 400, "%s", e.msg);
	if (user != NULL) {
		en.technician = user;
		en.technician_len = strlen(user);
	} else if ((en.technician = field(f, "technician",
	    &en.technician_len)) == NULL)
		return fail(r, 400, "the technician is missing: fill in the "
		    "technician field");
	en.note = field(f, "note", &en.note_len);
	if (c->predictions != NULL) {
		/* The predictions file, not the form, says what it was. */
		if ((found = fb_prediction_find(c->predictions, id, &kv, &nkv,
		    &e)) == -1) {
			buf_printf(server_log, "%s\n", e.msg);
			return fail(r, 500, "the predictions file cannot be "
			    "read; the server's error log says why");
		}
		if (!found)
			return fail(r, 404, "prediction '%s' is not in the "
			    "predictions file", id);
		for (i = 0; i < nkv; i++) {
			const char *name = kv[2 * i], *v = kv[2 * i + 1];

			if (en.asset == NULL && (strcmp(name, "asset") == 0 ||
			    strcmp(name, "asset_id") == 0)) {
				en.asset = v;
				en.asset_len = strlen(v);
			} else if (strcmp(name, "model_version") == 0) {
				en.model_version = v;
				en.model_len = strlen(v);
			}
		}
	} else {
		en.asset = field(f, "asset", &en.asset_len);
		en.model_version = field(f, "model_version", &en.model_len);
	}
	if (fb_entry_check(&en, &e) == -1) {
		fb_kv_free(kv, nkv);
		return fail(r, 400, "%s", e.msg);
	}
	if (fb_append(c->log, &en, &e) == -1) {
		buf_printf(server_log, "%s\n", e.msg);
		fb_kv_free(kv, nkv);
		return fail(r, 500, "the verdict could not be saved; the "
		    "server's error log says why");
	}
	r->status = st = 200;
	if (r->json) {
		buf_adds(&r->body, "{\"status\":200,\"saved\":true");
		json_kv(&r->body, "prediction_id", id, idlen);
		json_kv(&r->body, "verdict", fb_verdict_name(en.verdict),
		    strlen(fb_verdict_name(en.verdict)));
		json_kv(&r->body, "technician", en.technician,
		    en.technician_len);
		buf_adds(&r->body, "}\n");
	} else {
		const char *script = env("SCRIPT_NAME");
		struct buf *b = &r->body;

		page_begin(b, "Saved");
		buf_adds(b, "<h1>Saved</h1>\n<p id=\"saved\">");
		html_escape(b, fb_verdict_name(en.verdict),
		    strlen(fb_verdict_name(en.verdict)));
		buf_adds(b, " for prediction <code>");
		html_escape(b, id, idlen);
		buf_adds(b, "</code> by ");
		html_escape(b, en.technician, en.technician_len);
		buf_adds(b, ". Thank you.</p>\n<p><a href=\"");
		if (script != NULL)
			html_escape(b, script, strlen(script));
		buf_adds(b, "?id=");
		html_escape(b, id, idlen);	/* ids need no %-encoding */
		buf_adds(b, "\">Back to the prediction</a></p>\n");
		page_end(b);
	}
	fb_kv_free(kv, nkv);
	return st;
}

static int
post(struct resp *r, const struct fb_cgi_config *c, const char *stamp,
    int in_fd, struct buf *server_log)
{
	const char *site = env("HTTP_SEC_FETCH_SITE");
	struct buf body = {0};
	struct cgi_form f;
	struct mlo_error e;
	size_t len;
	int st;

	if (!cgi_media_type(env("CONTENT_TYPE"),
	    "application/x-www-form-urlencoded"))
		return fail(r, 415, "a verdict is posted as "
		    "application/x-www-form-urlencoded");
	if (env("CONTENT_LENGTH") == NULL)
		return fail(r, 411, "the request has no Content-Length");
	if (cgi_content_length(env("CONTENT_LENGTH"), FB_CGI_MAX_BODY,
	    &len) == -1)
		return fail(r, 400, "Content-Length is not a number");
	if (len > FB_CGI_MAX_BODY)
		return fail(r, 413, "the request is larger than %d bytes",
		    FB_CGI_MAX_BODY);
	if (!cgi_same_origin(env("HTTP_ORIGIN"), env("HTTP_HOST")) ||
	    (site != NULL && strcmp(site, "same-origin") != 0 &&
	    strcmp(site, "none") != 0))
		return fail(r, 403, "a verdict is only taken from this "
		    "server's own page");
	if (cgi_read_body(in_fd, len, &body, &e) == -1) {
		buf_free(&body);
		return fail(r, 400, "%s", e.msg);
	}
	if (cgi_form_parse(body.data ? body.data : "", len, &f, &e) == -1) {
		buf_free(&body);
		return fail(r, 400, "bad form: %s", e.msg);
	}
	buf_free(&body);
	st = post_form(r, c, stamp, &f, server_log);
	cgi_form_free(&f);
	return st;
}

static void
respond(const struct resp *r, int head, struct output *out)
{
	struct buf csp = {0};

	buf_adds(&csp, "default-src 'none'; style-src ");
	cgi_csp_hash(&csp, style, strlen(style));
	buf_adds(&csp, "; form-action 'self'; frame-ancestors 'none'; "
	    "base-uri 'none'");
	output_printf(out, "Status: %d %s\r\n", r->status,
	    cgi_reason(r->status));
	output_printf(out, "Content-Type: %s\r\n", r->json ?
	    "application/json" : "text/html; charset=utf-8");
	output_printf(out, "Content-Length: %zu\r\n", r->body.len);
	if (r->allow != NULL)
		output_printf(out, "Allow: %s\r\n", r->allow);
	output_printf(out, "Content-Security-Policy: %s\r\n", csp.data);
	/*
	 * Referrer-Policy same-origin, not no-referrer: under no-referrer
	 * Chromium posts the form with "Origin: null", which the origin
	 * check must refuse.
	 */
	output_puts(out, "X-Content-Type-Options: nosniff\r\n"
	    "X-Frame-Options: DENY\r\n"
	    "Referrer-Policy: same-origin\r\n"
	    "Cache-Control: no-store\r\n\r\n");
	if (!head)
		output_write(out, r->body.data, r->body.len);
	buf_free(&csp);
}

int
fb_cgi(const char *stamp, int in_fd, struct output *out,
    struct buf *server_log, struct mlo_error *e)
{
	const char *method = getenv("REQUEST_METHOD");
	struct fb_cgi_config c;
	struct mlo_error ce;
	struct resp r = {0};
	int head = 0;

	if (method == NULL)
		return error_set(e, "no request: REQUEST_METHOD is not set "
		    "(the cgi command is run by a web server)");
	r.json = cgi_wants_json(getenv("HTTP_ACCEPT"));
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
	    strcmp(method, "POST") != 0) {
		r.allow = "GET, HEAD, POST";
		fail(&r, 405, "method '%.16s' is not allowed", method);
	} else if (fb_cgi_config_load(&c, &ce) == -1) {
		buf_printf(server_log, "%s\n", ce.msg);
		fb_cgi_config_free(&c);
		fail(&r, 500, "the feedback service is not configured; the "
		    "server's error log says why");
	} else {
		head = strcmp(method, "HEAD") == 0;
		if (strcmp(method, "POST") == 0)
			post(&r, &c, stamp, in_fd, server_log);
		else
			get(&r, &c, server_log);
		fb_cgi_config_free(&c);
	}
	respond(&r, head, out);
	buf_free(&r.body);
	return r.status;
}
