/* tests/replay/test_mrc.c: the stack distances of sim/replay/mrc.c against
 * the textbook's figures and against a plain simulation of LRU and OPT at
 * every size (written here, independently: a list of resident pages and a
 * scan for the victim), and the reference string mrc_trace.c reads. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mrc.h"
#include "mrc_trace.h"
#include "tmpdir.h"
#include "trace_open.h"

/* ---- a plain simulation ------------------------------------------------ */

/* Misses of `frames` frames under LRU (opt false) or OPT (opt true). */
static uint64_t simulate(const uint32_t *refs, size_t n, size_t frames,
			 bool opt)
{
	uint32_t *held = calloc(frames, sizeof *held);
	size_t *stamp = calloc(frames, sizeof *stamp);   /* LRU: last use */
	size_t used = 0;
	uint64_t misses = 0;
	for (size_t t = 0; t < n; t++) {
		size_t k = 0;
		while (k < used && held[k] != refs[t])
			k++;
		if (k < used) {
			stamp[k] = t;
			continue;
		}
		misses++;
		if (used < frames) {
			held[used] = refs[t];
			stamp[used++] = t;
			continue;
		}
		size_t victim = 0, worst = 0;
		for (size_t j = 0; j < used; j++) {
			size_t key;
			if (opt) {           /* the furthest next use wins */
				size_t u = t + 1;
				while (u < n && refs[u] != held[j])
					u++;
				key = u;
			} else {             /* the oldest last use wins */
				key = SIZE_MAX - stamp[j];
			}
			if (j == 0 || key > worst) {
				worst = key;
				victim = j;
			}
		}
		held[victim] = refs[t];
		stamp[victim] = t;
	}
	free(held);
	free(stamp);
	return misses;
}

static uint32_t pages_of(const uint32_t *refs, size_t n)
{
	uint32_t max = 0;
	for (size_t i = 0; i < n; i++)
		if (refs[i] + 1 > max)
			max = refs[i] + 1;
	return max;
}

static void check_every_size(const uint32_t *refs, size_t n)
{
	uint32_t pages = pages_of(refs, n);
	struct mrc_histogram lru, opt;
	assert_int_equal(mrc_lru(refs, n, pages, &lru), 0);
	assert_int_equal(mrc_opt(refs, n, pages, pages, &opt), 0);
	for (size_t k = 1; k <= pages + 1; k++) {
		assert_int_equal(mrc_misses(&lru, k), simulate(refs, n, k, false));
		assert_int_equal(mrc_misses(&opt, k), simulate(refs, n, k, true));
	}
	mrc_histogram_free(&lru);
	mrc_histogram_free(&opt);
}

/* ---- the textbook ------------------------------------------------------ */

static void belady(void **state)
{
	(void)state;
	/* 1 2 3 4 1 2 5 1 2 3 4 5 as ids 0..4 */
	const uint32_t refs[] = {0, 1, 2, 3, 0, 1, 4, 0, 1, 2, 3, 4};
	struct mrc_histogram lru, opt;
	assert_int_equal(mrc_lru(refs, 12, 5, &lru), 0);
	assert_int_equal(mrc_opt(refs, 12, 5, 5, &opt), 0);
	/* Silberschatz: LRU 10 and 8 with 3 and 4 frames, OPT 7 and 6;
	 * 12 with 1 frame (no page repeats at once), 5 when all fit */
	assert_int_equal(mrc_misses(&lru, 1), 12);
	assert_int_equal(mrc_misses(&lru, 3), 10);
	assert_int_equal(mrc_misses(&lru, 4), 8);
	assert_int_equal(mrc_misses(&lru, 5), 5);
	assert_int_equal(mrc_misses(&lru, 100), 5);
	assert_int_equal(mrc_misses(&opt, 3), 7);
	assert_int_equal(mrc_misses(&opt, 4), 6);
	assert_int_equal(mrc_misses(&opt, 5), 5);
	/* LRU distances: 5 first references; 1 2 at distance 4, 1 2 at 3,
	 * 3 4 5 at 5 */
	assert_int_equal(lru.beyond, 5);
	assert_int_equal(lru.hits[1] + lru.hits[2], 0);
	assert_int_equal(lru.hits[3], 2);
	assert_int_equal(lru.hits[4], 2);
	assert_int_equal(lru.hits[5], 3);
	const uint64_t sizes[] = {4, 1, 3, 5};
	uint64_t misses[4];
	mrc_misses_at(&lru, sizes, 4, misses);
	assert_int_equal(misses[0], 8);
	assert_int_equal(misses[1], 12);
	assert_int_equal(misses[2], 10);
	assert_int_equal(misses[3], 5);
	mrc_histogram_free(&lru);
	mrc_histogram_free(&opt);
}

/* Silberschatz's 20-reference string: OPT 9, LRU 12 with 3 frames. */
static void silberschatz(void **state)
{
	(void)state;
	const uint32_t refs[] = {7, 0, 1, 2, 0, 3, 0, 4, 2, 3,
				 0, 3, 2, 1, 2, 0, 1, 7, 0, 1};
	struct mrc_histogram lru, opt;
	assert_int_equal(mrc_lru(refs, 20, 8, &lru), 0);
	assert_int_equal(mrc_opt(refs, 20, 8, 8, &opt), 0);
	assert_int_equal(mrc_misses(&lru, 3), 12);
	assert_int_equal(mrc_misses(&opt, 3), 9);
	mrc_histogram_free(&lru);
	mrc_histogram_free(&opt);
	check_every_size(refs, 20);
}

/* ---- against the simulation -------------------------------------------- */

static uint64_t rng = 88172645463325252ULL;
static uint32_t next_random(uint32_t below)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % below);
}

