/* sim/io/content_hash.c: SHA-256 through nettle (content_hash.h). */
#include "content_hash.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <nettle/sha2.h>

static void to_hex(struct sha256_ctx *ctx, char hex[CONTENT_HASH_HEX])
{
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_digest(ctx, sizeof digest, digest);
	for (size_t i = 0; i < sizeof digest; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

void content_hash_bytes(const void *data, size_t len,
			char hex[CONTENT_HASH_HEX])
{
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	to_hex(&ctx, hex);
}

int content_hash_file(const char *path, char hex[CONTENT_HASH_HEX],
		      char *err, size_t err_len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	static const size_t chunk = 1 << 16;
	uint8_t buf[1 << 16];
	size_t n;
	while ((n = fread(buf, 1, chunk, f)) > 0)
		sha256_update(&ctx, n, buf);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		snprintf(err, err_len, "%s: cannot read it", path);
		return -1;
	}
	to_hex(&ctx, hex);
	return 0;
}
