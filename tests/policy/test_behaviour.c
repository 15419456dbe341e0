/*
 * tests/policy/test_behaviour.c: each policy's own rules, worked by hand on
 * small memories: which frame goes, which bits are cleared, what order()
 * says afterwards. Pages are numbered so that page p is first filled into
 * frame p where that helps reading.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

#define NEVER UINT64_MAX

static void start(struct harness *h, const char *policy, uint32_t frames)
{
	const struct policy_ops *ops = policy_find(policy);
	assert_non_null(ops);
	harness_init(h, ops, frames, 1);
}

static void read_page(struct harness *h, uint32_t page)
{
	harness_access(h, page, false, NEVER);
}

/* order() as pages. */
static void assert_order(struct harness *h, const uint32_t *pages, uint32_t n)
{
	uint32_t frames[H_MAX_FRAMES];
	assert_int_equal(h->ops->order(h->policy, frames, H_MAX_FRAMES), n);
	for (uint32_t i = 0; i < n; i++)
		if (h->page_of[frames[i]] != pages[i])
			fail_msg("order()[%u] is page %u, expected %u", i, h->page_of[frames[i]], pages[i]);
}

#define ORDER(h, ...)                                                            \
	do {                                                                     \
		static const uint32_t want_[] = { __VA_ARGS__ };                 \
		assert_order(h, want_, sizeof want_ / sizeof want_[0]);          \
	} while (0)

/* ---- fifo ---- */

static void test_fifo_passes_a_pinned_oldest_frame_which_keeps_its_place(void **state)
{
	(void)state;
	struct harness h;
	start(&h, "fifo", 3);
	read_page(&h, 1), read_page(&h, 2), read_page(&h, 3);
	read_page(&h, 3), read_page(&h, 1); /* hits change nothing */
	ORDER(&h, 1, 2, 3);
	h.pinned[1] = true;
	assert_int_equal(harness_evict(&h), 2);
	ORDER(&h, 1, 3);
	read_page(&h, 4); /* into frame 2 */
	ORDER(&h, 1, 3, 4);
	assert_int_equal(harness_evict(&h), 1); /* still the oldest */
	assert_int_equal(h.ref_clears, 0);
	harness_fini(&h);
}

/* ---- lru ---- */

static void test_lru_moves_every_access_to_the_recent_end(void **state)
{
	(void)state;
	struct harness h;
	start(&h, "lru", 3);
	read_page(&h, 1), read_page(&h, 2), read_page(&h, 3);
	read_page(&h, 1); /* a hit the pager never faults on: still seen */
	ORDER(&h, 2, 3, 1);
	harness_access(&h, 2, true, NEVER);
	ORDER(&h, 3, 1, 2);
	h.pinned[3] = true;
	assert_int_equal(harness_evict(&h), 1);
	ORDER(&h, 3, 2);
	read_page(&h, 4); /* into frame 1 */
	ORDER(&h, 3, 2, 4);
	assert_int_equal(h.ref_clears, 0);
	assert_int_equal(h.soft_faults, 1); /* the first write to page 2 */
	harness_fini(&h);
}

/* ---- opt ---- */

static void test_opt_evicts_the_farthest_next_use(void **state)
{
	(void)state;
	struct harness h;
	start(&h, "opt", 4);
	harness_access(&h, 1, false, 50);
	harness_access(&h, 2, false, NEVER);
	harness_access(&h, 3, false, 40);
	harness_access(&h, 4, false, NEVER);
	ORDER(&h, 1, 2, 3, 4); /* frame order: order() has no probe */
	assert_int_equal(harness_evict(&h), 2); /* never again; lowest frame */
	harness_access(&h, 5, false, 45);       /* frame 2 */
	assert_int_equal(harness_evict(&h), 4);
	harness_access(&h, 6, false, 30);       /* frame 4 */
	h.pinned[1] = true;                     /* 50, the farthest, is pinned */
	assert_int_equal(harness_evict(&h), 2); /* 45 */
	harness_access(&h, 7, false, 50);       /* frame 2, ties with frame 1 */
	assert_int_equal(harness_evict(&h), 1);
	assert_int_equal(h.ref_clears, 0);
	harness_fini(&h);
}

