/*
 * tests/trace/import/test_binary.c: the binary trace format: exact bytes, the
 * text -> binary -> text round trip, and every malformed file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "instream.h"
#include "trace_binary.h"
#include "trace_text.h"
#include "trace_text_writer.h"

static const char rich_trace[] =
	"# every kind of event, with expectations and awkward bytes\n"
	"start 1 => 0\n"
	"switch 1\n"
	"\n"
	"map swap => 0x600000000\n"
	"map file 0x600000000 7 => null\n"
	"w 0x600000000 \"data\\n\\t\\\\\\\"\\0\\x01\\xff \xc3\xa9\"\n"
	"r 0x600000000 \"data\" => ok\n"
	"w 0x600000010 100   # a sized store: its bytes depend on this line\n"
	"w 0x600000020 \"\"\n"
	"put 0x600000030 \"f.bin\\x01\"\n"
	"r 0x600000010 => segv\n"
	"fork 1 2 => -1\n"
	"fork 1 2147483647\n"
	"compute 18446744073709551615\n"
	"reset\n"
	"discard 0x600010000\n"
	"r 0xffffffffffffffff 1\n"
	"map file 0x600000000 18446744073709551615 => 0x600010000\n"
	"exit\n";

static void parse_text(const char *text, size_t len, struct event_list *out)
{
	char err[512];
	struct event_source *src = trace_text_open_buffer("t", text, len, err, sizeof err);

	if (!src)
		fail_msg("%s", err);
	drain(src, 5, out);
	if (out->failed)
		fail_msg("%s", out->error);
}

static void write_events(struct event_sink *sink, const struct event_list *list)
{
	char err[512];

	assert_non_null(sink);
	assert_int_equal(sink->write(sink, list->events, list->count, err, sizeof err), 0);
	assert_int_equal(sink->finish(sink, err, sizeof err), 0);
}

static void read_binary(const char *path, int batch, struct event_list *out)
{
	char err[512];
	struct event_source *src = trace_binary_open(path, err, sizeof err);

	if (!src)
		fail_msg("%s", err);
	drain(src, batch, out);
}

static void assert_same_events(const struct event_list *a, const struct event_list *b,
			       bool lines)
{
	assert_int_equal(a->count, b->count);
	for (int i = 0; i < a->count; i++)
		if (!events_equal(&a->events[i], &b->events[i], lines))
			fail_msg("event %d: '%s' differs", i, event_text(&a->events[i]));
}

static void text_binary_text_round_trip(void **state)
{
	const char *bin = scratch_path("rich.btrace"), *txt = scratch_path("rich2.trace");
	struct event_list original, binary, again, third;
	char err[512], *text, *text2;
	size_t len, len2;

	(void)state;
	parse_text(rich_trace, sizeof rich_trace - 1, &original);
	assert_int_equal(original.count, 18);
	write_events(trace_binary_writer(fopen(bin, "wb"), bin, NULL, err, sizeof err),
		     &original);
	for (int batch = 1; batch <= 64; batch *= 4) {
		read_binary(bin, batch, &binary);
		assert_false(binary.failed);
		assert_same_events(&original, &binary, true);
		event_list_free(&binary);
	}
	read_binary(bin, 64, &binary);
	write_events(trace_text_writer(fopen(txt, "wb"), txt, true, err, sizeof err), &binary);
	text = read_file(txt, &len);
	parse_text(text, len, &again);
	assert_same_events(&original, &again, true);   /* lines kept: same store bytes */

	/* Written again, the text is byte-identical. */
	write_events(trace_text_writer(fopen(txt, "wb"), txt, true, err, sizeof err), &again);
	text2 = read_file(txt, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(text, text2, len);
	parse_text(text2, len2, &third);
	assert_same_events(&original, &third, true);
	free(text);
	free(text2);
	event_list_free(&original);
	event_list_free(&binary);
	event_list_free(&again);
	event_list_free(&third);
}

