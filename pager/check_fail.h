/*
 * pager/check_fail.h: MMUSIM_CHECK, for broken contracts and invariants.
 * Always on: a broken invariant is a bug, and a run that goes on after one
 * produces numbers nobody should trust. Messages name the function and fact.
 */
#ifndef MMUSIM_PAGER_CHECK_FAIL_H
#define MMUSIM_PAGER_CHECK_FAIL_H

#include <stdio.h>
#include <stdlib.h>

#define MMUSIM_CHECK(cond, ...)                                               \
	do {                                                                  \
		if (!(cond)) {                                                \
			fprintf(stderr, "mmusim: invariant broken: ");        \
			fprintf(stderr, __VA_ARGS__);                         \
			fprintf(stderr, " (%s:%d)\n", __FILE__, __LINE__);    \
			abort();                                              \
		}                                                             \
	} while (0)

#endif