/* The victim by definition: the farthest next use among the resident,
 * unpinned frames, the lowest frame on a tie. */
static uint32_t farthest_unpinned(const struct harness *h)
{
	uint32_t best = H_NONE;
	for (uint32_t f = 1; f < h->frames; f++) {
		if (h->page_of[f] == H_NONE || h->pinned[f])
			continue;
		uint64_t use = h->next_use_of_page[h->page_of[f]];
		if (best == H_NONE || use > h->next_use_of_page[h->page_of[best]])
			best = f;
	}
	return best;
}

/*
 * OPT's heap against that definition, on random accesses with next uses
 * drawn from a few values (many ties) and up to three pinned frames at each
 * eviction: with an incoming page (the heap: pinned tops set aside) and
 * without (the copy-on-write case: frames in order); with the next use told
 * as the pager tells it (next_use_changed) and, on some accesses, not told
 * (asked of the probe at the next victim).
 */
static void test_opt_heap_matches_the_definition(void **state)
{
	(void)state;
	const struct policy_ops *opt = policy_find("opt");
	const uint64_t uses[] = { 7, 7000, 70000, NEVER };
	struct harness h;
	start(&h, "opt", 12);
	uint64_t rng = 42, evictions = 0;
	for (uint64_t t = 0; t < 4000; t++) {
		uint32_t page = harness_rand_below(&rng, 40);
		uint64_t next = harness_rand_below(&rng, 3) == 0 ? t + 1 + harness_rand_below(&rng, 50)
								  : uses[harness_rand_below(&rng, 4)];
		if (h.frame_of[page] == H_NONE && harness_resident(&h) == 12) {
			for (uint32_t i = harness_rand_below(&rng, 4); i > 0; i--)
				h.pinned[1 + harness_rand_below(&rng, 12)] = true;
			if (farthest_unpinned(&h) == H_NONE) /* one must stay unpinned */
				for (uint32_t f = 1; f <= 12; f++)
					h.pinned[f] = false;
			uint32_t want = farthest_unpinned(&h);
			h.incoming = t % 2 ? page : POLICY_KEY_NONE;
			assert_int_equal(harness_evict(&h), want);
			h.incoming = POLICY_KEY_NONE;
			evictions++;
		}
		harness_access(&h, page, false, next);
		if (t % 5)
			opt->next_use_changed(h.policy, h.frame_of[page], next);
	}
	assert_true(evictions > 1000);
	harness_fini(&h);
}

/*
 * mglru with software bits ages only the frames whose bit can be set (a fill
 * or a fault since the policy last cleared it); with hardware bits it reads
 * every frame. Driven alike (the harness's bits are set only through
 * filled() and accessed(), as software bits are), both must clear the same
 * bits in the same order and choose the same victims, pins included.
 */
static void test_mglru_candidates_age_as_the_full_pass(void **state)
{
	(void)state;
	struct harness soft, full;
	start(&soft, "mglru", 20);
	start(&full, "mglru", 20);
	full.ops->destroy(full.policy);
	full.policy = full.ops->create(&(struct policy_params){
		.frames = full.frames, .seed = 1, .hardware_ref_bits = true });
	soft.pin_on_evict = full.pin_on_evict = 2;
	uint64_t rng = 7;
	for (int i = 0; i < 20000; i++) {
		uint32_t page = harness_rand_below(&rng, 2) ? harness_rand_below(&rng, 8)
							    : 8 + harness_rand_below(&rng, 52);
		bool write = harness_rand_below(&rng, 4) == 0;
		harness_access(&soft, page, write, NEVER);
		harness_access(&full, page, write, NEVER);
		assert_int_equal(soft.evictions, full.evictions);
		assert_int_equal(soft.last_victim_page, full.last_victim_page);
		assert_int_equal(soft.ref_clears, full.ref_clears);
		uint32_t a[H_MAX_FRAMES], b[H_MAX_FRAMES];
		uint32_t n = soft.ops->order(soft.policy, a, H_MAX_FRAMES);
		assert_int_equal(full.ops->order(full.policy, b, H_MAX_FRAMES), n);
		assert_memory_equal(a, b, n * sizeof *a);
	}
	assert_true(soft.evictions > 5000 && soft.ref_clears > 5000);
	harness_fini(&soft);
	harness_fini(&full);
}

