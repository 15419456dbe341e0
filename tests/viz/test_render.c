/*
 * tests/viz/test_render.c: headless pictures of known states, checked
 * pixel by pixel against what the pager's views say: each frame tile has
 * its owner's colour, the hand points at the clock's current frame, each
 * swap block's colour follows its state; going back and forth gives the
 * same picture byte for byte.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "png_encode.h"
#include "renderer.h"
#include "viz_helpers.h"

static const char config_json[] =
	"{\"memory_pages\": 7, \"swap_blocks\": 12, \"page_size\": 4096,"
	" \"arena_pages\": 8, \"tlb\": {\"entries\": 4}}";

static const char trace[] =
	"start 1\n"                 /* 1 */
	"switch 1\n"                /* 2 */
	"map swap\n"                /* 3 */
	"map swap\n"                /* 4 */
	"map swap\n"                /* 5 */
	"w 0x600000000 8\n"         /* 6: frame 1 */
	"w 0x600001000 8\n"         /* 7: frame 2 */
	"fork 1 2\n"                /* 8 */
	"switch 2\n"                /* 9 */
	"w 0x600000000 8\n"         /* 10: COW into frame 3, frame 2 shared */
	"start 3\n"                 /* 11 */
	"switch 3\n"                /* 12 */
	"map swap\n"                /* 13 */
	"map swap\n"                /* 14 */
	"w 0x600000000 8\n"         /* 15: frame 4; frames 5, 6 free */
	"w 0x600001000 8\n"         /* 16: frame 5 */
	"switch 1\n"                /* 17 */
	"w 0x600002000 8\n"         /* 18: frame 6, memory full */
	"map swap\n"                /* 19 */
	"map swap\n"                /* 20 */
	"w 0x600003000 8\n"         /* 21: eviction */
	"w 0x600004000 8\n"         /* 22: eviction */
	"r 0x600000000 8\n";        /* 23 */
#define EVENTS 23
#define W 1280
#define H 720

static int setup(void **state)
{
	struct vt_fixture *f = vt_fixture_new(config_json);
	f->s = vt_session(&f->dir, trace, &f->config);
	*state = f;
	return 0;
}

static struct viz_picture *render(struct viz_session *s, const struct viz_overlay *o,
				  int w, int h)
{
	char err[1024];
	struct viz_picture *p = viz_picture_render(s, o, w, h, err, sizeof err);
	if (!p)
		fail_msg("viz_picture_render: %s", err);
	return p;
}

