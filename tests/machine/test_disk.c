/* tests/machine/test_disk.c: the swap device and the file store: names
 * relative to the trace's folder, everything that may not be read, blocks
 * past the end, the overlay and --write-files. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <limits.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "disk.h"
#include "tmpdir.h"

#define PAGE 256u

struct fixture {
	char root[64];            /* temp dir */
	char folder[96];          /* root/traces: the trace's folder */
	char path[160];
};

static char err[256];

static void write_file(const char *path, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	for (size_t i = 0; i < len; i++)
		fputc((int)(i % 251) + 1, f);
	fclose(f);
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	tmpdir_make(fx->root, sizeof fx->root, "disk");
	snprintf(fx->folder, sizeof fx->folder, "%s/traces", fx->root);
	assert_int_equal(mkdir(fx->folder, 0755), 0);
	char p[256];
	snprintf(p, sizeof p, "%s/a.bin", fx->folder);
	write_file(p, 300); /* block 0 full, block 1 has 44 bytes */
	snprintf(p, sizeof p, "%s/sub", fx->folder);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof p, "%s/sub/b.bin", fx->folder);
	write_file(p, 10);
	snprintf(p, sizeof p, "%s/dir", fx->folder);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof p, "%s/fifo", fx->folder);
	assert_int_equal(mkfifo(p, 0644), 0);
	snprintf(p, sizeof p, "%s/outside.bin", fx->root);
	write_file(p, 100);
	snprintf(p, sizeof p, "%s/link_out", fx->folder);
	assert_int_equal(symlink("../outside.bin", p), 0);
	snprintf(p, sizeof p, "%s/link_in", fx->folder);
	assert_int_equal(symlink("sub/b.bin", p), 0);
	snprintf(p, sizeof p, "%s/dirlink", fx->folder);
	assert_int_equal(symlink("..", p), 0);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	tmpdir_remove(fx->root);
	free(fx);
	return 0;
}

static struct disk *open_disk(struct fixture *fx, bool write_files)
{
	struct disk *d = disk_create(PAGE, 4, fx->folder, write_files, err,
				     sizeof err);
	assert_non_null(d);
	return d;
}

static void assert_pattern(const uint8_t *buf, size_t from, size_t len)
{
	for (size_t i = 0; i < len; i++)
		assert_int_equal(buf[i], (uint8_t)((from + i) % 251 + 1));
}

static void test_swap(void **state)
{
	struct fixture *fx = *state;
	struct disk *d = open_disk(fx, false);
	uint8_t buf[PAGE], page[PAGE];
	memset(buf, 0xee, sizeof buf);
	assert_int_equal(disk_read(d, NULL, 3, buf), 0);
	for (size_t i = 0; i < PAGE; i++)
		assert_int_equal(buf[i], 0); /* never written: zeroes */
	memset(page, 0x5a, sizeof page);
	assert_int_equal(disk_write(d, NULL, 3, page), 0);
	assert_int_equal(disk_read(d, NULL, 3, buf), 0);
	assert_memory_equal(buf, page, PAGE);
	assert_int_equal(disk_read(d, NULL, 4, buf), -1);
	assert_int_equal(disk_write(d, NULL, 4, page), -1);
	disk_destroy(d);
}

static void test_relative_names(void **state)
{
	struct fixture *fx = *state;
	struct disk *d = open_disk(fx, false);
	uint8_t buf[PAGE];
	assert_int_equal(disk_read(d, "a.bin", 0, buf), 0);
	assert_pattern(buf, 0, PAGE);
	assert_int_equal(disk_read(d, "./a.bin", 0, buf), 0);
	assert_pattern(buf, 0, PAGE);
	assert_int_equal(disk_read(d, "sub/b.bin", 0, buf), 0);
	assert_pattern(buf, 0, 10);
	assert_int_equal(disk_read(d, "sub/../a.bin", 0, buf), 0);
	assert_int_equal(disk_read(d, "sub//b.bin", 0, buf), 0);
	disk_destroy(d);
}

