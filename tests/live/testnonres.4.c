/* A file name through a non-resident page: the name's page is evicted
 * (three other pages take the three frames) before vm_map reads it, so
 * the pager reads it back from swap to learn the name. */
#include <stdio.h>
#include <string.h>

#include "vm_app.h"

int main(void)
{
	char *name = vm_map(NULL, 0);
	strcpy(name, "data1.bin");
	for (int i = 0; i < 3; i++) {
		char *other = vm_map(NULL, 0);
		other[0] = (char)i;
	}
	char *file = vm_map(name, 0);
	printf("%s at %p: %.9s\n", name, (void *)file, file);
	return 0;
}
