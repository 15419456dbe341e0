/* An invalid address: a store to an arena page that was never mapped is a
 * fault the pager refuses, and the process dies of SIGSEGV. */
#include <stdio.h>

#include "vm_app.h"

// live-status: 139
// live-stderr: mmusim live: process 1 killed: write of 0x600010000 (vm_fault returned -1)
int main(void)
{
	char *page = vm_map(NULL, 0);
	page[0] = 'x';
	printf("mapped %p\n", (void *)page);
	fflush(stdout);
	page[VM_PAGESIZE] = 'y';
	printf("not reached\n");
	return 0;
}
