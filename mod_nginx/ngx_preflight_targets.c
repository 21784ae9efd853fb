/*
 * The targets: one per listen socket nginx is about to open, from
 * cycle->listening as the http, stream and mail blocks filled it.
 */

#include <ngx_config.h>
#include <ngx_core.h>

#include "ngx_preflight.h"


/* The same socket: type and address, port included. */

static ngx_uint_t
ngx_preflight_same_socket(ngx_listening_t *a, ngx_listening_t *b)
{
    struct sockaddr_in  *x, *y;

    if (a->type != b->type
        || a->sockaddr->sa_family != b->sockaddr->sa_family)
    {
        return 0;
    }

    /* asked for every pair of listen sockets: IPv4 without a call */
    if (a->sockaddr->sa_family == AF_INET) {
        x = (struct sockaddr_in *) a->sockaddr;
        y = (struct sockaddr_in *) b->sockaddr;

        return x->sin_port == y->sin_port
               && x->sin_addr.s_addr == y->sin_addr.s_addr;
    }

    return ngx_cmp_sockaddr(a->sockaddr, a->socklen,
                            b->sockaddr, b->socklen, 1)
           == NGX_OK;
}


/*
 * On reload and binary upgrade the old cycle's sockets (inherited through
 * the NGINX environment variable, or open in this master) are handed over
 * to the new cycle after init_conf: they are this nginx's own.
 */

static ngx_uint_t
ngx_preflight_held_by_self(ngx_cycle_t *cycle, ngx_listening_t *ls)
{
    ngx_uint_t        i;
    ngx_listening_t  *old;

    if (ls->fd != (ngx_socket_t) -1) {
        return 1;
    }

    if (cycle->old_cycle == NULL || cycle->old_cycle->listening.nelts == 0) {
        return 0;
    }

    old = cycle->old_cycle->listening.elts;

    for (i = 0; i < cycle->old_cycle->listening.nelts; i++) {
        if (old[i].fd != (ngx_socket_t) -1 && !old[i].ignore
            && ngx_preflight_same_socket(&old[i], ls))
        {
            return 1;
        }
    }

    return 0;
}


/* "reuseport" clones one listen socket per worker: check it once. */

static ngx_uint_t
ngx_preflight_seen(ngx_cycle_t *cycle, ngx_uint_t n)
{
    ngx_uint_t        i;
    ngx_listening_t  *ls;

    ls = cycle->listening.elts;

    for (i = 0; i < n; i++) {
        if (ngx_preflight_same_socket(&ls[i], &ls[n])) {
            return 1;
        }
    }

    return 0;
}


/* A hash of what ngx_preflight_same_socket() compares, for a filter of
 * the sockets seen: 100 listen sockets are 4,950 pairs to compare, and
 * only a socket whose bit is set already can have been seen. */

#define NGX_PREFLIGHT_SEEN_BITS  1024

static ngx_uint_t
ngx_preflight_socket_hash(ngx_listening_t *ls)
{
    uint32_t              h;
    ngx_uint_t            i;
    struct sockaddr_in   *sin;
#if (NGX_HAVE_INET6)
    struct sockaddr_in6  *sin6;
#endif

    h = (uint32_t) ls->type;

    switch (ls->sockaddr->sa_family) {

    case AF_INET:
        sin = (struct sockaddr_in *) ls->sockaddr;
        h ^= sin->sin_addr.s_addr ^ ((uint32_t) sin->sin_port << 11);
        break;

#if (NGX_HAVE_INET6)
    case AF_INET6:
        sin6 = (struct sockaddr_in6 *) ls->sockaddr;
        h ^= sin6->sin6_port;
        for (i = 0; i < 16; i++) {
            h = h * 31 + sin6->sin6_addr.s6_addr[i];
        }
        break;
#endif

    default:
        (void) i;
    }

    /* the high bits of a multiplicative hash: 1024 buckets */
    return (ngx_uint_t) ((h * 2654435761u) >> 22);
}


/* ngx_preflight_seen(), asked only when the filter says it may be */

static ngx_uint_t
ngx_preflight_seen_filtered(ngx_cycle_t *cycle, ngx_uint_t n,
    uint32_t *filter)
{
    ngx_uint_t        h;
    ngx_listening_t  *ls;

    ls = cycle->listening.elts;
    h = ngx_preflight_socket_hash(&ls[n]);

    if (filter[h / 32] & (1u << (h % 32))) {
        return ngx_preflight_seen(cycle, n);
    }

    filter[h / 32] |= 1u << (h % 32);

    return 0;
}


/* A listen socket's target, but for its address text (the bind test
 * needs none); NGX_DECLINED for a family preflight does not know. */

