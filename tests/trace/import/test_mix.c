/* tests/trace/import/test_mix.c: interleaving single-process traces. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_check.h"
#include "helpers.h"
#include "mix.h"
#include "trace_text.h"

static struct event_source *text_source(const char *name, const char *text)
{
	char err[512];
	struct event_source *src = trace_text_open_buffer(name, text, strlen(text), err,
							  sizeof err);

	if (!src)
		fail_msg("%s", err);
	return src;
}

/* Mix the texts (named A, B, C...) with `quantum`, in batches of `batch`. */
static void mix_texts(const char *const *texts, int count, uint64_t quantum, int batch,
		      struct event_list *out)
{
	static const char *const names[] = { "A", "B", "C", "D" };
	struct event_source *inputs[4];
	char err[512];
	struct event_source *mixed;

	for (int i = 0; i < count; i++)
		inputs[i] = text_source(names[i], texts[i]);
	mixed = mix_open(inputs, count, quantum, err, sizeof err);
	if (!mixed)
		fail_msg("%s", err);
	drain(mixed, batch, out);
}

static void round_robin_order(void **state)
{
	const char *const texts[] = {
		"start 7\nswitch 7\nmap swap\nr 0x600000000\nr 0x600000001\nr 0x600000002\nexit\n",
		"start 3 => 0\nmap swap => 0x600000000\nw 0x600000000\nw 0x600000001\n"
		"compute 5\nw 0x600000002\nw 0x600000003\nw 0x600000004 \"x\"\n",
	};
	static const char expected[] =
		"start 1\nswitch 1\nmap swap\nr 0x600000000\nr 0x600000001\n"
		"start 2 => 0\nswitch 2\nmap swap => 0x600000000\nw 0x600000000\nw 0x600000001\n"
		"switch 1\nr 0x600000002\nexit\n"
		"switch 2\ncompute 5\nw 0x600000002\nw 0x600000003\n"
		"w 0x600000004 \"x\"\nexit\n";

	(void)state;
	for (int batch = 1; batch <= 100; batch *= 10) {
		struct event_list list;
		char *text;

		mix_texts(texts, 2, 2, batch, &list);
		assert_false(list.failed);
		text = list_text(&list);
		assert_string_equal(text, expected);
		for (int i = 0; i < list.count; i++)
			assert_int_equal(list.events[i].line, i + 1);
		free(text);
		event_list_free(&list);
	}
}

/* Set-ups and the window (docs/trace-formats.md, "mmusim mix"): A's
 * first turn ends at its reset (its name store does not use up the
 * quantum of 1), B has no reset and takes a normal first turn, C's reset
 * comes after its quantum and so is written as it is; one reset for the
 * mix after the first turns. A's maps of its name keep their blocks, C's
 * move past A's (B maps another address: left alone). */
static void setups_then_one_reset(void **state)
{
	const char *const texts[] = {
		"start 1\nmap swap\nw 0x600000000 \"pages.bin\"\n"
		"map file 0x600000000 0\nmap file 0x600000000 1\n"
		"discard 0x600000000\nreset\nr 0x600010000\nr 0x600020000\n",
		"start 1\nmap swap\nw 0x600000000 \"data.bin\"\nmap file 0x600000000 0\n"
		"r 0x600010000\nr 0x600010001\n",
		"start 1\nmap swap\nw 0x600000000 \"pages.bin\"\nmap file 0x600000000 0\n"
		"r 0x600010000\nreset\nr 0x600010001\n",
	};
	static const char expected[] =
		"start 1\nswitch 1\nmap swap\nw 0x600000000 \"pages.bin\"\n"
		"map file 0x600000000 0\nmap file 0x600000000 1\ndiscard 0x600000000\n"
		"start 2\nswitch 2\nmap swap\nw 0x600000000 \"data.bin\"\n"
		"map file 0x600000000 0\nr 0x600010000\n"
		"start 3\nswitch 3\nmap swap\nw 0x600000000 \"pages.bin\"\n"
		"map file 0x600000000 2\nr 0x600010000\n"
		"reset\n"
		"switch 1\nr 0x600010000\nswitch 2\nr 0x600010001\nswitch 3\nreset\n"
		"r 0x600010001\nswitch 1\nr 0x600020000\n"
		"switch 2\nexit\nswitch 3\nexit\nswitch 1\nexit\n";

	(void)state;
	for (int batch = 1; batch <= 100; batch *= 10) {
		struct event_list list;
		char *text;

		mix_texts(texts, 3, 1, batch, &list);
		assert_false(list.failed);
		text = list_text(&list);
		assert_string_equal(text, expected);
		free(text);
		event_list_free(&list);
	}
}

