/*
 * yamlcfg: YAML configuration files as located, read-only trees.
 *
 * The tree is built from libyaml's event stream rather than with
 * yaml_parser_load, so that anchors are ours to register: an alias then
 * shares its node instead of being copied, an alias inside its own anchor
 * is caught, and the size of the document with every alias expanded is
 * known before anyone walks it.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <yaml.h>

#include "diag.h"
#include "num.h"
#include "util.h"
#include "yamlcfg.h"

/* A node and what only the loader needs to know about it. */
struct ynodex {
	struct ynode	 node;		/* first, so a struct ynode * converts */
	size_t		 weight;	/* nodes a full walk visits from here */
	int		 open;		/* a collection still being read */
	char		*own;		/* the string to free, if ours */
};

struct ydoc {
	char		 *name;
	struct ynode	 *root;
	struct ynodex	**nodes;	/* every node, each once, to free */
	size_t		  nnodes, nodecap;
};

struct anchor {
	char		*name;
	struct ynodex	*node;
};

/* A collection being read. */
struct frame {
	struct ynodex	*x;
	size_t		 cap;		/* room in items (and keys) */
	struct ynode	*key;		/* map: the key awaiting its value */
};

struct loader {
	struct ydoc		*d;
	const char		*text;	/* the input, for reader errors */
	size_t			 len;
	struct mlo_error	*e;
	struct frame		 stack[YDOC_MAX_DEPTH];
	int			 depth;
	struct anchor		*anchors;
	size_t			 nanchors, anchorcap;
	size_t			 total;	/* nodes of a full walk so far */
	int			 ndocs;
};

#define CORE_TAG	"tag:yaml.org,2002:"

static void	quote(const struct ynode *, char *, size_t);

