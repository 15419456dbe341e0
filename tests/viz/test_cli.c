/*
 * tests/viz/test_cli.c: `mmusim viz` as a command: options, every error
 * with its exit status and message, the headless picture and sentence.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "viz_helpers.h"

struct result {
	int code;
	char out[4096], err[4096];
};

static void slurp(int fd, char *buf, size_t cap)
{
	lseek(fd, 0, SEEK_SET);
	ssize_t n = read(fd, buf, cap - 1);
	buf[n > 0 ? n : 0] = '\0';
}

/* Run `mmusim viz ARGS...` (NULL-terminated) with stdout and stderr caught. */
static struct result viz(const char *first, ...)
{
	char *argv[32] = {"mmusim", "viz"};
	int argc = 2;
	va_list ap;
	va_start(ap, first);
	for (const char *a = first; a && argc < 31; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	struct result r;
	FILE *out = tmpfile(), *err = tmpfile();
	fflush(stdout);
	fflush(stderr);
	int saved_out = dup(1), saved_err = dup(2);
	dup2(fileno(out), 1);
	dup2(fileno(err), 2);
	r.code = cli_main(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	slurp(fileno(out), r.out, sizeof r.out);
	slurp(fileno(err), r.err, sizeof r.err);
	fclose(out);
	fclose(err);
	return r;
}

static void expect(struct result r, int code, const char *in_err)
{
	if (r.code != code || !strstr(r.err, in_err))
		fail_msg("exit %d (want %d), stderr: %s\n(want it to contain: %s)", r.code,
			 code, r.err, in_err);
}

struct fixture {
	struct vt_dir dir;
	char trace[512], config[512];
};
_Static_assert(offsetof(struct fixture, dir) == 0, "vt_dir_teardown frees the fixture");

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	vt_dir_make(&f->dir);
	snprintf(f->trace, sizeof f->trace, "%s", vt_write(&f->dir, "t.trace",
		"start 1\nswitch 1\nmap swap\nmap swap\nw 0x600000000 8\nfork 1 2\n"
		"switch 2\nw 0x600000000 8\nr 0x600001000 => ok\n"));
	snprintf(f->config, sizeof f->config, "%s", vt_write(&f->dir, "c.json",
		"{\"memory_pages\": 4, \"swap_blocks\": 8, \"page_size\": 4096,"
		" \"arena_pages\": 4}"));
	*state = f;
	return 0;
}

static void test_help(void **state)
{
	(void)state;
	struct result r = viz("--help", NULL);
	assert_int_equal(r.code, 0);
	assert_non_null(strstr(r.out, "usage: mmusim viz TRACE"));
	assert_non_null(strstr(r.out, "--headless"));
	assert_string_equal(r.err, "");
}

static void test_bad_options(void **state)
{
	struct fixture *f = *state;
	expect(viz(NULL), 2, "mmusim viz: which trace? (see mmusim viz --help)");
	expect(viz(f->trace, "--frobnicate", NULL), 2,
	       "mmusim viz: unknown option '--frobnicate' (see mmusim viz --help)");
	expect(viz(f->trace, "other.trace", NULL), 2, "mmusim viz: one trace only");
	expect(viz(f->trace, "--at", "x3", NULL), 2,
	       "mmusim viz: --at needs a number of events, not 'x3'");
	expect(viz(f->trace, "--at", "-1", NULL), 2, "--at needs a number of events");
	expect(viz(f->trace, "--at", NULL), 2, "--at needs a number of events, not ''");
	expect(viz(f->trace, "--size", "10x10", NULL), 2,
	       "mmusim viz: --size needs WxH from 200x150 to 16384x16384, not '10x10'");
	expect(viz(f->trace, "--size=800x600x", NULL), 2, "--size needs WxH");
	expect(viz(f->trace, "--set", "policy", NULL), 2, "mmusim viz: --set needs KEY=VALUE");
	expect(viz(f->trace, "--scale", "0.4", NULL), 2,
	       "mmusim viz: --scale needs a number from 0.5 to 4, not '0.4'");
	expect(viz(f->trace, "--scale", "2x", NULL), 2, "--scale needs a number");
	expect(viz(f->trace, "--scale=", NULL), 2, "--scale needs a number from 0.5 to 4, not ''");
	expect(viz(f->trace, "--config", NULL), 2, "mmusim viz: --config needs a file");
	expect(viz(f->trace, "--screenshot", NULL), 2, "mmusim viz: --screenshot needs a file");
	expect(viz(f->trace, "--headless", NULL), 2,
	       "mmusim viz: --headless needs --screenshot FILE.png");
}

static void test_bad_inputs(void **state)
{
	struct fixture *f = *state;
	const char *png = vt_path(&f->dir, "x.png");
	expect(viz(f->trace, "--config", vt_path(&f->dir, "none.json"), "--headless",
		   "--screenshot", png, NULL), 2, "none.json");
	expect(viz(f->trace, "--set", "memory_pages=2", "--headless", "--screenshot", png,
		   NULL), 2, "memory_pages");
	expect(viz(vt_path(&f->dir, "none.trace"), "--headless", "--screenshot", png,
		   NULL), 2, "none.trace");
	expect(viz(f->trace, "--config", f->config, "--at", "10", "--headless",
		   "--screenshot", png, NULL), 2, "mmusim viz: --at 10: ");
	expect(viz(f->trace, "--config", f->config, "--headless", "--screenshot",
		   vt_path(&f->dir, "no/dir/x.png"), NULL), 2,
	       "no/dir/x.png: cannot create a file there: No such file or directory");
	expect(viz("-", "--headless", "--screenshot", png, NULL), 2,
	       "viz needs a trace file to go back in, not standard input");
	assert_int_equal(access(png, F_OK), -1);
}

static void test_headless_picture(void **state)
{
	struct fixture *f = *state;
	const char *png = vt_path(&f->dir, "eight.png");
	struct result r = viz(f->trace, "--config", f->config, "--at", "8", "--size",
			      "800x500", "--headless", "--screenshot", png, NULL);
	assert_int_equal(r.code, 0);
	assert_string_equal(r.err, "");
	assert_string_equal(r.out, "event 8: process 2 writes 0x600000000 (8 bytes): "
			    "copy-on-write, frame 1 copied to frame 2\n");
	struct vt_image im;
	assert_true(vt_png_load(png, &im));
	assert_int_equal(im.w, 800);
	assert_int_equal(im.h, 500);
	vt_image_free(&im);
	/* --set applies after --config; the default size is 1600x900 */
	r = viz(f->trace, "--config", f->config, "--set", "memory_pages=5", "--at=0",
		"--headless", "--screenshot", png, NULL);
	assert_int_equal(r.code, 0);
	assert_true(vt_png_load(png, &im));
	assert_int_equal(im.w, 1600);
	assert_int_equal(im.h, 900);
	vt_image_free(&im);
	/* --projector is --scale 1.4: larger text, another picture */
	const char *big = vt_path(&f->dir, "big.png"), *proj = vt_path(&f->dir, "proj.png");
	r = viz(f->trace, "--config", f->config, "--at=8", "--scale", "1.4",
		"--headless", "--screenshot", big, NULL);
	assert_int_equal(r.code, 0);
	r = viz(f->trace, "--config", f->config, "--at=8", "--projector",
		"--headless", "--screenshot", proj, NULL);
	assert_int_equal(r.code, 0);
	r = viz(f->trace, "--config", f->config, "--at=8", "--headless",
		"--screenshot", png, NULL);
	assert_int_equal(r.code, 0);
	size_t n1, n2, n3;
	uint8_t *a = vt_read_file(big, &n1), *b = vt_read_file(proj, &n2),
		*c = vt_read_file(png, &n3);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_true(n1 == n2 && memcmp(a, b, n1) == 0);
	assert_false(n1 == n3 && memcmp(a, c, n1) == 0);
	free(a);
	free(b);
	free(c);
}

static void test_run_that_stops_early(void **state)
{
	struct fixture *f = *state;
	const char *bad = vt_write(&f->dir, "bad.trace",
				   "start 1\nswitch 1\nmap swap => null\nmap swap\n");
	const char *png = vt_path(&f->dir, "bad.png");
	struct result r = viz(bad, "--at", "4", "--headless", "--screenshot", png, NULL);
	expect(r, 1, "mmusim viz: the run stopped after event 3: ");
	assert_non_null(strstr(r.err, "bad.trace:3: expected null, got 0x600000000"));
	assert_non_null(strstr(r.out, "event 3: process 1 maps a swap page"));
	struct vt_image im;
	assert_true(vt_png_load(png, &im)); /* the picture of where it stopped */
	vt_image_free(&im);
}

static void test_window_needs_a_display(void **state)
{
	struct fixture *f = *state;
	char *display = getenv("DISPLAY") ? strdup(getenv("DISPLAY")) : NULL;
	unsetenv("DISPLAY");
	unsetenv("WAYLAND_DISPLAY");
	setenv("SDL_VIDEODRIVER", "x11", 1);
	expect(viz(f->trace, NULL), 2, "mmusim viz: cannot open a window: ");
	struct result r = viz(f->trace, NULL);
	assert_non_null(strstr(r.err, "(no display? use --headless --screenshot FILE.png, "
				 "or run under xvfb-run)"));
	unsetenv("SDL_VIDEODRIVER");
	/* No driver forced: SDL falls back to its offscreen driver, which is
	 * no display either (tests/viz/no_display.sh runs the binary). */
	expect(viz(f->trace, NULL), 2, "no display");
	if (display) {
		setenv("DISPLAY", display, 1);
		free(display);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_headless_picture),
		cmocka_unit_test(test_run_that_stops_early),
		cmocka_unit_test(test_window_needs_a_display),
	};
	return cmocka_run_group_tests(tests, setup, vt_dir_teardown);
}
