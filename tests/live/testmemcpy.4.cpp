// The library's byte-loop memcpy, memset, strcmp and strncmp across a
// page boundary, in a C++ program built with -fno-builtin.
#include <cstdio>
#include <cstring>

#include "vm_app.h"

int main()
{
	char *a = static_cast<char *>(vm_map(nullptr, 0));
	vm_map(nullptr, 0);                      // the page after a
	char *c = static_cast<char *>(vm_map(nullptr, 0));
	char *src = a + VM_PAGESIZE - 3;        // "abcdef" across a and b
	std::strcpy(src, "abcdef");
	std::memcpy(c, src, 7);
	std::memset(c + 1, 'Z', 2);
	std::printf("%s %s %d %d\n", src, c, std::strcmp(src, c) > 0,
		    std::strncmp(src + 3, c + 3, 4));
	return 0;
}
