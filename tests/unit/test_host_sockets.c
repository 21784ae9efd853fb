/*
 * The host's sockets (pf_host_sockets.c): a module's listener list in,
 * the healthy start's answer and the report's targets out.  Addresses
 * are loopback and wildcard ones on ports the test found free; a holder
 * is a socket of the test's own.
 */
#include <string.h>

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#define pf_test_close  closesocket
typedef SOCKET pf_test_sock_t;
#define PF_TEST_BAD_SOCK  INVALID_SOCKET
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#define pf_test_close  close
typedef int pf_test_sock_t;
#define PF_TEST_BAD_SOCK  (-1)
#endif

#include "pf_test.h"

static struct sockaddr_in   v4[4];
static struct sockaddr_in6  v6[4];
static pf_host_socket_t     socks[4];
static pf_host_sockets_t    set;
static unsigned             port;

static void
winsock_start(void)
{
#ifdef _WIN32
    WSADATA wsa;

    (void) WSAStartup(MAKEWORD(2, 2), &wsa);
#endif
}

/* A TCP port nobody listens on, on 127.0.0.1 */
static unsigned
free_port(void)
{
    struct sockaddr_in sin;
    socklen_t          len = sizeof(sin);
    pf_test_sock_t     s;
    unsigned           p = 0;

    winsock_start();
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    s = socket(AF_INET, SOCK_STREAM, 0);
    if (s != PF_TEST_BAD_SOCK
        && bind(s, (struct sockaddr *) &sin, sizeof(sin)) == 0
        && getsockname(s, (struct sockaddr *) &sin, &len) == 0)
    {
        p = ntohs(sin.sin_port);
    }
    pf_test_close(s);
    return p;
}

static void
set_v4(int i, const char *addr, unsigned p)
{
    memset(&v4[i], 0, sizeof(v4[i]));
    v4[i].sin_family = AF_INET;
    v4[i].sin_port = htons((unsigned short) p);
    inet_pton(AF_INET, addr, &v4[i].sin_addr);
    socks[i].bind.sockaddr = &v4[i];
    socks[i].bind.socklen = sizeof(v4[i]);
    socks[i].bind.v6only = -1;
}

static void
set_v6(int i, const char *addr, unsigned p, int v6only)
{
    memset(&v6[i], 0, sizeof(v6[i]));
    v6[i].sin6_family = AF_INET6;
    v6[i].sin6_port = htons((unsigned short) p);
    inet_pton(AF_INET6, addr, &v6[i].sin6_addr);
    socks[i].bind.sockaddr = &v6[i];
    socks[i].bind.socklen = sizeof(v6[i]);
    socks[i].bind.v6only = v6only;
}

static void
setup(pf_server_t server, size_t n)
{
    memset(socks, 0, sizeof(socks));
    memset(&set, 0, sizeof(set));
    set.socks = socks;
    set.n = n;
    set.server = server;
    port = free_port();
    CU_ASSERT_FATAL(port != 0);
}

/* A listening holder of sa, or PF_TEST_BAD_SOCK. */
static pf_test_sock_t
hold(const void *sa, size_t len, int v6only)
{
    pf_test_sock_t s;

    s = socket(((const struct sockaddr *) sa)->sa_family, SOCK_STREAM, 0);
    if (s == PF_TEST_BAD_SOCK) {
        return s;
    }
    if (v6only >= 0) {
        (void) setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY,
                          (const char *) &v6only, sizeof(v6only));
    }
    if (bind(s, (const struct sockaddr *) sa, (socklen_t) len) != 0
        || listen(s, 1) != 0)
    {
        pf_test_close(s);
        return PF_TEST_BAD_SOCK;
    }
    return s;
}

static int
have_ipv6(void)
{
    struct sockaddr_in6 sin6;
    pf_test_sock_t      s;

    memset(&sin6, 0, sizeof(sin6));
    sin6.sin6_family = AF_INET6;
    inet_pton(AF_INET6, "::1", &sin6.sin6_addr);
    s = hold(&sin6, sizeof(sin6), 1);
    if (s == PF_TEST_BAD_SOCK) {
        return 0;
    }
    pf_test_close(s);
    return 1;
}

