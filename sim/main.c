/* sim/main.c: the mmusim executable; every command lives in sim/cli.c's
 * table, except those of optional parts, registered here. */
#include "cli.h"
#ifdef MMUSIM_HAVE_VIZ
#include "viz.h"
#endif

/* Commands whose code is only built with an optional dependency go here,
 * under their #ifdef (e.g. MMUSIM_HAVE_VIZ for the visual front end). */
static const struct cli_command optional_commands[] = {
#ifdef MMUSIM_HAVE_VIZ
	{"viz", cmd_viz, "show the pager at work in a window, event by event"},
#endif
	{0},
};

int main(int argc, char **argv)
{
	size_t n = sizeof optional_commands / sizeof optional_commands[0] - 1;
	return cli_main(argc, argv, optional_commands, n);
}
