/*
 * What httpd says of itself: `httpd -V -f /dev/null` prints its
 * compile-time settings (HTTPD_ROOT, the ServerRoot it starts from)
 * without reading the real configuration, whose complaints go to
 * /dev/null with the rest of its stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "preflight_internal.h"
#include "pf_platform.h"
#include "conf/pf_conf.h"

extern char **environ;

static pid_t
pf_unix_httpd_spawn(const char *exe, int out_fd)
{
    posix_spawn_file_actions_t fa;
    char                      *argv[5];
    pid_t                      pid = -1;
    int                        rc;

    argv[0] = (char *) exe;
    argv[1] = (char *) "-V";
    argv[2] = (char *) "-f";
    argv[3] = (char *) "/dev/null";
    argv[4] = NULL;
    if (posix_spawn_file_actions_init(&fa) != 0) {
        return -1;
    }
    rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0)
         | posix_spawn_file_actions_adddup2(&fa, out_fd, 1)
         | posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    if (rc == 0 && posix_spawn(&pid, exe, &fa, NULL, argv, environ) != 0) {
        pid = -1;
    }
    posix_spawn_file_actions_destroy(&fa);
    return pid;
}

const char *
pf_platform_httpd_root(pf_pool_t *pool, const char *exe)
{
    char    out[8192];
    size_t  len = 0;
    ssize_t n;
    pid_t   pid;
    int     fds[2], st;

    if (exe == NULL || access(exe, X_OK) != 0 || pipe(fds) != 0) {
        return NULL;
    }
    /* a server module's other descriptors stay out of the child */
    (void) fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    pid = pf_unix_httpd_spawn(exe, fds[1]);
    close(fds[1]);
    while (pid > 0 && len + 1 < sizeof(out)
           && ((n = read(fds[0], out + len, sizeof(out) - len - 1)) > 0
               || (n < 0 && errno == EINTR)))
    {
        len += n > 0 ? (size_t) n : 0;
    }
    close(fds[0]);
    out[len] = '\0';
    if (pid <= 0) {
        return NULL;
    }
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    return pf_conf_httpd_root_from_v(pool, out);
}
