/*
 * tests/policy/harness.c: the fault-driven harness of harness.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"

void harness_expect_abort(void (*body)(const void *ctx), const void *ctx, const char *needle,
			  const char *what)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		alarm(10);
		body(ctx);
		_exit(0);
	}
	close(fds[1]);
	char buf[2048];
	size_t len = 0;
	ssize_t got;
	while (len < sizeof buf - 1 && (got = read(fds[0], buf + len, sizeof buf - 1 - len)) > 0)
		len += (size_t)got;
	buf[len] = '\0';
	close(fds[0]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGABRT)
		fail_msg("%s: child did not abort (status %#x), said: %s", what, (unsigned)status,
			 buf);
	if (!strstr(buf, "mmusim: invariant broken: ") || !strstr(buf, needle))
		fail_msg("%s: message lacks '%s': %s", what, needle, buf);
}

uint64_t harness_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

uint32_t harness_rand_below(uint64_t *state, uint32_t n)
{
	return (uint32_t)(harness_rand(state) % n);
}

static uint64_t probe_page_key(void *ctx, uint32_t frame);

static struct harness *resident_frame(void *ctx, uint32_t frame)
{
	struct harness *h = ctx;
	assert_true(frame > 0 && frame < h->frames);
	assert_int_not_equal(h->page_of[frame], H_NONE);
	return h;
}

static bool probe_pinned(void *ctx, uint32_t frame)
{
	return resident_frame(ctx, frame)->pinned[frame];
}

static bool probe_test_and_clear(void *ctx, uint32_t frame)
{
	struct harness *h = resident_frame(ctx, frame);
	assert_false(h->pinned[frame]); /* the contract: pinned bits stay untouched */
	bool was = h->referenced[frame];
	if (was) {
		h->referenced[frame] = false;
		h->ref_clears++;
	}
	return was;
}

static bool probe_referenced(void *ctx, uint32_t frame)
{
	return resident_frame(ctx, frame)->referenced[frame];
}

static bool probe_dirty(void *ctx, uint32_t frame)
{
	return resident_frame(ctx, frame)->dirty[frame];
}

static uint64_t probe_next_use(void *ctx, uint32_t frame)
{
	struct harness *h = resident_frame(ctx, frame);
	return h->next_use_of_page[h->page_of[frame]];
}

static uint64_t probe_page_key(void *ctx, uint32_t frame)
{
	return resident_frame(ctx, frame)->page_of[frame];
}

static uint64_t probe_incoming_key(void *ctx)
{
	return ((struct harness *)ctx)->incoming;
}

void harness_init(struct harness *h, const struct policy_ops *ops, uint32_t user_frames,
		  uint64_t seed)
{
	assert_true(user_frames >= 1 && user_frames < H_MAX_FRAMES);
	*h = (struct harness){ .ops = ops, .frames = user_frames + 1, .pin_rng = seed ^ 0x5eed,
			       .incoming = POLICY_KEY_NONE };
	for (uint32_t f = 0; f < H_MAX_FRAMES; f++)
		h->page_of[f] = H_NONE;
	for (uint32_t p = 0; p < H_MAX_PAGES; p++) {
		h->frame_of[p] = H_NONE;
		h->next_use_of_page[p] = UINT64_MAX;
	}
	h->probe = (struct victim_probe){
		.ctx = h, .pinned = probe_pinned, .test_and_clear_referenced = probe_test_and_clear,
		.referenced = probe_referenced, .dirty = probe_dirty, .next_use = probe_next_use,
		.page_key = probe_page_key, .incoming_key = probe_incoming_key,
	};
	h->policy = ops->create(&(struct policy_params){ .frames = h->frames, .seed = seed });
	assert_non_null(h->policy);
	harness_verify(h);
}

void harness_fini(struct harness *h)
{
	for (uint32_t f = 1; f < h->frames; f++)
		if (h->page_of[f] != H_NONE)
			harness_free_page(h, h->page_of[f]);
	harness_verify(h);
	h->ops->destroy(h->policy);
	h->policy = NULL;
}

uint32_t harness_resident(const struct harness *h)
{
	uint32_t n = 0;
	for (uint32_t f = 1; f < h->frames; f++)
		n += h->page_of[f] != H_NONE;
	return n;
}

void harness_verify(struct harness *h)
{
	uint32_t order[H_MAX_FRAMES + 1];
	bool seen[H_MAX_FRAMES] = { false };
	h->ops->check(h->policy);
	uint32_t n = h->ops->order(h->policy, order, H_MAX_FRAMES + 1);
	assert_int_equal(n, harness_resident(h));
	assert_int_equal(h->ops->order(h->policy, NULL, 0), n); /* pager_check's count */
	for (uint32_t i = 0; i < n; i++) {
		assert_true(order[i] > 0 && order[i] < h->frames);
		assert_int_not_equal(h->page_of[order[i]], H_NONE);
		assert_false(seen[order[i]]);
		seen[order[i]] = true;
	}
	for (uint32_t f = 0; f < h->frames + 2; f++)
		assert_int_equal(h->ops->holds(h->policy, f), f < h->frames && h->page_of[f] != H_NONE);
	/* A short buffer gets a prefix of the same order. */
	if (n > 1) {
		uint32_t part[H_MAX_FRAMES];
		assert_int_equal(h->ops->order(h->policy, part, 1), n);
		assert_int_equal(part[0], order[0]);
	}
}

