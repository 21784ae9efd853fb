/* The probe's classifier: what a bind() error means, on both platforms;
 * and the bind test of an address a server holds in binary form. */
#include <errno.h>
#include <string.h>

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#define PF_TEST_INUSE  10048     /* WSAEADDRINUSE */
#define pf_test_close  closesocket
typedef SOCKET pf_test_sock_t;
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#define PF_TEST_INUSE  EADDRINUSE
#define pf_test_close  close
typedef int pf_test_sock_t;
#endif

#include "pf_test.h"

static void
test_posix_codes(void)
{
    PF_ASSERT_EQ(pf_probe_classify(PF_ERRSPACE_POSIX, 0, 80, 1024),
                 PF_STATUS_FREE);
    PF_ASSERT_EQ(pf_probe_classify(PF_ERRSPACE_POSIX, EADDRINUSE, 80,
                                   1024), PF_STATUS_IN_USE);
    PF_ASSERT_EQ(pf_probe_classify(PF_ERRSPACE_POSIX, EADDRNOTAVAIL, 80,
                                   1024), PF_STATUS_NOT_LOCAL);
    PF_ASSERT_EQ(pf_probe_classify(PF_ERRSPACE_POSIX, EAFNOSUPPORT, 80,
                                   1024), PF_STATUS_UNSUPPORTED);
    PF_ASSERT_EQ(pf_probe_classify(PF_ERRSPACE_POSIX, EMFILE, 80, 1024),
                 PF_STATUS_ERROR);
}

static void
test_eacces_depends_on_the_port(void)
{
    /* below the unprivileged start: the port; above: a policy */
    PF_ASSERT_EQ(pf_probe_classify(PF_ERRSPACE_POSIX, EACCES, 80, 1024),
                 PF_STATUS_PRIVILEGED);
    PF_ASSERT_EQ(pf_probe_classify(PF_ERRSPACE_POSIX, EACCES, 8081, 1024),
                 PF_STATUS_DENIED);
    PF_ASSERT_EQ(pf_probe_classify(PF_ERRSPACE_POSIX, EACCES, 80, 80),
                 PF_STATUS_DENIED);
    PF_ASSERT_EQ(pf_probe_classify(PF_ERRSPACE_POSIX, EACCES, 443, -1),
                 PF_STATUS_PRIVILEGED);
}

static void
test_winsock_codes(void)
{
    /* 10013 is "denied" (exclusive owner or excluded range), never
     * "permission"; 10048 is in use */
    PF_ASSERT_EQ(pf_probe_classify(PF_ERRSPACE_WINSOCK, 10013, 80, -1),
                 PF_STATUS_DENIED);
    PF_ASSERT_EQ(pf_probe_classify(PF_ERRSPACE_WINSOCK, 10048, 80, -1),
                 PF_STATUS_IN_USE);
    PF_ASSERT_EQ(pf_probe_classify(PF_ERRSPACE_WINSOCK, 10049, 80, -1),
                 PF_STATUS_NOT_LOCAL);
    PF_ASSERT_STR(pf_errno_name(PF_ERRSPACE_WINSOCK, 10013), "WSAEACCES");
    PF_ASSERT_STR(pf_errno_name(PF_ERRSPACE_WINSOCK, 10048),
                  "WSAEADDRINUSE");
}

static void
test_names(void)
{
    PF_ASSERT_STR(pf_status_name(PF_STATUS_IN_USE), "in-use");
    PF_ASSERT_STR(pf_status_name(PF_STATUS_NOT_LOCAL), "not-local");
    PF_ASSERT_STR(pf_errno_name(PF_ERRSPACE_POSIX, EADDRINUSE),
                  "EADDRINUSE");
    PF_ASSERT_STR(pf_cause_name(PF_CAUSE_HTTPSYS), "httpsys");
    PF_ASSERT_STR(pf_cause_name(PF_CAUSE_EXCLUDED_RANGE), "excluded-range");
    PF_ASSERT_STR(pf_cause_name(PF_CAUSE_COUNT), "unknown");
}

/* What a server module asks after the probe, before it learns anything
 * else: did any target fail?  Free and unchecked are not failures. */
