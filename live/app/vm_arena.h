/*
 * vm_arena.h: the arena of a program run by `mmusim live` (the live-mode
 * contract, docs/live.md). C17 and C++17.
 *
 *   VM_PAGESIZE        unsigned int   0x10000 (65536)
 *   VM_ARENA_BASEADDR  void *         0x600000000
 *   VM_ARENA_SIZE      uintptr_t      0x01000000 (256 pages)
 */
#ifndef _VM_ARENA_H_
#define _VM_ARENA_H_

#ifdef __cplusplus
#include <cstdint>
static constexpr unsigned int VM_PAGESIZE = 0x10000;
static void *const VM_ARENA_BASEADDR = reinterpret_cast<void *>(0x600000000);
static constexpr std::uintptr_t VM_ARENA_SIZE = 0x01000000;
#else
#include <stdint.h>
/* Macros in C: a static const object would warn when unused (-Wall). */
#define VM_PAGESIZE 0x10000u
#define VM_ARENA_BASEADDR ((void *)0x600000000)
#define VM_ARENA_SIZE ((uintptr_t)0x01000000)
#endif

#endif
