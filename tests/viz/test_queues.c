/*
 * tests/viz/test_queues.c: the ring panel of a policy with queues of its
 * own (viz/queues.c). On Belady's string (traces/belady.trace, 3 frames),
 * CAR's and CLOCK-Pro's queues after events 18 and 19 are the ones worked
 * by hand from the papers' rules (docs/policies.md states mmusim's
 * choices); the picture shows each resident page in its owner's colour,
 * each ghost as an outline, each mark as its band, the hands over their
 * entries and nowhere else, and a click on a queue's page names its frame.
 * The narration says what the event did to the queues. Every policy of
 * the table can be chosen in viz and shows every event with nothing cut;
 * the classics keep their ring or list and their sentences.
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

static const char *belady(void)
{
	static char path[1024];
	const char *root = getenv("MMUSIM_SOURCE");
	assert_non_null(root);
	snprintf(path, sizeof path, "%s/traces/belady.trace", root);
	return path;
}

struct policy_run {
	struct vt_dir dir;
	struct mmusim_config config;
	struct viz_session *s;
};

/* Belady's trace under `policy` with 3 usable frames. */
static void open_policy(struct policy_run *run, const char *policy)
{
	char json[128];
	vt_dir_make(&run->dir);
	snprintf(json, sizeof json, "{\"policy\": \"%s\", \"memory_pages\": 4}", policy);
	vt_config(&run->config, &run->dir, json);
	char err[1024];
	run->s = viz_session_open(&run->config, belady(), err, sizeof err);
	if (!run->s)
		fail_msg("viz_session_open (%s): %s", policy, err);
}

static void close_policy(struct policy_run *run)
{
	viz_session_close(run->s);
	vt_dir_remove(&run->dir);
}

static struct viz_picture *render(struct viz_session *s, int w, int h)
{
	char err[1024];
	struct viz_picture *p = viz_picture_render(s, NULL, w, h, err, sizeof err);
	if (!p)
		fail_msg("viz_picture_render: %s", err);
	return p;
}

/* The scene's queues as the test's strings write them: "T1: p1:3 | T2: ...
 * ; hand@T1:0 ; p=0", pages as the tiles name them, ghosts in brackets,
 * marks by name. */
static void render_queues(const struct viz_scene *sc, char *out, size_t n)
{
	const struct viz_queues *q = &sc->queues;
	const struct queue_view *v = &q->view;
	size_t at = 0;
#define PUT(...) (at += (size_t)snprintf(out + at, at < n ? n - at : 0, __VA_ARGS__))
	for (uint32_t k = 0; k < v->queue_count; k++) {
		const struct qv_queue *qu = &v->queues[k];
		PUT("%s%s:", k ? " | " : "", qu->name);
		for (uint32_t i = qu->start; i < qu->start + qu->count; i++) {
			const struct qv_entry *e = &v->entries[i];
			if (e->frame)
				PUT(" %s", sc->frames[e->frame].page);
			else
				PUT(" (%s)", q->ghost_pages[i]);
			if (e->mark)
				PUT("[%s]", v->marks[e->mark - 1]);
		}
	}
	for (uint32_t k = 0; k < v->hand_count; k++)
		PUT(" ; %s@%s:%u", v->hands[k].name, v->queues[v->hands[k].queue].name,
		    v->hands[k].index);
	for (uint32_t k = 0; k < v->param_count; k++)
		PUT(" ; %s=%g", v->params[k].name, v->params[k].value);
#undef PUT
	assert_true(at < n);
}