/* ---- random ---- */

static void test_random_repeats_by_seed_and_differs_across_seeds(void **state)
{
	(void)state;
	uint64_t rng = 3;
	uint32_t refs[500], a[500], b[500], c[500];
	for (size_t i = 0; i < 500; i++)
		refs[i] = harness_rand_below(&rng, 20);
	const struct policy_ops *ops = policy_find("random");
	size_t na, nb, nc;
	harness_run(ops, 6, 1, refs, NULL, 500, a, &na);
	harness_run(ops, 6, 1, refs, NULL, 500, b, &nb);
	harness_run(ops, 6, 2, refs, NULL, 500, c, &nc);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, sizeof *a * na);
	size_t same = 0;
	for (size_t i = 0; i < na && i < nc; i++)
		same += a[i] == c[i];
	assert_true(same < na / 2); /* another seed, another run */
}

/* Chi-square over the unpinned frames, many draws on one memory. */
static void draw_many(struct harness *h, uint32_t draws, uint32_t *count)
{
	for (uint32_t i = 0; i < draws; i++) {
		uint32_t f = h->ops->victim(h->policy, &h->probe);
		assert_true(f > 0 && f < h->frames && !h->pinned[f]);
		count[f]++;
	}
	harness_verify(h);
}

static void test_random_is_uniform_over_unpinned_frames(void **state)
{
	(void)state;
	struct harness h;
	start(&h, "random", 4);
	for (uint32_t p = 1; p <= 4; p++)
		read_page(&h, p);
	h.pinned[2] = true;
	uint32_t count[H_MAX_FRAMES] = { 0 };
	draw_many(&h, 30000, count);
	assert_int_equal(count[2], 0);
	double chi = 0;
	for (uint32_t f = 1; f <= 4; f++) {
		if (f == 2)
			continue;
		double d = count[f] - 10000.0;
		chi += d * d / 10000.0;
	}
	assert_true(chi < 18.4); /* 2 degrees of freedom, p = 0.0001 */
	h.pinned[2] = false;
	uint32_t all[H_MAX_FRAMES] = { 0 };
	draw_many(&h, 40000, all);
	chi = 0;
	for (uint32_t f = 1; f <= 4; f++) {
		double d = all[f] - 10000.0;
		chi += d * d / 10000.0;
	}
	assert_true(chi < 21.1); /* 3 degrees of freedom, p = 0.0001 */
	harness_fini(&h);
}

/* ---- clock-dirty ---- */

static void set_bits(struct harness *h, uint32_t frame, bool referenced, bool dirty)
{
	h->referenced[frame] = referenced;
	h->dirty[frame] = dirty;
}

static void test_clock_dirty_prefers_unreferenced_clean_then_dirty(void **state)
{
	(void)state;
	struct harness h;
	start(&h, "clock-dirty", 4);
	for (uint32_t p = 1; p <= 4; p++)
		read_page(&h, p);
	/* Step 1 finds (0,0) past three others and changes no bit. */
	set_bits(&h, 1, 1, 1), set_bits(&h, 2, 1, 0), set_bits(&h, 3, 0, 1), set_bits(&h, 4, 0, 0);
	assert_int_equal(harness_evict(&h), 4);
	assert_int_equal(h.ref_clears, 0);
	assert_true(h.referenced[1] && h.referenced[2]);
	ORDER(&h, 1, 2, 3); /* the hand rests after the victim */
	read_page(&h, 5);   /* frame 4, just behind the hand */
	ORDER(&h, 1, 2, 3, 5);
	/* No (0,0): step 2 clears 1 and 2 and takes (0,1) frame 3. */
	set_bits(&h, 4, 1, 0);
	assert_int_equal(harness_evict(&h), 3);
	assert_int_equal(h.ref_clears, 2);
	assert_true(!h.referenced[1] && h.dirty[1] && !h.referenced[2] && h.referenced[4]);
	ORDER(&h, 5, 1, 2);
	read_page(&h, 6); /* frame 3 */
	/* Now frame 2 is (0,0) and found by step 1, past 4 (1,0) and 1 (0,1). */
	assert_int_equal(harness_evict(&h), 2);
	assert_int_equal(h.ref_clears, 2);
	harness_fini(&h);
}

