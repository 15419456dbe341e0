/*
 * sim/io/outstream.c: gzip and zstd compression behind an fopencookie stream.
 *
 * Each cookie write compresses the bytes stdio hands it into `buf` and
 * writes full buffers to the raw FILE; close ends the compressed stream,
 * writes the rest and closes the raw FILE, failing if any step did.
 */
#include "outstream.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

enum {
	OUT_CHUNK = 256 << 10,   /* compressed bytes per fwrite */
	GZIP_LEVEL = 6,
	ZSTD_LEVEL = 3,
};

struct compressor {
	FILE *raw;
	enum instream_codec codec;
	z_stream z;
	ZSTD_CCtx *zc;
	uint8_t *buf;
	bool failed;
	int err;          /* errno of the raw stream's failure (ENOSPC...), 0: none */
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

enum instream_codec outstream_codec_for(const char *name)
{
	if (ends_with(name, ".gz"))
		return INSTREAM_GZIP;
	if (ends_with(name, ".zst"))
		return INSTREAM_ZSTD;
	return INSTREAM_PLAIN;
}

static bool flush_out(struct compressor *c, size_t n)
{
	if (n > 0 && fwrite(c->buf, 1, n, c->raw) != n) {
		c->failed = true;
		if (!c->err)
			c->err = errno ? errno : EIO;
	}
	return !c->failed;
}

/* Compress `len` bytes (or finish the stream when `finish`). */
static bool gzip_push(struct compressor *c, const char *data, size_t len, bool finish)
{
	c->z.next_in = (Bytef *)(uintptr_t)data;
	c->z.avail_in = (uInt)len;
	for (;;) {
		int rc;

		c->z.next_out = c->buf;
		c->z.avail_out = OUT_CHUNK;
		rc = deflate(&c->z, finish ? Z_FINISH : Z_NO_FLUSH);
		if (rc == Z_STREAM_ERROR || !flush_out(c, OUT_CHUNK - c->z.avail_out))
			return false;
		if (finish ? rc == Z_STREAM_END : c->z.avail_in == 0 && c->z.avail_out > 0)
			return true;
	}
}

static bool zstd_push(struct compressor *c, const char *data, size_t len, bool finish)
{
	ZSTD_inBuffer in = { data, len, 0 };

	for (;;) {
		ZSTD_outBuffer out = { c->buf, OUT_CHUNK, 0 };
		size_t left = ZSTD_compressStream2(c->zc, &out, &in,
						   finish ? ZSTD_e_end : ZSTD_e_continue);

		if (ZSTD_isError(left) || !flush_out(c, out.pos))
			return false;
		if (finish ? left == 0 : in.pos == in.size)
			return true;
	}
}

static bool push(struct compressor *c, const char *data, size_t len, bool finish)
{
	if (c->failed)
		return false;
	if (c->codec == INSTREAM_GZIP ? !gzip_push(c, data, len, finish)
				      : !zstd_push(c, data, len, finish))
		c->failed = true;
	return !c->failed;
}

static ssize_t cookie_write(void *cookie, const char *buf, size_t size)
{
	struct compressor *c = cookie;
	if (!push(c, buf, size, false)) {
		errno = c->err ? c->err : EIO; /* a full disk is ENOSPC, not EIO */
		return -1;
	}
	return (ssize_t)size;
}

static void destroy(struct compressor *c)
{
	if (c->codec == INSTREAM_GZIP)
		deflateEnd(&c->z);
	ZSTD_freeCCtx(c->zc);
	free(c->buf);
	free(c);
}

static int cookie_close(void *cookie)
{
	struct compressor *c = cookie;
	errno = 0;
	bool ok = push(c, NULL, 0, true);
	if (fflush(c->raw) != 0) {
		ok = false;
		if (!c->err)
			c->err = errno;
	}
	if (fclose(c->raw) != 0) {
		ok = false;
		if (!c->err)
			c->err = errno;
	}
	int err = ok ? 0 : c->err ? c->err : EIO;
	destroy(c);
	errno = err;
	return ok ? 0 : EOF;
}

static bool start(struct compressor *c)
{
	if (c->codec == INSTREAM_GZIP)
		return deflateInit2(&c->z, GZIP_LEVEL, Z_DEFLATED, 15 + 16, 8,
				    Z_DEFAULT_STRATEGY) == Z_OK;
	c->zc = ZSTD_createCCtx();
	return c->zc && !ZSTD_isError(ZSTD_CCtx_setParameter(c->zc, ZSTD_c_compressionLevel,
							      ZSTD_LEVEL));
}

FILE *outstream_wrap(FILE *raw, enum instream_codec codec, const char *name,
		     char *err, size_t err_len)
{
	cookie_io_functions_t io = { .write = cookie_write, .close = cookie_close };
	struct compressor *c;
	FILE *f;

	if (codec == INSTREAM_PLAIN)
		return raw;
	c = calloc(1, sizeof *c);
	if (c) {
		c->raw = raw;
		c->codec = codec;
		c->buf = malloc(OUT_CHUNK);
	}
	if (!c || !c->buf || !start(c)) {
		if (c) {
			/* deflateEnd on a stream that never started is harmless. */
			destroy(c);
		}
		fclose(raw);
		snprintf(err, err_len, "%s: cannot start the %s compressor", name,
			 instream_codec_name(codec));
		return NULL;
	}
	f = fopencookie(c, "w", io);
	if (!f) {
		destroy(c);
		fclose(raw);
		snprintf(err, err_len, "%s: %s", name, strerror(errno));
		return NULL;
	}
	return f;
}