/* The picture agrees with the scene's queues, entry by entry. */
static void check_picture(const struct viz_picture *p)
{
	const struct viz_scene *sc = &p->view.scene;
	const struct viz_layout *l = &p->view.layout;
	const struct viz_queues *q = &sc->queues;
	struct viz_queue_rows rows;
	viz_queues_place(l, sc, &rows);
	uint32_t panel = rgb(VIZ_PANEL);
	for (uint32_t i = 0; i < q->view.entry_count; i++) {
		const struct qv_entry *e = &q->view.entries[i];
		struct viz_rect c = viz_queues_cell(&rows, q, i);
		assert_true(c.w >= 8 && c.h >= 8);
		assert_true(viz_rect_has(l->ring_panel, c.x, c.y));
		int edge = c.w >= 24 ? 3 : 2;
		uint32_t left = viz_picture_pixel(p, c.x, c.y + c.h / 3);
		uint32_t inside = viz_picture_pixel(p, c.x + edge, c.y + c.h / 3);
		if (e->frame == 0) {
			/* a ghost: an outline round the panel's colour, its page dim */
			assert_int_equal(left, rgb(VIZ_GHOST_FRAME));
			assert_int_equal(inside, panel);
			bool room = c.h - 2 * edge >= viz_font_height(p->view.fonts.small);
			if (room && vt_count_color(p, c, rgb(VIZ_TEXT_DIM)) <= 10)
				fail_msg("ghost %s at %dx%d: no label in %dx%d", q->ghost_pages[i],
					 l->width, l->height, c.w, c.h);
		} else {
			const struct viz_frame *fr = &sc->frames[e->frame];
			assert_int_equal(inside, rgb(viz_owner_color(1)));
			assert_int_equal(left, fr->referenced ? rgb(VIZ_BADGE_REF)
							      : rgb(viz_owner_color(1)));
			/* a click on it is a click on its frame */
			struct viz_hit hit = viz_layout_hit(l, sc, c.x + c.w / 2, c.y + c.h / 2);
			assert_int_equal(hit.kind, VIZ_HIT_FRAME);
			assert_int_equal(hit.index, e->frame);
		}
		uint32_t band = viz_picture_pixel(p, c.x + c.w / 2, c.y + c.h - 1);
		if (e->mark)
			assert_int_equal(band, rgb(viz_queues_mark_color(e->mark)));
		/* a hand's triangle over its entry (the middle of the strip above
		 * it), none over the others */
		bool hand = false;
		uint32_t queue = queue_view_queue_of(&q->view, i);
		for (uint32_t k = 0; k < q->view.hand_count; k++)
			hand |= q->view.hands[k].queue == queue &&
				q->view.queues[queue].start + q->view.hands[k].index == i;
		if (rows.hand_h) {
			uint32_t mid = viz_picture_pixel(p, c.x + c.w / 2, c.y - rows.hand_h / 2);
			if ((mid == rgb(VIZ_HAND)) != hand)
				fail_msg("entry %u at %dx%d: a hand %s, the pixel above %06x", i,
					 l->width, l->height, hand ? "yes" : "no", mid);
		}
	}
	assert_int_equal(vt_cuts(p), 0);
}

static void expect_at(struct policy_run *run, uint64_t event, const char *want)
{
	vt_seek(run->s, event);
	static const int sizes[][2] = {{1600, 900}, {1024, 768}};
	for (size_t k = 0; k < 2; k++) {
		struct viz_picture *p = render(run->s, sizes[k][0], sizes[k][1]);
		const struct viz_scene *sc = &p->view.scene;
		assert_true(sc->queues.shown);
		char got[512];
		render_queues(sc, got, sizeof got);
		if (strcmp(got, want) != 0)
			fail_msg("event %" PRIu64 ": queues\n  are  %s\n  want %s", event, got, want);
		check_picture(p);
		viz_picture_free(p);
	}
}

/* Belady's string 1 2 3 4 1 2 5 1 2 3 4 5 (pages 1..5 are p1:0..p1:4);
 * after 18 events the first eleven references are done, after 19 all.
 * CAR, c = 3: the first four misses each evict T1's head (its bit cleared
 * with the fills') and drop its ghost again (|T1| + |B1| = c); 1 and 2 are
 * used again, so the miss on 3 moves both to T2 and evicts 5 into B1; 4
 * evicts 3 into B1; 5, found in B1, raises p to 1 and joins T2 after 4
 * goes to B1. */
static void test_car(void **state)
{
	(void)state;
	struct policy_run run;
	open_policy(&run, "car");
	expect_at(&run, 18, "T1: p1:3 | T2: p1:0 p1:1 | B1: (p1:4) (p1:2) | B2:"
			    " ; hand@T1:0 ; hand@T2:0 ; p=0");
	expect_at(&run, 19, "T1: | T2: p1:0 p1:1 p1:4 | B1: (p1:2) (p1:3) | B2:"
			    " ; hand@T1:0 ; hand@T2:0 ; p=1");
	close_policy(&run);
}

/* CLOCK-Pro, m = 3, the clock from its oldest entry to the head. 1 and 2
 * come back from their test periods hot (m_c 2); at 5 HAND_hot removes the
 * ghost of 3, ends 4's test, demotes 1, and HAND_cold evicts 4 (no test:
 * gone); 1's and 2's uses set their bits; at 3 HAND_cold gives 1 a test
 * period (to the head) and evicts 5 into a ghost; at 4 it evicts 1 into a
 * ghost; at 5 it evicts 3 into a ghost and 5 returns hot (m_c 2). */
static void test_clock_pro(void **state)
{
	(void)state;
	struct policy_run run;
	open_policy(&run, "clock-pro");
	expect_at(&run, 18, "clock: p1:1[hot] (p1:4)[in test] (p1:0)[in test] p1:2[in test]"
			    " p1:3[in test] ; hot@clock:0 ; cold@clock:3 ; test@clock:0 ; m_c=1");
	expect_at(&run, 19, "clock: p1:1[hot] (p1:0)[in test] (p1:2)[in test] p1:3[in test]"
			    " p1:4[hot] ; hot@clock:0 ; cold@clock:3 ; test@clock:0 ; m_c=2");
	close_policy(&run);
}

