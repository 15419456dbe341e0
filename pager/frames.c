/* pager/frames.c: being written */
