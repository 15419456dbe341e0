/* pager/policies.c: the table of replacement policies, in --help order.
 * Adding a policy: its own policy_NAME.c and one line here. */
#include <string.h>

#include "policy.h"

extern const struct policy_ops policy_clock;
extern const struct policy_ops policy_clock_dirty;
extern const struct policy_ops policy_fifo;
extern const struct policy_ops policy_lru;
extern const struct policy_ops policy_opt;
extern const struct policy_ops policy_random;
extern const struct policy_ops policy_sieve;
extern const struct policy_ops policy_active_inactive;

const struct policy_ops *const policy_table[] = {
	&policy_clock,
	&policy_clock_dirty,
	&policy_fifo,
	&policy_lru,
	&policy_opt,
	&policy_random,
	&policy_sieve,
	&policy_active_inactive,
	NULL,
};

const struct policy_ops *policy_find(const char *name)
{
	for (const struct policy_ops *const *p = policy_table; *p; p++)
		if (strcmp((*p)->name, name) == 0)
			return *p;
	return NULL;
}
