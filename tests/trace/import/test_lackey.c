/* tests/trace/import/test_lackey.c: valgrind lackey --trace-mem=yes import. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "import.h"

static const struct import_options small_pages = {
	.page_size = 4096, .arena_base = 0x600000000,
};

#define PREAMBLE "start 1\nswitch 1\nmap swap\nw 0x600000000 \"pages.bin\"\n"
/* the end of the set-up, after the maps: the name page leaves memory */
#define WINDOW "discard 0x600000000\nreset\n"

static void expect_import(const char *input, const struct import_options *opt,
			  const char *expected)
{
	/* Batches of 1 and of 1000 must give the same events. */
	for (int batch = 1; batch <= 1000; batch *= 1000) {
		struct event_list list;
		char *text;

		import_data(IMPORT_WITH_LACKEY, input, opt, batch, &list);
		if (list.failed)
			fail_msg("%s", list.error);
		text = list_text(&list);
		assert_string_equal(text, expected);
		free(text);
		event_list_free(&list);
	}
}

static void expect_error(const char *input, const struct import_options *opt,
			 const char *message, const char *events_before)
{
	struct event_list list;
	char *text;

	import_data(IMPORT_WITH_LACKEY, input, opt, 1000, &list);
	assert_true(list.failed);
	assert_string_equal(list.error, message);
	text = list_text(&list);
	assert_string_equal(text, events_before);
	free(text);
	event_list_free(&list);
}

static void every_kind_of_line(void **state)
{
	(void)state;
	expect_import("==123== Lackey, an example Valgrind tool\n"
		      "==123== Command: sort s.txt\n"
		      "\n"
		      "I  04000e80,3\n"
		      " L 1fff000708,8\n"
		      " S 1fff000708,8\n"
		      " M 0421d970,4\n"
		      "--123-- a debug line\n"
		      "==123== Exit code: 0\n",
		      &small_pages,
		      PREAMBLE
		      "map file 0x600000000 0\n"
		      "map file 0x600000000 1\n"
		      "map file 0x600000000 2\n"
		      "discard 0x600000000\nreset\nr 0x600001e80 3\n"
		      "r 0x600002708 8\n"
		      "w 0x600002708 8\n"
		      "r 0x600003970 4\n"
		      "w 0x600003970 4\n"
		      "exit\n");
}

static void events_carry_their_input_line(void **state)
{
	struct event_list list;

	(void)state;
	import_data(IMPORT_WITH_LACKEY, "==1== x\nI  1000,1\n\n S 1000,2\n", &small_pages,
		    16, &list);
	assert_false(list.failed);
	assert_int_equal(list.count, 4 + 1 + 2 + 2 + 1);
	assert_int_equal(list.events[0].line, 1);    /* start */
	assert_int_equal(list.events[4].line, 1);    /* map file: up front */
	assert_int_equal(list.events[5].line, 1);    /* discard of the name page */
	assert_int_equal(list.events[6].line, 1);    /* reset */
	assert_int_equal(list.events[7].line, 2);    /* r */
	assert_int_equal(list.events[8].line, 4);    /* w */
	assert_int_equal(list.events[9].line, 4);    /* exit: the last access's line */
	event_list_free(&list);
}

static void first_write_maps_swap(void **state)
{
	(void)state;
	expect_import(" S 7000,4\n L 7008,4\n L 9000,1\n", &small_pages,
		      PREAMBLE
		      "map swap\n"
		      "map file 0x600000000 1\n"
		      "discard 0x600000000\nreset\nw 0x600001000 4\n"
		      "r 0x600001008 4\n"
		      "r 0x600002000\n"
		      "exit\n");
}

static void accesses_crossing_pages_are_split(void **state)
{
	(void)state;
	/* 0xffe..0x1001 spans two pages; 0x2ffc..0x4003 three (4 bytes, the
	 * whole page 0x3000, 4 bytes); a modify crossing reads both pieces,
	 * then writes both. */
	expect_import(" L ffe,4\n"
		      " S 2ffc,4104\n"
		      " M 1ffe,4\n",
		      &small_pages,
		      PREAMBLE
		      "map file 0x600000000 0\n"
		      "map file 0x600000000 1\n"
		      "map swap\n"
		      "map swap\n"
		      "map swap\n"
		      "discard 0x600000000\nreset\nr 0x600001ffe 2\n"
		      "r 0x600002000 2\n"
		      "w 0x600003ffc 4\n"
		      "w 0x600004000 4096\n"
		      "w 0x600005000 4\n"
		      "r 0x600002ffe 2\n"
		      "r 0x600003000 2\n"
		      "w 0x600002ffe 2\n"
		      "w 0x600003000 2\n"
		      "exit\n");
}

