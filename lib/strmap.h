/*
 * strmap: a map from byte strings to small integers (column numbers,
 * entity slots, category counts), open addressing with linear probing.
 * Keys are copied; lookups by (pointer, length) need no NUL.
 */
#ifndef MLO_STRMAP_H
#define MLO_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap {
	struct strmap_slot *slots;
	size_t cap;		/* a power of two, or 0 */
	size_t n;		/* keys held */
};

struct strmap_slot {
	char *key;		/* NULL: empty slot */
	size_t len;
	uint64_t hash;
	int64_t value;
};

/* strmap_get: the value for KEY, or -1 when absent. */
int64_t strmap_get(const struct strmap *m, const char *key, size_t len);
/* strmap_put: set KEY to VALUE (VALUE >= 0), adding it when absent. */
void strmap_put(struct strmap *m, const char *key, size_t len, int64_t value);
/* strmap_key: the stored copy of KEY, or NULL when absent. */
const char *strmap_key(const struct strmap *m, const char *key, size_t len);
void strmap_free(struct strmap *m);

/* hash_bytes: the hash strmap uses (FNV-1a, 64 bit): stable across runs. */
uint64_t hash_bytes(const void *p, size_t n);

#endif
