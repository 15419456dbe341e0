/*
 * tests/replay/test_shadow.c: the shadow-memory checker (sim/replay/shadow.h).
 *
 * Every test drives the shadow the way the machine will: process events,
 * maps, then access pieces, and checks exact bytes, offsets, loader calls
 * and bytes in use. Broken contracts are checked in a child process that
 * must abort with the documented message. The last test holds the shadow
 * against a naive model that copies every page at every fork.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shadow.h"

#define PAGE 256u
#define BASE UINT64_C(0x600000000)
#define ARENA 16u

/* A valid geometry (page_geometry_init must take it). */
static struct page_geometry geometry(uint64_t size, uint64_t base,
				     uint64_t pages)
{
	struct page_geometry g;
	assert_int_equal(page_geometry_init(&g, size, base, pages),
			 PAGE_GEOMETRY_OK);
	return g;
}
#define ADDR(vpn, off) (BASE + (uint64_t)(vpn) * PAGE + (off))

/* ---- a fake file store ---------------------------------------------------- */

/* Names starting "missing" cannot be read; "zero..." hold zeroes; any other
 * block holds file_byte(). Every call is counted and the last one kept. */
struct loader {
	uint32_t page_size;
	int calls;
	char last_name[64];
	uint64_t last_block;
};

static uint8_t file_byte(const char *name, uint64_t block, size_t i)
{
	uint32_t h = 7;
	for (const char *c = name; *c; c++)
		h = h * 31 + (unsigned char)*c;
	return (uint8_t)(1 + (h + block * 131 + i * 17) % 255);
}

/* What the store holds: 0 and out filled, or -1. */
static int fake_content(const char *name, uint64_t block, uint8_t *out,
			size_t page_size)
{
	if (strncmp(name, "missing", 7) == 0)
		return -1;
	bool zero = strncmp(name, "zero", 4) == 0;
	for (size_t i = 0; i < page_size; i++)
		out[i] = zero ? 0 : file_byte(name, block, i);
	return 0;
}

static int fake_load(void *ctx, const char *name, uint64_t block,
		     uint8_t *out)
{
	struct loader *l = ctx;
	l->calls++;
	snprintf(l->last_name, sizeof l->last_name, "%s", name);
	l->last_block = block;
	return fake_content(name, block, out, l->page_size);
}

struct fixture {
	struct loader loader;
	struct shadow *shadow;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->loader.page_size = PAGE;
	struct page_geometry arena = geometry(PAGE, BASE, ARENA);
	f->shadow = shadow_create(&arena, fake_load, &f->loader);
	assert_non_null(f->shadow);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	shadow_destroy(f->shadow);
	free(f);
	return 0;
}

/* ---- helpers ---------------------------------------------------------------- */

static void fill(uint8_t *bytes, size_t len, uint8_t first)
{
	for (size_t i = 0; i < len; i++)
		bytes[i] = (uint8_t)(first + i);
}

static void assert_reads(struct shadow *s, int32_t pid, uint64_t vaddr,
			 const uint8_t *want, size_t len)
{
	size_t offset = 999;
	uint8_t expected = 0;
	assert_true(shadow_verify(s, pid, vaddr, want, len, &offset,
				  &expected));
	assert_int_equal(offset, 999); /* untouched on success */
}

static void assert_reads_zero(struct shadow *s, int32_t pid, uint64_t vaddr,
			      size_t len)
{
	uint8_t zero[PAGE] = {0};
	assert_reads(s, pid, vaddr, zero, len);
}

/* The whole page vpn reads as file_byte(name, block, *). */
static void assert_reads_file(struct shadow *s, int32_t pid, uint32_t vpn,
			      const char *name, uint64_t block)
{
	uint8_t want[PAGE];
	for (size_t i = 0; i < PAGE; i++)
		want[i] = file_byte(name, block, i);
	assert_reads(s, pid, ADDR(vpn, 0), want, PAGE);
}

static void assert_mismatch(struct shadow *s, int32_t pid, uint64_t vaddr,
			    const uint8_t *actual, size_t len,
			    size_t want_offset, uint8_t want_expected)
{
	size_t offset = 999;
	uint8_t expected = 0;
	assert_false(shadow_verify(s, pid, vaddr, actual, len, &offset,
				   &expected));
	assert_int_equal(offset, want_offset);
	assert_int_equal(expected, want_expected);
}

static void write_byte(struct shadow *s, int32_t pid, uint64_t vaddr,
		       uint8_t value)
{
	shadow_write(s, pid, vaddr, &value, 1);
}

static void assert_byte(struct shadow *s, int32_t pid, uint64_t vaddr,
			uint8_t value)
{
	assert_reads(s, pid, vaddr, &value, 1);
}

/* ---- create and destroy -------------------------------------------------------- */

/* The geometry's own checks are page_geometry_init's
 * (tests/pager/test_geometry.c); the shadow needs a loader, and works up to
 * the last byte of the address space. */
static void test_create_takes_a_geometry(void **state)
{
	(void)state;
	struct loader l = { .page_size = PAGE };
	struct page_geometry arena = geometry(PAGE, BASE, ARENA);
	assert_null(shadow_create(&arena, NULL, &l));
	/* an arena ending exactly at 2^64 is fine, and so is its last byte */
	struct page_geometry top = geometry(PAGE, UINT64_MAX - 2 * PAGE + 1, 2);
	struct shadow *s = shadow_create(&top, fake_load, &l);
	assert_non_null(s);
	shadow_start(s, 1);
	shadow_map_swap(s, 1, 1);
	write_byte(s, 1, UINT64_MAX, 0x5a);
	assert_byte(s, 1, UINT64_MAX, 0x5a);
	shadow_destroy(s);
	shadow_destroy(NULL);
	assert_int_equal(l.calls, 0);
}

