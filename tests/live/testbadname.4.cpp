// File names the pager cannot read give null: a string literal (outside
// the arena), and a name whose bytes run off the last valid page without
// a terminating NUL. A name in the arena maps.
#include <cstdio>
#include <cstring>

#include "vm_app.h"

int main()
{
	void *literal = vm_map("data1.bin", 0);
	char *page = static_cast<char *>(vm_map(nullptr, 0));
	std::memset(page, 'x', VM_PAGESIZE);
	void *unterminated = vm_map(page, 0);
	std::strcpy(page, "data1.bin");
	char *good = static_cast<char *>(vm_map(page, 0));
	std::printf("%p %p %p %.3s\n", literal, unterminated, static_cast<void *>(good), good);
	return 0;
}