static uint32_t rgb(struct viz_rgb c)
{
	return (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
}

static void first_owner(void *arg, pid_t pid, uint64_t vaddr)
{
	(void)vaddr;
	pid_t *first = arg;
	if (*first < 0)
		*first = pid;
}

/* The colour a frame must have, from the pager's own views. */
static uint32_t expected_frame_color(const struct pager *p, uint32_t f)
{
	struct frame_view v;
	pager_frame_view(p, f, &v);
	if (v.use == FRAME_FREE)
		return rgb(VIZ_FREE_FRAME);
	if (v.use == FRAME_ZERO_PAGE)
		return rgb(VIZ_ZERO_PAGE);
	pid_t pid = -1;
	pager_frame_owners(p, f, first_owner, &pid);
	return pid < 0 ? rgb(VIZ_GHOST_FRAME) : rgb(viz_owner_color(pid));
}

static void check_frames(struct viz_picture *pic, const struct pager *p)
{
	for (uint32_t f = 0; f < pager_config(p)->memory_pages; f++) {
		int x, y;
		viz_frame_swatch(&pic->view.layout, f, &x, &y);
		uint32_t got = viz_picture_pixel(pic, x, y);
		uint32_t want = expected_frame_color(p, f);
		if (got != want)
			fail_msg("frame %u at (%d,%d): 0x%06x, want 0x%06x", f, x, y, got, want);
	}
}

/* Whether some pixel of the row through the swatch has colour c. */
static bool tile_has(struct viz_picture *pic, uint32_t frame, uint32_t c)
{
	struct viz_rect r = viz_grid_cell(&pic->view.layout.frames, frame);
	int x, y;
	viz_frame_swatch(&pic->view.layout, frame, &x, &y);
	for (int i = r.x; i < r.x + r.w; i++)
		if (viz_picture_pixel(pic, i, y) == c)
			return true;
	return false;
}

static void test_frames_have_their_owners_colours(void **state)
{
	struct vt_fixture *f = *state;
	vt_seek(f->s, 16);
	struct viz_picture *pic = render(f->s, NULL, W, H);
	const struct pager *p = run_pager(viz_session_run(f->s));
	check_frames(pic, p);
	/* the palette itself: process 1 blue, 2 orange, 3 purple */
	int x, y;
	viz_frame_swatch(&pic->view.layout, 1, &x, &y);
	assert_int_equal(viz_picture_pixel(pic, x, y), 0x4287f5);
	viz_frame_swatch(&pic->view.layout, 3, &x, &y);
	assert_int_equal(viz_picture_pixel(pic, x, y), 0xf58230);
	viz_frame_swatch(&pic->view.layout, 4, &x, &y);
	assert_int_equal(viz_picture_pixel(pic, x, y), 0xaa5ae6);
	viz_frame_swatch(&pic->view.layout, 6, &x, &y);
	assert_int_equal(viz_picture_pixel(pic, x, y), rgb(VIZ_FREE_FRAME));
	viz_frame_swatch(&pic->view.layout, 0, &x, &y);
	assert_int_equal(viz_picture_pixel(pic, x, y), rgb(VIZ_ZERO_PAGE));
	/* frame 2 is shared by processes 1 and 2: striped with both */
	struct frame_view v;
	pager_frame_view(p, 2, &v);
	assert_int_equal(v.sharers, 2);
	assert_true(tile_has(pic, 2, rgb(viz_owner_color(1))));
	assert_true(tile_has(pic, 2, rgb(viz_owner_color(2))));
	assert_false(tile_has(pic, 1, rgb(viz_owner_color(2))));
	viz_picture_free(pic);

	/* and at every other event */
	for (uint64_t k = 0; k <= EVENTS; k++) {
		vt_seek(f->s, k);
		pic = render(f->s, NULL, W, H);
		check_frames(pic, run_pager(viz_session_run(f->s)));
		viz_picture_free(pic);
	}
}

static void test_badges(void **state)
{
	struct vt_fixture *f = *state;
	vt_seek(f->s, 16);
	struct viz_picture *pic = render(f->s, NULL, W, H);
	const struct pager *p = run_pager(viz_session_run(f->s));
	/* every used frame is referenced and dirty here: both badges show */
	for (uint32_t fr = 1; fr <= 5; fr++) {
		struct frame_view v;
		pager_frame_view(p, fr, &v);
		assert_true(v.referenced && v.dirty);
		struct viz_rect c = viz_grid_cell(&pic->view.layout.frames, fr);
		bool ref = false, dirty = false;
		for (int y = c.y; y < c.y + c.h / 3; y++)
			for (int x = c.x + c.w / 2; x < c.x + c.w; x++) {
				ref |= viz_picture_pixel(pic, x, y) == rgb(VIZ_BADGE_REF);
				dirty |= viz_picture_pixel(pic, x, y) == rgb(VIZ_BADGE_DIRTY);
			}
		assert_true(ref);
		assert_true(dirty);
	}
	viz_picture_free(pic);
}

/* The pixel 60% of the way from the ring's centre to ring position pos. */
static uint32_t toward(struct viz_picture *pic, double pos, uint32_t n)
{
	int x, y;
	viz_ring_point(&pic->view.layout, pos, n, 0.6, &x, &y);
	return viz_picture_pixel(pic, x, y);
}

static void test_hand_points_at_the_clock_frame(void **state)
{
	struct vt_fixture *f = *state;
	for (uint64_t k = 6; k <= EVENTS; k++) {
		vt_seek(f->s, k);
		const struct pager *p = run_pager(viz_session_run(f->s));
		uint32_t order[8];
		uint32_t n = pager_policy_order(p, order, 8);
		assert_true(n >= 1);
		struct viz_picture *pic = render(f->s, NULL, W, H);
		const struct viz_scene *sc = &pic->view.scene;
		assert_int_equal(sc->ring_count, n);
		assert_memory_equal(sc->ring, order, n * sizeof *order);
		assert_int_equal(toward(pic, 0, n), rgb(VIZ_HAND));
		for (uint32_t i = 1; i < n; i++)
			assert_int_not_equal(toward(pic, i, n), rgb(VIZ_HAND));
		/* node 0 is the frame at the hand, in its owner's colour */
		int x, y;
		viz_ring_point(&pic->view.layout, 0, n, 1.0, &x, &y);
		uint32_t node = viz_picture_pixel(pic, x + pic->view.layout.ring_node / 2, y);
		assert_int_equal(node, expected_frame_color(p, order[0]));
		viz_picture_free(pic);
	}
}

static void test_scan_animation_frames(void **state)
{
	struct vt_fixture *f = *state;
	vt_seek(f->s, 21); /* the first eviction: the clock clears bits, evicts */
	struct viz_picture *rest = render(f->s, NULL, W, H);
	const struct viz_scene *sc = &rest->view.scene;
	assert_true(sc->scan_count >= 2);
	assert_int_equal(sc->scan[sc->scan_count - 1].kind, VIZ_SCAN_EVICT);
	for (size_t k = 0; k < sc->scan_count; k++) {
		struct viz_overlay o;
		viz_overlay_init(&o);
		o.scan_at = (long)k;
		uint32_t frame = sc->scan[k].frame;
		o.hand_pos = sc->frames[frame].ring_index;
		struct viz_picture *pic = render(f->s, &o, W, H);
		struct viz_rect c = viz_grid_cell(&pic->view.layout.frames, frame);
		struct viz_rgb want = sc->scan[k].kind == VIZ_SCAN_CLEAR_REF ? VIZ_SCAN_CLEAR
				      : sc->scan[k].kind == VIZ_SCAN_EVICT ? VIZ_SCAN_VICTIM
									   : VIZ_SCAN_SKIP;
		assert_int_equal(viz_picture_pixel(pic, c.x, c.y + c.h / 2), rgb(want));
		assert_int_equal(toward(pic, o.hand_pos, sc->ring_count), rgb(VIZ_HAND));
		viz_picture_free(pic);
	}
	viz_picture_free(rest);
}

static void check_blocks(struct viz_picture *pic, const struct pager *p, bool seen[4])
{
	for (uint32_t b = 0; b < pager_config(p)->swap_blocks; b++) {
		struct block_view v;
		pager_block_view(p, b, &v);
		struct viz_rect c = viz_grid_cell(&pic->view.layout.blocks, b);
		uint32_t got = viz_picture_pixel(pic, c.x + c.w * 3 / 4, c.y + c.h / 2);
		assert_int_equal(got, rgb(viz_block_color(v.use, v.frame != 0)));
		seen[v.use == BLOCK_BOUND ? 1 + (v.frame != 0) : v.use == BLOCK_FREE ? 0 : 3] = true;
	}
}

static void test_swap_block_colours_follow_state(void **state)
{
	struct vt_fixture *f = *state;
	bool seen[4] = {false}; /* free, fresh, in memory, holding data */
	for (uint64_t k = 0; k <= EVENTS; k++) {
		vt_seek(f->s, k);
		struct viz_picture *pic = render(f->s, NULL, W, H);
		check_blocks(pic, run_pager(viz_session_run(f->s)), seen);
		viz_picture_free(pic);
	}
	for (int i = 0; i < 4; i++)
		assert_true(seen[i]);
	/* the four colours differ */
	uint32_t c[4] = {rgb(viz_block_color(BLOCK_FREE, false)),
			 rgb(viz_block_color(BLOCK_BOUND, false)),
			 rgb(viz_block_color(BLOCK_BOUND, true)),
			 rgb(viz_block_color(BLOCK_HOLDS_DATA, false))};
	for (int i = 0; i < 4; i++)
		for (int j = i + 1; j < 4; j++)
			assert_int_not_equal(c[i], c[j]);
}

static uint8_t *png_of(struct viz_picture *pic, size_t *len)
{
	uint8_t *png;
	const SDL_Surface *s = pic->surface;
	assert_int_equal(viz_png_encode(s->pixels, s->w, s->h, (size_t)s->pitch, &png, len), 0);
	return png;
}

static void test_back_and_forth_same_bytes(void **state)
{
	struct vt_fixture *f = *state;
	viz_session_tune(f->s, 4, 0);
	uint8_t *want[EVENTS + 1];
	size_t want_len[EVENTS + 1];
	for (uint64_t k = 0; k <= EVENTS; k++) {   /* right, right, ... */
		vt_seek(f->s, k);
		struct viz_picture *pic = render(f->s, NULL, W, H);
		want[k] = png_of(pic, &want_len[k]);
		viz_picture_free(pic);
	}
	for (uint64_t k = EVENTS + 1; k-- > 0;) {  /* left, left, ... */
		vt_seek(f->s, k);
		struct viz_picture *pic = render(f->s, NULL, W, H);
		size_t len;
		uint8_t *got = png_of(pic, &len);
		assert_int_equal(len, want_len[k]);
		assert_memory_equal(got, want[k], len);
		free(got);
		viz_picture_free(pic);
	}
	/* a picture saved to a file holds those bytes */
	vt_seek(f->s, 10);
	struct viz_picture *pic = render(f->s, NULL, W, H);
	char err[512];
	const char *path = vt_path(&f->dir, "ten.png");
	assert_int_equal(viz_picture_save(pic, path, err, sizeof err), 0);
	size_t len;
	uint8_t *file = vt_read_file(path, &len);
	assert_int_equal(len, want_len[10]);
	assert_memory_equal(file, want[10], len);
	free(file);
	viz_picture_free(pic);
	/* and consecutive events look different */
	assert_true(want_len[9] != want_len[10] || memcmp(want[9], want[10], want_len[9]));
	for (uint64_t k = 0; k <= EVENTS; k++)
		free(want[k]);
}

static void test_sizes_and_high_dpi(void **state)
{
	struct vt_fixture *f = *state;
	vt_seek(f->s, 16);
	const struct pager *p = run_pager(viz_session_run(f->s));
	int sizes[][2] = {{640, 400}, {1024, 768}, {1920, 1080}, {3840, 2160}, {900, 1600}};
	int last_font = 0;
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		struct viz_picture *pic = render(f->s, NULL, sizes[i][0], sizes[i][1]);
		check_frames(pic, p);
		const struct viz_layout *l = &pic->view.layout;
		assert_true(l->frames.area.x + l->frames.area.w <= l->frames_panel.x + l->frames_panel.w);
		assert_true(l->blocks.area.y + l->blocks.area.h <= l->swap_panel.y + l->swap_panel.h);
		if (i < 4) /* text grows with the output: 4K is twice 1080p */
			assert_true(l->font_body > last_font);
		last_font = i < 4 ? l->font_body : last_font;
		viz_picture_free(pic);
	}
	char err[256];
	assert_null(viz_picture_render(f->s, NULL, 100, 100, err, sizeof err));
	assert_string_equal(err, "a picture of 100x100 pixels: the size must be "
			    "200x150 to 16384x16384");
}