static void test_destroy_frees_live_processes(void **state)
{
	/* teardown destroys with live processes and file pages: ASan's leak
	 * check is the assertion */
	struct fixture *f = *state;
	struct shadow *s = f->shadow;
	shadow_start(s, 1);
	shadow_map_swap(s, 1, 0);
	shadow_map_file(s, 1, 1, "a", 0);
	write_byte(s, 1, ADDR(0, 0), 1);
	write_byte(s, 1, ADDR(1, 0), 1);
	shadow_fork(s, 1, 2);
	shadow_map_file(s, 2, 2, "b", 0);
	assert_int_equal(shadow_bytes_in_use(s), 2 * PAGE);
}

/* ---- swap pages ------------------------------------------------------------------ */

static void test_fresh_pages_read_zero(void **state)
{
	struct fixture *f = *state;
	struct shadow *s = f->shadow;
	shadow_start(s, 1);
	shadow_map_swap(s, 1, 0);
	shadow_map_swap(s, 1, ARENA - 1); /* highest vpn: array grows */
	assert_reads_zero(s, 1, ADDR(0, 0), PAGE);
	assert_reads_zero(s, 1, ADDR(ARENA - 1, 0), PAGE);
	assert_reads_zero(s, 1, ADDR(ARENA - 1, PAGE - 1), 1);
	uint8_t one = 1;
	assert_mismatch(s, 1, ADDR(0, 7), &one, 1, 0, 0);
	assert_int_equal(shadow_bytes_in_use(s), 0);
	assert_int_equal(f->loader.calls, 0);
}

static void test_write_then_verify(void **state)
{
	struct fixture *f = *state;
	struct shadow *s = f->shadow;
	shadow_start(s, 1);
	shadow_map_swap(s, 1, 3);
	uint8_t data[40];
	fill(data, sizeof data, 0x10);
	shadow_write(s, 1, ADDR(3, 100), data, sizeof data);
	assert_int_equal(shadow_bytes_in_use(s), PAGE);
	assert_reads(s, 1, ADDR(3, 100), data, sizeof data);
	assert_reads(s, 1, ADDR(3, 110), data + 10, 5);
	/* the rest of the page is still zero */
	assert_reads_zero(s, 1, ADDR(3, 0), 100);
	assert_reads_zero(s, 1, ADDR(3, 140), PAGE - 140);
	/* an overwrite replaces, and covers the last byte of the page */
	write_byte(s, 1, ADDR(3, 100), 0xee);
	write_byte(s, 1, ADDR(3, PAGE - 1), 0xff);
	assert_byte(s, 1, ADDR(3, 100), 0xee);
	assert_reads(s, 1, ADDR(3, 101), data + 1, sizeof data - 1);
	assert_byte(s, 1, ADDR(3, PAGE - 1), 0xff);
	assert_int_equal(shadow_bytes_in_use(s), PAGE);
	/* empty pieces are no-ops */
	shadow_write(s, 1, ADDR(3, 0), NULL, 0);
	assert_true(shadow_verify(s, 1, ADDR(3, 0), NULL, 0, NULL, NULL));
	assert_reads_zero(s, 1, ADDR(3, 0), 1);
}

static void test_verify_reports_offset_and_expected(void **state)
{
	struct fixture *f = *state;
	struct shadow *s = f->shadow;
	shadow_start(s, 1);
	shadow_map_swap(s, 1, 0);
	shadow_map_file(s, 1, 1, "a.bin", 2);
	uint8_t data[32];
	fill(data, sizeof data, 0x40);
	shadow_write(s, 1, ADDR(0, 8), data, sizeof data);

	uint8_t actual[32];
	memcpy(actual, data, sizeof actual);
	actual[0] = 0;
	assert_mismatch(s, 1, ADDR(0, 8), actual, 32, 0, 0x40);
	memcpy(actual, data, sizeof actual);
	actual[17] ^= 0x80;
	actual[20] ^= 0x01; /* only the first difference is reported */
	assert_mismatch(s, 1, ADDR(0, 8), actual, 32, 17, 0x40 + 17);
	memcpy(actual, data, sizeof actual);
	actual[31] = 0;
	assert_mismatch(s, 1, ADDR(0, 8), actual, 32, 31, 0x40 + 31);
	/* a piece reaching past the written bytes expects zeroes there */
	uint8_t wider[34] = {0};
	memcpy(wider, data, 32);
	wider[32] = 9;
	assert_mismatch(s, 1, ADDR(0, 8), wider, 34, 32, 0);
	/* file page: expected comes from the file */
	uint8_t file[10];
	for (size_t i = 0; i < sizeof file; i++)
		file[i] = file_byte("a.bin", 2, 50 + i);
	assert_reads(s, 1, ADDR(1, 50), file, sizeof file);
	file[6]++;
	assert_mismatch(s, 1, ADDR(1, 50), file, sizeof file, 6,
			file_byte("a.bin", 2, 56));
	/* NULL out pointers are allowed */
	assert_false(shadow_verify(s, 1, ADDR(1, 50), file, sizeof file, NULL,
				   NULL));
}

