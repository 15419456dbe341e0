/* A program killed by a signal: the run ends with 128 + the signal, and
 * the pager destroys the process as at any exit. */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>

#include "vm_app.h"

// live-status: 137
int main(void)
{
	char *page = vm_map(NULL, 0);
	page[0] = 'x';
	printf("killing myself\n");
	fflush(stdout);
	raise(SIGKILL);
	return 0;
}