static void text_writer_spelling(void **state)
{
	struct event_list list;
	char *text;

	(void)state;
	parse_text(rich_trace, sizeof rich_trace - 1, &list);
	text = list_text(&list);
	assert_string_equal(text,
			    "start 1 => 0\n"
			    "switch 1\n"
			    "map swap => 0x600000000\n"
			    "map file 0x600000000 7 => null\n"
			    "w 0x600000000 \"data\\n\\t\\\\\\\"\\0\\x01\xff \xc3\xa9\"\n"
			    "r 0x600000000 \"data\" => ok\n"
			    "w 0x600000010 100\n"
			    "w 0x600000020 \"\"\n"
			    "put 0x600000030 \"f.bin\\x01\"\n"
			    "r 0x600000010 => segv\n"
			    "fork 1 2 => -1\n"
			    "fork 1 2147483647\n"
			    "compute 18446744073709551615\n"
			    "reset\n"
			    "discard 0x600010000\n"
			    "r 0xffffffffffffffff\n"
			    "map file 0x600000000 18446744073709551615 => 0x600010000\n"
			    "exit\n");
	free(text);
	event_list_free(&list);
}

/* ---- exact bytes ---------------------------------------------------- */

static void put_record(uint8_t *r, uint8_t op, uint8_t expect, uint32_t line, uint64_t a,
		       uint64_t b)
{
	memset(r, 0, 24);
	r[0] = op;
	r[1] = expect;
	line = htole32(line);
	a = htole64(a);
	b = htole64(b);
	memcpy(r + 4, &line, 4);
	memcpy(r + 8, &a, 8);
	memcpy(r + 16, &b, 8);
}

static const uint8_t header_bytes[32] = {
	'M', 'M', 'U', 'S', 'I', 'M', 'T', 'R', 1, 0, 32, 0, 24, 0, 0, 0,
	1, 0, 0, 0, 0x00, 0x10, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0,
};

static void exact_bytes_of_the_format(void **state)
{
	const char *path = scratch_path("exact.btrace");
	const struct trace_binary_info info = { .flags = TRACE_BINARY_IMPORTED,
						.page_size = 4096, .arena_base = 0x600000000 };
	struct event_list list;
	uint8_t expected[32 + 6 * 24];
	char err[512], *bytes;
	size_t len;

	(void)state;
	static const char text[] = "start 3\nmap swap => 0x600000000\n"
				   "w 0x600000000 \"abc\"\nr 0x600000000 2\n";

	parse_text(text, sizeof text - 1, &list);
	write_events(trace_binary_writer(fopen(path, "wb"), path, &info, err, sizeof err), &list);
	memcpy(expected, header_bytes, 32);
	put_record(expected + 32, 1, 0, 1, 3, 0);                  /* start 3 */
	put_record(expected + 56, 4, 1, 2, 0, 0);                  /* map swap => ... */
	put_record(expected + 80, 255, 0, 2, 0x600000000, 0);      /*   its value */
	put_record(expected + 104, 9, 0, 3, 0x600000000, 3);       /* w "abc" */
	memset(expected + 128, 0, 24);
	memcpy(expected + 128, "abc", 3);                          /*   its bytes */
	put_record(expected + 152, 6, 0, 4, 0x600000000, 2);       /* r ADDR 2 */
	bytes = read_file(path, &len);
	assert_int_equal(len, 32 + 6 * 24);
	assert_memory_equal(bytes, expected, len);
	free(bytes);
	event_list_free(&list);
}

static void header_info_is_read_back(void **state)
{
	const char *path = scratch_path("info.btrace");
	const struct trace_binary_info info = { .flags = TRACE_BINARY_IMPORTED,
						.page_size = 4096, .arena_base = 0x600000000 };
	struct trace_binary_info got;
	struct event_source *src;
	char err[512];

	(void)state;
	write_file(path, header_bytes, 32);
	src = trace_binary_open(path, err, sizeof err);
	assert_non_null(src);
	assert_true(trace_binary_source_info(src, &got));
	assert_memory_equal(&got, &info, sizeof got);
	src->close(src);
	src = trace_text_open_buffer("t", "exit\n", 5, err, sizeof err);
	assert_false(trace_binary_source_info(src, &got));
	src->close(src);
}

/* ---- malformed files ------------------------------------------------- */

/* The header, then `records` (n of them); the error the reader gives
 * after "PATH: ", and how many events came before it. */
static void expect_bad(const uint8_t *records, size_t n, const char *message, int events_before)
{
	const char *path = scratch_path("bad.btrace");
	uint8_t *bytes = malloc(32 + n * 24 + 1);
	struct event_list list;
	char want[512];

	memcpy(bytes, header_bytes, 32);
	bytes[16] = 0;   /* no flags */
	memcpy(bytes + 32, records, n * 24);
	write_file(path, bytes, 32 + n * 24);
	read_binary(path, 16, &list);
	assert_true(list.failed);
	snprintf(want, sizeof want, "%s: %s", path, message);
	assert_string_equal(list.error, want);
	assert_int_equal(list.count, events_before);
	event_list_free(&list);
	free(bytes);
}

