/* sim/trace/event_check.c: the text reader's rules on one event's fields. */
#include "event_check.h"

#include <stddef.h>

static const char *expect_problem(const struct trace_event *ev)
{
	bool process = ev->op == EV_START || ev->op == EV_FORK;
	bool map = ev->op == EV_MAP_SWAP || ev->op == EV_MAP_FILE;

	switch (ev->expect) {
	case EXPECT_NONE:
		return NULL;
	case EXPECT_SEGV:
	case EXPECT_OK:
		return event_is_access(ev->op) ? NULL
		       : "'=> segv' and '=> ok' only apply to r and w";
	case EXPECT_NULL:
		return map ? NULL : "'=> null' only applies to map";
	case EXPECT_FAIL:
		return process ? NULL : "'=> -1' only applies to start and fork";
	case EXPECT_VALUE:
		if (map || (process && ev->expect_value == 0))
			return NULL;
		return process ? "start and fork can only expect 0 or -1"
			       : "'=> N' only applies to map, start and fork";
	}
	return "unknown expectation";
}

const char *event_check(const struct trace_event *ev)
{
	if (ev->op >= EV_OP_COUNT)
		return "unknown event";
	if ((ev->op == EV_START || ev->op == EV_SWITCH || ev->op == EV_FORK) && ev->pid < 0)
		return "PID out of range (0 to 2147483647)";
	if (ev->op == EV_FORK && ev->child < 0)
		return "CHILD out of range (0 to 2147483647)";
	if ((ev->op == EV_READ || ev->op == EV_WRITE) && ev->arg == 0)
		return "SIZE must be at least 1";
	if (ev->op == EV_READ_TEXT && ev->arg == 0)
		return "r ADDR \"\" reads nothing: a text load needs at least one byte";
	if (event_holds_text(ev->op) && ev->arg > EVENT_MAX_TEXT)
		return "text longer than 64 MiB";
	return expect_problem(ev);
}
