/* tests/trace/import/test_list.c: plain page and address lists. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "import.h"

static const struct import_options pages = {
	.page_size = 65536, .arena_base = 0x600000000, .page_numbers = true,
};
static const struct import_options addrs = {
	.page_size = 4096, .arena_base = 0x600000000,
};

#define PREAMBLE "start 1\nswitch 1\nmap swap\nw 0x600000000 \"pages.bin\"\n"

static char *import_list(const char *input, const struct import_options *opt,
			 struct event_list *list)
{
	import_data(IMPORT_WITH_LIST, input, opt, 3, list);
	return list_text(list);
}

static void textbook_reference_string(void **state)
{
	struct event_list list;
	char *text;

	(void)state;
	text = import_list("7, 0, 1, 2, 0, 3\n", &pages, &list);
	assert_false(list.failed);
	/* First-touch order: 7 -> arena page 1, 0 -> 2, 1 -> 3, 2 -> 4, 3 -> 5. */
	assert_string_equal(text, PREAMBLE
			    "map file 0x600000000 0\nmap file 0x600000000 1\n"
			    "map file 0x600000000 2\nmap file 0x600000000 3\n"
			    "map file 0x600000000 4\n"
			    "discard 0x600000000\nreset\nr 0x600010000\nr 0x600020000\nr 0x600030000\nr 0x600040000\n"
			    "r 0x600020000\nr 0x600050000\n"
			    "exit\n");
	free(text);
	event_list_free(&list);
}

static void separators_prefixes_and_comments(void **state)
{
	struct event_list list;
	char *text;

	(void)state;
	text = import_list("# a header comment\n"
			   "w5 r5,,5\t0x5   # comment 9 9 9\n"
			   "\n"
			   "W6,R6\r\n"
			   "6",
			   &pages, &list);
	assert_false(list.failed);
	assert_string_equal(text, PREAMBLE
			    "map swap\nmap swap\n"
			    "discard 0x600000000\nreset\nw 0x600010000\nr 0x600010000\nr 0x600010000\nr 0x600010000\n"
			    "w 0x600020000\nr 0x600020000\nr 0x600020000\n"
			    "exit\n");
	assert_int_equal(list.events[8].line, 2);   /* after the discard and reset */
	assert_int_equal(list.events[12].line, 4);
	assert_int_equal(list.events[14].line, 5);
	free(text);
	event_list_free(&list);
}

static void addresses(void **state)
{
	struct event_list list;
	char *text;

	(void)state;
	text = import_list("0x1234 w4660 0xffffffffffffffff 0x1fff\n", &addrs, &list);
	assert_false(list.failed);
	assert_string_equal(text, PREAMBLE
			    "map file 0x600000000 0\nmap file 0x600000000 1\n"
			    "discard 0x600000000\nreset\nr 0x600001234\nw 0x600001234\nr 0x600002fff\nr 0x600001fff\n"
			    "exit\n");
	free(text);
	event_list_free(&list);
}

static void huge_page_numbers(void **state)
{
	struct event_list list;
	char *text;

	(void)state;
	/* With 64 KiB pages the highest page is 2^48 - 1. */
	text = import_list("0xffffffffffff\n", &pages, &list);
	assert_false(list.failed);
	free(text);
	event_list_free(&list);
	text = import_list("1\n0x1000000000000\n", &pages, &list);
	assert_true(list.failed);
	assert_string_equal(list.error, "in:2: page number beyond the 64-bit address space: "
			    "'0x1000000000000'");
	assert_string_equal(text, PREAMBLE "map file 0x600000000 0\ndiscard 0x600000000\nreset\nr 0x600010000\n");
	free(text);
	event_list_free(&list);
}

static void malformed_tokens_are_named(void **state)
{
	static const struct {
		const char *input, *message;
	} cases[] = {
		{ "1 2\n3 x4 5\n", "in:2: expected a page number, optionally after r or w: 'x4'" },
		{ "1 2\n3 4x\n", "in:2: expected a page number, optionally after r or w: '4x'" },
		{ "1 2\n3, w\n", "in:2: expected a page number, optionally after r or w: 'w'" },
		{ "1 2\n3 0x\n", "in:2: expected a page number, optionally after r or w: '0x'" },
		{ "1 2\n3 -4\n", "in:2: expected a page number, optionally after r or w: '-4'" },
		{ "1 2\n3 18446744073709551616\n",
		  "in:2: number does not fit in 64 bits: '18446744073709551616'" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct event_list list;
		char *text = import_list(cases[i].input, &pages, &list);

		assert_true(list.failed);
		assert_string_equal(list.error, cases[i].message);
		free(text);
		event_list_free(&list);
	}
}

static void address_wording(void **state)
{
	struct event_list list;
	char *text = import_list("12 zz\n", &addrs, &list);

	(void)state;
	assert_true(list.failed);
	assert_string_equal(list.error, "in:1: expected an address, optionally after r or w: 'zz'");
	free(text);
	event_list_free(&list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(textbook_reference_string),
		cmocka_unit_test(separators_prefixes_and_comments),
		cmocka_unit_test(addresses),
		cmocka_unit_test(huge_page_numbers),
		cmocka_unit_test(malformed_tokens_are_named),
		cmocka_unit_test(address_wording),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
