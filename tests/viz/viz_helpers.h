/*
 * tests/viz/viz_helpers.h: what the viz tests share: a temporary folder
 * with a trace and a configuration in it, sessions opened on them, and a
 * PNG reader (the opposite of viz/png_encode.c, checking every CRC) so tests can
 * look at the pixels of a saved picture.
 */
#ifndef MMUSIM_TESTS_VIZ_HELPERS_H
#define MMUSIM_TESTS_VIZ_HELPERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "run_fingerprint.h"
#include "renderer.h"
#include "session.h"

struct vt_dir {
	char path[256];
};

/* A fresh folder under $TMPDIR (or /tmp); removed with everything in it. */
void vt_dir_make(struct vt_dir *dir);
void vt_dir_remove(struct vt_dir *dir);
/* dir/name; the returned buffer is static per call site slot (4 slots). */
const char *vt_path(const struct vt_dir *dir, const char *name);
/* Write text into dir/name; returns the path (as vt_path). */
const char *vt_write(const struct vt_dir *dir, const char *name, const char *text);

/* Teardown (cmocka) of a calloc'd fixture whose first member is its
 * struct vt_dir: removes the folder and everything in it, frees the fixture. */
int vt_dir_teardown(void **state);

/* The fixture of the tests that look at one session: a folder, the
 * configuration loaded in it and, once the test's setup opens it, a
 * session. */
struct vt_fixture {
	struct vt_dir dir;
	struct mmusim_config config;
	struct viz_session *s;
};
/* A calloc'd fixture: the folder made, config_json loaded (vt_config), no
 * session yet. */
struct vt_fixture *vt_fixture_new(const char *config_json);
/* Teardown (cmocka) of a struct vt_fixture: closes the session, then as
 * vt_dir_teardown. */
int vt_fixture_teardown(void **state);

/* defaults, then the JSON text (may be NULL), then the sets. Fails the
 * test when the configuration is refused. */
void vt_config(struct mmusim_config *config, const struct vt_dir *dir,
	       const char *json);

/* A session on a trace text written into dir; the test fails on error. */
struct viz_session *vt_session(const struct vt_dir *dir, const char *trace,
			       const struct mmusim_config *config);
/* Go to event n; the test fails on error. */
void vt_seek(struct viz_session *session, uint64_t n);

/* A decoded PNG: 0xRRGGBB pixels, row by row. */
struct vt_image {
	int w, h;
	uint32_t *px;
};
/* Decode bytes written by viz/png_encode.c (any filter type); false when the
 * file is not a valid 8-bit RGB PNG (bad signature, CRC, size, zlib). */
bool vt_png_decode(const uint8_t *png, size_t len, struct vt_image *out);
bool vt_png_load(const char *path, struct vt_image *out);
void vt_image_free(struct vt_image *image);
static inline uint32_t vt_pixel(const struct vt_image *im, int x, int y)
{
	return im->px[(size_t)y * (size_t)im->w + (size_t)x];
}

/* Text the picture's fonts had to cut short so far (0: nothing cut). */
unsigned vt_cuts(const struct viz_picture *picture);
/* Pixels of exactly colour c (0xRRGGBB) in r. */
int vt_count_color(const struct viz_picture *picture, struct viz_rect r, uint32_t c);

/* Read a whole file (NULL when it cannot be read); free(). */
uint8_t *vt_read_file(const char *path, size_t *len);

#endif
