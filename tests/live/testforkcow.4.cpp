// The pager trace of a fork: the parent's page turns read-only at the
// fork (copy-on-write), the child's store copies it into a frame of its
// own, and once the child has exited the parent writes its page again
// without a fault. Both classic variants are checked byte for byte.
#include <cstdio>
#include <unistd.h>

#include "vm_app.h"

int main()
{
	volatile char *page = static_cast<char *>(vm_map(nullptr, 0));
	page[0] = 'x';
	std::fflush(stdout);
	if (fork() == 0) {
		page[0] = 'c';
		std::printf("child %c\n", page[0]);
		return 0;
	}
	vm_yield();
	page[0] = 'p';
	std::printf("parent %c\n", page[0]);
	return 0;
}
