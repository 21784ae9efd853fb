/*
 * The facts layer against real sockets: the test listens itself, runs the
 * pipeline on that address, and expects its own socket inode and its own
 * process (pid, exe) — through netlink, and through /proc/net with
 * PREFLIGHT_NO_NETLINK=1.
 */
#include <stdlib.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "pf_test.h"

typedef struct {
    int           fd;
    unsigned      port;
    unsigned long inode;
} held_t;

static int
hold(int family, int type, int v6only, held_t *h)
{
    struct sockaddr_storage ss;
    struct sockaddr_in     *s4 = (struct sockaddr_in *) &ss;
    struct sockaddr_in6    *s6 = (struct sockaddr_in6 *) &ss;
    socklen_t               len;
    struct stat             st;

    memset(&ss, 0, sizeof(ss));
    h->fd = socket(family, type, 0);
    if (h->fd == -1) {
        return -1;
    }
    if (family == AF_INET6) {
        setsockopt(h->fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof(v6only));
        s6->sin6_family = AF_INET6;
        s6->sin6_addr = in6addr_loopback;
        len = sizeof(*s6);
    } else {
        s4->sin_family = AF_INET;
        s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        len = sizeof(*s4);
    }
    if (bind(h->fd, (struct sockaddr *) &ss, len) != 0
        || (type == SOCK_STREAM && listen(h->fd, 4) != 0)
        || getsockname(h->fd, (struct sockaddr *) &ss, &len) != 0
        || fstat(h->fd, &st) != 0)
    {
        close(h->fd);
        return -1;
    }
    h->port = ntohs(family == AF_INET6 ? s6->sin6_port : s4->sin_port);
    h->inode = (unsigned long) st.st_ino;
    return 0;
}

static pf_report_t *
run(const char *addr, unsigned port, pf_proto_t proto)
{
    pf_report_t *r = pf_report_create();
    pf_array_t   targets;
    pf_error_t   err;
    char         spec[128];
    pf_target_t *t;

    PF_ASSERT_NOT_NULL_FATAL(r);
    snprintf(spec, sizeof(spec), "%s:%u", addr, port);
    pf_array_init(&targets, r->pool, 1, sizeof(pf_target_t));
    PF_ASSERT_EQ_FATAL(pf_target_parse(r->pool, spec, NULL, &targets,
                                       &err), PF_OK);
    t = &PF_ARRAY_AT(&targets, pf_target_t, 0);
    t->proto = proto;
    pf_report_add_target(r, t);
    pf_report_run(r);
    return r;
}

static const pf_listener_t *
find_listener(const pf_check_t *c, unsigned long inode)
{
    size_t i;

    for (i = 0; i < c->facts.listeners.nelts; i++) {
        const pf_listener_t *l = &PF_ARRAY_AT(&c->facts.listeners,
                                              pf_listener_t, i);

        if (l->inode == inode) {
            return l;
        }
    }
    return NULL;
}

static void
expect_self(const char *addr, const held_t *h, pf_proto_t proto,
            int v6only)
{
    pf_report_t         *r = run(addr, h->port, proto);
    pf_check_t          *c = &PF_ARRAY_AT(&r->checks, pf_check_t, 0);
    const pf_listener_t *l;
    pf_process_t        *p;
    char                 exe[4096];
    ssize_t              n;

    PF_ASSERT_EQ(c->probe.status, PF_STATUS_IN_USE);
    PF_ASSERT_EQ(c->facts.listeners_known, PF_KNOWN_YES);
    l = find_listener(c, h->inode);
    PF_ASSERT_NOT_NULL_FATAL(l);
    PF_ASSERT_EQ(l->port, h->port);
    PF_ASSERT_EQ(l->uid, (long) geteuid());
    PF_ASSERT_EQ(l->proto, proto);
    PF_ASSERT_SIZE_EQ(l->pids.nelts, 1);
    if (v6only >= 0) {
        PF_ASSERT_EQ(l->v6only, v6only);
    }
    p = pf_facts_find_process(&c->facts, (long) getpid());
    PF_ASSERT_NOT_NULL_FATAL(p);
    n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    CU_ASSERT_FATAL(n > 0);
    exe[n] = '\0';
    PF_ASSERT_STR(p->exe, exe);
    PF_ASSERT_EQ(p->ppid, (long) getppid());
    PF_ASSERT_EQ(p->uid, (long) geteuid());
    PF_ASSERT_NOT_NULL(p->name);
    PF_ASSERT_NOT_NULL(p->cmdline);
    CU_ASSERT(r->host.unprivileged_port_start >= 0);
    PF_ASSERT_EQ(r->host.euid, (long) geteuid());
    pf_report_destroy(r);
}

static void
both_ways(const char *addr, const held_t *h, pf_proto_t proto, int v6only)
{
    unsetenv("PREFLIGHT_NO_NETLINK");
    expect_self(addr, h, proto, v6only);
    setenv("PREFLIGHT_NO_NETLINK", "1", 1);
    expect_self(addr, h, proto, -1);    /* /proc/net does not say */
    unsetenv("PREFLIGHT_NO_NETLINK");
}

