/*
 * Unit tests of lib/yamlcfg: loading, positions, refusals with their exact
 * messages, aliases and their limits, the typed getters, and a real data
 * contract (t/data/yaml/contract.yaml, found through $MLO_TOP or ".").
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "diag.h"
#include "util.h"
#include "yamlcfg.h"

static struct ydoc *
load(const char *text)
{
	struct mlo_error e;
	struct ydoc *d;

	d = ydoc_load_mem("t.yaml", text, strlen(text), &e);
	if (d == NULL)
		printf("# unexpected error: %s\n", e.msg);
	return d;
}

/* refused: TEXT does not load, with exactly the message WANT. */
static void
refused(const char *text, const char *want, const char *name)
{
	struct mlo_error e;
	struct ydoc *d;

	d = ydoc_load_mem("t.yaml", text, strlen(text), &e);
	is_str(d == NULL ? e.msg : "(loaded)", want, name);
	ydoc_free(d);
}

static void
test_positions(void)
{
	struct ydoc *d;
	const struct ynode *r, *b, *n;

	d = load("a: 1\nb:\n  - x\n  - 'y'\n  - |\n    text\nc: \"\\0z\"\n");
	if (!ok(d != NULL, "a small mapping loads"))
		return;
	r = ydoc_root(d);
	is_str(ydoc_name(d), "t.yaml", "the name is kept");
	ok(r->type == YNODE_MAP && r->n == 3, "root: a mapping of 3 pairs");
	is_long(r->line * 100 + r->col, 101, "root starts at 1:1");
	is_str(r->keys[1]->str, "b", "second key is 'b'");
	is_long(r->keys[1]->line * 100 + r->keys[1]->col, 201,
	    "key 'b' at 2:1");
	b = ynode_get(r, "b");
	ok(b != NULL && b->type == YNODE_SEQ && b->n == 3, "b: a list of 3");
	is_long(b->line * 100 + b->col, 303, "the list starts at 3:3");
	n = b->items[1];
	is_str(n->str, "y", "quoted item's value");
	ok(!n->plain, "a quoted scalar is not plain");
	ok(b->items[0]->plain, "an unquoted scalar is plain");
	is_long(n->line * 100 + n->col, 405, "quoted item at 4:5");
	is_str(b->items[2]->str, "text\n", "a literal block keeps its newline");
	ok(!b->items[2]->plain, "a block scalar is not plain");
	n = ynode_get(r, "c");
	ok(n->len == 2 && n->str[0] == '\0' && n->str[1] == 'z' &&
	    n->str[2] == '\0', "an escaped NUL is kept, length counts it");
	ok(ynode_get(r, "nope") == NULL, "ynode_get: absent key is NULL");
	ok(ynode_get(b, "x") == NULL, "ynode_get: a list is no mapping");
	ok(ynode_get(NULL, "x") == NULL, "ynode_get: NULL map is NULL");
	ydoc_free(d);

	d = load("# comment\n\nitems: [10, 20,\n   30]\n");
	if (d != NULL) {
		n = ynode_get(ydoc_root(d), "items");
		is_long(n->items[2]->line * 100 + n->items[2]->col, 404,
		    "flow item after a line break at 4:4");
	}
	ydoc_free(d);

	/* Columns count characters, as an editor does, not bytes. */
	d = load("name: \"\xc3\xa9t\xc3\xa9\"\nx: [\xc3\xa9, y]\n");
	if (d != NULL) {
		n = ynode_get(ydoc_root(d), "x");
		is_long(n->items[1]->col, 8, "column counts UTF-8 characters");
		is_str(ynode_get(ydoc_root(d), "name")->str,
		    "\xc3\xa9t\xc3\xa9", "UTF-8 value kept");
	}
	ydoc_free(d);

	d = load("~\n");
	ok(d != NULL && ynode_is_null(ydoc_root(d)),
	    "a document of one null is not empty");
	ydoc_free(d);
	d = load("--- ''\n");
	ok(d != NULL && ydoc_root(d)->len == 0 && !ydoc_root(d)->plain,
	    "a quoted empty string is a document");
	ydoc_free(d);
	d = load("%YAML 1.1\n---\n- a\n...\n");
	ok(d != NULL && ydoc_root(d)->type == YNODE_SEQ,
	    "directives, explicit start and end are fine");
	ydoc_free(d);
	d = load("\xef\xbb\xbf" "a: 1\n");
	ok(d != NULL && ynode_get(ydoc_root(d), "a") != NULL,
	    "a UTF-8 byte-order mark is dropped");
	ydoc_free(d);
}

