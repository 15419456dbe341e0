/* A page of a file that does not exist maps, but cannot be read: the
 * read-in fails and the process is killed. */
#include <stdio.h>
#include <string.h>

#include "vm_app.h"

// live-status: 139
// live-stderr: killed: read of 0x600010000
int main(void)
{
	char *name = vm_map(NULL, 0);
	strcpy(name, "missing.bin");
	volatile char *file = vm_map(name, 0);
	printf("mapped %p\n", (void *)file);
	fflush(stdout);
	printf("%c\n", file[0]);
	return 0;
}
