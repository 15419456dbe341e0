/*
 * tests/policy/test_invariants.c: what every policy in the table must do.
 * The table is well formed; random workloads with pins and frees keep each
 * policy's own check() and its order()/holds() equal to the resident set;
 * a pinned frame is never chosen; no policy misses less than OPT; runs
 * repeat; broken contracts abort with a message instead of going on.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

#define EACH_POLICY(p) for (const struct policy_ops *const *p = policy_table; *p; p++)

/* Whatever the table holds: names unique, lower case, found by name; a
 * summary that fits --help's line; every call there. */
static void test_table_is_well_formed(void **state)
{
	(void)state;
	size_t n = 0;
	EACH_POLICY(p) {
		const struct policy_ops *ops = *p;
		assert_true(ops->name && ops->name[0] && ops->summary && ops->summary[0]);
		assert_true(strlen(ops->summary) <= 90);
		for (const char *c = ops->name; *c; c++)
			assert_true((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-');
		assert_true(ops->create && ops->destroy && ops->filled && ops->released &&
			    ops->accessed && ops->victim && ops->order && ops->holds && ops->check &&
			    ops->clone);
		assert_ptr_equal(policy_find(ops->name), ops);
		EACH_POLICY(q)
			assert_true(q == p || strcmp((*q)->name, ops->name) != 0);
		n++;
	}
	assert_true(n > 0);
	assert_null(policy_find(""));
	char upper[64];
	EACH_POLICY(p) {
		snprintf(upper, sizeof upper, "%s", (*p)->name);
		upper[0] = (char)(upper[0] - 'a' + 'A');
		assert_null(policy_find(upper)); /* names are exact */
	}
}

/* An access (a write one time in three) or, one time in twenty, a free. */
static void random_step(struct harness *h, uint64_t *rng, uint32_t pages, size_t now)
{
	uint32_t page = harness_rand_below(rng, pages);
	if (harness_rand_below(rng, 20) == 0) {
		if (h->frame_of[page] != H_NONE)
			harness_free_page(h, page);
		return;
	}
	/* A made-up future: enough for OPT to have something to rank. */
	uint64_t next = harness_rand_below(rng, 8) == 0 ? UINT64_MAX
							: now + 1 + harness_rand_below(rng, 50);
	harness_access(h, page, harness_rand_below(rng, 3) == 0, next);
}

/* Accesses, frees and pins at random; the harness checks every step. */
static void random_workload(const struct policy_ops *ops, uint64_t seed, uint32_t frames,
			    uint32_t pages, uint32_t pins, size_t steps)
{
	struct harness h;
	uint64_t rng = seed;
	harness_init(&h, ops, frames, seed);
	h.pin_on_evict = pins;
	for (size_t i = 0; i < steps; i++)
		random_step(&h, &rng, pages, i);
	harness_fini(&h);
}

static void test_random_workloads_keep_invariants(void **state)
{
	(void)state;
	EACH_POLICY(p)
		for (uint64_t seed = 1; seed <= 30; seed++) {
			uint32_t frames = 1 + (uint32_t)(seed % 10);
			random_workload(*p, seed, frames, frames + 1 + (uint32_t)(seed * 7 % 23),
					(uint32_t)(seed % 3), 1500);
		}
}

/* Pin every resident frame but one: the victim must be that one. */
static void test_the_only_unpinned_frame_is_chosen(void **state)
{
	(void)state;
	EACH_POLICY(p) {
		uint64_t rng = 99;
		struct harness h;
		harness_init(&h, *p, 6, 5);
		for (int round = 0; round < 200; round++) {
			uint32_t page = harness_rand_below(&rng, 14);
			harness_access(&h, page, harness_rand_below(&rng, 2), 1000 + (uint64_t)round);
			if (harness_resident(&h) < 6)
				continue;
			uint32_t keep = 1 + harness_rand_below(&rng, 6);
			for (uint32_t f = 1; f <= 6; f++)
				h.pinned[f] = f != keep;
			uint32_t page_kept = h.page_of[keep];
			assert_int_equal(harness_evict(&h), keep);
			assert_int_equal(h.last_victim_page, page_kept);
		}
		harness_fini(&h);
	}
}

static void test_no_policy_misses_less_than_opt(void **state)
{
	(void)state;
	uint64_t rng = 2024;
	uint32_t refs[300];
	for (int round = 0; round < 150; round++) {
		uint32_t frames = 1 + harness_rand_below(&rng, 8);
		uint32_t pages = frames + 1 + harness_rand_below(&rng, 10);
		for (size_t i = 0; i < 300; i++)
			refs[i] = harness_rand_below(&rng, 4) == 0
					  ? harness_rand_below(&rng, pages)
					  : (uint32_t)(i / 20 + harness_rand_below(&rng, 3)) % pages;
		uint64_t best = harness_run(policy_find("opt"), frames, 1, refs, NULL, 300, NULL, NULL);
		EACH_POLICY(p)
			for (uint64_t seed = 1; seed <= 3; seed++) {
				uint64_t got = harness_run(*p, frames, seed, refs, NULL, 300, NULL, NULL);
				if (got < best)
					fail_msg("%s missed %llu < opt's %llu", (*p)->name,
						 (unsigned long long)got, (unsigned long long)best);
			}
	}
}

static uint32_t order_of(const struct harness *h, uint32_t *frames)
{
	return h->ops->order(h->policy, frames, H_MAX_FRAMES);
}

/* A clone runs on exactly as the original would, then apart from it. */
static void test_clones_are_independent_checkpoints(void **state)
{
	(void)state;
	EACH_POLICY(p) {
		struct harness a, b;
		uint64_t rng_a = 17;
		harness_init(&a, *p, 5, 9);
		a.pin_on_evict = 1;
		for (size_t i = 0; i < 300; i++)
			random_step(&a, &rng_a, 12, i);
		b = a;
		b.probe.ctx = &b;
		b.policy = (*p)->clone(a.policy);
		harness_verify(&b);
		uint64_t rng_b = rng_a;
		uint32_t oa[H_MAX_FRAMES], ob[H_MAX_FRAMES];
		for (size_t i = 300; i < 600; i++) {
			random_step(&a, &rng_a, 12, i);
			random_step(&b, &rng_b, 12, i);
			assert_int_equal(a.evictions, b.evictions);
			assert_int_equal(a.last_victim_frame, b.last_victim_frame);
			assert_int_equal(a.ref_clears, b.ref_clears);
			uint32_t n = order_of(&a, oa);
			assert_int_equal(order_of(&b, ob), n);
			assert_memory_equal(oa, ob, sizeof *oa * n);
		}
		uint32_t n = order_of(&a, oa);
		for (size_t i = 600; i < 900; i++)
			random_step(&b, &rng_b, 12, i); /* only the clone moves */
		harness_verify(&a);
		assert_int_equal(order_of(&a, ob), n);
		assert_memory_equal(oa, ob, sizeof *oa * n);
		harness_fini(&b);
		harness_fini(&a);
	}
}

static void test_runs_repeat(void **state)
{
	(void)state;
	uint64_t rng = 5;
	uint32_t refs[400], first[400], second[400];
	bool writes[400];
	for (size_t i = 0; i < 400; i++) {
		refs[i] = harness_rand_below(&rng, 16);
		writes[i] = harness_rand_below(&rng, 2);
	}
	EACH_POLICY(p) {
		size_t n1, n2;
		uint64_t m1 = harness_run(*p, 5, 11, refs, writes, 400, first, &n1);
		uint64_t m2 = harness_run(*p, 5, 11, refs, writes, 400, second, &n2);
		assert_int_equal(m1, m2);
		assert_int_equal(n1, n2);
		assert_memory_equal(first, second, sizeof *first * n1);
	}
}

/* ---- Broken contracts: run in a child, expect SIGABRT and a message. ---- */

struct plain_probe {
	bool pinned[8];
};

static bool plain_pinned(void *ctx, uint32_t f)
{
	return ((struct plain_probe *)ctx)->pinned[f];
}

static bool plain_false(void *ctx, uint32_t f)
{
	(void)ctx, (void)f;
	return false;
}

static uint64_t plain_key(void *ctx, uint32_t f)
{
	(void)ctx;
	return 10 + f;
}

static uint64_t plain_none(void *ctx)
{
	(void)ctx;
	return POLICY_KEY_NONE;
}

static uint64_t plain_never(void *ctx, uint32_t f)
{
	(void)ctx, (void)f;
	return UINT64_MAX;
}

enum misuse { FILL_TWICE, RELEASE_UNHELD, FILL_ZERO, FILL_OUT_OF_RANGE, ALL_PINNED, NOTHING_HELD };

static void misuse(const struct policy_ops *ops, enum misuse what)
{
	struct plain_probe pp = { .pinned = { false } };
	struct victim_probe probe = { .ctx = &pp, .pinned = plain_pinned,
				      .test_and_clear_referenced = plain_false,
				      .referenced = plain_false, .dirty = plain_false,
				      .next_use = plain_never, .page_key = plain_key,
				      .incoming_key = plain_none };
	void *policy = ops->create(&(struct policy_params){ .frames = 4, .seed = 1 });
	switch (what) {
	case FILL_TWICE:
		ops->filled(policy, 2, 10 + 2);
		ops->filled(policy, 2, 10 + 2);
		break;
	case RELEASE_UNHELD:
		ops->filled(policy, 1, 10 + 1);
		ops->released(policy, 2, 12, true);
		break;
	case FILL_ZERO:
		ops->filled(policy, 0, 10 + 0);
		break;
	case FILL_OUT_OF_RANGE:
		ops->filled(policy, 4, 10 + 4);
		break;
	case ALL_PINNED:
		ops->filled(policy, 1, 10 + 1);
		ops->filled(policy, 3, 10 + 3);
		pp.pinned[1] = pp.pinned[3] = true;
		ops->victim(policy, &probe);
		break;
	case NOTHING_HELD:
		ops->victim(policy, &probe);
		break;
	}
}

struct misuse_case {
	const struct policy_ops *ops;
	enum misuse what;
};

static void misuse_body(const void *ctx)
{
	const struct misuse_case *c = ctx;
	misuse(c->ops, c->what);
}

static void expect_abort(const struct policy_ops *ops, enum misuse what, const char *needle)
{
	const struct misuse_case c = { ops, what };
	char name[64];
	snprintf(name, sizeof name, "%s, misuse %d", ops->name, (int)what);
	harness_expect_abort(misuse_body, &c, needle, name);
}

static void test_broken_contracts_abort(void **state)
{
	(void)state;
	EACH_POLICY(p) {
		expect_abort(*p, FILL_TWICE, "already");
		expect_abort(*p, RELEASE_UNHELD, "not");
		expect_abort(*p, FILL_ZERO, "replaceable");
		expect_abort(*p, FILL_OUT_OF_RANGE, "replaceable");
		expect_abort(*p, ALL_PINNED, "no unpinned frame");
		expect_abort(*p, NOTHING_HELD, "no unpinned frame");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_is_well_formed),
		cmocka_unit_test(test_random_workloads_keep_invariants),
		cmocka_unit_test(test_the_only_unpinned_frame_is_chosen),
		cmocka_unit_test(test_no_policy_misses_less_than_opt),
		cmocka_unit_test(test_clones_are_independent_checkpoints),
		cmocka_unit_test(test_runs_repeat),
		cmocka_unit_test(test_broken_contracts_abort),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