/* ---- fork ------------------------------------------------------------------------ */

static void test_fork_isolation_both_ways(void **state)
{
	struct fixture *f = *state;
	struct shadow *s = f->shadow;
	shadow_start(s, 10);
	shadow_map_swap(s, 10, 0);
	shadow_map_swap(s, 10, 1);
	shadow_map_swap(s, 10, 2); /* never written before or after fork */
	write_byte(s, 10, ADDR(0, 5), 0xaa);
	write_byte(s, 10, ADDR(1, 5), 0xbb);
	assert_int_equal(shadow_bytes_in_use(s), 2 * PAGE);

	shadow_fork(s, 10, 20);
	/* fork copies no bytes */
	assert_int_equal(shadow_bytes_in_use(s), 2 * PAGE);
	assert_byte(s, 20, ADDR(0, 5), 0xaa);
	assert_byte(s, 20, ADDR(1, 5), 0xbb);
	assert_reads_zero(s, 20, ADDR(2, 0), PAGE);

	/* child writes: parent unaffected; one copy made */
	write_byte(s, 20, ADDR(0, 5), 0xc0);
	assert_int_equal(shadow_bytes_in_use(s), 3 * PAGE);
	assert_byte(s, 20, ADDR(0, 5), 0xc0);
	assert_byte(s, 10, ADDR(0, 5), 0xaa);
	/* the second write to the now-private page copies nothing */
	write_byte(s, 20, ADDR(0, 6), 0xc1);
	assert_int_equal(shadow_bytes_in_use(s), 3 * PAGE);
	assert_byte(s, 10, ADDR(0, 6), 0x00);

	/* parent writes: child unaffected */
	write_byte(s, 10, ADDR(1, 5), 0xd0);
	assert_int_equal(shadow_bytes_in_use(s), 4 * PAGE);
	assert_byte(s, 10, ADDR(1, 5), 0xd0);
	assert_byte(s, 20, ADDR(1, 5), 0xbb);

	/* a shared zero page: each writer gets its own */
	write_byte(s, 10, ADDR(2, 0), 1);
	write_byte(s, 20, ADDR(2, 0), 2);
	assert_byte(s, 10, ADDR(2, 0), 1);
	assert_byte(s, 20, ADDR(2, 0), 2);
	assert_int_equal(shadow_bytes_in_use(s), 6 * PAGE);

	/* a page mapped after the fork is the child's alone */
	shadow_map_swap(s, 20, 7);
	write_byte(s, 20, ADDR(7, 0), 3);
	assert_int_equal(shadow_bytes_in_use(s), 7 * PAGE);
}

static void test_fork_chain_three_ways(void **state)
{
	struct fixture *f = *state;
	struct shadow *s = f->shadow;
	shadow_start(s, 1);
	shadow_map_swap(s, 1, 0);
	write_byte(s, 1, ADDR(0, 0), 1);
	shadow_fork(s, 1, 2);
	write_byte(s, 2, ADDR(0, 1), 2);
	shadow_fork(s, 2, 3);       /* grandchild sees 1 and 2 */
	shadow_fork(s, 1, 4);       /* second child sees only 1 */
	write_byte(s, 3, ADDR(0, 2), 3);
	write_byte(s, 1, ADDR(0, 3), 4);

	uint8_t want1[4] = {1, 0, 0, 4};
	uint8_t want2[4] = {1, 2, 0, 0};
	uint8_t want3[4] = {1, 2, 3, 0};
	uint8_t want4[4] = {1, 0, 0, 0};
	assert_reads(s, 1, ADDR(0, 0), want1, 4);
	assert_reads(s, 2, ADDR(0, 0), want2, 4);
	assert_reads(s, 3, ADDR(0, 0), want3, 4);
	assert_reads(s, 4, ADDR(0, 0), want4, 4);
	/* pages: 1's original (shared with 4), 1's copy, 2's, 3's */
	assert_int_equal(shadow_bytes_in_use(s), 4 * PAGE);

	/* the middle of the chain exits: the others keep their views */
	shadow_exit(s, 2);
	assert_int_equal(shadow_bytes_in_use(s), 3 * PAGE);
	assert_reads(s, 3, ADDR(0, 0), want3, 4);
	assert_reads(s, 4, ADDR(0, 0), want4, 4);
	/* the last sharer of the original writes in place, no copy */
	write_byte(s, 4, ADDR(0, 9), 9);
	assert_int_equal(shadow_bytes_in_use(s), 3 * PAGE);
	shadow_exit(s, 1);
	shadow_exit(s, 3);
	shadow_exit(s, 4);
	assert_int_equal(shadow_bytes_in_use(s), 0);
}

