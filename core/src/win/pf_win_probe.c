/*
 * Probe on Windows: bind as Apache does there, without SO_REUSEADDR,
 * and never listen: listen() on a wildcard address is what makes Windows
 * Defender Firewall ask the user about preflight.exe, and on Windows a
 * conflict (and an excluded range) already fails at bind().  On Windows SO_REUSEADDR lets a socket steal a port that
 * another non-exclusive socket holds, so a probe with it could call a
 * held port free.  Without it a held port gives WSAEADDRINUSE (10048),
 * and HTTP.sys or an excluded range gives WSAEACCES (10013).
 */
#include "pf_win.h"

#include <stdio.h>
#include <string.h>

#include "pf_platform.h"

int
pf_win_wsa_start(void)
{
    static int started;
    WSADATA    wsa;

    /* once per process: every caller here runs in one thread (the CLI,
     * or a server's configuration phase) */
    if (!started) {
        if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) {
            return PF_ERROR;
        }
        started = 1;
    }
    return PF_OK;
}

/* Fills ss for address (NULL: the wildcard of the family). */
static int
pf_win_sockaddr(const char *address, int v6, unsigned port,
                struct sockaddr_storage *ss, int *len)
{
    struct sockaddr_in  *sin = (struct sockaddr_in *) ss;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) ss;

    memset(ss, 0, sizeof(*ss));
    if (v6) {
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons((u_short) port);
        *len = sizeof(*sin6);
        return address == NULL
               || inet_pton(AF_INET6, address, &sin6->sin6_addr) == 1
               ? 0 : -1;
    }
    sin->sin_family = AF_INET;
    sin->sin_port = htons((u_short) port);
    *len = sizeof(*sin);
    return address == NULL || inet_pton(AF_INET, address, &sin->sin_addr) == 1
           ? 0 : -1;
}

/* 0 or the WSA error of binding ss. */
static int
pf_win_bind_test(const struct sockaddr_storage *ss, int len, int type,
                 int v6only)
{
    SOCKET s;
    DWORD  opt;
    int    err = 0;

    s = socket(ss->ss_family, type, 0);
    if (s == INVALID_SOCKET) {
        return WSAGetLastError();
    }
    if (ss->ss_family == AF_INET6 && v6only >= 0) {
        opt = (DWORD) v6only;
        (void) setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, (const char *) &opt,
                          sizeof(opt));
    }
    if (bind(s, (const struct sockaddr *) ss, len) == SOCKET_ERROR) {
        err = WSAGetLastError();
    }
    closesocket(s);
    return err;
}

static int
pf_win_socktype(pf_proto_t proto)
{
    return proto == PF_PROTO_UDP ? SOCK_DGRAM : SOCK_STREAM;
}

/* 0 or the WSA error of binding address:port. */
static int
pf_win_try_bind(const pf_target_t *t, const char *address, int v6,
                int v6only)
{
    struct sockaddr_storage ss;
    int                     len;

    if (pf_win_sockaddr(address, v6, t->port, &ss, &len) != 0) {
        return WSAEINVAL;
    }
    return pf_win_bind_test(&ss, len, pf_win_socktype(t->proto), v6only);
}

/* Windows has no SO_REUSEPORT: reuseport is not asked for here. */
int
pf_probe_sockaddr(const void *sa, size_t len, pf_proto_t proto,
                  int reuseport, int v6only)
{
    struct sockaddr_storage ss;

    (void) reuseport;
    if (sa == NULL || len < sizeof(ss.ss_family) || len > sizeof(ss)) {
        return WSAEINVAL;
    }
    if (pf_win_wsa_start() != PF_OK) {
        return WSASYSNOTREADY;
    }
    memcpy(&ss, sa, len);
    if (ss.ss_family != AF_INET && ss.ss_family != AF_INET6) {
        return WSAEAFNOSUPPORT;
    }
    return pf_win_bind_test(&ss, (int) len, pf_win_socktype(proto), v6only);
}

/* Windows keeps no socket: nginx for Windows makes its listeners with
 * its own WSA flags (IOCP), which this test does not reproduce; the
 * address is tested, the socket closed, and nginx binds it itself. */
int
pf_probe_keep_sockaddr(const pf_bind_spec_t *b, int *fd)
{
    *fd = -1;
    if (b == NULL) {
        return WSAEINVAL;
    }
    return pf_probe_sockaddr(b->sockaddr, b->socklen, b->proto, b->reuseport,
                             b->v6only);
}

static void
pf_win_probe_result(const pf_target_t *t, int err, const char *tried,
                    pf_probe_t *out)
{
    out->err = err;
    out->errspace = PF_ERRSPACE_WINSOCK;
    out->err_name = pf_errno_name(PF_ERRSPACE_WINSOCK, err);
    out->status = pf_probe_classify(PF_ERRSPACE_WINSOCK, err, t->port, -1);
    snprintf(out->bound_address, sizeof(out->bound_address), "%s", tried);
}

void
pf_platform_probe(const pf_context_t *ctx, const pf_target_t *t,
                  pf_probe_t *out)
{
    int err;

    (void) ctx;
    if (t->family == PF_FAMILY_UNIX) {
        /* nginx for Windows has no unix sockets */
        pf_win_probe_result(t, WSAEAFNOSUPPORT, "unix", out);
        return;
    }
    if (pf_win_wsa_start() != PF_OK) {
        pf_win_probe_result(t, WSASYSNOTREADY, t->address, out);
        return;
    }
    if (strcmp(t->address, "*") != 0) {
        err = pf_win_try_bind(t, t->address, t->family == PF_FAMILY_INET6,
                              t->v6only);
        pf_win_probe_result(t, err, t->address, out);
        return;
    }
    /* "*:80": Windows servers bind the IPv4 and the IPv6 wildcard apart
     * (IPv6 sockets are v6-only here); a holder on either blocks */
    err = pf_win_try_bind(t, NULL, 0, -1);
    if (err != 0) {
        pf_win_probe_result(t, err, "0.0.0.0", out);
        return;
    }
    err = pf_win_try_bind(t, NULL, 1, 1);
    if (err == WSAEAFNOSUPPORT || err == WSAEPROTONOSUPPORT) {
        err = 0;                 /* no IPv6 on this host: IPv4 was free */
    }
    pf_win_probe_result(t, err, err != 0 ? "::" : "0.0.0.0", out);
}
