/* tests/machine/test_machine.c: machine_access, the one door of every access
 * (translate, fault to the pager, retry, charge), against a real pager:
 * exact counts and cycles per kind, a killed access, compute's limit, and
 * cycle counts that saturate instead of wrapping (issue 11). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "pager.h"
#include "sim_machine.h"

struct rig {
	struct mmusim_config config;
	struct machine m;
	struct pager *pager;
	uint64_t page;    /* vaddr of the one mapped swap page */
};

/* Distinct latencies, so that every kind's charge can be told apart. */
static void setup_with(struct rig *g, const char *policy)
{
	char err[256] = "";
	memset(g, 0, sizeof *g);
	config_defaults(&g->config);
	snprintf(g->config.policy, sizeof g->config.policy, "%s", policy);
	g->config.latency = (struct latency_config){
		.tlb_hit = 1, .walk = 10, .memory = 100, .fault = 1000,
		.disk_read = 10000, .disk_write = 20000, .zero_fill = 300,
		.copy = 400,
	};
	assert_int_equal(machine_init(&g->m, &g->config, ".", false, err,
				      sizeof err), 0);
	struct pager_config pc = {
		.memory_pages = g->config.memory_pages,
		.swap_blocks = g->config.swap_blocks,
		.page_size = g->config.page_size,
		.arena_base = g->config.arena_base,
		.arena_pages = g->config.arena_pages,
		.policy = policy_find(policy),
		.seed = g->config.seed,
	};
	g->pager = pager_create(&pc, &g->m.iface, err, sizeof err);
	assert_non_null(g->pager);
	machine_attach(&g->m, g->pager);
	assert_int_equal(pager_fork(g->pager, -1, 1), 0);
	pager_switch(g->pager, 1);
	machine_switched(&g->m);
	assert_int_equal(pager_map(g->pager, false, 0, 0, &g->page), 0);
}

static int setup(void **state)
{
	static struct rig g;
	setup_with(&g, "clock");
	*state = &g;
	return 0;
}

static int teardown(void **state)
{
	struct rig *g = *state;
	pager_destroy(g->pager);
	machine_fini(&g->m);
	return 0;
}

static void test_first_store_faults_then_hits(void **state)
{
	struct rig *g = *state;
	struct machine *m = &g->m;
	uint32_t frame = 0;
	assert_int_equal(machine_access(m, 1, g->page + 8, true, &frame),
			 MACHINE_OK);
	assert_true(frame > 0);
	/* a miss, a walk, the fault, the retry's miss and walk, a zero fill */
	assert_int_equal(m->faults, 1);
	assert_int_equal(m->faults_invalid, 0);
	assert_int_equal(m->tlb_hits, 0);
	assert_int_equal(m->tlb_misses, 2);
	assert_int_equal(m->cycles.tlb, 2);
	assert_int_equal(m->cycles.walk, 20);
	assert_int_equal(m->cycles.fault, 1000);
	assert_int_equal(m->cycles.zero_fill, 300);
	assert_int_equal(m->cycles.memory, 100);
	assert_int_equal(machine_total_cycles(m), 1422);

	uint32_t again = 0;
	assert_int_equal(machine_access(m, 1, g->page + 16, false, &again),
			 MACHINE_OK);
	assert_int_equal(again, frame);
	assert_int_equal(m->tlb_hits, 1);
	assert_int_equal(m->faults, 1);
	assert_int_equal(m->cycles.tlb, 3);
	assert_int_equal(m->cycles.memory, 200);
	assert_int_equal(machine_total_cycles(m), 1523);
	assert_int_equal(pager_stats(g->pager)->faults, m->faults);
}

static void test_access_outside_the_arena_is_a_segv(void **state)
{
	struct rig *g = *state;
	struct machine *m = &g->m;
	uint32_t frame = 0;
	assert_int_equal(machine_access(m, 1, g->config.arena_base - 1, false,
					&frame),
			 MACHINE_SEGV);
	assert_int_equal(m->faults, 1);
	assert_int_equal(m->faults_invalid, 1);
	assert_int_equal(m->cycles.memory, 0); /* nothing completed */
	assert_int_equal(m->cycles.fault, 1000);
	assert_int_equal(pager_stats(g->pager)->faults_invalid, 1);
}

static void test_compute_stops_short_of_2_to_the_63(void **state)
{
	struct rig *g = *state;
	struct machine *m = &g->m;
	assert_true(machine_compute(m, 5));
	assert_int_equal(m->cycles.compute, 5);
	assert_false(machine_compute(m, UINT64_MAX / 2));
	assert_int_equal(m->cycles.compute, 5); /* nothing charged */
	assert_true(machine_compute(m, UINT64_MAX / 2 - 5));
	assert_int_equal(machine_total_cycles(m), UINT64_MAX / 2);
	assert_false(machine_compute(m, 1));
}

/* issue 11: a count at the top stays there; so does the total. */
static void test_cycles_saturate(void **state)
{
	struct rig *g = *state;
	struct machine *m = &g->m;
	m->cycles.fault = UINT64_MAX - 999;
	m->cycles.memory = UINT64_MAX - 5;
	uint32_t frame = 0;
	assert_int_equal(machine_access(m, 1, g->page, true, &frame),
			 MACHINE_OK);
	assert_int_equal(m->cycles.fault, UINT64_MAX);
	assert_int_equal(m->cycles.memory, UINT64_MAX);
	assert_int_equal(m->cycles.walk, 20);
	assert_int_equal(machine_total_cycles(m), UINT64_MAX);
	uint64_t c = UINT64_MAX - 3;
	machine_charge(&c, 3);
	assert_int_equal(c, UINT64_MAX);
	c = UINT64_MAX - 3;
	machine_charge(&c, LATENCY_MAX);
	assert_int_equal(c, UINT64_MAX);
	c = 7;
	machine_charge(&c, LATENCY_MAX);
	assert_int_equal(c, LATENCY_MAX + 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_first_store_faults_then_hits,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_access_outside_the_arena_is_a_segv,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_compute_stops_short_of_2_to_the_63,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_cycles_saturate, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
