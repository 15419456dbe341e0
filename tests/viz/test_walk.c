/*
 * tests/viz/test_walk.c: the page-walk panel and sentence (issue 14,
 * viz/walk.h) on a 4-level x86-64 machine with a 1-entry L1 TLB over an
 * 8-entry STLB and hardware reference bits. The expected sentences, colours
 * and entry addresses follow from docs/machine.md's rules, worked by hand
 * in the comments of the trace; nothing is copied from the program's
 * output. Also: no text of the panel is cut at 1024x768 and 1600x900, and
 * a flat machine gets no panel.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "narrate.h"
#include "renderer.h"
#include "viz_helpers.h"
#include "walk.h"

/* 4 frames of 4 KiB: table page k at 16384 + (k - 1) * 4096 */
static const char config_json[] =
	"{\"memory_pages\": 4, \"swap_blocks\": 16, \"page_size\": 4096,"
	" \"arena_pages\": 16, \"ref_bits\": \"hardware\","
	" \"mmu\": {\"format\": \"x86-64\"},"
	" \"tlb\": {\"levels\": [{\"entries\": 1, \"latency\": 1},"
	"                        {\"entries\": 8, \"latency\": 7}]}}";

static const char trace[] =
	"start 1\n"            /* 1 */
	"switch 1\n"           /* 2 */
	"map swap\n"           /* 3: 0x600000000 */
	"map swap\n"           /* 4: 0x600001000 */
	/* 5: a cold walk (4 reads: tables 1 to 4 made), the store faults, the
	 * zero-fill; the retry misses both TLB levels again and walks from the
	 * level-2 cache's hit: 1 read */
	"w 0x600000000 8\n"
	"r 0x600000000\n"      /* 6: L1 hit */
	/* 7: page 1 misses L1 and the STLB; level-2 cache hit: 1 read, the
	 * PT's entry 1 */
	"r 0x600001000\n"
	"r 0x600000000\n"      /* 8: L1 holds page 1 now; the STLB has page 0 */
	"switch 1\n"           /* 9: no ASIDs: TLB and caches flushed */
	"r 0x600000000\n";     /* 10: a cold walk: 4 reads, no cache hit */

static int setup(void **state)
{
	struct vt_fixture *f = vt_fixture_new(config_json);
	f->s = vt_session(&f->dir, trace, &f->config);
	*state = f;
	return 0;
}

static struct viz_picture *render(const struct viz_session *s, int w, int h)
{
	char err[512];
	struct viz_picture *p = viz_picture_render(s, NULL, w, h, err, sizeof err);
	if (!p)
		fail_msg("viz_picture_render: %s", err);
	return p;
}

static uint32_t rgb(struct viz_rgb c)
{
	return (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
}

static void test_sentences(void **state)
{
	struct vt_fixture *f = *state;
	static const struct {
		uint64_t event;
		const char *says;
	} want[] = {
		{5, "process 1 writes 0x600000000 (8 bytes): first write to a fresh "
		    "page, frame 1 zero-filled; TLB miss in L1 and STLB; 2 walks, 5 "
		    "page-table reads (the last: PWC hit at level 2)"},
		{6, "process 1 reads 0x600000000: TLB hit in L1, frame 1"},
		{7, "process 1 reads 0x600001000: TLB miss in L1 and STLB; PWC hit at "
		    "level 2; 1 page-table read, frame 0"},
		{8, "process 1 reads 0x600000000: TLB miss in L1, hit in STLB, frame 1"},
		{9, "switch to process 1: TLB flushed"},
		{10, "process 1 reads 0x600000000: TLB miss in L1 and STLB; no PWC hit; "
		     "4 page-table reads, frame 1"},
	};
	char said[640];
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		vt_seek(f->s, want[i].event);
		viz_narrate(f->s, said, sizeof said);
		if (strcmp(said, want[i].says) != 0)
			fail_msg("event %llu:\n got  %s\n want %s",
				 (unsigned long long)want[i].event, said, want[i].says);
	}
}

static void test_walk_model(void **state)
{
	struct vt_fixture *f = *state;
	struct viz_walk w;
	vt_seek(f->s, 7);
	viz_walk_build(&w, f->s);
	assert_true(w.shown);
	assert_int_equal(w.levels, 4);
	assert_int_equal(w.tlb_levels, 2);
	assert_int_equal(w.tlb_hit, 0);
	assert_int_equal(w.walks, 1);
	assert_int_equal(w.reads, 1);
	assert_int_equal(w.pwc_level, 2);
	assert_int_equal(w.vaddr, 0x600001000);
	/* 0x600001000: PML4 0, PDPT 24, PD 0, PT 1 */
	const uint32_t index[4] = {0, 24, 0, 1};
	for (int i = 0; i < 4; i++)
		assert_int_equal(w.level[i].index, index[i]);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(w.level[i].state, VIZ_WALK_SKIPPED);
		assert_int_equal(w.level[i].accessed, 1);  /* x86: set by event 5 */
	}
	assert_int_equal(w.level[3].state, VIZ_WALK_READ);
	assert_int_equal(w.level[3].table, 4);       /* the 4th table made */
	assert_int_equal(w.level[3].entry, 16384 + 3 * 4096 + 1 * 8);
	assert_int_equal(w.level[3].accessed, 1);    /* hardware: the leaf's */

	vt_seek(f->s, 10);
	viz_walk_build(&w, f->s);
	assert_int_equal(w.pwc_level, 0);
	assert_int_equal(w.reads, 4);
	const uint64_t entry[4] = {16384 + 0 * 8, 16384 + 4096 + 24 * 8,
				   16384 + 2 * 4096 + 0 * 8, 16384 + 3 * 4096 + 0 * 8};
	for (int i = 0; i < 4; i++) {
		assert_int_equal(w.level[i].state, VIZ_WALK_READ);
		assert_int_equal(w.level[i].table, i + 1);
		assert_int_equal(w.level[i].entry, entry[i]);
		assert_int_equal(w.level[i].accessed, 1);
	}

	vt_seek(f->s, 8);
	viz_walk_build(&w, f->s);
	assert_int_equal(w.tlb_hit, 2);
	assert_int_equal(w.walks, 0);
	vt_seek(f->s, 9);   /* a switch: no lookup */
	viz_walk_build(&w, f->s);
	assert_false(w.looked_up);
	assert_string_equal(w.sentence, "");
}

