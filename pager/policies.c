/* pager/policies.c: being written */