static void
test_documents(void)
{
	refused("", "t.yaml: empty document", "empty input");
	refused("# only a comment\n\n   # another\n", "t.yaml: empty document",
	    "only comments");
	refused("---\n", "t.yaml: empty document", "'---' alone");
	refused("---\n# nothing\n...\n", "t.yaml: empty document",
	    "explicit start and end around nothing");
	refused("a: 1\n---\nb: 2\n", "t.yaml:2:1: more than one document",
	    "second document after '---'");
	refused("a: 1\n...\n---\nb: 2\n",
	    "t.yaml:3:1: more than one document",
	    "second document after '...'");
	refused("a: 1\n...\nb: 2\n",
	    "t.yaml:3:1: did not find expected <document start>",
	    "after '...', libyaml wants '---'");
	refused("a: 1\n---\n", "t.yaml:2:1: more than one document",
	    "a second, empty document still counts");
}

static void
test_syntax(void)
{
	refused("a: 1\nb: 2\nrange: x: y\n",
	    "t.yaml:3:9: mapping values are not allowed in this context",
	    "scanner error at the problem");
	refused("a: 'abc\nb: 2\n",
	    "t.yaml:3:1: found unexpected end of stream "
	    "(while scanning a quoted scalar at 1:4)",
	    "unterminated quote names where it began");
	refused("a:\n  b: 1\n c: 2\n",
	    "t.yaml:3:2: did not find expected key "
	    "(while parsing a block mapping at 1:1)",
	    "bad indentation: parser error with its context");
	refused("a: [1, 2\nb: 3\n",
	    "t.yaml:2:2: did not find expected ',' or ']' "
	    "(while parsing a flow sequence at 1:4)",
	    "unclosed flow list");
	refused("a:\n\tb: 1\n",
	    "t.yaml:2:1: found character that cannot start any token "
	    "(while scanning for the next token at 2:1)",
	    "a tab for indentation");
	refused("a: 1\nb: x\xff\n",
	    "t.yaml:2:5: invalid leading UTF-8 octet (0xFF)",
	    "invalid UTF-8 at its line and column");
	refused("a: \xc3\xa9\x01\n",
	    "t.yaml:1:5: control characters are not allowed (0x01)",
	    "control character after a 2-byte character");
	refused("%YAML 2.0\n---\na: 1\n",
	    "t.yaml:1:1: found incompatible YAML document",
	    "unknown YAML version");
}

static void
test_keys(void)
{
	refused("range: [0, 1]\nname: x\nrange: [2, 3]\n",
	    "t.yaml:3:1: duplicate key 'range'", "duplicate key at the second");
	refused("{a: 1, b: 2, a: 3, b: 4}",
	    "t.yaml:1:14: duplicate key 'a'",
	    "first repeat in document order is reported");
	refused("columns:\n  - {name: a, type: number}\n"
	    "  - name: b\n    type: string\n    name: c\n",
	    "t.yaml:5:5: duplicate key 'name'", "duplicate in a nested map");
	refused("a: 1\n'a': 2\n", "t.yaml:2:1: duplicate key 'a'",
	    "quoting does not make a key different");
	refused("? [a, b]\n: 1\n",
	    "t.yaml:1:3: a mapping key must be a scalar", "list as key");
	refused("{{a: 1}: 2}\n",
	    "t.yaml:1:2: a mapping key must be a scalar", "mapping as key");
	refused("base: &b {a: 1}\nx:\n  <<: *b\n  c: 2\n",
	    "t.yaml:3:3: merge keys ('<<') are not supported: "
	    "write the keys out", "merge key refused");
}

