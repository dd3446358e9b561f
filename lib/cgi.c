#include <errno.h>
#include <sha2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cgi.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
cgi_decode(const char *s, size_t n, struct buf *out, struct mlo_error *e)
{
	size_t i;

	buf_grow(out, n + 1);
	for (i = 0; i < n; i++) {
		int hi, lo;

		if (s[i] == '+') {
			buf_addc(out, ' ');
			continue;
		}
		if (s[i] != '%') {
			buf_addc(out, s[i]);
			continue;
		}
		hi = i + 1 < n ? hexval((unsigned char)s[i + 1]) : -1;
		lo = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;
		if (hi < 0 || lo < 0)
			return error_set(e, "bad percent-encoding at byte %zu: "
			    "'%%' needs two hex digits", i + 1);
		buf_addc(out, (char)(hi << 4 | lo));
		i += 2;
	}
	buf_add(out, "", 0);
	return 0;
}

static int
name_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > CGI_MAX_NAME)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		    s[i] == '-'))
			return 0;
	return 1;
}

int
cgi_form_parse(const char *s, size_t n, struct cgi_form *f,
    struct mlo_error *e)
{
	struct buf name = {0}, value = {0};
	size_t start = 0, i, k;

	memset(f, 0, sizeof *f);
	if (n == 0)
		return 0;
	while (start <= n) {
		const char *pair = s + start, *eq;
		size_t plen;

		for (i = start; i < n && s[i] != '&'; i++)
			;
		plen = i - start;
		if (plen == 0) {
			error_set(e, "empty field in the form");
			goto fail;
		}
		if ((eq = memchr(pair, '=', plen)) == NULL) {
			error_set(e, "field %zu has no '='", f->n + 1);
			goto fail;
		}
		buf_reset(&name);
		buf_reset(&value);
		if (cgi_decode(pair, (size_t)(eq - pair), &name, e) == -1 ||
		    cgi_decode(eq + 1, plen - (size_t)(eq - pair) - 1,
		    &value, e) == -1)
			goto fail;
		if (!name_ok(name.data, name.len)) {
			error_set(e, "field %zu: a name is 1 to %d letters, "
			    "digits, '_' or '-'", f->n + 1, CGI_MAX_NAME);
			goto fail;
		}
		for (k = 0; k < f->n; k++)
			if (strcmp(f->name[k], name.data) == 0) {
				error_set(e, "field '%s' appears twice",
				    name.data);
				goto fail;
			}
		if (f->n == CGI_MAX_FIELDS) {
			error_set(e, "more than %d fields", CGI_MAX_FIELDS);
			goto fail;
		}
		f->name[f->n] = buf_detach(&name);
		f->len[f->n] = value.len;
		f->value[f->n] = buf_detach(&value);
		f->n++;
		start = i + 1;
	}
	buf_free(&name);
	buf_free(&value);
	return 0;
fail:
	buf_free(&name);
	buf_free(&value);
	cgi_form_free(f);
	return -1;
}

const char *
cgi_form_get(const struct cgi_form *f, const char *name, size_t *len)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->name[i], name) == 0) {
			if (len != NULL)
				*len = f->len[i];
			return f->value[i];
		}
	return NULL;
}

void
cgi_form_free(struct cgi_form *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->name[i]);
		free(f->value[i]);
	}
	memset(f, 0, sizeof *f);
}

int
cgi_content_length(const char *s, size_t max, size_t *n)
{
	size_t v = 0;

	if (s == NULL || *s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v <= max)
			v = v * 10 + (size_t)(*s - '0');
	}
	*n = v > max ? max + 1 : v;
	return 0;
}

int
cgi_media_type(const char *s, const char *type)
{
	size_t n = strlen(type);

	if (s == NULL)
		return 0;
	while (*s == ' ' || *s == '\t')
		s++;
	if (strncasecmp(s, type, n) != 0)
		return 0;
	s += n;
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0' || *s == ';';
}

/* The position of media type TYPE among ACCEPT's ranges, or -1. */
static long
accept_pos(const char *accept, const char *type)
{
	const char *p = accept;
	long pos = 0;

	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char range[128];

		if (len < sizeof range) {
			memcpy(range, p, len);
			range[len] = '\0';
			if (cgi_media_type(range, type))
				return pos;
		}
		pos++;
		if (end == NULL)
			break;
		p = end + 1;
	}
	return -1;
}

int
cgi_wants_json(const char *accept)
{
	long json, html;

	if (accept == NULL)
		return 0;
	json = accept_pos(accept, "application/json");
	html = accept_pos(accept, "text/html");
	return json >= 0 && (html < 0 || json < html);
}

int
cgi_same_origin(const char *origin, const char *host)
{
	const char *p;

	if (origin == NULL)
		return 1;
	if (host == NULL || (p = strstr(origin, "://")) == NULL)
		return 0;
	return strcasecmp(p + 3, host) == 0;
}

void
html_escape(struct buf *b, const char *s, size_t n)
{
	size_t i, plain = 0;

	buf_grow(b, n);
	for (i = 0; i < n; i++) {
		const char *rep;

		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(b, s + plain, i - plain);
		buf_adds(b, rep);
		plain = i + 1;
	}
	buf_add(b, s + plain, n - plain);
}

const char *
cgi_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	}
	return "Unknown";
}

void
cgi_csp_hash(struct buf *b, const char *s, size_t n)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	uint8_t d[SHA256_DIGEST_LENGTH];
	SHA2_CTX ctx;
	size_t i;

	SHA256Init(&ctx);
	SHA256Update(&ctx, (const uint8_t *)s, n);
	SHA256Final(d, &ctx);
	buf_adds(b, "'sha256-");
	for (i = 0; i < sizeof d; i += 3) {
		uint32_t v = (uint32_t)d[i] << 16;

		if (i + 1 < sizeof d)
			v |= (uint32_t)d[i + 1] << 8;
		if (i + 2 < sizeof d)
			v |= d[i + 2];
		buf_addc(b, b64[v >> 18 & 63]);
		buf_addc(b, b64[v >> 12 & 63]);
		buf_addc(b, i + 1 < sizeof d ? b64[v >> 6 & 63] : '=');
		buf_addc(b, i + 2 < sizeof d ? b64[v & 63] : '=');
	}
	buf_addc(b, '\'');
}

int
cgi_read_body(int fd, size_t n, struct buf *b, struct mlo_error *e)
{
	size_t got = 0;

	buf_grow(b, n + 1);
	while (got < n) {
		ssize_t r = read(fd, b->data + b->len, n - got);

		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return error_set(e, "reading the request body: %s",
			    strerror(errno));
		if (r == 0)
			return error_set(e, "the request body ended after "
			    "%zu of %zu bytes", got, n);
		b->len += (size_t)r;
		got += (size_t)r;
	}
	b->data[b->len] = '\0';
	return 0;
}
