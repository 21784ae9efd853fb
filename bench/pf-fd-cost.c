/*
 * What the kernel charges per fd when a process is asked who holds a
 * socket through /proc (issue 22): the floor under any /proc scan.
 *
 *   pf-fd-cost NPROC FDS_PER_PROC
 *
 * Forks NPROC children, each holding FDS_PER_PROC sockets (fds 3 on, no
 * holes), then times, over every child's fds, CPU time per call (each
 * primitive over all of them, best of 3 rounds):
 *   openat         /proc/PID/fd of each child (per process)
 *   getdents64     the listing, per name listed
 *   readlinkat     the link, as ss, lsof and preflight read it
 *   fstatat        following the link (the socket's inode, no text)
 *   lstat          the name alone (the lookup, nothing followed)
 *   miss           a number that is no fd (ENOENT)
 *   getppid        a system call that does nothing (the entry cost)
 * The children die with it (PR_SET_PDEATHSIG).  Written for this bench;
 * no data of any other program.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

enum { OPENAT, GETDENTS, READLINK, FSTATAT, LSTAT, MISS, GETPPID, NKIND };

static const char *fd_cost_names[NKIND] = {
    "openat (per process)", "getdents64 (per name)", "readlinkat",
    "fstatat (follow)", "lstat (the name alone)", "miss (ENOENT)",
    "getppid (entry cost)"
};

static double
fd_cost_now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

/* One primitive over every child; microseconds of CPU per call. */
static double
fd_cost_round(int kind, const pid_t *pids, int nproc, int nfd)
{
    char        path[64], name[16], link[64], buf[8192];
    struct stat st;
    double      t0 = fd_cost_now();
    long        calls = 0;
    int         i, j, dfd;

    if (kind == GETPPID) {
        for (i = 0; i < nproc * nfd; i++) {
            (void) syscall(SYS_getppid);
        }
        return (fd_cost_now() - t0) / (double) (nproc * nfd);
    }
    for (i = 0; i < nproc; i++) {
        snprintf(path, sizeof(path), "/proc/%d/fd", (int) pids[i]);
        dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd == -1) {
            continue;
        }
        if (kind == OPENAT) {
            calls++;
        } else if (kind == GETDENTS) {
            while (syscall(SYS_getdents64, dfd, buf, sizeof(buf)) > 0) {
            }
            calls += nfd + 3;
        } else {
            for (j = 0; j < nfd; j++) {
                snprintf(name, sizeof(name), "%d", kind == MISS ? 100000 + j : 3 + j);
                switch (kind) {
                case READLINK: case MISS:
                    (void) readlinkat(dfd, name, link, sizeof(link)); break;
                case FSTATAT: (void) fstatat(dfd, name, &st, 0); break;
                default:
                    (void) fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW); break;
                }
                calls++;
            }
        }
        close(dfd);
    }
    /* the openat and close of each directory are in every round: the
     * OPENAT round alone says what they cost, taken off the others */
    return (fd_cost_now() - t0) / (double) (calls ? calls : 1);
}

int
main(int argc, char **argv)
{
    int           nproc = argc > 1 ? atoi(argv[1]) : 2000;
    int           nfd = argc > 2 ? atoi(argv[2]) : 10;
    int           i, j, k, r, w, ready[2];
    pid_t        *pids;
    double        us, best, base = 0;
    char          c;
    struct rlimit rl;

    if (nproc < 1 || nfd < 1 || nfd > 10000) {
        fprintf(stderr, "usage: pf-fd-cost NPROC FDS_PER_PROC\n");
        return 2;
    }
    pids = calloc((size_t) nproc, sizeof(*pids));
    if (pids == NULL || pipe(ready) == -1) {
        return 1;
    }
    /* room for the sockets; the hard limit only ever goes down */
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t) nfd + 64) {
        rl.rlim_cur = (rlim_t) nfd + 64;
        (void) setrlimit(RLIMIT_NOFILE, &rl);
    }
    for (i = 0; i < nproc; i++) {
        pids[i] = fork();
        if (pids[i] == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            /* the pipe's end out of the way, every other fd closed: the
             * sockets are fds 3 .. 3+nfd-1, no holes */
            w = fcntl(ready[1], F_DUPFD_CLOEXEC, nfd + 16);
            for (j = 3; j < nfd + 16; j++) {
                close(j);
            }
            syscall(SYS_close_range, (unsigned) w + 1, ~0U, 0);
            ready[1] = w;
            for (j = 0; j < nfd; j++) {
                (void) socket(AF_INET, SOCK_STREAM, 0);
            }
            (void) write(ready[1], "r", 1);
            close(ready[1]);
            pause();
            _exit(0);
        }
        if (pids[i] == -1) {
            nproc = i;
            break;
        }
    }
    close(ready[1]);
    for (i = 0; i < nproc && read(ready[0], &c, 1) == 1; i++) {
    }
    printf("%d processes, %d socket fds each\n", nproc, nfd);
    printf("| call | CPU us per call |\n|---|---:|\n");
    for (k = 0; k < NKIND; k++) {
        best = 1e12;
        for (r = 0; r < 3; r++) {
            us = fd_cost_round(k, pids, nproc, nfd);
            best = us < best ? us : best;
        }
        if (k == OPENAT || k == GETPPID) {
            base = k == OPENAT ? best : base; /* open + close of one dir */
            printf("| %s | %.2f |\n", fd_cost_names[k], best);
        } else if (k == GETDENTS) {
            printf("| %s | %.2f |\n", fd_cost_names[k],
                   best - base / (nfd + 3));
        } else {
            printf("| %s | %.2f |\n", fd_cost_names[k], best - base / nfd);
        }
    }
    for (i = 0; i < nproc; i++) {
        kill(pids[i], SIGKILL);
    }
    for (i = 0; i < nproc; i++) {
        waitpid(pids[i], NULL, 0);
    }
    return 0;
}
