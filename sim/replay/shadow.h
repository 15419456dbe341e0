/*
 * sim/replay/shadow.h: the shadow-memory checker (issue 4, item 3; docs/shadow.md).
 *
 * An independent model of what every process should read, held against
 * what the machine actually reads through the pager. It never uses the
 * pager: it is what checks the pager.
 *
 * Per process and per arena page (vpn = (vaddr - arena_base) / page_size,
 * 0 .. arena_pages-1) the shadow knows one of:
 *   - nothing: the page is invalid;
 *   - a private swap-backed page: all zeroes when mapped; a fork gives the
 *     child a copy-on-write view equal to the parent's at fork time;
 *   - a file page keyed by (name bytes, block): one content shared by every
 *     process that maps the key, kept for the whole run (also while nobody
 *     maps it). Its initial content comes from load_file_block, called once
 *     per key, lazily, at the key's first access (read or write). A key
 *     whose load fails is unreadable: accesses to it are not checked (the
 *     machine kills the process at the fault) and writes are ignored.
 *
 * Contract: every call names a live process (except shadow_start and the
 * child of shadow_fork, which must not be live); pids are non-negative;
 * maps name an invalid vpn in the arena; an access piece lies inside one
 * valid page of the arena. These are the machine's promises, not user
 * input: a broken one prints "shadow_FUNCTION: what" to stderr and aborts,
 * as does running out of memory.
 *
 * Costs: shadow_write and shadow_verify are O(len) (one memcpy or memcmp)
 * with no hashing when the pid is the same as on the previous call; a
 * write to a shared swap page copies it once. Fork is O(pages), not
 * O(bytes). A page never written (or a file block of zeroes) holds no
 * buffer.
 */
#ifndef MMUSIM_SIM_SHADOW_H
#define MMUSIM_SIM_SHADOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "page_geometry.h"

struct shadow;

/*
 * Fill out (page_size bytes) with block `block` of file `name` as it is
 * before any process writes it; 0 on success, -1 when it cannot be read.
 * Must not call back into the shadow.
 */
typedef int shadow_load_fn(void *ctx, const char *name, uint64_t block,
			   uint8_t *out);

/* A shadow of the run's page geometry (page_geometry_init made it, so it
 * is valid; it is copied). NULL when load_file_block is NULL. */
struct shadow *shadow_create(const struct page_geometry *geometry,
			     shadow_load_fn *load_file_block, void *ctx);
/* Frees everything, live processes and file pages included. NULL: no-op. */
void shadow_destroy(struct shadow *shadow);

/* A process with an empty arena. */
void shadow_start(struct shadow *shadow, int32_t pid);
/* The child sees what the parent sees now; later writes of either are
 * private (swap pages) or shared (file pages). 0, or -1 (nothing done)
 * when memory for the child's pages cannot be had. */
int shadow_fork(struct shadow *shadow, int32_t parent, int32_t child);
/* Drops the process and every page only it held. */
void shadow_exit(struct shadow *shadow, int32_t pid);

/* Make invalid arena page vpn valid: fresh swap page (zeroes), or the
 * shared page of (name, block). The name is copied. */
void shadow_map_swap(struct shadow *shadow, int32_t pid, uint32_t vpn);
void shadow_map_file(struct shadow *shadow, int32_t pid, uint32_t vpn,
		     const char *name, uint64_t block);
/* pager_discard of valid page vpn: a swap page holds zeroes again (this
 * process's alone, even if it was shared); a file page is unchanged. */
void shadow_discard(struct shadow *shadow, int32_t pid, uint32_t vpn);

/* The process stored len bytes at vaddr (one piece, inside one page). */
void shadow_write(struct shadow *shadow, int32_t pid, uint64_t vaddr,
		  const uint8_t *bytes, size_t len);
/*
 * The machine read `actual` (len bytes at vaddr, one piece inside one
 * page) for the process. True when it is what the process should see;
 * otherwise false, with *offset the first differing byte within the piece
 * and *expected the byte the process should have read there (either
 * pointer may be NULL).
 */
bool shadow_verify(struct shadow *shadow, int32_t pid, uint64_t vaddr,
		   const uint8_t *actual, size_t len, size_t *offset,
		   uint8_t *expected);

/* Bytes of page content held now: page_size for each content buffer.
 * A swap page has one once written (shared by copy-on-write sharers until
 * one of them writes); a file page once loaded with a non-zero byte, or
 * written. Zero pages, unloaded and unreadable file pages hold none. */
size_t shadow_bytes_in_use(const struct shadow *shadow);

#endif