/* The targets of the set, in a report of their own. */
static pf_report_t *
targets(void)
{
    pf_report_t *r = pf_report_create();

    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    PF_ASSERT_EQ_FATAL(pf_host_sockets_targets(r, &set), PF_OK);
    return r;
}

static const pf_target_t *
target(const pf_report_t *r, size_t i)
{
    return &PF_ARRAY_AT(&r->checks, pf_check_t, i).target;
}

/* A wildcard takes every address of its family: nginx would bind one,
 * then fail on the other.  Nothing is tested, nothing kept. */
static void
test_overlap(void)
{
    setup(PF_SERVER_NGINX, 2);
    set_v4(0, "127.0.0.1", port);
    set_v4(1, "0.0.0.0", port);
    socks[0].keep = 1;
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 0);
    PF_ASSERT_EQ(socks[0].fd, -1);
    socks[0].keep = 0;

    /* another protocol, another port: apart */
    socks[1].bind.proto = PF_PROTO_UDP;
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 1);
    socks[1].bind.proto = PF_PROTO_TCP;
    set_v4(1, "0.0.0.0", free_port());
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 1);

    /* two specific addresses of a port: apart */
    set_v4(1, "127.0.0.2", port);
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 1);

    /* "reuseport" on both shares the address on purpose */
    set_v4(1, "0.0.0.0", port);
    socks[0].bind.reuseport = socks[1].bind.reuseport = 1;
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 1);
}

/* Wherever the pair sits in the list: a wildcard last, one address
 * repeated after others, a dual-stack [::] first. */
static void
test_overlap_anywhere(void)
{
    setup(PF_SERVER_APACHE, 4);
    set_v4(0, "127.0.0.1", port);
    set_v4(1, "127.0.0.2", port);
    set_v4(2, "127.0.0.3", port);
    set_v4(3, "127.0.0.4", port);
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 1);
    set_v4(3, "0.0.0.0", port);
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 0);
    set_v4(3, "127.0.0.2", port);
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 0);
    set_v4(3, "127.0.0.4", port);
    set_v6(0, "::", port, 0);
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 0);
    /* IPv6 only: beside IPv4 addresses, it binds */
    set_v6(0, "::", port, 1);
    if (have_ipv6()) {
        PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 1);
    }
    /* two [::1]: one address */
    set_v6(0, "::1", port, 1);
    set_v6(2, "::1", port, 1);
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 0);
}

/* IPv6: [::] with IPV6_V6ONLY off takes IPv4 too; on, it does not. */
static void
test_overlap_dual_stack(void)
{
    setup(PF_SERVER_NGINX, 2);
    set_v4(0, "127.0.0.1", port);
    set_v6(1, "::", port, 0);
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 0);
    if (!have_ipv6()) {
        return;
    }
    set_v6(1, "::", port, 1);
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 1);
}

/* httpd's "Listen P": 0.0.0.0:P and [::]:P in either order are one
 * dual-stack socket, the target "*", which falls back to IPv4. */
