/* sim/cli/cli_options.c: the option helpers of cli_options.h. */
#include "cli_options.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "import_cli.h"
#include "policy.h"

bool cli_is_option(const char *arg, const char *opt)
{
	size_t n = strlen(opt);
	return strncmp(arg, opt, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

const char *cli_option_value(int argc, char **argv, int *i, const char *opt)
{
	size_t n = strlen(opt);
	if (strncmp(argv[*i], opt, n) == 0 && argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (strcmp(argv[*i], opt) == 0 && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

bool cli_parse_u64(const char *s, uint64_t *out)
{
	if (!s || !*s || strspn(s, "0123456789") != strlen(s))
		return false;
	errno = 0;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

bool cli_take_warmup(const char *command, const char *value, uint64_t *warmup)
{
	if (!value || !import_cli_number(value, warmup) || *warmup == 0) {
		fprintf(stderr, "mmusim %s: --warmup needs a number of events, at least 1\n",
			command);
		return false;
	}
	return true;
}

void cli_print_policies(FILE *out)
{
	fputs("\nPolicies (the \"policy\" key, --set policy=NAME; docs/policies.md):\n", out);
	for (const struct policy_ops *const *p = policy_table; *p; p++)
		fprintf(out, "  %-17s  %s\n", (*p)->name, (*p)->summary);
}
