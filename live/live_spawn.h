/*
 * live/live_spawn.h: start the program as the pager's first process: a
 * child that inherits its socket and the physical-memory file (named in
 * the environment, live_proto.h) and execs PROGRAM. It dies with the
 * pager (PR_SET_PDEATHSIG), so a killed pager leaves no program behind.
 */
#ifndef MMUSIM_LIVE_SPAWN_H
#define MMUSIM_LIVE_SPAWN_H

#include <stddef.h>
#include <sys/types.h>

/* The child's pid, with the pager's end of its socket in *socket_fd; or -1
 * with "PROGRAM: why" in err (the exec failed: nothing ran). */
pid_t live_spawn(char *const *argv, int memfd, int *socket_fd, char *err, size_t err_len);

#endif
