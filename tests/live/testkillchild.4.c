/* A process killed from outside while it waits for its turn: the pager
 * destroys it (switching to it and back), and the run goes on. The page
 * the parent shared with it becomes the parent's alone, writable without
 * a fault: the parent's store after the kill may find its mapping still
 * read-only, which is no fault of the pager's (docs/live.md). */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "vm_app.h"

int main(void)
{
	char *page = vm_map(NULL, 0);
	page[0] = 'x';
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		printf("child: not reached\n");
		return 0;
	}
	kill(child, SIGKILL);
	char *more = vm_map(NULL, 0);
	more[0] = 'y';
	page[1] = 'z';
	printf("parent goes on: %c%c%c\n", page[0], more[0], page[1]);
	return 0;
}
