/*
 * pager/vm.c: the seed's vm_* calls over one default instance. This file
 * is the only one in the pager with global state, and it is only that:
 * the instance, the machine it was given, and vm_physmem.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "vm.h"

void *vm_physmem;

static struct pager *default_pager;
static struct pager_machine default_machine;
static struct pager_config default_settings = {
	.page_size = 65536, .arena_base = 0x600000000ull, .arena_pages = 256,
};

void vm_machine(const struct pager_machine *machine, const struct pager_config *settings)
{
	default_machine = *machine;
	if (settings)
		default_settings = *settings;
}

void vm_init(unsigned memory_pages, unsigned swap_blocks)
{
	char err[256];
	struct pager_config config = default_settings;
	config.memory_pages = memory_pages;
	config.swap_blocks = swap_blocks;
	vm_shutdown();
	default_pager = pager_create(&config, &default_machine, err, sizeof err);
	if (!default_pager) {
		fprintf(stderr, "vm_init: %s\n", err);
		exit(2);
	}
	vm_physmem = default_machine.physmem;
}

int vm_create(pid_t parent, pid_t child)
{
	return pager_fork(default_pager, parent, child);
}

void vm_switch(pid_t pid)
{
	pager_switch(default_pager, pid);
}

int vm_fault(const void *addr, bool write)
{
	return pager_fault(default_pager, (uint64_t)(uintptr_t)addr, write);
}

void vm_destroy(void)
{
	pager_exit(default_pager);
}

void *vm_map(const char *filename, unsigned block)
{
	uint64_t vaddr;
	if (pager_map(default_pager, filename != NULL, (uint64_t)(uintptr_t)filename, block, &vaddr) != 0)
		return NULL;
	return (void *)(uintptr_t)vaddr;
}

struct pager *vm_pager(void)
{
	return default_pager;
}

void vm_shutdown(void)
{
	pager_destroy(default_pager);
	default_pager = NULL;
	vm_physmem = NULL;
}
