/* A store outside the arena is no fault of the pager's: the program dies
 * of its own SIGSEGV, as it would without mmusim, and the run says so. */
#include <stdio.h>

#include "vm_app.h"

// live-status: 139
// live-stderr: mmusim live: process 1: segmentation fault at 0x500000000, outside the arena
int main(void)
{
	char *page = vm_map(NULL, 0);
	page[0] = 'x';
	printf("before\n");
	fflush(stdout);
	*(volatile char *)0x500000000 = 'y';
	printf("not reached\n");
	return 0;
}
