/*
 * Makes a busy host for the owner-lookup benchmark: NPROC processes, each
 * holding listening and connected TCP sockets (IPv4 and IPv6, on
 * loopback), and one of them also listening on the target PORT.
 *
 *   pf-bench-load NPROC SOCKETS_PER_PROC PORT [HOLDER [USERS]]
 *
 * HOLDER: "middle" (the default: child NPROC/2 holds PORT) or "last" (the
 * last child forked: last in PID order, as a server started by hand after
 * the rest is, the worst case of a scan of /proc in PID order).
 * USERS: "root" (the default: every child keeps the user it was started
 * as), "holder-drops" (the holder binds as root, then changes its own uid
 * to 65534, as a server dropping privileges does: the socket stays
 * root's, the process is not, and it is no longer dumpable, so /proc
 * shows it as root's) or "load-nobody" (every child but the holder runs
 * as 65534, dumpable, as a host's other services started as their user
 * by exec are).
 *
 * PF_BENCH_HOLDER_CGROUP and PF_BENCH_LOAD_CGROUP in the environment (the
 * directories of two cgroup v2, or one twice; the bench creates and
 * removes them): each child moves itself into the holder's or the load's
 * before it makes a socket, so that the sockets' cgroups are theirs.  A
 * loaded host's thousands of processes are in its services' cgroups, a
 * hand-started server in a login session's scope: the two apart; or the
 * whole load in the holder's cgroup, where a cgroup tells nothing.
 *
 * Per child: one IPv4 listener on PORT for the chosen child, then
 * listeners alternating IPv4 and IPv6, each with a connected pair through
 * it (client and accepted socket): with 10 sockets per child, 4 listening
 * and 6 connected.  Prints "ready PID SOCKETS" (the PID holding PORT and
 * the sockets made) once every child is set up, then waits; SIGTERM stops
 * it and every child (by PID), and a child dies with its parent anyway.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int
bench_listen(int family, unsigned port)
{
    struct sockaddr_storage ss;
    socklen_t               len;
    int                     fd, one = 1;

    memset(&ss, 0, sizeof(ss));
    if (family == AF_INET6) {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *) &ss;

        s6->sin6_family = AF_INET6;
        s6->sin6_addr = in6addr_loopback;
        s6->sin6_port = htons((unsigned short) port);
        len = sizeof(*s6);
    } else {
        struct sockaddr_in *s4 = (struct sockaddr_in *) &ss;

        s4->sin_family = AF_INET;
        s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        s4->sin_port = htons((unsigned short) port);
        len = sizeof(*s4);
    }
    fd = socket(family, SOCK_STREAM, 0);
    if (fd == -1) {
        return -1;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, (struct sockaddr *) &ss, len) == -1 || listen(fd, 16) == -1) {
        close(fd);
        return -1;
    }
    return fd;
}

/* A connected pair through a listener of our own: two more sockets. */
static int
bench_connect_pair(int lfd)
{
    struct sockaddr_storage ss;
    socklen_t               len = sizeof(ss);
    int                     c;

    if (getsockname(lfd, (struct sockaddr *) &ss, &len) == -1) {
        return 0;
    }
    c = socket(ss.ss_family, SOCK_STREAM, 0);
    if (c == -1) {
        return 0;
    }
    if (connect(c, (struct sockaddr *) &ss, len) != 0) {
        close(c);
        return 0;
    }
    /* both ends stay open: two connected sockets */
    return accept(lfd, NULL, NULL) == -1 ? 1 : 2;
}

static void
bench_drop(int dumpable)
{
    if (setgid(65534) == -1 || setuid(65534) == -1) {
        _exit(1);
    }
    /* a changed uid clears both; an exec'd service is dumpable again */
    (void) prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (dumpable) {
        (void) prctl(PR_SET_DUMPABLE, 1);
    }
}

