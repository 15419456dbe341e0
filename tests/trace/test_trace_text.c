/*
 * tests/trace/test_trace_text.c: the text trace reader, line by line and
 * error by error, through buffers, files, stdin and streams split at every
 * chunk size.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "event_check.h"
#include "trace_text.h"
#include "trace_text_tuning.h"

enum { MAX_EVENTS = 256, MAX_TEXT = 256 };

/* Everything a source produced, texts copied out while still valid. */
struct parsed {
	struct trace_event ev[MAX_EVENTS];
	uint8_t text[MAX_EVENTS][MAX_TEXT];
	int n;
	int rc;              /* 0 at the end, -1 on error */
	int fills;           /* fill() calls that returned events */
	char err[512];
};

/* Drain `src` with batches of `cap`, copying texts after each fill. */
static void drain(struct event_source *src, int cap, struct parsed *out)
{
	memset(out, 0, sizeof *out);
	for (;;) {
		int got;

		assert_true(out->n + cap <= MAX_EVENTS);
		got = src->fill(src, &out->ev[out->n], cap, out->err, sizeof out->err);
		if (got <= 0) {
			out->rc = got;
			break;
		}
		assert_true(got <= cap);
		for (int i = out->n; i < out->n + got; i++) {
			struct trace_event *e = &out->ev[i];

			if (event_holds_text(e->op)) {
				assert_non_null(e->text);
				assert_true(e->arg <= MAX_TEXT);
				memcpy(out->text[i], e->text, e->arg);
			}
		}
		out->n += got;
		out->fills++;
	}
	src->close(src);
}

static void parse_buffer(const char *data, size_t len, int cap, struct parsed *out)
{
	char err[256];
	struct event_source *src = trace_text_open_buffer("t", data, len, err, sizeof err);

	assert_non_null(src);
	drain(src, cap, out);
}

static void parse(const char *trace, struct parsed *out)
{
	parse_buffer(trace, strlen(trace), 64, out);
}

/* The one event of a one-line trace. */
static struct trace_event one(const char *trace, struct parsed *out)
{
	parse(trace, out);
	if (out->rc != 0)
		fail_msg("%s: unexpected error %s", trace, out->err);
	assert_int_equal(out->n, 1);
	return out->ev[0];
}

/* What one event must hold: only the fields a row names are compared.
 * Rows read { OP(EV_READ), ADDR(0x10), TEXT("hi") }; EVENT(i) says which
 * event of a longer trace (the first by default). */
struct want {
	int index;
	bool op_set, line_set, pid_set, child_set, addr_set, arg_set;
	bool expect_set, expect_value_set, no_text;
	uint8_t op, expect;
	uint32_t line;
	int32_t pid, child;
	uint64_t addr, arg, expect_value;
	const char *text;  /* the first text_len bytes of the copied text */
	size_t text_len;
};

#define EVENT(i) .index = (i)
#define OP(v) .op_set = true, .op = (v)
#define LINE(v) .line_set = true, .line = (v)
#define PID(v) .pid_set = true, .pid = (v)
#define CHILD(v) .child_set = true, .child = (v)
#define ADDR(v) .addr_set = true, .addr = (v)
#define ARG(v) .arg_set = true, .arg = (v)
#define EXPECTS(v) .expect_set = true, .expect = (v)
#define EXPECTS_VALUE(v) .expect_value_set = true, .expect_value = (v)
#define TEXT(s) .text = (s), .text_len = sizeof(s) - 1
#define NO_TEXT .no_text = true