static int
load_err(struct loader *l, const yaml_mark_t *m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
load_err(struct loader *l, const yaml_mark_t *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror_at(l->e, l->d->name, (long)m->line + 1, (long)m->column + 1,
	    fmt, ap);
	va_end(ap);
	return -1;
}

static struct ynodex *
node_new(struct loader *l, enum ynode_type type, const yaml_mark_t *m)
{
	struct ydoc *d = l->d;
	struct ynodex *x;

	if (d->nnodes == d->nodecap) {
		d->nodecap = d->nodecap ? d->nodecap * 2 : 64;
		d->nodes = xreallocarray(d->nodes, d->nodecap,
		    sizeof d->nodes[0]);
	}
	x = xcalloc(1, sizeof *x);
	x->node.type = type;
	x->node.line = (long)m->line + 1;
	x->node.col = (long)m->column + 1;
	x->weight = 1;
	d->nodes[d->nnodes++] = x;
	return x;
}

/*
 * count: add WEIGHT nodes to the expanded size.  Checked as we go, so an
 * alias bomb is refused at the alias that tips it, long before anyone
 * walks it.
 */
static int
count(struct loader *l, size_t weight, const yaml_mark_t *m)
{
	l->total += weight;
	if (l->total > YDOC_MAX_NODES)
		return load_err(l, m, "document expands to more than %d nodes "
		    "(alias bomb?)", YDOC_MAX_NODES);
	return 0;
}

/* show_tag: "!!str" for the core schema's long form, else the tag. */
static void
show_tag(const char *tag, char *buf, size_t sz)
{
	if (strncmp(tag, CORE_TAG, strlen(CORE_TAG)) == 0)
		snprintf(buf, sz, "!!%s", tag + strlen(CORE_TAG));
	else
		snprintf(buf, sz, "%s", tag);
}

/*
 * tag_err: a tag we know but that does not fit the node, or one we do not
 * know at all (!!binary, !!set, local tags...).
 */
static int
tag_err(struct loader *l, const yaml_event_t *ev, const char *tag,
    const char *node)
{
	static const char *const known[] = { YAML_STR_TAG, YAML_NULL_TAG,
	    YAML_BOOL_TAG, YAML_INT_TAG, YAML_FLOAT_TAG, YAML_SEQ_TAG,
	    YAML_MAP_TAG, NULL };
	char show[128];
	size_t i;

	show_tag(tag, show, sizeof show);
	for (i = 0; known[i] != NULL; i++)
		if (strcmp(tag, known[i]) == 0)
			return load_err(l, &ev->start_mark,
			    "tag '%s' cannot label %s", show, node);
	return load_err(l, &ev->start_mark, "unsupported tag '%s'", show);
}

/*
 * scalar_tag: what the tag makes of a scalar.  Typing tags make it plain
 * so that the getters read it as a null, bool or number; "!" and !!str
 * make it a string.
 */
static int
scalar_tag(struct loader *l, const yaml_event_t *ev, struct ynodex *x)
{
	const char *tag = (const char *)ev->data.scalar.tag;

	x->node.plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	if (tag == NULL)
		return 0;
	if (strcmp(tag, "!") == 0 || strcmp(tag, YAML_STR_TAG) == 0) {
		x->node.plain = 0;
		return 0;
	}
	if (strcmp(tag, YAML_NULL_TAG) == 0 ||
	    strcmp(tag, YAML_BOOL_TAG) == 0 ||
	    strcmp(tag, YAML_INT_TAG) == 0 ||
	    strcmp(tag, YAML_FLOAT_TAG) == 0) {
		x->node.plain = 1;
		return 0;
	}
	return tag_err(l, ev, tag, "a single value");
}

static int
collection_tag(struct loader *l, const yaml_event_t *ev, const char *tag,
    enum ynode_type type)
{
	const char *want = type == YNODE_SEQ ? YAML_SEQ_TAG : YAML_MAP_TAG;

	if (tag == NULL || strcmp(tag, "!") == 0 || strcmp(tag, want) == 0)
		return 0;
	return tag_err(l, ev, tag, type == YNODE_SEQ ? "a list" : "a mapping");
}

/* anchor_add: remember that NAME labels X; a later same name wins. */
static void
anchor_add(struct loader *l, const yaml_char_t *name, struct ynodex *x)
{
	if (name == NULL)
		return;
	if (l->nanchors == l->anchorcap) {
		l->anchorcap = l->anchorcap ? l->anchorcap * 2 : 16;
		l->anchors = xreallocarray(l->anchors, l->anchorcap,
		    sizeof l->anchors[0]);
	}
	l->anchors[l->nanchors].name = xstrdup((const char *)name);
	l->anchors[l->nanchors].node = x;
	l->nanchors++;
}

static void
push_item(struct frame *f, struct ynode *key, struct ynode *value)
{
	struct ynode *c = &f->x->node;

	if (c->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		c->items = xreallocarray(c->items, f->cap, sizeof c->items[0]);
		if (c->type == YNODE_MAP)
			c->keys = xreallocarray(c->keys, f->cap,
			    sizeof c->keys[0]);
	}
	if (c->type == YNODE_MAP)
		c->keys[c->n] = key;
	c->items[c->n++] = value;
}

/*
 * place: put the complete or just opened node X where the stream says:
 * the root, a list item, a key or a value.  M is where X was written
 * (for an alias, the alias).
 */
static int
place(struct loader *l, struct ynodex *x, const yaml_mark_t *m)
{
	struct frame *f;
	struct ynode *n = &x->node;

	if (l->depth == 0) {
		l->d->root = n;
		return 0;
	}
	f = &l->stack[l->depth - 1];
	if (f->x->node.type == YNODE_SEQ) {
		push_item(f, NULL, n);
		return 0;
	}
	if (f->key != NULL) {
		push_item(f, f->key, n);
		f->key = NULL;
		return 0;
	}
	if (n->type != YNODE_SCALAR)
		return load_err(l, m, "a mapping key must be a scalar");
	if (n->plain && n->len == 2 && memcmp(n->str, "<<", 2) == 0)
		return load_err(l, m, "merge keys ('<<') are not supported: "
		    "write the keys out");
	f->key = n;
	return 0;
}

/* Add a closed node's weight to the collection that holds it. */
static void
weigh(struct loader *l, const struct ynodex *x)
{
	if (l->depth > 0)
		l->stack[l->depth - 1].x->weight += x->weight;
}

static int
on_scalar(struct loader *l, const yaml_event_t *ev)
{
	struct ynodex *x;
	char *s;

	x = node_new(l, YNODE_SCALAR, &ev->start_mark);
	s = xmalloc(ev->data.scalar.length + 1);
	memcpy(s, ev->data.scalar.value, ev->data.scalar.length);
	s[ev->data.scalar.length] = '\0';
	x->own = s;
	x->node.str = s;
	x->node.len = ev->data.scalar.length;
	if (scalar_tag(l, ev, x) == -1 || count(l, 1, &ev->start_mark) == -1)
		return -1;
	anchor_add(l, ev->data.scalar.anchor, x);
	if (place(l, x, &ev->start_mark) == -1)
		return -1;
	weigh(l, x);
	return 0;
}

static int
on_alias(struct loader *l, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	const struct frame *f;
	struct ynodex *x = NULL, *copy;
	size_t i;

	for (i = l->nanchors; i > 0; i--)
		if (strcmp(l->anchors[i - 1].name, name) == 0) {
			x = l->anchors[i - 1].node;
			break;
		}
	if (x == NULL)
		return load_err(l, &ev->start_mark, "undefined alias '*%s'",
		    name);
	if (x->open)
		return load_err(l, &ev->start_mark, "alias '*%s' refers to a "
		    "node that contains it", name);
	if (count(l, x->weight, &ev->start_mark) == -1)
		return -1;
	/*
	 * A key given as an alias gets a node of its own, at the alias, so
	 * that a duplicate or unknown key is reported where it is written.
	 */
	f = l->depth > 0 ? &l->stack[l->depth - 1] : NULL;
	if (f != NULL && f->x->node.type == YNODE_MAP && f->key == NULL &&
	    x->node.type == YNODE_SCALAR) {
		copy = node_new(l, YNODE_SCALAR, &ev->start_mark);
		copy->node.str = x->node.str;
		copy->node.len = x->node.len;
		copy->node.plain = x->node.plain;
		x = copy;
	}
	if (place(l, x, &ev->start_mark) == -1)
		return -1;
	weigh(l, x);
	return 0;
}

static int
on_open(struct loader *l, const yaml_event_t *ev, enum ynode_type type)
{
	const yaml_char_t *tag, *name;
	struct ynodex *x;
	struct frame *f;

	if (type == YNODE_SEQ) {
		tag = ev->data.sequence_start.tag;
		name = ev->data.sequence_start.anchor;
	} else {
		tag = ev->data.mapping_start.tag;
		name = ev->data.mapping_start.anchor;
	}
	if (l->depth == YDOC_MAX_DEPTH)
		return load_err(l, &ev->start_mark, "nesting deeper than %d "
		    "levels", YDOC_MAX_DEPTH);
	if (collection_tag(l, ev, (const char *)tag, type) == -1)
		return -1;
	x = node_new(l, type, &ev->start_mark);
	x->open = 1;
	if (count(l, 1, &ev->start_mark) == -1)
		return -1;
	anchor_add(l, name, x);
	if (place(l, x, &ev->start_mark) == -1)
		return -1;
	f = &l->stack[l->depth++];
	f->x = x;
	f->cap = 0;
	f->key = NULL;
	return 0;
}

struct keyref {
	const struct ynode	*key;
	size_t			 i;
};

static int
keyref_cmp(const void *a, const void *b)
{
	const struct keyref *p = a, *q = b;
	size_t n = p->key->len < q->key->len ? p->key->len : q->key->len;
	int c;

	if ((c = memcmp(p->key->str, q->key->str, n)) != 0)
		return c;
	if (p->key->len != q->key->len)
		return p->key->len < q->key->len ? -1 : 1;
	return p->i < q->i ? -1 : p->i > q->i;
}

/*
 * dup_keys: report the first key, in the order written, that repeats an
 * earlier one.  Sorting keeps a mapping of many keys from costing n^2.
 */
static int
dup_keys(struct loader *l, const struct ynode *map)
{
	struct keyref *ref;
	const struct ynode *k;
	size_t i, first = SIZE_MAX;
	char q[48];

	if (map->n < 2)
		return 0;
	ref = xreallocarray(NULL, map->n, sizeof ref[0]);
	for (i = 0; i < map->n; i++) {
		ref[i].key = map->keys[i];
		ref[i].i = i;
	}
	qsort(ref, map->n, sizeof ref[0], keyref_cmp);
	for (i = 1; i < map->n; i++)
		if (ref[i].key->len == ref[i - 1].key->len &&
		    memcmp(ref[i].key->str, ref[i - 1].key->str,
		    ref[i].key->len) == 0 && ref[i].i < first)
			first = ref[i].i;
	free(ref);
	if (first == SIZE_MAX)
		return 0;
	k = map->keys[first];
	quote(k, q, sizeof q);
	return error_at(l->e, l->d->name, k->line, k->col,
	    "duplicate key '%s'", q);
}

static int
on_close(struct loader *l)
{
	struct frame *f = &l->stack[--l->depth];

	f->x->open = 0;
	if (f->x->node.type == YNODE_MAP && dup_keys(l, &f->x->node) == -1)
		return -1;
	weigh(l, f->x);
	return 0;
}

/*
 * reader_err: libyaml gives only a byte offset for undecodable input;
 * turn it into a line and a column of characters, as the marks count.
 * UTF-16 input has no such simple count, so its offset stays an offset.
 */
static int
reader_err(struct loader *l, const yaml_parser_t *p)
{
	const unsigned char *s = (const unsigned char *)l->text;
	size_t i, off = p->problem_offset;
	char what[160];
	long line = 1, col = 1;

	if (p->problem_value != -1)
		snprintf(what, sizeof what, "%s (0x%02X)", p->problem,
		    (unsigned)p->problem_value);
	else
		snprintf(what, sizeof what, "%s", p->problem);
	if (l->len >= 2 && ((s[0] == 0xFE && s[1] == 0xFF) ||
	    (s[0] == 0xFF && s[1] == 0xFE)))
		return error_at(l->e, l->d->name, 0, 0, "byte %zu: %s", off,
		    what);
	for (i = 0; i < off && i < l->len; i++)
		if (s[i] == '\n') {
			line++;
			col = 1;
		} else if ((s[i] & 0xC0) != 0x80)
			col++;
	return error_at(l->e, l->d->name, line, col, "%s", what);
}

static int
syntax_err(struct loader *l, const yaml_parser_t *p)
{
	const char *problem = p->problem ? p->problem : "syntax error";

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		return error_at(l->e, l->d->name, 0, 0, "out of memory");
	case YAML_READER_ERROR:
		return reader_err(l, p);
	default:
		break;
	}
	if (p->context != NULL)
		return load_err(l, &p->problem_mark, "%s (%s at %ld:%ld)",
		    problem, p->context, (long)p->context_mark.line + 1,
		    (long)p->context_mark.column + 1);
	return load_err(l, &p->problem_mark, "%s", problem);
}