static void test_exit_frees(void **state)
{
	struct fixture *f = *state;
	struct shadow *s = f->shadow;
	shadow_start(s, 1);
	for (uint32_t vpn = 0; vpn < 4; vpn++) {
		shadow_map_swap(s, 1, vpn);
		write_byte(s, 1, ADDR(vpn, 0), (uint8_t)(vpn + 1));
	}
	shadow_map_swap(s, 1, 4); /* never written: no buffer */
	shadow_map_file(s, 1, 5, "f", 0);
	assert_reads_file(s, 1, 5, "f", 0);
	assert_int_equal(shadow_bytes_in_use(s), 5 * PAGE);
	shadow_fork(s, 1, 2);
	write_byte(s, 2, ADDR(0, 0), 0x77); /* one private copy */
	assert_int_equal(shadow_bytes_in_use(s), 6 * PAGE);
	/* the parent exits: its private page 0 goes; shared ones stay */
	shadow_exit(s, 1);
	assert_int_equal(shadow_bytes_in_use(s), 5 * PAGE);
	assert_byte(s, 2, ADDR(1, 0), 2);
	/* the last sharer exits: only the file page is left */
	shadow_exit(s, 2);
	assert_int_equal(shadow_bytes_in_use(s), PAGE);
	/* a pid may be used again, and starts empty */
	shadow_start(s, 1);
	shadow_map_swap(s, 1, 0);
	assert_reads_zero(s, 1, ADDR(0, 0), PAGE);
	shadow_exit(s, 1);
	assert_int_equal(shadow_bytes_in_use(s), PAGE);
}

/* ---- file pages ---------------------------------------------------------------- */

static void test_file_pages_shared_and_kept(void **state)
{
	struct fixture *f = *state;
	struct shadow *s = f->shadow;
	shadow_start(s, 1);
	shadow_start(s, 2);
	shadow_map_file(s, 1, 0, "data.bin", 3);
	shadow_map_file(s, 2, 6, "data.bin", 3); /* same key, other vpn */
	shadow_map_file(s, 1, 1, "data.bin", 4); /* other block */
	shadow_map_file(s, 1, 2, "./data.bin", 3); /* other name bytes */
	assert_reads_file(s, 2, 6, "data.bin", 3);
	write_byte(s, 1, ADDR(0, 10), 0xab);
	assert_byte(s, 2, ADDR(6, 10), 0xab);
	write_byte(s, 2, ADDR(6, 11), 0xcd);
	assert_byte(s, 1, ADDR(0, 11), 0xcd);
	/* other keys are untouched */
	assert_reads_file(s, 1, 1, "data.bin", 4);
	assert_reads_file(s, 1, 2, "./data.bin", 3);

	/* fork shares file pages too (no copy-on-write) */
	shadow_fork(s, 1, 3);
	write_byte(s, 3, ADDR(0, 12), 0xef);
	assert_byte(s, 1, ADDR(0, 12), 0xef);
	assert_byte(s, 2, ADDR(6, 12), 0xef);
	/* the same key twice in one process */
	shadow_map_file(s, 3, 9, "data.bin", 3);
	assert_byte(s, 3, ADDR(9, 12), 0xef);

	/* everyone exits: the content survives, and comes back on re-map */
	shadow_exit(s, 1);
	shadow_exit(s, 2);
	shadow_exit(s, 3);
	assert_int_equal(shadow_bytes_in_use(s), 3 * PAGE);
	shadow_start(s, 4);
	shadow_map_file(s, 4, 0, "data.bin", 3);
	uint8_t want[3] = {0xab, 0xcd, 0xef};
	assert_reads(s, 4, ADDR(0, 10), want, 3);
	assert_byte(s, 4, ADDR(0, 9), file_byte("data.bin", 3, 9));
	assert_byte(s, 4, ADDR(0, 13), file_byte("data.bin", 3, 13));
	assert_int_equal(f->loader.calls, 3);
}

static void test_file_load_once_per_key(void **state)
{
	struct fixture *f = *state;
	struct shadow *s = f->shadow;
	shadow_start(s, 1);
	shadow_start(s, 2);
	shadow_map_file(s, 1, 0, "k", 1);
	shadow_map_file(s, 2, 0, "k", 1);
	shadow_fork(s, 1, 3);
	/* mapping and forking load nothing */
	assert_int_equal(f->loader.calls, 0);
	assert_reads_file(s, 2, 0, "k", 1);
	assert_int_equal(f->loader.calls, 1);
	assert_string_equal(f->loader.last_name, "k");
	assert_int_equal(f->loader.last_block, 1);
	assert_reads_file(s, 1, 0, "k", 1);
	assert_reads_file(s, 3, 0, "k", 1);
	assert_int_equal(f->loader.calls, 1);
	shadow_exit(s, 1);
	shadow_exit(s, 2);
	shadow_exit(s, 3);
	shadow_start(s, 1);
	shadow_map_file(s, 1, 4, "k", 1);
	assert_reads_file(s, 1, 4, "k", 1);
	assert_int_equal(f->loader.calls, 1);

	/* a write first loads too: the rest of the page is the file's */
	shadow_map_file(s, 1, 5, "w", 7);
	write_byte(s, 1, ADDR(5, 0), 0);
	assert_int_equal(f->loader.calls, 2);
	assert_string_equal(f->loader.last_name, "w");
	assert_int_equal(f->loader.last_block, 7);
	assert_byte(s, 1, ADDR(5, 0), 0);
	assert_byte(s, 1, ADDR(5, 1), file_byte("w", 7, 1));
	assert_int_equal(f->loader.calls, 2);
	assert_int_equal(shadow_bytes_in_use(s), 2 * PAGE);

	/* a huge block number is just a key */
	shadow_map_file(s, 1, 6, "k", UINT64_MAX);
	assert_reads_file(s, 1, 6, "k", UINT64_MAX);
	assert_int_equal(f->loader.calls, 3);
	assert_int_equal(f->loader.last_block, UINT64_MAX);
}

