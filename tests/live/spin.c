/* For live_kill_test.py: a parent and a child that write their pids to
 * the file `pids`, then take turns for ever, until mmusim is killed. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <unistd.h>

#include "vm_app.h"

int main(void)
{
	volatile char *page = vm_map(NULL, 0);
	page[0] = 0;
	pid_t child = fork();
	FILE *f = fopen("pids", "a");
	if (!f)
		return 1;
	fprintf(f, "%ld\n", (long)getpid());
	fclose(f);
	(void)child;
	for (;;) {
		page[0]++;
		vm_yield();
	}
}