static void random_strings(void **state)
{
	(void)state;
	uint32_t refs[600];
	for (int round = 0; round < 60; round++) {
		uint32_t pages = 2 + next_random(40);
		size_t n = 1 + next_random(600);
		for (size_t i = 0; i < n; i++) {
			/* a loop, a hot set and noise, so every distance occurs */
			uint32_t kind = next_random(3);
			refs[i] = kind == 0 ? (uint32_t)(i % pages)
				: kind == 1 ? next_random(1 + pages / 4)
				: next_random(pages);
		}
		/* ids must be 0..pages-1 in first-reference order for mrc_trace,
		 * but mrc.c takes any ids below pages */
		check_every_size(refs, n);
	}
}

/* Many more references than pages: the LRU tree renumbers its slots. */
static void renumbering(void **state)
{
	(void)state;
	size_t n = 20000;
	uint32_t *refs = malloc(n * sizeof *refs);
	for (size_t i = 0; i < n; i++)
		refs[i] = (i / 3) % 7 == 0 ? next_random(5) : next_random(30);
	check_every_size(refs, n);
	free(refs);
}

/* OPT cut at a depth gives the same counts up to that depth. */
static void opt_depth(void **state)
{
	(void)state;
	uint32_t refs[2000];
	for (size_t i = 0; i < 2000; i++)
		refs[i] = next_random(i % 2 ? 8 : 64);
	struct mrc_histogram full, cut;
	assert_int_equal(mrc_opt(refs, 2000, 64, 64, &full), 0);
	assert_int_equal(mrc_opt(refs, 2000, 64, 10, &cut), 0);
	assert_int_equal(cut.depth, 10);
	for (uint64_t k = 1; k <= 10; k++) {
		assert_int_equal(mrc_misses(&cut, k), mrc_misses(&full, k));
		assert_int_equal(mrc_misses(&cut, k), simulate(refs, 2000, k, true));
	}
	mrc_histogram_free(&full);
	mrc_histogram_free(&cut);
}

static void empty(void **state)
{
	(void)state;
	struct mrc_histogram h;
	assert_int_equal(mrc_lru(NULL, 0, 0, &h), 0);
	assert_int_equal(mrc_misses(&h, 4), 0);
	mrc_histogram_free(&h);
	assert_int_equal(mrc_opt(NULL, 0, 0, 4, &h), 0);
	assert_int_equal(mrc_misses(&h, 4), 0);
	mrc_histogram_free(&h);
}

/* ---- the reference string of a trace ----------------------------------- */

static int read_refs(const char *text, struct mrc_refs *refs, char *err,
		     size_t len)
{
	char dir[64], path[128];
	tmpdir_make(dir, sizeof dir, "mrc");
	tmpdir_put(dir, "t.trace", text);
	snprintf(path, sizeof path, "%s/t.trace", dir);
	struct event_source *src = trace_open(path, TRACE_TEXT, 4096, 0x10000,
					      err, len);
	assert_non_null(src);
	int rc = mrc_refs_read(src, 4096, 0x10000, refs, err, len);
	src->close(src);
	tmpdir_remove(dir);
	return rc;
}

static void trace_references(void **state)
{
	(void)state;
	struct mrc_refs r;
	char err[512];
	int rc = read_refs("start 1\n"
			   "switch 1\n"
			   "map swap\n"
			   "w 0x10000 \"ab\"\n"        /* page 0 of pid 1: id 0 */
			   "r 0x10ffe 4\n"             /* pages 0, 1: ids 0, 1 */
			   "fork 1 2\n"
			   "compute 5\n"
			   "switch 2\n"
			   "r 0x10000\n"               /* pid 2's page 0: id 2 */
			   "r 0x20000 => segv\n"       /* no reference */
			   "exit\n"
			   "switch 1\n"
			   "w 0x11fff \"\"\n"          /* the NUL: page 1, id 1 */
			   "r 0x13000 \"x\"\n",        /* page 3: id 3 */
			   &r, err, sizeof err);
	if (rc != 0)
		fail_msg("%s", err);
	const uint32_t want[] = {0, 0, 1, 2, 1, 3};
	assert_int_equal(r.count, 6);
	assert_int_equal(r.pages, 4);
	assert_memory_equal(r.refs, want, sizeof want);
	mrc_refs_free(&r);
}

static void trace_errors(void **state)
{
	(void)state;
	struct mrc_refs r;
	char err[512];
	assert_int_equal(read_refs("start 1\nswitch 1\nr 0x100\n", &r, err,
				   sizeof err), -1);
	assert_non_null(strstr(err, "t.trace:3: address 0x100 is below the "
				    "arena (0x10000)"));
	assert_null(r.refs);
	assert_int_equal(read_refs("start 1\nswitch 1\nexit\nr 0x10000\n", &r,
				   err, sizeof err), -1);
	assert_non_null(strstr(err, "t.trace:4: an access with no current "
				    "process"));
	assert_int_equal(read_refs("start 1\nr 0x10000 0\n", &r, err,
				   sizeof err), -1);
	assert_non_null(strstr(err, "t.trace:2:"));   /* the reader's own */
	/* 2^52 pages: refused before any is pushed (it took minutes) */
	assert_int_equal(read_refs("start 1\nr 0x10000 0xffffffffffffffff\n", &r,
				   err, sizeof err), -1);
	assert_non_null(strstr(err, "t.trace:2: more than 4294967293 references"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(belady),
		cmocka_unit_test(silberschatz),
		cmocka_unit_test(random_strings),
		cmocka_unit_test(renumbering),
		cmocka_unit_test(opt_depth),
		cmocka_unit_test(empty),
		cmocka_unit_test(trace_references),
		cmocka_unit_test(trace_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