static void
test_tcp4(void)
{
    held_t h;

    PF_ASSERT_EQ_FATAL(hold(AF_INET, SOCK_STREAM, 0, &h), 0);
    both_ways("127.0.0.1", &h, PF_PROTO_TCP, -1);
    /* "*:PORT" is blocked by it too, and names it */
    both_ways("*", &h, PF_PROTO_TCP, -1);
    close(h.fd);
}

static void
test_tcp6(void)
{
    held_t h;

    if (hold(AF_INET6, SOCK_STREAM, 1, &h) != 0) {
        return;                       /* no IPv6 here */
    }
    both_ways("[::1]", &h, PF_PROTO_TCP, 1);
    close(h.fd);
}

static void
test_udp4(void)
{
    held_t h;

    PF_ASSERT_EQ_FATAL(hold(AF_INET, SOCK_DGRAM, 0, &h), 0);
    both_ways("127.0.0.1", &h, PF_PROTO_UDP, -1);
    close(h.fd);
}

/* Nothing listens on Q, but a connection uses Q as its local port (bound
 * without SO_REUSEADDR): the bind fails, and the facts name that
 * socket and its process. */
static void
test_connection_local_port(int no_netlink)
{
    held_t              srv, cli;
    struct sockaddr_in  to;
    pf_report_t        *r;
    pf_check_t         *c;
    const pf_listener_t *l;
    int                  acc;

    PF_ASSERT_EQ_FATAL(hold(AF_INET, SOCK_STREAM, 0, &srv), 0);
    cli.fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&to, 0, sizeof(to));
    to.sin_family = AF_INET;
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    to.sin_port = htons((unsigned short) srv.port);
    PF_ASSERT_EQ_FATAL(connect(cli.fd, (struct sockaddr *) &to,
                               sizeof(to)), 0);
    {
        struct sockaddr_in me;
        socklen_t          len = sizeof(me);
        struct stat        st;

        getsockname(cli.fd, (struct sockaddr *) &me, &len);
        fstat(cli.fd, &st);
        cli.port = ntohs(me.sin_port);
        cli.inode = (unsigned long) st.st_ino;
    }
    acc = accept(srv.fd, NULL, NULL);   /* unaccepted, it would be reset */
    PF_ASSERT_NE_FATAL(acc, -1);
    close(srv.fd);        /* nothing listens on either port now */
    if (no_netlink) {
        setenv("PREFLIGHT_NO_NETLINK", "1", 1);
    }
    r = run("127.0.0.1", cli.port, PF_PROTO_TCP);
    unsetenv("PREFLIGHT_NO_NETLINK");
    c = &PF_ARRAY_AT(&r->checks, pf_check_t, 0);
    PF_ASSERT_EQ(c->probe.status, PF_STATUS_IN_USE);
    l = find_listener(c, cli.inode);
    PF_ASSERT_NOT_NULL(l);
    PF_ASSERT_NOT_NULL(pf_facts_find_process(&c->facts,
                                             (long) getpid()));
    CU_ASSERT(c->facts.notes.nelts >= 1);
    if (c->facts.notes.nelts >= 1) {
        PF_ASSERT_CONTAINS(PF_ARRAY_AT(&c->facts.notes, char *, 0),
                           "local port");
    }
    pf_report_destroy(r);
    close(cli.fd);
    close(acc);
}

static void
test_connection_netlink(void)
{
    test_connection_local_port(0);
}

static void
test_connection_procnet(void)
{
    test_connection_local_port(1);
}

/* A free port gathers nothing at all. */
static void
test_free_port_no_facts(void)
{
    held_t       h;
    unsigned     port;
    pf_report_t *r;
    pf_check_t  *c;

    PF_ASSERT_EQ_FATAL(hold(AF_INET, SOCK_STREAM, 0, &h), 0);
    port = h.port;
    close(h.fd);
    r = run("127.0.0.1", port, PF_PROTO_TCP);
    c = &PF_ARRAY_AT(&r->checks, pf_check_t, 0);
    PF_ASSERT_EQ(c->probe.status, PF_STATUS_FREE);
    PF_ASSERT_EQ(c->facts.listeners_known, PF_KNOWN_NO);
    PF_ASSERT_EQ(r->host.euid, -1);     /* host facts not gathered */
    pf_report_destroy(r);
}

static CU_TestInfo live_tests[] = {
    { "TCP over IPv4: own socket and process", test_tcp4 },
    { "TCP over IPv6, V6ONLY", test_tcp6 },
    { "UDP over IPv4", test_udp4 },
    { "a connection's local port (netlink)", test_connection_netlink },
    { "a connection's local port (/proc/net)", test_connection_procnet },
    { "a free port costs nothing", test_free_port_no_facts },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "live sockets", NULL, NULL, NULL, NULL, live_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
