/*
 * fuzz_cgi: a whole request to "mlo-feedback cgi" (lib/fbcgi over
 * lib/cgi).  The input is lines: flags, REQUEST_METHOD, QUERY_STRING,
 * CONTENT_TYPE, CONTENT_LENGTH, HTTP_ORIGIN, HTTP_HOST, HTTP_ACCEPT,
 * REMOTE_USER, HTTP_SEC_FETCH_SITE, then the body (an empty line unsets
 * the variable; CONTENT_LENGTH "*" is the body's length).  So that the
 * fuzzer gets past the token, "TOKEN" in the body is replaced by the
 * token of the form's id.  Flags bit 0 configures a predictions file.
 * Properties: every answer is a whole response whose Content-Length is
 * its body; the log gains exactly one intact line when a POST answers 200
 * and not a byte otherwise.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

#include "cgi.h"
#include "fbcgi.h"
#include "fuzz.h"
#include "io.h"
#include "util.h"

#define SECRET "fuzz-secret-0123456789abcdef"

static const char *const vars[] = { "REQUEST_METHOD", "QUERY_STRING",
    "CONTENT_TYPE", "CONTENT_LENGTH", "HTTP_ORIGIN", "HTTP_HOST",
    "HTTP_ACCEPT", "REMOTE_USER", "HTTP_SEC_FETCH_SITE" };
#define NVARS (sizeof vars / sizeof vars[0])

static const char pred[] = "prediction_id,asset_id,model_version,score\n"
    "B-0001@2026-11-25T20:00:00Z,B-0001,m7,0.9\n"
    "p1,B-0002,m7,0.1\n";

static off_t
size_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : 0;
}

/* with_token: BODY with "TOKEN" replaced by the token of its form's id. */
static void
with_token(const char *body, size_t n, struct buf *out)
{
	struct cgi_form f;
	struct mlo_error e;
	const char *id, *at;
	size_t idlen;
	char token[65];

	if (cgi_form_parse(body, n, &f, &e) == -1 ||
	    (id = cgi_form_get(&f, "id", &idlen)) == NULL) {
		buf_add(out, body, n);
		cgi_form_free(&f);
		return;
	}
	fb_cgi_token(SECRET, id, idlen, token);
	while ((at = memmem(body, n, "TOKEN", 5)) != NULL) {
		buf_add(out, body, at - body);
		buf_add(out, token, 64);
		n -= at - body + 5;
		body = at + 5;
	}
	buf_add(out, body, n);
	cgi_form_free(&f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl;
	char *val[NVARS] = { 0 }, *resp, lenbuf[32];
	struct buf body = { 0 }, slog = { 0 };
	struct mlo_error e;
	struct output *out;
	char log[4096];
	off_t before, after;
	size_t i, nresp;
	int flags = 0, fd, st;

	if ((nl = memchr(p, '\n', end - p)) == NULL)
		return 0;
	snprintf(log, sizeof log, "%s", fz_path("log.ndjson"));
	flags = nl > p ? p[0] : 0;
	p = nl + 1;
	for (i = 0; i < NVARS; i++) {
		nl = memchr(p, '\n', end - p);
		if (nl == NULL)
			nl = end;
		if (memchr(p, '\0', nl - p) == NULL && nl > p)
			val[i] = strndup(p, nl - p);
		p = nl < end ? nl + 1 : end;
	}
	with_token(p, end - p, &body);
	if (val[3] != NULL && strcmp(val[3], "*") == 0) {
		snprintf(lenbuf, sizeof lenbuf, "%zu", body.len);
		free(val[3]);
		val[3] = strdup(lenbuf);
	}
	for (i = 0; i < NVARS; i++)
		if (val[i] != NULL)
			setenv(vars[i], val[i], 1);
		else
			unsetenv(vars[i]);
	setenv("MLO_FEEDBACK_SECRET", SECRET, 1);
	setenv("MLO_FEEDBACK_LOG", log, 1);
	unsetenv("MLO_FEEDBACK_CONFIG");
	if (flags & 1)
		setenv("MLO_FEEDBACK_PREDICTIONS", fz_file("pred.csv", pred,
		    strlen(pred)), 1);
	else
		unsetenv("MLO_FEEDBACK_PREDICTIONS");

	fz_file("body", body.data, body.len);
	before = size_of(log);
	if ((fd = open(fz_path("body"), O_RDONLY)) == -1)
		fz_fail("open body");
	{
		int ofd = open(fz_path("resp"), O_WRONLY | O_CREAT | O_TRUNC,
		    0600);

		out = output_fd(ofd, "resp");
		e.msg[0] = '\0';
		st = fb_cgi("2026-11-26T00:00:00Z", fd, out, &slog, &e);
		if (output_close(out, &e) == -1)
			fz_fail("%s", e.msg);
		close(ofd);
	}
	close(fd);
	after = size_of(log);
	if (val[0] == NULL) {
		if (st != -1)
			fz_fail("answered %d without a method", st);
	} else {
		const char *cl, *hend;
		size_t want;

		if (read_file(fz_path("resp"), 1 << 24, &resp, &nresp, &e))
			fz_fail("%s", e.msg);
		if (strncmp(resp, "Status: ", 8) != 0 ||
		    (hend = strstr(resp, "\r\n\r\n")) == NULL ||
		    (cl = strstr(resp, "Content-Length: ")) == NULL)
			fz_fail("not a whole response");
		want = strtoul(cl + 16, NULL, 10);
		if (strcmp(val[0], "HEAD") != 0 &&
		    (size_t)(resp + nresp - (hend + 4)) != want)
			fz_fail("Content-Length %zu, body %zu", want,
			    (size_t)(resp + nresp - (hend + 4)));
		free(resp);
	}
	if (st == 200 && val[0] != NULL && strcmp(val[0], "POST") == 0) {
		char *all, *last;
		size_t n;
		cJSON *j;

		if (read_file(log, 1 << 26, &all, &n, &e) == -1)
			fz_fail("%s", e.msg);
		if (n == 0 || all[n - 1] != '\n' || (off_t)n <= before)
			fz_fail("a saved verdict left no whole line");
		all[n - 1] = '\0';
		last = all + before;
		if (strchr(last, '\n') != NULL)
			fz_fail("a saved verdict is more than one line");
		if ((j = cJSON_Parse(last)) == NULL || !cJSON_IsObject(j))
			fz_fail("a saved verdict is not JSON: %s", last);
		cJSON_Delete(j);
		free(all);
		if (truncate(log, 0) == -1)
			fz_fail("truncate %s", log);
	} else if (after != before)
		fz_fail("answered %d and the log changed", st);
	for (i = 0; i < NVARS; i++)
		free(val[i]);
	buf_free(&body);
	buf_free(&slog);
	return 0;
}
