/*
 * Unit tests of lib/hmac: the test cases of RFC 4231 (HMAC-SHA-256), a key
 * longer than a block, the hex form, and hmac_equal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hmac.h"
#include "tap.h"

/* unhex: hex digits to bytes into OUT; returns the length. */
static size_t
unhex(const char *s, unsigned char *out)
{
	size_t n = 0;

	for (; s[0] && s[1]; s += 2) {
		unsigned v;

		sscanf(s, "%2x", &v);
		out[n++] = (unsigned char)v;
	}
	return n;
}

static void
rfc4231(const char *name, const char *key_hex, const char *data_hex,
    const char *want, size_t truncate)
{
	unsigned char key[256], data[512], mac[HMAC_SHA256_LEN];
	char hex[HMAC_SHA256_HEXLEN];
	size_t klen = unhex(key_hex, key), dlen = unhex(data_hex, data), i;

	hmac_sha256(key, klen, data, dlen, mac);
	for (i = 0; i < truncate; i++)
		snprintf(hex + 2 * i, 3, "%02x", mac[i]);
	hex[2 * truncate] = '\0';
	is_str(hex, want, name);
}

int
main(void)
{
	char hex[HMAC_SHA256_HEXLEN], hex2[HMAC_SHA256_HEXLEN];
	char aa131[131 * 2 + 1];
	size_t i;

	for (i = 0; i < 131; i++)
		memcpy(aa131 + 2 * i, "aa", 2);
	aa131[262] = '\0';

	rfc4231("RFC 4231 test case 1",
	    "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
	    "4869205468657265",
	    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
	    32);
	rfc4231("RFC 4231 test case 2 (a key shorter than the output)",
	    "4a656665",
	    "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	    32);
	rfc4231("RFC 4231 test case 3 (50 bytes of 0xdd)",
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    "dddddddddddddddddddddddddddddddddddddddddddddddddd"
	    "dddddddddddddddddddddddddddddddddddddddddddddddddd",
	    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
	    32);
	rfc4231("RFC 4231 test case 4 (a 25-byte key)",
	    "0102030405060708090a0b0c0d0e0f10111213141516171819",
	    "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd"
	    "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
	    "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
	    32);
	rfc4231("RFC 4231 test case 5 (output truncated to 128 bits)",
	    "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c",
	    "546573742057697468205472756e636174696f6e",
	    "a3b6167473100ee06e0c796c2955552b", 16);
	rfc4231("RFC 4231 test case 6 (a 131-byte key, hashed first)",
	    aa131,
	    "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a"
	    "65204b6579202d2048617368204b6579204669727374",
	    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
	    32);
	rfc4231("RFC 4231 test case 7 (a large key and large data)",
	    aa131,
	    "5468697320697320612074657374207573696e672061206c6172676572207468"
	    "616e20626c6f636b2d73697a65206b657920616e642061206c61726765722074"
	    "68616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565"
	    "647320746f20626520686173686564206265666f7265206265696e6720757365"
	    "642062792074686520484d414320616c676f726974686d2e",
	    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
	    32);

	hmac_sha256_hex("Jefe", 4, "what do ya want for nothing?", 28, hex);
	is_str(hex,
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	    "hmac_sha256_hex gives lower-case hex");
	is_long((long)strlen(hex), 64, "the hex form is 64 digits");

	/* A 64-byte key is used as it is, a 65-byte one hashed first. */
	{
		unsigned char k64[64], k65[65];
		char h64[HMAC_SHA256_HEXLEN], h65[HMAC_SHA256_HEXLEN];

		memset(k64, 'k', sizeof k64);
		memset(k65, 'k', sizeof k65);
		hmac_sha256_hex(k64, 64, "m", 1, h64);
		hmac_sha256_hex(k65, 65, "m", 1, h65);
		ok(strcmp(h64, h65) != 0, "keys of 64 and 65 bytes differ");
	}
	hmac_sha256_hex("", 0, "", 0, hex);
	is_str(hex,
	    "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad",
	    "an empty key and message");

	hmac_sha256_hex("secret", 6, "B-0042@1", 8, hex);
	hmac_sha256_hex("secret", 6, "B-0042@2", 8, hex2);
	ok(!hmac_equal(hex, hex2, 64), "tokens of two ids differ");
	ok(hmac_equal(hex, hex, 64), "hmac_equal: the same bytes");
	ok(!hmac_equal("abcd", "abce", 4), "hmac_equal: the last byte differs");
	ok(!hmac_equal("xbcd", "abcd", 4), "hmac_equal: the first byte differs");
	ok(hmac_equal("", "", 0), "hmac_equal: nothing equals nothing");
	return tap_done();
}
