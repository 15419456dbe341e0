/*
 * tests/policy/test_models.c: each deterministic policy against a naive
 * model of the algorithm it documents, written the obvious way (arrays
 * scanned and shifted, timestamps), on random reference strings with
 * writes. Both see the same fault-driven events (harness.h); after every
 * miss they must have evicted the same frame. No pins and no frees here:
 * test_invariants.c covers those.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

/* ---- The models: one state for all, each victim rule on its own. ---- */

struct model {
	uint32_t frames;                 /* user frames + 1 */
	uint32_t page_of[H_MAX_FRAMES];  /* H_NONE: free */
	bool ref[H_MAX_FRAMES], dirty[H_MAX_FRAMES];
	uint64_t filled_at[H_MAX_FRAMES], used_at[H_MAX_FRAMES], next_use[H_MAX_FRAMES];
	uint32_t queue[H_MAX_FRAMES], queued;   /* fill-ordered frames, oldest first */
	uint32_t active[H_MAX_FRAMES], actives; /* active-inactive: the active list */
	bool visited[H_MAX_FRAMES], flagged[H_MAX_FRAMES];
	uint32_t hand;                          /* sieve: a frame, or H_NONE */
	uint32_t dense[H_MAX_FRAMES], denses;   /* random: held frames, fill order */
	uint64_t rng;                           /* random: its generator, at the seed */
};

static uint32_t index_of(const uint32_t *v, uint32_t n, uint32_t f)
{
	for (uint32_t i = 0; i < n; i++)
		if (v[i] == f)
			return i;
	return H_NONE;
}

static void remove_at(uint32_t *v, uint32_t *n, uint32_t i)
{
	memmove(v + i, v + i + 1, sizeof *v * (*n - i - 1));
	(*n)--;
}

static void rotate(uint32_t *v, uint32_t n) /* the first goes last */
{
	uint32_t first = v[0];
	memmove(v, v + 1, sizeof *v * (n - 1));
	v[n - 1] = first;
}

static uint32_t fifo_victim(struct model *m)
{
	uint32_t best = H_NONE;
	for (uint32_t f = 1; f < m->frames; f++)
		if (best == H_NONE || m->filled_at[f] < m->filled_at[best])
			best = f;
	return best;
}

static uint32_t lru_victim(struct model *m)
{
	uint32_t best = H_NONE;
	for (uint32_t f = 1; f < m->frames; f++)
		if (best == H_NONE || m->used_at[f] < m->used_at[best])
			best = f;
	return best;
}

static uint32_t opt_victim(struct model *m)
{
	uint32_t best = 1;
	for (uint32_t f = 2; f < m->frames; f++)
		if (m->next_use[f] > m->next_use[best])
			best = f;
	return best;
}

static uint32_t clock_victim(struct model *m)
{
	while (m->ref[m->queue[0]]) {
		m->ref[m->queue[0]] = false;
		rotate(m->queue, m->queued);
	}
	return m->queue[0];
}

/* Stallings: a lap for (0,0); a lap for (0,1) clearing; again. */
static uint32_t clock_dirty_victim(struct model *m)
{
	for (int round = 0; round < 2; round++) {
		for (uint32_t i = 0; i < m->queued; i++, rotate(m->queue, m->queued))
			if (!m->ref[m->queue[0]] && !m->dirty[m->queue[0]])
				return m->queue[0];
		for (uint32_t i = 0; i < m->queued; i++, rotate(m->queue, m->queued)) {
			bool was = m->ref[m->queue[0]];
			m->ref[m->queue[0]] = false;
			if (!was && m->dirty[m->queue[0]])
				return m->queue[0];
		}
	}
	fail_msg("clock-dirty model found no victim");
	return H_NONE;
}

static uint32_t sieve_victim(struct model *m)
{
	uint32_t i = m->hand == H_NONE ? 0 : index_of(m->queue, m->queued, m->hand);
	while (m->visited[m->queue[i]]) {
		m->visited[m->queue[i]] = false;
		i = (i + 1) % m->queued;
	}
	m->hand = i + 1 < m->queued ? m->queue[i + 1] : H_NONE;
	return m->queue[i];
}

static uint32_t active_inactive_victim(struct model *m)
{
	for (;;) {
		while (m->queued < m->actives) {
			uint32_t f = m->active[0];
			remove_at(m->active, &m->actives, 0);
			m->ref[f] = false;
			m->queue[m->queued++] = f;
		}
		uint32_t f = m->queue[0];
		if (!m->ref[f])
			return f;
		m->ref[f] = false;
		if (m->flagged[f]) {
			remove_at(m->queue, &m->queued, 0);
			m->active[m->actives++] = f;
		} else {
			m->flagged[f] = true;
			rotate(m->queue, m->queued);
		}
	}
}

/* As docs/policies.md says: held frames in a dense array (a release moves
 * the last one into the hole), a splitmix64 draw below n that rejects the
 * top 2^64 mod n values, the generator starting at the seed. */
static uint32_t random_victim(struct model *m)
{
	uint64_t excess = (UINT64_MAX % m->denses + 1) % m->denses, x;
	do
		x = harness_rand(&m->rng);
	while (x > UINT64_MAX - excess);
	return m->dense[x % m->denses];
}

struct model_kind {
	const char *policy;
	uint32_t (*victim)(struct model *m);
};

