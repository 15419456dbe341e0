/* sim/cli/sweep_grid.c: parsing the grid of sweep_grid.h. */
#include "sweep_grid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_cli.h"
#include "policy.h"

/* A number from s up to (not including) end. */
static bool number_between(const char *s, const char *end, uint64_t *v)
{
	char buf[32];
	size_t n = (size_t)(end - s);
	if (n == 0 || n >= sizeof buf)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return import_cli_number(buf, v);
}

static int fail(char *err, size_t err_len, const char *text, const char *what)
{
	snprintf(err, err_len, "--vary '%s': %s", text, what);
	return -1;
}

/* The values from..to by step (or times factor); -1 when too many. */
static int list_values(struct sweep_grid *g, uint64_t from, uint64_t to,
		       uint64_t step, bool multiply)
{
	size_t n = 0;
	for (uint64_t v = from;;) {
		if (n == SWEEP_MAX_RUNS)
			return -1;
		g->values[n++] = v;
		uint64_t next = multiply ? v * step : v + step;
		if ((multiply ? next / step != v : next < v) || next > to)
			break;
		v = next;
	}
	g->value_count = n;
	return 0;
}

int sweep_grid_vary(struct sweep_grid *g, const char *text, char *err,
		    size_t err_len)
{
	const char *eq = strchr(text, '=');
	const char *dots = eq ? strstr(eq + 1, "..") : NULL;
	if (!eq || !dots)
		return fail(err, err_len, text, "expected KEY=A..B[:STEP]");
	size_t key_len = (size_t)(eq - text);
	if (key_len == 0 || key_len >= sizeof g->key)
		return fail(err, err_len, text, "expected a key before '='");
	const char *colon = strchr(dots + 2, ':');
	const char *to_end = colon ? colon : dots + 2 + strlen(dots + 2);
	uint64_t from, to, step = 1;
	bool multiply = false;
	if (!number_between(eq + 1, dots, &from) ||
	    !number_between(dots + 2, to_end, &to))
		return fail(err, err_len, text, "A and B must be numbers");
	if (colon) {
		multiply = colon[1] == 'x';
		const char *s = colon + 1 + multiply;
		if (!number_between(s, s + strlen(s), &step) || step < (multiply ? 2u : 1u))
			return fail(err, err_len, text, multiply ?
				    "the factor after ':x' must be at least 2" :
				    "the step after ':' must be a number >= 1");
	}
	if (from > to)
		return fail(err, err_len, text, "A must not be greater than B");
	if (multiply && from == 0)
		return fail(err, err_len, text, "a range by factor starts above 0");
	memcpy(g->key, text, key_len);
	g->key[key_len] = '\0';
	free(g->values);
	g->value_count = 0;
	if (!(g->values = malloc(SWEEP_MAX_RUNS * sizeof *g->values)))
		return fail(err, err_len, text, "out of memory");
	g->multiply = multiply;
	if (list_values(g, from, to, step, multiply) != 0) {
		sweep_grid_free(g);
		char what[64];
		snprintf(what, sizeof what, "more than %d values", SWEEP_MAX_RUNS);
		return fail(err, err_len, text, what);
	}
	return 0;
}

static bool listed(const struct sweep_grid *g, const char *name)
{
	for (size_t i = 0; i < g->policy_count; i++)
		if (strcmp(g->policies[i], name) == 0)
			return true;
	return false;
}

/* "clock, fifo, ..." */
static void known_policies(char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (const struct policy_ops *const *p = policy_table; *p; p++) {
		int n = snprintf(buf + used, len - used, "%s%s",
				 p == policy_table ? "" : ", ", (*p)->name);
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
	}
}

static int add_policy(struct sweep_grid *g, const char *name, size_t len,
		      char *err, size_t err_len)
{
	char one[32], known[512];
	if (len == 0 || len >= sizeof one) {
		snprintf(err, err_len, "--policies: expected P,P,... with names "
			 "of at most %zu characters", sizeof one - 1);
		return -1;
	}
	memcpy(one, name, len);
	one[len] = '\0';
	if (!policy_find(one)) {
		known_policies(known, sizeof known);
		snprintf(err, err_len, "--policies: unknown policy '%s' (known: %s)",
			 one, known);
		return -1;
	}
	if (listed(g, one)) {
		snprintf(err, err_len, "--policies: '%s' is listed twice", one);
		return -1;
	}
	if (g->policy_count == SWEEP_MAX_POLICIES) {
		snprintf(err, err_len, "--policies: at most %d", SWEEP_MAX_POLICIES);
		return -1;
	}
	memcpy(g->policies[g->policy_count++], one, len + 1);
	return 0;
}

int sweep_grid_policies(struct sweep_grid *g, const char *list, char *err,
			size_t err_len)
{
	g->policy_count = 0;
	for (const char *s = list;;) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);
		if (add_policy(g, s, len, err, err_len) != 0)
			return -1;
		if (!comma)
			return 0;
		s = comma + 1;
	}
}

size_t sweep_grid_runs(const struct sweep_grid *g)
{
	return g->value_count * g->policy_count;
}

void sweep_grid_free(struct sweep_grid *g)
{
	free(g->values);
	g->values = NULL;
	g->value_count = 0;
}