/* on_event: 1 at the end of the stream, 0 to go on, -1 on error. */
static int
on_event(struct loader *l, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (l->ndocs++ > 0)
			return load_err(l, &ev->start_mark,
			    "more than one document");
		return 0;
	case YAML_SCALAR_EVENT:
		return on_scalar(l, ev);
	case YAML_ALIAS_EVENT:
		return on_alias(l, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_open(l, ev, YNODE_SEQ);
	case YAML_MAPPING_START_EVENT:
		return on_open(l, ev, YNODE_MAP);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_close(l);
	case YAML_STREAM_END_EVENT:
		return 1;
	default:
		return 0;
	}
}

static int
parse(struct loader *l)
{
	yaml_parser_t p;
	yaml_event_t ev;
	int r;

	if (!yaml_parser_initialize(&p))
		return error_at(l->e, l->d->name, 0, 0, "out of memory");
	/* libyaml asserts a non-NULL input, even an empty one. */
	yaml_parser_set_input_string(&p, (const unsigned char *)(l->text ?
	    l->text : ""), l->len);
	do {
		if (!yaml_parser_parse(&p, &ev)) {
			r = syntax_err(l, &p);
			break;
		}
		r = on_event(l, &ev);
		yaml_event_delete(&ev);
	} while (r == 0);
	yaml_parser_delete(&p);
	return r == 1 ? 0 : -1;
}