static void
test_aliases(void)
{
	struct ydoc *d;
	const struct ynode *r, *n;
	struct mlo_error e;
	double v;
	struct buf b = { 0 };
	int i;

	d = load("base: &b {min: 0, max: 10}\nlimit: &x 5\n"
	    "other: *b\nagain: *x\n");
	if (d != NULL) {
		r = ydoc_root(d);
		ok(ynode_get(r, "other") == ynode_get(r, "base"),
		    "an alias shares its anchor's node");
		n = ynode_get(r, "again");
		ok(ynode_num(d, n, "again", &v, &e) == 0 && v == 5,
		    "an alias to a scalar reads as the scalar");
		/* A node starts at its properties: the anchor, here. */
		is_long(n->line * 100 + n->col, 208,
		    "a shared node keeps its anchor's position");
	}
	ydoc_free(d);

	d = load("a: &x 1\nb: *x\nc: &x 2\nd: *x\n");
	if (d != NULL) {
		r = ydoc_root(d);
		ok(strcmp(ynode_get(r, "b")->str, "1") == 0 &&
		    strcmp(ynode_get(r, "d")->str, "2") == 0,
		    "a redefined anchor: the latest wins");
	}
	ydoc_free(d);

	d = load("k: &k name\n*k : 3\n");
	if (d != NULL) {
		r = ydoc_root(d);
		ok(r->n == 2 && strcmp(r->keys[1]->str, "name") == 0,
		    "an alias as a key");
		is_long(r->keys[1]->line * 100 + r->keys[1]->col, 201,
		    "an alias key has the alias's position");
	}
	ydoc_free(d);
	refused("&k a: 1\n*k : 2\n", "t.yaml:2:1: duplicate key 'a'",
	    "duplicate through an alias key, at the alias");
	refused("x: &s [1]\n*s : 2\n",
	    "t.yaml:2:1: a mapping key must be a scalar",
	    "alias to a list as a key");
	refused("a: *nope\n", "t.yaml:1:4: undefined alias '*nope'",
	    "undefined alias");
	refused("a: *x\nb: &x 1\n", "t.yaml:1:4: undefined alias '*x'",
	    "alias before its anchor");
	refused("a: &x [1, *x]\n",
	    "t.yaml:1:11: alias '*x' refers to a node that contains it",
	    "alias loop in a list");
	refused("a: &m\n  b:\n    c: *m\n",
	    "t.yaml:3:8: alias '*m' refers to a node that contains it",
	    "alias loop two levels down");

	/* Billion laughs: each level holds ten of the one before. */
	refused("a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
	    "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
	    "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n",
	    "t.yaml:5:36: document expands to more than 100000 nodes "
	    "(alias bomb?)", "billion laughs refused at the tipping alias");
	d = load("a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n");
	ok(d != NULL, "a modest expansion (12349 nodes) loads");
	ydoc_free(d);

	/* The cap counts plain nodes too: a list and 99999 items fit. */
	buf_addc(&b, '[');
	for (i = 0; i < 99999; i++)
		buf_adds(&b, i ? ",0" : "0");
	buf_addc(&b, ']');
	d = load(b.data);
	ok(d != NULL && ydoc_root(d)->n == 99999,
	    "exactly 100000 nodes load");
	ydoc_free(d);
	b.len--;
	buf_adds(&b, ",0]");
	refused(b.data, "t.yaml:1:200000: document expands to more than "
	    "100000 nodes (alias bomb?)", "100001 nodes refused");
	buf_free(&b);
}

static void
test_limits(void)
{
	struct buf b = { 0 };
	struct mlo_error e;
	struct ydoc *d;
	char *big;
	int i;

	for (i = 0; i < 64; i++)
		buf_addc(&b, '[');
	for (i = 0; i < 64; i++)
		buf_addc(&b, ']');
	d = load(b.data);
	ok(d != NULL, "64 nested lists load");
	ydoc_free(d);
	buf_reset(&b);
	for (i = 0; i < 65; i++)
		buf_addc(&b, '[');
	for (i = 0; i < 65; i++)
		buf_addc(&b, ']');
	refused(b.data, "t.yaml:1:65: nesting deeper than 64 levels",
	    "65 nested lists refused at the 65th");
	buf_reset(&b);
	for (i = 0; i < 70; i++)
		buf_printf(&b, "%*sk%d:\n", i * 2, "", i);
	refused(b.data, "t.yaml:65:129: nesting deeper than 64 levels",
	    "65 nested block mappings refused");
	buf_free(&b);

	big = xmalloc(YDOC_MAX_BYTES + 1);
	memset(big, '#', YDOC_MAX_BYTES + 1);
	d = ydoc_load_mem("big.yaml", big, YDOC_MAX_BYTES + 1, &e);
	ok(d == NULL, "one byte over 16 MiB refused");
	is_str(d == NULL ? e.msg : "", "big.yaml: larger than 16 MiB",
	    "size message");
	free(big);
}