/* An input that maps its name's blocks after the next input started
 * would reach into that input's blocks: an error naming its line. */
static void blocks_that_would_be_shared(void **state)
{
	const char *const texts[] = {
		"start 1\nmap swap\nw 0x600000000 \"pages.bin\"\nmap file 0x600000000 0\n"
		"r 0x600010000\nmap file 0x600000000 1\n",
		"start 1\nmap swap\nw 0x600000000 \"pages.bin\"\nmap file 0x600000000 0\n"
		"r 0x600010000\n",
	};
	struct event_list list;

	(void)state;
	mix_texts(texts, 2, 1, 10, &list);
	assert_true(list.failed);
	assert_string_equal(list.error, "A:6: mix: block 1 of pages.bin would be another "
			    "input's (each input's maps of it must come before the next "
			    "input starts)");
	event_list_free(&list);
}

/* Input i has counts[i] accesses; check the turns and the totals. */
static void counts_and_turns(void **state)
{
	enum { INPUTS = 3, QUANTUM = 7 };
	const int counts[INPUTS] = { 1000, 250, 0 };
	char *texts[INPUTS];
	int seen[INPUTS + 1] = { 0 }, starts[INPUTS + 1] = { 0 }, exits[INPUTS + 1] = { 0 };
	int current = 0, run = 0, last_switch_to = 0;
	struct event_list list;

	(void)state;
	for (int i = 0; i < INPUTS; i++) {
		size_t cap = 64 + (size_t)counts[i] * 32, used = 0;

		texts[i] = malloc(cap);
		used += (size_t)snprintf(texts[i], cap, "start %d\nswitch %d\nmap swap\n", 40 + i,
					 40 + i);
		for (int a = 0; a < counts[i]; a++)
			used += (size_t)snprintf(texts[i] + used, cap - used, "%c 0x%llx\n",
						 a % 3 ? 'r' : 'w', 0x600000000ULL + (unsigned)a);
		if (i != 1)
			snprintf(texts[i] + used, cap - used, "exit\n");
	}
	mix_texts((const char *const *)texts, INPUTS, QUANTUM, 64, &list);
	assert_false(list.failed);
	for (int e = 0; e < list.count; e++) {
		const struct trace_event *ev = &list.events[e];

		switch (ev->op) {
		case EV_START:
			starts[ev->pid]++;
			break;
		case EV_SWITCH:
			assert_int_not_equal(ev->pid, last_switch_to);
			if (current && run)   /* a turn that ended early ended its input */
				assert_true(run == QUANTUM || seen[current] == counts[current - 1]);
			current = last_switch_to = ev->pid;
			run = 0;
			break;
		case EV_EXIT:
			exits[current]++;
			break;
		default:
			if (event_is_access(ev->op)) {
				seen[current]++;
				run++;
				/* Turns show while another process is left. */
				if (exits[2] == 0)
					assert_true(run <= QUANTUM);
			}
		}
	}
	for (int p = 1; p <= INPUTS; p++) {
		assert_int_equal(seen[p], counts[p - 1]);
		assert_int_equal(starts[p], 1);
		assert_int_equal(exits[p], 1);
	}
	event_list_free(&list);
	for (int i = 0; i < INPUTS; i++)
		free(texts[i]);
}

