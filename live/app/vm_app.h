/*
 * vm_app.h: what a program run by `mmusim live` calls (the live-mode
 * contract, docs/live.md). C17 and C++17; link with the application
 * library: `cc -std=c17 t.c $(pkg-config --cflags --libs mmusim-app)`.
 *
 * vm_map(NULL, 0): a private, zero-filled, swap-backed page at the lowest
 * unused arena address, or NULL when the arena is full or no swap block
 * can be reserved. vm_map(name, block): a page shared with every other
 * mapping of block `block` of the file `name` (relative to the folder the
 * live run started in); the name must lie entirely in valid arena pages of
 * the caller, else NULL.
 *
 * vm_yield(): the scheduler is not preemptive; let the next ready process
 * run (round robin). fork() (from <unistd.h>) is supported: the child is a
 * copy-on-write copy of the parent's arena and runs once the parent yields
 * or exits. exec*, wait* and threads are refused (message, exit status 2).
 */
#ifndef _VM_APP_H_
#define _VM_APP_H_

#if defined(_VM_PAGER_H_) || defined(_VM_PAGER_H) || defined(VM_PAGER_H)
#error "vm_app.h and vm_pager.h cannot be included in the same file"
#endif

#include "vm_arena.h"

#ifdef __cplusplus
extern "C" {
#endif

void *vm_map(const char *filename, unsigned int block);
void vm_yield(void);

#ifdef __cplusplus
}
#endif

#endif
