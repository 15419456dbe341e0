/*
 * tests/machine/test_beneath.c: names opened beneath a folder descriptor
 * (sim/beneath.h), by openat2 and by the per-component walk, and the race
 * issue 11 found: a folder swapped for a symbolic link to the outside while
 * names are opened must never lead outside.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "beneath.h"
#include "tmpdir.h"

struct fixture {
	char root[128];       /* root/in is the folder, root/out.bin outside */
	char in[160];
	int dirfd;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	tmpdir_make(fx->root, sizeof fx->root, "beneath");
	snprintf(fx->in, sizeof fx->in, "%s/in", fx->root);
	assert_int_equal(mkdir(fx->in, 0755), 0);
	tmpdir_put(fx->root, "out.bin", "outside");
	tmpdir_put(fx->in, "a.bin", "inside a");
	char p[256];
	snprintf(p, sizeof p, "%s/sub", fx->in);
	assert_int_equal(mkdir(p, 0755), 0);
	tmpdir_put(p, "b.bin", "inside b");
	snprintf(p, sizeof p, "%s/link_out", fx->in);
	assert_int_equal(symlink("../out.bin", p), 0);
	snprintf(p, sizeof p, "%s/link_in", fx->in);
	assert_int_equal(symlink("a.bin", p), 0);
	snprintf(p, sizeof p, "%s/dirlink", fx->in);
	assert_int_equal(symlink("..", p), 0);
	fx->dirfd = open(fx->in, O_PATH | O_DIRECTORY);
	assert_true(fx->dirfd >= 0);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	close(fx->dirfd);
	tmpdir_remove(fx->root);
	free(fx);
	return 0;
}

/* The first bytes of what fd holds, for telling inside from outside. */
static void assert_holds(int fd, const char *text)
{
	char buf[32] = {0};
	assert_int_equal(pread(fd, buf, sizeof buf - 1, 0), (ssize_t)strlen(text));
	assert_string_equal(buf, text);
}

static const enum beneath_how hows[] = {BENEATH_ANY, BENEATH_WALK};

static void test_names_inside(void **state)
{
	struct fixture *fx = *state;
	const char *cases[][2] = {
		{"a.bin", "inside a"}, {"./a.bin", "inside a"},
		{"sub/b.bin", "inside b"}, {"sub//b.bin", "inside b"},
		{"sub/../a.bin", "inside a"}, {"sub/./../sub/b.bin", "inside b"},
	};
	for (size_t h = 0; h < 2; h++) {
		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
			int fd = beneath_open(fx->dirfd, cases[i][0], O_RDONLY, hows[h]);
			assert_true(fd >= 0);
			assert_holds(fd, cases[i][1]);
			close(fd);
		}
	}
}

static void test_names_refused(void **state)
{
	struct fixture *fx = *state;
	char abs[256];
	snprintf(abs, sizeof abs, "%s/a.bin", fx->in);
	const struct { const char *name; int err; } cases[] = {
		{"", EXDEV}, {abs, EXDEV}, {"/etc/passwd", EXDEV},
		{"../out.bin", EXDEV}, {"../in/a.bin", EXDEV},
		{"sub/../../out.bin", EXDEV},
		{"link_out", ELOOP}, {"link_in", ELOOP},
		{"dirlink/out.bin", 0 /* ELOOP or ENOTDIR */},
		{"missing", ENOENT}, {"a.bin/x", ENOTDIR}, {"a.bin/", ENOTDIR},
	};
	for (size_t h = 0; h < 2; h++) {
		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
			errno = 0;
			int fd = beneath_open(fx->dirfd, cases[i].name, O_RDONLY, hows[h]);
			if (fd >= 0)
				fail_msg("%s opened (how %zu)", cases[i].name, h);
			if (cases[i].err)
				assert_int_equal(errno, cases[i].err);
			else
				assert_true(errno == ELOOP || errno == ENOTDIR);
		}
	}
}

/* The race: `in/d` flips between a real folder holding d/x.bin and a
 * symbolic link to the outside folder holding x.bin, by rename(2) over
 * it, while the main thread opens d/x.bin again and again. */
struct flipper {
	const char *root;
	atomic_bool stop;
	atomic_ulong flips;
};

static void *flip(void *arg)
{
	struct flipper *f = arg;
	char d[256], real[256], link[256];
	snprintf(d, sizeof d, "%s/in/d", f->root);
	snprintf(real, sizeof real, "%s/in/d.real", f->root);
	snprintf(link, sizeof link, "%s/in/d.link", f->root);
	while (!atomic_load(&f->stop)) {
		/* d is the real folder: move it aside, put the link in */
		if (rename(d, real) != 0 || rename(link, d) != 0)
			abort();
		/* Where threads take turns (valgrind runs one at a time), let
		 * the opener see the link; natively this costs little. */
		sched_yield();
		/* d is the link: move it aside, put the folder back */
		if (rename(d, link) != 0 || rename(real, d) != 0)
			abort();
		atomic_fetch_add(&f->flips, 1);
		sched_yield(); /* ... and the folder */
	}
	return NULL;
}

static void test_race_never_escapes(void **state)
{
	struct fixture *fx = *state;
	char p[256];
	snprintf(p, sizeof p, "%s/in/d", fx->root);
	assert_int_equal(mkdir(p, 0755), 0);
	tmpdir_put(p, "x.bin", "inside x");
	snprintf(p, sizeof p, "%s/outdir", fx->root);
	assert_int_equal(mkdir(p, 0755), 0);
	tmpdir_put(p, "x.bin", "OUTSIDE");
	snprintf(p, sizeof p, "%s/in/d.link", fx->root);
	assert_int_equal(symlink("../outdir", p), 0);

	struct flipper f = {.root = fx->root};
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, flip, &f), 0);
	unsigned long opened[2] = {0, 0}, escaped = 0;
	for (size_t h = 0; h < 2; h++) {
		/* at least 1 s and 200 opens for each way of opening (valgrind,
		 * which runs one thread at a time, needs longer), at most 20 s */
		time_t start = time(NULL);
		while (time(NULL) < start + 1 || (opened[h] <= 200 && time(NULL) < start + 20)) {
			int fd = beneath_open(fx->dirfd, "d/x.bin", O_RDONLY, hows[h]);
			if (fd < 0)
				continue; /* caught mid-flip, or refused: both fine */
			char buf[16] = {0};
			assert_true(pread(fd, buf, sizeof buf - 1, 0) > 0);
			close(fd);
			opened[h]++;
			escaped += strcmp(buf, "inside x") != 0;
		}
	}
	atomic_store(&f.stop, true);
	pthread_join(t, NULL);
	assert_int_equal(escaped, 0);
	/* the race really ran: the folder flipped and opens got through */
	assert_true(atomic_load(&f.flips) > 100);
	assert_true(opened[0] > 100 && opened[1] > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_names_inside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_race_never_escapes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