static void test_hit_testing(void **state)
{
	struct vt_fixture *f = *state;
	vt_seek(f->s, 16);
	struct viz_picture *pic = render(f->s, NULL, W, H);
	const struct viz_layout *l = &pic->view.layout;
	const struct viz_scene *sc = &pic->view.scene;
	for (uint32_t i = 0; i < sc->frame_count; i++) {
		struct viz_rect c = viz_grid_cell(&l->frames, i);
		struct viz_hit h = viz_layout_hit(l, sc, c.x + c.w / 2, c.y + c.h / 2);
		assert_int_equal(h.kind, VIZ_HIT_FRAME);
		assert_int_equal(h.index, i);
	}
	for (uint32_t i = 0; i < sc->block_count; i++) {
		struct viz_rect c = viz_grid_cell(&l->blocks, i);
		struct viz_hit h = viz_layout_hit(l, sc, c.x + 1, c.y + c.h - 1);
		assert_int_equal(h.kind, VIZ_HIT_BLOCK);
		assert_int_equal(h.index, i);
	}
	assert_int_equal(sc->shown_pages, sc->arena_pages); /* a small arena: every page */
	for (uint32_t i = 0; i < sc->shown_pages; i++) {
		struct viz_rect c = viz_grid_cell(&l->pages, i);
		struct viz_hit h = viz_layout_hit(l, sc, c.x + c.w - 1, c.y);
		assert_int_equal(h.kind, VIZ_HIT_PAGE);
		assert_int_equal(h.index, i);
	}
	for (uint32_t i = 0; i < sc->ring_count; i++) {
		int x, y;
		viz_ring_point(l, i, sc->ring_count, 1.0, &x, &y);
		struct viz_hit h = viz_layout_hit(l, sc, x + 1, y - 1);
		assert_int_equal(h.kind, VIZ_HIT_RING);
		assert_int_equal(h.index, i);
	}
	assert_true(sc->tlb_count >= 1);
	struct viz_hit h = viz_layout_hit(l, sc, l->tlb_list.x + 2, l->tlb_list.y + 2);
	assert_int_equal(h.kind, VIZ_HIT_TLB);
	assert_int_equal(h.index, 0);
	/* the gap between two tiles, the header, outside: nothing */
	struct viz_rect c0 = viz_grid_cell(&l->frames, 0);
	if (l->frames.pitch > l->frames.cell)
		assert_int_equal(viz_layout_hit(l, sc, c0.x + l->frames.cell, c0.y).kind,
				 VIZ_HIT_NONE);
	assert_int_equal(viz_layout_hit(l, sc, 2, 2).kind, VIZ_HIT_NONE);
	assert_int_equal(viz_layout_hit(l, sc, -5, 9999).kind, VIZ_HIT_NONE);
	viz_picture_free(pic);
}

