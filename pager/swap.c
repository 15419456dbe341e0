/* pager/swap.c: being written */
