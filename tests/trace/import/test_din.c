/* tests/trace/import/test_din.c: Dinero din import. */
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

static char *import_din(const char *input, const struct import_options *opt,
			struct event_list *list)
{
	import_data(IMPORT_WITH_DIN, input, opt, 7, list);
	return list_text(list);
}

static void labels_and_fields(void **state)
{
	struct event_list list;
	char *text;

	(void)state;
	text = import_din("2 0\n"
			  "0 1000\n"
			  "0 70f60888\n"
			  "2 2cb5\n"
			  "1 70f60890\n"
			  "3 5000\n"                 /* unknown access type: skipped */
			  "4 6000\n"                 /* cache flush: skipped */
			  "1 0x70f6088c 4\n"         /* 0x prefix, a size */
			  "0\t1ffe  4 trailing words are ignored\n"
			  "0 2000 comment\n"         /* a word after the address is not a size */
			  "\n"
			  "# a comment line\n",
			  &small_pages, &list);
	assert_false(list.failed);
	assert_string_equal(text,
			    PREAMBLE
			    "map file 0x600000000 0\n"
			    "map file 0x600000000 1\n"
			    "map file 0x600000000 2\n"
			    "map file 0x600000000 3\n"
			    "discard 0x600000000\nreset\nr 0x600001000\n"
			    "r 0x600002000\n"
			    "r 0x600003888\n"
			    "r 0x600004cb5\n"
			    "w 0x600003890\n"
			    "w 0x60000388c 4\n"
			    "r 0x600002ffe 2\n"
			    "r 0x600004000 2\n"
			    "r 0x600004000\n"
			    "exit\n");
	free(text);
	event_list_free(&list);
}

static void data_only_leaves_out_fetches(void **state)
{
	struct import_options opt = small_pages;
	struct event_list list;
	char *text;

	(void)state;
	opt.data_only = true;
	text = import_din("2 0\n1 1000\n2 2000\n", &opt, &list);
	assert_string_equal(text, PREAMBLE "map swap\ndiscard 0x600000000\nreset\nw 0x600001000\nexit\n");
	free(text);
	event_list_free(&list);
}

static void huge_addresses(void **state)
{
	struct event_list list;
	char *text;

	(void)state;
	text = import_din("1 ffffffffffffffff\n0 0xffffffffffff0000 8\n", &small_pages, &list);
	assert_false(list.failed);
	assert_string_equal(text, PREAMBLE "map swap\nmap file 0x600000000 1\n"
			    "discard 0x600000000\nreset\nw 0x600001fff\nr 0x600002000 8\nexit\n");
	free(text);
	event_list_free(&list);
	text = import_din("0 ffffffffffffffff 2\n", &small_pages, &list);
	assert_true(list.failed);
	assert_string_equal(list.error, "in:1: 2 bytes at 0xffffffffffffffff run past the end "
			    "of the 64-bit address space");
	free(text);
	event_list_free(&list);
}

static void malformed_lines_are_named(void **state)
{
	static const struct {
		const char *input, *message;
	} cases[] = {
		{ "0 10\n5 1000\n", "in:2: unknown label (0 read, 1 write, 2 fetch, 3, 4): '5 1000'" },
		{ "0 10\nr 1000\n",
		  "in:2: expected a label (0 read, 1 write, 2 fetch, 3, 4): 'r 1000'" },
		{ "0 10\n0x1 1000\n",
		  "in:2: expected a label (0 read, 1 write, 2 fetch, 3, 4): '0x1 1000'" },
		{ "0 10\n0\n", "in:2: expected a hexadecimal address: '0'" },
		{ "0 10\n0 12g4\n", "in:2: expected a hexadecimal address: '0 12g4'" },
		{ "0 10\n0 0x\n", "in:2: expected a hexadecimal address: '0 0x'" },
		{ "0 10\n1 10000000000000000\n",
		  "in:2: address does not fit in 64 bits: '1 10000000000000000'" },
		{ "0 10\n1 1000 0\n", "in:2: size must be at least 1: '1 1000 0'" },
		{ "0 10\n1 1000 99999999999999999999\n",
		  "in:2: size does not fit in 64 bits: '1 1000 99999999999999999999'" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct event_list list;
		char *text = import_din(cases[i].input, &small_pages, &list);

		assert_true(list.failed);
		assert_string_equal(list.error, cases[i].message);
		assert_string_equal(text, PREAMBLE "map file 0x600000000 0\ndiscard 0x600000000\n"
				    "reset\nr 0x600001010\n");
		free(text);
		event_list_free(&list);
	}
}

/* One line that spans more pages than any arena holds is refused at
 * once, in both passes, with the accesses before it first (found by
 * fuzzing: the survey walked 10^12 pages, one by one, into a hash table). */
static void accesses_larger_than_any_arena(void **state)
{
	struct import_options opt = small_pages;
	(void)state;
	for (int single = 0; single <= 1; single++) {
		struct event_list list;
		opt.single_pass = single;
		char *text = import_din("0 10\n0 1 4096440964000000\n", &opt, &list);
		assert_true(list.failed);
		assert_string_equal(list.error, "in:2: 4096440964000000 bytes at 0x1 span "
				    "more than 4294967294 pages, more than any arena holds");
		assert_string_equal(text, single ? PREAMBLE "reset\nmap file 0x600000000 0\n"
					       "r 0x600001010\n"
				    : PREAMBLE "map file 0x600000000 0\ndiscard 0x600000000\n"
				      "reset\nr 0x600001010\n");
		free(text);
		event_list_free(&list);
	}
	/* With arena_pages, the arena's own limit; 2 pages still fit 3. */
	opt.single_pass = false;
	opt.arena_pages = 3;
	struct event_list list;
	char *text = import_din("0 ffe 4097\n0 ffe 8194\n", &opt, &list);
	assert_true(list.failed);
	assert_string_equal(list.error, "in:2: the program touches more than 2 pages: "
			    "the arena holds 3 (one of them the name page); raise "
			    "arena_pages or page_size");
	assert_string_equal(text, PREAMBLE "map file 0x600000000 0\nmap file 0x600000000 1\n"
			    "discard 0x600000000\nreset\nr 0x600001ffe 2\nr 0x600002000 4095\n");
	free(text);
	event_list_free(&list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accesses_larger_than_any_arena),
		cmocka_unit_test(labels_and_fields),
		cmocka_unit_test(data_only_leaves_out_fetches),
		cmocka_unit_test(huge_addresses),
		cmocka_unit_test(malformed_lines_are_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
