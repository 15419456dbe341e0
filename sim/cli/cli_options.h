/*
 * sim/cli/cli_options.h: how every command reads its options (run, compare,
 * sweep): "--opt VALUE" and "--opt=VALUE" both work.
 */
#ifndef MMUSIM_SIM_CLI_OPTIONS_H
#define MMUSIM_SIM_CLI_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* argv[*i] is `opt`, alone or as "opt=...". */
bool cli_is_option(const char *arg, const char *opt);

/* The value of option `opt` at argv[*i], given as "--opt VALUE" (then *i
 * moves to VALUE) or "--opt=VALUE"; NULL when there is none. */
const char *cli_option_value(int argc, char **argv, int *i, const char *opt);

/* A decimal number from 0 to 2^64-1, digits only (no sign, no blanks, no
 * other base): the one reading of a count on a command line. */
bool cli_parse_u64(const char *s, uint64_t *out);

/* --warmup N (run, compare, sweep): N a number of events, at least 1;
 * false with "mmusim COMMAND: --warmup needs ..." printed. */
bool cli_take_warmup(const char *command, const char *value, uint64_t *warmup);

/* --config FILE and --set KEY=VALUE (repeatable, applied in order), as
 * every command that loads a configuration reads them. */
struct cli_config {
	const char *file;     /* --config: NULL when not given */
	const char **sets;    /* --set values in order, each a copy (cli_config_fini frees) */
	int set_count;
};
/* Room for `room` sets (a command's argc is always enough); false when out
 * of memory. */
bool cli_config_init(struct cli_config *c, int room);
void cli_config_fini(struct cli_config *c);
/* argv[*i] if it is --set, or --config when `file_too`: take it (and its
 * value, moving *i on): 1; not one of them: 0; a bad one: -1 after
 * "mmusim COMMAND: --config needs a file" or "--set needs KEY=VALUE". */
int cli_config_option(struct cli_config *c, const char *command, bool file_too, int argc,
		      char **argv, int *i);
/* One more set, "KEY=VALUE" (copied); false when out of memory. */
bool cli_config_add(struct cli_config *c, const char *key, const char *value);

/* "Policies (the policy key ...):" and one line per policy in the table
 * (pager/policies.c), name and summary, for run --help and sweep --help. */
void cli_print_policies(FILE *out);

#endif
