/*
 * tests/config/fake_policies.c: the policy table as the config reader sees
 * it (names only), with the six policies the spec requires. It lets the
 * config tests run before every policy exists; test_config_shipped checks
 * the shipped files against the real table.
 */
#include <stddef.h>
#include <string.h>

#include "policy.h"

#define FAKE(ident, text) \
	static const struct policy_ops ident = { .name = text, .summary = "fake" }

FAKE(fake_clock, "clock");
FAKE(fake_fifo, "fifo");
FAKE(fake_lru, "lru");
FAKE(fake_opt, "opt");
FAKE(fake_random, "random");
FAKE(fake_clock_dirty, "clock-dirty");

const struct policy_ops *const policy_table[] = {
	&fake_clock, &fake_fifo, &fake_lru, &fake_opt, &fake_random,
	&fake_clock_dirty, NULL,
};

const struct policy_ops *policy_find(const char *name)
{
	for (const struct policy_ops *const *p = policy_table; *p; p++)
		if (strcmp((*p)->name, name) == 0)
			return *p;
	return NULL;
}
