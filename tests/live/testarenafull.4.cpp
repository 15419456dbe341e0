// Arena exhaustion: vm_map gives every one of the arena's 256 pages, in
// address order, then a null pointer.
#include <cstdint>
#include <cstdio>

#include "vm_app.h"

int main()
{
	unsigned count = 0;
	char *expect = static_cast<char *>(VM_ARENA_BASEADDR);
	while (char *page = static_cast<char *>(vm_map(nullptr, 0))) {
		if (page != expect)
			return 1;
		expect += VM_PAGESIZE;
		count++;
	}
	std::printf("%u pages, %u in the arena\n", count,
		    static_cast<unsigned>(VM_ARENA_SIZE / VM_PAGESIZE));
	return 0;
}
