/* pager/vm.c: being written */