static void test_file_block_of_zeroes_holds_no_buffer(void **state)
{
	struct fixture *f = *state;
	struct shadow *s = f->shadow;
	shadow_start(s, 1);
	shadow_map_file(s, 1, 0, "zero.bin", 0);
	assert_reads_zero(s, 1, ADDR(0, 0), PAGE);
	assert_int_equal(f->loader.calls, 1);
	assert_int_equal(shadow_bytes_in_use(s), 0);
	uint8_t one = 1;
	assert_mismatch(s, 1, ADDR(0, 3), &one, 1, 0, 0);
	/* written: it gets a buffer, shared as before */
	write_byte(s, 1, ADDR(0, 3), 5);
	assert_int_equal(shadow_bytes_in_use(s), PAGE);
	shadow_start(s, 2);
	shadow_map_file(s, 2, 1, "zero.bin", 0);
	assert_byte(s, 2, ADDR(1, 3), 5);
	assert_reads_zero(s, 2, ADDR(1, 4), PAGE - 4);
	assert_int_equal(f->loader.calls, 1);
}

static void test_unreadable_file_key(void **state)
{
	struct fixture *f = *state;
	struct shadow *s = f->shadow;
	shadow_start(s, 1);
	shadow_map_file(s, 1, 0, "missing.bin", 0);
	shadow_map_file(s, 1, 1, "ok.bin", 0);
	/* any bytes pass: the machine kills the process at the fault */
	uint8_t junk[PAGE];
	fill(junk, sizeof junk, 0x33);
	assert_true(shadow_verify(s, 1, ADDR(0, 0), junk, PAGE, NULL, NULL));
	assert_int_equal(f->loader.calls, 1);
	assert_string_equal(f->loader.last_name, "missing.bin");
	/* writes are ignored and hold nothing; no second load */
	shadow_write(s, 1, ADDR(0, 0), junk, PAGE);
	assert_int_equal(shadow_bytes_in_use(s), 0);
	assert_true(shadow_verify(s, 1, ADDR(0, 9), junk, 3, NULL, NULL));
	shadow_start(s, 2);
	shadow_map_file(s, 2, 3, "missing.bin", 0);
	shadow_write(s, 2, ADDR(3, 0), junk, 1); /* first access is a write */
	assert_true(shadow_verify(s, 2, ADDR(3, 0), junk + 1, 1, NULL, NULL));
	assert_int_equal(f->loader.calls, 1);
	/* another block of the same missing file is another key */
	shadow_map_file(s, 2, 4, "missing.bin", 1);
	shadow_write(s, 2, ADDR(4, 0), junk, 1);
	assert_int_equal(f->loader.calls, 2);
	assert_int_equal(f->loader.last_block, 1);
	/* readable pages of the same process are still checked */
	assert_mismatch(s, 1, ADDR(1, 0), junk, 1, 0,
			file_byte("ok.bin", 0, 0));
	assert_int_equal(shadow_bytes_in_use(s), PAGE);
}

static void test_many_file_keys(void **state)
{
	/* 200 names x 3 blocks: both key tables grow several times, and
	 * every key keeps its own content across exits */
	struct fixture *f = *state;
	struct shadow *s = f->shadow;
	enum { NAMES = 200, BLOCKS = 3 };
	char name[32];
	for (int n = 0; n < NAMES; n++) {
		snprintf(name, sizeof name, "dir/file-%d.bin", n);
		shadow_start(s, n);
		for (int b = 0; b < BLOCKS; b++) {
			shadow_map_file(s, n, (uint32_t)b, name, (uint64_t)b);
			write_byte(s, n, ADDR(b, 0), (uint8_t)(n + b));
		}
		shadow_exit(s, n);
	}
	assert_int_equal(f->loader.calls, NAMES * BLOCKS);
	assert_int_equal(shadow_bytes_in_use(s), (size_t)NAMES * BLOCKS * PAGE);
	shadow_start(s, 1000);
	for (int n = NAMES - 1; n >= 0; n--) {
		snprintf(name, sizeof name, "dir/file-%d.bin", n);
		uint32_t vpn = (uint32_t)n % ARENA;
		int b = n % BLOCKS;
		if (n + 1 < NAMES && vpn == ARENA - 1) { /* arena full: renew */
			shadow_exit(s, 1000);
			shadow_start(s, 1000);
		}
		shadow_map_file(s, 1000, vpn, name, (uint64_t)b);
		assert_byte(s, 1000, ADDR(vpn, 0), (uint8_t)(n + b));
		assert_byte(s, 1000, ADDR(vpn, 1), file_byte(name, b, 1));
	}
	assert_int_equal(f->loader.calls, NAMES * BLOCKS);
}

/* ---- pids ------------------------------------------------------------------------- */

static void test_many_sparse_pids(void **state)
{
	struct fixture *f = *state;
	struct shadow *s = f->shadow;
	enum { N = 1000 };
	static int32_t pids[N];
	for (int i = 0; i < N; i++)
		pids[i] = i == 0 ? 0 : i == 1 ? INT32_MAX
				: (int32_t)((uint64_t)i * 2654435761u % INT32_MAX);
	for (int i = 0; i < N; i++) {
		shadow_start(s, pids[i]);
		shadow_map_swap(s, pids[i], (uint32_t)i % ARENA);
		write_byte(s, pids[i], ADDR(i % ARENA, 0), (uint8_t)i);
	}
	assert_int_equal(shadow_bytes_in_use(s), (size_t)N * PAGE);
	/* remove every third: the table must still find the rest */
	for (int i = 0; i < N; i += 3)
		shadow_exit(s, pids[i]);
	for (int i = 0; i < N; i++) {
		if (i % 3 == 0)
			continue;
		assert_byte(s, pids[i], ADDR(i % ARENA, 0), (uint8_t)i);
	}
	/* alternate pids, hitting the one-entry cache and missing it */
	for (int i = 1; i + 1 < N; i++) {
		if (i % 3 == 0 || (i + 1) % 3 == 0)
			continue;
		assert_byte(s, pids[i], ADDR(i % ARENA, 0), (uint8_t)i);
		assert_byte(s, pids[i + 1], ADDR((i + 1) % ARENA, 0),
			    (uint8_t)(i + 1));
	}
	for (int i = 0; i < N; i++)
		if (i % 3 != 0)
			shadow_exit(s, pids[i]);
	assert_int_equal(shadow_bytes_in_use(s), 0);
}

