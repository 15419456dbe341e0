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

bool cli_config_init(struct cli_config *c, int room)
{
	*c = (struct cli_config){ .sets = calloc((size_t)(room > 0 ? room : 1), sizeof *c->sets) };
	return c->sets != NULL;
}

void cli_config_fini(struct cli_config *c)
{
	for (int k = 0; c->sets && k < c->set_count; k++)
		free((char *)c->sets[k]);
	free(c->sets);
	*c = (struct cli_config){0};
}

static bool take(struct cli_config *c, const char *kv)
{
	char *copy = strdup(kv);
	if (copy)
		c->sets[c->set_count++] = copy;
	return copy != NULL;
}

int cli_config_option(struct cli_config *c, const char *command, bool file_too, int argc,
		      char **argv, int *i)
{
	const char *arg = argv[*i];
	if (file_too && cli_is_option(arg, "--config")) {
		if (!(c->file = cli_option_value(argc, argv, i, "--config"))) {
			fprintf(stderr, "mmusim %s: --config needs a file\n", command);
			return -1;
		}
		return 1;
	}
	if (!cli_is_option(arg, "--set"))
		return 0;
	const char *kv = cli_option_value(argc, argv, i, "--set");
	if (!kv || !strchr(kv, '=')) {
		fprintf(stderr, "mmusim %s: --set needs KEY=VALUE\n", command);
		return -1;
	}
	if (!take(c, kv)) {
		fprintf(stderr, "mmusim %s: out of memory\n", command);
		return -1;
	}
	return 1;
}

bool cli_config_add(struct cli_config *c, const char *key, const char *value)
{
	char *kv = NULL;
	if (asprintf(&kv, "%s=%s", key, value) < 0)
		return false;
	c->sets[c->set_count++] = kv;
	return true;
}

void cli_print_policies(FILE *out)
{
	fputs("\nPolicies (the \"policy\" key, --set policy=NAME; docs/policies.md):\n", out);
	for (const struct policy_ops *const *p = policy_table; *p; p++)
		fprintf(out, "  %-17s  %s\n", (*p)->name, (*p)->summary);
}
