/*
 * Unit tests of lib/cgi: strict percent-decoding, form parsing and its
 * limits, CONTENT_LENGTH, media types, Accept, Origin, HTML escaping, the
 * CSP hash, and reading exactly CONTENT_LENGTH bytes of a body.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgi.h"
#include "tap.h"

static int
decodes(const char *in, const char *want, size_t wantlen)
{
	struct buf b = {0};
	struct mlo_error e;
	int r = cgi_decode(in, strlen(in), &b, &e) == 0 && b.len == wantlen &&
	    memcmp(b.data, want, wantlen) == 0;

	buf_free(&b);
	return r;
}

static int
refuses(const char *in, const char *msg)
{
	struct buf b = {0};
	struct mlo_error e;
	int r = cgi_decode(in, strlen(in), &b, &e) == -1 &&
	    strstr(e.msg, msg) != NULL;

	buf_free(&b);
	return r;
}

static const char *
form_error(const char *in)
{
	static struct mlo_error e;
	struct cgi_form f;

	if (cgi_form_parse(in, strlen(in), &f, &e) == 0) {
		cgi_form_free(&f);
		return NULL;
	}
	return e.msg;
}

int
main(void)
{
	struct cgi_form f;
	struct mlo_error e;
	struct buf b = {0};
	const char *v;
	size_t len, n;
	int fds[2];

	ok(decodes("abc", "abc", 3), "plain text is itself");
	ok(decodes("a+b", "a b", 3), "'+' is a blank");
	ok(decodes("%41%62%2b", "Ab+", 3), "%%XX in either case");
	ok(decodes("%00", "\0", 1), "%%00 decodes to a NUL byte (refused later)");
	ok(decodes("%0D%0A", "\r\n", 2), "CR LF decode");
	ok(decodes("", "", 0), "the empty string");
	ok(refuses("%", "needs two hex digits"), "a lone '%%' is refused");
	ok(refuses("a%4", "byte 2"), "'%%' with one digit at the end is refused");
	ok(refuses("%zz", "needs two hex digits"), "'%%zz' is refused");
	ok(refuses("%-1", "needs two hex digits"), "'%%-1' is refused");
	ok(refuses("%%41", "byte 1"), "'%%%%41' is refused");

	ok(cgi_form_parse("id=a&verdict=wrong", 18, &f, &e) == 0 && f.n == 2,
	    "a form of two fields");
	v = cgi_form_get(&f, "verdict", &len);
	ok(v != NULL && len == 5 && strcmp(v, "wrong") == 0,
	    "cgi_form_get finds a field");
	ok(cgi_form_get(&f, "note", &len) == NULL, "an absent field is NULL");
	cgi_form_free(&f);
	ok(cgi_form_parse("note=", 5, &f, &e) == 0 && f.n == 1 && f.len[0] == 0,
	    "an empty value");
	cgi_form_free(&f);
	ok(cgi_form_parse("", 0, &f, &e) == 0 && f.n == 0,
	    "an empty body has no fields");
	ok(cgi_form_parse("n=a%00b", 7, &f, &e) == 0 && f.len[0] == 3,
	    "a NUL in a value keeps the value's length");
	cgi_form_free(&f);
	is_str(form_error("a=1&a=2"), "field 'a' appears twice",
	    "a field twice is refused");
	is_str(form_error("a=1&&b=2"), "empty field in the form",
	    "an empty field is refused");
	is_str(form_error("a=1&"), "empty field in the form",
	    "a trailing '&' is refused");
	is_str(form_error("a"), "field 1 has no '='", "a field without '='");
	is_str(form_error("=1"),
	    "field 1: a name is 1 to 32 letters, digits, '_' or '-'",
	    "an empty name");
	is_str(form_error("a%3Cb=1"),
	    "field 1: a name is 1 to 32 letters, digits, '_' or '-'",
	    "a name with '<'");
	is_str(form_error("a=%G0"),
	    "bad percent-encoding at byte 1: '%' needs two hex digits",
	    "bad percent-encoding in a value");
	is_str(form_error("a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=0&k=1&l=2&"
	    "m=3&n=4&o=5&p=6&q=7"), "more than 16 fields",
	    "more than CGI_MAX_FIELDS fields");
	is_str(form_error("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=1"),
	    "field 1: a name is 1 to 32 letters, digits, '_' or '-'",
	    "a name of 33 bytes");

	ok(cgi_content_length("42", 8192, &n) == 0 && n == 42,
	    "CONTENT_LENGTH 42");
	ok(cgi_content_length("0", 8192, &n) == 0 && n == 0,
	    "CONTENT_LENGTH 0");
	ok(cgi_content_length("8193", 8192, &n) == 0 && n == 8193,
	    "past the limit reads as limit + 1");
	ok(cgi_content_length("99999999999999999999999999", 8192, &n) == 0 &&
	    n == 8193, "a huge length does not overflow");
	ok(cgi_content_length("", 8192, &n) == -1, "an empty length");
	ok(cgi_content_length("-1", 8192, &n) == -1, "a negative length");
	ok(cgi_content_length(" 4", 8192, &n) == -1, "a blank before");
	ok(cgi_content_length("4x", 8192, &n) == -1, "junk after");
	ok(cgi_content_length(NULL, 8192, &n) == -1, "no length");

	ok(cgi_media_type("application/x-www-form-urlencoded",
	    "application/x-www-form-urlencoded"), "the form type");
	ok(cgi_media_type("Application/X-WWW-Form-Urlencoded; charset=UTF-8",
	    "application/x-www-form-urlencoded"), "case and parameters");
	ok(!cgi_media_type("multipart/form-data; boundary=x",
	    "application/x-www-form-urlencoded"), "multipart is not it");
	ok(!cgi_media_type("application/x-www-form-urlencodedx",
	    "application/x-www-form-urlencoded"), "a longer type is not it");
	ok(!cgi_media_type(NULL, "text/plain"), "no type");

	ok(cgi_wants_json("application/json"), "Accept: application/json");
	ok(cgi_wants_json("application/json, text/html;q=0.9"),
	    "JSON before HTML");
	ok(!cgi_wants_json("text/html,application/xhtml+xml,application/xml;"
	    "q=0.9,*/*;q=0.8"), "a browser's Accept");
	ok(!cgi_wants_json("*/*"), "curl's Accept");
	ok(!cgi_wants_json(NULL), "no Accept");

	ok(cgi_same_origin(NULL, "127.0.0.1:8080"), "no Origin is allowed");
	ok(cgi_same_origin("http://127.0.0.1:8080", "127.0.0.1:8080"),
	    "the same origin");
	ok(!cgi_same_origin("http://evil.example", "127.0.0.1:8080"),
	    "another origin");
	ok(!cgi_same_origin("null", "127.0.0.1:8080"), "the opaque origin");
	ok(!cgi_same_origin("http://127.0.0.1:8080", NULL),
	    "an Origin and no Host");

	html_escape(&b, "<a href=\"x\">'&'</a>", 19);
	is_str(b.data, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
	    "html_escape escapes the five characters");
	buf_reset(&b);
	cgi_csp_hash(&b, "", 0);
	is_str(b.data, "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
	    "the CSP hash of the empty text");
	buf_reset(&b);
	cgi_csp_hash(&b, "abc", 3);
	is_str(b.data, "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='",
	    "the CSP hash of 'abc'");
	is_str(cgi_reason(413), "Content Too Large", "reason of 413");
	is_str(cgi_reason(411), "Length Required", "reason of 411");

	if (pipe(fds) == -1)
		return 2;
	if (write(fds[1], "id=a&more", 9) != 9)
		return 2;
	close(fds[1]);
	buf_reset(&b);
	ok(cgi_read_body(fds[0], 4, &b, &e) == 0 && b.len == 4 &&
	    strcmp(b.data, "id=a") == 0, "exactly CONTENT_LENGTH bytes read");
	buf_reset(&b);
	ok(cgi_read_body(fds[0], 10, &b, &e) == -1 &&
	    strcmp(e.msg, "the request body ended after 5 of 10 bytes") == 0,
	    "a body shorter than CONTENT_LENGTH is an error");
	close(fds[0]);
	buf_free(&b);
	return tap_done();
}