/* ---- broken contracts abort with a message --------------------------------------------- */

/* Each case runs in a child on a copy of this state: pid 1 live with a
 * written swap page at vpn 0 and a file page at vpn 1; pid 9 never seen. */
struct death {
	const char *message;
	void (*run)(struct shadow *s);
};

static void start_live(struct shadow *s) { shadow_start(s, 1); }
static void start_negative(struct shadow *s) { shadow_start(s, -1); }
static void fork_unknown(struct shadow *s) { shadow_fork(s, 9, 2); }
static void fork_negative(struct shadow *s) { shadow_fork(s, -1, 2); }
static void fork_into_live(struct shadow *s) { shadow_fork(s, 1, 1); }
static void fork_into_negative(struct shadow *s) { shadow_fork(s, 1, -5); }
static void exit_unknown(struct shadow *s) { shadow_exit(s, 9); }
static void exit_twice(struct shadow *s)
{
	shadow_exit(s, 1);
	shadow_exit(s, 1);
}
static void map_swap_unknown(struct shadow *s) { shadow_map_swap(s, 9, 0); }
static void map_swap_past(struct shadow *s) { shadow_map_swap(s, 1, ARENA); }
static void map_swap_valid(struct shadow *s) { shadow_map_swap(s, 1, 0); }
static void map_file_valid(struct shadow *s)
{
	shadow_map_file(s, 1, 1, "x", 0);
}
static void map_file_null(struct shadow *s)
{
	shadow_map_file(s, 1, 2, NULL, 0);
}
static void map_file_past(struct shadow *s)
{
	shadow_map_file(s, 1, UINT32_MAX, "x", 0);
}
static void write_unknown(struct shadow *s) { write_byte(s, 9, ADDR(0, 0), 1); }
static void write_invalid(struct shadow *s) { write_byte(s, 1, ADDR(2, 0), 1); }
static void write_past_array(struct shadow *s)
{
	write_byte(s, 1, ADDR(ARENA - 1, 0), 1);
}
static void write_past_arena(struct shadow *s)
{
	write_byte(s, 1, ADDR(ARENA, 0), 1);
}
static void write_below_arena(struct shadow *s)
{
	write_byte(s, 1, BASE - 1, 1);
}
static void write_crossing(struct shadow *s)
{
	uint8_t two[2] = {1, 2};
	shadow_write(s, 1, ADDR(0, PAGE - 1), two, 2);
}
static void write_after_exit(struct shadow *s)
{
	write_byte(s, 1, ADDR(0, 0), 1); /* caches pid 1 */
	shadow_exit(s, 1);
	write_byte(s, 1, ADDR(0, 0), 1);
}
static void verify_unknown(struct shadow *s)
{
	uint8_t b = 0;
	shadow_verify(s, 9, ADDR(0, 0), &b, 1, NULL, NULL);
}
static void verify_invalid(struct shadow *s)
{
	uint8_t b = 0;
	shadow_verify(s, 1, ADDR(3, 0), &b, 1, NULL, NULL);
}
static void verify_crossing(struct shadow *s)
{
	uint8_t b[PAGE + 1] = {0};
	shadow_verify(s, 1, ADDR(1, 0), b, PAGE + 1, NULL, NULL);
}
static void verify_negative(struct shadow *s)
{
	uint8_t b = 0;
	shadow_verify(s, -1, ADDR(0, 0), &b, 1, NULL, NULL);
}

static const struct death deaths[] = {
	{ "shadow_start: pid 1 is already live", start_live },
	{ "shadow_start: pid -1 is negative", start_negative },
	{ "shadow_fork: pid 9 is not a live process", fork_unknown },
	{ "shadow_fork: pid -1 is not a live process", fork_negative },
	{ "shadow_fork: pid 1 is already live", fork_into_live },
	{ "shadow_fork: pid -5 is negative", fork_into_negative },
	{ "shadow_exit: pid 9 is not a live process", exit_unknown },
	{ "shadow_exit: pid 1 is not a live process", exit_twice },
	{ "shadow_map_swap: pid 9 is not a live process", map_swap_unknown },
	{ "shadow_map_swap: pid 1: vpn 16 is past the arena (16 pages)",
	  map_swap_past },
	{ "shadow_map_swap: pid 1: vpn 0 is already valid", map_swap_valid },
	{ "shadow_map_file: pid 1: vpn 1 is already valid", map_file_valid },
	{ "shadow_map_file: pid 1: name is NULL", map_file_null },
	{ "shadow_map_file: pid 1: vpn 4294967295 is past the arena",
	  map_file_past },
	{ "shadow_write: pid 9 is not a live process", write_unknown },
	{ "shadow_write: pid 1: 0x600000200 is not in a valid page",
	  write_invalid },
	{ "shadow_write: pid 1: 0x600000f00 is not in a valid page",
	  write_past_array },
	{ "shadow_write: pid 1: 0x600001000 is not in a valid page",
	  write_past_arena },
	{ "shadow_write: pid 1: 0x5ffffffff is not in a valid page",
	  write_below_arena },
	{ "shadow_write: pid 1: 2 bytes at 0x6000000ff cross a page boundary",
	  write_crossing },
	{ "shadow_write: pid 1 is not a live process", write_after_exit },
	{ "shadow_verify: pid 9 is not a live process", verify_unknown },
	{ "shadow_verify: pid 1: 0x600000300 is not in a valid page",
	  verify_invalid },
	{ "shadow_verify: pid 1: 257 bytes at 0x600000100 cross a page "
	  "boundary", verify_crossing },
	{ "shadow_verify: pid -1 is not a live process", verify_negative },
};

