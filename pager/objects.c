/* pager/objects.c: being written */