#define CHECK_FIELD(field)                                                          \
	do {                                                                        \
		if (w->field##_set && e->field != w->field)                          \
			fail_msg("%s: event %d: " #field " %" PRIu64 ", wanted %" PRIu64, \
				 what, w->index, (uint64_t)e->field, (uint64_t)w->field);  \
	} while (0)

static void check_event(const struct parsed *out, const struct want *w, const char *what)
{
	const struct trace_event *e = &out->ev[w->index];

	assert_true(w->index < out->n);
	CHECK_FIELD(op);
	CHECK_FIELD(line);
	CHECK_FIELD(pid);
	CHECK_FIELD(child);
	CHECK_FIELD(addr);
	CHECK_FIELD(arg);
	CHECK_FIELD(expect);
	CHECK_FIELD(expect_value);
	if (w->no_text && e->text)
		fail_msg("%s: event %d has a text", what, w->index);
	if (w->text) {
		assert_non_null(e->text);
		assert_memory_equal(out->text[w->index], w->text, w->text_len);
	}
}

/* One-line traces and what their event holds. */
struct line_case {
	const char *trace;
	struct want want;
};

static void check_lines(const struct line_case *cases, size_t count)
{
	struct parsed out;

	for (size_t i = 0; i < count; i++) {
		one(cases[i].trace, &out);
		check_event(&out, &cases[i].want, cases[i].trace);
	}
}

/* `len` bytes of `trace` parse (batches of 64) to exactly `n` events,
 * which hold what `want` says. */
static void expect_events(const char *trace, size_t len, int n, const struct want *want,
			  size_t count, struct parsed *out)
{
	parse_buffer(trace, len, 64, out);
	assert_int_equal(out->rc, 0);
	assert_int_equal(out->n, n);
	for (size_t i = 0; i < count; i++)
		check_event(out, &want[i], "trace");
}

/* `trace` must fail with exactly `message`. */
static void expect_error(const char *trace, size_t len, const char *message)
{
	struct parsed out;

	parse_buffer(trace, len, 64, &out);
	if (out.rc != -1 || strcmp(out.err, message) != 0)
		fail_msg("trace [%.*s]: rc %d, error [%s], wanted [%s]", (int)len,
			 trace, out.rc, out.err, message);
}

#define EXPECT_ERROR(trace, message) expect_error(trace, sizeof(trace) - 1, message)

/* ---- every line kind ------------------------------------------------ */

static void test_process_lines(void **state)
{
	static const struct line_case cases[] = {
		{ "start 1\n", { OP(EV_START), PID(1), LINE(1), EXPECTS(EXPECT_NONE) } },
		{ "fork 1 2\n", { OP(EV_FORK), PID(1), CHILD(2) } },
		{ "switch 7", { OP(EV_SWITCH), PID(7) } },
		{ "exit\n", { OP(EV_EXIT), PID(0), ARG(0) } },
		{ "compute 1000\n", { OP(EV_COMPUTE), ARG(1000) } },
		{ "compute 0\n", { OP(EV_COMPUTE), ARG(0) } },
		/* '#' starts a comment even right after a token. */
		{ "exit# done\n", { OP(EV_EXIT) } },
		{ "r 0x10#c\n", { ADDR(0x10), ARG(1) } },
		{ "start 3#c\n", { PID(3) } },
	};

	(void)state;
	check_lines(cases, sizeof cases / sizeof cases[0]);
}

static void test_map_lines(void **state)
{
	static const struct line_case cases[] = {
		{ "map swap\n", { OP(EV_MAP_SWAP), ADDR(0), ARG(0) } },
		{ "map file 0x600000000 3\n", { OP(EV_MAP_FILE), ADDR(0x600000000ull), ARG(3) } },
	};

	(void)state;
	check_lines(cases, sizeof cases / sizeof cases[0]);
}

/* The measurement window's lines (trace.md: reset; docs/trace.md: discard). */
static void test_window_lines(void **state)
{
	static const struct line_case cases[] = {
		{ "reset\n", { OP(EV_RESET), ADDR(0), ARG(0), EXPECTS(EXPECT_NONE) } },
		{ "  reset  # warm-up over\n", { OP(EV_RESET) } },
		{ "discard 0x600010000\n", { OP(EV_DISCARD), ADDR(0x600010000ull), ARG(0) } },
		{ "discard 42\n", { OP(EV_DISCARD), ADDR(42) } },
	};

	(void)state;
	check_lines(cases, sizeof cases / sizeof cases[0]);
	EXPECT_ERROR("reset x\n", "t:1: unexpected 'x'");
	EXPECT_ERROR("reset 1\n", "t:1: unexpected '1'");
	EXPECT_ERROR("reset => 0\n", "t:1: '=> 0' only applies to map, start and fork");
	EXPECT_ERROR("reset => ok\n", "t:1: '=> ok' only applies to r and w");
	EXPECT_ERROR("Reset\n", "t:1: unknown keyword 'Reset'");
	EXPECT_ERROR("resets\n", "t:1: unknown keyword 'resets'");
	EXPECT_ERROR("discard\n", "t:1: discard needs ADDR");
	EXPECT_ERROR("discard 1 2\n", "t:1: unexpected '2'");
	EXPECT_ERROR("discard \"x\"\n", "t:1: expected a number, not a string");
	EXPECT_ERROR("discard 0x\n", "t:1: invalid number '0x'");
	EXPECT_ERROR("discard 1 => segv\n", "t:1: '=> segv' only applies to r and w");
}

static void test_access_lines(void **state)
{
	static const struct line_case cases[] = {
		{ "r 0x600000000\n", { OP(EV_READ), ADDR(0x600000000ull), ARG(1), NO_TEXT } },
		{ "r 0x600000000 8\n", { OP(EV_READ), ARG(8) } },
		{ "w 4096\n", { OP(EV_WRITE), ADDR(4096), ARG(1) } },
		{ "w 4096 0x1000\n", { OP(EV_WRITE), ARG(4096) } },
		/* the NUL the machine appends is not counted */
		{ "w 0x10 \"data.bin\"\n",
		  { OP(EV_WRITE_TEXT), ADDR(0x10), ARG(8), TEXT("data.bin") } },
		{ "r 0x10 \"hello\"\n", { OP(EV_READ_TEXT), ARG(5), TEXT("hello") } },
		/* writes only the NUL */
		{ "w 0x10 \"\"\n", { OP(EV_WRITE_TEXT), ARG(0), TEXT("") } },
		/* not an access: the bytes are placed (docs/trace.md) */
		{ "put 0x10 \"f.bin\"\n", { OP(EV_PUT), ADDR(0x10), ARG(5), TEXT("f.bin") } },
		{ "put 0x10 \"\"\n", { OP(EV_PUT), ARG(0), TEXT("") } },
	};

	(void)state;
	check_lines(cases, sizeof cases / sizeof cases[0]);
}

static void test_line_numbers_and_blanks(void **state)
{
	struct parsed out;
	const char *trace =
		"# a demo\n"
		"\n"
		"   \t \n"
		"start 1   # the first process\n"
		"\tmap swap\t\n"
		"  # indented comment\n"
		"r 0x600000000\n"
		"#\n"
		"exit";
	static const struct want want[] = {
		{ EVENT(0), OP(EV_START), LINE(4) },
		{ EVENT(1), OP(EV_MAP_SWAP), LINE(5) },
		{ EVENT(2), OP(EV_READ), LINE(7) },
		{ EVENT(3), OP(EV_EXIT), LINE(9) },
	};

	(void)state;
	expect_events(trace, strlen(trace), 4, want, sizeof want / sizeof want[0], &out);
}

static void test_empty_traces(void **state)
{
	struct parsed out;

	(void)state;
	parse("", &out);
	assert_int_equal(out.rc, 0);
	assert_int_equal(out.n, 0);
	parse("\n\n# nothing\r\n   \n", &out);
	assert_int_equal(out.rc, 0);
	assert_int_equal(out.n, 0);
	parse_buffer(NULL, 0, 4, &out);
	assert_int_equal(out.rc, 0);
	assert_int_equal(out.n, 0);
}

/* ---- numbers -------------------------------------------------------- */

static void test_numbers(void **state)
{
	struct parsed out;

	(void)state;
	assert_int_equal(one("r 010\n", &out).addr, 10); /* no octal */
	assert_int_equal(one("r 0\n", &out).addr, 0);
	assert_int_equal(one("r 0x0\n", &out).addr, 0);
	assert_int_equal(one("r 0xdeadBEEF\n", &out).addr, 0xdeadbeefull);
	assert_int_equal(one("r 0x00000000000000000000000001\n", &out).addr, 1);
	assert_int_equal(one("r 18446744073709551615\n", &out).addr, UINT64_MAX);
	assert_int_equal(one("r 0xffffffffffffffff\n", &out).addr, UINT64_MAX);
	assert_int_equal(one("r 18446744073709551610\n", &out).addr,
			 UINT64_MAX - 5);
	assert_int_equal(one("compute 0xFFFFFFFFFFFFFFFF\n", &out).arg, UINT64_MAX);
	assert_int_equal(one("r 1 18446744073709551615\n", &out).arg, UINT64_MAX);
}

static void test_number_errors(void **state)
{
	(void)state;
	EXPECT_ERROR("r 18446744073709551616\n", "t:1: number does not fit in 64 bits");
	EXPECT_ERROR("r 99999999999999999999\n", "t:1: number does not fit in 64 bits");
	EXPECT_ERROR("r 0x10000000000000000\n", "t:1: number does not fit in 64 bits");
	EXPECT_ERROR("compute 184467440737095516150\n",
		     "t:1: number does not fit in 64 bits");
	EXPECT_ERROR("r 0x\n", "t:1: invalid number '0x'");
	EXPECT_ERROR("r 0x # no digits\n", "t:1: invalid number '0x'");
	EXPECT_ERROR("r 12abc\n", "t:1: invalid number '12abc'");
	EXPECT_ERROR("r 0x12g\n", "t:1: invalid number '0x12g'");
	EXPECT_ERROR("r 0X12\n", "t:1: invalid number '0X12'");
	EXPECT_ERROR("r 0b101\n", "t:1: invalid number '0b101'");
	EXPECT_ERROR("r 0o17\n", "t:1: invalid number '0o17'");
	EXPECT_ERROR("r -5\n", "t:1: invalid number '-5'");
	EXPECT_ERROR("r +5\n", "t:1: invalid number '+5'");
	EXPECT_ERROR("r 1.5\n", "t:1: invalid number '1.5'");
	EXPECT_ERROR("r 1,2\n", "t:1: invalid number '1,2'");
	EXPECT_ERROR("r x\n", "t:1: invalid number 'x'");
	EXPECT_ERROR("r 1 2x\n", "t:1: invalid number '2x'");
	EXPECT_ERROR("r 1=>segv\n", "t:1: invalid number '1=>segv'");
	EXPECT_ERROR("r 1234567890123456789012345678901234567890123456789x\n",
		     "t:1: number does not fit in 64 bits");
	EXPECT_ERROR("r 0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		     "t:1: number does not fit in 64 bits");
	EXPECT_ERROR("r 1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		     "t:1: invalid number '1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'");
	EXPECT_ERROR("start \"1\"\n", "t:1: expected a number, not a string");
}

static void test_pids(void **state)
{
	struct parsed out;

	(void)state;
	assert_int_equal(one("start 0\n", &out).pid, 0);
	assert_int_equal(one("start 2147483647\n", &out).pid, INT32_MAX);
	assert_int_equal(one("switch 0x7fffffff\n", &out).pid, INT32_MAX);
	assert_int_equal(one("fork 2147483647 0\n", &out).child, 0);
	EXPECT_ERROR("start 2147483648\n",
		     "t:1: PID 2147483648 is out of range (0 to 2147483647)");
	EXPECT_ERROR("switch 0xffffffff\n",
		     "t:1: PID 4294967295 is out of range (0 to 2147483647)");
	EXPECT_ERROR("fork 4294967296 1\n",
		     "t:1: PARENT 4294967296 is out of range (0 to 2147483647)");
	EXPECT_ERROR("fork 1 2147483648\n",
		     "t:1: CHILD 2147483648 is out of range (0 to 2147483647)");
	EXPECT_ERROR("start -1\n", "t:1: invalid number '-1'");
}

/* ---- expectations --------------------------------------------------- */

static void check_expect(const char *trace, uint8_t kind, uint64_t value)
{
	struct parsed out;
	struct trace_event e = one(trace, &out);

	if (e.expect != kind || e.expect_value != value)
		fail_msg("%s: expect %d value %" PRIu64, trace, e.expect, e.expect_value);
}

static void test_expectations(void **state)
{
	(void)state;
	check_expect("map swap => 0x600010000\n", EXPECT_VALUE, 0x600010000ull);
	check_expect("map swap => 0\n", EXPECT_VALUE, 0);
	check_expect("map swap => null\n", EXPECT_NULL, 0);
	check_expect("map file 0x600000000 3 => null\n", EXPECT_NULL, 0);
	check_expect("map file 0x600000000 3 => 25769869312\n", EXPECT_VALUE,
		     25769869312ull);
	check_expect("start 1 => 0\n", EXPECT_VALUE, 0);
	check_expect("start 1 => 0x0\n", EXPECT_VALUE, 0);
	check_expect("start 1 => -1\n", EXPECT_FAIL, 0);
	check_expect("fork 1 2 => -1\n", EXPECT_FAIL, 0);
	check_expect("fork 1 2 => 0\n", EXPECT_VALUE, 0);
	check_expect("r 0x600000000 => segv\n", EXPECT_SEGV, 0);
	check_expect("r 0x600000000 => ok\n", EXPECT_OK, 0);
	check_expect("r 0x600000000 4 => segv\n", EXPECT_SEGV, 0);
	check_expect("r 0x600000000 \"ab\" => ok\n", EXPECT_OK, 0);
	check_expect("w 0x600000000 => ok\n", EXPECT_OK, 0);
	check_expect("w 0x600000000 2 => segv\n", EXPECT_SEGV, 0);
	check_expect("w 0x600000000 \"x\" => segv\n", EXPECT_SEGV, 0);
	check_expect("w 0x600000000 \"\" => ok\n", EXPECT_OK, 0);
	check_expect("r 1\t=>\tsegv\t# why\n", EXPECT_SEGV, 0);
	check_expect("r 1 =>   ok\r\n", EXPECT_OK, 0);

	struct parsed out;
	struct trace_event e = one("r 0x600000000 8 => segv\n", &out);
	assert_int_equal(e.op, EV_READ);
	assert_int_equal(e.arg, 8);
	e = one("w 0x600000000 \"hi\" => ok # done\n", &out);
	assert_int_equal(e.op, EV_WRITE_TEXT);
	assert_int_equal(e.arg, 2);
	assert_memory_equal(out.text[0], "hi", 2);
}

static void test_expectation_errors(void **state)
{
	(void)state;
	EXPECT_ERROR("map swap => segv\n", "t:1: '=> segv' only applies to r and w");
	EXPECT_ERROR("start 1 => ok\n", "t:1: '=> ok' only applies to r and w");
	EXPECT_ERROR("compute 5 => segv\n", "t:1: '=> segv' only applies to r and w");
	EXPECT_ERROR("r 1 => null\n", "t:1: '=> null' only applies to map");
	EXPECT_ERROR("fork 1 2 => null\n", "t:1: '=> null' only applies to map");
	EXPECT_ERROR("map swap => -1\n", "t:1: '=> -1' only applies to start and fork");
	EXPECT_ERROR("w 1 => -1\n", "t:1: '=> -1' only applies to start and fork");
	EXPECT_ERROR("start 1 => 1\n", "t:1: start can only expect 0 or -1, not '1'");
	EXPECT_ERROR("fork 1 2 => 0x2\n", "t:1: fork can only expect 0 or -1, not '0x2'");
	EXPECT_ERROR("r 1 => 0\n", "t:1: '=> 0' only applies to map, start and fork");
	EXPECT_ERROR("w 1 \"a\" => 5\n", "t:1: '=> 5' only applies to map, start and fork");
	EXPECT_ERROR("switch 1 => 0\n", "t:1: '=> 0' only applies to map, start and fork");
	EXPECT_ERROR("exit => ok\n", "t:1: '=> ok' only applies to r and w");
	EXPECT_ERROR("exit => 0\n", "t:1: '=> 0' only applies to map, start and fork");
	EXPECT_ERROR("r 1 =>\n", "t:1: '=>' needs an expectation");
	EXPECT_ERROR("r 1 => # what\n", "t:1: '=>' needs an expectation");
	EXPECT_ERROR("r 1 => fault\n", "t:1: unknown expectation 'fault'");
	EXPECT_ERROR("r 1 => SEGV\n", "t:1: unknown expectation 'SEGV'");
	EXPECT_ERROR("r 1 => segvx\n", "t:1: unknown expectation 'segvx'");
	EXPECT_ERROR("start 1 => -2\n", "t:1: unknown expectation '-2'");
	EXPECT_ERROR("start 1 => -10\n", "t:1: unknown expectation '-10'");
	EXPECT_ERROR("map swap => 0x\n", "t:1: invalid number '0x'");
	EXPECT_ERROR("map swap => 1x\n", "t:1: invalid number '1x'");
	EXPECT_ERROR("map swap => 99999999999999999999\n",
		     "t:1: number does not fit in 64 bits");
	EXPECT_ERROR("r 1 => segv ok\n", "t:1: unexpected 'ok'");
	EXPECT_ERROR("r 1 => segv => ok\n", "t:1: unexpected '=>'");
	EXPECT_ERROR("r 1 =>segv\n", "t:1: invalid number '=>segv'");
	EXPECT_ERROR("map swap =>null\n", "t:1: unexpected '=>null'");
	EXPECT_ERROR("r 1 => \"ok\"\n", "t:1: unknown expectation '\"ok\"'");
}

/* ---- syntax errors -------------------------------------------------- */

static void test_keyword_and_operand_errors(void **state)
{
	(void)state;
	EXPECT_ERROR("wr 0x10\n", "t:1: unknown keyword 'wr'");
	EXPECT_ERROR("R 0x10\n", "t:1: unknown keyword 'R'");
	EXPECT_ERROR("Start 1\n", "t:1: unknown keyword 'Start'");
	EXPECT_ERROR("read 1\n", "t:1: unknown keyword 'read'");
	EXPECT_ERROR("starts 1\n", "t:1: unknown keyword 'starts'");
	EXPECT_ERROR("r, 1\n", "t:1: unknown keyword 'r,'");
	EXPECT_ERROR("0x10\n", "t:1: unknown keyword '0x10'");
	EXPECT_ERROR("=> ok\n", "t:1: unknown keyword '=>'");
	EXPECT_ERROR("\"w\" 1\n", "t:1: a line cannot start with a string");
	EXPECT_ERROR("start\n", "t:1: start needs PID");
	EXPECT_ERROR("start # none\n", "t:1: start needs PID");
	EXPECT_ERROR("start 1 2\n", "t:1: unexpected '2'");
	EXPECT_ERROR("fork\n", "t:1: fork needs PARENT CHILD");
	EXPECT_ERROR("fork 1\n", "t:1: fork needs PARENT CHILD");
	EXPECT_ERROR("fork 1 2 3\n", "t:1: unexpected '3'");
	EXPECT_ERROR("switch\n", "t:1: switch needs PID");
	EXPECT_ERROR("switch 1 2\n", "t:1: unexpected '2'");
	EXPECT_ERROR("map\n", "t:1: map needs 'swap' or 'file'");
	EXPECT_ERROR("map anon\n", "t:1: map needs 'swap' or 'file', not 'anon'");
	EXPECT_ERROR("map swapx\n", "t:1: map needs 'swap' or 'file', not 'swapx'");
	EXPECT_ERROR("map swap 1\n", "t:1: unexpected '1'");
	EXPECT_ERROR("map file\n", "t:1: map file needs ADDR BLOCK");
	EXPECT_ERROR("map file 0x10\n", "t:1: map file needs ADDR BLOCK");
	EXPECT_ERROR("map file 0x10 1 2\n", "t:1: unexpected '2'");
	EXPECT_ERROR("map file \"x\" 1\n", "t:1: expected a number, not a string");
	EXPECT_ERROR("r\n", "t:1: r needs ADDR");
	EXPECT_ERROR("w # nothing\n", "t:1: w needs ADDR");
	EXPECT_ERROR("r 1 2 3\n", "t:1: unexpected '3'");
	EXPECT_ERROR("w 1 \"a\" 2\n", "t:1: unexpected '2'");
	EXPECT_ERROR("w 1 2 \"a\"\n", "t:1: unexpected string");
	EXPECT_ERROR("w 1 \"a\" \"b\"\n", "t:1: unexpected string");
	EXPECT_ERROR("r 1 0\n", "t:1: SIZE must be at least 1");
	EXPECT_ERROR("w 1 0x0\n", "t:1: SIZE must be at least 1");
	EXPECT_ERROR("exit 1\n", "t:1: unexpected '1'");
	EXPECT_ERROR("compute\n", "t:1: compute needs N");
	EXPECT_ERROR("put\n", "t:1: put needs ADDR \"TEXT\"");
	EXPECT_ERROR("put 0x10\n", "t:1: put needs ADDR \"TEXT\"");
	EXPECT_ERROR("put 0x10 5\n", "t:1: put needs a string, not '5'");
	EXPECT_ERROR("put \"a\"\n", "t:1: expected a number, not a string");
	EXPECT_ERROR("put 0x10 \"a\" 2\n", "t:1: unexpected '2'");
	EXPECT_ERROR("put 0x10 \"a\" => ok\n", "t:1: '=> ok' only applies to r and w");
	EXPECT_ERROR("compute 1 2\n", "t:1: unexpected '2'");
	EXPECT_ERROR("compute x\n", "t:1: invalid number 'x'");
	EXPECT_ERROR("exit exit exit exit exit exit exit exit exit exit exit exit\n",
		     "t:1: unexpected 'exit'");
	EXPECT_ERROR("start 1 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		     "t:1: unexpected 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'");
}

static void test_error_line_numbers(void **state)
{
	struct parsed out;
	const char *trace =
		"start 1\n"
		"map swap\n"
		"# comment\n"
		"\n"
		"w 0x600000000 \"name\"\n"
		"r 0x600000000\n"
		"r 0x600000000\n"
		"r 0x600000000\n"
		"r 0x600000000\n"
		"r 0x600000000\n"
		"r 0x600000000\n"
		"wr 0x600000000\n"
		"r 0x600000000\n";

	(void)state;
	/* Events before the bad line come first, then the error, for good. */
	parse_buffer(trace, strlen(trace), 3, &out);
	assert_int_equal(out.n, 9);
	assert_int_equal(out.ev[8].line, 11);
	assert_int_equal(out.rc, -1);
	assert_string_equal(out.err, "t:12: unknown keyword 'wr'");

	char err[256];
	struct trace_event ev[4];
	struct event_source *src = trace_text_open_buffer("demo.trace", trace,
							  strlen(trace), err, sizeof err);
	assert_non_null(src);
	assert_int_equal(src->fill(src, ev, 4, err, sizeof err), 4);
	assert_int_equal(src->fill(src, ev, 4, err, sizeof err), 4);
	assert_int_equal(src->fill(src, ev, 4, err, sizeof err), 1);
	assert_int_equal(src->fill(src, ev, 4, err, sizeof err), -1);
	assert_string_equal(err, "demo.trace:12: unknown keyword 'wr'");
	strcpy(err, "clobbered");
	assert_int_equal(src->fill(src, ev, 4, err, sizeof err), -1);
	assert_string_equal(err, "demo.trace:12: unknown keyword 'wr'");
	/* A short err buffer gets a truncated, terminated message. */
	assert_int_equal(src->fill(src, ev, 4, err, 5), -1);
	assert_string_equal(err, "demo");
	src->close(src);

	EXPECT_ERROR("exit\n\n\r\n#\nr 1 0\n", "t:5: SIZE must be at least 1");
	EXPECT_ERROR("exit\nexit\nr 1 \"x", "t:3: unterminated string");
}

static void test_bad_bytes_outside_strings(void **state)
{
	(void)state;
	EXPECT_ERROR("r 1 \xc3\xa9\n", "t:1: non-ASCII byte 0xc3 outside a string");
	EXPECT_ERROR("\xef\xbb\xbfstart 1\n", "t:1: non-ASCII byte 0xef outside a string");
	EXPECT_ERROR("r 0x1\xff\n", "t:1: non-ASCII byte 0xff outside a string");
	EXPECT_ERROR("start 1 # caf\xc3\xa9\n", "t:1: non-ASCII byte 0xc3 outside a string");
	EXPECT_ERROR("r\x01 1\n", "t:1: control byte 0x01 outside a string");
	EXPECT_ERROR("r 1\x7f\n", "t:1: control byte 0x7f outside a string");
	EXPECT_ERROR("r 1 \x1b[0m\n", "t:1: control byte 0x1b outside a string");
	EXPECT_ERROR("r 1\r2\n", "t:1: control byte 0x0d outside a string");
	EXPECT_ERROR("r 1\r\r\n", "t:1: control byte 0x0d outside a string");
	EXPECT_ERROR("\rr 1\n", "t:1: control byte 0x0d outside a string");
	EXPECT_ERROR("exit # \r\x0b\n", "t:1: control byte 0x0d outside a string");
	EXPECT_ERROR("r 1\x0b\n", "t:1: control byte 0x0b outside a string");
	EXPECT_ERROR("r 1\x0c\n", "t:1: control byte 0x0c outside a string");
	EXPECT_ERROR("exit\nr\0 1\n", "t:2: control byte 0x00 outside a string");
	EXPECT_ERROR("\0\n", "t:1: control byte 0x00 outside a string");
	EXPECT_ERROR("exit\n\x80\n", "t:2: non-ASCII byte 0x80 outside a string");
	EXPECT_ERROR("w 1 \"x\"\xc3\xa9\n", "t:1: non-ASCII byte 0xc3 outside a string");
}

/* ---- strings -------------------------------------------------------- */

static void check_text(const char *trace, size_t trace_len, const char *want,
		       size_t want_len)
{
	struct parsed out;

	parse_buffer(trace, trace_len, 8, &out);
	if (out.rc != 0)
		fail_msg("[%.*s]: %s", (int)trace_len, trace, out.err);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.ev[0].arg, want_len);
	assert_memory_equal(out.text[0], want, want_len);
}

#define CHECK_TEXT(trace, want) \
	check_text(trace, sizeof(trace) - 1, want, sizeof(want) - 1)

static void test_escapes(void **state)
{
	(void)state;
	CHECK_TEXT("w 1 \"a\\nb\\tc\\\\d\\\"e\\0f\"\n", "a\nb\tc\\d\"e\0f");
	CHECK_TEXT("w 1 \"\\x00\\xff\\x41\\xAb\"\n", "\x00\xff\x41\xab");
	CHECK_TEXT("w 1 \"\\x414\"\n", "A4");           /* exactly two digits */
	CHECK_TEXT("w 1 \"\\012\"\n", "\0" "12");        /* \0 is not octal */
	CHECK_TEXT("w 1 \"\\\\\"\n", "\\");
	CHECK_TEXT("w 1 \"\\\"\"\n", "\"");
	CHECK_TEXT("r 1 \"\\0\"\n", "\0");
	CHECK_TEXT("w 1 \"#not a comment\" # a comment \"too\"\n", "#not a comment");
	CHECK_TEXT("w 1 \"a # b\"#c\n", "a # b");
	CHECK_TEXT("w 1 \"=> segv\"\n", "=> segv");
	CHECK_TEXT("w 1 \"caf\xc3\xa9 \xe2\x82\xac\"\n", "caf\xc3\xa9 \xe2\x82\xac");
	CHECK_TEXT("w 1 \"\xff\xfe\x80\"\n", "\xff\xfe\x80");
	/* Raw control bytes inside strings are kept as written. */
	CHECK_TEXT("w 1 \"a\tb\"\n", "a\tb");
	CHECK_TEXT("w 1 \"a\rb\x01\x7f\"\n", "a\rb\x01\x7f");
	CHECK_TEXT("w 1 \"\0\"\n", "\0");
	CHECK_TEXT("w 1 \"a\r\"\r\n", "a\r");
	CHECK_TEXT("w 1 \"  spaced  \"\n", "  spaced  ");
	CHECK_TEXT("r 1 \"end\"", "end");
}

static void test_string_errors(void **state)
{
	(void)state;
	EXPECT_ERROR("w 1 \"abc\n", "t:1: unterminated string");
	EXPECT_ERROR("w 1 \"abc", "t:1: unterminated string");
	EXPECT_ERROR("w 1 \"abc\r\n", "t:1: unterminated string");
	EXPECT_ERROR("w 1 \"abc\\\"\n", "t:1: unterminated string");
	EXPECT_ERROR("w 1 \"abc\\\n", "t:1: unterminated string");
	EXPECT_ERROR("w 1 \"abc\\\r\n", "t:1: unterminated string");
	EXPECT_ERROR("w 1 \"\n", "t:1: unterminated string");
	EXPECT_ERROR("w 1 \"a\\qb\"\n", "t:1: unknown escape '\\q'");
	EXPECT_ERROR("w 1 \"a\\rb\"\n", "t:1: unknown escape '\\r'");
	EXPECT_ERROR("w 1 \"a\\'b\"\n", "t:1: unknown escape '\\''");
	EXPECT_ERROR("w 1 \"a\\1\"\n", "t:1: unknown escape '\\1'");
	EXPECT_ERROR("w 1 \"a\\X41\"\n", "t:1: unknown escape '\\X'");
	EXPECT_ERROR("w 1 \"a\\\xc3\xa9\"\n",
		     "t:1: unknown escape: backslash before byte 0xc3");
	EXPECT_ERROR("w 1 \"a\\\rb\"\n",
		     "t:1: unknown escape: backslash before byte 0x0d");
	EXPECT_ERROR("w 1 \"\\x\"\n", "t:1: '\\x' needs exactly two hex digits");
	EXPECT_ERROR("w 1 \"\\x4\"\n", "t:1: '\\x' needs exactly two hex digits");
	EXPECT_ERROR("w 1 \"\\x4g\"\n", "t:1: '\\x' needs exactly two hex digits");
	EXPECT_ERROR("w 1 \"\\xg4\"\n", "t:1: '\\x' needs exactly two hex digits");
	EXPECT_ERROR("w 1 \"\\x4\n", "t:1: '\\x' needs exactly two hex digits");
	EXPECT_ERROR("w 1 \"a\"b\n", "t:1: unexpected text after string: 'b'");
	EXPECT_ERROR("w 1 \"a\"=> ok\n", "t:1: unexpected text after string: '=>'");
	EXPECT_ERROR("w 1 \"a\"\"b\"\n", "t:1: unexpected string");
	EXPECT_ERROR("w 1\"a\"\n", "t:1: invalid number '1\"a\"'");
	EXPECT_ERROR("r 1 \"\"\n",
		     "t:1: r ADDR \"\" reads nothing: a text load needs at least one byte");
	EXPECT_ERROR("r 1 \"\" => ok\n",
		     "t:1: r ADDR \"\" reads nothing: a text load needs at least one byte");
}

/* ---- CR LF ---------------------------------------------------------- */

static void test_crlf(void **state)
{
	struct parsed out;
	const char *trace =
		"start 1\r\n"
		"\r\n"
		"# comment\r\n"
		"map swap => 0x600000000\r\n"
		"w 0x600000000 \"x\\ty\"\r\n"
		"r 0x600000000 2 # two\r\n"
		"r 0x600000000 => ok\r\n"
		"exit   \r\n"
		"compute 3\r\n";
	static const struct want want[] = {
		{ EVENT(0), OP(EV_START) },
		{ EVENT(1), OP(EV_MAP_SWAP), LINE(4), EXPECTS(EXPECT_VALUE),
		  EXPECTS_VALUE(0x600000000ull) },
		{ EVENT(2), ARG(3), TEXT("x\ty") },
		{ EVENT(3), ARG(2) },
		{ EVENT(4), EXPECTS(EXPECT_OK) },
		{ EVENT(5), OP(EV_EXIT) },
		{ EVENT(6), ARG(3), LINE(9) },
	};

	(void)state;
	expect_events(trace, strlen(trace), 7, want, sizeof want / sizeof want[0], &out);
	EXPECT_ERROR("exit\r\nwr 1\r\n", "t:2: unknown keyword 'wr'");
}

/* ---- chunks and batches --------------------------------------------- */

/* A trace with every kind of line, strings of all lengths, and CR LF. */
static const char rich_trace[] =
	"# rich trace\n"
	"start 1 => 0\n"
	"map swap => 0x600000000\r\n"
	"w 0x600000000 \"data/file.bin\"\n"
	"map file 0x600000000 3 => null\n"
	"r 0x600000000\n"
	"r 0x600001000 4096 => ok\n"
	"w 0x600002000 \"a\\x00b\\xffc\\n\\t\\\\\\\" # not a comment\" # comment\n"
	"\n"
	"   \t\n"
	"r 0x600002000 \"caf\xc3\xa9\"\r\n"
	"fork 1 2 => -1\n"
	"switch 2\n"
	"w 0x600003000 \"\"\n"
	"w 0x600003000 \"a somewhat longer string that spans several small chunks\"\n"
	"r 0x600003000 \"x\"\n"
	"r 0x600003001 \"y\"\n"
	"r 0x600003002 \"z\"\n"
	"compute 18446744073709551615\n"
	"r 0x600004000 => segv\n"
	"exit\n"
	"r 0x1";

/* The same events, field by field and byte by byte. */
static void assert_same(const struct parsed *a, const struct parsed *b, const char *what)
{
	if (a->n != b->n || a->rc != b->rc || strcmp(a->err, b->err) != 0)
		fail_msg("%s: %d events rc %d [%s], wanted %d rc %d [%s]", what, b->n,
			 b->rc, b->err, a->n, a->rc, a->err);
	for (int i = 0; i < a->n; i++) {
		const struct trace_event *x = &a->ev[i], *y = &b->ev[i];

		if (x->op != y->op || x->expect != y->expect || x->line != y->line ||
		    x->pid != y->pid || x->child != y->child || x->addr != y->addr ||
		    x->arg != y->arg || x->expect_value != y->expect_value)
			fail_msg("%s: event %d (line %u) differs", what, i, x->line);
		if (event_holds_text(x->op) &&
		    memcmp(a->text[i], b->text[i], x->arg) != 0)
			fail_msg("%s: text of event %d (line %u) differs", what, i, x->line);
	}
}

static FILE *temp_with(const char *data, size_t len)
{
	FILE *f = tmpfile();

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	rewind(f);
	return f;
}

/* A stream source named `name` on a temporary file holding `len` bytes of
 * `data` (closed with the source). */
static struct event_source *open_stream(const char *name, const char *data, size_t len,
					const struct trace_text_tuning *tuning)
{
	char err[256];
	struct event_source *src = trace_text_open_stream_tuned(name, temp_with(data, len), true,
								 tuning, err, sizeof err);

	assert_non_null(src);
	return src;
}

static void parse_chunked(const char *data, size_t len, size_t chunk, int cap,
			  struct parsed *out)
{
	struct trace_text_tuning tuning = trace_text_default_tuning();

	tuning.chunk_size = chunk;
	drain(open_stream("t", data, len, &tuning), cap, out);
}

static void test_rich_trace_fields(void **state)
{
	static const struct want want[] = {
		{ EVENT(2), OP(EV_WRITE_TEXT), ARG(13), TEXT("data/file.bin") },
		{ EVENT(3), OP(EV_MAP_FILE) },
		{ EVENT(5), ARG(4096) },
		{ EVENT(6), OP(EV_WRITE_TEXT), ARG(25),
		  TEXT("a\0b\xff" "c\n\t\\\" # not a comment") },
		{ EVENT(7), OP(EV_READ_TEXT), LINE(11), TEXT("caf\xc3\xa9") },
		{ EVENT(10), ARG(0) },
		{ EVENT(17), OP(EV_EXIT) },
		{ EVENT(18), OP(EV_READ), ADDR(1), LINE(22) },
	};
	struct parsed out;

	(void)state;
	expect_events(rich_trace, sizeof rich_trace - 1, 19, want, sizeof want / sizeof want[0],
		      &out);
}

/* Split the input at every possible place and batch at several sizes:
 * the events, texts and errors never change. */
static void test_every_chunk_size(void **state)
{
	static const char bad_tail[] = "r 0x1\nw 0x2 \"ok\"\nw 0x3 \"unterminated\n";
	char bad[sizeof rich_trace + sizeof bad_tail];
	const int caps[] = { 1, 2, 3, 5, 64 };
	struct parsed want, got;
	char what[64];

	(void)state;
	parse_buffer(rich_trace, sizeof rich_trace - 1, 64, &want);
	for (size_t chunk = 1; chunk <= sizeof rich_trace + 1; chunk++)
		for (size_t c = 0; c < sizeof caps / sizeof caps[0]; c++) {
			snprintf(what, sizeof what, "chunk %zu cap %d", chunk, caps[c]);
			parse_chunked(rich_trace, sizeof rich_trace - 1, chunk,
				      caps[c], &got);
			assert_same(&want, &got, what);
		}

	/* rich_trace lacks a final LF: add one, then a bad last line. */
	snprintf(bad, sizeof bad, "%s\n%s", rich_trace, bad_tail);
	parse_buffer(bad, strlen(bad), 64, &want);
	assert_int_equal(want.rc, -1);
	assert_string_equal(want.err, "t:25: unterminated string");
	assert_int_equal(want.n, 21);
	for (size_t chunk = 1; chunk <= strlen(bad) + 1; chunk += 3) {
		snprintf(what, sizeof what, "bad, chunk %zu", chunk);
		parse_chunked(bad, strlen(bad), chunk, 4, &got);
		assert_same(&want, &got, what);
	}
}

/* Text pointers of one batch all stay valid until the next fill, even when
 * the batch ends at a chunk boundary. */
static void test_text_valid_for_whole_batch(void **state)
{
	enum { LINES = 2000 };
	size_t cap = LINES * 40, len = 0;
	char *trace = malloc(cap);
	struct trace_text_tuning tuning = trace_text_default_tuning();
	struct trace_event ev[97];
	char err[256], want[32];
	int line = 0, fills = 0;

	(void)state;
	assert_non_null(trace);
	for (int i = 0; i < LINES; i++)
		len += (size_t)snprintf(trace + len, cap - len, "w %d \"text %d\"\n", i, i);
	tuning.chunk_size = 100; /* many lines straddle a chunk boundary */
	struct event_source *src = open_stream("t", trace, len, &tuning);
	for (int got; (got = src->fill(src, ev, 97, err, sizeof err)) != 0;) {
		assert_true(got > 0);
		fills++;
		for (int i = 0; i < got; i++, line++) {
			int n = snprintf(want, sizeof want, "text %d", line);

			assert_int_equal(ev[i].line, line + 1);
			assert_int_equal(ev[i].addr, line);
			assert_int_equal(ev[i].arg, n);
			assert_memory_equal(ev[i].text, want, (size_t)n);
		}
	}
	assert_int_equal(line, LINES);
	assert_true(fills > LINES / 97); /* batches ended early at refills */
	src->close(src);
	free(trace);
}

/* A buffer much larger than a chunk, lines cut at every offset, and one
 * line longer than the chunk. */
static void test_lines_longer_than_chunk(void **state)
{
	struct trace_text_tuning tuning = trace_text_default_tuning();
	char text[300], line[400], err[256];
	struct trace_event ev[4];
	struct event_source *src;
	int len;

	(void)state;
	memset(text, 'q', sizeof text - 1);
	text[sizeof text - 1] = 0;
	len = snprintf(line, sizeof line, "exit\nw 0x10 \"%s\" => ok\nexit", text);
	tuning.chunk_size = 7;
	tuning.max_line = 1000;
	src = open_stream("t", line, (size_t)len, &tuning);
	/* The batch with text ends where the next refill would move it. */
	assert_int_equal(src->fill(src, ev, 4, err, sizeof err), 2);
	assert_int_equal(ev[0].op, EV_EXIT);
	assert_int_equal(ev[1].op, EV_WRITE_TEXT);
	assert_int_equal(ev[1].expect, EXPECT_OK);
	assert_int_equal(ev[1].arg, sizeof text - 1);
	assert_memory_equal(ev[1].text, text, sizeof text - 1);
	assert_int_equal(src->fill(src, ev, 4, err, sizeof err), 1);
	assert_int_equal(ev[0].op, EV_EXIT);
	assert_int_equal(ev[0].line, 3);
	assert_int_equal(src->fill(src, ev, 4, err, sizeof err), 0);
	assert_int_equal(src->fill(src, ev, 4, err, sizeof err), 0);
	src->close(src);
}

static void test_line_too_long(void **state)
{
	struct trace_text_tuning tuning = trace_text_default_tuning();
	const char *trace = "exit\nw 1 \"0123456789012345678901234567890123456789\"\n";
	struct trace_event ev[4];
	struct event_source *src;
	char err[256];

	(void)state;
	tuning.chunk_size = 4;
	tuning.max_line = 32;
	src = open_stream("long.trace", trace, strlen(trace), &tuning);
	assert_int_equal(src->fill(src, ev, 4, err, sizeof err), 1);
	assert_int_equal(src->fill(src, ev, 4, err, sizeof err), -1);
	assert_string_equal(err, "long.trace:2: line longer than 32 bytes");
	src->close(src);

	/* A line of exactly max_line bytes (LF included) is fine. */
	tuning.max_line = 47;
	src = open_stream("long.trace", trace, strlen(trace), &tuning);
	assert_int_equal(src->fill(src, ev, 4, err, sizeof err), 2);
	assert_int_equal(ev[1].arg, 40);
	src->close(src);
	tuning.max_line = 46;
	src = open_stream("long.trace", trace, strlen(trace), &tuning);
	assert_int_equal(src->fill(src, ev, 4, err, sizeof err), 1);
	assert_int_equal(src->fill(src, ev, 4, err, sizeof err), -1);
	assert_string_equal(err, "long.trace:2: line longer than 46 bytes");
	src->close(src);
}

static void test_line_count_limit(void **state)
{
	struct trace_text_tuning tuning = trace_text_default_tuning();
	const char *trace = "exit\n\nexit\n";
	struct trace_event ev[4];
	struct event_source *src;
	char err[256];

	(void)state;
	tuning.lines_before = UINT32_MAX - 2;
	src = trace_text_open_buffer_tuned("t", trace, strlen(trace), &tuning, err,
					   sizeof err);
	assert_non_null(src);
	assert_int_equal(src->fill(src, ev, 4, err, sizeof err), 1);
	assert_int_equal(ev[0].line, UINT32_MAX - 1);
	assert_int_equal(src->fill(src, ev, 4, err, sizeof err), -1);
	assert_string_equal(err, "t:4294967296: a trace has at most 4294967295 lines");
	src->close(src);
}

/* Random traces: valid lines of every kind, now and then one byte
 * sequence spliced in at a random place. Whatever they say, a stream cut
 * into small chunks reads exactly what the buffer reads (and the
 * sanitizers see no byte read out of bounds). */
static void test_random_traces_agree(void **state)
{
	static const char *const lines[] = {
		"start 1 => 0\n", "fork 1 2 => -1\n", "switch 2\n", "map swap => null\n",
		"map file 0x600000000 3\n", "r 0x600000000\n", "w 0x600001000 8 => ok\n",
		"w 0x10 \"a\\x41\\n\\\"#\" # c\n", "r 0x10 \"caf\xc3\xa9\"\r\n", "exit\n",
		"compute 18446744073709551615\n", "\n", "# comment\n", "  \t\r\n",
		"r 0x600000000 => segv", "w 1 \"\"\n",
	};
	static const char *const splices[] = {
		"\n", "\r", "\"", "\\", "#", " ", "0", "x", "=>", "\xc3", "\x01", "\x00",
		"9999999999999999999999", "\\x4", "-1", "segv",
	};
	enum {
		LINES = sizeof lines / sizeof lines[0],
		SPLICES = sizeof splices / sizeof splices[0],
		TRACES = 500,
	};
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	char trace[1024], what[64];
	struct parsed want, got;
	int clean = 0, events = 0;

	(void)state;
	for (int t = 0; t < TRACES; t++) {
		size_t len = 0;

#define NEXT() (seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17)
		for (int i = 0, n = 5 + (int)(NEXT() % 20); i < n; i++) {
			const char *line = lines[NEXT() % LINES];

			memcpy(trace + len, line, strlen(line));
			len += strlen(line);
		}
		if (NEXT() % 2) {
			const char *splice = splices[NEXT() % SPLICES];
			size_t at = NEXT() % (len + 1), n = strlen(splice);

			if (n == 0)
				n = 1; /* the NUL piece */
			memmove(trace + at + n, trace + at, len - at);
			memcpy(trace + at, splice, n);
			len += n;
		}
#undef NEXT
		parse_buffer(trace, len, 64, &want);
		clean += want.rc == 0;
		events += want.n;
		for (size_t chunk = 1 + (size_t)(seed >> 40) % 5; chunk < 60; chunk += 9) {
			snprintf(what, sizeof what, "trace %d chunk %zu", t, chunk);
			parse_chunked(trace, len, chunk, 1 + (int)(chunk % 4), &got);
			assert_same(&want, &got, what);
		}
	}
	/* Both outcomes were exercised, with events before the errors. */
	assert_true(clean > TRACES / 3 && clean < TRACES);
	assert_true(events > TRACES * 5);
}

/* ---- opening -------------------------------------------------------- */

/* Make a file from the mkstemp template `path` and write `text` into it. */
static void make_temp_file(char *path, const char *text)
{
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void test_open_file(void **state)
{
	char path[] = "/tmp/mmusim-trace-XXXXXX";
	struct parsed out;
	char err[256];

	(void)state;
	make_temp_file(path, "start 1\nr 0x10 \"hi\"\nexit\n");
	struct event_source *src = trace_text_open(path, err, sizeof err);
	assert_non_null(src);
	assert_string_equal(src->path, path);
	drain(src, 2, &out);
	assert_int_equal(out.rc, 0);
	assert_int_equal(out.n, 3);
	assert_int_equal(out.ev[1].op, EV_READ_TEXT);
	assert_memory_equal(out.text[1], "hi", 2);

	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	src = trace_text_open_stream("named", f, false, err, sizeof err);
	assert_non_null(src);
	assert_string_equal(src->path, "named");
	drain(src, 8, &out);
	assert_int_equal(out.n, 3);
	assert_int_equal(fclose(f), 0); /* still ours: close_file was false */
	unlink(path);
}

static void test_open_errors(void **state)
{
	char err[256];
	char msg[300];

	(void)state;
	assert_null(trace_text_open("/nonexistent/x.trace", err, sizeof err));
	assert_string_equal(err, "/nonexistent/x.trace: No such file or directory");
	assert_null(trace_text_open("/tmp", err, sizeof err));
	snprintf(msg, sizeof msg, "/tmp: %s", strerror(EISDIR));
	assert_string_equal(err, msg);
	assert_null(trace_text_open_stream("s", NULL, true, err, sizeof err));
	assert_string_equal(err, "s: no stream to read");
}

static void test_stdin(void **state)
{
	char path[] = "/tmp/mmusim-stdin-XXXXXX";
	struct parsed out;
	char err[256];

	(void)state;
	make_temp_file(path, "exit\nexit\nbad\n");
	assert_non_null(freopen(path, "rb", stdin));
	struct event_source *src = trace_text_open("-", err, sizeof err);
	assert_non_null(src);
	assert_string_equal(src->path, "-");
	drain(src, 8, &out);
	assert_int_equal(out.n, 2);
	assert_int_equal(out.rc, -1);
	assert_string_equal(out.err, "<stdin>:3: unknown keyword 'bad'");
	assert_int_equal(fgetc(stdin), EOF); /* not closed: still usable */
	unlink(path);
}

/* A stream that hands out its data, then fails instead of ending. */
static ssize_t failing_read(void *cookie, char *buf, size_t size)
{
	static const char data[] = "exit\nexit\nexi";
	size_t *offset = cookie, n = sizeof data - 1 - *offset;

	if (n == 0) {
		errno = EIO;
		return -1;
	}
	n = n < size ? n : size;
	memcpy(buf, data + *offset, n);
	*offset += n;
	return (ssize_t)n;
}

static void test_read_error(void **state)
{
	struct trace_text_tuning tuning = trace_text_default_tuning();
	cookie_io_functions_t io = { .read = failing_read };
	struct trace_event ev[8];
	char err[256], msg[300];
	size_t offset = 0;
	FILE *f = fopencookie(&offset, "r", io);

	(void)state;
	assert_non_null(f);
	tuning.chunk_size = 8;
	struct event_source *src = trace_text_open_stream_tuned("pipe", f, true,
								 &tuning, err, sizeof err);
	assert_non_null(src);
	/* The whole lines read before the failure, then the error. */
	assert_int_equal(src->fill(src, ev, 8, err, sizeof err), 2);
	assert_int_equal(src->fill(src, ev, 8, err, sizeof err), -1);
	snprintf(msg, sizeof msg, "pipe: read error: %s", strerror(EIO));
	assert_string_equal(err, msg);
	assert_int_equal(src->fill(src, ev, 8, err, sizeof err), -1);
	assert_string_equal(err, msg);
	src->close(src);
}

static void test_bad_cap(void **state)
{
	struct trace_event ev[1];
	char err[256];
	struct event_source *src = trace_text_open_buffer("t", "exit\n", 5, err, sizeof err);

	(void)state;
	assert_non_null(src);
	assert_int_equal(src->fill(src, ev, 0, err, sizeof err), -1);
	assert_string_equal(err, "t: fill needs room for at least one event");
	assert_int_equal(src->fill(src, ev, 1, err, sizeof err), 1);
	assert_int_equal(src->fill(src, ev, 1, err, sizeof err), 0);
	src->close(src);
}

/* The buffer is copied: the caller may reuse it at once. */
static void test_buffer_is_copied(void **state)
{
	char data[] = "w 1 \"abc\"\n";
	struct trace_event ev[2];
	char err[256];
	struct event_source *src = trace_text_open_buffer("t", data, strlen(data),
							  err, sizeof err);

	(void)state;
	assert_non_null(src);
	memset(data, 'x', strlen(data));
	assert_int_equal(src->fill(src, ev, 2, err, sizeof err), 1);
	assert_memory_equal(ev[0].text, "abc", 3);
	src->close(src);
}

/* The one store pattern (event.h): the replay's run-at-a-time fill is the
 * byte formula, across the 255-byte wrap and for large lines and offsets. */
static void test_store_pattern(void **state)
{
	(void)state;
	static const uint32_t lines[] = { 0, 1, 4, 7, 254, 255, 256, 1000003, UINT32_MAX };
	static const uint64_t froms[] = { 0, 1, 200, 254, 255, 65535, UINT64_MAX - 600 };
	uint8_t out[600];
	for (size_t l = 0; l < sizeof lines / sizeof lines[0]; l++)
		for (size_t f = 0; f < sizeof froms / sizeof froms[0]; f++) {
			event_store_fill(lines[l], froms[f], out, sizeof out);
			for (size_t k = 0; k < sizeof out; k++) {
				assert_int_equal(out[k], event_store_byte(lines[l], froms[f] + k));
				assert_int_not_equal(out[k], 0);
			}
		}
	/* a fixed value, worked by hand: line 4, byte 2: 1 + (124 + 2) % 255 */
	assert_int_equal(event_store_byte(4, 2), 127);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_process_lines),
		cmocka_unit_test(test_store_pattern),
		cmocka_unit_test(test_map_lines),
		cmocka_unit_test(test_window_lines),
		cmocka_unit_test(test_access_lines),
		cmocka_unit_test(test_line_numbers_and_blanks),
		cmocka_unit_test(test_empty_traces),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_number_errors),
		cmocka_unit_test(test_pids),
		cmocka_unit_test(test_expectations),
		cmocka_unit_test(test_expectation_errors),
		cmocka_unit_test(test_keyword_and_operand_errors),
		cmocka_unit_test(test_error_line_numbers),
		cmocka_unit_test(test_bad_bytes_outside_strings),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_string_errors),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_rich_trace_fields),
		cmocka_unit_test(test_every_chunk_size),
		cmocka_unit_test(test_text_valid_for_whole_batch),
		cmocka_unit_test(test_lines_longer_than_chunk),
		cmocka_unit_test(test_line_too_long),
		cmocka_unit_test(test_line_count_limit),
		cmocka_unit_test(test_random_traces_agree),
		cmocka_unit_test(test_open_file),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_read_error),
		cmocka_unit_test(test_bad_cap),
		cmocka_unit_test(test_buffer_is_copied),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
