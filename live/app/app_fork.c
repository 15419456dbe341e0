/*
 * live/app/app_fork.c: the process calls of a live program. fork() makes
 * the child a process of the pager (vm_create: a copy-on-write copy of the
 * arena) that waits until the scheduler picks it; exec*, wait*, system,
 * popen, posix_spawn and threads cannot work under a cooperative pager
 * that runs one process at a time, so they are refused with a message
 * and exit status 2 (docs/live.md, "What is not supported").
 */
#include "app_internal.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <threads.h>
#include <unistd.h>

void live_app_link_intercepts(void)
{
}

static _Noreturn void refuse(const char *call)
{
	live_app_say(call, " is not supported by the live mode (docs/live.md); "
			   "exiting with status 2");
	exit(2);
}

pid_t fork(void)
{
	pid_t (*real_fork)(void) = (pid_t (*)(void))dlsym(RTLD_NEXT, "fork");
	if (!real_fork) {
		errno = ENOSYS;
		return -1;
	}
	if (live_app.socket < 0)
		return real_fork();
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
		return -1;
	pid_t pid = real_fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	struct live_reply reply;
	if (pid == 0) {
		close(live_app.socket);
		close(sv[0]);
		live_app.socket = sv[1];
		live_app_wait(&reply); /* until the scheduler runs this process */
		return 0;
	}
	close(sv[1]);
	struct live_request req = {.op = LIVE_FORK, .pid = pid};
	int rc = live_app_send(&req, sv[0]);
	close(sv[0]);
	if (rc != 0)
		_exit(2);
	live_app_wait(&reply);
	if (reply.result != 0) {
		errno = ENOMEM; /* vm_create failed: the pager ended the child */
		return -1;
	}
	return pid;
}

pid_t vfork(void)
{
	return fork();
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	(void)path, (void)argv, (void)envp;
	refuse("execve");
}

int execv(const char *path, char *const argv[])
{
	(void)path, (void)argv;
	refuse("execv");
}

int execvp(const char *file, char *const argv[])
{
	(void)file, (void)argv;
	refuse("execvp");
}

int execvpe(const char *file, char *const argv[], char *const envp[])
{
	(void)file, (void)argv, (void)envp;
	refuse("execvpe");
}

int execl(const char *path, const char *arg, ...)
{
	(void)path, (void)arg;
	refuse("execl");
}

int execlp(const char *file, const char *arg, ...)
{
	(void)file, (void)arg;
	refuse("execlp");
}

int execle(const char *path, const char *arg, ...)
{
	(void)path, (void)arg;
	refuse("execle");
}

int fexecve(int fd, char *const argv[], char *const envp[])
{
	(void)fd, (void)argv, (void)envp;
	refuse("fexecve");
}

int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions,
		const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	(void)pid, (void)path, (void)actions, (void)attr, (void)argv, (void)envp;
	refuse("posix_spawn");
}

int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *actions,
		 const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	(void)pid, (void)file, (void)actions, (void)attr, (void)argv, (void)envp;
	refuse("posix_spawnp");
}

int system(const char *command)
{
	(void)command;
	refuse("system");
}

FILE *popen(const char *command, const char *type)
{
	(void)command, (void)type;
	refuse("popen");
}

pid_t wait(int *status)
{
	(void)status;
	refuse("wait");
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	(void)pid, (void)status, (void)options;
	refuse("waitpid");
}

pid_t wait3(int *status, int options, struct rusage *usage)
{
	(void)status, (void)options, (void)usage;
	refuse("wait3");
}

pid_t wait4(pid_t pid, int *status, int options, struct rusage *usage)
{
	(void)pid, (void)status, (void)options, (void)usage;
	refuse("wait4");
}

int waitid(idtype_t type, id_t id, siginfo_t *info, int options)
{
	(void)type, (void)id, (void)info, (void)options;
	refuse("waitid");
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
		   void *(*start)(void *), void *arg)
{
	(void)thread, (void)attr, (void)start, (void)arg;
	refuse("pthread_create (threads)");
}

int thrd_create(thrd_t *thread, thrd_start_t start, void *arg)
{
	(void)thread, (void)start, (void)arg;
	refuse("thrd_create (threads)");
}
