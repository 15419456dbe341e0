/*
 * tests/trace/import/test_real.c: the traces captured from real programs
 * (traces/real/, see its README): their shape, and that each replays
 * under configs/default.json. argv[1] is the source tree.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "run.h"
#include "trace_open.h"

static const char *source_root = ".";

static const char *const traces[] = { "sort", "gzip", "sqlite3", "python3" };

struct shape {
	uint64_t maps, accesses, events;
};

/* Open the trace as `mmusim run` does. */
static struct event_source *open_auto(const char *path, char *err, size_t err_len)
{
	return trace_open(path, TRACE_AUTO, 65536, 0x600000000, err, err_len);
}

static void trace_path(char *path, size_t len, const char *name)
{
	snprintf(path, len, "%s/traces/real/%s.trace.zst", source_root, name);
}

/* The importer's layout: preamble, every map, then accesses within the
 * mapped pages, each inside one page; exit last. */
static void check_shape(const char *path, struct shape *shape)
{
	enum { BATCH = 4096 };
	const uint64_t base = 0x600000000, page = 65536;
	struct trace_event *batch = malloc(BATCH * sizeof *batch);
	char err[1024];
	struct event_source *src = open_auto(path, err, sizeof err);
	bool accesses_begun = false, exited = false;
	int n;

	if (!src)
		fail_msg("%s", err);
	*shape = (struct shape){ 0 };
	while ((n = src->fill(src, batch, BATCH, err, sizeof err)) > 0) {
		for (int i = 0; i < n; i++, shape->events++) {
			const struct trace_event *ev = &batch[i];

			assert_false(exited);
			switch (shape->events) {
			case 0: assert_int_equal(ev->op, EV_START); continue;
			case 1: assert_int_equal(ev->op, EV_SWITCH); continue;
			case 2: assert_int_equal(ev->op, EV_MAP_SWAP); continue;
			case 3:
				assert_int_equal(ev->op, EV_WRITE_TEXT);
				assert_int_equal(ev->addr, base);
				assert_memory_equal(ev->text, "pages.bin", 9);
				continue;
			}
			if (ev->op == EV_MAP_FILE || ev->op == EV_MAP_SWAP) {
				assert_false(accesses_begun);
				if (ev->op == EV_MAP_FILE)
					assert_int_equal(ev->arg, shape->maps);
				shape->maps++;
			} else if (ev->op == EV_READ || ev->op == EV_WRITE) {
				accesses_begun = true;
				assert_true(ev->addr >= base + page);
				assert_true(ev->addr + ev->arg <= base + (shape->maps + 1) * page);
				assert_int_equal((ev->addr - base) / page,
						 (ev->addr + ev->arg - 1 - base) / page);
				shape->accesses++;
			} else {
				assert_int_equal(ev->op, EV_EXIT);
				exited = true;
			}
		}
	}
	if (n < 0)
		fail_msg("%s", err);
	assert_true(exited);
	assert_true(shape->maps >= 10);
	assert_true(shape->maps <= 255);   /* configs/default.json: 256 arena pages */
	assert_true(shape->accesses >= 400000);
	src->close(src);
	free(batch);
}

static void captured_traces_replay(void **state)
{
	char path[4096], config_path[4096], err[1024];
	struct mmusim_config config;

	(void)state;
	snprintf(config_path, sizeof config_path, "%s/configs/default.json", source_root);
	if (config_load(&config, config_path, NULL, 0, err, sizeof err) != 0)
		fail_msg("%s", err);
	for (size_t t = 0; t < sizeof traces / sizeof traces[0]; t++) {
		struct run_options opt;
		struct run_result *res = calloc(1, sizeof *res);
		struct shape shape;

		trace_path(path, sizeof path, traces[t]);
		check_shape(path, &shape);
		run_options_default(&opt);
		if (run_trace(&config, path, &opt, res, err, sizeof err) != 0)
			fail_msg("%s: %s", traces[t], err);
		assert_int_equal(res->events, shape.events);
		assert_int_equal(res->reads + res->writes, shape.accesses + 1);   /* + the name */
		assert_int_equal(res->maps_ok, shape.maps + 1);
		assert_int_equal(res->maps_failed, 0);
		assert_int_equal(res->killed, 0);
		assert_int_equal(res->faults_invalid, 0);
		/* Every page takes a frame on its first touch: at least one
		 * fault per page (and the name page's). */
		assert_true(res->faults >= shape.maps + 1);
		free(res);
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(captured_traces_replay),
	};

	if (argc > 1)
		source_root = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