static void test_past_end_reads_zeroes(void **state)
{
	struct fixture *fx = *state;
	struct disk *d = open_disk(fx, false);
	uint8_t buf[PAGE];
	memset(buf, 0xee, sizeof buf);
	assert_int_equal(disk_read(d, "a.bin", 1, buf), 0);
	assert_pattern(buf, PAGE, 300 - PAGE);
	for (size_t i = 300 - PAGE; i < PAGE; i++)
		assert_int_equal(buf[i], 0);
	memset(buf, 0xee, sizeof buf);
	assert_int_equal(disk_read(d, "a.bin", 1000, buf), 0);
	for (size_t i = 0; i < PAGE; i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(disk_read(d, "a.bin", UINT64_MAX, buf), 0);
	assert_int_equal(buf[0], 0);
	disk_destroy(d);
}

/* Data-less transfers: what is known of a block moves, not its bytes. */
static void test_kept(void **state)
{
	struct fixture *fx = *state;
	struct disk *d = open_disk(fx, false);
	enum disk_kept kind;
	const uint8_t *bytes;
	uint8_t page[PAGE];
	memset(page, 0x5a, sizeof page);
	assert_int_equal(disk_read_kept(d, NULL, 2, &kind, &bytes), 0);
	assert_int_equal(kind, DISK_KEPT_ZEROES); /* never written */
	assert_null(bytes);
	assert_int_equal(disk_write_kept(d, NULL, 2, DISK_KEPT_BYTES, page), 0);
	assert_int_equal(disk_read_kept(d, NULL, 2, &kind, &bytes), 0);
	assert_int_equal(kind, DISK_KEPT_BYTES);
	assert_memory_equal(bytes, page, PAGE);
	assert_ptr_not_equal(bytes, page); /* a copy of its own */
	assert_int_equal(disk_write_kept(d, NULL, 2, DISK_KEPT_UNKNOWN, NULL), 0);
	assert_int_equal(disk_read_kept(d, NULL, 2, &kind, &bytes), 0);
	assert_int_equal(kind, DISK_KEPT_UNKNOWN);
	assert_int_equal(disk_write_kept(d, NULL, 2, DISK_KEPT_ZEROES, NULL), 0);
	assert_int_equal(disk_read_kept(d, NULL, 2, &kind, &bytes), 0);
	assert_int_equal(kind, DISK_KEPT_ZEROES);
	assert_int_equal(disk_read_kept(d, NULL, 4, &kind, &bytes), -1); /* past the device */
	assert_int_equal(disk_write_kept(d, NULL, 4, DISK_KEPT_ZEROES, NULL), -1);
	assert_int_equal(disk_write_kept(d, NULL, 3, DISK_KEPT_UNKNOWN, NULL), 0);
	assert_int_equal(disk_swap_bytes(d), 0); /* unknown holds no buffer */
	/* a.bin has 300 bytes: blocks 0 and 1 hold some, 2 is past the end */
	assert_int_equal(disk_read_kept(d, "a.bin", 0, &kind, &bytes), 0);
	assert_int_equal(kind, DISK_KEPT_UNKNOWN); /* not read */
	assert_int_equal(disk_read_kept(d, "a.bin", 1, &kind, &bytes), 0);
	assert_int_equal(kind, DISK_KEPT_UNKNOWN);
	assert_int_equal(disk_read_kept(d, "a.bin", 2, &kind, &bytes), 0);
	assert_int_equal(kind, DISK_KEPT_ZEROES);
	assert_int_equal(disk_write_kept(d, "a.bin", 0, DISK_KEPT_BYTES, page), 0);
	assert_int_equal(disk_read_kept(d, "./a.bin", 0, &kind, &bytes), 0); /* same file */
	assert_int_equal(kind, DISK_KEPT_BYTES);
	assert_memory_equal(bytes, page, PAGE);
	assert_int_equal(disk_read_kept(d, "missing.bin", 0, &kind, &bytes), -1);
	uint8_t buf[PAGE]; /* the bytes of a.bin are untouched */
	struct disk *plain = open_disk(fx, false);
	assert_int_equal(disk_read(plain, "a.bin", 0, buf), 0);
	assert_pattern(buf, 0, PAGE);
	disk_destroy(plain);
	disk_destroy(d);
	struct disk *w = open_disk(fx, true); /* write_files needs bytes */
	assert_int_equal(disk_write_kept(w, "a.bin", 0, DISK_KEPT_ZEROES, NULL), -1);
	assert_int_equal(errno, ENOTSUP);
	disk_destroy(w);
}

static void test_forbidden_and_missing(void **state)
{
	struct fixture *fx = *state;
	struct disk *d = open_disk(fx, false);
	uint8_t buf[PAGE], page[PAGE];
	memset(page, 1, sizeof page);
	char abs[256];
	snprintf(abs, sizeof abs, "%s/a.bin", fx->folder);
	const char *bad[] = {
		"",              /* empty */
		abs,             /* absolute, even inside the folder */
		"/etc/passwd",   /* absolute */
		"../outside.bin",/* climbs out */
		"../traces/a.bin", /* climbs out and back */
		"sub/../../outside.bin",
		"link_out",      /* symbolic link leading out */
		"link_in",       /* a symbolic link, even one staying inside */
		"dirlink/outside.bin", /* through a linked folder */
		"dir",           /* a directory */
		"fifo",          /* not a regular file (would block if opened) */
		"missing.bin",   /* does not exist */
		"a.bin/",        /* not a folder */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(disk_read(d, bad[i], 0, buf), -1);
		assert_false(disk_file_readable(d, bad[i]));
		assert_int_equal(disk_write(d, bad[i], 0, page), -1);
	}
	/* nothing outside was written */
	char p[256];
	snprintf(p, sizeof p, "%s/outside.bin", fx->root);
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_size, 100);
	disk_destroy(d);
}

