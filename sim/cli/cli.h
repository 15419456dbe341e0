/*
 * sim/cli/cli.h: the `mmusim` command line: one table of subcommands
 * (sim/cli/cli.c), each `int cmd_NAME(int argc, char **argv)` in its own file
 * (argv[0] is the command's name). A command returns the exit status:
 * 0 ok, 1 an expectation or data check failed, 2 bad input.
 */
#ifndef MMUSIM_CLI_H
#define MMUSIM_CLI_H

#include <stddef.h>

struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;   /* one line, for `mmusim --help` */
};

/* Every command this build has (cli.c), in --help order. */
const struct cli_command *cli_commands(size_t *count);

/* `mmusim [--help | --version | COMMAND ARGS...]`. */
int cli_main(int argc, char **argv);

#endif
