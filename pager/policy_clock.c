/* pager/policy_clock.c: being written */
