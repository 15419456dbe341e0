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

/* "Policies (the policy key ...):" and one line per policy in the table
 * (pager/policies.c), name and summary, for run --help and sweep --help. */
void cli_print_policies(FILE *out);

#endif
