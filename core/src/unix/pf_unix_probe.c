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
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "preflight.h"
#include "pf_platform.h"
#include "pf_unix.h"

/* Where the ports a user may bind start: EACCES below it is privilege. */
int
pf_unix_unprivileged_port_start_at(const char *proc_root)
{
    char path[1024];

    snprintf(path, sizeof(path), "%s/sys/net/ipv4/ip_unprivileged_port_start",
             proc_root);
    return (int) pf_unix_read_long(path, 1024);
}

int
pf_unix_unprivileged_port_start(void)
{
    return pf_unix_unprivileged_port_start_at("/proc");
}

const char *
pf_platform_name(void)
{
#if defined(__linux__)
    return "linux";
#elif defined(__APPLE__)
    return "macos";
#elif defined(__FreeBSD__)
    return "freebsd";
#else
    return "unix";
#endif
}

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
 * its listeners to a new binary through exec).  0 and *fd, or the errno
 * of the first call that failed, and nothing left open.
 */
static int
pf_unix_bind_keep(const struct sockaddr_storage *ss, socklen_t len,
                  int type, int reuseport, int v6only, int backlog, int *fd)
{
    int s, one = 1, err;

    s = socket(ss->ss_family, type | SOCK_NONBLOCK, 0);
    if (s == -1) {
        return errno;
    }
    if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1) {
        goto failed;
    }
#ifdef SO_REUSEPORT
    if (reuseport
        && setsockopt(s, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) == -1)
    {
        goto failed;
    }
#else
    (void) reuseport;
#endif
    /* nginx ignores a failure of this one, and so does the probe */
    if (ss->ss_family == AF_INET6 && v6only >= 0) {
        (void) setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
                          sizeof(v6only));
    }
    if (bind(s, (const struct sockaddr *) ss, len) == -1
        || (type == SOCK_STREAM && listen(s, backlog) == -1))
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
pf_probe_keep_sockaddr(const void *sa, size_t len, pf_proto_t proto,
                       int reuseport, int v6only, int backlog, int *fd)
{
    struct sockaddr_storage ss;

    *fd = -1;
    if (sa == NULL || len < sizeof(sa_family_t) || len > sizeof(ss)) {
        return EINVAL;
    }
    memcpy(&ss, sa, len);
    if (ss.ss_family != AF_INET && ss.ss_family != AF_INET6) {
        return EAFNOSUPPORT;
    }
    return pf_unix_bind_keep(&ss, (socklen_t) len, pf_unix_socktype(proto),
                             reuseport, v6only, backlog, fd);
}

void
pf_platform_probe(const pf_context_t *ctx, const pf_target_t *t,
                  pf_probe_t *out)
{
    int want_v6, v6only, err;

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
                                    ? pf_unix_unprivileged_port_start() : -1);
    snprintf(out->bound_address, sizeof(out->bound_address), "%s",
             strcmp(t->address, "*") != 0 ? t->address
                                          : want_v6 ? "::" : "0.0.0.0");
}

int
pf_platform_resolve(pf_pool_t *pool, const char *host, pf_family_t fam,
                    pf_array_t *out, pf_error_t *err)
{
    struct addrinfo  hints, *res, *ai;
    char             buf[PF_ADDRSTRLEN];
    int              rc;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = fam == PF_FAMILY_INET6 ? AF_INET6
                    : fam == PF_FAMILY_INET ? AF_INET : AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST;

    rc = getaddrinfo(host, NULL, &hints, &res);
    if (rc != 0 && fam != PF_FAMILY_INET6) {
        hints.ai_flags = AI_ADDRCONFIG;
        rc = getaddrinfo(host, NULL, &hints, &res);
        if (rc != 0) {
            hints.ai_flags = 0;
            rc = getaddrinfo(host, NULL, &hints, &res);
        }
    }
    if (rc != 0) {
        pf_error_set(err, NULL, 0, "'%s': not an address, and it does not "
                     "resolve (%s)", host, gai_strerror(rc));
        return PF_ERROR;
    }
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        if (getnameinfo(ai->ai_addr, ai->ai_addrlen, buf, sizeof(buf), NULL,
                        0, NI_NUMERICHOST) == 0)
        {
            if (pf_array_push_str(out, buf) != PF_OK) {
                freeaddrinfo(res);
                return PF_ENOMEM;
            }
        }
    }
    freeaddrinfo(res);
    return PF_OK;
}

const char *const *
pf_platform_default_configs(pf_server_t s)
{
    static const char *const apache[] = {
        "/etc/apache2/apache2.conf",          /* Debian, Ubuntu */
        "/etc/httpd/conf/httpd.conf",         /* Fedora, RHEL, Arch */
        "/usr/local/etc/apache24/httpd.conf", /* FreeBSD */
        "/opt/lampp/etc/httpd.conf",          /* XAMPP for Linux */
        NULL
    };
    static const char *const nginx[] = {
        "/etc/nginx/nginx.conf",
        "/usr/local/etc/nginx/nginx.conf",
        "/usr/local/nginx/conf/nginx.conf",
        NULL
    };

    return s == PF_SERVER_APACHE ? apache : s == PF_SERVER_NGINX ? nginx
                                                                : NULL;
}

const char *
pf_platform_server_exe(pf_server_t s)
{
    static const char *const apache[] = {
        "/usr/sbin/apache2", "/usr/sbin/httpd", NULL
    };
    static const char *const nginx[] = { "/usr/sbin/nginx", NULL };
    const char *const *p = s == PF_SERVER_APACHE ? apache
                         : s == PF_SERVER_NGINX ? nginx : NULL;

    for (; p != NULL && *p != NULL; p++) {
        if (access(*p, X_OK) == 0) {
            return *p;
        }
    }
    return NULL;
}

int
pf_platform_is_admin(void)
{
    return geteuid() == 0;
}

/* Whether httpd binds [::] dual-stack: httpd's configure enables v4-mapped
 * addresses on every system but a few BSDs. */
int
pf_platform_apache_v4_mapped(void)
{
    return 1;
}

/* The clock of pf_report_wait(): monotonic, so that a clock set during
 * the wait neither cuts it short nor stretches it. */
unsigned long
pf_platform_msec(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        return 0;
    }
    return (unsigned long) ts.tv_sec * 1000UL
           + (unsigned long) (ts.tv_nsec / 1000000L);
}

void
pf_platform_sleep_ms(unsigned ms)
{
    struct timespec ts;

    ts.tv_sec = (time_t) (ms / 1000);
    ts.tv_nsec = (long) (ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
        /* a signal: sleep the rest */
    }
}
