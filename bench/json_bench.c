/*
 * json_bench: cJSON against jansson on NDJSON, to choose mlo's JSON library.
 *
 *	json_bench cjson|jansson FILE
 *
 * Reads FILE a line at a time (getline), parses each non-blank line as one
 * object with the chosen library (cJSON_ParseWithLength, or json_loadb with
 * flags 0), walks every key, takes the double of each number and the length
 * of each string, and frees the tree.  Prints the counts, the sum of the
 * numbers and the total string length: both libraries must print the same
 * line for the same file, and the sum must equal bare_csv's on the CSV form
 * of the same rows (both libraries convert with strtod, keys come back in
 * file order, so the additions happen in the same order).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <jansson.h>

struct tally {
	unsigned long long records;
	unsigned long long keys;
	unsigned long long keybytes;
	unsigned long long numbers;
	unsigned long long strings;
	unsigned long long strbytes;
	unsigned long long others;	/* null, true, false, nested */
	double sum;
};

/* Each parser returns 0, or -1 after printing what is wrong with line N. */
typedef int (*parse_fn)(const char *, size_t, unsigned long long,
    const char *, struct tally *);

static int
parse_cjson(const char *line, size_t len, unsigned long long lineno,
    const char *path, struct tally *t)
{
	cJSON *root, *item;

	if ((root = cJSON_ParseWithLength(line, len)) == NULL ||
	    !cJSON_IsObject(root)) {
		fprintf(stderr, "json_bench: %s:%llu: not a JSON object\n",
		    path, lineno);
		cJSON_Delete(root);
		return -1;
	}
	for (item = root->child; item != NULL; item = item->next) {
		t->keys++;
		t->keybytes += strlen(item->string);
		if (cJSON_IsNumber(item)) {
			t->numbers++;
			t->sum += item->valuedouble;
		} else if (cJSON_IsString(item)) {
			t->strings++;
			t->strbytes += strlen(item->valuestring);
		} else
			t->others++;
	}
	cJSON_Delete(root);
	return 0;
}

static int
parse_jansson(const char *line, size_t len, unsigned long long lineno,
    const char *path, struct tally *t)
{
	json_error_t err;
	json_t *root, *value;
	const char *key;

	if ((root = json_loadb(line, len, 0, &err)) == NULL) {
		fprintf(stderr, "json_bench: %s:%llu:%d: %s\n", path, lineno,
		    err.column, err.text);
		return -1;
	}
	if (!json_is_object(root)) {
		fprintf(stderr, "json_bench: %s:%llu: not a JSON object\n",
		    path, lineno);
		json_decref(root);
		return -1;
	}
	json_object_foreach(root, key, value) {
		t->keys++;
		t->keybytes += strlen(key);
		if (json_is_number(value)) {
			t->numbers++;
			t->sum += json_number_value(value);
		} else if (json_is_string(value)) {
			t->strings++;
			t->strbytes += json_string_length(value);
		} else
			t->others++;
	}
	json_decref(root);
	return 0;
}

int
main(int argc, char *argv[])
{
	static char iobuf[1 << 20];
	struct tally t;
	unsigned long long lineno = 0;
	parse_fn parse;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *fp;

	if (argc != 3) {
		fprintf(stderr, "usage: json_bench cjson|jansson FILE\n");
		return 2;
	}
	if (strcmp(argv[1], "cjson") == 0)
		parse = parse_cjson;
	else if (strcmp(argv[1], "jansson") == 0)
		parse = parse_jansson;
	else {
		fprintf(stderr, "json_bench: unknown library '%s'\n", argv[1]);
		return 2;
	}
	if ((fp = fopen(argv[2], "r")) == NULL) {
		fprintf(stderr, "json_bench: %s: %s\n", argv[2],
		    strerror(errno));
		return 2;
	}
	setvbuf(fp, iobuf, _IOFBF, sizeof(iobuf));
	memset(&t, 0, sizeof(t));
	while ((len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			len--;
		if (len == 0)
			continue;
		if (parse(line, (size_t)len, lineno, argv[2], &t) == -1)
			return 2;
		t.records++;
	}
	if (ferror(fp)) {
		fprintf(stderr, "json_bench: %s: %s\n", argv[2],
		    strerror(errno));
		return 2;
	}
	free(line);
	fclose(fp);
	printf("records %llu keys %llu keybytes %llu numbers %llu sum %.17g "
	    "strings %llu strbytes %llu others %llu\n", t.records, t.keys,
	    t.keybytes, t.numbers, t.sum, t.strings, t.strbytes, t.others);
	if (ferror(stdout) || fclose(stdout) != 0) {
		fprintf(stderr, "json_bench: write error: %s\n",
		    strerror(errno));
		return 2;
	}
	return 0;
}
