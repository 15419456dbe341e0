/* wait() cannot work with one process running at a time: refused. The
 * child still runs after the parent has gone. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vm_app.h"

// live-status: 2
// live-stderr: mmusim live: wait is not supported by the live mode
int main(void)
{
	char *page = vm_map(NULL, 0);
	page[0] = 'x';
	fflush(stdout);
	if (fork() == 0) {
		printf("child runs, sees %c\n", page[0]);
		return 0;
	}
	wait(NULL);
	return 0;
}
