/*
 * sim/cli/import_cli.h: the options convert and mix share, which say how to
 * read their inputs:
 *
 *   --from FORMAT      auto (default: text or binary), text, binary,
 *                      lackey, din, pages, addrs
 *   --config FILE      take page_size, arena_base, arena_pages from a config
 *   --page-size N      page size importers compact to (default 65536)
 *   --arena-base A     arena base of the imported process (default 0x600000000)
 *   --arena-pages N    refuse imports that touch more pages (0: no check)
 *   --data-only        importers leave out instruction fetches
 *   --limit N          importers stop after N accesses
 *
 * The command-line values win over the config's. Text and binary inputs
 * are checked against a page size and arena base only when one was given
 * (a binary trace made by an importer records the ones it was made for).
 */
#ifndef MMUSIM_SIM_IMPORT_CLI_H
#define MMUSIM_SIM_IMPORT_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trace_open.h"

struct import_cli {
	struct trace_open_options open;
	const char *config_path;
	bool page_size_set, arena_base_set, arena_pages_set;
};

void import_cli_init(struct import_cli *cli);

/* If argv[*i] is one of the shared options, take it (and its value) and
 * advance *i past them: 1. Not one of them: 0. A bad value: -1 with err. */
int import_cli_option(struct import_cli *cli, int argc, char **argv, int *i,
		      char *err, size_t err_len);

/* Apply the config (if any) under the command-line values: 0, or -1. */
int import_cli_finish(struct import_cli *cli, char *err, size_t err_len);

/* A number: decimal or 0x hexadecimal, the whole string. */
bool import_cli_number(const char *s, uint64_t *value);

/* The usage lines of the shared options. */
const char *import_cli_usage(void);

#endif
