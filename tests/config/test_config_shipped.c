/*
 * tests/config/test_config_shipped.c: every file in configs/ against the
 * real policy table (pager/policies.c), one test per file; and every policy
 * in the table has its configs/NAME-4.json (4 memory pages, that policy).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "policy.h"

#define MAX_FILES 64

static void test_shipped_file_loads(void **state)
{
	const char *path = *state;
	struct mmusim_config c;
	char err[512];

	if (config_load(&c, path, NULL, 0, err, sizeof err) != 0)
		fail_msg("%s", err);
}

/* Clock is the default: it must be there, and so must default.json. */
static void test_clock_is_known(void **state)
{
	(void)state;
	assert_non_null(policy_find("clock"));
	assert_null(policy_find("no-such-policy"));
}

/* The message for an unknown policy lists the real table, in its order. */
static void test_unknown_policy_lists_the_table(void **state)
{
	const char *set = "policy=no-such-policy";
	struct mmusim_config c;
	char err[512], expect[512];
	int used;
	(void)state;

	used = snprintf(expect, sizeof expect, "--set policy: unknown policy "
			"\"no-such-policy\" (known:");
	for (const struct policy_ops *const *p = policy_table; *p; p++)
		used += snprintf(expect + used, sizeof expect - (size_t)used,
				 "%s %s", p == policy_table ? "" : ",",
				 (*p)->name);
	snprintf(expect + used, sizeof expect - (size_t)used, ")");
	assert_int_equal(config_load(&c, NULL, &set, 1, err, sizeof err), -1);
	assert_string_equal(err, expect);
}

/* configs/NAME-4.json for each policy: loads, names it, 4 memory pages. */
static void test_every_policy_has_its_config(void **state)
{
	const char *folder = *state;
	for (const struct policy_ops *const *p = policy_table; *p; p++) {
		char path[4200], err[512];
		struct mmusim_config c;
		snprintf(path, sizeof path, "%s/%s-4.json", folder, (*p)->name);
		if (config_load(&c, path, NULL, 0, err, sizeof err) != 0)
			fail_msg("policy %s: %s", (*p)->name, err);
		if (strcmp(c.policy, (*p)->name) != 0 || c.memory_pages != 4)
			fail_msg("%s: policy %s with %u memory pages, not %s with 4", path,
				 c.policy, c.memory_pages, (*p)->name);
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct CMUnitTest *)a)->name,
		      ((const struct CMUnitTest *)b)->name);
}

int main(void)
{
	static struct CMUnitTest tests[MAX_FILES + 3];
	static char *paths[MAX_FILES];
	const char *src = getenv("MMUSIM_SRC");
	size_t count = 0;
	char folder[4096];

	if (!src) {
		fprintf(stderr, "MMUSIM_SRC is not set (meson sets it)\n");
		return 1;
	}
	snprintf(folder, sizeof folder, "%s/configs", src);
	DIR *dir = opendir(folder);
	if (!dir) {
		perror(folder);
		return 1;
	}
	for (struct dirent *d; (d = readdir(dir)) && count < MAX_FILES;) {
		size_t len = strlen(d->d_name);
		if (len <= 5 || strcmp(d->d_name + len - 5, ".json") != 0)
			continue;
		if (asprintf(&paths[count], "%s/%s", folder, d->d_name) < 0)
			return 1;
		tests[count] = (struct CMUnitTest){
			.name = paths[count] + strlen(folder) + 1,
			.test_func = test_shipped_file_loads,
			.initial_state = paths[count],
		};
		count++;
	}
	closedir(dir);
	qsort(tests, count, sizeof *tests, by_name);
	tests[count++] = (struct CMUnitTest)cmocka_unit_test(test_clock_is_known);
	tests[count++] = (struct CMUnitTest)cmocka_unit_test(
		test_unknown_policy_lists_the_table);
	tests[count++] = (struct CMUnitTest)cmocka_unit_test_prestate(
		test_every_policy_has_its_config, folder);
	int failed = _cmocka_run_group_tests("config_shipped", tests, count,
					     NULL, NULL);
	for (size_t i = 0; i < MAX_FILES; i++)
		free(paths[i]);
	return failed;
}