static void
test_tags(void)
{
	struct ydoc *d;
	struct mlo_error e;
	const struct ynode *r;
	int64_t i;
	int t;

	d = load("a: !!str 12\nb: !!int '12'\nc: !!bool \"yes\"\n"
	    "d: !!null ''\ne: ! 12\nf: !!seq [1]\ng: !!map {x: 1}\n"
	    "h: !!float 2.5\n");
	if (!ok(d != NULL, "standard tags accepted"))
		return;
	r = ydoc_root(d);
	ok(ynode_int(d, ynode_get(r, "a"), "a", &i, &e) == -1,
	    "!!str 12 is no integer");
	is_str(e.msg, "t.yaml:1:4: 'a' needs an integer, got the string '12'",
	    "!!str 12 message");
	ok(ynode_int(d, ynode_get(r, "b"), "b", &i, &e) == 0 && i == 12,
	    "!!int '12' is 12");
	ok(ynode_bool(d, ynode_get(r, "c"), "c", &t, &e) == 0 && t == 1,
	    "!!bool \"yes\" is true");
	ok(ynode_is_null(ynode_get(r, "d")), "!!null '' is null");
	ok(!ynode_get(r, "e")->plain, "'! 12' is a string");
	ok(ynode_get(r, "f")->type == YNODE_SEQ &&
	    ynode_get(r, "g")->type == YNODE_MAP, "!!seq and !!map");
	ydoc_free(d);

	refused("a: !foo 1\n", "t.yaml:1:4: unsupported tag '!foo'",
	    "local tag refused");
	refused("a: !!binary aGVsbG8=\n",
	    "t.yaml:1:4: unsupported tag '!!binary'", "!!binary refused");
	refused("a: !!set {x: ~}\n", "t.yaml:1:4: unsupported tag '!!set'",
	    "!!set refused");
	refused("a: !<tag:example.com,2026:x> 1\n",
	    "t.yaml:1:4: unsupported tag 'tag:example.com,2026:x'",
	    "verbatim foreign tag refused");
	refused("a: !!map [1]\n",
	    "t.yaml:1:4: tag '!!map' cannot label a list", "!!map on a list");
	refused("a: !!str {x: 1}\n",
	    "t.yaml:1:4: tag '!!str' cannot label a mapping",
	    "!!str on a mapping");
	refused("a: !!seq x\n",
	    "t.yaml:1:4: tag '!!seq' cannot label a single value",
	    "!!seq on a scalar");
}

/* got: run a getter's error message through one place for brevity. */
static const char *
msg(int r, const struct mlo_error *e)
{
	return r == -1 ? e->msg : "(no error)";
}

