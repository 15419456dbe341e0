/* 8 frames (7 for pages): 7 pages stay resident; the eighth evicts the
 * first, and reading the first back evicts the second (clock, all bits
 * cleared once). */
#include <stdio.h>

#include "vm_app.h"

int main(void)
{
	volatile char *p[8];
	for (int i = 0; i < 8; i++)
		p[i] = vm_map(NULL, 0);
	for (int i = 0; i < 8; i++)
		p[i][0] = (char)('0' + i);
	for (int i = 1; i < 7; i++)
		p[i][1] = p[i][0];
	printf("%c%c%c\n", p[0][0], p[1][0], p[7][0]);
	return 0;
}
