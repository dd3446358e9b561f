#include <sha2.h>
#include <string.h>

#include "hmac.h"

void
hmac_sha256(const void *key, size_t klen, const void *msg, size_t mlen,
    uint8_t out[HMAC_SHA256_LEN])
{
	uint8_t k[SHA256_BLOCK_LENGTH], pad[SHA256_BLOCK_LENGTH];
	uint8_t inner[SHA256_DIGEST_LENGTH];
	SHA2_CTX ctx;
	size_t i;

	memset(k, 0, sizeof k);
	if (klen > SHA256_BLOCK_LENGTH) {
		SHA256Init(&ctx);
		SHA256Update(&ctx, key, klen);
		SHA256Final(k, &ctx);
	} else if (klen > 0)
		memcpy(k, key, klen);

	for (i = 0; i < sizeof pad; i++)
		pad[i] = k[i] ^ 0x36;
	SHA256Init(&ctx);
	SHA256Update(&ctx, pad, sizeof pad);
	SHA256Update(&ctx, msg, mlen);
	SHA256Final(inner, &ctx);

	for (i = 0; i < sizeof pad; i++)
		pad[i] = k[i] ^ 0x5c;
	SHA256Init(&ctx);
	SHA256Update(&ctx, pad, sizeof pad);
	SHA256Update(&ctx, inner, sizeof inner);
	SHA256Final(out, &ctx);

	/* The key's traces are not left on the stack for the next caller. */
	memset(k, 0, sizeof k);
	memset(pad, 0, sizeof pad);
}

void
hmac_sha256_hex(const void *key, size_t klen, const void *msg, size_t mlen,
    char hex[HMAC_SHA256_HEXLEN])
{
	static const char digits[] = "0123456789abcdef";
	uint8_t mac[HMAC_SHA256_LEN];
	size_t i;

	hmac_sha256(key, klen, msg, mlen, mac);
	for (i = 0; i < sizeof mac; i++) {
		hex[2 * i] = digits[mac[i] >> 4];
		hex[2 * i + 1] = digits[mac[i] & 15];
	}
	hex[2 * sizeof mac] = '\0';
}

int
hmac_equal(const void *a, const void *b, size_t n)
{
	const volatile unsigned char *x = a, *y = b;
	unsigned char d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d |= x[i] ^ y[i];
	return d == 0;
}