static void malformed_records(void **state)
{
	uint8_t r[3 * 24];

	(void)state;
	put_record(r, 1, 0, 1, 1, 0);
	put_record(r + 24, 77, 0, 2, 0, 0);
	expect_bad(r, 2, "record 2: unknown record type 77", 1);

	put_record(r + 24, 6, 9, 2, 0, 1);
	expect_bad(r, 2, "record 2: unknown expectation 9", 1);

	put_record(r + 24, 6, 0, 2, 0, 1);
	r[24 + 3] = 1;
	expect_bad(r, 2, "record 2: reserved bytes are not zero", 1);

	put_record(r + 24, 6, 0, 2, 0x600000000, 0);
	expect_bad(r, 2, "record 2: SIZE must be at least 1", 1);

	put_record(r + 24, 3, 0, 2, 0x80000000, 0);
	expect_bad(r, 2, "record 2: PID out of range (0 to 2147483647)", 1);

	put_record(r + 24, 10, 0, 2, 5, 0);
	expect_bad(r, 2, "record 2: unused field is not zero", 1);

	put_record(r + 24, 255, 0, 2, 5, 0);
	expect_bad(r, 2, "record 2: value record without an event expecting a value", 1);

	put_record(r + 24, 4, 1, 2, 0, 0);        /* map swap => VALUE ... */
	put_record(r + 48, 6, 0, 3, 0, 1);        /* ... but no value record */
	expect_bad(r, 3, "record 3: expected a value record", 1);
	expect_bad(r, 2, "record 3: the file ends before the expected value", 1);

	put_record(r + 24, 1, 1, 2, 2, 0);        /* start 2 => 5: only 0 or -1 */
	put_record(r + 48, 255, 0, 2, 5, 0);
	expect_bad(r, 3, "record 2: start and fork can only expect 0 or -1", 1);

	put_record(r + 24, 6, 4, 2, 0, 1);        /* r => segv is fine ... */
	put_record(r + 48, 11, 4, 3, 0, 1);       /* ... compute => segv is not */
	expect_bad(r, 3, "record 3: '=> segv' and '=> ok' only apply to r and w", 2);

	put_record(r + 24, 9, 0, 2, 0, 30);       /* w "30 bytes" needs 2 more records */
	expect_bad(r, 2, "record 3: the file ends inside a text payload", 1);
	expect_bad(r, 3, "record 4: the file ends inside a text payload", 1);

	put_record(r + 24, 8, 0, 2, 0, 0);        /* r "" */
	expect_bad(r, 2,
		   "record 2: r ADDR \"\" reads nothing: a text load needs at least one byte",
		   1);

	/* A text's length is checked before its payload gets room, also
	 * when a value record comes first (found by fuzzing: 2^62 bytes
	 * were asked of malloc, and past 2^63 the room doubled to 0 for
	 * ever). */
	put_record(r + 24, 8, 1, 2, 0, UINT64_C(1) << 62);
	put_record(r + 48, 255, 0, 2, 5, 0);
	expect_bad(r, 3, "record 2: text longer than 64 MiB", 1);
	put_record(r + 24, 9, 1, 2, 0, (UINT64_C(1) << 63) + 1);
	expect_bad(r, 3, "record 2: text longer than 64 MiB", 1);
}

/* reset and discard are record types 12 and 13 (docs/trace-formats.md);
 * the other types keep their numbers, so older files read as before. */
