/*
 * hmac: HMAC-SHA256 (RFC 2104 over FIPS 180-4 SHA-256 from libmd), the
 * token that mlo-feedback's CGI puts in its form so that a verdict can only
 * be posted for an id whose page the server itself handed out, and a
 * comparison of secrets that takes the same time whatever they hold.
 */
#ifndef MLO_HMAC_H
#define MLO_HMAC_H

#include <stddef.h>
#include <stdint.h>

#define HMAC_SHA256_LEN 32
/* The hex form and its NUL. */
#define HMAC_SHA256_HEXLEN (2 * HMAC_SHA256_LEN + 1)

/*
 * hmac_sha256: the MAC of MSG[0..mlen) under KEY[0..klen) into OUT.  Keys
 * longer than SHA-256's block (64 bytes) are hashed first, as RFC 2104
 * says.
 */
void hmac_sha256(const void *key, size_t klen, const void *msg, size_t mlen,
    uint8_t out[HMAC_SHA256_LEN]);

/* hmac_sha256_hex: the same MAC as 64 lower-case hex digits in HEX. */
void hmac_sha256_hex(const void *key, size_t klen, const void *msg,
    size_t mlen, char hex[HMAC_SHA256_HEXLEN]);

/*
 * hmac_equal: whether A and B (N bytes each) are equal, in a time that
 * depends on N only, so that a forger learns nothing from how long a
 * refusal took.
 */
int hmac_equal(const void *a, const void *b, size_t n);

#endif
