/* 1024 frames: all 256 arena pages written and read back stay resident:
 * 256 zero-fills, no eviction, no swap traffic (the report says so; the
 * replay agrees). */
#include <stdio.h>

#include "vm_app.h"

int main(void)
{
	char *pages[256];
	int n = 0;
	while (n < 256 && (pages[n] = vm_map(NULL, 0)))
		n++;
	for (int i = 0; i < n; i++)
		pages[i][i] = (char)i;
	long sum = 0;
	for (int i = 0; i < n; i++)
		sum += (unsigned char)pages[i][i];
	printf("%d pages, sum %ld\n", n, sum);
	return 0;
}
