/* File-backed sharing between two processes: both map block 0 of
 * data1.bin; what the child writes there, the parent reads. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "vm_app.h"

int main(void)
{
	char *name = vm_map(NULL, 0);
	strcpy(name, "data1.bin");
	char *file = vm_map(name, 0);
	printf("before: %.19s\n", file);
	fflush(stdout);
	if (fork() == 0) {
		char *again = vm_map(name, 0);
		memcpy(again + 4, "QUICK", 5);
		printf("child: %.19s at %p\n", file, (void *)again);
		return 0;
	}
	vm_yield();
	printf("parent: %.19s\n", file);
	return 0;
}
