/* A file page written, evicted (written back to the overlay, not to the
 * file: --write-files is not given) and read again: the write survives. */
#include <stdio.h>
#include <string.h>

#include "vm_app.h"

int main(void)
{
	char *name = vm_map(NULL, 0);
	strcpy(name, "data1.bin");
	char *file = vm_map(name, 0);
	memcpy(file + 4, "slow", 4);
	char *other[3];
	for (int i = 0; i < 3; i++) {
		other[i] = vm_map(NULL, 0);
		other[i][0] = (char)i;
	}
	printf("%.19s\n", file);
	return 0;
}
