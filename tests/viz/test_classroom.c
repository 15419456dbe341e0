/*
 * tests/viz/test_classroom.c: the picture for a lecture hall (issue 17):
 * every frame tile shows the page it holds whenever it fits, the smallest
 * text is at least 1/50 of the height (times --scale), nothing is cut at
 * 1024x768 or 1600x900 in the shipped demos, the replacement order is
 * drawn as each policy keeps it (a ring with a hand, a list, next uses),
 * and the frame count is said one way.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "renderer.h"
#include "viz_helpers.h"

static uint32_t rgb(struct viz_rgb c)
{
	return (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
}

static struct viz_picture *render(struct viz_session *s, int w, int h, double scale)
{
	char err[1024];
	struct viz_picture *p = viz_picture_render_scaled(s, NULL, w, h, scale, err,
							  sizeof err);
	if (!p)
		fail_msg("viz_picture_render: %s", err);
	return p;
}

static const char *source(const char *rel)
{
	static char path[4][1024];
	static int slot;
	const char *root = getenv("MMUSIM_SOURCE");
	assert_non_null(root);
	char *out = path[slot++ % 4];
	snprintf(out, sizeof path[0], "%s/%s", root, rel);
	return out;
}

static struct viz_session *open_shipped(const char *trace, const char *config,
					struct mmusim_config *c)
{
	char err[1024];
	if (config_load(c, config ? source(config) : NULL, NULL, 0, err, sizeof err) != 0)
		fail_msg("%s", err);
	struct viz_session *s = viz_session_open(c, source(trace), err, sizeof err);
	if (!s)
		fail_msg("viz_session_open: %s", err);
	return s;
}

/* ---- tiles say which page they hold --------------------------------------- */

/* Frames: 1 p1:0, 2 p1:1 (shared with process 2 after the fork), 3 the
 * file page of block 2, 4 p2:0 (the copy-on-write copy). */
static const char tile_trace[] =
	"start 1\n"
	"switch 1\n"
	"map swap\n"                         /* 0x600000000 */
	"map swap\n"                         /* 0x600001000 */
	"w 0x600000000 \"t.data\"\n"         /* frame 1: p1:0 */
	"w 0x600001000 8\n"                  /* frame 2: p1:1 */
	"map file 0x600000000 2\n"           /* 0x600002000 */
	"r 0x600002000 8\n"                  /* frame 3: file b2 */
	"fork 1 2\n"
	"switch 2\n"
	"w 0x600000000 8\n";                 /* frame 4: p2:0, a copy */

static void test_tiles_name_their_page(void **state)
{
	(void)state;
	struct vt_fixture *f = vt_fixture_new(
		"{\"memory_pages\": 6, \"page_size\": 4096, \"arena_pages\": 8}");
	vt_write(&f->dir, "t.data", "");
	f->s = vt_session(&f->dir, tile_trace, &f->config);
	vt_seek(f->s, 11);
	struct viz_picture *p = render(f->s, 1600, 900, 0);
	const struct viz_scene *sc = &p->view.scene;
	/* after the copy, frame 1 is process 1's alone; frame 2 is shared,
	 * named by the pager's first mapping (the child's) and one more */
	const char *want[6] = {"zero", "p1:0", "p2:1 +1", "file b2", "p2:0", "free"};
	for (int i = 0; i < 6; i++)
		assert_string_equal(sc->frames[i].page, want[i]);
	/* every used tile has its label in ink, centred below the number */
	for (uint32_t i = 0; i < 5; i++) {
		struct viz_rect c = viz_grid_cell(&p->view.layout.frames, i);
		struct viz_rect mid = {c.x + c.w / 8, c.y + c.h / 3, c.w * 3 / 4, c.h / 3};
		uint32_t ink = rgb(viz_ink_on(viz_frame_color(&sc->frames[i])));
		assert_true(vt_count_color(p, mid, ink) > 30);
	}
	/* the free frame has none */
	struct viz_rect c = viz_grid_cell(&p->view.layout.frames, 5);
	struct viz_rect mid = {c.x + c.w / 8, c.y + c.h / 3, c.w * 3 / 4, c.h / 3};
	assert_int_equal(vt_count_color(p, mid, rgb(viz_ink_on(VIZ_FREE_FRAME))), 0);
	assert_int_equal(vt_cuts(p), 0);
	viz_picture_free(p);
	f->s = (viz_session_close(f->s), NULL);
	vt_fixture_teardown((void **)&f);
}

/* Many frames: the labels shrink with the tiles, and where no font fits
 * they are left out, never cut. */
