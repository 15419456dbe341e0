/*
 * tests/viz/test_png.c: the PNG encoder, read back by an independent
 * decoder (viz_helpers.c) that checks every CRC and the zlib stream.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "png_encode.h"
#include "viz_helpers.h"

static void test_round_trip(void **state)
{
	(void)state;
	enum { W = 37, H = 11, PITCH = W * 4 + 12 }; /* rows padded */
	uint8_t *buf = calloc(H, PITCH);
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++) {
			uint32_t *p = (uint32_t *)(buf + (size_t)y * PITCH) + x;
			*p = 0xFF000000u | (uint32_t)(x * 7) << 16 | (uint32_t)(y * 23) << 8 |
			     (uint32_t)((x * y) & 0xFF);
		}
	uint8_t *png;
	size_t len;
	assert_int_equal(viz_png_encode((const uint32_t *)buf, W, H, PITCH, &png, &len), 0);
	static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	assert_memory_equal(png, sig, 8);
	assert_memory_equal(png + 12, "IHDR", 4);
	assert_memory_equal(png + len - 8, "IEND", 4);
	struct vt_image im;
	assert_true(vt_png_decode(png, len, &im));
	assert_int_equal(im.w, W);
	assert_int_equal(im.h, H);
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++) {
			uint32_t want = *((uint32_t *)(buf + (size_t)y * PITCH) + x) & 0xFFFFFF;
			assert_int_equal(vt_pixel(&im, x, y), want);
		}
	vt_image_free(&im);
	/* a flipped byte anywhere in a chunk breaks its CRC */
	png[40] ^= 1;
	assert_false(vt_png_decode(png, len, &im));
	free(png);
	free(buf);
}

static void test_deterministic(void **state)
{
	(void)state;
	uint32_t px[64 * 64];
	for (int i = 0; i < 64 * 64; i++)
		px[i] = (uint32_t)i * 2654435761u;
	uint8_t *a, *b;
	size_t la, lb;
	assert_int_equal(viz_png_encode(px, 64, 64, 256, &a, &la), 0);
	assert_int_equal(viz_png_encode(px, 64, 64, 256, &b, &lb), 0);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	free(a);
	free(b);
}

static void test_bad_sizes(void **state)
{
	(void)state;
	uint32_t px[4] = {0};
	uint8_t *png = (uint8_t *)1;
	size_t len = 1;
	assert_int_equal(viz_png_encode(px, 0, 1, 4, &png, &len), -1);
	assert_null(png);
	assert_int_equal(len, 0);
	assert_int_equal(viz_png_encode(px, 1, -1, 4, &png, &len), -1);
	assert_int_equal(viz_png_encode(px, 2, 2, 4, &png, &len), -1); /* pitch < 2 * 4 */
}

static void test_write_errors(void **state)
{
	(void)state;
	struct vt_dir d;
	vt_dir_make(&d);
	uint32_t px[4] = {0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF};
	char err[512];
	const char *ok = vt_path(&d, "x.png");
	assert_int_equal(viz_png_write(ok, px, 2, 2, 8, err, sizeof err), 0);
	struct vt_image im;
	assert_true(vt_png_load(ok, &im));
	assert_int_equal(vt_pixel(&im, 1, 1), 0xFFFFFF);
	assert_int_equal(vt_pixel(&im, 1, 0), 0x00FF00);
	vt_image_free(&im);
	/* a folder that does not exist */
	const char *bad = vt_path(&d, "no/such/dir/x.png");
	assert_int_equal(viz_png_write(bad, px, 2, 2, 8, err, sizeof err), -1);
	assert_non_null(strstr(err, "no/such/dir/x.png: cannot create a file there: No such file or directory"));
	/* a size that cannot be encoded */
	assert_int_equal(viz_png_write(ok, px, 0, 2, 8, err, sizeof err), -1);
	assert_non_null(strstr(err, "cannot encode a 0x2 picture"));
	vt_dir_remove(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_bad_sizes),
		cmocka_unit_test(test_write_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