static void test_bad_folder(void **state)
{
	(void)state;
	assert_null(disk_create(PAGE, 4, "/nonexistent/folder", false, err,
				sizeof err));
	assert_non_null(strstr(err, "/nonexistent/folder"));
}

static void test_folder_of(void **state)
{
	(void)state;
	const char *cases[][2] = {
		{"t.trace", "."}, {"-", "."}, {"a/b/t.trace", "a/b"},
		{"/t.trace", "/"}, {"/x/t.trace", "/x"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *f = disk_folder_of(cases[i][0]);
		assert_string_equal(f, cases[i][1]);
		free(f);
	}
}

static void test_overlay(void **state)
{
	struct fixture *fx = *state;
	struct disk *d = open_disk(fx, false);
	uint8_t buf[PAGE], page[PAGE];
	memset(page, 0x77, sizeof page);
	assert_int_equal(disk_write(d, "a.bin", 0, page), 0);
	assert_int_equal(disk_write(d, "a.bin", 9, page), 0); /* past end */
	assert_int_equal(disk_read(d, "a.bin", 0, buf), 0);
	assert_memory_equal(buf, page, PAGE);
	/* another name of the same file sees the write */
	assert_int_equal(disk_read(d, "./a.bin", 9, buf), 0);
	assert_memory_equal(buf, page, PAGE);
	assert_int_equal(disk_read(d, "a.bin", 1, buf), 0); /* untouched */
	assert_pattern(buf, PAGE, 300 - PAGE);
	page[0] = 0x78;
	assert_int_equal(disk_write(d, "sub/../a.bin", 0, page), 0);
	assert_int_equal(disk_read(d, "a.bin", 0, buf), 0);
	assert_int_equal(buf[0], 0x78);
	disk_destroy(d);

	/* the real file was not modified */
	char p[256];
	snprintf(p, sizeof p, "%s/a.bin", fx->folder);
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_size, 300);
	d = open_disk(fx, false);
	assert_int_equal(disk_read(d, "a.bin", 0, buf), 0);
	assert_pattern(buf, 0, PAGE);
	disk_destroy(d);
}

static void test_write_files(void **state)
{
	struct fixture *fx = *state;
	struct disk *d = open_disk(fx, true);
	uint8_t buf[PAGE], page[PAGE];
	memset(page, 0x42, sizeof page);
	assert_int_equal(disk_write(d, "sub/b.bin", 1, page), 0);
	assert_int_equal(disk_read(d, "sub/b.bin", 1, buf), 0);
	assert_memory_equal(buf, page, PAGE);
	disk_destroy(d);

	char p[256];
	snprintf(p, sizeof p, "%s/sub/b.bin", fx->folder);
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_size, 2 * PAGE);
	int fd = open(p, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, buf, PAGE, PAGE), PAGE);
	close(fd);
	assert_memory_equal(buf, page, PAGE);
	/* bytes between the old end and block 1 are zeroes */
	d = open_disk(fx, false);
	assert_int_equal(disk_read(d, "sub/b.bin", 0, buf), 0);
	assert_pattern(buf, 0, 10);
	assert_int_equal(buf[10], 0);
	disk_destroy(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_swap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relative_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_past_end_reads_zeroes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forbidden_and_missing, setup, teardown),
		cmocka_unit_test(test_bad_folder),
		cmocka_unit_test(test_folder_of),
		cmocka_unit_test_setup_teardown(test_overlay, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_files, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
