/* Forks of forks: a parent, its child and its grandchild each write the
 * page they inherited; the run ends when all three have exited. The
 * scheduler is round robin: a new process waits behind those ready. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <unistd.h>

#include "vm_app.h"

int main(void)
{
	char *page = vm_map(NULL, 0);
	page[0] = 'P';
	fflush(stdout);
	if (fork() == 0) {
		page[0] = 'C';
		if (fork() == 0) {
			printf("grandchild sees %c\n", page[0]);
			page[0] = 'G';
			printf("grandchild wrote %c\n", page[0]);
			return 0;
		}
		vm_yield();
		printf("child keeps %c\n", page[0]);
		return 0;
	}
	vm_yield();
	printf("parent keeps %c\n", page[0]);
	return 0;
}
