/* LRU in the live mode sees the faults (and the recording's name writes),
 * which is what a fault-driven pager can see; the replay agrees. */
#include <stdio.h>
#include <string.h>

#include "vm_app.h"

// live: --set policy=lru
int main(void)
{
	volatile char *p[5];
	char *name = vm_map(NULL, 0);
	strcpy(name, "data1.bin");
	for (int i = 0; i < 5; i++)
		p[i] = vm_map(NULL, 0);
	for (int i = 0; i < 5; i++)
		p[i][0] = (char)('a' + i);
	char *file = vm_map(name, 0);
	printf("%c%c %.3s\n", p[0][0], p[4][0], file);
	return 0;
}
