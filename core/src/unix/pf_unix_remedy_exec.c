/*
 * Unix: run systemctl without a shell (fork/exec, arguments as given),
 * its standard output captured.  Used when sd-bus is not built in or the
 * system bus cannot be reached.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pf_unix_remedy.h"

static void
pf_unix_remedy_exec_child(int out_fd, char *const argv[])
{
    int devnull = open("/dev/null", O_RDWR);

    if (devnull >= 0) {
        dup2(devnull, 0);
    }
    if (out_fd >= 0) {
        dup2(out_fd, 1);
        close(out_fd);
    }
    /* a server may have set SIGCHLD or SIGPIPE aside: the tool needs them */
    signal(SIGPIPE, SIG_DFL);
    execvp(argv[0], argv);
    fprintf(stderr, "preflight: cannot run %s: %s\n", argv[0],
            strerror(errno));
    _exit(127);
}

static void
pf_unix_remedy_exec_read(int fd, char *out, size_t outlen)
{
    size_t  len = 0;
    ssize_t n;
    char    sink[256];

    for (;;) {
        if (len + 1 < outlen) {
            n = read(fd, out + len, outlen - len - 1);
        } else {
            n = read(fd, sink, sizeof(sink));   /* drain what is too much */
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        if (len + 1 < outlen) {
            len += (size_t) n;
        }
    }
    if (outlen > 0) {
        out[len] = '\0';
        while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == ' ')) {
            out[--len] = '\0';
        }
    }
}

int
pf_unix_remedy_exec(char *const argv[], char *out, size_t outlen, int *status,
                    pf_error_t *err)
{
    int   fds[2] = { -1, -1 };
    pid_t pid;
    int   st = 0;

    if (out != NULL && pipe(fds) != 0) {
        pf_error_set(err, NULL, 0, "pipe: %s", strerror(errno));
        return PF_ERROR;
    }
    pid = fork();
    if (pid < 0) {
        pf_error_set(err, NULL, 0, "fork: %s", strerror(errno));
        if (out != NULL) {
            close(fds[0]);
            close(fds[1]);
        }
        return PF_ERROR;
    }
    if (pid == 0) {
        if (out != NULL) {
            close(fds[0]);
        }
        pf_unix_remedy_exec_child(out != NULL ? fds[1] : -1, argv);
    }
    if (out != NULL) {
        close(fds[1]);
        pf_unix_remedy_exec_read(fds[0], out, outlen);
        close(fds[0]);
    }
    while (waitpid(pid, &st, 0) < 0) {
        if (errno != EINTR) {
            pf_error_set(err, NULL, 0, "waitpid: %s", strerror(errno));
            return PF_ERROR;
        }
    }
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return PF_OK;
}

/* systemctl VERB UNIT; a non-zero exit is an error naming the command. */
int
pf_systemctl(const char *verb, const char *unit, pf_error_t *err)
{
    char *argv[5];
    int   status = 0;

    argv[0] = "systemctl";
    argv[1] = (char *) verb;
    argv[2] = "--";
    argv[3] = (char *) unit;
    argv[4] = NULL;
    if (pf_unix_remedy_exec(argv, NULL, 0, &status, err) != PF_OK) {
        return PF_ERROR;
    }
    if (status != 0) {
        pf_error_set(err, NULL, 0, "'systemctl %s %s' exited with %d%s",
                     verb, unit, status,
                     access("/run/systemd/system", F_OK) == 0 ? ""
                     : " (systemd is not running on this system)");
        return PF_ERROR;
    }
    return PF_OK;
}

/* systemctl is-active / is-enabled print the state even when they exit
 * non-zero; only an empty answer is a failure. */
int
pf_systemctl_query(pf_pool_t *pool, const char *verb, const char *unit,
                   const char **state, pf_error_t *err)
{
    char  buf[128];
    char *argv[5];
    int   status = 0;

    argv[0] = "systemctl";
    argv[1] = (char *) verb;
    argv[2] = "--";
    argv[3] = (char *) unit;
    argv[4] = NULL;
    buf[0] = '\0';
    if (pf_unix_remedy_exec(argv, buf, sizeof(buf), &status, err) != PF_OK) {
        return PF_ERROR;
    }
    if (buf[0] == '\0' || strchr(buf, '\n') != NULL || status == 127) {
        pf_error_set(err, NULL, 0, "'systemctl %s %s' gave no state%s",
                     verb, unit,
                     access("/run/systemd/system", F_OK) == 0 ? ""
                     : " (systemd is not running on this system)");
        return PF_ERROR;
    }
    *state = pf_pstrdup(pool, buf);
    return PF_OK;
}