static void
test_getters(void)
{
	static const char text[] =
	    "s: text\nq: '12'\nn: 12.5\nneg: -3\nexp: 1e3\nbad: abc\n"
	    "inf: .inf\nminf: -.Inf\nnan: .nan\ncnan: nan\nhuge: 1e999\n"
	    "hex: 0x10\ntilde: ~\nempty:\nnul: null\nNul: Null\nNUL: NULL\n"
	    "nUL: nULL\nqnull: 'null'\nlist: [1, 2]\nmap: {a: 1}\n"
	    "i: 42\nimax: 9223372036854775807\nibig: 99999999999999999999\n"
	    "ifrac: 1.5\nb1: true\nb2: FALSE\nb3: Yes\nb4: no\nb5: On\n"
	    "b6: off\nbq: 'true'\nbad_b: maybe\n"
	    "long: aaaaaaaaaabbbbbbbbbbccccccccccddddddddddeeeee\n";
	struct ydoc *d;
	struct mlo_error e;
	const struct ynode *r;
	const char *s;
	double v;
	int64_t i;
	int t, rc;

	d = load(text);
	if (!ok(d != NULL, "getter document loads"))
		return;
	r = ydoc_root(d);

#define N(k) ynode_get(r, k)
	ok(ynode_str(d, N("s"), "s", &s, &e) == 0 && strcmp(s, "text") == 0,
	    "str: plain");
	ok(ynode_str(d, N("q"), "q", &s, &e) == 0 && strcmp(s, "12") == 0,
	    "str: quoted");
	ok(ynode_str(d, N("empty"), "empty", &s, &e) == 0 && *s == '\0',
	    "str: an empty value is \"\"");
	is_str(msg(ynode_str(d, N("list"), "name", &s, &e), &e),
	    "t.yaml:20:7: 'name' needs a string, got a list", "str: a list");
	is_str(msg(ynode_str(d, N("absent"), "name", &s, &e), &e),
	    "t.yaml: missing 'name'", "str: an absent key");

	ok(ynode_num(d, N("n"), "n", &v, &e) == 0 && v == 12.5, "num: 12.5");
	ok(ynode_num(d, N("neg"), "neg", &v, &e) == 0 && v == -3, "num: -3");
	ok(ynode_num(d, N("exp"), "exp", &v, &e) == 0 && v == 1000,
	    "num: 1e3");
	ok(ynode_num(d, N("i"), "i", &v, &e) == 0 && v == 42, "num: 42");
	is_str(msg(ynode_num(d, N("bad"), "range", &v, &e), &e),
	    "t.yaml:6:6: 'range' needs a number, got 'abc'", "num: junk");
	is_str(msg(ynode_num(d, N("q"), "max", &v, &e), &e),
	    "t.yaml:2:4: 'max' needs a number, got the string '12'",
	    "num: quoted '12' is a string");
	is_str(msg(ynode_num(d, N("inf"), "max", &v, &e), &e),
	    "t.yaml:7:6: 'max' needs a finite number, got '.inf'",
	    "num: .inf refused");
	is_str(msg(ynode_num(d, N("minf"), "min", &v, &e), &e),
	    "t.yaml:8:7: 'min' needs a finite number, got '-.Inf'",
	    "num: -.Inf refused");
	is_str(msg(ynode_num(d, N("nan"), "max", &v, &e), &e),
	    "t.yaml:9:6: 'max' needs a finite number, got '.nan'",
	    "num: .nan refused");
	is_str(msg(ynode_num(d, N("cnan"), "max", &v, &e), &e),
	    "t.yaml:10:7: 'max' needs a finite number, got 'nan'",
	    "num: nan refused");
	is_str(msg(ynode_num(d, N("huge"), "max", &v, &e), &e),
	    "t.yaml:11:7: 'max' needs a finite number, got '1e999'",
	    "num: overflow refused");
	is_str(msg(ynode_num(d, N("hex"), "max", &v, &e), &e),
	    "t.yaml:12:6: 'max' needs a number, got '0x10'", "num: no hex");
	is_str(msg(ynode_num(d, N("tilde"), "max", &v, &e), &e),
	    "t.yaml:13:8: 'max' needs a number, got null", "num: null");
	is_str(msg(ynode_num(d, N("map"), "max", &v, &e), &e),
	    "t.yaml:21:6: 'max' needs a number, got a mapping", "num: a map");
	is_str(msg(ynode_num(d, N("absent"), "max", &v, &e), &e),
	    "t.yaml: missing 'max'", "num: an absent key");
	/* An empty value has no position of its own: it is where it ends. */
	rc = ynode_num(d, N("empty"), "max", &v, &e);
	ok(rc == -1 && strstr(e.msg, "'max' needs a number, got nothing") !=
	    NULL, "num: an empty value is 'nothing'");

	ok(ynode_int(d, N("i"), "i", &i, &e) == 0 && i == 42, "int: 42");
	ok(ynode_int(d, N("neg"), "neg", &i, &e) == 0 && i == -3, "int: -3");
	ok(ynode_int(d, N("imax"), "imax", &i, &e) == 0 && i == INT64_MAX,
	    "int: INT64_MAX");
	is_str(msg(ynode_int(d, N("ifrac"), "repeats", &i, &e), &e),
	    "t.yaml:25:8: 'repeats' needs an integer, got '1.5'",
	    "int: a fraction");
	is_str(msg(ynode_int(d, N("ibig"), "min", &i, &e), &e),
	    "t.yaml:24:7: 'min' needs an integer that fits in 64 bits, "
	    "got '99999999999999999999'", "int: too large");
	is_str(msg(ynode_int(d, N("q"), "min", &i, &e), &e),
	    "t.yaml:2:4: 'min' needs an integer, got the string '12'",
	    "int: quoted");

	ok(ynode_bool(d, N("b1"), "b", &t, &e) == 0 && t == 1, "bool: true");
	ok(ynode_bool(d, N("b2"), "b", &t, &e) == 0 && t == 0, "bool: FALSE");
	ok(ynode_bool(d, N("b3"), "b", &t, &e) == 0 && t == 1, "bool: Yes");
	ok(ynode_bool(d, N("b4"), "b", &t, &e) == 0 && t == 0, "bool: no");
	ok(ynode_bool(d, N("b5"), "b", &t, &e) == 0 && t == 1, "bool: On");
	ok(ynode_bool(d, N("b6"), "b", &t, &e) == 0 && t == 0, "bool: off");
	is_str(msg(ynode_bool(d, N("bad_b"), "required", &t, &e), &e),
	    "t.yaml:33:8: 'required' needs true or false, got 'maybe'",
	    "bool: junk");
	is_str(msg(ynode_bool(d, N("bq"), "required", &t, &e), &e),
	    "t.yaml:32:5: 'required' needs true or false, "
	    "got the string 'true'", "bool: quoted 'true' is a string");

	ok(ynode_want(d, N("list"), YNODE_SEQ, "columns", &e) == 0,
	    "want: a list");
	is_str(msg(ynode_want(d, N("map"), YNODE_SEQ, "columns", &e), &e),
	    "t.yaml:21:6: 'columns' needs a list, got a mapping",
	    "want: a mapping for a list");
	is_str(msg(ynode_want(d, N("s"), YNODE_MAP, "time", &e), &e),
	    "t.yaml:1:4: 'time' needs a mapping, got 'text'",
	    "want: a scalar for a mapping");
	is_str(msg(ynode_want(d, N("list"), YNODE_SCALAR, "unit", &e), &e),
	    "t.yaml:20:7: 'unit' needs a single value, got a list",
	    "want: a list for a scalar");
	is_str(msg(ynode_want(d, N("long"), YNODE_SEQ, "key", &e), &e),
	    "t.yaml:34:7: 'key' needs a list, got "
	    "'aaaaaaaaaabbbbbbbbbbccccccccccdddddddddd...'",
	    "long values are cut in messages");

	ok(ynode_is_null(NULL), "is_null: NULL");
	ok(ynode_is_null(N("tilde")), "is_null: ~");
	ok(ynode_is_null(N("empty")), "is_null: empty value");
	ok(ynode_is_null(N("nul")) && ynode_is_null(N("Nul")) &&
	    ynode_is_null(N("NUL")), "is_null: null, Null, NULL");
	ok(!ynode_is_null(N("nUL")), "is_null: nULL is a string");
	ok(!ynode_is_null(N("qnull")), "is_null: quoted 'null' is a string");
	ok(!ynode_is_null(N("list")), "is_null: a list");

	is_str(msg(ydoc_err(d, N("n"), &e, "%s is %d", "x", 3), &e),
	    "t.yaml:3:4: x is 3", "ydoc_err at a node");
	is_str(msg(ydoc_err(d, NULL, &e, "no place"), &e),
	    "t.yaml: no place", "ydoc_err without a node");
#undef N
	ydoc_free(d);
}

