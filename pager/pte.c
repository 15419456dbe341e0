/* pager/pte.c: being written */