/* Into the cgroup the environment names for this child, if any. */
static void
bench_cgroup(int holder, int wfd)
{
    unsigned char no = 0;
    const char *dir = getenv(holder ? "PF_BENCH_HOLDER_CGROUP"
                                    : "PF_BENCH_LOAD_CGROUP");
    char        path[4096];
    FILE       *f;

    if (dir == NULL || *dir == '\0') {
        return;
    }
    snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
    f = fopen(path, "w");
    if (f == NULL || fprintf(f, "%ld\n", (long) getpid()) < 0
        || fclose(f) != 0)
    {
        (void) write(wfd, &no, 1);  /* the parent says "failed" */
        _exit(1);
    }
}

static void
bench_child(int nsockets, unsigned port, int wfd, const char *users)
{
    int           made = 0, lfd;
    unsigned char n;

    /* never outlive the benchmark, whatever kills it */
    (void) prctl(PR_SET_PDEATHSIG, SIGKILL);
    bench_cgroup(port != 0, wfd);
    if (!port && strcmp(users, "load-nobody") == 0) {
        bench_drop(1);
    }
    if (port) {
        if (bench_listen(AF_INET, port) == -1) {
            n = 0;              /* tells the parent: PORT was not bound */
            (void) write(wfd, &n, 1);
            _exit(1);
        }
        made++;
        if (strcmp(users, "holder-drops") == 0) {
            bench_drop(0);
        }
    }
    while (made < nsockets) {
        lfd = bench_listen(made % 4 < 2 ? AF_INET : AF_INET6, 0);
        if (lfd == -1) {
            break;
        }
        made++;
        if (made + 2 <= nsockets) {
            made += bench_connect_pair(lfd);
        }
    }
    n = (unsigned char) (made > 255 ? 255 : made);
    (void) write(wfd, &n, 1);
    close(wfd);
    for (;;) {
        pause();
    }
}

static volatile sig_atomic_t bench_stop;

static void
bench_on_term(int sig)
{
    (void) sig;
    bench_stop = 1;
}

int
main(int argc, char **argv)
{
    int           nproc, nsock, i, pipefd[2], at;
    long          total = 0;
    pid_t        *pids, holder = 0;
    unsigned char c;
    const char   *users = argc > 5 ? argv[5] : "root";

    if (argc < 4 || argc > 6) {
        fprintf(stderr, "usage: pf-bench-load NPROC SOCKETS_PER_PROC PORT "
                "[middle|last [root|holder-drops|load-nobody]]\n");
        return 2;
    }
    nproc = atoi(argv[1]);
    nsock = atoi(argv[2]);
    at = argc > 4 && strcmp(argv[4], "last") == 0 ? nproc - 1 : nproc / 2;
    if (nproc < 1 || nsock < 1 || nsock > 255) {
        fprintf(stderr, "pf-bench-load: NPROC >= 1, 1 <= SOCKETS <= 255\n");
        return 2;
    }
    pids = calloc((size_t) nproc, sizeof(pid_t));
    if (pids == NULL || pipe(pipefd) == -1) {
        return 1;
    }
    signal(SIGTERM, bench_on_term);
    signal(SIGINT, bench_on_term);
    for (i = 0; i < nproc; i++) {
        pids[i] = fork();
        if (pids[i] == -1) {
            perror("fork");
            nproc = i;          /* only real PIDs are ever signalled */
            break;
        }
        if (pids[i] == 0) {
            close(pipefd[0]);
            bench_child(nsock, i == at ? (unsigned) atoi(argv[3]) : 0,
                        pipefd[1], users);
        }
        if (i == at) {
            holder = pids[i];
        }
    }
    close(pipefd[1]);
    for (i = 0; i < nproc; i++) {
        if (read(pipefd[0], &c, 1) != 1) {
            break;
        }
        if (c == 0) {
            holder = 0;
        }
        total += c;
    }
    if (holder > 0 && i == nproc) {
        printf("ready %ld %ld\n", (long) holder, total);
    } else {
        printf("failed\n");
        bench_stop = 1;
    }
    fflush(stdout);
    while (!bench_stop) {
        pause();
    }
    for (i = 0; i < nproc; i++) {
        if (pids[i] > 0) {
            kill(pids[i], SIGKILL);
        }
    }
    while (wait(NULL) > 0) {
    }
    return 0;
}