static void
test_check_keys(void)
{
	static const char *const allowed[] = { "name", "type", "range",
	    "null_rate", "unit", NULL };
	struct ydoc *d;
	struct mlo_error e;
	const struct ynode *r, *m;

	d = load("good: {name: a, type: number, range: [0, 1]}\n"
	    "typo: {name: a, rnage: [0, 1]}\n"
	    "swap: {nmae: a}\n"
	    "far: {name: a, colour: red}\n"
	    "tie: {nit: 1}\n"
	    "short: {x: 1}\n"
	    "list: [name]\n");
	if (!ok(d != NULL, "check_keys document loads"))
		return;
	r = ydoc_root(d);
	ok(ynode_check_keys(d, ynode_get(r, "good"), allowed, "columns[0]",
	    &e) == 0, "known keys pass");
	is_str(msg(ynode_check_keys(d, ynode_get(r, "typo"), allowed,
	    "columns[2]", &e), &e),
	    "t.yaml:2:17: unknown key 'rnage' in 'columns[2]', "
	    "did you mean 'range'?", "a typo gets a hint");
	is_str(msg(ynode_check_keys(d, ynode_get(r, "swap"), allowed,
	    "columns[0]", &e), &e),
	    "t.yaml:3:8: unknown key 'nmae' in 'columns[0]', "
	    "did you mean 'name'?", "swapped letters count one");
	is_str(msg(ynode_check_keys(d, ynode_get(r, "far"), allowed,
	    "columns[1]", &e), &e),
	    "t.yaml:4:16: unknown key 'colour' in 'columns[1]'",
	    "no hint when nothing is close");
	is_str(msg(ynode_check_keys(d, ynode_get(r, "tie"), allowed, NULL,
	    &e), &e),
	    "t.yaml:5:7: unknown key 'nit', did you mean 'unit'?",
	    "without WHERE; closest key wins");
	is_str(msg(ynode_check_keys(d, ynode_get(r, "short"), allowed, NULL,
	    &e), &e), "t.yaml:6:9: unknown key 'x'",
	    "a short stranger, nothing within 2");
	is_str(msg(ynode_check_keys(d, ynode_get(r, "list"), allowed,
	    "columns[3]", &e), &e),
	    "t.yaml:7:7: 'columns[3]' needs a mapping, got a list",
	    "check_keys on a list");

	m = ynode_need(d, ynode_get(r, "far"), "type", "columns[1]", &e);
	is_str(m == NULL ? e.msg : "(found)",
	    "t.yaml:4:6: missing key 'type' in 'columns[1]'",
	    "need: a missing key is located at its mapping");
	m = ynode_need(d, ynode_get(r, "good"), "type", "columns[0]", &e);
	ok(m != NULL && strcmp(m->str, "number") == 0, "need: present key");
	m = ynode_need(d, r, "nothere", NULL, &e);
	is_str(m == NULL ? e.msg : "(found)",
	    "t.yaml:1:1: missing key 'nothere'", "need: without WHERE");
	ydoc_free(d);
}