/* Run one case in a child; it must abort and say the message. */
static void assert_dies(struct shadow *s, const struct death *d)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	fflush(NULL);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		signal(SIGABRT, SIG_DFL);
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		d->run(s);
		_exit(0);
	}
	close(fds[1]);
	char said[512];
	size_t used = 0;
	ssize_t got;
	while ((got = read(fds[0], said + used, sizeof said - 1 - used)) > 0)
		used += (size_t)got;
	said[used] = '\0';
	close(fds[0]);
	int status = 0;
	assert_int_equal(waitpid(child, &status, 0), child);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGABRT ||
	    !strstr(said, d->message))
		fail_msg("expected abort with \"%s\", got status %d and \"%s\"",
			 d->message, status, said);
}

static void test_broken_contracts_abort(void **state)
{
	struct fixture *f = *state;
	struct shadow *s = f->shadow;
	shadow_start(s, 1);
	shadow_map_swap(s, 1, 0);
	write_byte(s, 1, ADDR(0, 0), 1);
	shadow_map_file(s, 1, 1, "f", 0);
	for (size_t i = 0; i < sizeof deaths / sizeof deaths[0]; i++)
		assert_dies(s, &deaths[i]);
	/* the parent's shadow is untouched by what the children did */
	assert_byte(s, 1, ADDR(0, 0), 1);
	assert_int_equal(f->loader.calls, 0);
}

/* ---- randomized, against a naive model ------------------------------------------------ */

enum {
	R_PAGE = 256, R_ARENA = 8, R_PIDS = 12, R_NAMES = 4, R_BLOCKS = 3,
	R_KEYS = R_NAMES * R_BLOCKS, R_OPS = 300000,
};

static const char *const r_names[R_NAMES] = { "a", "./a", "zero", "missing" };

/* Every process owns a full copy of each swap page; file keys are one
 * shared array. No reference counts, no laziness except the load. */
struct model {
	bool live[R_PIDS];
	uint8_t kind[R_PIDS][R_ARENA]; /* 0 invalid, 1 swap, 2 file */
	uint8_t key[R_PIDS][R_ARENA];
	uint8_t bytes[R_PIDS][R_ARENA][R_PAGE];
	bool loaded[R_KEYS], unreadable[R_KEYS], buffered[R_KEYS];
	uint8_t file[R_KEYS][R_PAGE];
};

static uint64_t rng_state = UINT64_C(0x9e3779b97f4a7c15);

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)((rng_state >> 11) % n);
}

static int32_t r_pid(int i) { return (int32_t)(i * 7919 + 3); }

static int pick_pid(const struct model *m, bool live)
{
	int start = (int)rnd(R_PIDS);
	for (int k = 0; k < R_PIDS; k++) {
		int i = (start + k) % R_PIDS;
		if (m->live[i] == live)
			return i;
	}
	return -1;
}

/* A valid page of process i, or -1. */
static int pick_valid(const struct model *m, int i)
{
	int start = (int)rnd(R_ARENA);
	for (int k = 0; k < R_ARENA; k++)
		if (m->kind[i][(start + k) % R_ARENA])
			return (start + k) % R_ARENA;
	return -1;
}

static int pick_invalid(const struct model *m, int i)
{
	int start = (int)rnd(R_ARENA);
	for (int k = 0; k < R_ARENA; k++)
		if (!m->kind[i][(start + k) % R_ARENA])
			return (start + k) % R_ARENA;
	return -1;
}

static void model_load(struct model *m, int key)
{
	if (m->loaded[key])
		return;
	m->loaded[key] = true;
	m->unreadable[key] = fake_content(r_names[key / R_BLOCKS],
					  (uint64_t)(key % R_BLOCKS),
					  m->file[key], R_PAGE) != 0;
	for (int b = 0; b < R_PAGE && !m->unreadable[key]; b++)
		m->buffered[key] |= m->file[key][b] != 0;
}

/* The bytes process i sees on page vpn; NULL when unreadable. */
static uint8_t *model_page(struct model *m, int i, int vpn)
{
	if (m->kind[i][vpn] == 1)
		return m->bytes[i][vpn];
	int key = m->key[i][vpn];
	model_load(m, key);
	return m->unreadable[key] ? NULL : m->file[key];
}

static size_t model_bound(const struct model *m)
{
	size_t pages = 0;
	for (int i = 0; i < R_PIDS; i++)
		for (int v = 0; v < R_ARENA && m->live[i]; v++)
			pages += m->kind[i][v] == 1;
	for (int k = 0; k < R_KEYS; k++)
		pages += m->buffered[k];
	return pages * R_PAGE;
}

