// Threads cannot run under the live pager: std::thread is refused with a
// clear message and exit status 2.
#include <cstdio>
#include <thread>

#include "vm_app.h"

// live-status: 2
// live-stderr: mmusim live: pthread_create (threads) is not supported by the live mode
int main()
{
	char *page = static_cast<char *>(vm_map(nullptr, 0));
	page[0] = 'x';
	std::printf("thread next\n");
	std::thread t([page] { page[0] = 'y'; });
	t.join();
	std::printf("not reached\n");
	return 0;
}
