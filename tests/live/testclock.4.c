/* Clock order with 4 frames (3 for pages): three dirty pages fill memory;
 * the fourth page's zero-fill makes the hand clear every referenced bit
 * and evict the first page (written to swap); reading the second page
 * takes a reference fault; reading the first page back evicts the third,
 * skipping the second, whose bit the reference fault set again. */
#include <stdio.h>

#include "vm_app.h"

int main(void)
{
	volatile char *p[4]; /* every access in program order */
	for (int i = 0; i < 4; i++)
		p[i] = vm_map(NULL, 0);
	p[0][0] = 'a';
	p[1][0] = 'b';
	p[2][0] = 'c';
	char first = p[0][0];
	p[3][0] = 'd';
	char second = p[1][0];
	char again = p[0][0];
	printf("%c %c %c\n", first, second, again);
	return 0;
}
