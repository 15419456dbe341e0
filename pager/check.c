/* pager/check.c: being written */
