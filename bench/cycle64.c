/* bench/cycle64.c: the live benchmark's program (bench_live.py): 64 pages
 * cycled through the default 4 frames, one store a page, ROUNDS times:
 * every store faults (a swap read and a dirty write-back after the first
 * round). */
#include <stdio.h>
#include <stdlib.h>

#include "vm_app.h"

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 100;
	char *pages[64];
	for (int i = 0; i < 64; i++)
		pages[i] = vm_map(NULL, 0);
	for (int r = 0; r < rounds; r++)
		for (int i = 0; i < 64; i++)
			pages[i][r % 64] = (char)r;
	return 0;
}