static void
test_files(void)
{
	struct mlo_error e;
	struct ydoc *d;
	char path[] = "/tmp/mlo-yamlcfg-XXXXXX";
	char want[128];
	int fd;

	d = ydoc_load_file("/nonexistent/x.yaml", &e);
	is_str(d == NULL ? e.msg : "(loaded)",
	    "/nonexistent/x.yaml: No such file or directory", "missing file");
	ydoc_free(d);
	d = ydoc_load_file("/", &e);
	is_str(d == NULL ? e.msg : "(loaded)", "/: Is a directory",
	    "a directory");
	ydoc_free(d);

	if ((fd = mkstemp(path)) == -1 || ftruncate(fd, 17L << 20) == -1) {
		ok(0, "temporary file: cannot make it");
		return;
	}
	close(fd);
	d = ydoc_load_file(path, &e);
	snprintf(want, sizeof want, "%s: larger than 16 MiB", path);
	is_str(d == NULL ? e.msg : "(loaded)", want, "a 17 MiB file refused");
	ydoc_free(d);

	if ((fd = open(path, O_WRONLY | O_TRUNC)) != -1) {
		if (write(fd, "a: [1,\n", 7) != 7)
			ok(0, "write");
		close(fd);
	}
	d = ydoc_load_file(path, &e);
	snprintf(want, sizeof want, "%s:2:1: did not find expected node "
	    "content (while parsing a flow node at 2:1)", path);
	is_str(d == NULL ? e.msg : "(loaded)", want,
	    "a file's syntax error carries its path");
	ydoc_free(d);
	unlink(path);
}