/* Pin up to pin_on_evict random resident frames, leaving one unpinned. */
static void pin_some(struct harness *h)
{
	uint32_t want = h->pin_on_evict, resident = harness_resident(h);
	if (want == 0 || resident == 0)
		return;
	if (want >= resident)
		want = resident - 1;
	for (uint32_t i = 0; i < want; i++) {
		uint32_t f = 1 + harness_rand_below(&h->pin_rng, h->frames - 1);
		if (h->page_of[f] != H_NONE)
			h->pinned[f] = true;
	}
}

uint32_t harness_evict(struct harness *h)
{
	pin_some(h);
	h->victim_calls++;
	uint32_t v = h->ops->victim(h->policy, &h->probe);
	assert_true(v > 0 && v < h->frames);
	assert_int_not_equal(h->page_of[v], H_NONE);
	assert_false(h->pinned[v]);
	assert_true(h->ops->holds(h->policy, v));
	for (uint32_t f = 0; f < h->frames; f++)
		h->pinned[f] = false;
	h->last_victim_frame = v;
	h->last_victim_page = h->page_of[v];
	h->ops->released(h->policy, v, h->page_of[v], true);
	h->frame_of[h->page_of[v]] = H_NONE;
	h->page_of[v] = H_NONE;
	h->referenced[v] = h->dirty[v] = false;
	h->evictions++;
	harness_verify(h);
	return v;
}

static uint32_t take_frame(struct harness *h, uint32_t page)
{
	for (uint32_t f = 1; f < h->frames; f++)
		if (h->page_of[f] == H_NONE)
			return f;
	h->incoming = page;
	uint32_t v = harness_evict(h);
	h->incoming = POLICY_KEY_NONE;
	return v;
}

bool harness_access(struct harness *h, uint32_t page, bool write, uint64_t next)
{
	assert_true(page < H_MAX_PAGES);
	uint32_t f = h->frame_of[page];
	bool miss = f == H_NONE;
	if (miss) {
		h->misses++;
		f = take_frame(h, page);
		h->page_of[f] = page;
		h->frame_of[page] = f;
		h->referenced[f] = true;
		h->dirty[f] = write;
		h->ops->filled(h->policy, f, page);
	} else {
		bool soft = !h->referenced[f] || (write && !h->dirty[f]);
		h->referenced[f] = true;
		h->dirty[f] = h->dirty[f] || write;
		if (soft)
			h->soft_faults++;
		if (soft || h->ops->wants_accesses)
			h->ops->accessed(h->policy, f, write);
	}
	h->next_use_of_page[page] = next;
	harness_verify(h);
	return miss;
}

void harness_free_page(struct harness *h, uint32_t page)
{
	uint32_t f = h->frame_of[page];
	assert_int_not_equal(f, H_NONE);
	h->ops->released(h->policy, f, page, false);
	if (h->ops->forget) /* the page ends, as its object does in the pager */
		h->ops->forget(h->policy, page);
	h->page_of[f] = h->frame_of[page] = H_NONE;
	h->referenced[f] = h->dirty[f] = h->pinned[f] = false;
	harness_verify(h);
}

void harness_next_uses(const uint32_t *refs, size_t n, uint64_t *next)
{
	uint64_t last[H_MAX_PAGES];
	for (uint32_t p = 0; p < H_MAX_PAGES; p++)
		last[p] = UINT64_MAX;
	for (size_t i = n; i-- > 0;) {
		assert_true(refs[i] < H_MAX_PAGES);
		next[i] = last[refs[i]];
		last[refs[i]] = i;
	}
}

uint64_t harness_run(const struct policy_ops *ops, uint32_t user_frames, uint64_t seed,
		     const uint32_t *refs, const bool *writes, size_t n,
		     uint32_t *evicted, size_t *n_evicted)
{
	struct harness h;
	uint64_t *next = malloc(sizeof *next * (n ? n : 1));
	assert_non_null(next);
	harness_next_uses(refs, n, next);
	harness_init(&h, ops, user_frames, seed);
	size_t out = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t before = h.evictions;
		harness_access(&h, refs[i], writes ? writes[i] : false, next[i]);
		if (evicted && h.evictions != before)
			evicted[out++] = h.last_victim_page;
	}
	if (n_evicted)
		*n_evicted = out;
	uint64_t misses = h.misses;
	harness_fini(&h);
	free(next);
	return misses;
}