static void window_records(void **state)
{
	const char *path = scratch_path("window.btrace");
	const struct trace_binary_info info = { .flags = TRACE_BINARY_IMPORTED,
						.page_size = 4096, .arena_base = 0x600000000 };
	struct event_list list, back;
	uint8_t expected[32 + 2 * 24], r[2 * 24];
	char err[512], *bytes;
	size_t len;

	(void)state;
	static const char text[] = "reset\ndiscard 0x600001000\n";

	parse_text(text, sizeof text - 1, &list);
	write_events(trace_binary_writer(fopen(path, "wb"), path, &info, err, sizeof err), &list);
	memcpy(expected, header_bytes, 32);
	put_record(expected + 32, 12, 0, 1, 0, 0);                 /* reset */
	put_record(expected + 56, 13, 0, 2, 0x600001000, 0);       /* discard ADDR */
	bytes = read_file(path, &len);
	assert_int_equal(len, sizeof expected);
	assert_memory_equal(bytes, expected, len);
	read_binary(path, 1, &back);
	assert_same_events(&list, &back, true);
	free(bytes);
	event_list_free(&list);
	event_list_free(&back);

	put_record(r, 1, 0, 1, 1, 0);
	put_record(r + 24, 12, 0, 2, 5, 0);
	expect_bad(r, 2, "record 2: unused field is not zero", 1);
	put_record(r + 24, 12, 0, 2, 0, 5);
	expect_bad(r, 2, "record 2: unused field is not zero", 1);
	put_record(r + 24, 13, 0, 2, 0x600000000, 1);
	expect_bad(r, 2, "record 2: unused field is not zero", 1);
	put_record(r + 24, 12, 4, 2, 0, 0);
	expect_bad(r, 2, "record 2: '=> segv' and '=> ok' only apply to r and w", 1);
}

static void truncated_record(void **state)
{
	const char *path = scratch_path("short.btrace");
	uint8_t bytes[32 + 24 + 10];
	struct event_list list;
	char want[512];

	(void)state;
	memcpy(bytes, header_bytes, 32);
	put_record(bytes + 32, 1, 0, 1, 1, 0);
	memset(bytes + 56, 0, 10);
	write_file(path, bytes, sizeof bytes);
	read_binary(path, 16, &list);
	assert_true(list.failed);
	assert_int_equal(list.count, 1);
	snprintf(want, sizeof want, "%s: record 2: the file ends inside a record", path);
	assert_string_equal(list.error, want);
	event_list_free(&list);
}

static void expect_bad_header(const uint8_t *bytes, size_t len, const char *message)
{
	const char *path = scratch_path("header.btrace");
	char err[512], want[512];

	write_file(path, bytes, len);
	assert_null(trace_binary_open(path, err, sizeof err));
	snprintf(want, sizeof want, "%s: %s", path, message);
	assert_string_equal(err, want);
}

static void malformed_headers(void **state)
{
	uint8_t h[32];

	(void)state;
	memcpy(h, header_bytes, 32);
	h[0] = 'X';
	expect_bad_header(h, 32, "not an mmusim binary trace (no \"MMUSIMTR\" header)");
	expect_bad_header(header_bytes, 20, "the file ends inside the binary trace header");
	expect_bad_header(header_bytes, 0, "not an mmusim binary trace (no \"MMUSIMTR\" header)");
	memcpy(h, header_bytes, 32);
	h[8] = 2;
	expect_bad_header(h, 32, "binary trace version 2; this mmusim reads version 1");
	memcpy(h, header_bytes, 32);
	h[12] = 16;
	expect_bad_header(h, 32, "corrupt binary trace header (sizes 32 and 16)");
	memcpy(h, header_bytes, 32);
	h[17] = 1;
	expect_bad_header(h, 32, "binary trace header has unknown flags 0x100");
}

static void missing_file(void **state)
{
	char err[512], want[600];
	const char *path = scratch_path("nothing-here.btrace");

	(void)state;
	assert_null(trace_binary_open(path, err, sizeof err));
	snprintf(want, sizeof want, "%s: No such file or directory", path);
	assert_string_equal(err, want);
	assert_null(trace_binary_open(scratch_dir(), err, sizeof err));
	snprintf(want, sizeof want, "%s: Is a directory", scratch_dir());
	assert_string_equal(err, want);
}

/* ---- big payloads and batches ----------------------------------------- */

