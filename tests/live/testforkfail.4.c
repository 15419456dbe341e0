/* vm_create fails when the child's swap pages cannot be reserved: with 3
 * swap blocks, a parent holding 2 swap pages cannot fork; fork returns -1
 * and the would-be child never runs. With 1 page it can. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <unistd.h>

#include "vm_app.h"

// live: -s 3
int main(void)
{
	char *a = vm_map(NULL, 0);
	a[0] = 'a';
	fflush(stdout);
	pid_t one = fork();
	if (one == 0) {
		printf("first child runs\n");
		return 0;
	}
	printf("first fork: %s\n", one > 0 ? "ok" : "failed");
	fflush(stdout);
	vm_yield();
	char *b = vm_map(NULL, 0);
	b[0] = 'b';
	fflush(stdout);
	pid_t two = fork();
	if (two == 0) {
		printf("second child runs\n");
		return 0;
	}
	printf("second fork: %s\n", two > 0 ? "ok" : "failed");
	return 0;
}