static void
test_any_failed(void)
{
    pf_report_t *r = pf_report_create();
    pf_target_t  t;
    pf_check_t  *a, *b;

    PF_ASSERT_NOT_NULL_FATAL(r);
    CU_ASSERT_FALSE(pf_report_any_failed(r));
    memset(&t, 0, sizeof(t));
    t.port = 8080;
    a = pf_report_add_target(r, &t);
    t.port = 8081;
    b = pf_report_add_target(r, &t);
    PF_ASSERT_NOT_NULL_FATAL(a);
    PF_ASSERT_NOT_NULL_FATAL(b);
    a = &PF_ARRAY_AT(&r->checks, pf_check_t, 0);
    b = &PF_ARRAY_AT(&r->checks, pf_check_t, 1);
    a->probe.status = PF_STATUS_FREE;
    b->probe.status = PF_STATUS_UNCHECKED;
    CU_ASSERT_FALSE(pf_report_any_failed(r));
    b->probe.status = PF_STATUS_IN_USE;
    CU_ASSERT_TRUE(pf_report_any_failed(r));
    pf_report_destroy(r);
}

/* A socket listening on 127.0.0.1 on a port the system picked; its
 * address in *sin. */
static pf_test_sock_t
listen_loopback(struct sockaddr_in *sin)
{
    pf_test_sock_t s;
    socklen_t      len = sizeof(*sin);

    memset(sin, 0, sizeof(*sin));
    sin->sin_family = AF_INET;
    sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    s = socket(AF_INET, SOCK_STREAM, 0);
    PF_ASSERT_EQ_FATAL(bind(s, (struct sockaddr *) sin, sizeof(*sin)), 0);
    PF_ASSERT_EQ_FATAL(listen(s, 1), 0);
    PF_ASSERT_EQ_FATAL(getsockname(s, (struct sockaddr *) sin, &len), 0);
    return s;
}

/* What a module's healthy start asks: does nginx's own address bind? */
static void
test_sockaddr_bind_test(void)
{
    struct sockaddr_in sin;
    pf_test_sock_t     holder;
#ifdef _WIN32
    WSADATA            wsa;

    PF_ASSERT_EQ_FATAL(WSAStartup(MAKEWORD(2, 2), &wsa), 0);
#endif
    holder = listen_loopback(&sin);
    PF_ASSERT_EQ(pf_probe_sockaddr(&sin, sizeof(sin), PF_PROTO_TCP, 0,
                                   -1), PF_TEST_INUSE);
    pf_test_close(holder);
    PF_ASSERT_EQ(pf_probe_sockaddr(&sin, sizeof(sin), PF_PROTO_TCP, 0,
                                   -1), 0);
    /* the probe closed its socket: the port is still free after it */
    PF_ASSERT_EQ(pf_probe_sockaddr(&sin, sizeof(sin), PF_PROTO_TCP, 0,
                                   -1), 0);
    /* not an address the probe can bind: an error, never "free" */
    PF_ASSERT_NE(pf_probe_sockaddr(&sin, 1, PF_PROTO_TCP, 0, -1), 0);
    PF_ASSERT_NE(pf_probe_sockaddr(NULL, sizeof(sin), PF_PROTO_TCP,
                                   0, -1), 0);
}

#ifndef _WIN32
#include <fcntl.h>

/* The bind test that keeps its socket, as nginx's listener: backlog 511,
 * nginx's default. */
static int
pf_test_keep(const struct sockaddr_in *sin, pf_proto_t proto, int *fd)
{
    pf_bind_spec_t b;

    memset(&b, 0, sizeof(b));
    b.sockaddr = sin;
    b.socklen = sin != NULL ? sizeof(*sin) : 0;
    b.proto = proto;
    b.v6only = -1;
    b.backlog = 511;
    return pf_probe_keep_sockaddr(sin != NULL ? &b : NULL, fd);
}

/* A holder bound with SO_REUSEADDR that does not listen is no conflict:
 * the server's bind and listen both succeed (the holder's own listen
 * fails later), and the probe says so, kept socket or not.  (Measured:
 * Linux 6.x; listen() fails only for an address someone listens on
 * since the bind, or when a security module refuses listen.) */
