/* exec cannot run under the live pager: a clear message, exit status 2. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <unistd.h>

#include "vm_app.h"

// live-status: 2
// live-stderr: mmusim live: execv is not supported by the live mode (docs/live.md); exiting with status 2
int main(void)
{
	char *page = vm_map(NULL, 0);
	page[0] = 'x';
	printf("exec next\n");
	char *const argv[] = {"/bin/true", NULL};
	execv("/bin/true", argv);
	printf("not reached\n");
	return 0;
}
