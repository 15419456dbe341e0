/*
 * viz/png_encode.h: a minimal PNG encoder (8-bit RGB, one IDAT, the Sub filter),
 * because SDL2 only writes BMP. zlib does the deflate and the CRCs.
 */
#ifndef MMUSIM_VIZ_PNG_ENCODE_H
#define MMUSIM_VIZ_PNG_ENCODE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Encode width x height pixels given as 32-bit 0xAARRGGBB values (alpha is
 * dropped), rows `pitch` bytes apart. 0 with a malloc'd *png of *len
 * bytes, or -1 (bad size, out of memory).
 */
int viz_png_encode(const uint32_t *pixels, int width, int height,
		   size_t pitch, uint8_t **png, size_t *len);

/* Encode and write to `path` through the all-or-nothing writer (atomic_file.h:
 * an old file stays whole when the new one cannot be written); 0, or -1
 * with "PATH: reason" in err. */
int viz_png_write(const char *path, const uint32_t *pixels, int width,
		  int height, size_t pitch, char *err, size_t err_len);

#endif