static void text_survives_refills(void **state)
{
	enum { TEXTS = 3000 };
	size_t cap = 64 + TEXTS * 40, used = 0;
	char *a = malloc(cap);
	const char *texts[2];
	struct event_list list;
	int k = 0;

	(void)state;
	used += (size_t)snprintf(a, cap, "start 1\nswitch 1\nmap swap\n");
	for (int i = 0; i < TEXTS; i++)
		used += (size_t)snprintf(a + used, cap - used, "w 0x600000000 \"text %d\"\n", i);
	texts[0] = a;
	texts[1] = "start 2\nswitch 2\nmap swap\nr 0x600000000\n";
	mix_texts(texts, 2, 1000, 4096, &list);
	assert_false(list.failed);
	for (int e = 0; e < list.count; e++) {
		char want[32];

		if (list.events[e].op != EV_WRITE_TEXT)
			continue;
		snprintf(want, sizeof want, "text %d", k++);
		assert_int_equal(list.events[e].arg, strlen(want));
		assert_memory_equal(list.events[e].text, want, strlen(want));
	}
	assert_int_equal(k, TEXTS);
	event_list_free(&list);
	free(a);
}

static void expect_mix_error(const char *a, const char *b, const char *message)
{
	const char *texts[] = { a, b };
	struct event_list list;

	mix_texts(texts, 2, 1, 16, &list);
	assert_true(list.failed);
	assert_string_equal(list.error, message);
	event_list_free(&list);
}

static void inputs_must_be_single_processes(void **state)
{
	static const char good[] = "start 1\nswitch 1\nmap swap\nr 0x600000000\nexit\n";

	(void)state;
	expect_mix_error(good, "start 1\nswitch 1\nfork 1 2\n",
			 "B:3: mix takes one process per trace: fork");
	expect_mix_error(good, "start 1\nswitch 2\n",
			 "B:2: mix takes one process per trace: switch to 2, not 1");
	expect_mix_error(good, "start 1\nstart 2\n",
			 "B:2: mix takes one process per trace: a second start");
	expect_mix_error(good, "start 1\nexit\nmap swap\n",
			 "B:3: mix takes one process per trace: map swap after its exit");
	expect_mix_error("\n# nothing\nmap swap\n", good,
			 "A:3: a trace to mix begins with start, not map swap");
	expect_mix_error(good, "start 1\nswitch 1\nbogus\n", "B:3: unknown keyword 'bogus'");
}

static void empty_input_is_skipped(void **state)
{
	const char *const texts[] = { "# nothing at all\n", "start 5\nswitch 5\nexit\n" };
	struct event_list list;
	char *text;

	(void)state;
	mix_texts(texts, 2, 3, 16, &list);
	text = list_text(&list);
	assert_string_equal(text, "start 2\nswitch 2\nexit\n");
	free(text);
	event_list_free(&list);
}

static void bad_arguments(void **state)
{
	struct event_source *one[1];
	char err[256];

	(void)state;
	assert_null(mix_open(one, 0, 1, err, sizeof err));
	assert_string_equal(err, "mix: needs at least one trace");
	one[0] = text_source("A", "start 1\n");
	assert_null(mix_open(one, 1, 0, err, sizeof err));   /* closes the input */
	assert_string_equal(err, "mix: the quantum must be at least 1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_robin_order),
		cmocka_unit_test(counts_and_turns),
		cmocka_unit_test(setups_then_one_reset),
		cmocka_unit_test(blocks_that_would_be_shared),
		cmocka_unit_test(text_survives_refills),
		cmocka_unit_test(inputs_must_be_single_processes),
		cmocka_unit_test(empty_input_is_skipped),
		cmocka_unit_test(bad_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
