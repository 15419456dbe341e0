// Copy-on-write after fork: the parent and the child both write the page
// they share; each sees its own bytes, and the parent's survive the child.
#include <cstdio>
#include <cstring>
#include <unistd.h>

#include "vm_app.h"

int main()
{
	char *page = static_cast<char *>(vm_map(nullptr, 0));
	std::strcpy(page, "parent before fork");
	std::fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		std::printf("child reads: %s\n", page);
		std::strcpy(page, "child");
		std::printf("child wrote: %s\n", page);
		return 0;
	}
	std::strcpy(page + 7, "after");
	std::printf("parent wrote: %s\n", page);
	std::fflush(stdout);
	vm_yield();
	std::printf("parent reads: %s\n", page);
	return 0;
}