static void payloads_across_buffers_and_batches(void **state)
{
	enum { SMALL = 300, BIG = 3 << 20 };
	const char *path = scratch_path("payload.btrace");
	struct trace_event *events = calloc(SMALL + 2, sizeof *events);
	uint8_t *big = malloc(BIG), small[1000];
	struct event_list back;
	char err[512];
	struct event_sink *sink;

	(void)state;
	for (size_t i = 0; i < BIG; i++)
		big[i] = (uint8_t)(i * 7 + 3);
	for (size_t i = 0; i < sizeof small; i++)
		small[i] = (uint8_t)i;
	events[0] = (struct trace_event){ .op = EV_START, .line = 1, .pid = 1 };
	for (int i = 1; i <= SMALL; i++)   /* 300 KB of text: more than one batch's room */
		events[i] = (struct trace_event){ .op = EV_WRITE_TEXT, .line = (uint32_t)i + 1,
						  .addr = (uint64_t)i, .arg = sizeof small - (size_t)i,
						  .text = small };
	events[SMALL + 1] = (struct trace_event){ .op = EV_READ_TEXT, .line = SMALL + 2,
						  .addr = 1, .arg = BIG, .text = big };
	sink = trace_binary_writer(fopen(path, "wb"), path, NULL, err, sizeof err);
	assert_int_equal(sink->write(sink, events, SMALL + 2, err, sizeof err), 0);
	assert_int_equal(sink->finish(sink, err, sizeof err), 0);
	read_binary(path, 4096, &back);
	assert_false(back.failed);
	assert_int_equal(back.count, SMALL + 2);
	for (int i = 0; i < SMALL + 2; i++)
		assert_true(events_equal(&events[i], &back.events[i], true));
	event_list_free(&back);
	free(big);
	free(events);
}

static void writer_refuses_what_text_cannot_say(void **state)
{
	static const struct {
		struct trace_event ev;
		const char *why;
	} cases[] = {
		{ { .op = EV_WRITE, .line = 4, .arg = 0 }, "SIZE must be at least 1" },
		{ { .op = EV_START, .line = 4, .pid = -1 }, "PID out of range (0 to 2147483647)" },
		{ { .op = EV_FORK, .line = 4, .pid = 1, .child = -2 },
		  "CHILD out of range (0 to 2147483647)" },
		{ { .op = EV_COMPUTE, .line = 4, .expect = EXPECT_NULL },
		  "'=> null' only applies to map" },
		{ { .op = EV_EXIT, .line = 4, .expect = EXPECT_VALUE },
		  "'=> N' only applies to map, start and fork" },
		{ { .op = EV_MAP_SWAP, .line = 4, .expect = EXPECT_FAIL },
		  "'=> -1' only applies to start and fork" },
		{ { .op = EV_OP_COUNT, .line = 4 }, "unknown event" },
		{ { .op = EV_READ, .line = 4, .arg = 1, .expect = 99 }, "unknown expectation" },
	};
	const char *path = scratch_path("refused");
	char err[512], want[512];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		for (int binary = 0; binary < 2; binary++) {
			struct event_sink *sink =
				binary ? trace_binary_writer(fopen(path, "wb"), path, NULL, err, sizeof err)
				       : trace_text_writer(fopen(path, "wb"), path, false, err, sizeof err);

			assert_int_equal(sink->write(sink, &cases[i].ev, 1, err, sizeof err), -1);
			snprintf(want, sizeof want, "%s: cannot write the event of line 4: %s", path,
				 cases[i].why);
			assert_string_equal(err, want);
			sink->discard(sink);
		}
	}
}

static void write_errors_are_reported(void **state)
{
	struct trace_event ev = { .op = EV_READ, .line = 1, .addr = 1, .arg = 1 };
	char err[512];

	(void)state;
	for (int binary = 0; binary < 2; binary++) {
		FILE *full = fopen("/dev/full", "wb");
		struct event_sink *sink =
			binary ? trace_binary_writer(full, "/dev/full", NULL, err, sizeof err)
			       : trace_text_writer(full, "/dev/full", false, err, sizeof err);

		assert_non_null(full);
		assert_int_equal(sink->write(sink, &ev, 1, err, sizeof err), 0);
		assert_int_equal(sink->finish(sink, err, sizeof err), -1);
		assert_string_equal(err, "/dev/full: write error: No space left on device");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_binary_text_round_trip),
		cmocka_unit_test(text_writer_spelling),
		cmocka_unit_test(exact_bytes_of_the_format),
		cmocka_unit_test(window_records),
		cmocka_unit_test(header_info_is_read_back),
		cmocka_unit_test(malformed_records),
		cmocka_unit_test(truncated_record),
		cmocka_unit_test(malformed_headers),
		cmocka_unit_test(missing_file),
		cmocka_unit_test(payloads_across_buffers_and_batches),
		cmocka_unit_test(writer_refuses_what_text_cannot_say),
		cmocka_unit_test(write_errors_are_reported),
	};

	return cmocka_run_group_tests(tests, NULL, scratch_teardown);
}
