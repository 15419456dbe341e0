// Round robin: three processes take turns at every vm_yield, in the order
// they became ready, each printing its turn.
#include <cstdio>
#include <unistd.h>

#include "vm_app.h"

int main()
{
	char *page = static_cast<char *>(vm_map(nullptr, 0));
	page[0] = 'A';
	std::fflush(stdout);
	if (fork() == 0) {
		page[0] = 'B';
		std::fflush(stdout);
		if (fork() == 0)
			page[0] = 'C';
	}
	for (int turn = 0; turn < 3; turn++) {
		std::printf("%c%d\n", page[0], turn);
		std::fflush(stdout);
		vm_yield();
	}
	return 0;
}
