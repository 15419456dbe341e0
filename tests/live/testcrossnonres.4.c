/* A file name that crosses a page boundary and whose pages are both
 * evicted before vm_map reads it: the pager reads both back from swap
 * (evicting the first again to read the second) to learn the name. */
#include <stdio.h>
#include <string.h>

#include "vm_app.h"

int main(void)
{
	char *first = vm_map(NULL, 0);
	vm_map(NULL, 0);
	char *name = first + VM_PAGESIZE - 4;
	strcpy(name, "data2.bin");
	for (int i = 0; i < 3; i++) {
		char *other = vm_map(NULL, 0);
		other[0] = (char)i;
	}
	char *block1 = vm_map(name, 1);
	printf("%s: %.6s at %p\n", name, block1, (void *)block1);
	return 0;
}