/* A point inside a cell or box, clear of its text and outline. */
static uint32_t inside(const struct viz_picture *p, struct viz_rect r)
{
	assert_true(r.w > 8 && r.h > 8);
	return viz_picture_pixel(p, r.x + r.w - 4, r.y + r.h - 4);
}

static void test_panel_pixels(void **state)
{
	struct vt_fixture *f = *state;
	static const struct {
		uint64_t event;
		struct viz_rgb tlb[2];     /* L1, STLB cells */
		bool walked;
		bool read[4];              /* levels 4 .. 1 */
		uint32_t pwc;              /* the level outlined */
	} want[] = {
		{6, {{70, 220, 110}, {36, 39, 48}}, false, {0}, 0},
		{7, {{245, 66, 66}, {245, 66, 66}}, true, {false, false, false, true}, 2},
		{8, {{245, 66, 66}, {70, 220, 110}}, false, {0}, 0},
		{10, {{245, 66, 66}, {245, 66, 66}}, true, {true, true, true, true}, 0},
	};
	/* the palette's hit, miss and not-looked-up colours are those above */
	assert_int_equal(rgb(VIZ_BADGE_REF), rgb(want[0].tlb[0]));
	assert_int_equal(rgb(VIZ_BADGE_DIRTY), rgb(want[1].tlb[0]));
	assert_int_equal(rgb(VIZ_INVALID_PAGE), rgb(want[0].tlb[1]));
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		vt_seek(f->s, want[i].event);
		struct viz_picture *p = render(f->s, 1600, 900);
		const struct viz_layout *l = &p->view.layout;
		const struct viz_walk *w = &p->view.scene.walk;
		assert_true(l->walk_panel.w > 0 && l->walk_panel.h > 0);
		for (uint32_t k = 1; k <= 2; k++)
			assert_int_equal(inside(p, viz_walk_tlb_cell(l, w, k)),
					 rgb(want[i].tlb[k - 1]));
		for (uint32_t L = 4; L >= 1 && want[i].walked; L--) {
			struct viz_rect box = viz_walk_level_box(l, w, L);
			uint32_t fill = want[i].read[4 - L] ? rgb(VIZ_ABSENT_PAGE)
							    : rgb(VIZ_INVALID_PAGE);
			assert_int_equal(inside(p, box), fill);
			uint32_t corner = viz_picture_pixel(p, box.x, box.y);
			if (L == want[i].pwc)
				assert_int_equal(corner, rgb(VIZ_SCAN_CLEAR));
			else
				assert_int_equal(corner, fill);
		}
		if (!want[i].walked)   /* no walk in the event: no boxes drawn */
			assert_int_equal(inside(p, viz_walk_level_box(l, w, 1)),
					 rgb(VIZ_PANEL));
		viz_picture_free(p);
	}
}

static void test_nothing_cut(void **state)
{
	struct vt_fixture *f = *state;
	static const int sizes[][2] = {{1024, 768}, {1600, 900}};
	for (uint64_t e = 0; e <= 10; e++) {
		vt_seek(f->s, e);
		for (size_t k = 0; k < 2; k++) {
			struct viz_picture *p = render(f->s, sizes[k][0], sizes[k][1]);
			if (vt_cuts(p) != 0)
				fail_msg("event %llu at %dx%d: %u texts cut",
					 (unsigned long long)e, sizes[k][0],
					 sizes[k][1], vt_cuts(p));
			viz_picture_free(p);
		}
	}
}

static void test_flat_machine_has_no_panel(void **state)
{
	(void)state;
	struct vt_fixture *f = vt_fixture_new(
		"{\"memory_pages\": 4, \"page_size\": 4096, \"arena_pages\": 16}");
	f->s = vt_session(&f->dir, trace, &f->config);
	vt_seek(f->s, 7);
	struct viz_picture *p = render(f->s, 1600, 900);
	assert_false(p->view.scene.walk.shown);
	assert_int_equal(p->view.layout.walk_panel.w, 0);
	assert_int_equal(p->view.layout.walk_panel.h, 0);
	char said[640];
	viz_narrate(f->s, said, sizeof said);
	assert_string_equal(said, "process 1 reads 0x600001000: TLB miss, "
			    "page-table walk, frame 0");
	viz_picture_free(p);
	vt_fixture_teardown((void **)&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sentences),
		cmocka_unit_test(test_walk_model),
		cmocka_unit_test(test_panel_pixels),
		cmocka_unit_test(test_nothing_cut),
		cmocka_unit_test(test_flat_machine_has_no_panel),
	};
	return cmocka_run_group_tests(tests, setup, vt_fixture_teardown);
}