struct ydoc *
ydoc_load_mem(const char *name, const char *text, size_t len,
    struct mlo_error *e)
{
	struct loader l;
	struct ydoc *d;
	const struct ynode *root;
	size_t i;
	int r;

	d = xcalloc(1, sizeof *d);
	d->name = xstrdup(name);
	if (len > YDOC_MAX_BYTES) {
		error_at(e, d->name, 0, 0, "larger than %lu MiB",
		    YDOC_MAX_BYTES >> 20);
		ydoc_free(d);
		return NULL;
	}
	memset(&l, 0, sizeof l);
	l.d = d;
	l.text = text;
	l.len = len;
	l.e = e;
	r = parse(&l);
	for (i = 0; i < l.nanchors; i++)
		free(l.anchors[i].name);
	free(l.anchors);
	root = d->root;
	/* "---" alone gives an empty plain scalar: nothing was written. */
	if (r == 0 && (root == NULL || (root->type == YNODE_SCALAR &&
	    root->plain && root->len == 0)))
		r = error_at(e, d->name, 0, 0, "empty document");
	if (r == -1) {
		ydoc_free(d);
		return NULL;
	}
	return d;
}

/* read_all: the whole of FD into B, refusing more than the limit. */
static int
read_all(int fd, const char *name, struct buf *b, struct mlo_error *e)
{
	ssize_t got;

	for (;;) {
		buf_grow(b, 65536);
		got = read(fd, b->data + b->len, b->cap - b->len - 1);
		if (got == -1 && errno == EINTR)
			continue;
		if (got == -1)
			return error_at(e, name, 0, 0, "%s", strerror(errno));
		if (got == 0)
			return 0;
		b->len += (size_t)got;
		if (b->len > YDOC_MAX_BYTES)
			return error_at(e, name, 0, 0, "larger than %lu MiB",
			    YDOC_MAX_BYTES >> 20);
	}
}

