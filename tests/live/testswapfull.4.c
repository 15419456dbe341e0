/* Swap exhaustion: with 3 swap blocks, the fourth swap-backed page cannot
 * be reserved (vm_map gives NULL), while a file-backed page still maps. */
#include <stdio.h>
#include <string.h>

#include "vm_app.h"

// live: -s 3
int main(void)
{
	char *pages[4];
	for (int i = 0; i < 4; i++) {
		pages[i] = vm_map(NULL, 0);
		printf("swap page %d: %p\n", i, (void *)pages[i]);
	}
	strcpy(pages[0], "data1.bin");
	char *file = vm_map(pages[0], 0);
	printf("file page: %p: %.3s\n", (void *)file, file);
	return 0;
}