static void
test_httpd_pairs(void)
{
    pf_report_t *r;
    unsigned     checked = 9, held = 9;
    int          order;

    for (order = 0; order < 2; order++) {
        setup(PF_SERVER_APACHE, 2);
        set_v4(order, "0.0.0.0", port);
        set_v6(1 - order, "::", port, 0);
        socks[0].port_only = socks[1].port_only = 1;
        if (have_ipv6()) {
            PF_ASSERT_EQ(pf_host_sockets_bind(&set, &checked, &held), 1);
            PF_ASSERT_EQ(checked, 1);
            PF_ASSERT_EQ(held, 0);
        }
        r = targets();
        PF_ASSERT_SIZE_EQ(r->checks.nelts, 1);
        PF_ASSERT_STR_EQ(target(r, 0)->address, "*");
        PF_ASSERT_EQ(target(r, 0)->family, PF_FAMILY_ANY);
        PF_ASSERT_EQ(target(r, 0)->port, port);
        PF_ASSERT_EQ(target(r, 0)->v6only, 0);
        PF_ASSERT_EQ(target(r, 0)->v4_fallback, 1);
        PF_ASSERT_EQ(target(r, 0)->own_socket, 0);
        PF_ASSERT_EQ(target(r, 0)->server, PF_SERVER_APACHE);
        pf_report_destroy(r);
    }

    /* two Listen lines with addresses: still one socket, no fall back */
    socks[0].port_only = socks[1].port_only = 0;
    r = targets();
    PF_ASSERT_SIZE_EQ(r->checks.nelts, 1);
    PF_ASSERT_EQ(target(r, 0)->v4_fallback, 0);
    pf_report_destroy(r);

    /* no IPv4 mapped into IPv6 (IPV6_V6ONLY on): two sockets */
    set_v6(0, "::", port, 1);
    r = targets();
    PF_ASSERT_SIZE_EQ(r->checks.nelts, 2);
    PF_ASSERT_STR_EQ(target(r, 0)->address, "::");
    PF_ASSERT_EQ(target(r, 0)->family, PF_FAMILY_INET6);
    PF_ASSERT_EQ(target(r, 0)->v6only, 1);
    PF_ASSERT_STR_EQ(target(r, 1)->address, "0.0.0.0");
    pf_report_destroy(r);

    /* nginx does not pair: [::] ipv6only=off beside 0.0.0.0 overlaps */
    set.server = PF_SERVER_NGINX;
    set_v6(0, "::", port, 0);
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 0);
    r = targets();
    PF_ASSERT_SIZE_EQ(r->checks.nelts, 2);
    PF_ASSERT_STR_EQ(target(r, 0)->address, "::");
    PF_ASSERT_EQ(target(r, 0)->family, PF_FAMILY_INET6);
    pf_report_destroy(r);
}

/* [::]:P of "Listen P" held by an IPv6-only socket: httpd warns and
 * binds 0.0.0.0:P alone, so the healthy start goes on. */
static void
test_httpd_fallback(void)
{
    pf_test_sock_t holder;

    setup(PF_SERVER_APACHE, 2);
    if (!have_ipv6()) {
        return;
    }
    set_v4(0, "0.0.0.0", port);
    set_v6(1, "::", port, 0);
    holder = hold(&v6[1], sizeof(v6[1]), 1);
    CU_ASSERT_FATAL(holder != PF_TEST_BAD_SOCK);
    socks[0].port_only = socks[1].port_only = 1;
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 1);
    /* two explicit lines: no fall back, the start is explained */
    socks[0].port_only = socks[1].port_only = 0;
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 0);
    pf_test_close(holder);
}

/* nginx's "reuseport" clones: one address, tested and named once.
 * httpd's two records of one address are two sockets: the second fails. */
static void
test_duplicates(void)
{
    pf_report_t *r;
    unsigned     checked = 0;

    setup(PF_SERVER_NGINX, 3);
    set_v4(0, "127.0.0.1", port);
    set_v4(1, "127.0.0.1", port);
    set_v4(2, "127.0.0.1", port);
    socks[0].bind.reuseport = socks[1].bind.reuseport = 1;
    socks[2].bind.reuseport = 1;
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, &checked, NULL), 1);
    PF_ASSERT_EQ(checked, 1);
    r = targets();
    PF_ASSERT_SIZE_EQ(r->checks.nelts, 1);
    PF_ASSERT_EQ(target(r, 0)->reuseport, 1);
    pf_report_destroy(r);

    /* the same address for UDP is another socket */
    socks[2].bind.proto = PF_PROTO_UDP;
    r = targets();
    PF_ASSERT_SIZE_EQ(r->checks.nelts, 2);
    PF_ASSERT_EQ(target(r, 1)->proto, PF_PROTO_UDP);
    pf_report_destroy(r);

    /* without reuseport the clone overlaps: nginx would fail on it */
    socks[0].bind.reuseport = 0;
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 0);

    set.server = PF_SERVER_APACHE;
    set.n = 2;
    socks[0].bind.reuseport = socks[1].bind.reuseport = 0;
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 0);
    r = targets();
    PF_ASSERT_SIZE_EQ(r->checks.nelts, 2);
    pf_report_destroy(r);
}

