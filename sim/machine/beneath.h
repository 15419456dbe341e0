/*
 * sim/machine/beneath.h: open a name beneath an open folder, checked and opened in
 * one step, so nothing can swap a folder for a symbolic link between a
 * check and the open (docs/machine.md, "Disks").
 *
 * The name must stay beneath the folder: not empty, not absolute, never
 * above the folder with `..`, and no component may be a symbolic link
 * (the last one neither). openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS)
 * does this in the kernel; where the kernel lacks openat2 the same walk is
 * done one component at a time with O_PATH | O_NOFOLLOW | O_DIRECTORY, each
 * component opened relative to the descriptor of the one before.
 */
#ifndef MMUSIM_SIM_BENEATH_H
#define MMUSIM_SIM_BENEATH_H

#include <stdbool.h>

enum beneath_how {
	BENEATH_ANY,       /* openat2, or the walk where it is missing */
	BENEATH_WALK,      /* the walk only (tests of the fallback) */
};

/* Whether a name's text stays inside: not empty, not absolute, and `..`
 * never climbs above the start, even to come back (`../here/a.bin`). */
bool beneath_name_ok(const char *name);

/* open(2) `name` beneath folder descriptor `dirfd` with `flags` (O_NOFOLLOW
 * and O_CLOEXEC are added). A descriptor, or -1 with errno set (EXDEV for a
 * name that leaves, ELOOP for a symbolic link on the way). */
int beneath_open(int dirfd, const char *name, int flags, enum beneath_how how);

#endif
