/* A file name crossing a page boundary: "data2.bin" starts 4 bytes before
 * the end of one page and ends in the next. */
#include <stdio.h>
#include <string.h>

#include "vm_app.h"

int main(void)
{
	char *first = vm_map(NULL, 0);
	char *second = vm_map(NULL, 0);
	char *name = first + VM_PAGESIZE - 4;
	strcpy(name, "data2.bin");
	char *block1 = vm_map(name, 1);
	printf("%s: %.6s (the name's second page at %p)\n", name, block1, (void *)second);
	return 0;
}
