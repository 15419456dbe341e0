/*
 * pager/vm.h: the seed's global API, a thin layer over one default pager
 * instance, so code written against the seed links unchanged. The machine
 * is installed first with vm_machine(); vm_physmem is its physical memory.
 */
#ifndef MMUSIM_PAGER_VM_H
#define MMUSIM_PAGER_VM_H

#include <stdbool.h>
#include <sys/types.h>

#include "pager.h"

extern void *vm_physmem;

/* Install the machine and the settings vm_init does not take (page size,
 * arena, policy); memory_pages and swap_blocks come from vm_init. */
void vm_machine(const struct pager_machine *machine, const struct pager_config *settings);
void vm_init(unsigned memory_pages, unsigned swap_blocks);
int vm_create(pid_t parent, pid_t child);
void vm_switch(pid_t pid);
int vm_fault(const void *addr, bool write);
void vm_destroy(void);
void *vm_map(const char *filename, unsigned block);
/* The default instance (NULL before vm_init), and its teardown. */
struct pager *vm_pager(void);
void vm_shutdown(void);

#endif
