/*
 * Probe on Unix: bind (and listen) as Apache and nginx do — SO_REUSEADDR
 * on, IPV6_V6ONLY as configured — then close at once; or, for nginx,
 * keep the socket as its listener (pf_probe_keep_sockaddr).
 *
 * Each call of the test catches a refusal of its own: socket() an
 * unsupported family, bind() a listening holder, a privileged port, a
 * policy or an address not on the host, listen() a holder bound with
 * SO_REUSEADDR that does not listen yet (both binds succeed then;
 * test_probe.c proves it).  SO_REUSEADDR keeps TIME_WAIT connections
 * from being taken for holders, as the servers set it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "preflight_internal.h"
#include "pf_platform.h"
#include "pf_linux.h"

/* Fills ss for t; for "*" picks the dual-stack [::] unless told v4. */
static int
pf_unix_sockaddr(const pf_target_t *t, int want_v6,
                 struct sockaddr_storage *ss, socklen_t *len)
{
    struct sockaddr_in  *sin = (struct sockaddr_in *) ss;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) ss;
    int                  wildcard = strcmp(t->address, "*") == 0;

    memset(ss, 0, sizeof(*ss));
    if (want_v6) {
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons((unsigned short) t->port);
        if (!wildcard
            && inet_pton(AF_INET6, t->address, &sin6->sin6_addr) != 1)
        {
            return -1;
        }
        *len = sizeof(*sin6);
        return 0;
    }
    sin->sin_family = AF_INET;
    sin->sin_port = htons((unsigned short) t->port);
    if (!wildcard && inet_pton(AF_INET, t->address, &sin->sin_addr) != 1) {
        return -1;
    }
    *len = sizeof(*sin);
    return 0;
}

/* 0 or the errno of binding ss (and listening, for a stream socket). */
static int
pf_unix_bind_test(const struct sockaddr_storage *ss, socklen_t len,
                  int type, int reuseport, int v6only)
{
    int fd, one = 1, err = 0;

    fd = socket(ss->ss_family, type | SOCK_CLOEXEC, 0);
    if (fd == -1) {
        return errno;
    }
    (void) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
#ifdef SO_REUSEPORT
    if (reuseport) {
        (void) setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
    }
#else
    (void) reuseport;
#endif
    if (ss->ss_family == AF_INET6 && v6only >= 0) {
        (void) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
                          sizeof(v6only));
    }
    if (bind(fd, (const struct sockaddr *) ss, len) == -1
        || (type == SOCK_STREAM && listen(fd, 1) == -1))
    {
        err = errno;
    }
    close(fd);
    return err;
}

/*
 * The socket nginx makes in ngx_open_listening_sockets(), bound and (for
 * a stream) listening: SO_REUSEADDR, SO_REUSEPORT when asked,
 * IPV6_V6ONLY as asked, non-blocking, and not close-on-exec (nginx hands
 * its listeners to a new binary through exec).  ss is b's address,
 * aligned.  0 and *fd, or the errno of the first call that failed, and
 * nothing left open.
 */
static int
pf_unix_bind_keep(const pf_bind_spec_t *b, const struct sockaddr_storage *ss,
                  int type, int *fd)
{
    int s, one = 1, err, v6only = b->v6only;

    s = socket(ss->ss_family, type | SOCK_NONBLOCK, 0);
    if (s == -1) {
        return errno;
    }
    if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1) {
        goto failed;
    }
#ifdef SO_REUSEPORT
    if (b->reuseport
        && setsockopt(s, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) == -1)
    {
        goto failed;
    }
#endif
    /* nginx ignores a failure of this one, and so does the probe */
    if (ss->ss_family == AF_INET6 && v6only >= 0) {
        (void) setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
                          sizeof(v6only));
    }
    if (bind(s, (const struct sockaddr *) ss, (socklen_t) b->socklen) == -1
        || (type == SOCK_STREAM && listen(s, b->backlog) == -1))
    {
        goto failed;
    }
    *fd = s;
    return 0;

failed:
    err = errno;
    close(s);
    return err;
}

static int
pf_unix_socktype(pf_proto_t proto)
{
    return proto == PF_PROTO_UDP ? SOCK_DGRAM : SOCK_STREAM;
}

static int
pf_unix_try_bind(const pf_target_t *t, int want_v6, int v6only)
{
    struct sockaddr_storage ss;
    socklen_t               len;

    if (pf_unix_sockaddr(t, want_v6, &ss, &len) != 0) {
        return EINVAL;
    }
    return pf_unix_bind_test(&ss, len, pf_unix_socktype(t->proto),
                             t->reuseport, v6only);
}

/* A unix socket's path as nginx binds it: a socket file the bind
 * creates, which the test removes again.  A file already there, stale or
 * not, fails with EADDRINUSE: nginx never removes one before binding. */