/* Walk the contract of DESIGN.md section 5 as mlo-validate would. */
static void
test_contract(void)
{
	static const char *const top[] = { "contract", "version", "owner",
	    "time", "entity", "frequency", "latency", "freshness",
	    "unknown_columns", "key", "rows", "columns", "when", "overrides",
	    NULL };
	static const char *const colkeys[] = { "name", "type", "unit",
	    "required", "range", "pattern", "values", "null_rate", "nan",
	    "normal", "stuck", "rate", NULL };
	char path[4096], where[32];
	const char *top_dir = getenv("MLO_TOP");
	const struct ynode *r, *cols, *c, *v, *rng;
	struct mlo_error e;
	struct ydoc *d;
	const char *s;
	double lo, hi;
	int64_t rep;
	int req, bad = 0;
	size_t i;

	snprintf(path, sizeof path, "%s/t/data/yaml/contract.yaml",
	    top_dir ? top_dir : ".");
	d = ydoc_load_file(path, &e);
	if (!ok(d != NULL, "the DESIGN.md contract loads")) {
		printf("# %s\n", e.msg);
		return;
	}
	r = ydoc_root(d);
	ok(ynode_check_keys(d, r, top, NULL, &e) == 0, "top keys known");
	ok(ynode_str(d, ynode_get(r, "contract"), "contract", &s, &e) == 0 &&
	    strcmp(s, "bearing-vibration") == 0, "contract name");
	ok(ynode_str(d, ynode_get(r, "version"), "version", &s, &e) == 0 &&
	    strcmp(s, "1.2.0") == 0, "version is a string");
	v = ynode_get(ynode_get(r, "time"), "column");
	ok(v != NULL && strcmp(v->str, "ts") == 0, "time.column");
	v = ynode_get(r, "key");
	ok(ynode_want(d, v, YNODE_SEQ, "key", &e) == 0 && v->n == 2 &&
	    strcmp(v->items[1]->str, "ts") == 0, "key: [asset_id, ts]");
	ok(ynode_int(d, ynode_get(ynode_get(r, "rows"), "min"), "min", &rep,
	    &e) == 0 && rep == 100, "rows.min is 100");

	cols = ynode_get(r, "columns");
	ok(ynode_want(d, cols, YNODE_SEQ, "columns", &e) == 0 &&
	    cols->n == 4, "four columns");
	for (i = 0; cols != NULL && i < cols->n; i++) {
		c = cols->items[i];
		snprintf(where, sizeof where, "columns[%zu]", i);
		if (ynode_check_keys(d, c, colkeys, where, &e) == -1 ||
		    ynode_need(d, c, "name", where, &e) == NULL ||
		    ynode_need(d, c, "type", where, &e) == NULL) {
			printf("# %s\n", e.msg);
			bad++;
		}
	}
	ok(bad == 0, "every column has known keys, a name and a type");
	if (cols == NULL || cols->n < 4)
		goto out;

	c = cols->items[0];
	ok(ynode_bool(d, ynode_get(c, "required"), "required", &req, &e) ==
	    0 && req == 1, "ts is required");
	c = cols->items[1];
	ok(ynode_str(d, ynode_get(c, "pattern"), "pattern", &s, &e) == 0 &&
	    strcmp(s, "^B-[0-9]{4}$") == 0, "asset_id pattern, quoted");
	c = cols->items[2];
	is_long(c->line * 100 + c->col, 1605, "vib_hz column starts at 16:5");
	rng = ynode_get(c, "range");
	ok(rng != NULL && rng->n == 2 &&
	    ynode_num(d, rng->items[0], "range", &lo, &e) == 0 &&
	    ynode_num(d, rng->items[1], "range", &hi, &e) == 0 &&
	    lo == 0 && hi == 500, "vib_hz range [0, 500]");
	is_long(rng->items[1]->line * 100 + rng->items[1]->col, 1916,
	    "500 at 19:16");
	v = ynode_get(ynode_get(c, "null_rate"), "max");
	ok(ynode_num(d, v, "max", &hi, &e) == 0 && hi == 0.05,
	    "null_rate.max 0.05");
	rng = ynode_get(ynode_get(c, "normal"), "range");
	ok(ynode_num(d, rng->items[1], "range", &hi, &e) == 0 && hi == 400,
	    "normal.range upper 400");
	ok(ynode_int(d, ynode_get(ynode_get(c, "stuck"), "repeats"),
	    "repeats", &rep, &e) == 0 && rep == 20, "stuck.repeats 20");
	v = ynode_get(ynode_get(c, "normal"), "severity");
	ok(v != NULL && strcmp(v->str, "critical") == 0, "normal.severity");
	c = cols->items[3];
	v = ynode_get(c, "values");
	ok(v != NULL && v->n == 3 && strcmp(v->items[2]->str, "fault") == 0,
	    "status values");
out:
	ydoc_free(d);
}

/* A contract with the mistakes people make, each reported where it is. */
static void
test_contract_mistakes(void)
{
	static const char *const colkeys[] = { "name", "type", "unit",
	    "range", "null_rate", NULL };
	static const char text[] =
	    "contract: pump\n"
	    "columns:\n"
	    "  - name: flow\n"
	    "    type: number\n"
	    "    rnage: [0, 500]\n"
	    "  - name: temp\n"
	    "    type: number\n"
	    "    range: [0, hot]\n";
	struct ydoc *d;
	struct mlo_error e;
	const struct ynode *cols, *rng;
	double v;

	d = load(text);
	if (!ok(d != NULL, "a contract with mistakes still loads"))
		return;
	cols = ynode_get(ydoc_root(d), "columns");
	is_str(msg(ynode_check_keys(d, cols->items[0], colkeys, "columns[0]",
	    &e), &e),
	    "t.yaml:5:5: unknown key 'rnage' in 'columns[0]', "
	    "did you mean 'range'?", "contract: misspelt key");
	rng = ynode_get(cols->items[1], "range");
	is_str(msg(ynode_num(d, rng->items[1], "range", &v, &e), &e),
	    "t.yaml:8:16: 'range' needs a number, got 'hot'",
	    "contract: a word for a number");
	ydoc_free(d);
}

int
main(void)
{
	test_positions();
	test_documents();
	test_syntax();
	test_keys();
	test_aliases();
	test_limits();
	test_tags();
	test_getters();
	test_check_keys();
	test_files();
	test_contract();
	test_contract_mistakes();
	return tap_done();
}
