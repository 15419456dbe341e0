/* pager/pager.c: being written */
