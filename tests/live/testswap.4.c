/* Eviction and reload: 8 swap pages through 4 frames (3 for pages), each
 * written with its own letter, then every written byte checked twice. */
#include <stdio.h>

#include "vm_app.h"

int main(void)
{
	char *pages[8];
	for (int i = 0; i < 8; i++)
		if (!(pages[i] = vm_map(NULL, 0)))
			return 1;
	for (int i = 0; i < 8; i++)
		for (unsigned j = 0; j < VM_PAGESIZE; j += 4096)
			pages[i][j] = (char)('a' + i);
	int bad = 0;
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 8; i++)
			for (unsigned j = 0; j < VM_PAGESIZE; j += 4096)
				bad += pages[i][j] != 'a' + i;
	printf("pages %p..%p, %d bad bytes\n", (void *)pages[0], (void *)pages[7], bad);
	return 0;
}
