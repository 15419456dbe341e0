/* sim/cli/main.c: the mmusim executable; every command is a line of the
 * table in sim/cli/cli.c. */
#include "cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
