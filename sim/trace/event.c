/* sim/trace/event.c: the names of event kinds, as the text format spells
 * them (for messages, the log and the writers). */
#include "event.h"

const char *event_op_name(enum event_op op)
{
	static const char *const names[EV_OP_COUNT] = {
		[EV_START] = "start",       [EV_FORK] = "fork",
		[EV_SWITCH] = "switch",     [EV_MAP_SWAP] = "map swap",
		[EV_MAP_FILE] = "map file", [EV_READ] = "r",
		[EV_WRITE] = "w",           [EV_READ_TEXT] = "r",
		[EV_WRITE_TEXT] = "w",      [EV_EXIT] = "exit",
		[EV_COMPUTE] = "compute",   [EV_RESET] = "reset",
		[EV_DISCARD] = "discard",   [EV_PUT] = "put",
	};
	return (unsigned)op < EV_OP_COUNT ? names[op] : "?";
}
