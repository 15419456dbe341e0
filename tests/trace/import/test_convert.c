/*
 * tests/trace/import/test_convert.c: `mmusim convert` and `mmusim mix` as the
 * command line runs them: files, exit statuses, all-or-nothing output,
 * and trace_open's choices.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"
#include "trace_open.h"

int cmd_convert(int argc, char **argv);
int cmd_mix(int argc, char **argv);

#define RUN(fn, ...)                                                           \
	({                                                                     \
		char *argv_[] = { __VA_ARGS__, NULL };                         \
		fn((int)(sizeof argv_ / sizeof argv_[0]) - 1, argv_);          \
	})

static const char lackey[] =
	"==9== Lackey\n"
	"I  04000e80,3\n"
	" L 1fff000708,8\n"
	" M 0421d970,4\n";

/* Files in the scratch folder whose name starts with a dot (temporaries). */
static int hidden_files(void)
{
	DIR *d = opendir(scratch_dir());
	struct dirent *e;
	int n = 0;

	while ((e = readdir(d)))
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void lackey_to_text(void **state)
{
	char *in = strdup(scratch_path("prog.lackey")), *out = strdup(scratch_path("prog.trace"));
	char *text;

	(void)state;
	write_file(in, lackey, (size_t)-1);
	assert_int_equal(RUN(cmd_convert, "convert", "-q", "--from", "lackey", "--page-size",
			     "4096", in, out), 0);
	text = read_file(out, NULL);
	assert_string_equal(text,
			    "start 1\nswitch 1\nmap swap\nw 0x600000000 \"pages.bin\"\n"
			    "map file 0x600000000 0\n"
			    "map file 0x600000000 1\n"
			    "map file 0x600000000 2\n"
			    "discard 0x600000000\n"
			    "reset\n"
			    "r 0x600001e80 3\n"
			    "r 0x600002708 8\n"
			    "r 0x600003970 4\n"
			    "w 0x600003970 4\n"
			    "exit\n");
	assert_true(file_exists(scratch_path("pages.bin")));
	assert_int_equal(hidden_files(), 0);
	free(text);
	free(in);
	free(out);
}

static void binary_zstd_and_back(void **state)
{
	char *in = strdup(scratch_path("p.lackey")), *bin = strdup(scratch_path("p.btrace.zst"));
	char *direct = strdup(scratch_path("direct.trace")), *back = strdup(scratch_path("back.trace"));
	char *a, *b, *head;
	size_t len;

	(void)state;
	write_file(in, lackey, (size_t)-1);
	assert_int_equal(RUN(cmd_convert, "convert", "-q", "--from", "lackey", in, bin), 0);
	head = read_file(bin, &len);
	assert_memory_equal(head, "\x28\xb5\x2f\xfd", 4);   /* zstd */
	free(head);
	assert_int_equal(RUN(cmd_convert, "convert", "-q", bin, back), 0);
	assert_int_equal(RUN(cmd_convert, "convert", "-q", "--from", "lackey", in, direct), 0);
	a = read_file(direct, NULL);
	b = read_file(back, NULL);
	assert_string_equal(a, b);
	/* --to overrides the name; text with gzip. */
	assert_int_equal(RUN(cmd_convert, "convert", "-q", "--to", "binary", back,
			     scratch_path("x.trace.gz")), 0);
	head = read_file(scratch_path("x.trace.gz"), &len);
	assert_memory_equal(head, "\x1f\x8b", 2);
	free(head);
	free(a);
	free(b);
	free(in);
	free(bin);
	free(direct);
	free(back);
}

static void failure_leaves_no_output(void **state)
{
	char *in = strdup(scratch_path("bad.lackey")), *out = strdup(scratch_path("bad.trace"));
	char *big = malloc(200000 * 16), *text;
	size_t used = 0;

	(void)state;
	for (int i = 0; i < 100000; i++)   /* many good lines, then a bad one */
		used += (size_t)sprintf(big + used, " L %x,4\n", i * 64);
	strcpy(big + used, "oops\n");
	write_file(in, big, (size_t)-1);
	assert_int_equal(RUN(cmd_convert, "convert", "-q", "--from", "lackey", in, out), 2);
	assert_false(file_exists(out));
	/* An existing output stays as it was. */
	write_file(out, "start 1\n", (size_t)-1);
	assert_int_equal(RUN(cmd_convert, "convert", "-q", "--from", "lackey", in, out), 2);
	text = read_file(out, NULL);
	assert_string_equal(text, "start 1\n");
	assert_int_equal(hidden_files(), 0);
	free(text);
	free(big);
	free(in);
	free(out);
}

static void bad_command_lines(void **state)
{
	char *in = strdup(scratch_path("ok.trace")), *out = strdup(scratch_path("out.trace"));

	(void)state;
	write_file(in, "start 1\n", (size_t)-1);
	assert_int_equal(RUN(cmd_convert, "convert", in), 2);
	assert_int_equal(RUN(cmd_convert, "convert", in, out, out), 2);
	assert_int_equal(RUN(cmd_convert, "convert", "--bogus", in, out), 2);
	assert_int_equal(RUN(cmd_convert, "convert", "--from", "nope", in, out), 2);
	assert_int_equal(RUN(cmd_convert, "convert", "--to", "lackey", in, out), 2);
	assert_int_equal(RUN(cmd_convert, "convert", "--page-size", "1000", in, out), 2);
	assert_int_equal(RUN(cmd_convert, "convert", "--page-size", "4096", "--arena-base",
			     "0x600000800", in, out), 2);
	assert_int_equal(RUN(cmd_convert, "convert", "--limit", "x", in, out), 2);
	assert_int_equal(RUN(cmd_convert, "convert", "--config", scratch_path("none.json"), in,
			     out), 2);
	assert_int_equal(RUN(cmd_convert, "convert", scratch_path("missing"), out), 2);
	assert_int_equal(RUN(cmd_convert, "convert", in, scratch_path("no/such/dir/x")), 2);
	assert_false(file_exists(out));
	assert_int_equal(RUN(cmd_convert, "convert", "--help"), 0);
	assert_int_equal(RUN(cmd_mix, "mix", "--help"), 0);
	free(in);
	free(out);
}

static void config_sets_the_page_size(void **state)
{
	char *cfg = strdup(scratch_path("small.json")), *in = strdup(scratch_path("c.din"));
	char *out = strdup(scratch_path("c.trace")), *text;

	(void)state;
	write_file(cfg, "{ \"page_size\": 4096, \"arena_base\": \"0x10000000\", \"arena_pages\": 3 }",
		   (size_t)-1);
	write_file(in, "0 1000\n1 2000\n", (size_t)-1);
	assert_int_equal(RUN(cmd_convert, "convert", "-q", "--from", "din", "--config", cfg, in,
			     out), 0);
	text = read_file(out, NULL);
	assert_string_equal(text, "start 1\nswitch 1\nmap swap\nw 0x10000000 \"pages.bin\"\n"
			    "map file 0x10000000 0\nmap swap\ndiscard 0x10000000\nreset\n"
			    "r 0x10001000\nw 0x10002000\nexit\n");
	free(text);
	/* arena_pages 3 holds two of the program's pages, not three. */
	write_file(in, "0 1000\n1 2000\n0 3000\n", (size_t)-1);
	assert_int_equal(RUN(cmd_convert, "convert", "-q", "--from", "din", "--config", cfg, in,
			     out), 2);
	/* The command line wins over the config. */
	assert_int_equal(RUN(cmd_convert, "convert", "-q", "--from", "din", "--config", cfg,
			     "--arena-pages", "0", "--data-only", "--limit", "1", in, out), 0);
	text = read_file(out, NULL);
	assert_string_equal(text, "start 1\nswitch 1\nmap swap\nw 0x10000000 \"pages.bin\"\n"
			    "map file 0x10000000 0\ndiscard 0x10000000\nreset\nr 0x10001000\nexit\n");
	free(text);
	free(cfg);
	free(in);
	free(out);
}

static void imported_binary_keeps_its_page_size(void **state)
{
	char *in = strdup(scratch_path("k.lackey")), *bin = strdup(scratch_path("k.btrace"));
	char err[512], want[600];
	struct event_source *src;

	(void)state;
	write_file(in, lackey, (size_t)-1);
	assert_int_equal(RUN(cmd_convert, "convert", "-q", "--from", "lackey", "--page-size",
			     "4096", in, bin), 0);
	src = trace_open(bin, TRACE_AUTO, 65536, 0x600000000, err, sizeof err);
	assert_null(src);
	snprintf(want, sizeof want, "%s: this trace was made for page size 4096, not 65536: "
		 "import the original again with that page size", bin);
	assert_string_equal(err, want);
	src = trace_open(bin, TRACE_AUTO, 4096, 0x700000000, err, sizeof err);
	assert_null(src);
	snprintf(want, sizeof want, "%s: this trace was made for arena base 0x600000000, not "
		 "0x700000000: import the original again with that arena base", bin);
	assert_string_equal(err, want);
	src = trace_open(bin, TRACE_AUTO, 4096, 0x600000000, err, sizeof err);
	assert_non_null(src);
	src->close(src);
	src = trace_open(bin, TRACE_AUTO, 0, 0, err, sizeof err);   /* 0: no check */
	assert_non_null(src);
	src->close(src);
	/* The header survives binary -> binary. */
	assert_int_equal(RUN(cmd_convert, "convert", "-q", bin, scratch_path("k2.btrace")), 0);
	assert_null(trace_open(scratch_path("k2.btrace"), TRACE_AUTO, 65536, 0x600000000, err,
			       sizeof err));
	free(in);
	free(bin);
}

static void formats_by_name(void **state)
{
	enum trace_format f;

	(void)state;
	for (int i = 0; i < TRACE_FORMAT_COUNT; i++) {
		assert_true(trace_format_parse(trace_format_name((enum trace_format)i), &f));
		assert_int_equal(f, i);
	}
	assert_false(trace_format_parse("Lackey", &f));
	assert_true(trace_format_is_import(TRACE_ADDRS));
	assert_false(trace_format_is_import(TRACE_BINARY));
}

static void data_file_must_be_a_file(void **state)
{
	char err[512], want[600];
	char *dir = strdup(scratch_path("sub")), *in = strdup(scratch_path("sub/x.lackey"));

	(void)state;
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(mkdir(scratch_path("sub/pages.bin"), 0755), 0);
	write_file(in, lackey, (size_t)-1);
	assert_null(trace_open(in, TRACE_LACKEY, 0, 0, err, sizeof err));
	snprintf(want, sizeof want, "%s/pages.bin: imported traces read their pages from this "
		 "file, but it is not a regular file", dir);
	assert_string_equal(err, want);
	free(dir);
	free(in);
}

static void mix_command(void **state)
{
	char *a = strdup(scratch_path("a.trace")), *b = strdup(scratch_path("b.trace"));
	char *out = strdup(scratch_path("ab.trace")), *text;

	(void)state;
	write_file(a, "start 1\nswitch 1\nmap swap\nr 0x600000000\nr 0x600000001\n", (size_t)-1);
	write_file(b, "start 1\nswitch 1\nmap swap\nw 0x600000000\n", (size_t)-1);
	assert_int_equal(RUN(cmd_mix, "mix", a, b, "--quantum", "1", "-o", out), 0);
	text = read_file(out, NULL);
	assert_string_equal(text, "start 1\nswitch 1\nmap swap\nr 0x600000000\n"
			    "start 2\nswitch 2\nmap swap\nw 0x600000000\n"
			    "switch 1\nr 0x600000001\n"
			    "switch 2\nexit\nswitch 1\nexit\n");
	free(text);
	assert_int_equal(RUN(cmd_mix, "mix", a, b, "--quantum", "1", "-o",
			     scratch_path("ab.btrace")), 0);
	assert_int_equal(RUN(cmd_convert, "convert", "-q", scratch_path("ab.btrace"),
			     scratch_path("ab2.trace")), 0);
	text = read_file(scratch_path("ab2.trace"), NULL);
	assert_string_equal(text, "start 1\nswitch 1\nmap swap\nr 0x600000000\n"
			    "start 2\nswitch 2\nmap swap\nw 0x600000000\n"
			    "switch 1\nr 0x600000001\n"
			    "switch 2\nexit\nswitch 1\nexit\n");
	free(text);
	/* Errors: no output. */
	write_file(b, "start 1\nfork 1 2\n", (size_t)-1);
	assert_int_equal(RUN(cmd_mix, "mix", a, b, "--quantum", "1", "-o", scratch_path("bad")),
			 2);
	assert_false(file_exists(scratch_path("bad")));
	assert_int_equal(RUN(cmd_mix, "mix", a, b), 2);                     /* no quantum */
	assert_int_equal(RUN(cmd_mix, "mix", a, "--quantum", "0"), 2);
	assert_int_equal(RUN(cmd_mix, "mix", "--quantum", "3"), 2);
	assert_int_equal(RUN(cmd_mix, "mix", a, scratch_path("missing"), "--quantum", "3"), 2);
	assert_int_equal(RUN(cmd_mix, "mix", a, "--quantum", "3", "--to", "din"), 2);
	assert_int_equal(RUN(cmd_mix, "mix", a, "--quantum", "3", "--what"), 2);
	assert_int_equal(hidden_files(), 0);
	free(a);
	free(b);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lackey_to_text),
		cmocka_unit_test(binary_zstd_and_back),
		cmocka_unit_test(failure_leaves_no_output),
		cmocka_unit_test(bad_command_lines),
		cmocka_unit_test(config_sets_the_page_size),
		cmocka_unit_test(imported_binary_keeps_its_page_size),
		cmocka_unit_test(formats_by_name),
		cmocka_unit_test(data_file_must_be_a_file),
		cmocka_unit_test(mix_command),
	};

	return cmocka_run_group_tests(tests, NULL, scratch_teardown);
}
