/* A fresh page reads as zeroes without a fault (it maps the zero page);
 * the first store faults and gets a frame of its own. */
#include <stdio.h>

#include "vm_app.h"

int main(void)
{
	volatile char *page = vm_map(NULL, 0);
	int sum = 0;
	for (unsigned i = 0; i < VM_PAGESIZE; i += 1024)
		sum += page[i];
	page[5] = 'z';
	printf("sum %d, then %c\n", sum, page[5]);
	return 0;
}