static const char *
source_of(void *data, const pf_target_t *t)
{
    (void) t;
    return data;
}

/* What a target says: the address as text, the port, the server's
 * words, held sockets as this server's own. */
static void
test_targets(void)
{
    pf_report_t    *r;
    pf_test_sock_t  holder;
    unsigned        checked = 0, held = 0;
    char            name[PF_ADDRSTRLEN + 16];

    setup(PF_SERVER_NGINX, 2);
    set_v4(0, "127.0.0.1", port);
    set_v6(1, "::1", port, 1);
    socks[0].spelling = "localhost:8080";
    set.source = "/etc/nginx/nginx.conf";
    r = targets();
    PF_ASSERT_SIZE_EQ_FATAL(r->checks.nelts, 2);
    PF_ASSERT_STR_EQ(target(r, 0)->address, "127.0.0.1");
    PF_ASSERT_EQ(target(r, 0)->family, PF_FAMILY_INET);
    PF_ASSERT_EQ(target(r, 0)->port, port);
    PF_ASSERT_EQ(target(r, 0)->v6only, -1);
    PF_ASSERT_EQ(target(r, 0)->own_socket, 1);
    PF_ASSERT_EQ(target(r, 0)->server, PF_SERVER_NGINX);
    PF_ASSERT_STR_EQ(target(r, 0)->spelling, "localhost:8080");
    PF_ASSERT_STR_EQ(target(r, 0)->source, "/etc/nginx/nginx.conf");
    PF_ASSERT_STR_EQ(target(r, 1)->address, "::1");
    PF_ASSERT_EQ(target(r, 1)->family, PF_FAMILY_INET6);
    PF_ASSERT_EQ(target(r, 1)->v6only, 1);
    /* no spelling: the address as the core names it */
    PF_ASSERT_STR_EQ(target(r, 1)->spelling,
                     pf_target_name(target(r, 1), name, sizeof(name)));
    pf_report_destroy(r);

    /* the host's own sources (httpd: the Listen line) */
    set.source_of = source_of;
    set.data = "/etc/apache2/ports.conf:5";
    r = targets();
    PF_ASSERT_STR_EQ(target(r, 1)->source, "/etc/apache2/ports.conf:5");
    pf_report_destroy(r);

    /* a socket the server holds already is not tested */
    set.n = 1;
    holder = hold(&v4[0], sizeof(v4[0]), -1);
    CU_ASSERT_FATAL(holder != PF_TEST_BAD_SOCK);
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 0);
    socks[0].held = 1;
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, &checked, &held), 1);
    PF_ASSERT_EQ(checked, 1);
    PF_ASSERT_EQ(held, 1);
    r = targets();
    PF_ASSERT_EQ(target(r, 0)->held_by_self, 1);
    pf_report_destroy(r);
    pf_test_close(holder);

    /* a family preflight does not know: neither tested nor named */
    v4[0].sin_family = 0xfff;
    socks[0].held = 0;
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, &checked, NULL), 1);
    PF_ASSERT_EQ(checked, 0);
    r = targets();
    PF_ASSERT_SIZE_EQ(r->checks.nelts, 0);
    pf_report_destroy(r);
}

#ifndef _WIN32
#include <stdio.h>