static void random_op(struct shadow *s, struct model *m)
{
	uint32_t what = rnd(100);
	int i = pick_pid(m, true);
	if (what < 3 || i < 0) { /* start */
		int j = pick_pid(m, false);
		if (j < 0)
			return;
		shadow_start(s, r_pid(j));
		m->live[j] = true;
		memset(m->kind[j], 0, sizeof m->kind[j]);
		return;
	}
	if (what < 6) { /* fork */
		int j = pick_pid(m, false);
		if (j < 0)
			return;
		shadow_fork(s, r_pid(i), r_pid(j));
		m->live[j] = true;
		memcpy(m->kind[j], m->kind[i], sizeof m->kind[i]);
		memcpy(m->key[j], m->key[i], sizeof m->key[i]);
		memcpy(m->bytes[j], m->bytes[i], sizeof m->bytes[i]);
		return;
	}
	if (what < 9) { /* exit */
		shadow_exit(s, r_pid(i));
		m->live[i] = false;
		return;
	}
	if (what < 15) { /* map */
		int vpn = pick_invalid(m, i);
		if (vpn < 0)
			return;
		if (rnd(2)) {
			shadow_map_swap(s, r_pid(i), (uint32_t)vpn);
			m->kind[i][vpn] = 1;
			memset(m->bytes[i][vpn], 0, R_PAGE);
		} else {
			int key = (int)rnd(R_KEYS);
			shadow_map_file(s, r_pid(i), (uint32_t)vpn,
					r_names[key / R_BLOCKS],
					(uint64_t)(key % R_BLOCKS));
			m->kind[i][vpn] = 2;
			m->key[i][vpn] = (uint8_t)key;
		}
		return;
	}
	int vpn = pick_valid(m, i);
	if (vpn < 0)
		return;
	uint32_t off = rnd(R_PAGE);
	uint32_t len = 1 + rnd(R_PAGE - off);
	uint64_t vaddr = BASE + (uint64_t)vpn * R_PAGE + off;
	uint8_t *page = model_page(m, i, vpn);
	uint8_t piece[R_PAGE];
	if (what < 55) { /* write: zeroes now and then */
		for (uint32_t b = 0; b < len; b++)
			piece[b] = rnd(4) ? (uint8_t)rnd(256) : 0;
		shadow_write(s, r_pid(i), vaddr, piece, len);
		if (page)
			memcpy(page + off, piece, len);
		if (page && m->kind[i][vpn] == 2)
			m->buffered[m->key[i][vpn]] = true;
		return;
	}
	/* verify: the right bytes, or the right bytes with one flipped */
	if (!page) {
		for (uint32_t b = 0; b < len; b++)
			piece[b] = (uint8_t)rnd(256);
		assert_true(shadow_verify(s, r_pid(i), vaddr, piece, len, NULL,
					  NULL));
		return;
	}
	memcpy(piece, page + off, len);
	if (rnd(4) == 0) {
		uint32_t at = rnd(len);
		piece[at] ^= (uint8_t)(1 + rnd(255));
		assert_mismatch(s, r_pid(i), vaddr, piece, len, at,
				page[off + at]);
	} else {
		assert_true(shadow_verify(s, r_pid(i), vaddr, piece, len, NULL,
					  NULL));
	}
}

static void test_random_against_naive_model(void **state)
{
	(void)state;
	struct loader l = { .page_size = R_PAGE };
	struct page_geometry arena = geometry(R_PAGE, BASE, R_ARENA);
	struct shadow *s = shadow_create(&arena, fake_load, &l);
	assert_non_null(s);
	struct model *m = calloc(1, sizeof *m);
	assert_non_null(m);
	for (int op = 0; op < R_OPS; op++) {
		random_op(s, m);
		if (shadow_bytes_in_use(s) > model_bound(m))
			fail_msg("op %d: %zu bytes in use, bound %zu", op,
				 shadow_bytes_in_use(s), model_bound(m));
	}
	/* one load per key ever accessed */
	int loaded = 0;
	for (int k = 0; k < R_KEYS; k++)
		loaded += m->loaded[k];
	assert_int_equal(l.calls, loaded);
	assert_true(loaded > R_KEYS / 2);
	/* after every exit only file buffers remain */
	for (int i = 0; i < R_PIDS; i++)
		if (m->live[i])
			shadow_exit(s, r_pid(i));
	size_t buffered = 0;
	for (int k = 0; k < R_KEYS; k++)
		buffered += m->buffered[k];
	assert_int_equal(shadow_bytes_in_use(s), buffered * R_PAGE);
	shadow_destroy(s);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_takes_a_geometry),
		cmocka_unit_test_setup_teardown(
			test_destroy_frees_live_processes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fresh_pages_read_zero,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_then_verify, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_verify_reports_offset_and_expected, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_fork_isolation_both_ways,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_fork_chain_three_ways,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_exit_frees, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_file_pages_shared_and_kept,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_load_once_per_key,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_file_block_of_zeroes_holds_no_buffer, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_file_key, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_many_file_keys, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_many_sparse_pids, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_broken_contracts_abort,
						setup, teardown),
		cmocka_unit_test(test_random_against_naive_model),
	};
	return cmocka_run_group_tests_name("shadow", tests, NULL, NULL);
}
