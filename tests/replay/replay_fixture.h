/*
 * tests/replay/replay_fixture.h: the fixture of the replay tests that run
 * small traces written on the spot: a folder, a configuration, run
 * options, and the last run's result and error.
 */
#ifndef MMUSIM_TESTS_REPLAY_FIXTURE_H
#define MMUSIM_TESTS_REPLAY_FIXTURE_H

#include "config.h"
#include "report.h"
#include "run.h"

struct replay_fixture {
	char dir[64];
	char trace[128];              /* DIR/t.trace */
	char err[1024];
	struct mmusim_config config;  /* the defaults: clock, 4 frames (3 usable), 64 KiB */
	struct run_options opt;       /* run_options_default */
	struct run_result res;
};

/* cmocka setup and teardown: a fresh folder and fixture, then removed. */
int replay_fixture_setup(void **state);
int replay_fixture_teardown(void **state);

/* Write `trace` as DIR/t.trace and replay it; run_trace's exit code, the
 * result in fx->res and any error in fx->err. */
int replay_fixture_run(struct replay_fixture *fx, const char *trace);

#endif