static int
pf_unix_bind_path(const struct sockaddr_un *sun, socklen_t len, int type)
{
    int fd, err = 0;

    fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
    if (fd == -1) {
        return errno;
    }
    if (bind(fd, (const struct sockaddr *) sun, len) == -1) {
        err = errno;
    } else if (sun->sun_path[0] != '\0') {
        (void) unlink(sun->sun_path);   /* the file this bind made */
    }
    close(fd);
    return err;
}

static int
pf_unix_probe_path_errno(const pf_target_t *t)
{
    struct sockaddr_un sun;
    size_t             n = t->path != NULL ? strlen(t->path) : 0;

    if (n == 0 || n >= sizeof(sun.sun_path)) {
        return ENAMETOOLONG;
    }
    memset(&sun, 0, sizeof(sun));
    sun.sun_family = AF_UNIX;
    memcpy(sun.sun_path, t->path, n);
    return pf_unix_bind_path(&sun, (socklen_t) sizeof(sun),
                             pf_unix_socktype(t->proto));
}

static void
pf_unix_probe_path(const pf_target_t *t, pf_probe_t *out)
{
    int err = pf_unix_probe_path_errno(t);

    out->err = err;
    out->errspace = PF_ERRSPACE_POSIX;
    out->err_name = pf_errno_name(PF_ERRSPACE_POSIX, err);
    out->status = err == 0 ? PF_STATUS_FREE
                : err == EADDRINUSE ? PF_STATUS_IN_USE : PF_STATUS_ERROR;
    snprintf(out->bound_address, sizeof(out->bound_address), "unix");
}

int
pf_probe_sockaddr(const void *sa, size_t len, pf_proto_t proto,
                  int reuseport, int v6only)
{
    struct sockaddr_storage ss;

    if (sa == NULL || len < sizeof(sa_family_t) || len > sizeof(ss)) {
        return EINVAL;
    }
    memcpy(&ss, sa, len);
    if (ss.ss_family == AF_UNIX) {
        return pf_unix_bind_path((const struct sockaddr_un *) &ss,
                                 (socklen_t) len, pf_unix_socktype(proto));
    }
    if (ss.ss_family != AF_INET && ss.ss_family != AF_INET6) {
        return EAFNOSUPPORT;
    }
    return pf_unix_bind_test(&ss, (socklen_t) len, pf_unix_socktype(proto),
                             reuseport, v6only);
}

int
pf_probe_keep_sockaddr(const pf_bind_spec_t *b, int *fd)
{
    struct sockaddr_storage ss;

    *fd = -1;
    if (b == NULL || b->sockaddr == NULL || b->socklen < sizeof(sa_family_t)
        || b->socklen > sizeof(ss))
    {
        return EINVAL;
    }
    memcpy(&ss, b->sockaddr, b->socklen);
    if (ss.ss_family != AF_INET && ss.ss_family != AF_INET6) {
        return EAFNOSUPPORT;
    }
    return pf_unix_bind_keep(b, &ss, pf_unix_socktype(b->proto), fd);
}

void
pf_platform_probe(const pf_context_t *ctx, const pf_target_t *t,
                  pf_probe_t *out)
{
    int         want_v6, v6only, err;
    const char *bound;
    size_t      n;

    (void) ctx;
    if (t->family == PF_FAMILY_UNIX) {
        pf_unix_probe_path(t, out);
        return;
    }
    want_v6 = t->family == PF_FAMILY_INET6 || t->family == PF_FAMILY_ANY;
    /* "*:80" is one dual-stack socket, as Apache makes it: a holder on
     * either family blocks it */
    v6only = t->family == PF_FAMILY_ANY ? 0 : t->v6only;

    err = pf_unix_try_bind(t, want_v6, v6only);
    if (t->family == PF_FAMILY_ANY
        && (err == EAFNOSUPPORT || err == EPROTONOSUPPORT))
    {
        want_v6 = 0;             /* no IPv6 on this host */
        err = pf_unix_try_bind(t, 0, -1);
    }

    out->err = err;
    out->errspace = PF_ERRSPACE_POSIX;
    out->err_name = pf_errno_name(PF_ERRSPACE_POSIX, err);
    /* the sysctl tells privilege from policy, and only then matters: a
     * healthy start reads nothing */
    out->status = pf_probe_classify(PF_ERRSPACE_POSIX, err, t->port,
                                    err == EACCES || err == EPERM
                                    ? pf_linux_unprivileged_port_start() : -1);
    bound = strcmp(t->address, "*") != 0 ? t->address
                                         : want_v6 ? "::" : "0.0.0.0";
    n = strlen(bound);      /* a copy, not snprintf: once per target */
    n = n < sizeof(out->bound_address) ? n : sizeof(out->bound_address) - 1;
    memcpy(out->bound_address, bound, n);
    out->bound_address[n] = '\0';
}
