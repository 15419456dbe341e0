/*
 * tests/viz/viz_helpers.c
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "viz_helpers.h"
#include "tmpdir.h"

#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

void vt_dir_make(struct vt_dir *d)
{
	tmpdir_make(d->path, sizeof d->path, "viz");
}

void vt_dir_remove(struct vt_dir *d)
{
	tmpdir_remove(d->path);
}

int vt_dir_teardown(void **state)
{
	vt_dir_remove(*state);  /* the fixture starts with its struct vt_dir */
	free(*state);
	return 0;
}

struct vt_fixture *vt_fixture_new(const char *config_json)
{
	struct vt_fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	vt_dir_make(&f->dir);
	vt_config(&f->config, &f->dir, config_json);
	return f;
}

int vt_fixture_teardown(void **state)
{
	struct vt_fixture *f = *state;
	viz_session_close(f->s);
	return vt_dir_teardown(state);
}

const char *vt_path(const struct vt_dir *d, const char *name)
{
	static char slots[4][512];
	static int next;
	char *p = slots[next++ % 4];
	snprintf(p, sizeof slots[0], "%s/%s", d->path, name);
	return p;
}

const char *vt_write(const struct vt_dir *d, const char *name, const char *text)
{
	const char *p = vt_path(d, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	return p;
}

void vt_config(struct mmusim_config *c, const struct vt_dir *d, const char *json)
{
	char err[512];
	config_defaults(c);
	const char *path = json ? vt_write(d, "config.json", json) : NULL;
	if (config_load(c, path, NULL, 0, err, sizeof err) != 0)
		fail_msg("config: %s", err);
}

struct viz_session *vt_session(const struct vt_dir *d, const char *trace,
			       const struct mmusim_config *c)
{
	char err[1024];
	struct viz_session *s =
		viz_session_open(c, vt_write(d, "t.trace", trace), err, sizeof err);
	if (!s)
		fail_msg("viz_session_open: %s", err);
	return s;
}

void vt_seek(struct viz_session *s, uint64_t n)
{
	char err[1024];
	if (viz_session_seek(s, n, err, sizeof err) != 0)
		fail_msg("viz_session_seek %llu: %s", (unsigned long long)n, err);
}

uint8_t *vt_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	uint8_t *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			uint8_t *b = realloc(buf, cap *= 2);
			if (!b) {
				free(buf);
				buf = NULL;
			}
			buf = b;
		}
	}
	fclose(f);
	*len = n;
	return buf;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint8_t paeth(uint8_t a, uint8_t b, uint8_t c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Undo the per-row filters in place (3 bytes per pixel). */
static bool unfilter(uint8_t *raw, int w, int h)
{
	size_t row = 1 + (size_t)w * 3;
	for (int y = 0; y < h; y++) {
		uint8_t *r = raw + row * (size_t)y + 1;
		const uint8_t *up = y ? raw + row * (size_t)(y - 1) + 1 : NULL;
		uint8_t type = r[-1];
		for (size_t i = 0; i < (size_t)w * 3; i++) {
			uint8_t a = i >= 3 ? r[i - 3] : 0, b = up ? up[i] : 0,
				c = up && i >= 3 ? up[i - 3] : 0;
			switch (type) {
			case 0: break;
			case 1: r[i] += a; break;
			case 2: r[i] += b; break;
			case 3: r[i] += (uint8_t)((a + b) / 2); break;
			case 4: r[i] += paeth(a, b, c); break;
			default: return false;
			}
		}
	}
	return true;
}

bool vt_png_decode(const uint8_t *png, size_t len, struct vt_image *out)
{
	static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	memset(out, 0, sizeof *out);
	if (len < 8 || memcmp(png, sig, 8) != 0)
		return false;
	uint8_t *z = NULL;
	size_t z_len = 0, at = 8;
	bool ihdr = false, end = false;
	while (!end && at + 12 <= len) {
		uint32_t n = get32(png + at);
		if (n > len - at - 12)
			break;
		const uint8_t *type = png + at + 4, *data = png + at + 8;
		if (crc32(0, type, 4 + n) != get32(data + n))
			break;
		if (memcmp(type, "IHDR", 4) == 0 && n == 13) {
			out->w = (int)get32(data);
			out->h = (int)get32(data + 4);
			ihdr = data[8] == 8 && data[9] == 2 && data[10] == 0 &&
			       data[11] == 0 && data[12] == 0 && out->w > 0 && out->h > 0;
		} else if (memcmp(type, "IDAT", 4) == 0) {
			uint8_t *more = realloc(z, z_len + n + 1);
			if (!more)
				break;
			z = more;
			memcpy(z + z_len, data, n);
			z_len += n;
		} else if (memcmp(type, "IEND", 4) == 0) {
			end = true;
		}
		at += 12 + n;
	}
	bool ok = ihdr && end && z && at == len;
	uLongf raw_len = ok ? (uLongf)(1 + (size_t)out->w * 3) * (uLongf)out->h : 0;
	uint8_t *raw = ok ? malloc(raw_len) : NULL;
	uLongf got = raw_len;
	ok = raw && uncompress(raw, &got, z, (uLong)z_len) == Z_OK && got == raw_len &&
	     unfilter(raw, out->w, out->h);
	free(z);
	if (ok && (out->px = malloc((size_t)out->w * (size_t)out->h * 4))) {
		size_t row = 1 + (size_t)out->w * 3;
		for (int y = 0; y < out->h; y++)
			for (int x = 0; x < out->w; x++) {
				const uint8_t *p = raw + row * (size_t)y + 1 + (size_t)x * 3;
				out->px[(size_t)y * (size_t)out->w + (size_t)x] =
					(uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
			}
	}
	free(raw);
	if (!ok || !out->px) {
		vt_image_free(out);
		return false;
	}
	return true;
}

bool vt_png_load(const char *path, struct vt_image *out)
{
	size_t len = 0;
	uint8_t *bytes = vt_read_file(path, &len);
	bool ok = bytes && vt_png_decode(bytes, len, out);
	free(bytes);
	return ok;
}

void vt_image_free(struct vt_image *im)
{
	free(im->px);
	memset(im, 0, sizeof *im);
}

unsigned vt_cuts(const struct viz_picture *p)
{
	const struct viz_fonts *f = &p->view.fonts;
	return viz_font_cuts(f->big) + viz_font_cuts(f->body) + viz_font_cuts(f->small);
}

int vt_count_color(const struct viz_picture *p, struct viz_rect r, uint32_t c)
{
	int n = 0;
	for (int y = r.y; y < r.y + r.h; y++)
		for (int x = r.x; x < r.x + r.w; x++)
			n += viz_picture_pixel(p, x, y) == c;
	return n;
}