static void huge_addresses_are_compacted(void **state)
{
	(void)state;
	expect_import(" S ffffffffffffff00,8\n"
		      " L 0,1\n"
		      " L ffffffffffffff00,256\n"     /* ends on the very last byte */
		      " L 8000000000000000,1\n",
		      &small_pages,
		      PREAMBLE
		      "map swap\n"
		      "map file 0x600000000 1\n"
		      "map file 0x600000000 2\n"
		      "discard 0x600000000\nreset\nw 0x600001f00 8\n"
		      "r 0x600002000\n"
		      "r 0x600001f00 256\n"
		      "r 0x600003000\n"
		      "exit\n");
}

static void access_past_the_top_is_an_error(void **state)
{
	(void)state;
	expect_error(" L 10,1\n L ffffffffffffff01,256\n", &small_pages,
		     "in:2: 256 bytes at 0xffffffffffffff01 run past the end of the 64-bit "
		     "address space",
		     PREAMBLE "map file 0x600000000 0\ndiscard 0x600000000\nreset\nr 0x600001010\n");
}

static void malformed_lines_are_named(void **state)
{
	static const struct {
		const char *input, *message;
	} cases[] = {
		{ "I  1000,4\nX  1000,4\n", "in:2: not a lackey --trace-mem line: 'X  1000,4'" },
		{ "I  1000,4\n L 1000\n", "in:2: expected ',SIZE' after the address: ' L 1000'" },
		{ "I  1000,4\n L zz,4\n", "in:2: expected a hexadecimal address: ' L zz,4'" },
		{ "I  1000,4\n L 1000,\n", "in:2: expected a decimal size after ',': ' L 1000,'" },
		{ "I  1000,4\n L 1000,0\n", "in:2: size must be at least 1: ' L 1000,0'" },
		{ "I  1000,4\n L 1000,4 x\n", "in:2: unexpected text after the size: ' L 1000,4 x'" },
		{ "I  1000,4\n L 10000000000000000,4\n",
		  "in:2: address does not fit in 64 bits: ' L 10000000000000000,4'" },
		{ "I  1000,4\n L 1000,99999999999999999999\n",
		  "in:2: size does not fit in 64 bits: ' L 1000,99999999999999999999'" },
		{ "I  1000,4\n X 1000,4\n", "in:2: not a lackey --trace-mem line: ' X 1000,4'" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		expect_error(cases[i].input, &small_pages, cases[i].message,
			     PREAMBLE "map file 0x600000000 0\ndiscard 0x600000000\nreset\nr 0x600001000 4\n");
}

static void error_on_the_first_line(void **state)
{
	(void)state;
	/* The preamble and the end of the set-up come out first, then the
	 * error. */
	expect_error("garbage\n", &small_pages,
		     "in:1: not a lackey --trace-mem line: 'garbage'", PREAMBLE WINDOW);
}

static void crlf_and_missing_final_newline(void **state)
{
	(void)state;
	expect_import("==1== x\r\n L 1000,4\r\n S 1004,4", &small_pages,
		      PREAMBLE "map file 0x600000000 0\ndiscard 0x600000000\nreset\nr 0x600001000 4\nw 0x600001004 4\nexit\n");
}

static void data_only_leaves_out_fetches(void **state)
{
	struct import_options opt = small_pages;

	(void)state;
	opt.data_only = true;
	expect_import("I  1000,4\n L 2000,4\nI  3000,4\n", &opt,
		      PREAMBLE "map file 0x600000000 0\ndiscard 0x600000000\nreset\nr 0x600001000 4\nexit\n");
}

static void limit_stops_early(void **state)
{
	struct import_options opt = small_pages;

	(void)state;
	opt.limit = 2;
	expect_import(" L 1000,4\n L 2000,4\n L 3000,4\n this line is never read\n", &opt,
		      PREAMBLE "map file 0x600000000 0\nmap file 0x600000000 1\n"
		      "discard 0x600000000\nreset\nr 0x600001000 4\nr 0x600002000 4\nexit\n");
}

static void arena_pages_limit(void **state)
{
	struct import_options opt = small_pages;

	(void)state;
	opt.arena_pages = 3;   /* the name page and two of the program's */
	expect_error(" L 1000,4\n L 2000,4\n L 1000,4\n L 3000,4\n", &opt,
		     "in:4: the program touches more than 2 pages: the arena holds 3 (one of "
		     "them the name page); raise arena_pages or page_size",
		     PREAMBLE "map file 0x600000000 0\nmap file 0x600000000 1\n"
		     "discard 0x600000000\nreset\nr 0x600001000 4\nr 0x600002000 4\nr 0x600001000 4\n");
}

static void empty_input_is_an_empty_process(void **state)
{
	(void)state;
	expect_import("", &small_pages, PREAMBLE "discard 0x600000000\nreset\nexit\n");
}

static void bad_options_are_refused(void **state)
{
	struct import_options opt = small_pages;
	struct event_list list;

	(void)state;
	opt.page_size = 1000;
	import_data(IMPORT_WITH_LACKEY, "", &opt, 16, &list);
	assert_true(list.failed);
	assert_string_equal(list.error, "in: page size 1000 is not a power of two from 256 to 1048576");
	/* the configuration's rule (page_geometry_init): no page above 1 MiB */
	opt.page_size = 2097152;
	import_data(IMPORT_WITH_LACKEY, "", &opt, 16, &list);
	assert_true(list.failed);
	assert_string_equal(list.error, "in: page size 2097152 is not a power of two from 256 to 1048576");
	opt.page_size = 4096;
	opt.arena_base = 0x600000010;
	import_data(IMPORT_WITH_LACKEY, "", &opt, 16, &list);
	assert_string_equal(list.error, "in: arena base 0x600000010 is not page aligned");
}

static void arena_at_the_top_of_the_address_space(void **state)
{
	struct import_options opt = small_pages;

	(void)state;
	opt.arena_base = 0xffffffffffffd000;   /* room for the name page and two more */
	expect_error(" L 1000,1\n L 2000,1\n L 3000,1\n", &opt,
		     "in:3: the program touches more pages than fit above arena_base",
		     "start 1\nswitch 1\nmap swap\nw 0xffffffffffffd000 \"pages.bin\"\n"
		     "map file 0xffffffffffffd000 0\nmap file 0xffffffffffffd000 1\n"
		     "discard 0xffffffffffffd000\nreset\n"
		     "r 0xffffffffffffe000\nr 0xfffffffffffff000\n");
}

/* With single_pass, each map comes just before its page's first touch;
 * every map reads the name page, so it is not discarded: the reset comes
 * right after it is written. */
static void single_pass_maps_at_first_touch(void **state)
{
	struct import_options opt = small_pages;

	(void)state;
	opt.single_pass = true;
	expect_import(" L 1000,4\n S 2ffe,4\n L 1000,4\n", &opt,
		      PREAMBLE "reset\n"
		      "map file 0x600000000 0\n"
		      "r 0x600001000 4\n"
		      "map swap\n"
		      "w 0x600002ffe 2\n"
		      "map swap\n"
		      "w 0x600003000 2\n"
		      "r 0x600001000 4\n"
		      "exit\n");
	opt.arena_pages = 3;
	expect_error(" L 1000,4\n L 2000,4\n L 3000,4\n", &opt,
		     "in:3: the program touches more than 2 pages: the arena holds 3 (one of "
		     "them the name page); raise arena_pages or page_size",
		     PREAMBLE "reset\nmap file 0x600000000 0\nr 0x600001000 4\n"
		     "map file 0x600000000 1\nr 0x600002000 4\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_kind_of_line),
		cmocka_unit_test(events_carry_their_input_line),
		cmocka_unit_test(first_write_maps_swap),
		cmocka_unit_test(accesses_crossing_pages_are_split),
		cmocka_unit_test(huge_addresses_are_compacted),
		cmocka_unit_test(access_past_the_top_is_an_error),
		cmocka_unit_test(malformed_lines_are_named),
		cmocka_unit_test(error_on_the_first_line),
		cmocka_unit_test(crlf_and_missing_final_newline),
		cmocka_unit_test(data_only_leaves_out_fetches),
		cmocka_unit_test(limit_stops_early),
		cmocka_unit_test(arena_pages_limit),
		cmocka_unit_test(empty_input_is_an_empty_process),
		cmocka_unit_test(bad_options_are_refused),
		cmocka_unit_test(arena_at_the_top_of_the_address_space),
		cmocka_unit_test(single_pass_maps_at_first_touch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