static ngx_int_t
ngx_preflight_target(ngx_cycle_t *cycle, ngx_listening_t *ls, pf_target_t *t)
{
    ngx_memzero(t, sizeof(pf_target_t));

    switch (ls->sockaddr->sa_family) {

#if (NGX_HAVE_INET6)
    case AF_INET6:
        t->family = PF_FAMILY_INET6;
        t->v6only = ls->ipv6only;
        break;
#endif

    case AF_INET:
        t->family = PF_FAMILY_INET;
        t->v6only = -1;
        break;

#if (NGX_HAVE_UNIX_DOMAIN)
    case AF_UNIX:
        /* a stale socket file or a missing directory stops nginx too */
        t->family = PF_FAMILY_UNIX;
        t->path = ((struct sockaddr_un *) ls->sockaddr)->sun_path;
        break;
#endif

    default:
        return NGX_DECLINED;
    }

    t->port = ngx_inet_get_port(ls->sockaddr);
    t->proto = ls->type == SOCK_DGRAM ? PF_PROTO_UDP : PF_PROTO_TCP;
#if (NGX_HAVE_REUSEPORT)
    t->reuseport = ls->reuseport;
#endif
    t->server = PF_SERVER_NGINX;
    t->own_socket = 1;            /* each entry of cycle->listening is */
    t->held_by_self = ngx_preflight_held_by_self(cycle, ls);

    return NGX_OK;
}


ngx_int_t
ngx_preflight_add_targets(ngx_cycle_t *cycle, pf_report_t *r)
{
    u_char            spelling[NGX_SOCKADDR_STRLEN + 1];
    char             *source;
    ngx_uint_t        i;
    pf_target_t       t;
    ngx_listening_t  *ls;

    /* nginx keeps no file:line for a listen socket: the file, until
     * the core reads the configuration again for it (the failure path
     * only: pf_host_nginx_sources) */

    source = pf_pstrndup(r->pool, (char *) cycle->conf_file.data,
                         cycle->conf_file.len);
    if (source == NULL) {
        return NGX_ERROR;
    }

    ls = cycle->listening.elts;

    for (i = 0; i < cycle->listening.nelts; i++) {
        if (ngx_preflight_seen(cycle, i)
            || ngx_preflight_target(cycle, &ls[i], &t) != NGX_OK)
        {
            continue;
        }

        if (t.family == PF_FAMILY_UNIX) {
            ngx_cpystrn((u_char *) t.address, (u_char *) "unix",
                        PF_ADDRSTRLEN);

        } else if (ngx_sock_ntop(ls[i].sockaddr, ls[i].socklen,
                                 (u_char *) t.address, PF_ADDRSTRLEN - 1, 0)
                   == 0)
        {
            continue;
        }

        ngx_cpystrn(spelling, ls[i].addr_text.data,
                    ngx_min(ls[i].addr_text.len + 1, sizeof(spelling)));
        t.spelling = (char *) spelling;
        t.source = source;

        if (pf_report_add_target(r, &t) == NULL) {
            return NGX_ERROR;
        }
    }

    return NGX_OK;
}


static ngx_uint_t
ngx_preflight_is_wildcard(ngx_listening_t *ls)
{
    if (ls->sockaddr->sa_family == AF_INET) {
        return ((struct sockaddr_in *) ls->sockaddr)->sin_addr.s_addr
               == INADDR_ANY;
    }

#if (NGX_HAVE_INET6)
    if (ls->sockaddr->sa_family == AF_INET6) {
        return IN6_IS_ADDR_UNSPECIFIED(
                   &((struct sockaddr_in6 *) ls->sockaddr)->sin6_addr);
    }
#endif

    return 0;
}


/* A socket as the core's overlap rule sees it. */

static void
ngx_preflight_kind(ngx_listening_t *ls, pf_bind_kind_t *k)
{
    k->wildcard = ngx_preflight_is_wildcard(ls);
#if (NGX_HAVE_INET6)
    k->v6 = ls->sockaddr->sa_family == AF_INET6;
    k->dual = k->v6 && k->wildcard && !ls->ipv6only;
#else
    k->v6 = 0;
    k->dual = 0;
#endif
}


/* a and b cannot both be bound: the listen set's rule (pf_listen_set.c);
 * sockets of "reuseport" (one per worker) share their address. */

static ngx_uint_t
ngx_preflight_overlap(ngx_listening_t *a, ngx_listening_t *b)
{
    pf_bind_kind_t  ka, kb;

    if (a->type != b->type || (a->reuseport && b->reuseport)
        || ngx_inet_get_port(a->sockaddr) != ngx_inet_get_port(b->sockaddr))
    {
        return 0;
    }

    ngx_preflight_kind(a, &ka);
    ngx_preflight_kind(b, &kb);

    return pf_listen_set_collide(&ka, &kb,
                                 ngx_cmp_sockaddr(a->sockaddr, a->socklen,
                                                  b->sockaddr, b->socklen, 0)
                                 == NGX_OK);
}


/* Two sockets of this configuration on one address (nginx binds one, then
 * fails on the other), by the listen set's rule: no system call, a few
 * comparisons. */

/* Two IPv4 sockets the rule cannot find overlapping: another port, or
 * two specific addresses that differ.  Every pair is asked (100 sockets:
 * 4,950), and most are these: no call for them. */

