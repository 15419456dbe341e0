/*
 * pager/policies.c: the table of replacement policies, in --help order.
 *
 * Adding a policy: write pager/policy_NAME.c (defining `const struct
 * policy_ops policy_NAME`) and add one X(NAME) line below. That line is all:
 * pager/meson.build reads these lines to compile policy_NAME.c, and the
 * table drives the configuration checker, `run --help` and `sweep --help`,
 * and every table-driven test (tests/policy/, tests/pager/). The docs row
 * in docs/policies.md and the model in tests/policy/models/ are checked by
 * tests that fail until they exist.
 */
#include <string.h>

#include "policy.h"

/* One line per policy, "\tX(NAME)" exactly: the build reads them. NAME is
 * the file's and the symbol's, with '_' where the config name has '-'. */
#define POLICY_LIST(X) \
	X(clock) \
	X(clock_dirty) \
	X(clock_cold) \
	X(fifo) \
	X(lru) \
	X(opt) \
	X(random) \
	X(sieve) \
	X(active_inactive) \
	X(s3_fifo) \
	X(s3_fifo_ideal) \
	X(arc) \
	X(2q) \
	X(car) \
	X(lirs) \
	X(clock_pro) \
	X(mglru) \
	/* end of the list */

#define DECLARE(name) extern const struct policy_ops policy_##name;
POLICY_LIST(DECLARE)
#undef DECLARE

#define ENTRY(name) &policy_##name,
const struct policy_ops *const policy_table[] = {
	POLICY_LIST(ENTRY)
	NULL,
};
#undef ENTRY

uint32_t policy_knob_value(const struct policy_params *params, const struct policy_knob *knob)
{
	for (uint32_t i = 0; params->settings && i < params->setting_count; i++)
		if (strcmp(params->settings[i].name, knob->name) == 0)
			return params->settings[i].value;
	return knob->def;
}

const struct policy_knob *policy_knob_find(const char *name)
{
	for (const struct policy_ops *const *p = policy_table; *p; p++)
		for (const struct policy_knob *k = (*p)->knobs; k && k->name; k++)
			if (strcmp(k->name, name) == 0)
				return k;
	return NULL;
}

const struct policy_ops *policy_find(const char *name)
{
	for (const struct policy_ops *const *p = policy_table; *p; p++)
		if (strcmp((*p)->name, name) == 0)
			return *p;
	return NULL;
}