static const struct model_kind kinds[] = {
	{ "fifo", fifo_victim },
	{ "lru", lru_victim },
	{ "opt", opt_victim },
	{ "clock", clock_victim },
	{ "clock-dirty", clock_dirty_victim },
	{ "sieve", sieve_victim },
	{ "active-inactive", active_inactive_victim },
	{ "random", random_victim },
};

static void model_release(struct model *m, uint32_t f)
{
	uint32_t i = index_of(m->queue, m->queued, f);
	if (i != H_NONE)
		remove_at(m->queue, &m->queued, i);
	else
		remove_at(m->active, &m->actives, index_of(m->active, m->actives, f));
	m->page_of[f] = H_NONE;
	m->visited[f] = m->flagged[f] = false;
	uint32_t d = index_of(m->dense, m->denses, f);
	m->dense[d] = m->dense[--m->denses];
}

/* One access at time t; returns the evicted frame or H_NONE. */
static uint32_t model_access(struct model *m, const struct model_kind *k, uint32_t page,
			     bool write, uint64_t t, uint64_t next)
{
	uint32_t f = H_NONE, victim = H_NONE;
	for (uint32_t g = 1; g < m->frames; g++)
		if (m->page_of[g] == page)
			f = g;
	if (f != H_NONE) {
		m->visited[f] = true;
	} else {
		for (uint32_t g = m->frames - 1; g >= 1; g--)
			if (m->page_of[g] == H_NONE)
				f = g;
		if (f == H_NONE) {
			f = victim = k->victim(m);
			model_release(m, f);
		}
		m->page_of[f] = page;
		m->filled_at[f] = t;
		m->dirty[f] = false;
		m->queue[m->queued++] = f;
		m->dense[m->denses++] = f;
	}
	m->ref[f] = true;
	m->dirty[f] = m->dirty[f] || write;
	m->used_at[f] = t;
	m->next_use[f] = next;
	return victim;
}

/* ---- The differential runs. ---- */

static void compare(const struct model_kind *k, uint32_t user_frames, const uint32_t *refs,
		    const bool *writes, size_t n)
{
	uint64_t next[600];
	assert_true(n <= 600);
	harness_next_uses(refs, n, next);
	struct harness h;
	struct model m = { .frames = user_frames + 1, .hand = H_NONE, .rng = 3 };
	for (uint32_t f = 0; f < H_MAX_FRAMES; f++)
		m.page_of[f] = H_NONE;
	harness_init(&h, policy_find(k->policy), user_frames, m.rng);
	for (size_t i = 0; i < n; i++) {
		uint64_t before = h.evictions;
		harness_access(&h, refs[i], writes[i], next[i]);
		uint32_t expect = model_access(&m, k, refs[i], writes[i], i, next[i]);
		if (expect == H_NONE) {
			assert_int_equal(h.evictions, before);
		} else {
			assert_int_equal(h.evictions, before + 1);
			if (h.last_victim_frame != expect)
				fail_msg("%s, %u frames, access %zu: policy evicted frame %u, model %u",
					 k->policy, user_frames, i, h.last_victim_frame, expect);
		}
	}
	harness_fini(&h);
}

/* Reference strings with some locality: mostly a small hot set that drifts,
 * sometimes any page; writes in about a third of accesses. */
static size_t make_string(uint64_t *rng, uint32_t *refs, bool *writes, size_t n, uint32_t pages)
{
	uint32_t base = 0;
	for (size_t i = 0; i < n; i++) {
		if (harness_rand_below(rng, 20) == 0)
			base = harness_rand_below(rng, pages);
		uint32_t p = harness_rand_below(rng, 4) == 0
				     ? harness_rand_below(rng, pages)
				     : (base + harness_rand_below(rng, 5)) % pages;
		refs[i] = p;
		writes[i] = harness_rand_below(rng, 3) == 0;
	}
	return n;
}

/* Every model here names a policy. (A policy without a model here must have
 * one in tests/policy/models/: test_policy_list.py and the `models` suite
 * check that.) */
static void test_every_policy_has_a_model(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		if (!policy_find(kinds[k].policy))
			fail_msg("model %s names no policy in the table", kinds[k].policy);
}

static void test_every_policy_matches_its_model(void **state)
{
	(void)state;
	uint64_t rng = 42;
	uint32_t refs[600];
	bool writes[600];
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		for (int round = 0; round < 40; round++) {
			uint32_t frames = 1 + (uint32_t)round % 9;
			uint32_t pages = frames + 1 + harness_rand_below(&rng, 3 * frames + 4);
			size_t n = make_string(&rng, refs, writes, 100 + harness_rand_below(&rng, 500), pages);
			compare(&kinds[k], frames, refs, writes, n);
		}
}

/* Uniform random strings: no locality, the hardest case for the hands. */
static void test_models_on_uniform_strings(void **state)
{
	(void)state;
	uint64_t rng = 7;
	uint32_t refs[400];
	bool writes[400];
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		for (uint32_t frames = 1; frames <= 12; frames++) {
			for (size_t i = 0; i < 400; i++) {
				refs[i] = harness_rand_below(&rng, frames * 2);
				writes[i] = harness_rand_below(&rng, 2);
			}
			compare(&kinds[k], frames, refs, writes, 400);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_policy_has_a_model),
		cmocka_unit_test(test_every_policy_matches_its_model),
		cmocka_unit_test(test_models_on_uniform_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
