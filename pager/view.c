/* pager/view.c: being written */