static void test_clock_dirty_all_referenced_dirty_takes_four_laps(void **state)
{
	(void)state;
	struct harness h;
	start(&h, "clock-dirty", 4);
	for (uint32_t p = 1; p <= 4; p++)
		harness_access(&h, p, true, NEVER);
	assert_int_equal(harness_evict(&h), 1); /* every bit cleared, back at the hand */
	assert_int_equal(h.ref_clears, 4);
	assert_true(!h.referenced[2] && !h.referenced[3] && !h.referenced[4]);
	ORDER(&h, 2, 3, 4);
	harness_fini(&h);
}

static void test_clock_dirty_leaves_pinned_bits_alone(void **state)
{
	(void)state;
	struct harness h;
	start(&h, "clock-dirty", 2);
	read_page(&h, 1);
	harness_access(&h, 2, true, NEVER);
	set_bits(&h, 1, 0, 0);
	h.pinned[1] = true; /* the harness fails any clear of a pinned frame */
	assert_int_equal(harness_evict(&h), 2);
	assert_int_equal(h.ref_clears, 1);
	assert_true(!h.referenced[1] && !h.dirty[1]);
	harness_fini(&h);
}

/* ---- sieve ---- */

static void test_sieve_keeps_survivors_in_place(void **state)
{
	(void)state;
	struct harness h;
	start(&h, "sieve", 3);
	read_page(&h, 1), read_page(&h, 2), read_page(&h, 3);
	read_page(&h, 1); /* visited */
	read_page(&h, 4); /* the hand clears 1, evicts 2; 4 goes into frame 2 */
	assert_int_equal(h.last_victim_page, 2);
	ORDER(&h, 3, 4, 1); /* from the hand; 1 stays oldest, behind it */
	read_page(&h, 5);   /* evicts 3 */
	assert_int_equal(h.last_victim_page, 3);
	ORDER(&h, 4, 5, 1);
	assert_int_equal(h.ref_clears, 0);
	/* The hand leaves a freed frame for the next one, wrapping. */
	harness_free_page(&h, 4);
	ORDER(&h, 5, 1);
	harness_free_page(&h, 5);
	ORDER(&h, 1);
	read_page(&h, 6), read_page(&h, 7);
	read_page(&h, 8); /* 1 was never used again: it goes first */
	assert_int_equal(h.last_victim_page, 1);
	harness_fini(&h);
}

static void test_sieve_passes_pinned_frames_keeping_their_visit(void **state)
{
	(void)state;
	struct harness h;
	start(&h, "sieve", 2);
	read_page(&h, 1), read_page(&h, 2);
	read_page(&h, 1), read_page(&h, 2); /* both visited */
	h.pinned[1] = true;
	assert_int_equal(harness_evict(&h), 2); /* clears 2, passes pinned 1 twice */
	read_page(&h, 3);                       /* frame 2 */
	/* Had the pinned pass cleared page 1's visit, page 1 would go now. */
	assert_int_equal(harness_evict(&h), 2);
	assert_int_equal(h.last_victim_page, 3);
	harness_fini(&h);
}

/* ---- active-inactive ---- */

static void test_active_inactive_promotes_on_a_second_referenced_scan(void **state)
{
	(void)state;
	struct harness h;
	start(&h, "active-inactive", 4);
	for (uint32_t p = 1; p <= 4; p++)
		read_page(&h, p);
	/* Every fill left its frame referenced: one lap flags them all,
	 * then the oldest, unreferenced now, goes. */
	read_page(&h, 5);
	assert_int_equal(h.last_victim_page, 1);
	assert_int_equal(h.ref_clears, 4);
	ORDER(&h, 2, 3, 4, 5);
	read_page(&h, 2); /* referenced again (a soft fault) */
	read_page(&h, 6); /* 2 is activated, 3 (flagged only) goes */
	assert_int_equal(h.last_victim_page, 3);
	assert_int_equal(h.ref_clears, 5);
	ORDER(&h, 4, 5, 6, 2);
	harness_fini(&h);
}

