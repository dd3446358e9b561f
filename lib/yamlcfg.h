/*
 * yamlcfg: a configuration file (contract, feature spec, policy) loaded
 * from YAML as a read-only tree in which every node knows where it starts,
 * so that every mistake can be reported as "FILE:LINE:COL: what".
 *
 * A document is exactly one YAML document.  Refused, with a located
 * message:
 *	- input larger than YDOC_MAX_BYTES ("FILE: larger than 16 MiB");
 *	- no document, or one that holds nothing ("FILE: empty document");
 *	- a second document ("more than one document");
 *	- syntax errors, with libyaml's own words and position;
 *	- a key that is not a scalar, a duplicate key (reported at the second
 *	  one), a merge key "<<";
 *	- nesting deeper than YDOC_MAX_DEPTH collections;
 *	- tags other than the YAML core ones (see below);
 *	- an alias to no anchor, an alias inside the node it refers to, and a
 *	  document that would have more than YDOC_MAX_NODES nodes if every
 *	  alias were expanded ("alias bomb").
 *
 * Aliases are resolved by sharing: "*a" is the very node "&a" labelled,
 * so one node may appear at several places, and a node reached through an
 * alias reports the position of its anchor.  A mapping key given as an
 * alias is the exception: it is a fresh scalar at the alias's position
 * (sharing the text), so key errors point at the key that is wrong.
 *
 * Tags: none, "!" (a non-plain scalar: a string), !!str (the same), !!seq
 * and !!map (on the matching collection), !!null, !!bool, !!int and
 * !!float (on a scalar, which is then read as if it were plain, so that
 * "!!int '12'" is 12 to ynode_int).  Any other tag is refused.
 *
 * Nodes and their strings belong to the ydoc and live until ydoc_free.
 */
#ifndef MLO_YAMLCFG_H
#define MLO_YAMLCFG_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* Limits: input bytes, nested collections, nodes with aliases expanded. */
#define YDOC_MAX_BYTES	(16UL * 1024 * 1024)
#define YDOC_MAX_DEPTH	64
#define YDOC_MAX_NODES	100000

enum ynode_type { YNODE_SCALAR, YNODE_SEQ, YNODE_MAP };

struct ynode {
	enum ynode_type	 type;
	long		 line, col;	/* 1-based start; col counts characters */
	/*
	 * Scalars: the value after YAML unescaping and folding, always
	 * NUL-terminated; len counts bytes and is the truth when the value
	 * holds a NUL ("\0" in a double-quoted scalar).  NULL for
	 * collections.
	 */
	const char	*str;
	size_t		 len;
	/*
	 * The scalar was unquoted (or carried a typing tag), so it is open to
	 * interpretation: plain "", "~", "null" are null, plain 12 is a
	 * number, while quoted "12" and "null" are strings.
	 */
	int		 plain;
	size_t		 n;		/* seq: items; map: pairs; else 0 */
	struct ynode	**items;	/* seq items, or map values */
	struct ynode	**keys;		/* map keys (always scalars) */
};

struct ydoc;

/*
 * ydoc_load_file: read and parse PATH; NULL or "-" is standard input,
 * named "<stdin>" in messages.  ydoc_load_mem: parse TEXT[0..len),
 * calling it NAME in messages (TEXT need not be NUL-terminated and is not
 * kept).  Both return a document to free with ydoc_free, or NULL with E
 * filled.
 */
struct ydoc	*ydoc_load_file(const char *path, struct mlo_error *e);
struct ydoc	*ydoc_load_mem(const char *name, const char *text, size_t len,
		    struct mlo_error *e);

/* ydoc_root: the top node, never NULL.  ydoc_name: the name in messages. */
const struct ynode *ydoc_root(const struct ydoc *d);
const char	*ydoc_name(const struct ydoc *d);

/* ydoc_free: release D, every node and string in it; NULL is allowed. */
void		 ydoc_free(struct ydoc *d);

/*
 * ydoc_err: fill E with "NAME:LINE:COL: MESSAGE" at node N, or
 * "NAME: MESSAGE" when N is NULL.  Returns -1.
 */
int		 ydoc_err(const struct ydoc *d, const struct ynode *n,
		    struct mlo_error *e, const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));

/*
 * ynode_get: the value of KEY in MAP, or NULL when KEY is absent or MAP is
 * NULL or not a mapping.  ynode_need: the same, but an absent key is an
 * error at MAP, "missing key 'name' in 'columns[2]'" (" in 'WHERE'" left
 * out when WHERE is NULL), and a MAP that is not a mapping is an error
 * as ynode_want gives it.
 */
const struct ynode *ynode_get(const struct ynode *map, const char *key);
const struct ynode *ynode_need(const struct ydoc *d, const struct ynode *map,
		    const char *key, const char *where, struct mlo_error *e);

/*
 * ynode_is_null: N is NULL, or a plain scalar "", "~", "null", "Null" or
 * "NULL" (an absent value, as in "key:", is a plain "").
 */
int		 ynode_is_null(const struct ynode *n);

/*
 * Typed getters: 0 and *OUT set, or -1 with E filled at N, for instance
 * "FILE:12:7: 'range' needs a number, got 'abc'".  WHAT names the thing
 * in the message (usually the key).  A NULL N (an absent key) is
 * "FILE: missing 'WHAT'"; ynode_need gives a located message instead.
 *
 * ynode_str: any scalar, null ones included ("key:" gives ""); a string
 * owned by the document.
 * ynode_num: a plain scalar that num_parse reads as a finite number;
 * nan, inf, .inf, .nan and overflow to infinity are refused ("needs a
 * finite number"); quoted "12" is a string and refused.
 * ynode_int: a plain scalar of an optional sign and decimal digits that
 * fits in int64_t.
 * ynode_bool: a plain true/false, yes/no or on/off, in any case.
 * ynode_want: N is of type T, e.g. "'columns' needs a list, got a mapping".
 */
int		 ynode_str(const struct ydoc *d, const struct ynode *n,
		    const char *what, const char **out, struct mlo_error *e);
int		 ynode_num(const struct ydoc *d, const struct ynode *n,
		    const char *what, double *out, struct mlo_error *e);
int		 ynode_int(const struct ydoc *d, const struct ynode *n,
		    const char *what, int64_t *out, struct mlo_error *e);
int		 ynode_bool(const struct ydoc *d, const struct ynode *n,
		    const char *what, int *out, struct mlo_error *e);
int		 ynode_want(const struct ydoc *d, const struct ynode *n,
		    enum ynode_type t, const char *what, struct mlo_error *e);

/*
 * ynode_check_keys: every key of MAP is in ALLOWED (NULL-terminated), else
 * an error at the first stranger, "unknown key 'rnage' in 'columns[2]',
 * did you mean 'range'?" (the hint names the closest allowed key within
 * edit distance 2, a swap of neighbours counting one; " in 'WHERE'" is
 * left out when WHERE is NULL).  MAP must be a mapping (ynode_want's
 * message otherwise, WHERE naming it).
 */
int		 ynode_check_keys(const struct ydoc *d, const struct ynode *map,
		    const char *const *allowed, const char *where,
		    struct mlo_error *e);

/*
 * ystr_closest: the string of ALLOWED (NULL-terminated) closest to
 * S[0..len) within edit distance 2 (a swap of neighbours counting one),
 * as ynode_check_keys hints; NULL when none is that close.  For programs
 * that check names that are values or keys of their own ("unknown metric
 * 'acu', did you mean 'auc'?").
 */
const char	*ystr_closest(const char *s, size_t len,
		    const char *const *allowed);

#endif
