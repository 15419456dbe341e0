/* tests/cli/test_cli.c: the mmusim executable (path in $MMUSIM):
 * exit statuses, what goes to stdout and stderr, --help, --version, the
 * report formats, no report after an error, repeatable output. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tmpdir.h"

struct fixture {
	char dir[64];
	char *out, *err;   /* the last command's stdout and stderr */
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	tmpdir_make(fx->dir, sizeof fx->dir, "cli");
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	tmpdir_remove(fx->dir);
	free(fx->out);
	free(fx->err);
	free(fx);
	return 0;
}

/* Run `mmusim ARGS` in the fixture's folder; returns the exit status. */
static int mmusim(struct fixture *fx, const char *args)
{
	const char *exe = getenv("MMUSIM");
	assert_non_null(exe);
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s >out.txt 2>err.txt",
		 fx->dir, exe, args);
	int st = system(cmd);
	assert_true(WIFEXITED(st));
	char path[256];
	free(fx->out);
	free(fx->err);
	snprintf(path, sizeof path, "%s/out.txt", fx->dir);
	fx->out = tmpdir_slurp(path, NULL);
	snprintf(path, sizeof path, "%s/err.txt", fx->dir);
	fx->err = tmpdir_slurp(path, NULL);
	return WEXITSTATUS(st);
}

static const char good_trace[] =
	"start 1\nswitch 1\nmap swap => 0x600000000\n"
	"w 0x600000000 \"x\"\nr 0x600000000 \"x\"\n"
	"map swap\nw 0x600010000 100\nr 0x600010000 100\n";

static void test_help_and_version(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(mmusim(fx, "--help"), 0);
	assert_non_null(strstr(fx->out, "usage: mmusim COMMAND"));
	assert_non_null(strstr(fx->out, "  run "));
	assert_string_equal(fx->err, "");
	assert_int_equal(mmusim(fx, "--version"), 0);
	assert_string_equal(fx->out, "mmusim 0.1.0\n");
	assert_int_equal(mmusim(fx, "run --help"), 0);
	assert_non_null(strstr(fx->out, "usage: mmusim run TRACE"));
	assert_int_equal(mmusim(fx, ""), 2);
	assert_non_null(strstr(fx->err, "usage:"));
	assert_int_equal(mmusim(fx, "frobnicate"), 2);
	assert_string_equal(fx->err, "mmusim: unknown command 'frobnicate' (see mmusim --help)\n");
}