static void test_labels_shrink(void **state)
{
	(void)state;
	static const uint32_t frames[] = {8, 16, 64, 1024};
	int seen_label = 0, seen_none = 0;
	for (size_t k = 0; k < sizeof frames / sizeof frames[0]; k++) {
		char json[160];
		snprintf(json, sizeof json, "{\"memory_pages\": %u, \"page_size\": 4096,"
			 " \"arena_pages\": 8}", frames[k]);
		struct vt_fixture *f = vt_fixture_new(json);
		vt_write(&f->dir, "t.data", "");
		f->s = vt_session(&f->dir, tile_trace, &f->config);
		vt_seek(f->s, 11);
		struct viz_picture *p = render(f->s, 1024, 768, 0);
		const struct viz_scene *sc = &p->view.scene;
		const struct viz_layout *l = &p->view.layout;
		struct viz_rect c = viz_grid_cell(&l->frames, 4);     /* p2:0 */
		uint32_t ink = rgb(viz_ink_on(viz_frame_color(&sc->frames[4])));
		int small_h = viz_font_height(p->view.fonts.small);
		bool numbers = c.h >= small_h * 2;
		int top = numbers ? small_h + 2 : 0;
		bool fits = viz_text_width(p->view.fonts.small, "p2:0") <= c.w - 6 &&
			    small_h <= c.h - top - 1;
		/* below the frame number */
		struct viz_rect below = {c.x, c.y + top, c.w, c.h - top};
		int inked = vt_count_color(p, below, ink);
		if (fits) {
			assert_true(inked > 10);
			seen_label++;
		} else {
			assert_int_equal(inked, 0);
			seen_none++;
		}
		assert_int_equal(vt_cuts(p), 0);
		viz_picture_free(p);
		f->s = (viz_session_close(f->s), NULL);
		vt_fixture_teardown((void **)&f);
	}
	assert_true(seen_label >= 2);    /* 8 and 16 frames */
	assert_true(seen_none >= 1);     /* 1,024 frames */
}

/* ---- text sizes -------------------------------------------------------------- */

static void test_smallest_text_is_a_fiftieth(void **state)
{
	(void)state;
	struct mmusim_config c;
	struct viz_session *s = open_shipped("traces/fork-cow.trace", NULL, &c);
	vt_seek(s, 12);
	static const int sizes[][2] = {{800, 600}, {1024, 768}, {1280, 720},
				       {1600, 900}, {1920, 1080}, {3840, 2160},
				       {900, 1600}};
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		int w = sizes[k][0], h = sizes[k][1];
		struct viz_picture *p = render(s, w, h, 0);
		int small = p->view.layout.font_small;
		assert_true(small * 50 >= h);
		assert_true(viz_font_height(p->view.fonts.small) * 50 >= h);
		assert_true(p->view.layout.font_body > small);
		assert_true(p->view.layout.font_big > p->view.layout.font_body);
		viz_picture_free(p);
		/* --scale 1.4 (--projector): 1.4 times as large */
		p = render(s, w, h, 1.4);
		assert_true(p->view.layout.font_small * 10 >= small * 14 - 10);
		assert_true(p->view.layout.font_small > small);
		viz_picture_free(p);
	}
	viz_session_close(s);
}

/* ---- nothing cut in the shipped demos -------------------------------------------- */

static const struct {
	const char *trace, *config;
} demos[] = {
	{"traces/fork-cow.trace", NULL},
	{"traces/shared-files.trace", NULL},
	{"traces/thrashing.trace", "configs/fifo-4.json"},
	{"traces/belady.trace", "configs/opt-4.json"},
	{"traces/belady.trace", "configs/lru-4.json"},
	{"traces/exhaustion.trace", "configs/tiny.json"},
};

static void test_nothing_cut(void **state)
{
	(void)state;
	static const int sizes[][2] = {{1024, 768}, {1600, 900}};
	for (size_t d = 0; d < sizeof demos / sizeof demos[0]; d++) {
		struct mmusim_config c;
		struct viz_session *s = open_shipped(demos[d].trace, demos[d].config, &c);
		for (uint64_t e = 0; e <= viz_session_total(s); e++) {
			char err[1024];
			if (viz_session_seek(s, e, err, sizeof err) != 0)
				break;  /* exhaustion's last events fail on purpose */
			for (size_t k = 0; k < 2; k++) {
				struct viz_picture *p = render(s, sizes[k][0], sizes[k][1], 0);
				if (vt_cuts(p) != 0)
					fail_msg("%s event %" PRIu64 " at %dx%d: %u texts cut",
						 demos[d].trace, e, sizes[k][0], sizes[k][1],
						 vt_cuts(p));
				viz_picture_free(p);
			}
		}
		viz_session_close(s);
	}
}

/* ---- the order as each policy keeps it --------------------------------------- */

/* Belady's string as the trace writes it: page v of process 1 at event i. */
static int belady_page_at(uint64_t event)
{
	/* 2 (start, switch) + 5 maps, then 12 writes, then exit */
	static const int refs[] = {1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5};
	return event >= 7 && event < 19 ? refs[event - 7] - 1 : -1;
}

static bool panel_has(const struct viz_picture *p, struct viz_rgb c)
{
	return vt_count_color(p, p->view.layout.ring_panel, rgb(c)) > 0;
}

