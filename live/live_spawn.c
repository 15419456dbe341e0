/* live/live_spawn.c: fork and exec the program (live_spawn.h). */
#include "live_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "live_proto.h"

static _Noreturn void child(char *const *argv, int memfd, int sock, int report)
{
	char number[16];
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() == 1)
		_exit(127);
	fcntl(memfd, F_SETFD, 0);
	fcntl(sock, F_SETFD, 0);
	snprintf(number, sizeof number, "%d", sock);
	setenv(LIVE_ENV_SOCKET, number, 1);
	snprintf(number, sizeof number, "%d", memfd);
	setenv(LIVE_ENV_MEMORY, number, 1);
	execvp(argv[0], argv);
	int e = errno;
	ssize_t n = write(report, &e, sizeof e);
	(void)n;
	_exit(127);
}

pid_t live_spawn(char *const *argv, int memfd, int *socket_fd, char *err, size_t err_len)
{
	int sv[2], pipefd[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
		snprintf(err, err_len, "socketpair: %s", strerror(errno));
		return -1;
	}
	if (pipe2(pipefd, O_CLOEXEC) != 0) {
		snprintf(err, err_len, "pipe: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);
		close(pipefd[0]);
		child(argv, memfd, sv[1], pipefd[1]);
	}
	close(sv[1]);
	close(pipefd[1]);
	if (pid < 0) {
		snprintf(err, err_len, "fork: %s", strerror(errno));
		close(sv[0]);
		close(pipefd[0]);
		return -1;
	}
	int e = 0;
	ssize_t n;
	do
		n = read(pipefd[0], &e, sizeof e);
	while (n < 0 && errno == EINTR);
	close(pipefd[0]);
	if (n > 0) {
		snprintf(err, err_len, "%s: %s", argv[0], strerror(e));
		waitpid(pid, NULL, 0);
		close(sv[0]);
		return -1;
	}
	*socket_fd = sv[0];
	return pid;
}
