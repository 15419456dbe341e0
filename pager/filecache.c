/* pager/filecache.c: being written */
