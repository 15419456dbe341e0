/*
 * sim/cli/cli.c: subcommand dispatch. Adding a command is one line in
 * COMMANDS below and a file defining cmd_NAME. An underscore in NAME is a
 * hyphen on the command line (sweep_task: `mmusim sweep-task`).
 */
#include "cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "mmusim_version.h"

/*    name     summary (one line, --help) */
#define COMMANDS(X)                                                          \
	X(run, "replay a trace; report what the MMU and the pager did")          \
	X(gen, "make a reference string for homework, with or without answers") \
	X(convert, "convert a trace: text, binary, lackey, din, pages, addrs")   \
	X(mix, "interleave single-process traces into a multiprogrammed one")   \
	X(compare, "replay a trace under several configurations, one row each") \
	X(sweep, "vary one key over a range and policies; table and plot")      \
	X(mrc, "exact LRU and OPT miss counts of every memory size, one pass")  \
	X(live, "run a real program on the pager, on real memory; record it")   \
	X(sweep_task, "run one task of a Slurm sweep or compare (docs/slurm.md)") \
	OPTIONAL_COMMANDS(X)

/* Commands built only with an optional dependency. */
#ifdef MMUSIM_HAVE_VIZ
#define OPTIONAL_COMMANDS(X) \
	X(viz, "show the pager at work in a window, event by event")
#else
#define OPTIONAL_COMMANDS(X)
#endif

#define DECLARE(name, summary) int cmd_##name(int argc, char **argv);
COMMANDS(DECLARE)
#undef DECLARE

static const struct cli_command commands[] = {
#define ROW(name, summary) {#name, cmd_##name, summary},
	COMMANDS(ROW)
#undef ROW
};

const struct cli_command *cli_commands(size_t *count)
{
	*count = sizeof commands / sizeof commands[0];
	return commands;
}

/* The table's name as typed: '_' is '-'. */
static bool same_name(const char *table, const char *typed)
{
	for (; *table && *typed; table++, typed++)
		if (*table != *typed && !(*table == '_' && *typed == '-'))
			return false;
	return *table == *typed;
}

static void list(FILE *out, const struct cli_command *cmds, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char name[32];
		snprintf(name, sizeof name, "%s", cmds[i].name);
		for (char *c = name; *c; c++)
			*c = *c == '_' ? '-' : *c;
		fprintf(out, "  %-10s %s\n", name, cmds[i].summary);
	}
}

static void usage(FILE *out)
{
	fputs("usage: mmusim COMMAND [ARGS...]\n"
	      "       mmusim --help | --version\n"
	      "\n"
	      "A cycle-driven MMU simulator with an OS pager inside.\n"
	      "\n"
	      "commands:\n",
	      out);
	list(out, commands, sizeof commands / sizeof commands[0]);
	fputs("\nRun 'mmusim COMMAND --help' for a command's options.\n"
	      "Exit status: 0 ok, 1 an expectation or data check failed, "
	      "2 bad input.\n",
	      out);
}

static const struct cli_command *find(const char *name)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (same_name(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int cli_main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *word = argv[1];
	if (strcmp(word, "--help") == 0 || strcmp(word, "-h") == 0 ||
	    strcmp(word, "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(word, "--version") == 0) {
		printf("mmusim %s\n", MMUSIM_VERSION);
		return 0;
	}
	const struct cli_command *cmd = find(word);
	if (!cmd) {
		fprintf(stderr, "mmusim: unknown command '%s' (see mmusim --help)\n",
			word);
		return 2;
	}
	return cmd->run(argc - 1, argv + 1);
}
