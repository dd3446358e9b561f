#include <sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ledger.h"
#include "writer.h"

void
ledger_sha256(const void *p, size_t n, char hex[65])
{
	SHA256Data(p, n, hex);
}

int
ledger_load(struct ledger *l, const char *path, void (*warn)(const char *),
    struct mlo_error *e)
{
	size_t len, cap = 0;
	char *s, *end;
	long line = 0;

	memset(l, 0, sizeof *l);
	l->path = xstrdup(path);
	if (access(path, F_OK) == -1) {
		l->data = xstrdup("");
		return 0;
	}
	if (read_file(path, LEDGER_MAX, &l->data, &len, e) == -1) {
		ledger_free(l);		/* valgrind found the path left */
		return -1;
	}
	for (s = l->data, end = l->data + len; s < end; ) {
		char *nl = memchr(s, '\n', (size_t)(end - s));
		struct ledger_line *ln;

		line++;
		if (l->n == cap) {
			cap = cap ? cap * 2 : 64;
			l->lines = xreallocarray(l->lines, cap,
			    sizeof *l->lines);
		}
		ln = &l->lines[l->n++];
		ln->line = line;
		ln->text = s;
		ln->len = nl != NULL ? (size_t)(nl - s) : (size_t)(end - s);
		ln->newline = nl != NULL;
		ln->obj = cJSON_ParseWithLength(s, ln->len);
		if (ln->obj != NULL && !cJSON_IsObject(ln->obj)) {
			cJSON_Delete(ln->obj);
			ln->obj = NULL;
		}
		if (ln->obj != NULL)
			ledger_sha256(s, ln->len, l->last_sha);
		else if (warn != NULL) {
			char msg[1200];

			snprintf(msg, sizeof msg, "%s:%ld: %s: read past it, "
			    "left as it is", path, line, ln->newline ?
			    "not a ledger record (a torn write?)" :
			    "torn last line (a run was killed while "
			    "writing it)");
			warn(msg);
		}
		s = nl != NULL ? nl + 1 : end;
	}
	return 0;
}

void
ledger_free(struct ledger *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		cJSON_Delete(l->lines[i].obj);
	free(l->lines);
	free(l->data);
	free(l->path);
	memset(l, 0, sizeof *l);
}

int
ledger_append(const struct ledger *l, struct buf *rec, struct mlo_error *e)
{
	buf_adds(rec, ",\"prev_sha256\":");
	if (l->last_sha[0] != '\0')
		json_quote(rec, l->last_sha, strlen(l->last_sha));
	else
		buf_adds(rec, "null");
	buf_adds(rec, "}\n");
	return append_record(l->path, rec->data, rec->len, e);
}

size_t
ledger_verify(const struct ledger *l, struct buf *report, size_t *not_records)
{
	char prev[65] = "";
	long prev_line = 0;
	size_t i, breaks = 0;

	*not_records = 0;
	for (i = 0; i < l->n; i++) {
		const struct ledger_line *ln = &l->lines[i];
		const cJSON *p;

		if (ln->obj == NULL) {
			(*not_records)++;
			buf_printf(report, "%s:%ld: %s\n", l->path, ln->line,
			    ln->newline ? "not a ledger record (a torn "
			    "write, or an edit)" : "torn last line (a run "
			    "was killed while writing it)");
			continue;
		}
		p = cJSON_GetObjectItemCaseSensitive(ln->obj, "prev_sha256");
		if (prev[0] == '\0') {
			if (!cJSON_IsNull(p)) {
				breaks++;
				buf_printf(report, "%s:%ld: the hash chain "
				    "breaks: the first record names a line "
				    "before it (lines at the start were "
				    "deleted?)\n", l->path, ln->line);
			}
		} else if (!cJSON_IsString(p) ||
		    strcmp(p->valuestring, prev) != 0) {
			breaks++;
			buf_printf(report, "%s:%ld: the hash chain breaks: "
			    "prev_sha256 is not the SHA-256 of line %ld "
			    "(line %ld was edited, or lines after it were "
			    "deleted)\n", l->path, ln->line, prev_line,
			    prev_line);
		}
		ledger_sha256(ln->text, ln->len, prev);
		prev_line = ln->line;
	}
	return breaks;
}

