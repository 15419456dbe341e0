/*
 * viz/png_encode.c: PNG as the specification (ISO/IEC 15948) lays it out: the
 * signature, IHDR, one IDAT holding the zlib stream of the filtered rows,
 * IEND; each chunk is length, type, data and the CRC-32 of type and data.
 */
#include "png_encode.h"

#include "atomic_file.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Append one chunk at out + *at (room is known to be there). */
static void chunk(uint8_t *out, size_t *at, const char type[4],
		  const uint8_t *data, uint32_t len)
{
	uint8_t *p = out + *at;
	put32(p, len);
	memcpy(p + 4, type, 4);
	if (len && data != p + 8) /* IDAT's data is compressed in place */
		memcpy(p + 8, data, len);
	uLong crc = crc32(0L, p + 4, 4 + len);
	put32(p + 8 + len, (uint32_t)crc);
	*at += 12 + (size_t)len;
}

/* Each row: filter type 1 (Sub), then R G B minus the pixel to the left. */
static uint8_t *filtered_rows(const uint32_t *pixels, int w, int h,
			      size_t pitch, size_t *len)
{
	size_t row = 1 + (size_t)w * 3;
	uint8_t *raw = malloc(row * (size_t)h);
	if (!raw)
		return NULL;
	for (int y = 0; y < h; y++) {
		const uint32_t *src =
			(const uint32_t *)((const uint8_t *)pixels + pitch * (size_t)y);
		uint8_t *dst = raw + row * (size_t)y;
		*dst++ = 1;
		uint8_t pr = 0, pg = 0, pb = 0;
		for (int x = 0; x < w; x++) {
			uint8_t r = (uint8_t)(src[x] >> 16), g = (uint8_t)(src[x] >> 8),
				b = (uint8_t)src[x];
			*dst++ = (uint8_t)(r - pr);
			*dst++ = (uint8_t)(g - pg);
			*dst++ = (uint8_t)(b - pb);
			pr = r, pg = g, pb = b;
		}
	}
	*len = row * (size_t)h;
	return raw;
}

int viz_png_encode(const uint32_t *pixels, int w, int h, size_t pitch,
		   uint8_t **png, size_t *len)
{
	*png = NULL;
	*len = 0;
	if (w <= 0 || h <= 0 || pitch < (size_t)w * 4)
		return -1;
	size_t raw_len;
	uint8_t *raw = filtered_rows(pixels, w, h, pitch, &raw_len);
	if (!raw)
		return -1;
	uLongf z_len = compressBound((uLong)raw_len);
	if (z_len > UINT32_MAX - 64) {
		free(raw);
		return -1;
	}
	uint8_t *out = malloc(8 + 25 + 12 + z_len + 12);
	if (!out) {
		free(raw);
		return -1;
	}
	uint8_t *z = out + 8 + 25 + 8; /* the IDAT data goes in place */
	int rc = compress2(z, &z_len, raw, (uLong)raw_len, 6);
	free(raw);
	if (rc != Z_OK) {
		free(out);
		return -1;
	}
	static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	uint8_t ihdr[13];
	put32(ihdr, (uint32_t)w);
	put32(ihdr + 4, (uint32_t)h);
	ihdr[8] = 8;  /* bits per sample */
	ihdr[9] = 2;  /* colour type: RGB */
	ihdr[10] = 0; /* deflate */
	ihdr[11] = 0; /* adaptive filtering */
	ihdr[12] = 0; /* no interlace */
	size_t at = 0;
	memcpy(out, signature, 8);
	at = 8;
	chunk(out, &at, "IHDR", ihdr, sizeof ihdr);
	chunk(out, &at, "IDAT", z, (uint32_t)z_len);
	chunk(out, &at, "IEND", NULL, 0);
	*png = out;
	*len = at;
	return 0;
}

struct png_bytes {
	const uint8_t *bytes;
	size_t len;
};

static int write_png(FILE *out, void *ctx)
{
	const struct png_bytes *png = ctx;
	return fwrite(png->bytes, 1, png->len, out) == png->len ? 0 : -1;
}

int viz_png_write(const char *path, const uint32_t *pixels, int w, int h,
		  size_t pitch, char *err, size_t err_len)
{
	uint8_t *png;
	size_t len;
	if (viz_png_encode(pixels, w, h, pitch, &png, &len) != 0) {
		snprintf(err, err_len, "%s: cannot encode a %dx%d picture", path, w, h);
		return -1;
	}
	/* all or nothing: the old picture stays whole if this one cannot be written */
	int rc = atomic_file_write(path, write_png, &(struct png_bytes){ png, len }, err, err_len);
	free(png);
	return rc;
}