static ngx_uint_t
ngx_preflight_apart(ngx_listening_t *a, ngx_listening_t *b)
{
    struct sockaddr_in  *x, *y;

    if (a->sockaddr->sa_family != AF_INET
        || b->sockaddr->sa_family != AF_INET)
    {
        return 0;
    }

    x = (struct sockaddr_in *) a->sockaddr;
    y = (struct sockaddr_in *) b->sockaddr;

    return x->sin_port != y->sin_port
           || (x->sin_addr.s_addr != y->sin_addr.s_addr
               && x->sin_addr.s_addr != INADDR_ANY
               && y->sin_addr.s_addr != INADDR_ANY);
}


static ngx_uint_t
ngx_preflight_set_overlaps(ngx_cycle_t *cycle)
{
    ngx_uint_t        i, j;
    ngx_listening_t  *ls;

    ls = cycle->listening.elts;

    for (i = 0; i < cycle->listening.nelts; i++) {
        for (j = i + 1; j < cycle->listening.nelts; j++) {
            if (!ngx_preflight_apart(&ls[i], &ls[j])
                && ngx_preflight_overlap(&ls[i], &ls[j]))
            {
                return 1;
            }
        }
    }

    return 0;
}


/*
 * At a first start the TCP socket that passed the test becomes nginx's
 * own listener: ngx_open_listening_sockets() skips an entry whose fd is
 * set, and ngx_configure_listening_sockets() applies the rest (backlog
 * again, deferred, fastopen, buffers, keepalive) to every socket alike;
 * the socket is made as nginx 1.22 makes its own before that (read in
 * src/core/ngx_connection.c).  Only then:
 * - not at "nginx -t" (it binds without SO_REUSEPORT);
 * - not at a reload, nor at a binary upgrade's start (sockets inherited
 *   through NGINX): nginx marks "open" and "add_deferred" only the
 *   entries it found no socket for after init_conf, and a failed reload
 *   closes only those (ngx_init_cycle's failed: path; another module's
 *   init_conf failing closes none): the master would keep ours.  A first
 *   start that fails exits, and its sockets with it;
 * - not UDP (stream, QUIC: per-version options), nor unix sockets (nginx
 *   chmods the file it binds): tested and closed as before.
 */

static ngx_uint_t
ngx_preflight_may_keep(ngx_cycle_t *cycle, ngx_listening_t *ls,
    pf_target_t *t)
{
    return !ngx_test_config
           && ngx_is_init_cycle(cycle->old_cycle)
           && cycle->old_cycle->listening.nelts == 0
           && ls->type == SOCK_STREAM
           && t->family != PF_FAMILY_UNIX;
}


/* Every listening entry has fd -1 until nginx hands the old cycle's
 * over, after init_conf: one set before the first `upto` is this test's. */

static void
ngx_preflight_unkeep(ngx_cycle_t *cycle, ngx_uint_t upto)
{
    ngx_uint_t        i;
    ngx_listening_t  *ls;

    ls = cycle->listening.elts;

    for (i = 0; i < upto; i++) {
        if (ls[i].fd != (ngx_socket_t) -1) {
            (void) ngx_close_socket(ls[i].fd);
            ls[i].fd = (ngx_socket_t) -1;
            ls[i].listen = 0;
        }
    }
}


static int
ngx_preflight_bind_test(ngx_cycle_t *cycle, ngx_listening_t *ls,
    pf_target_t *t)
{
    int  fd;

    if (!ngx_preflight_may_keep(cycle, ls, t)) {
        return pf_probe_sockaddr(ls->sockaddr, ls->socklen, t->proto,
                                 t->reuseport, t->v6only);
    }

    if (pf_probe_keep_sockaddr(ls->sockaddr, ls->socklen, t->proto,
                               t->reuseport, t->v6only, ls->backlog, &fd)
        != 0)
    {
        return -1;
    }

    if (fd != -1) {                /* Windows keeps none */
        ls->fd = fd;
        ls->listen = 1;            /* as after nginx's own listen() */
    }

    return 0;
}


/*
 * A healthy start stops here: the bind test of each listen socket nginx
 * is about to open, on the address nginx holds, with no report, no name
 * and no allocation.  NGX_DECLINED: one does not bind (the sockets kept
 * are closed again); the report then probes the targets again, and
 * explains.
 */

ngx_int_t
ngx_preflight_probe_fast(ngx_cycle_t *cycle)
{
    uint32_t          filter[NGX_PREFLIGHT_SEEN_BITS / 32];
    ngx_uint_t        i;
    pf_target_t       t;
    ngx_listening_t  *ls;

    /* each binds alone; a wildcard beside a specific address does not */
    if (ngx_preflight_set_overlaps(cycle)) {
        return NGX_DECLINED;
    }

    ngx_memzero(filter, sizeof(filter));
    ls = cycle->listening.elts;

    for (i = 0; i < cycle->listening.nelts; i++) {
        if (ngx_preflight_seen_filtered(cycle, i, filter)
            || ngx_preflight_target(cycle, &ls[i], &t) != NGX_OK
            || t.held_by_self)
        {
            continue;
        }

        if (ngx_preflight_bind_test(cycle, &ls[i], &t) != 0) {
            ngx_preflight_unkeep(cycle, i);
            return NGX_DECLINED;
        }
    }

    return NGX_OK;
}