static void
test_bound_holder_is_no_conflict(void)
{
    struct sockaddr_in sin;
    socklen_t          len = sizeof(sin);
    int                holder, s, one = 1;

    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    holder = socket(AF_INET, SOCK_STREAM, 0);
    PF_ASSERT_EQ_FATAL(setsockopt(holder, SOL_SOCKET, SO_REUSEADDR, &one,
                                  sizeof(one)), 0);
    PF_ASSERT_EQ_FATAL(bind(holder, (struct sockaddr *) &sin, sizeof(sin)), 0);
    PF_ASSERT_EQ_FATAL(getsockname(holder, (struct sockaddr *) &sin, &len), 0);
    /* as a server binds */
    s = socket(AF_INET, SOCK_STREAM, 0);
    (void) setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    PF_ASSERT_EQ(bind(s, (struct sockaddr *) &sin, sizeof(sin)), 0);
    PF_ASSERT_EQ(listen(s, 1), 0);
    close(s);
    PF_ASSERT_EQ(pf_probe_sockaddr(&sin, sizeof(sin), PF_PROTO_TCP, 0,
                                   -1), 0);
    PF_ASSERT_EQ(pf_test_keep(&sin, PF_PROTO_TCP, &s), 0);
    CU_ASSERT(s >= 0);
    /* and now the holder cannot listen: the server has the address */
    PF_ASSERT_EQ(listen(holder, 1), -1);
    close(s);
    close(holder);
}

/* The socket kept for nginx is made as nginx makes its listeners. */
static void
test_keep_sockaddr(void)
{
    struct sockaddr_in sin;
    int                fd = -1, again = 0, on = 0, fl;
    socklen_t          len = sizeof(on);

    close(listen_loopback(&sin));
    PF_ASSERT_EQ(pf_test_keep(&sin, PF_PROTO_TCP, &fd), 0);
    CU_ASSERT_FATAL(fd >= 0);
    PF_ASSERT_EQ(getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &len), 0);
    PF_ASSERT_EQ(on, 1);
    PF_ASSERT_EQ(getsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, &len), 0);
    PF_ASSERT_EQ(on, 1);
    fl = fcntl(fd, F_GETFL);
    CU_ASSERT(fl != -1 && (fl & O_NONBLOCK));
    /* nginx hands its listeners to a new binary through exec */
    PF_ASSERT_EQ(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
    /* it holds the address */
    PF_ASSERT_EQ(pf_probe_sockaddr(&sin, sizeof(sin), PF_PROTO_TCP, 0,
                                   -1), EADDRINUSE);
    PF_ASSERT_EQ(pf_test_keep(&sin, PF_PROTO_TCP, &again), EADDRINUSE);
    PF_ASSERT_EQ(again, -1);
    close(fd);
    PF_ASSERT_EQ(pf_probe_sockaddr(&sin, sizeof(sin), PF_PROTO_TCP, 0,
                                   -1), 0);
    /* UDP: bound, no listen */
    PF_ASSERT_EQ(pf_test_keep(&sin, PF_PROTO_UDP, &fd), 0);
    CU_ASSERT(fd >= 0);
    close(fd);
    PF_ASSERT_NE(pf_test_keep(NULL, PF_PROTO_TCP, &fd), 0);
    PF_ASSERT_EQ(fd, -1);
}
#endif

static CU_TestInfo probe_tests[] = {
    { "POSIX bind errors", test_posix_codes },
    { "EACCES: privileged port or policy", test_eacces_depends_on_the_port },
    { "Winsock bind errors", test_winsock_codes },
    { "status, errno and cause names", test_names },
    { "a report fails when one target does", test_any_failed },
    { "the bind test of a binary address", test_sockaddr_bind_test },
#ifndef _WIN32
    { "a holder that only bound is no conflict",
      test_bound_holder_is_no_conflict },
    { "the kept socket is made as nginx makes its own", test_keep_sockaddr },
#endif
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "probe", NULL, NULL, NULL, NULL, probe_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