static void test_font_errors(void **state)
{
	struct vt_fixture *f = *state;
	char err[512];
	setenv("MMUSIM_VIZ_FONT", "/no/such/font.ttf", 1);
	assert_null(viz_picture_render(f->s, NULL, W, H, err, sizeof err));
	assert_string_equal(err, "MMUSIM_VIZ_FONT: cannot read '/no/such/font.ttf'");
	/* a file that is not a font */
	const char *junk = vt_write(&f->dir, "junk.ttf", "not a font");
	setenv("MMUSIM_VIZ_FONT", junk, 1);
	assert_null(viz_picture_render(f->s, NULL, W, H, err, sizeof err));
	assert_non_null(strstr(err, "junk.ttf: "));
	unsetenv("MMUSIM_VIZ_FONT");
	char path[1024];
	assert_int_equal(viz_font_find(path, sizeof path, err, sizeof err), 0);
	assert_non_null(strstr(path, ".ttf"));
}

/* Issue 11: the view of a 2^32-1-page arena costs what the pages a process
 * maps cost: VIZ_PAGES_SHOWN cells, then one per valid page. */
static void test_huge_arena_shows_what_is_mapped(void **state)
{
	(void)state;
	struct vt_fixture *f = vt_fixture_new(
		"{\"memory_pages\": 4, \"swap_blocks\": 4200, \"page_size\": 256,"
		" \"arena_pages\": 4294967295}");
	char text[64 + (VIZ_PAGES_SHOWN + 3) * 10] = "start 1\n";
	for (uint32_t i = 0; i < VIZ_PAGES_SHOWN + 3; i++)
		strcat(text, "map swap\n");
	strcat(text, "w 0x600000300 1\n");
	f->s = vt_session(&f->dir, text, &f->config);
	for (uint32_t mapped = 1; mapped <= VIZ_PAGES_SHOWN + 3; mapped += VIZ_PAGES_SHOWN + 2) {
		vt_seek(f->s, 1 + mapped);
		struct viz_picture *pic = render(f->s, NULL, W, H);
		const struct viz_scene *sc = &pic->view.scene;
		assert_int_equal(sc->arena_pages, 4294967295u);
		assert_int_equal(sc->valid_pages, mapped);
		assert_int_equal(sc->shown_pages, mapped > VIZ_PAGES_SHOWN ? mapped : VIZ_PAGES_SHOWN);
		assert_true(sc->pages[mapped - 1].valid);
		if (mapped < sc->shown_pages)
			assert_false(sc->pages[mapped].valid);
		viz_picture_free(pic);
	}
	vt_seek(f->s, VIZ_PAGES_SHOWN + 5);
	struct viz_picture *pic = render(f->s, NULL, W, H);
	assert_int_equal(pic->view.scene.pages[3].frame, 1); /* the write's page, resident */
	viz_picture_free(pic);
	vt_fixture_teardown((void **)&f);
}

/* Each test on a session of its own, opened by setup. */
#define WITH_SESSION(test) cmocka_unit_test_setup_teardown(test, setup, vt_fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		WITH_SESSION(test_frames_have_their_owners_colours),
		WITH_SESSION(test_badges),
		WITH_SESSION(test_hand_points_at_the_clock_frame),
		WITH_SESSION(test_scan_animation_frames),
		WITH_SESSION(test_swap_block_colours_follow_state),
		WITH_SESSION(test_back_and_forth_same_bytes),
		WITH_SESSION(test_sizes_and_high_dpi),
		WITH_SESSION(test_hit_testing),
		WITH_SESSION(test_font_errors),
		cmocka_unit_test(test_huge_arena_shows_what_is_mapped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
