/*
 * fuzz_yaml: lib/yamlcfg, the YAML under every configuration file.
 * Properties: no crash, no leak, no blow-up (anchors and aliases are
 * bounded by YDOC_MAX_NODES); every node has a position; every scalar is
 * NUL-terminated at its length; the typed look-ups never crash on any node.
 */
#include <string.h>

#include "fuzz.h"
#include "yamlcfg.h"

static size_t visited;

static void
walk(const struct ydoc *d, const struct ynode *n, int depth)
{
	struct mlo_error e;
	size_t i;
	double x;
	int64_t k;
	int b;
	const char *s;

	if (depth > YDOC_MAX_DEPTH + 1)
		fz_fail("depth %d", depth);
	/* Shared nodes (aliases) are walked once per place: bound it. */
	if (++visited > 4 * YDOC_MAX_NODES)
		fz_fail("more than %d nodes reached", 4 * YDOC_MAX_NODES);
	if (n->line < 1 || n->col < 1)
		fz_fail("node at %ld:%ld", n->line, n->col);
	if (n->type == YNODE_SCALAR) {
		if (n->str == NULL || n->str[n->len] != '\0')
			fz_fail("scalar not NUL-terminated at its length");
		(void)ynode_num(d, n, "x", &x, &e);
		(void)ynode_int(d, n, "x", &k, &e);
		(void)ynode_bool(d, n, "x", &b, &e);
		if (ynode_str(d, n, "x", &s, &e) == 0 && s == NULL &&
		    !ynode_is_null(n))
			fz_fail("a string that is NULL");
		(void)ynode_is_null(n);
		return;
	}
	for (i = 0; i < n->n; i++) {
		if (n->type == YNODE_MAP) {
			if (n->keys[i]->type != YNODE_SCALAR)
				fz_fail("a key that is not a scalar");
			if (ynode_get(n, n->keys[i]->str) == NULL &&
			    strlen(n->keys[i]->str) == n->keys[i]->len)
				fz_fail("key '%s' not found", n->keys[i]->str);
		}
		walk(d, n->items[i], depth + 1);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mlo_error e;
	struct ydoc *d;

	e.msg[0] = '\0';
	d = ydoc_load_mem("fuzz.yaml", (const char *)data, size, &e);
	if (d == NULL) {
		if (e.msg[0] == '\0')
			fz_fail("refused without a message");
		return 0;
	}
	visited = 0;
	walk(d, ydoc_root(d), 0);
	ydoc_free(d);
	return 0;
}