static void test_bad_usage(void **state)
{
	struct fixture *fx = *state;
	tmpdir_put(fx->dir, "t.trace", good_trace);
	const struct { const char *args, *err; } cases[] = {
		{"run", "mmusim run: which trace? (see mmusim run --help)\n"},
		{"run t.trace --bogus", "mmusim run: unknown option '--bogus' (see mmusim run --help)\n"},
		{"run t.trace other.trace", "mmusim run: one trace only ('t.trace' and 'other.trace')\n"},
		{"run t.trace --config", "mmusim run: --config needs a file\n"},
		{"run t.trace --set", "mmusim run: --set needs KEY=VALUE\n"},
		{"run t.trace --set memory_pages", "mmusim run: --set needs KEY=VALUE\n"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(mmusim(fx, cases[i].args), 2);
		assert_string_equal(fx->err, cases[i].err);
		assert_string_equal(fx->out, "");
	}
}

static void test_bad_inputs(void **state)
{
	struct fixture *fx = *state;
	tmpdir_put(fx->dir, "t.trace", good_trace);
	tmpdir_put(fx->dir, "bad.json", "{\"memory_pages\": 2}");
	tmpdir_put(fx->dir, "typo.json", "{\"memory_page\": 8}");
	tmpdir_put(fx->dir, "bad.trace", "start 1\nswitch 1\nfrob\n");
	tmpdir_put(fx->dir, "err.trace", "start 1\nswitch 2\n");
	const char *cases[] = {
		"run missing.trace",
		"run t.trace --config missing.json",
		"run t.trace --config bad.json",
		"run t.trace --config typo.json",
		"run t.trace --set memory_pages=2",
		"run t.trace --set nosuchkey=1",
		"run t.trace --set policy=nope",
		"run bad.trace --json",
		"run err.trace --json",
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(mmusim(fx, cases[i]), 2);
		assert_string_equal(fx->out, ""); /* never a report */
		assert_true(strlen(fx->err) > 0);
		assert_non_null(strchr(fx->err, '\n'));
	}
	assert_int_equal(mmusim(fx, "run err.trace"), 2);
	assert_string_equal(fx->err, "err.trace:2: switch: process 2 is not running\n");
	assert_int_equal(mmusim(fx, "run bad.trace"), 2);
	assert_memory_equal(fx->err, "bad.trace:3: ", 13);
	assert_int_equal(mmusim(fx, "run t.trace --config typo.json"), 2);
	assert_non_null(strstr(fx->err, "typo.json"));
	assert_non_null(strstr(fx->err, "memory_page"));
}

static void test_check_failures(void **state)
{
	struct fixture *fx = *state;
	tmpdir_put(fx->dir, "x.trace", "start 1\nswitch 1\nmap swap => null\n");
	assert_int_equal(mmusim(fx, "run x.trace --json"), 1);
	assert_string_equal(fx->out, "");
	assert_string_equal(fx->err, "x.trace:3: expected null, got 0x600000000\n");
	tmpdir_put(fx->dir, "y.trace", "start 1\nswitch 1\nmap swap\nr 0x600000000 \"a\"\n");
	assert_int_equal(mmusim(fx, "run y.trace"), 1);
	assert_string_equal(fx->err, "y.trace:4: expected \"a\", got \"\\0\"\n");
	/* with --log: the lines so far, then the error, no report */
	assert_int_equal(mmusim(fx, "run y.trace --log"), 1);
	assert_string_equal(fx->out, "1 start pid=1 => 0\n2 switch pid=1\n"
				     "3 map swap pid=1 => 0x600000000\n");
}

/* issue 11: cycle counts never wrap. A latency that could is refused,
 * naming the key; the largest allowed ones add up exactly (by hand: the
 * store misses, walks, faults, misses and walks again, zero-fills and
 * completes: 7 charges of L = 2^32 - 1 after 2^63 - 1 of compute). */
static void test_cycles_never_wrap(void **state)
{
	struct fixture *fx = *state;
	tmpdir_put(fx->dir, "t.trace", good_trace);
	assert_int_equal(mmusim(fx, "run t.trace --set latency.fault=18446744073709551615"), 2);
	assert_string_equal(fx->out, "");
	assert_string_equal(fx->err, "mmusim run: --set latency.fault: must be at "
				     "most 4294967295 (cycles of one step)\n");
	tmpdir_put(fx->dir, "big.trace", "compute 9223372036854775807\nstart 1\n"
					 "map swap\nw 0x600000000 1\n");
	assert_int_equal(mmusim(fx, "run big.trace --json"
				" --set latency.tlb_hit=4294967295 --set latency.walk=4294967295"
				" --set latency.fault=4294967295 --set latency.memory=4294967295"
				" --set latency.zero_fill=4294967295"), 0);
	cJSON *report = cJSON_Parse(fx->out);
	assert_non_null(report);
	const cJSON *cycles = cJSON_GetObjectItem(report, "cycles");
	assert_non_null(cycles);
	/* 9223372036854775807 + 7 * 4294967295, past 2^53: check the text */
	assert_non_null(strstr(fx->out, "\"cycles\":\t9223372066919546872,"));
	cJSON_Delete(report);
}

static void test_reports(void **state)
{
	struct fixture *fx = *state;
	tmpdir_put(fx->dir, "t.trace", good_trace);
	tmpdir_put(fx->dir, "c.json", "{\"name\": \"small\", \"memory_pages\": 8}");
	assert_int_equal(mmusim(fx, "run t.trace --config c.json --set tlb.entries=4 --json --check"), 0);
	assert_string_equal(fx->err, "");
	cJSON *j = cJSON_Parse(fx->out);
	assert_non_null(j);
	const char *keys[][2] = {
		{"config", "name"}, {"config", "policy"}, {"config", "memory_pages"},
		{"config", "swap_blocks"}, {"config", "page_size"},
		{"config", "tlb_entries"}, {"trace", "path"}, {"trace", "events"},
		{"accesses", "total"}, {"accesses", "reads"}, {"accesses", "writes"},
		{"tlb", "hits"}, {"tlb", "misses"}, {"faults", "total"},
		{"faults", "invalid"}, {"faults", "major"}, {"faults", "minor"},
		{"misses", "total"}, {"misses", "ratio"}, {"pager", "zero_fills"},
		{"pager", "cow_copies"}, {"pager", "evictions"},
		{"pager", "evictions_dirty"}, {"disk", "swap_reads"},
		{"disk", "swap_writes"}, {"disk", "file_reads"},
		{"disk", "file_writes"}, {"maps", "ok"}, {"maps", "failed"},
		{"creates", "ok"}, {"creates", "failed"}, {"processes", "killed"},
	};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		assert_non_null(cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(j, keys[i][0]), keys[i][1]));
	assert_true(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(j, "cycles")));
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(j, "config");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(c, "name")->valuestring, "small");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(c, "memory_pages")->valueint, 8);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(c, "tlb_entries")->valueint, 4);
	const cJSON *acc = cJSON_GetObjectItemCaseSensitive(j, "accesses");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(acc, "total")->valueint, 4);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(j, "trace"), "path")->valuestring, "t.trace");
	cJSON_Delete(j);

	/* the same run twice: byte-identical JSON and log */
	char *first = NULL;
	assert_int_equal(mmusim(fx, "run t.trace --json --log"), 0);
	first = strdup(fx->out);
	assert_int_equal(mmusim(fx, "run t.trace --json --log"), 0);
	assert_string_equal(first, fx->out);
	free(first);

	assert_int_equal(mmusim(fx, "run t.trace"), 0);
	assert_non_null(strstr(fx->out, "accesses"));
	assert_non_null(strstr(fx->out, "cycles"));
	assert_int_equal(mmusim(fx, "run --no-shadow --set=memory_pages=5 --config=c.json -- t.trace"), 0);
	/* standard input */
	assert_int_equal(mmusim(fx, "run - --json < t.trace"), 0);
	assert_non_null(strstr(fx->out, "\"events\":\t8"));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_help_and_version),
		T(test_bad_usage),
		T(test_bad_inputs),
		T(test_check_failures),
		T(test_cycles_never_wrap),
		T(test_reports),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