/* nginx's unix sockets: the path is the target */
static void
test_unix_socket(void)
{
    struct sockaddr_un sun;
    pf_report_t       *r;

    setup(PF_SERVER_NGINX, 1);
    memset(&sun, 0, sizeof(sun));
    sun.sun_family = AF_UNIX;
    snprintf(sun.sun_path, sizeof(sun.sun_path),
             "/tmp/pf-test-host-sockets-%ld.sock", (long) getpid());
    socks[0].bind.sockaddr = &sun;
    socks[0].bind.socklen = sizeof(sun);
    socks[0].keep = 1;           /* never for a unix socket */
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 1);
    PF_ASSERT_EQ(socks[0].fd, -1);
    PF_ASSERT_EQ(access(sun.sun_path, F_OK), -1);   /* the test's file */
    r = targets();
    PF_ASSERT_SIZE_EQ_FATAL(r->checks.nelts, 1);
    PF_ASSERT_EQ(target(r, 0)->family, PF_FAMILY_UNIX);
    PF_ASSERT_STR_EQ(target(r, 0)->path, sun.sun_path);
    PF_ASSERT_STR_EQ(target(r, 0)->address, "unix");
    pf_report_destroy(r);
}

/* The test's socket, kept, is the host's listener: it holds the address.
 * When a later one fails, every socket kept is closed again. */
static void
test_kept_socket(void)
{
    pf_test_sock_t holder;
    int            on = 0;
    socklen_t      len = sizeof(on);

    setup(PF_SERVER_NGINX, 2);
    set_v4(0, "127.0.0.1", port);
    set_v4(1, "127.0.0.1", free_port());
    socks[0].keep = socks[1].keep = 1;
    socks[0].bind.backlog = socks[1].bind.backlog = 511;
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 1);
    CU_ASSERT_FATAL(socks[0].fd >= 0 && socks[1].fd >= 0);
    PF_ASSERT_EQ(getsockopt(socks[0].fd, SOL_SOCKET, SO_ACCEPTCONN, &on,
                            &len), 0);
    PF_ASSERT_EQ(on, 1);
    PF_ASSERT_EQ(pf_probe_sockaddr(&v4[0], sizeof(v4[0]), PF_PROTO_TCP, 0,
                                   -1), EADDRINUSE);
    close(socks[0].fd);
    close(socks[1].fd);

    /* the second is held by someone else: the first is not kept */
    holder = hold(&v4[1], sizeof(v4[1]), -1);
    CU_ASSERT_FATAL(holder != PF_TEST_BAD_SOCK);
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 0);
    PF_ASSERT_EQ(socks[0].fd, -1);
    PF_ASSERT_EQ(socks[1].fd, -1);
    PF_ASSERT_EQ(pf_probe_sockaddr(&v4[0], sizeof(v4[0]), PF_PROTO_TCP, 0,
                                   -1), 0);
    close(holder);

    /* UDP is tested, never kept */
    socks[1].bind.proto = PF_PROTO_UDP;
    set.n = 2;
    set_v4(1, "127.0.0.1", free_port());
    socks[1].bind.proto = PF_PROTO_UDP;
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 1);
    PF_ASSERT_EQ(socks[1].fd, -1);
    close(socks[0].fd);
}
#else
/* Windows keeps none: nginx for Windows makes its own (IOCP flags). */
static void
test_kept_socket(void)
{
    setup(PF_SERVER_NGINX, 1);
    set_v4(0, "127.0.0.1", port);
    socks[0].keep = 1;
    PF_ASSERT_EQ(pf_host_sockets_bind(&set, NULL, NULL), 1);
    PF_ASSERT_EQ(socks[0].fd, -1);
}
#endif

static CU_TestInfo host_sockets_tests[] = {
    { "two sockets of one address overlap", test_overlap },
    { "a dual-stack [::] overlaps IPv4", test_overlap_dual_stack },
    { "an overlap anywhere in the list", test_overlap_anywhere },
    { "httpd's 0.0.0.0 and [::] pairs", test_httpd_pairs },
    { "httpd's fall back to IPv4", test_httpd_fallback },
    { "nginx's clones are one socket", test_duplicates },
    { "targets from sockets", test_targets },
#ifndef _WIN32
    { "a unix socket's target", test_unix_socket },
#endif
    { "the kept socket is handed back", test_kept_socket },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "host sockets", NULL, NULL, NULL, NULL, host_sockets_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