struct ydoc *
ydoc_load_file(const char *path, struct mlo_error *e)
{
	const char *name = display_name(path);
	struct buf b = { 0 };
	struct ydoc *d = NULL;
	int fd, from_stdin = path == NULL || strcmp(path, "-") == 0;

	if (from_stdin)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		error_at(e, name, 0, 0, "%s", strerror(errno));
		return NULL;
	}
	if (read_all(fd, name, &b, e) == 0)
		d = ydoc_load_mem(name, b.data, b.len, e);
	if (!from_stdin)
		close(fd);
	buf_free(&b);
	return d;
}

const struct ynode *
ydoc_root(const struct ydoc *d)
{
	return d->root;
}

const char *
ydoc_name(const struct ydoc *d)
{
	return d->name;
}

void
ydoc_free(struct ydoc *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nnodes; i++) {
		free(d->nodes[i]->node.items);
		free(d->nodes[i]->node.keys);
		free(d->nodes[i]->own);
		free(d->nodes[i]);
	}
	free(d->nodes);
	free(d->name);
	free(d);
}

int
ydoc_err(const struct ydoc *d, const struct ynode *n, struct mlo_error *e,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror_at(e, d->name, n ? n->line : 0, n ? n->col : 0, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * quote: a scalar for a message, cut at 40 bytes (not inside a UTF-8
 * character) and with control characters shown as '?', so that a block
 * of text or a stray escape cannot wreck the message line.
 */
static void
quote(const struct ynode *n, char *buf, size_t sz)
{
	size_t i, len = n->len, max = 40;
	unsigned char c;

	if (sz < max + 4)
		max = sz - 4;
	if (len > max) {
		len = max;
		while (len > 0 && ((unsigned char)n->str[len] & 0xC0) == 0x80)
			len--;
	}
	for (i = 0; i < len; i++) {
		c = (unsigned char)n->str[i];
		buf[i] = c < 0x20 || c == 0x7F ? '?' : (char)c;
	}
	if (len < n->len)
		buf[i++] = '.', buf[i++] = '.', buf[i++] = '.';
	buf[i] = '\0';
}

/* describe: what N is, for the "got ..." end of a message. */
static void
describe(const struct ynode *n, char *buf, size_t sz)
{
	char q[48];

	if (n->type == YNODE_SEQ)
		snprintf(buf, sz, "a list");
	else if (n->type == YNODE_MAP)
		snprintf(buf, sz, "a mapping");
	else if (ynode_is_null(n))
		snprintf(buf, sz, n->len == 0 ? "nothing" : "null");
	else {
		quote(n, q, sizeof q);
		snprintf(buf, sz, n->plain ? "'%s'" : "the string '%s'", q);
	}
}

/* needs: the error "'WHAT' needs KIND, got ..." at N. */
static int
needs(const struct ydoc *d, const struct ynode *n, const char *what,
    const char *kind, struct mlo_error *e)
{
	char got[80];

	if (n == NULL)
		return ydoc_err(d, NULL, e, "missing '%s'", what);
	describe(n, got, sizeof got);
	if (what == NULL)
		return ydoc_err(d, n, e, "expected %s, got %s", kind, got);
	return ydoc_err(d, n, e, "'%s' needs %s, got %s", what, kind, got);
}

const struct ynode *
ynode_get(const struct ynode *map, const char *key)
{
	size_t i, len = strlen(key);

	if (map == NULL || map->type != YNODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (map->keys[i]->len == len &&
		    memcmp(map->keys[i]->str, key, len) == 0)
			return map->items[i];
	return NULL;
}

const struct ynode *
ynode_need(const struct ydoc *d, const struct ynode *map, const char *key,
    const char *where, struct mlo_error *e)
{
	const struct ynode *v;

	if (ynode_want(d, map, YNODE_MAP, where, e) == -1)
		return NULL;
	if ((v = ynode_get(map, key)) != NULL)
		return v;
	if (where == NULL)
		ydoc_err(d, map, e, "missing key '%s'", key);
	else
		ydoc_err(d, map, e, "missing key '%s' in '%s'", key, where);
	return NULL;
}

int
ynode_is_null(const struct ynode *n)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL",
	    NULL };
	size_t i;

	if (n == NULL)
		return 1;
	if (n->type != YNODE_SCALAR || !n->plain)
		return 0;
	for (i = 0; nulls[i] != NULL; i++)
		if (strlen(nulls[i]) == n->len &&
		    memcmp(nulls[i], n->str, n->len) == 0)
			return 1;
	return 0;
}

int
ynode_str(const struct ydoc *d, const struct ynode *n, const char *what,
    const char **out, struct mlo_error *e)
{
	if (n == NULL || n->type != YNODE_SCALAR)
		return needs(d, n, what, "a string", e);
	*out = n->str;
	return 0;
}

/* is_yaml_special: YAML's spellings of infinity and not-a-number. */
static int
is_yaml_special(const struct ynode *n)
{
	const char *s = n->str;

	if (n->len > 0 && (s[0] == '+' || s[0] == '-'))
		s++;
	return strcmp(s, ".inf") == 0 || strcmp(s, ".Inf") == 0 ||
	    strcmp(s, ".INF") == 0 || strcmp(n->str, ".nan") == 0 ||
	    strcmp(n->str, ".NaN") == 0 || strcmp(n->str, ".NAN") == 0;
}

int
ynode_num(const struct ydoc *d, const struct ynode *n, const char *what,
    double *out, struct mlo_error *e)
{
	double v;

	if (n == NULL || n->type != YNODE_SCALAR || !n->plain ||
	    ynode_is_null(n))
		return needs(d, n, what, "a number", e);
	if (num_parse(n->str, n->len, &v) == -1) {
		if (is_yaml_special(n))
			return needs(d, n, what, "a finite number", e);
		return needs(d, n, what, "a number", e);
	}
	if (!isfinite(v))
		return needs(d, n, what, "a finite number", e);
	*out = v;
	return 0;
}

int
ynode_int(const struct ydoc *d, const struct ynode *n, const char *what,
    int64_t *out, struct mlo_error *e)
{
	size_t i;

	if (n == NULL || n->type != YNODE_SCALAR || !n->plain ||
	    ynode_is_null(n))
		return needs(d, n, what, "an integer", e);
	if (num_parse_int(n->str, n->len, out) == 0)
		return 0;
	/* All digits, yet refused: too many of them. */
	i = n->len > 0 && (n->str[0] == '-' || n->str[0] == '+');
	if (i < n->len && strspn(n->str + i, "0123456789") == n->len - i)
		return needs(d, n, what, "an integer that fits in 64 bits", e);
	return needs(d, n, what, "an integer", e);
}

int
ynode_bool(const struct ydoc *d, const struct ynode *n, const char *what,
    int *out, struct mlo_error *e)
{
	static const char *const yes[] = { "true", "yes", "on", NULL };
	static const char *const no[] = { "false", "no", "off", NULL };
	size_t i;

	if (n != NULL && n->type == YNODE_SCALAR && n->plain &&
	    strlen(n->str) == n->len)
		for (i = 0; yes[i] != NULL; i++) {
			if (strcasecmp(n->str, yes[i]) == 0) {
				*out = 1;
				return 0;
			}
			if (strcasecmp(n->str, no[i]) == 0) {
				*out = 0;
				return 0;
			}
		}
	return needs(d, n, what, "true or false", e);
}

int
ynode_want(const struct ydoc *d, const struct ynode *n, enum ynode_type t,
    const char *what, struct mlo_error *e)
{
	static const char *const kind[] = { "a single value", "a list",
	    "a mapping" };

	if (n != NULL && n->type == t)
		return 0;
	return needs(d, n, what, kind[t], e);
}

/*
 * distance: edit distance of A and B where swapping two neighbours counts
 * one (optimal string alignment), or 3 when it is surely more than 2.
 */
static size_t
distance(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t row[3][66], *pp, *p, *c, *t, i, j, v;

	if (blen > 64 || (alen > blen ? alen - blen : blen - alen) > 2)
		return 3;
	for (j = 0; j <= blen; j++)
		row[1][j] = j;
	pp = row[0], p = row[1], c = row[2];
	for (i = 1; i <= alen; i++) {
		c[0] = i;
		for (j = 1; j <= blen; j++) {
			v = p[j - 1] + (a[i - 1] != b[j - 1]);
			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
		}
		t = pp;
		pp = p, p = c, c = t;
	}
	return p[blen];
}

int
ynode_check_keys(const struct ydoc *d, const struct ynode *map,
    const char *const *allowed, const char *where, struct mlo_error *e)
{
	const struct ynode *k;
	const char *best;
	size_t i, j, dist, bestdist;
	char q[48], in[160] = "", hint[80] = "";

	if (ynode_want(d, map, YNODE_MAP, where, e) == -1)
		return -1;
	for (i = 0; i < map->n; i++) {
		k = map->keys[i];
		for (j = 0; allowed[j] != NULL; j++)
			if (strlen(allowed[j]) == k->len &&
			    memcmp(allowed[j], k->str, k->len) == 0)
				break;
		if (allowed[j] != NULL)
			continue;
		best = NULL;
		bestdist = 3;
		for (j = 0; allowed[j] != NULL; j++) {
			dist = distance(k->str, k->len, allowed[j],
			    strlen(allowed[j]));
			if (dist < bestdist) {
				bestdist = dist;
				best = allowed[j];
			}
		}
		quote(k, q, sizeof q);
		if (where != NULL)
			snprintf(in, sizeof in, " in '%s'", where);
		if (best != NULL)
			snprintf(hint, sizeof hint, ", did you mean '%s'?",
			    best);
		return ydoc_err(d, k, e, "unknown key '%s'%s%s", q, in, hint);
	}
	return 0;
}

const char *
ystr_closest(const char *s, size_t len, const char *const *allowed)
{
	const char *best = NULL;
	size_t j, dist, bestdist = 3;

	for (j = 0; allowed[j] != NULL; j++) {
		dist = distance(s, len, allowed[j], strlen(allowed[j]));
		if (dist < bestdist) {
			bestdist = dist;
			best = allowed[j];
		}
	}
	return best;
}
