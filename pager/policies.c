/* pager/policies.c: the table of replacement policies, in --help order.
 * Adding a policy: its own policy_NAME.c and one line here. */
#include <string.h>

#include "policy.h"

extern const struct policy_ops policy_clock;

const struct policy_ops *const policy_table[] = {
	&policy_clock,
	NULL,
};

const struct policy_ops *policy_find(const char *name)
{
	for (const struct policy_ops *const *p = policy_table; *p; p++)
		if (strcmp((*p)->name, name) == 0)
			return *p;
	return NULL;
}