static const char *
str_of(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The names of the rules that failed, joined by blanks. */
static void
failed_rules(const cJSON *o, struct buf *b)
{
	const cJSON *rules = cJSON_GetObjectItemCaseSensitive(o, "rules");
	const cJSON *r;

	buf_reset(b);
	buf_adds(b, "");
	cJSON_ArrayForEach(r, rules) {
		const cJSON *pass = cJSON_GetObjectItemCaseSensitive(r,
		    "pass");
		const char *name = str_of(r, "rule");

		if (cJSON_IsFalse(pass) && name != NULL) {
			if (b->len > 0)
				buf_addc(b, ' ');
			buf_adds(b, name);
		}
	}
}

void
ledger_history(const struct ledger *l, struct output *o, enum rec_format fmt)
{
	static const char *const cols[] = { "time", "decision", "candidate",
		"production", "failed" };
	size_t i, c, width[5] = { 4, 8, 9, 10, 6 };
	struct buf failed = {0};
	struct writer *w = NULL;

	if (fmt != REC_AUTO)
		w = writer_new(o, fmt, ',', 5, cols);
	for (i = 0; w == NULL && i < l->n; i++) {
		const cJSON *obj = l->lines[i].obj;

		if (obj == NULL)
			continue;
		failed_rules(obj, &failed);
		for (c = 0; c < 4; c++) {
			const char *v = str_of(obj, cols[c]);
			size_t len = v != NULL ? strlen(v) : 1;

			if (len > width[c])
				width[c] = len;
		}
	}
	if (w == NULL)
		output_printf(o, "%-*s  %-*s  %-*s  %-*s  %s\n",
		    (int)width[0], "time", (int)width[1], "decision",
		    (int)width[2], "candidate", (int)width[3], "production",
		    "failed");
	for (i = 0; i < l->n; i++) {
		const cJSON *obj = l->lines[i].obj;
		const char *v[4];

		if (obj == NULL)
			continue;
		failed_rules(obj, &failed);
		for (c = 0; c < 4; c++)
			v[c] = str_of(obj, cols[c]);
		if (w != NULL) {
			for (c = 0; c < 4; c++)
				if (v[c] != NULL)
					writer_string(w, v[c], strlen(v[c]));
				else
					writer_null(w);
			writer_string(w, failed.data, failed.len);
			writer_end(w);
			continue;
		}
		for (c = 0; c < 4; c++)
			output_printf(o, "%-*s  ", (int)width[c],
			    v[c] != NULL ? v[c] : "-");
		output_printf(o, "%s\n", failed.len > 0 ? failed.data : "-");
	}
	writer_free(w);
	buf_free(&failed);
}

int
ledger_before(const struct ledger *l, const char *current, char *out,
    struct mlo_error *e)
{
	const char **stack = xreallocarray(NULL, l->n + 1, sizeof *stack);
	size_t i, n = 0;
	int st = -1;

	for (i = 0; i < l->n; i++) {
		const cJSON *obj = l->lines[i].obj;
		const char *d, *prod;

		if (obj == NULL || (d = str_of(obj, "decision")) == NULL ||
		    (prod = str_of(obj, "production")) == NULL)
			continue;
		if (strcmp(d, "promote") == 0)
			stack[n++] = prod;
		else if (strcmp(d, "rollback") == 0) {
			if (n > 0)
				n--;
			if (n == 0 || strcmp(stack[n - 1], prod) != 0)
				stack[n++] = prod;
		}
	}
	for (i = n; i > 0; i--)
		if (strcmp(stack[i - 1], current) == 0)
			break;
	if (i == 0)
		error_set(e, "%s: production '%s' was not put there by a "
		    "promotion in the ledger: nothing to roll back to", l->path,
		    current);
	else if (i == 1)
		error_set(e, "%s: no version before '%s' in the ledger: "
		    "nothing to roll back to", l->path, current);
	else {
		snprintf(out, 64, "%s", stack[i - 2]);
		st = 0;
	}
	free(stack);
	return st;
}
