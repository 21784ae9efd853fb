/*
 * Running the server on Unix: fork and exec with the same standard
 * streams; the launcher's signals are passed on to the child so that
 * `kill SHIM` or a supervisor's SIGTERM stops the server.
 *
 * Each signal reaches the server exactly once: the server runs in a
 * process group of its own, so a signal sent to the launcher's group
 * (kill -TERM -PGID, a supervisor's killpg) reaches the launcher alone,
 * which passes it on.  When the launcher had the terminal's foreground,
 * the server's group gets it, so that the server can read the terminal
 * (a pass phrase) and Ctrl-C reaches it from the terminal, once; the
 * launcher takes the terminal back when the server ends.  As PID 1 (a
 * container's entrypoint) the launcher is every orphan's parent: it reaps
 * them while it waits, or they stay zombies for the container's life.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "preflight_internal.h"

struct pf_child_s {
    pid_t            pid;
    struct timespec  started;
};

static volatile sig_atomic_t pf_run_child_pid;
/* the foreground group the terminal had, to give it back; 0: none */
static pid_t                 pf_run_tty_pgrp;

static const int pf_run_forwarded[] = {
    SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, 0
};

/* Every signal is passed on once, whoever sent it (the child is in no
 * group the sender could have reached), but not back to the child that
 * sent it. */
static void
pf_run_forward(int sig, siginfo_t *info, void *uctx)
{
    int e = errno;

    (void) uctx;
    if (pf_run_child_pid > 0
        && !(info != NULL && info->si_code == SI_USER
             && info->si_pid == (pid_t) pf_run_child_pid))
    {
        kill((pid_t) pf_run_child_pid, sig);
    }
    errno = e;
}

static void
pf_run_install_forwarding(void)
{
    struct sigaction sa;
    int              i;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = pf_run_forward;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    for (i = 0; pf_run_forwarded[i]; i++) {
        sigaction(pf_run_forwarded[i], &sa, NULL);
    }
}

/* The terminal's foreground to pgrp; from the background this needs
 * SIGTTOU held off. */
static void
pf_run_tty_set(pid_t pgrp)
{
    sigset_t set, old;

    sigemptyset(&set);
    sigaddset(&set, SIGTTOU);
    sigprocmask(SIG_BLOCK, &set, &old);
    (void) tcsetpgrp(STDIN_FILENO, pgrp);
    sigprocmask(SIG_SETMASK, &old, NULL);
}

static void
pf_run_tty_take_back(void)
{
    if (pf_run_tty_pgrp != 0) {
        pf_run_tty_set(pf_run_tty_pgrp);
        pf_run_tty_pgrp = 0;
    }
}

/* Ctrl-Z stopped the server (its group has the terminal): the launcher
 * stops too, so that the shell sees its job stopped, and on fg gives the
 * terminal back to the server and continues it. */
static void
pf_run_job_stopped(pid_t pid)
{
    pf_run_tty_set(pf_run_tty_pgrp);
    (void) kill(getpid(), SIGSTOP);
    pf_run_tty_set(pid);
    (void) kill(-pid, SIGCONT);
}

/* In the child: exec, or report errno through the close-on-exec pipe. */
static void
pf_run_exec(char *const *argv, int report_fd)
{
    int e;
    int i;

    for (i = 0; pf_run_forwarded[i]; i++) {
        signal(pf_run_forwarded[i], SIG_DFL);
    }
    /* a group of its own: a signal to the launcher's group is not
     * delivered here as well as passed on; the terminal's foreground,
     * when the launcher had it (set by both: either may run first) */
    (void) setpgid(0, 0);
    if (pf_run_tty_pgrp != 0) {
        pf_run_tty_set(getpid());
    }
    execvp(argv[0], argv);
    e = errno;
    if (write(report_fd, &e, sizeof(e)) < 0) {
        /* nothing more can be said */
    }
    _exit(127);
}

static int
pf_run_exec_error(int fd)
{
    int     e = 0;
    ssize_t n;

    do {
        n = read(fd, &e, sizeof(e));
    } while (n < 0 && errno == EINTR);
    return n == (ssize_t) sizeof(e) ? e : 0;
}

int
pf_run_start(pf_pool_t *pool, char *const *argv, pf_child_t **child,
             pf_error_t *err)
{
    pf_child_t *c;
    int         fds[2], e;
    pid_t       pid;

    c = pf_palloc(pool, sizeof(*c));
    if (c == NULL) {
        return PF_ENOMEM;
    }
    if (pipe(fds) != 0) {
        pf_error_set(err, NULL, 0, "pipe: %s", strerror(errno));
        return PF_ERROR;
    }
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    clock_gettime(CLOCK_MONOTONIC, &c->started);
    pf_run_tty_pgrp = isatty(STDIN_FILENO)
                      && tcgetpgrp(STDIN_FILENO) == getpgrp() ? getpgrp() : 0;
    pid = fork();
    if (pid < 0) {
        e = errno;
        pf_run_tty_pgrp = 0;
        close(fds[0]);
        close(fds[1]);
        pf_error_set(err, NULL, 0, "fork: %s", strerror(e));
        return PF_ERROR;
    }
    if (pid == 0) {
        close(fds[0]);
        pf_run_exec(argv, fds[1]);
    }
    close(fds[1]);
    (void) setpgid(pid, pid);       /* either of us may run first */
    pf_run_child_pid = pid;
    if (pf_run_tty_pgrp != 0) {
        pf_run_tty_set(pid);
    }
    pf_run_install_forwarding();
    e = pf_run_exec_error(fds[0]);
    close(fds[0]);
    c->pid = pid;
    *child = c;
    if (e != 0) {
        waitpid(pid, NULL, 0);
        pf_run_child_pid = 0;
        pf_run_tty_take_back();
        pf_error_set(err, NULL, 0, "cannot run %s: %s", argv[0],
                     strerror(e));
        return PF_ERROR;
    }
    return PF_OK;
}

int
pf_run_wait(pf_child_t *child, int *status, double *seconds,
            pf_error_t *err)
{
    struct timespec now;
    int             st;
    pid_t           r;

    /* as PID 1 every orphan is ours: any child is waited for, and only
     * the server's status counts */
    for ( ;; ) {
        r = waitpid(getpid() == 1 ? (pid_t) -1 : child->pid, &st,
                    pf_run_tty_pgrp != 0 ? WUNTRACED : 0);
        if (r == child->pid && WIFSTOPPED(st)) {
            pf_run_job_stopped(child->pid);
            continue;
        }
        if ((r < 0 && errno == EINTR) || (r > 0 && r != child->pid)) {
            continue;
        }
        break;
    }
    if (r < 0) {
        pf_error_set(err, NULL, 0, "waitpid: %s", strerror(errno));
        return PF_ERROR;
    }
    pf_run_child_pid = 0;
    pf_run_tty_take_back();
    clock_gettime(CLOCK_MONOTONIC, &now);
    *seconds = (double) (now.tv_sec - child->started.tv_sec)
               + (double) (now.tv_nsec - child->started.tv_nsec) / 1e9;
    *status = WIFEXITED(st) ? WEXITSTATUS(st)
                            : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 1;
    return PF_OK;
}
