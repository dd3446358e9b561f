/*
 * Unit tests of lib/strmap: put, get and key on a few keys, growth past
 * several thousand keys (every key still found with its value), keys that
 * hold NUL bytes (lookups go by length, not by C string), absent keys, and
 * the hash being the published FNV-1a so that it is stable across runs.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "strmap.h"
#include "tap.h"

#define N_MANY 20000

static void
test_basic(void)
{
	struct strmap m = {0};
	const char *k;
	char probe[8];

	is_long((long)strmap_get(&m, "a", 1), -1, "get on an empty map is -1");
	ok(strmap_key(&m, "a", 1) == NULL, "key on an empty map is NULL");
	strmap_free(&m);	/* freeing an empty map is fine */

	strmap_put(&m, "alpha", 5, 0);
	strmap_put(&m, "beta", 4, 1);
	strmap_put(&m, "gamma", 5, 2);
	is_long((long)m.n, 3, "three keys held");
	is_long((long)strmap_get(&m, "alpha", 5), 0, "get alpha is 0");
	is_long((long)strmap_get(&m, "beta", 4), 1, "get beta is 1");
	is_long((long)strmap_get(&m, "gamma", 5), 2, "get gamma is 2");
	is_long((long)strmap_get(&m, "delta", 5), -1, "get of absent delta is -1");
	is_long((long)strmap_get(&m, "alph", 4), -1,
	    "get of a prefix of a key is -1");
	is_long((long)strmap_get(&m, "alphaX", 6), -1,
	    "get of a key extended by a byte is -1");
	is_long((long)strmap_get(&m, "", 0), -1, "get of the empty key is -1");

	/* Lookups need no NUL: a key inside a longer buffer. */
	memcpy(probe, "betaXYZ", 8);
	is_long((long)strmap_get(&m, probe, 4), 1,
	    "get by (pointer, length) inside a longer buffer");

	strmap_put(&m, "beta", 4, 42);
	is_long((long)strmap_get(&m, "beta", 4), 42, "put again replaces the value");
	is_long((long)m.n, 3, "replacing does not add a key");

	k = strmap_key(&m, "gamma", 5);
	is_str(k, "gamma", "key returns the stored copy, NUL-terminated");
	ok(k != NULL && k != (const char *)"gamma",
	    "the stored key is a copy, not the caller's pointer");
	ok(strmap_key(&m, "delta", 5) == NULL, "key of an absent key is NULL");

	strmap_put(&m, "", 0, 7);
	is_long((long)strmap_get(&m, "", 0), 7, "the empty key can be stored");
	is_str(strmap_key(&m, "", 0), "", "the empty key's copy is \"\"");

	strmap_put(&m, "big", 3, INT64_C(1) << 40);
	ok(strmap_get(&m, "big", 3) == (INT64_C(1) << 40),
	    "values beyond 32 bits are kept");

	strmap_free(&m);
	ok(m.slots == NULL && m.cap == 0 && m.n == 0,
	    "free leaves an empty map");
	is_long((long)strmap_get(&m, "alpha", 5), -1,
	    "get after free is -1");
	strmap_put(&m, "again", 5, 3);
	is_long((long)strmap_get(&m, "again", 5), 3,
	    "a freed map can be used again");
	strmap_free(&m);
}

static void
test_growth(void)
{
	struct strmap m = {0};
	char key[32];
	size_t i, wrong_value = 0, wrong_key = 0, found_absent = 0;

	for (i = 0; i < N_MANY; i++) {
		int n = snprintf(key, sizeof key, "key-%zu", i);

		strmap_put(&m, key, (size_t)n, (int64_t)i * 3);
	}
	is_long((long)m.n, N_MANY, "20000 distinct keys held");
	ok((m.cap & (m.cap - 1)) == 0, "capacity %zu is a power of two", m.cap);
	ok(m.n * 4 <= m.cap * 3, "load factor at most 3/4 (%zu of %zu)", m.n,
	    m.cap);
	for (i = 0; i < N_MANY; i++) {
		int n = snprintf(key, sizeof key, "key-%zu", i);
		const char *k = strmap_key(&m, key, (size_t)n);

		if (strmap_get(&m, key, (size_t)n) != (int64_t)i * 3)
			wrong_value++;
		if (k == NULL || strcmp(k, key) != 0)
			wrong_key++;
	}
	is_long((long)wrong_value, 0, "every key keeps its value after growth");
	is_long((long)wrong_key, 0, "every stored key copy reads back");
	for (i = N_MANY; i < N_MANY + 5000; i++) {
		int n = snprintf(key, sizeof key, "key-%zu", i);

		if (strmap_get(&m, key, (size_t)n) != -1)
			found_absent++;
	}
	is_long((long)found_absent, 0, "5000 absent keys all give -1");

	/* Overwriting every value after growth changes none of the count. */
	for (i = 0; i < N_MANY; i += 2) {
		int n = snprintf(key, sizeof key, "key-%zu", i);

		strmap_put(&m, key, (size_t)n, 1);
	}
	is_long((long)m.n, N_MANY, "overwriting keeps 20000 keys");
	is_long((long)strmap_get(&m, "key-19998", 9), 1,
	    "an overwritten value reads back");
	is_long((long)strmap_get(&m, "key-19999", 9), 19999L * 3,
	    "an untouched value reads back");
	strmap_free(&m);
}

static void
test_nul_keys(void)
{
	struct strmap m = {0};
	const char *k;

	strmap_put(&m, "a\0b", 3, 1);
	strmap_put(&m, "a\0c", 3, 2);
	strmap_put(&m, "a", 1, 3);
	strmap_put(&m, "\0", 1, 4);
	is_long((long)m.n, 4, "four keys differing only after a NUL are four");
	is_long((long)strmap_get(&m, "a\0b", 3), 1, "get \"a\\0b\" is 1");
	is_long((long)strmap_get(&m, "a\0c", 3), 2, "get \"a\\0c\" is 2");
	is_long((long)strmap_get(&m, "a", 1), 3, "get \"a\" is 3");
	is_long((long)strmap_get(&m, "\0", 1), 4, "get \"\\0\" is 4");
	is_long((long)strmap_get(&m, "", 0), -1,
	    "the empty key is not the one-NUL key");
	is_long((long)strmap_get(&m, "a\0d", 3), -1, "get \"a\\0d\" is -1");
	is_long((long)strmap_get(&m, "a\0", 2), -1, "get \"a\\0\" is -1");
	k = strmap_key(&m, "a\0c", 3);
	ok(k != NULL && memcmp(k, "a\0c", 4) == 0,
	    "the copy of \"a\\0c\" holds all three bytes and a NUL");
	strmap_free(&m);
}

static void
test_hash(void)
{
	/* FNV-1a 64 test vectors (Fowler, Noll, Vo). */
	ok(hash_bytes("", 0) == UINT64_C(0xcbf29ce484222325),
	    "hash of \"\" is the FNV-1a offset basis");
	ok(hash_bytes("a", 1) == UINT64_C(0xaf63dc4c8601ec8c),
	    "hash of \"a\" is 0xaf63dc4c8601ec8c");
	ok(hash_bytes("foobar", 6) == UINT64_C(0x85944171f73967e8),
	    "hash of \"foobar\" is 0x85944171f73967e8");
}

int
main(void)
{
	test_basic();
	test_growth();
	test_nul_keys();
	test_hash();
	return tap_done();
}
