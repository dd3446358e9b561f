#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "io.h"
#include "num.h"
#include "statefile.h"
#include "writer.h"

void
statefile_begin(struct buf *b, const char *magic, int version)
{
	buf_reset(b);
	buf_adds(b, "{\"mlo\":");
	json_quote(b, magic, strlen(magic));
	buf_printf(b, ",\"v\":%d", version);
}

void
statefile_end_line(struct buf *b)
{
	buf_add(b, "}\n", 2);
}

int
statefile_save(const char *path, struct buf *b, struct mlo_error *e)
{
	size_t lines = 0, i;

	for (i = 0; i < b->len; i++)
		lines += b->data[i] == '\n';
	buf_printf(b, "{\"end\":%zu,\"xxh64\":\"%016llx\"}\n", lines,
	    (unsigned long long)XXH64(b->data, b->len, 0));
	return atomic_write(path, b->data, b->len, e);
}

/* Check the seal; on success *BODY_LEN is the length before it. */
static int
check_seal(const char *path, char *text, size_t len, size_t *body_len,
    struct mlo_error *e)
{
	unsigned long long want;
	size_t lines = 0, i, n;
	char *last, *h;

	if (len < 2 || text[len - 1] != '\n')
		return error_set(e, "%s: damaged state file (it does not end "
		    "with its seal; remove it to start afresh)", path);
	text[len - 1] = '\0';
	last = strrchr(text, '\n');
	last = last ? last + 1 : text;
	*body_len = (size_t)(last - text);
	for (i = 0; i < *body_len; i++)
		lines += text[i] == '\n';
	h = strstr(last, "\"xxh64\":\"");
	if (strncmp(last, "{\"end\":", 7) != 0 || h == NULL ||
	    sscanf(last + 7, "%zu", &n) != 1 || n != lines ||
	    sscanf(h + 9, "%16llx", &want) != 1 ||
	    XXH64(text, *body_len, 0) != want)
		return error_set(e, "%s: damaged state file (its seal does not "
		    "match; remove it to start afresh)", path);
	return 0;
}

int
statefile_load(const char *path, const char *magic, int version,
    int (*line)(void *arg, long lineno, const cJSON *obj,
    struct mlo_error *e), void *arg, struct mlo_error *e)
{
	char *text, *p, *end;
	size_t len, body = 0;
	long lineno = 0;
	int r = 0;

	if (access(path, F_OK) == -1 && errno == ENOENT)
		return 0;	/* a first run: empty state */
	if (read_file(path, STATEFILE_MAX, &text, &len, e) == -1)
		return -1;
	if (len == 0 || text[0] != '{' || strncmp(text, "{\"mlo\":", 7) != 0) {
		free(text);
		return error_set(e, "%s: not an mlo state file", path);
	}
	if (check_seal(path, text, len, &body, e) == -1) {
		free(text);
		return -1;
	}
	for (p = text, end = text + body; p < end && r == 0;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		cJSON *obj;

		*nl = '\0';
		lineno++;
		obj = cJSON_Parse(p);
		if (obj == NULL || !cJSON_IsObject(obj))
			r = error_at(e, path, lineno, 0, "damaged state record");
		else if (lineno == 1) {
			const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj,
			    "mlo");
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj,
			    "v");

			if (!cJSON_IsString(m) || strcmp(m->valuestring,
			    magic) != 0)
				r = error_set(e, "%s: state of %s, not of %s",
				    path, cJSON_IsString(m) ? m->valuestring :
				    "another program", magic);
			else if (!cJSON_IsNumber(v) || v->valueint != version)
				r = error_set(e, "%s: state file version %d "
				    "not supported (this is version %d)", path,
				    cJSON_IsNumber(v) ? v->valueint : 0,
				    version);
		}
		if (r == 0)
			r = line(arg, lineno, obj, e);
		cJSON_Delete(obj);
		p = nl + 1;
	}
	free(text);
	return r;
}

void
statefile_put_i64(struct buf *b, const char *key, int64_t v)
{
	buf_addc(b, ',');
	json_quote(b, key, strlen(key));
	buf_printf(b, ":\"%lld\"", (long long)v);
}

int
statefile_get_i64(const cJSON *obj, const char *key, int64_t *out,
    int64_t dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (v == NULL) {
		*out = dflt;
		return 0;
	}
	if (!cJSON_IsString(v))
		return -1;
	return num_parse_int(v->valuestring, strlen(v->valuestring), out);
}

void
statefile_put_num(struct buf *b, const char *key, double v)
{
	char num[NUM_BUFSZ];

	num_format(v, num);
	buf_addc(b, ',');
	json_quote(b, key, strlen(key));
	buf_printf(b, ":\"%s\"", num);
}

int
statefile_get_num(const cJSON *obj, const char *key, double *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (v == NULL) {
		*out = 0;
		return 0;
	}
	if (!cJSON_IsString(v))
		return -1;
	return num_parse(v->valuestring, strlen(v->valuestring), out);
}
