/* tests/replay/replay_fixture.c: the fixture of replay_fixture.h. */
#include "replay_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpdir.h"

int replay_fixture_setup(void **state)
{
	struct replay_fixture *fx = calloc(1, sizeof *fx);
	assert_non_null(fx);
	tmpdir_make(fx->dir, sizeof fx->dir, "replay");
	snprintf(fx->trace, sizeof fx->trace, "%s/t.trace", fx->dir);
	config_defaults(&fx->config);
	run_options_default(&fx->opt);
	*state = fx;
	return 0;
}

int replay_fixture_teardown(void **state)
{
	struct replay_fixture *fx = *state;
	tmpdir_remove(fx->dir);
	free(fx);
	return 0;
}

int replay_fixture_run(struct replay_fixture *fx, const char *trace)
{
	tmpdir_put(fx->dir, "t.trace", trace);
	memset(&fx->res, 0, sizeof fx->res);
	fx->err[0] = '\0';
	return run_trace(&fx->config, fx->trace, &fx->opt, &fx->res, fx->err, sizeof fx->err);
}
