/* sim/cli/import_cli.c: parsing the options of import_cli.h. */
#include "import_cli.h"
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void import_cli_init(struct import_cli *cli)
{
	struct mmusim_config defaults;

	config_defaults(&defaults);
	*cli = (struct import_cli){ 0 };
	cli->open.format = TRACE_AUTO;
	cli->open.page_size = defaults.page_size;
	cli->open.arena_base = defaults.arena_base;
}

bool import_cli_number(const char *s, uint64_t *value)
{
	int base = 10;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (*s < '0' || (*s > '9' && base == 10) ||
	    (base == 16 && !strchr("0123456789abcdefABCDEF", *s)))
		return false;
	errno = 0;
	*value = strtoull(s, &end, base);
	return errno == 0 && *end == '\0';
}

/* The value after option argv[*i], as a number. */
static int take_number(int argc, char **argv, int *i, uint64_t max, uint64_t *value,
		       char *err, size_t err_len)
{
	const char *opt = argv[*i];

	if (*i + 1 >= argc) {
		snprintf(err, err_len, "%s needs a value", opt);
		return -1;
	}
	if (!import_cli_number(argv[*i + 1], value) || *value > max) {
		snprintf(err, err_len, "%s: '%s' is not a number from 0 to %" PRIu64, opt,
			 argv[*i + 1], max);
		return -1;
	}
	*i += 2;
	return 1;
}

int import_cli_option(struct import_cli *cli, int argc, char **argv, int *i,
		      char *err, size_t err_len)
{
	const char *opt = argv[*i];
	uint64_t v;
	int rc;

	if (strcmp(opt, "--from") == 0 || strcmp(opt, "--config") == 0) {
		if (*i + 1 >= argc) {
			snprintf(err, err_len, "%s needs a value", opt);
			return -1;
		}
		if (opt[2] == 'c') {
			cli->config_path = argv[*i + 1];
		} else if (!trace_format_parse(argv[*i + 1], &cli->open.format)) {
			snprintf(err, err_len, "--from: unknown format '%s' (auto|%s)",
				 argv[*i + 1], trace_format_list());
			return -1;
		}
		*i += 2;
		return 1;
	}
	if (strcmp(opt, "--data-only") == 0) {
		cli->open.data_only = true;
		*i += 1;
		return 1;
	}
	if (strcmp(opt, "--page-size") == 0) {
		rc = take_number(argc, argv, i, UINT32_MAX, &v, err, err_len);
		cli->open.page_size = (uint32_t)v;
		cli->page_size_set = true;
		return rc;
	}
	if (strcmp(opt, "--arena-base") == 0) {
		cli->arena_base_set = true;
		return take_number(argc, argv, i, UINT64_MAX, &cli->open.arena_base, err, err_len);
	}
	if (strcmp(opt, "--arena-pages") == 0) {
		cli->arena_pages_set = true;
		return take_number(argc, argv, i, UINT32_MAX, &cli->open.arena_pages, err, err_len);
	}
	if (strcmp(opt, "--limit") == 0)
		return take_number(argc, argv, i, UINT64_MAX, &cli->open.limit, err, err_len);
	return 0;
}

int import_cli_finish(struct import_cli *cli, char *err, size_t err_len)
{
	struct mmusim_config config;
	uint32_t ps;

	if (cli->config_path) {
		if (config_load(&config, cli->config_path, NULL, 0, err, err_len) < 0)
			return -1;
		if (!cli->page_size_set)
			cli->open.page_size = config.page_size;
		if (!cli->arena_base_set)
			cli->open.arena_base = config.arena_base;
		if (!cli->arena_pages_set)
			cli->open.arena_pages = config.arena_pages;
	}
	ps = cli->open.page_size;
	struct page_geometry geo;  /* the rules every layer checks (page_geometry.h) */
	switch (page_geometry_init(&geo, ps, cli->open.arena_base, 1)) {
	case PAGE_GEOMETRY_OK:
		break;
	case PAGE_GEOMETRY_SIZE:
		snprintf(err, err_len, "--page-size: %" PRIu32 " is not a power of two "
			 "from 256 to 1048576", ps);
		return -1;
	default:  /* an aligned base leaves room for one page */
		snprintf(err, err_len, "--arena-base: 0x%" PRIx64 " is not a multiple of "
			 "the page size (%" PRIu32 ")", cli->open.arena_base, ps);
		return -1;
	}
	if (!trace_format_is_import(cli->open.format) && !cli->config_path &&
	    !cli->page_size_set && !cli->arena_base_set)
		cli->open.page_size = 0;   /* nothing asked: check nothing */
	return 0;
}

const char *import_cli_usage(void)
{
	return "  --from FORMAT     input format: auto (text or binary, the default),\n"
	       "                    text, binary, lackey, din, pages, addrs\n"
	       "  --config FILE     take page_size, arena_base, arena_pages from a config\n"
	       "  --page-size N     page size importers compact to (default 65536)\n"
	       "  --arena-base A    arena base of imported traces (default 0x600000000)\n"
	       "  --arena-pages N   refuse imports touching more pages (default: no check)\n"
	       "  --data-only       importers leave out instruction fetches\n"
	       "  --limit N         importers stop after N accesses\n";
}
