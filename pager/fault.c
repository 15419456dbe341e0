/* pager/fault.c: being written */