static void test_order_views(void **state)
{
	(void)state;
	static const struct {
		const char *config;
		uint8_t shape;
	} cases[] = {
		{"configs/clock-4.json", VIZ_RING_HAND},
		{"configs/sieve-4.json", VIZ_RING_HAND},
		{"configs/fifo-4.json", VIZ_RING_LIST},
		{"configs/lru-4.json", VIZ_RING_LIST},
		{"configs/opt-4.json", VIZ_RING_FUTURE},
		{"configs/random-4.json", VIZ_RING_SET},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		struct mmusim_config c;
		struct viz_session *s = open_shipped("traces/belady.trace", cases[k].config, &c);
		for (uint64_t e = 8; e <= 19; e++) {
			vt_seek(s, e);
			struct viz_picture *p = render(s, 1280, 720, 0);
			const struct viz_scene *sc = &p->view.scene;
			const struct viz_layout *l = &p->view.layout;
			assert_int_equal(sc->ring_shape, cases[k].shape);
			/* the hand only where there is one */
			assert_int_equal(panel_has(p, VIZ_HAND), cases[k].shape == VIZ_RING_HAND);
			assert_int_equal(l->ring_is_list, cases[k].shape != VIZ_RING_HAND);
			const struct pager *pg = run_pager(viz_session_run(s));
			uint32_t order[8];
			uint32_t n = pager_policy_order(pg, order, 8);
			assert_int_equal(n, sc->ring_count);
			if (cases[k].shape == VIZ_RING_FUTURE) {
				/* next uses from the reference string itself */
				uint64_t prev = UINT64_MAX;
				uint32_t prev_frame = 0;
				for (uint32_t i = 0; i < n; i++) {
					uint32_t fr = sc->ring[i];
					struct frame_view v;
					pager_frame_view(pg, fr, &v);
					int page = (int)((v.first_vaddr - c.arena_base) / c.page_size);
					uint64_t want = UINT64_MAX;
					for (uint64_t t = e; t < 19 && want == UINT64_MAX; t++)
						if (belady_page_at(t) == page)
							want = t;
					assert_int_equal(sc->frames[fr].next_use, want);
					/* farthest first, ties to the lower frame */
					assert_true(want < prev || (want == prev && fr > prev_frame));
					prev = want;
					prev_frame = fr;
				}
			} else {
				assert_memory_equal(sc->ring, order, n * sizeof *order);
			}
			if (l->ring_is_list) {
				/* cell i shows frame ring[i]'s number: the cell is
				 * its colour, and hit testing finds position i */
				for (uint32_t i = 0; i < n; i++) {
					struct viz_rect cell = viz_grid_cell(&l->ring_grid, i);
					struct viz_hit h = viz_layout_hit(l, sc, cell.x + 2,
									  cell.y + cell.h - 3);
					assert_int_equal(h.kind, VIZ_HIT_RING);
					assert_int_equal(h.index, i);
					assert_int_equal(viz_picture_pixel(p, cell.x + 1, cell.y + cell.h - 2),
							 rgb(viz_frame_color(&sc->frames[sc->ring[i]])));
				}
			}
			assert_int_equal(vt_cuts(p), 0);
			viz_picture_free(p);
		}
		viz_session_close(s);
	}
}

/* Two processes under FIFO: the queue's cells have their owners' colours
 * in the pager's order, oldest first. */
static void test_fifo_queue_colours(void **state)
{
	(void)state;
	struct mmusim_config c;
	struct viz_session *s = open_shipped("traces/thrashing.trace", "configs/fifo-4.json", &c);
	bool two = false;
	for (uint64_t e = 10; e <= 30; e++) {
		vt_seek(s, e);
		struct viz_picture *p = render(s, 1600, 900, 0);
		const struct viz_scene *sc = &p->view.scene;
		int pids = 0, last = -1;
		for (uint32_t i = 0; i < sc->ring_count; i++) {
			const struct viz_frame *fr = &sc->frames[sc->ring[i]];
			struct viz_rect cell = viz_grid_cell(&p->view.layout.ring_grid, i);
			assert_int_equal(viz_picture_pixel(p, cell.x + 1, cell.y + cell.h - 2),
					 rgb(viz_owner_color(fr->owners[0])));
			pids += fr->owners[0] != last;
			last = fr->owners[0];
		}
		two |= pids >= 2;
		viz_picture_free(p);
	}
	assert_true(two);
	viz_session_close(s);
}

/* ---- frame counts ------------------------------------------------------------- */

static void test_frames_said_one_way(void **state)
{
	(void)state;
	struct mmusim_config c;
	struct viz_session *s = open_shipped("traces/fork-cow.trace", NULL, &c);
	vt_seek(s, 18);
	struct viz_picture *p = render(s, 1600, 900, 0);
	const struct viz_scene *sc = &p->view.scene;
	assert_int_equal(c.memory_pages, 4);
	assert_int_equal(sc->usable_frames, 3);
	assert_non_null(strstr(sc->config, "3 usable frames (+ the zero page)"));
	assert_null(strstr(sc->config, "4 frames"));
	viz_picture_free(p);
	viz_session_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tiles_name_their_page),
		cmocka_unit_test(test_labels_shrink),
		cmocka_unit_test(test_smallest_text_is_a_fiftieth),
		cmocka_unit_test(test_nothing_cut),
		cmocka_unit_test(test_order_views),
		cmocka_unit_test(test_fifo_queue_colours),
		cmocka_unit_test(test_frames_said_one_way),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