static void test_active_inactive_rebalances_and_passes_pinned(void **state)
{
	(void)state;
	struct harness h;
	start(&h, "active-inactive", 3);
	read_page(&h, 1), read_page(&h, 2), read_page(&h, 3);
	read_page(&h, 4); /* flags 1, 2, 3; evicts 1 */
	read_page(&h, 2), read_page(&h, 3);
	/* 2 and 3 are activated; the inactive list, now shorter, gets 2 back
	 * (oldest active); 4 is flagged and passed; 2 goes. */
	read_page(&h, 5);
	assert_int_equal(h.last_victim_page, 2);
	ORDER(&h, 4, 5, 3);
	assert_int_equal(h.ref_clears, 6);
	harness_fini(&h);

	start(&h, "active-inactive", 2);
	read_page(&h, 1), read_page(&h, 2);
	read_page(&h, 3); /* evicts 1 */
	read_page(&h, 2);
	h.pinned[1] = true; /* page 3 */
	/* 2 is activated; the inactive list holds only pinned 3, so 2 is
	 * deactivated again, unreferenced, and goes. */
	assert_int_equal(harness_evict(&h), 2);
	assert_true(h.referenced[1]); /* the pinned frame's bit is untouched */
	assert_int_equal(h.ref_clears, 3);
	harness_fini(&h);
}

/* The policies documented as never reading referenced bits leave them
 * alone through random workloads with pins and frees: under software bits
 * only misses fault, which is what makes their counts the textbook ones. */
static void test_bit_blind_policies_never_clear_referenced(void **state)
{
	(void)state;
	static const char *const names[] = { "fifo", "lru", "opt", "random", "sieve" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		for (uint64_t seed = 1; seed <= 10; seed++) {
			struct harness h;
			uint64_t rng = seed;
			start(&h, names[i], 1 + (uint32_t)(seed % 6));
			h.pin_on_evict = (uint32_t)(seed % 3);
			for (uint64_t t = 0; t < 800; t++) {
				uint32_t page = harness_rand_below(&rng, 20);
				if (harness_rand_below(&rng, 20) == 0) {
					if (h.frame_of[page] != H_NONE)
						harness_free_page(&h, page);
					continue;
				}
				harness_access(&h, page, harness_rand_below(&rng, 3) == 0,
					       t + 1 + harness_rand_below(&rng, 40));
			}
			assert_true(h.misses > 0);
			assert_int_equal(h.ref_clears, 0);
			harness_fini(&h);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fifo_passes_a_pinned_oldest_frame_which_keeps_its_place),
		cmocka_unit_test(test_lru_moves_every_access_to_the_recent_end),
		cmocka_unit_test(test_opt_evicts_the_farthest_next_use),
		cmocka_unit_test(test_opt_heap_matches_the_definition),
		cmocka_unit_test(test_mglru_candidates_age_as_the_full_pass),
		cmocka_unit_test(test_random_repeats_by_seed_and_differs_across_seeds),
		cmocka_unit_test(test_random_is_uniform_over_unpinned_frames),
		cmocka_unit_test(test_clock_dirty_prefers_unreferenced_clean_then_dirty),
		cmocka_unit_test(test_clock_dirty_all_referenced_dirty_takes_four_laps),
		cmocka_unit_test(test_clock_dirty_leaves_pinned_bits_alone),
		cmocka_unit_test(test_sieve_keeps_survivors_in_place),
		cmocka_unit_test(test_sieve_passes_pinned_frames_keeping_their_visit),
		cmocka_unit_test(test_active_inactive_promotes_on_a_second_referenced_scan),
		cmocka_unit_test(test_active_inactive_rebalances_and_passes_pinned),
		cmocka_unit_test(test_bit_blind_policies_never_clear_referenced),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
