/*
 * tests/cli/test_sweep_parts.c: the parts behind compare and sweep, on
 * their own: the --vary and --policies parsers, the plot's tick steps and
 * its SVG, the three result printers, atomic files and the worker pool.
 * The commands end to end: test_compare_sweep.py.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "atomic_file.h"
#include "result_table.h"
#include "run_pool.h"
#include "svg_plot.h"
#include "sweep_grid.h"
#include "tmpdir.h"

/* ---- --vary ------------------------------------------------------------ */

static void vary_ok(const char *text, const char *key, size_t n,
		    const uint64_t *want)
{
	struct sweep_grid g = {0};
	char err[256] = "";
	assert_int_equal(sweep_grid_vary(&g, text, err, sizeof err), 0);
	assert_string_equal(g.key, key);
	assert_int_equal(g.value_count, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(g.values[i], want[i]);
	sweep_grid_free(&g);
}

static void vary_fails(const char *text, const char *what)
{
	struct sweep_grid g = {0};
	char err[256] = "", prefix[128];
	assert_int_equal(sweep_grid_vary(&g, text, err, sizeof err), -1);
	snprintf(prefix, sizeof prefix, "--vary '%s': ", text);
	assert_memory_equal(err, prefix, strlen(prefix));
	assert_non_null(strstr(err, what));
	assert_null(g.values);
	sweep_grid_free(&g);
}

static void test_vary_ranges(void **state)
{
	(void)state;
	vary_ok("memory_pages=4..7", "memory_pages", 4,
		(const uint64_t[]){4, 5, 6, 7});
	vary_ok("memory_pages=4..4", "memory_pages", 1, (const uint64_t[]){4});
	vary_ok("tlb.entries=0..10:4", "tlb.entries", 3,
		(const uint64_t[]){0, 4, 8});
	vary_ok("tlb.entries=1..100:x3", "tlb.entries", 5,
		(const uint64_t[]){1, 3, 9, 27, 81});
	vary_ok("latency.disk_read=0x10..0x12", "latency.disk_read", 3,
		(const uint64_t[]){16, 17, 18});
	/* No overflow past 2^64 - 1. */
	vary_ok("seed=18446744073709551614..18446744073709551615:5", "seed", 1,
		(const uint64_t[]){18446744073709551614u});
	vary_ok("seed=9223372036854775808..18446744073709551615:x2", "seed", 1,
		(const uint64_t[]){9223372036854775808u});
}

static void test_vary_errors(void **state)
{
	(void)state;
	vary_fails("memory_pages", "KEY=A..B");
	vary_fails("memory_pages=4", "KEY=A..B");
	vary_fails("=4..7", "key");
	vary_fails("memory_pages=..7", "numbers");
	vary_fails("memory_pages=4..", "numbers");
	vary_fails("memory_pages=-1..7", "numbers");
	vary_fails("memory_pages=4..7x", "numbers");
	vary_fails("memory_pages=7..4", "greater");
	vary_fails("memory_pages=4..7:0", "step");
	vary_fails("memory_pages=4..7:-1", "step");
	vary_fails("memory_pages=4..7:x1", "factor");
	vary_fails("memory_pages=0..7:x2", "factor");
	vary_fails("memory_pages=0..5000", "more than 4096 values");
	vary_fails("a_key_much_longer_than_sixty_four_characters_is_refused_here"
		   "_xxxxxxxx=1..2", "key");
}

/* A second --vary replaces the first; freeing twice is harmless. */
static void test_vary_again(void **state)
{
	(void)state;
	struct sweep_grid g = {0};
	char err[256];
	assert_int_equal(sweep_grid_vary(&g, "memory_pages=4..5", err, sizeof err), 0);
	assert_int_equal(sweep_grid_vary(&g, "memory_pages=6..8", err, sizeof err), 0);
	assert_int_equal(g.value_count, 3);
	assert_int_equal(g.values[0], 6);
	sweep_grid_free(&g);
	assert_null(g.values);
	sweep_grid_free(&g);
}

/* ---- --policies -------------------------------------------------------- */

static void test_policies(void **state)
{
	(void)state;
	struct sweep_grid g = {0};
	char err[512];
	assert_int_equal(sweep_grid_policies(&g, "fifo,lru,opt", err, sizeof err), 0);
	assert_int_equal(g.policy_count, 3);
	assert_string_equal(g.policies[0], "fifo");
	assert_string_equal(g.policies[2], "opt");
	assert_int_equal(sweep_grid_policies(&g, "clock", err, sizeof err), 0);
	assert_int_equal(g.policy_count, 1);

	assert_int_equal(sweep_grid_policies(&g, "fifo,lfu", err, sizeof err), -1);
	assert_non_null(strstr(err, "--policies: unknown policy 'lfu' (known: clock,"));
	assert_int_equal(sweep_grid_policies(&g, "fifo,", err, sizeof err), -1);
	assert_non_null(strstr(err, "--policies: expected P,P,..."));
	assert_int_equal(sweep_grid_policies(&g, "", err, sizeof err), -1);
	assert_int_equal(sweep_grid_policies(&g, "lru,fifo,lru", err, sizeof err), -1);
	assert_string_equal(err, "--policies: 'lru' is listed twice");
	assert_int_equal(sweep_grid_policies(
		&g, "a-policy-name-of-more-than-31-characters", err, sizeof err), -1);
	assert_non_null(strstr(err, "at most 31 characters"));
}

static void test_runs(void **state)
{
	(void)state;
	struct sweep_grid g = {0};
	char err[512];
	assert_int_equal(sweep_grid_vary(&g, "memory_pages=4..7", err, sizeof err), 0);
	assert_int_equal(sweep_grid_policies(&g, "fifo,lru,opt", err, sizeof err), 0);
	assert_int_equal(sweep_grid_runs(&g), 12);
	sweep_grid_free(&g);
}

/* ---- the plot ---------------------------------------------------------- */

static void test_tick_steps(void **state)
{
	(void)state;
	assert_true(svg_plot_tick_step(0, 12, 6, true) == 2);
	assert_true(svg_plot_tick_step(4, 7, 8, true) == 1);
	assert_true(svg_plot_tick_step(0, 1, 6, false) == 0.2);
	assert_true(svg_plot_tick_step(0, 0.06, 6, false) == 0.01);
	assert_true(svg_plot_tick_step(0, 1000, 6, true) == 200);
	assert_true(svg_plot_tick_step(0, 3, 8, true) == 1);    /* not 0.5 */
	assert_true(svg_plot_tick_step(0, 70, 6, false) == 20);
	assert_true(svg_plot_tick_step(5, 5, 6, false) == 1);   /* no span */
}

static char *read_all(FILE *f)
{
	long n = ftell(f);
	rewind(f);
	char *text = calloc(1, (size_t)n + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	return text;
}

static size_t count(const char *text, const char *what)
{
	size_t n = 0;
	for (const char *p = text; (p = strstr(p, what)); p++)
		n++;
	return n;
}

static void test_svg(void **state)
{
	(void)state;
	const double x[] = {4, 5, 6, 7};
	const double a[] = {9, 10, 5, 5}, b[] = {7, 6, 5, 5};
	const struct plot_series series[] = {
		{"fifo", x, a, 4}, {"a<b>&\"c\"", x, b, 4}};
	const struct plot plot = {
		.title = "Faults vs memory_pages \xe2\x80\x94 t&t.trace",
		.x_label = "memory_pages", .y_label = "faults",
		.series = series, .series_count = 2,
		.x_integer = true, .y_integer = true};
	FILE *f = tmpfile();
	assert_non_null(f);
	assert_int_equal(svg_plot_write(f, &plot), 0);
	char *svg = read_all(f);
	fclose(f);
	assert_non_null(strstr(svg, "<title>Faults vs memory_pages \xe2\x80\x94 "
			       "t&amp;t.trace</title>"));
	assert_int_equal(count(svg, "<polyline"), 2);
	assert_int_equal(count(svg, "<g class=\"series\""), 2);
	assert_non_null(strstr(svg, "data-name=\"a&lt;b&gt;&amp;&quot;c&quot;\""));
	assert_int_equal(count(svg, "class=\"tick x\""), 4);
	/* 0 to 12 by 2: the top (10) has room above it. */
	assert_int_equal(count(svg, "class=\"tick y\""), 7);
	assert_non_null(strstr(svg, ">12</text>"));
	assert_non_null(strstr(svg, "<text class=\"x-label\""));
	assert_non_null(strstr(svg, "<text class=\"y-label\""));
	assert_non_null(strstr(svg, "</svg>\n"));
	/* Four points in the first line: x from 4 to 7, y as the data. */
	const char *pts = strstr(svg, "points=\"");
	assert_non_null(pts);
	double px[4], py[4];
	assert_int_equal(sscanf(pts, "points=\"%lf,%lf %lf,%lf %lf,%lf %lf,%lf\"",
				&px[0], &py[0], &px[1], &py[1], &px[2], &py[2],
				&px[3], &py[3]), 8);
	assert_true(px[0] < px[1] && px[1] < px[2] && px[2] < px[3]);
	assert_true(py[1] < py[0] && py[0] < py[2] && py[2] == py[3]);
	free(svg);
}

static void log_ticks_ok(double lo, double hi, const double *want, size_t n)
{
	double got[32];
	assert_int_equal(svg_plot_log_ticks(lo, hi, got, 32), n);
	for (size_t i = 0; i < n; i++)
		assert_true(fabs(got[i] - want[i]) <= 1e-12 * want[i]);
}

static void test_log_ticks(void **state)
{
	(void)state;
	log_ticks_ok(1, 1000, (const double[]){1, 10, 100, 1000}, 4);
	log_ticks_ok(3, 5000, (const double[]){10, 100, 1000}, 3);
	/* less than two decades: 2 and 5 times too */
	log_ticks_ok(1, 64, (const double[]){1, 2, 5, 10, 20, 50}, 6);
	log_ticks_ok(0.04, 0.9, (const double[]){0.05, 0.1, 0.2, 0.5}, 4);
	log_ticks_ok(0, 10, NULL, 0);              /* nothing above 0 */
	double few[2];
	assert_int_equal(svg_plot_log_ticks(1, 1e6, few, 2), 2);   /* room */
}

/* Log axes: ticks at powers of ten, a point's place by its logarithm, a
 * zero on the bottom edge; the subtitle escaped; the scales said. */
static void test_svg_log(void **state)
{
	(void)state;
	const double x[] = {1, 10, 100, 1000};
	const double y[] = {1, 0.1, 0.01, 0};
	const struct plot_series series[] = {{"lru", x, y, 4}};
	const struct plot plot = {
		.title = "t", .subtitle = "4 KiB <pages>", .x_label = "frames",
		.y_label = "miss ratio", .series = series, .series_count = 1,
		.x_integer = true, .x_log = true, .y_log = true};
	FILE *f = tmpfile();
	assert_non_null(f);
	assert_int_equal(svg_plot_write(f, &plot), 0);
	char *svg = read_all(f);
	fclose(f);
	assert_non_null(strstr(svg, "data-x-scale=\"log\" data-y-scale=\"log\""));
	assert_non_null(strstr(svg, ">4 KiB &lt;pages&gt;</text>"));
	assert_int_equal(count(svg, "class=\"subtitle\""), 1);
	assert_int_equal(count(svg, "class=\"tick x\""), 4);
	assert_non_null(strstr(svg, "font-size=\"13\" text-anchor=\"middle\">1000</text>"));
	/* y from 0.01 to 1: three ticks, decimals as the value needs */
	assert_int_equal(count(svg, "class=\"tick y\""), 3);
	assert_non_null(strstr(svg, "text-anchor=\"end\">0.01</text>"));
	assert_non_null(strstr(svg, "text-anchor=\"end\">0.1</text>"));
	const char *pts = strstr(svg, "points=\"");
	double px[4], py[4];
	assert_int_equal(sscanf(pts, "points=\"%lf,%lf %lf,%lf %lf,%lf %lf,%lf\"",
				&px[0], &py[0], &px[1], &py[1], &px[2], &py[2],
				&px[3], &py[3]), 8);
	/* equal steps in x and in y: each point a decade on */
	assert_true(fabs((px[1] - px[0]) - (px[2] - px[1])) < 0.02);
	assert_true(fabs((px[3] - px[2]) - (px[2] - px[1])) < 0.02);
	assert_true(fabs((py[1] - py[0]) - (py[2] - py[1])) < 0.02);
	/* the top at the box's top (74 under a subtitle), 0 at its bottom */
	assert_true(fabs(py[0] - 74) < 0.01);
	assert_true(fabs(py[2] - 430) < 0.01);
	assert_true(py[3] == py[2]);
	free(svg);
}

/* ---- result tables ----------------------------------------------------- */

static enum result_cell cell_name(const void *ctx, size_t row, bool human,
				  char *buf, size_t len)
{
	(void)ctx;
	(void)human;
	static const char *const names[] = {"plain", "a,b \"q\""};
	return result_cell_text(names[row], buf, len);
}

static enum result_cell cell_count(const void *ctx, size_t row, bool human,
				   char *buf, size_t len)
{
	(void)ctx;
	(void)human;
	return result_cell_u64(row ? 18446744073709551615ull : 7, buf, len);
}

static enum result_cell cell_rate(const void *ctx, size_t row, bool human,
				  char *buf, size_t len)
{
	(void)ctx;
	return result_cell_ratio(1, row ? 0 : 3, human ? 1 : 4, human, buf, len);
}

static const struct result_column cols[] = {
	{"name", NULL, false, true, cell_name},
	{"hidden", NULL, false, false, cell_count},
	{"count", "n", true, true, cell_count},
	{"rate", NULL, true, true, cell_rate},
};

static char *print(enum result_format format)
{
	FILE *f = tmpfile();
	assert_non_null(f);
	assert_int_equal(result_table_print(f, format, cols, 4, NULL, 2), 0);
	char *text = read_all(f);
	fclose(f);
	return text;
}

static void test_result_formats(void **state)
{
	(void)state;
	char *table = print(RESULT_TABLE);
	assert_string_equal(table,
		"name                        n   rate\n"
		"plain                       7  33.3%\n"
		"a,b \"q\"  18446744073709551615      -\n");
	free(table);
	char *csv = print(RESULT_CSV);
	assert_string_equal(csv,
		"name,hidden,count,rate\n"
		"plain,7,7,0.3333\n"
		"\"a,b \"\"q\"\"\",18446744073709551615,18446744073709551615,\n");
	free(csv);
	char *json = print(RESULT_JSON);
	assert_string_equal(json,
		"[{\n"
		"\t\t\"name\":\t\"plain\",\n"
		"\t\t\"hidden\":\t7,\n"
		"\t\t\"count\":\t7,\n"
		"\t\t\"rate\":\t0.3333\n"
		"\t}, {\n"
		"\t\t\"name\":\t\"a,b \\\"q\\\"\",\n"
		"\t\t\"hidden\":\t18446744073709551615,\n"
		"\t\t\"count\":\t18446744073709551615,\n"
		"\t\t\"rate\":\tnull\n"
		"\t}]\n");
	free(json);
}

static void test_result_empty(void **state)
{
	(void)state;
	FILE *f = tmpfile();
	assert_int_equal(result_table_print(f, RESULT_JSON, cols, 4, NULL, 0), 0);
	assert_int_equal(result_table_print(f, RESULT_CSV, cols, 4, NULL, 0), 0);
	char *text = read_all(f);
	assert_string_equal(text, "[]\nname,hidden,count,rate\n");
	free(text);
	fclose(f);
}

/* ---- atomic files ------------------------------------------------------ */

static int write_hello(FILE *out, void *ctx)
{
	(void)ctx;
	return fputs("hello\n", out) < 0 ? -1 : 0;
}

static int write_fails(FILE *out, void *ctx)
{
	(void)ctx;
	fputs("half", out);
	return -1;
}

static size_t entries(const char *dir)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	unsigned n = 0;
	assert_int_equal(fscanf(p, "%u", &n), 1);
	pclose(p);
	return n;
}

static void test_atomic_file(void **state)
{
	(void)state;
	char dir[256], path[512], err[512];
	tmpdir_make(dir, sizeof dir, "atomic");
	snprintf(path, sizeof path, "%s/out.svg", dir);
	assert_int_equal(atomic_file_write(path, write_hello, NULL, err, sizeof err), 0);
	FILE *f = fopen(path, "r");
	char line[16] = "";
	assert_non_null(fgets(line, sizeof line, f));
	fclose(f);
	assert_string_equal(line, "hello\n");
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true((st.st_mode & 0644) == 0644 || (st.st_mode & 0600) == 0600);

	/* A failed write leaves the old file and no temporary one. */
	assert_int_equal(atomic_file_write(path, write_fails, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "out.svg: cannot write"));
	f = fopen(path, "r");
	assert_non_null(fgets(line, sizeof line, f));
	fclose(f);
	assert_string_equal(line, "hello\n");
	assert_int_equal(entries(dir), 1);

	snprintf(path, sizeof path, "%s/no/such/out.svg", dir);
	assert_int_equal(atomic_file_write(path, write_hello, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "no/such/out.svg: cannot create"));
	snprintf(path, sizeof path, "%s/out.svg", dir);
	unlink(path);

	/* A pipe is written directly: rename() would replace it with a file. */
	snprintf(path, sizeof path, "%s/pipe", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	int reader = open(path, O_RDONLY | O_NONBLOCK);
	assert_true(reader >= 0);
	assert_int_equal(atomic_file_write(path, write_hello, NULL, err, sizeof err), 0);
	assert_int_equal(read(reader, line, sizeof line), 6);
	assert_memory_equal(line, "hello\n", 6);
	close(reader);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(entries(dir), 1);
	tmpdir_remove(dir);
}

/* ---- the pool ---------------------------------------------------------- */

static void test_pool_refuses_a_log(void **state)
{
	(void)state;
	struct run_options options;
	run_options_default(&options);
	options.log = stderr;
	struct run_job job = {.code = 7};
	assert_int_equal(run_pool("x.trace", &options, &job, 1, 2), -1);
	assert_int_equal(job.code, 7);   /* nothing ran */
	assert_true(run_pool_cores() >= 1);
}

static void test_pool_errors_per_job(void **state)
{
	(void)state;
	struct run_job jobs[5];
	memset(jobs, 0, sizeof jobs);
	for (int i = 0; i < 5; i++)
		config_defaults(&jobs[i].config);
	snprintf(jobs[3].config.policy, sizeof jobs[3].config.policy, "nope");
	/* A missing trace: every job says so, each in its own slot. */
	assert_int_equal(run_pool("/nonexistent/x.trace", NULL, jobs, 5, 2), 2);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(jobs[i].code, 2);
		assert_true(strlen(jobs[i].err) > 0);
	}
	assert_non_null(strstr(jobs[3].err, "nope"));
	assert_non_null(strstr(jobs[0].err, "/nonexistent/x.trace"));
	assert_int_equal(run_pool("/nonexistent/x.trace", NULL, jobs, 0, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vary_ranges),
		cmocka_unit_test(test_vary_errors),
		cmocka_unit_test(test_vary_again),
		cmocka_unit_test(test_policies),
		cmocka_unit_test(test_runs),
		cmocka_unit_test(test_tick_steps),
		cmocka_unit_test(test_svg),
		cmocka_unit_test(test_log_ticks),
		cmocka_unit_test(test_svg_log),
		cmocka_unit_test(test_result_formats),
		cmocka_unit_test(test_result_empty),
		cmocka_unit_test(test_atomic_file),
		cmocka_unit_test(test_pool_refuses_a_log),
		cmocka_unit_test(test_pool_errors_per_job),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
