/*
 * sim/trace/event_check.h: what the text form of a trace can say, as a check on
 * an event made any other way (the binary reader, the writers), so every
 * format holds exactly the events the text reader accepts.
 */
#ifndef MMUSIM_SIM_EVENT_CHECK_H
#define MMUSIM_SIM_EVENT_CHECK_H

#include "event.h"

enum { EVENT_MAX_TEXT = 64 << 20 };   /* bytes of one r/w "TEXT" (the text reader's line limit) */

/* What is wrong with ev, worded as the text reader words it, or NULL.
 * Only the fields ev's op uses are looked at. */
const char *event_check(const struct trace_event *ev);

static inline bool event_is_access(unsigned op)
{
	return op == EV_READ || op == EV_WRITE || op == EV_READ_TEXT ||
	       op == EV_WRITE_TEXT;
}

static inline bool event_holds_text(unsigned op)
{
	return op == EV_READ_TEXT || op == EV_WRITE_TEXT || op == EV_PUT;
}

#endif
