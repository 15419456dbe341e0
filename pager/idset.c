/* pager/idset.c: being written */
