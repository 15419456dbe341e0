/* tests/live/test_live_parts.c: the live layer's parts without a program:
 * the recording's numbering, outcomes and line replacement, its string
 * quoting, the process table's round-robin queue and mapping changes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "live_procs.h"
#include "live_record.h"

static char *const argv[] = {"./prog", "a", NULL};

/* The events after the header's comment lines. */
static const char *events_of(const struct live_record *r)
{
	const char *p = r->text;
	while (*p == '#')
		p = strchr(p, '\n') + 1;
	return p;
}

static void test_record_numbering(void **state)
{
	(void)state;
	struct mmusim_config c;
	config_defaults(&c);
	struct live_record r;
	record_init(&r, true, &c, argv);
	uint32_t header = r.line;
	assert_true(header >= 3);
	assert_int_equal(record_event(&r, "start %d", 1), header + 1);
	record_outcome(&r, "0");
	assert_int_equal(record_event(&r, "w 0x%x", 0x60000000u), header + 2);
	assert_int_equal(record_event(&r, "map file 0x600000000 0"), header + 3);
	record_outcome(&r, "0x600010000");
	assert_int_equal(r.events, 3);
	assert_string_equal(events_of(&r),
			    "start 1 => 0\nw 0x60000000\nmap file 0x600000000 0 => 0x600010000\n");
	/* a line in the middle grows: the lines after it keep their numbers */
	record_replace(&r, header + 2, "w 0x60000000 \"data1.bin\"");
	size_t len;
	const char *t = record_text(&r, header + 3, &len);
	assert_non_null(t);
	assert_int_equal(len, strlen("map file 0x600000000 0 => 0x600010000"));
	assert_memory_equal(t, "map file", 8);
	assert_string_equal(events_of(&r), "start 1 => 0\nw 0x60000000 \"data1.bin\"\n"
					   "map file 0x600000000 0 => 0x600010000\n");
	/* and shrinks back */
	record_replace(&r, header + 2, "w 1");
	t = record_text(&r, header + 2, &len);
	assert_int_equal(len, 3);
	assert_string_equal(events_of(&r), "start 1 => 0\nw 1\nmap file 0x600000000 0 => 0x600010000\n");
	assert_null(record_text(&r, header + 4, &len));
	record_fini(&r);
}

static void test_record_not_kept(void **state)
{
	(void)state;
	struct mmusim_config c;
	config_defaults(&c);
	struct live_record kept, counted;
	record_init(&kept, true, &c, argv);
	record_init(&counted, false, &c, argv);
	assert_int_equal(kept.line, counted.line);
	assert_int_equal(record_event(&kept, "exit"), record_event(&counted, "exit"));
	assert_null(counted.text);
	size_t len;
	assert_null(record_text(&counted, counted.line, &len));
	record_fini(&kept);
	record_fini(&counted);
}

static void test_record_quote(void **state)
{
	(void)state;
	char out[64];
	const uint8_t name[] = {'a', '"', '\\', '\n', '\t', 1, 0x7f, 0xe9, 'z'};
	record_quote(name, sizeof name, out, sizeof out);
	assert_string_equal(out, "\"a\\\"\\\\\\n\\t\\x01\\x7f\xe9z\"");
}

static void test_procs_queue(void **state)
{
	(void)state;
	struct live_procs p;
	live_procs_init(&p);
	for (int i = 0; i < 20; i++)
		assert_int_equal(live_procs_add(&p, 1000 + i, i + 1, -1), (uint32_t)i);
	assert_int_equal(live_procs_ready_pop(&p), UINT32_MAX);
	live_procs_ready_push(&p, 3);
	live_procs_ready_push(&p, 7);
	live_procs_ready_push(&p, 5);
	live_procs_ready_remove(&p, 7);
	assert_int_equal(live_procs_ready_pop(&p), 3);
	live_procs_ready_push(&p, 3);
	assert_int_equal(live_procs_ready_pop(&p), 5);
	assert_int_equal(live_procs_ready_pop(&p), 3);
	assert_int_equal(live_procs_ready_pop(&p), UINT32_MAX);
	assert_int_equal(p.procs[19].id, 20);
	assert_true(p.procs[19].alive);
	live_procs_fini(&p);
}

static void test_procs_diff(void **state)
{
	(void)state;
	struct live_procs p;
	live_procs_init(&p);
	uint32_t index = live_procs_add(&p, 1, 1, -1); /* may move the table */
	struct live_proc *proc = &p.procs[index];
	struct live_change ch[LIVE_MAX_ARENA_PAGES];
	struct pte table[4] = {
		{.ppage = 0, .read_enable = 1},
		{.ppage = 2, .read_enable = 1, .write_enable = 1},
		{.ppage = 3},                 /* nothing allowed: not mapped */
		{.ppage = 1, .read_enable = 1},
	};
	/* the first time: every page that allows something */
	assert_int_equal(live_procs_diff(proc, table, 4, 8, ch), 3);
	assert_int_equal(ch[0].vpn, 0);
	assert_int_equal(ch[0].prot, LIVE_PROT_READ);
	assert_int_equal(ch[1].vpn, 1);
	assert_int_equal(ch[1].ppage, 2);
	assert_int_equal(ch[1].prot, LIVE_PROT_RW);
	assert_int_equal(ch[2].vpn, 3);
	/* again: nothing changed */
	assert_int_equal(live_procs_diff(proc, table, 4, 8, ch), 0);
	/* a revoked entry, a moved one, a page gone with the table */
	table[1].write_enable = 0;
	table[3].ppage = 2;
	assert_int_equal(live_procs_diff(proc, table, 4, 8, ch), 2);
	assert_int_equal(ch[0].prot, LIVE_PROT_READ);
	assert_int_equal(ch[1].ppage, 2);
	assert_int_equal(live_procs_diff(proc, NULL, 0, 8, ch), 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(ch[i].prot, LIVE_PROT_NONE);
	live_procs_fini(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_numbering),
		cmocka_unit_test(test_record_not_kept),
		cmocka_unit_test(test_record_quote),
		cmocka_unit_test(test_procs_queue),
		cmocka_unit_test(test_procs_diff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