/* The narration's queue moves, each phrase worked by hand (CAR above):
 * at event 17 (the miss on 3) 1 and 2 go to T2, 5 to B1 and 3 enters
 * T1; at event 19 (the miss on 5) 4 goes to B1 and 5 from B1 to T2. */
static void expect_moves(struct policy_run *run, uint64_t event, const char *const *phrases,
			 size_t n)
{
	vt_seek(run->s, event);
	struct viz_picture *p = render(run->s, 1600, 900);
	const char *said = p->view.scene.narration;
	const char *moves = strstr(said, "; queues: ");
	if (!moves)
		fail_msg("event %" PRIu64 ": no queue moves in \"%s\"", event, said);
	for (size_t k = 0; k < n; k++)
		if (!strstr(moves, phrases[k]))
			fail_msg("event %" PRIu64 ": \"%s\" lacks \"%s\"", event, moves, phrases[k]);
	size_t dots = 0;
	for (const char *c = moves; (c = strstr(c, " \u00b7 ")); c++)
		dots++;
	assert_int_equal(dots + 1, n);
	viz_picture_free(p);
}

static void test_narration_tells_queue_moves(void **state)
{
	(void)state;
	struct policy_run run;
	open_policy(&run, "car");
	static const char *const at17[] = {"p1:0 T1 \u2192 T2", "p1:1 T1 \u2192 T2",
					   "p1:2 enters T1", "p1:4 T1 \u2192 B1"};
	expect_moves(&run, 17, at17, 4);
	static const char *const at19[] = {"p1:3 T1 \u2192 B1", "p1:4 B1 \u2192 T2"};
	expect_moves(&run, 19, at19, 2);
	/* a hit that moves nothing: no moves said */
	vt_seek(run.s, 16);
	struct viz_picture *p = render(run.s, 1600, 900);
	assert_null(strstr(p->view.scene.narration, "queues:"));
	viz_picture_free(p);
	close_policy(&run);
	/* CLOCK-Pro's marks and ghosts: at 19, 3 stays as a ghost and 5 comes
	 * back from its test period hot */
	open_policy(&run, "clock-pro");
	static const char *const cp19[] = {"p1:2 stays in clock as a ghost",
					   "p1:4 comes back into clock, in test \u2192 hot"};
	expect_moves(&run, 19, cp19, 2);
	close_policy(&run);
}

/* Every policy of the table in viz: every event from the first write to
 * the exit drawn with nothing cut (the classics, drawn as before and
 * tested in test_classroom.c, at two of them); the queues drawn for those
 * with queues of their own, the classics' ring or list otherwise, the
 * resident pages all there. */
static void test_every_policy(void **state)
{
	(void)state;
	static const char *const classics[] = {"clock", "clock-dirty", "fifo", "lru",
					       "opt", "random", "sieve"};
	for (const struct policy_ops *const *ops = policy_table; *ops; ops++) {
		struct policy_run run;
		open_policy(&run, (*ops)->name);
		bool classic = false;
		for (size_t k = 0; k < sizeof classics / sizeof classics[0]; k++)
			classic |= strcmp(classics[k], (*ops)->name) == 0;
		for (uint64_t e = 7; e <= 20; e++) {
			if (classic && e != 12 && e != 19)
				continue;
			vt_seek(run.s, e);
			struct viz_picture *p = render(run.s, 1024, 768);
			const struct viz_scene *sc = &p->view.scene;
			const struct queue_view *v = &sc->queues.view;
			bool own = v->queue_count > 1 || v->mark_count || v->param_count;
			assert_int_equal(sc->queues.shown, own);
			assert_false(classic && own);
			if (own) {
				check_picture(p);
				uint32_t resident = 0;
				for (uint32_t f = 1; f < sc->frame_count; f++)
					if (sc->frames[f].kind != VIZ_FRAME_FREE)
						assert_int_not_equal(queue_view_find_frame(v, f),
								     UINT32_MAX),
							resident++;
				assert_int_equal(resident, sc->ring_count);
			}
			if (!own)
				assert_null(strstr(sc->narration, "queues:"));
			if (vt_cuts(p))
				fail_msg("%s, event %" PRIu64 ": %u texts cut", (*ops)->name, e,
					 vt_cuts(p));
			viz_picture_free(p);
		}
		close_policy(&run);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_car),
		cmocka_unit_test(test_clock_pro),
		cmocka_unit_test(test_narration_tells_queue_moves),
		cmocka_unit_test(test_every_policy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
