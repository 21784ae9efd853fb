/*
 * The targets: one per listen socket nginx is about to open, from
 * cycle->listening as the http, stream and mail blocks filled it.
 */

#include <ngx_config.h>
#include <ngx_core.h>

#include "ngx_preflight.h"


/* The same socket: type and address, port included. */

static ngx_uint_t
pf_ngx_same_socket(ngx_listening_t *a, ngx_listening_t *b)
{
    return a->type == b->type
           && ngx_cmp_sockaddr(a->sockaddr, a->socklen,
                               b->sockaddr, b->socklen, 1)
              == NGX_OK;
}


/*
 * On reload and binary upgrade the old cycle's sockets (inherited through
 * the NGINX environment variable, or open in this master) are handed over
 * to the new cycle after init_conf: they are this nginx's own.
 */

static ngx_uint_t
pf_ngx_held_by_self(ngx_cycle_t *cycle, ngx_listening_t *ls)
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
            && pf_ngx_same_socket(&old[i], ls))
        {
            return 1;
        }
    }

    return 0;
}


/* "reuseport" clones one listen socket per worker: check it once. */

static ngx_uint_t
pf_ngx_seen(ngx_cycle_t *cycle, ngx_uint_t n)
{
    ngx_uint_t        i;
    ngx_listening_t  *ls;

    ls = cycle->listening.elts;

    for (i = 0; i < n; i++) {
        if (pf_ngx_same_socket(&ls[i], &ls[n])) {
            return 1;
        }
    }

    return 0;
}


/* A listen socket's target, but for its address text (the bind test
 * needs none); NGX_DECLINED for a family preflight does not know. */

static ngx_int_t
pf_ngx_target(ngx_cycle_t *cycle, ngx_listening_t *ls, pf_target_t *t)
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
    t->held_by_self = pf_ngx_held_by_self(cycle, ls);

    return NGX_OK;
}


ngx_int_t
pf_ngx_add_targets(ngx_cycle_t *cycle, pf_report_t *r)
{
    u_char            spelling[NGX_SOCKADDR_STRLEN + 1];
    char             *source;
    ngx_uint_t        i;
    pf_target_t       t;
    ngx_listening_t  *ls;

    /* nginx keeps no file:line for a listen socket: the file, until
     * pf_ngx_add_sources() finds the line */

    source = pf_pstrndup(r->pool, (char *) cycle->conf_file.data,
                         cycle->conf_file.len);
    if (source == NULL) {
        return NGX_ERROR;
    }

    ls = cycle->listening.elts;

    for (i = 0; i < cycle->listening.nelts; i++) {
        if (pf_ngx_seen(cycle, i)
            || pf_ngx_target(cycle, &ls[i], &t) != NGX_OK)
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
pf_ngx_is_wildcard(ngx_listening_t *ls)
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


/* w, a wildcard, takes s's address: the same family, or w is a [::]
 * with ipv6only off. */

static ngx_uint_t
pf_ngx_takes(ngx_listening_t *w, ngx_listening_t *s)
{
    if (w->type != s->type || !pf_ngx_is_wildcard(w) || pf_ngx_is_wildcard(s)
        || ngx_inet_get_port(w->sockaddr) != ngx_inet_get_port(s->sockaddr))
    {
        return 0;
    }

    if (w->sockaddr->sa_family == s->sockaddr->sa_family) {
        return 1;
    }

#if (NGX_HAVE_INET6)
    return w->sockaddr->sa_family == AF_INET6 && !w->ipv6only
           && s->sockaddr->sa_family == AF_INET;
#else
    return 0;
#endif
}


/* Two sockets of this configuration on one address (nginx binds the
 * specific one first, then fails on the wildcard): no system call, a few
 * comparisons. */

static ngx_uint_t
pf_ngx_set_overlaps(ngx_cycle_t *cycle)
{
    ngx_uint_t        i, j;
    ngx_listening_t  *ls;

    ls = cycle->listening.elts;

    for (i = 0; i < cycle->listening.nelts; i++) {
        for (j = 0; j < cycle->listening.nelts; j++) {
            if (i != j && !ls[i].reuseport && pf_ngx_takes(&ls[i], &ls[j])) {
                return 1;
            }
        }
    }

    return 0;
}


/*
 * A healthy start stops here: the bind test of each listen socket nginx
 * is about to open, on the address nginx holds, with no report, no name
 * and no allocation.  NGX_DECLINED: one does not bind; the report then
 * probes the targets again, and explains.
 */

ngx_int_t
pf_ngx_probe_fast(ngx_cycle_t *cycle)
{
    ngx_uint_t        i;
    pf_target_t       t;
    ngx_listening_t  *ls;

    ls = cycle->listening.elts;

    for (i = 0; i < cycle->listening.nelts; i++) {
        if (pf_ngx_seen(cycle, i)
            || pf_ngx_target(cycle, &ls[i], &t) != NGX_OK
            || t.held_by_self)
        {
            continue;
        }

        if (pf_probe_sockaddr(ls[i].sockaddr, ls[i].socklen, t.proto,
                              t.reuseport, t.v6only)
            != 0)
        {
            return NGX_DECLINED;
        }
    }

    /* each binds alone; a wildcard beside a specific address does not */
    return pf_ngx_set_overlaps(cycle) ? NGX_DECLINED : NGX_OK;
}


/* The parser's target for the same socket: the first listen line that
 * asks for it (nginx merges the later ones into it). */

static const char *
pf_ngx_source_of(pf_array_t *parsed, pf_target_t *t)
{
    size_t        i;
    pf_target_t  *p;

    for (i = 0; i < parsed->nelts; i++) {
        p = &PF_ARRAY_AT(parsed, pf_target_t, i);

        if (p->source == NULL || p->proto != t->proto) {
            continue;
        }

        if (t->family == PF_FAMILY_UNIX
            ? p->family == PF_FAMILY_UNIX && p->path != NULL
              && t->path != NULL && ngx_strcmp(p->path, t->path) == 0
            : p->port == t->port && ngx_strcmp(p->address, t->address) == 0)
        {
            return p->source;
        }
    }

    return NULL;
}


/*
 * nginx keeps no file:line for a listen socket.  Only when one failed,
 * the core's parser reads the same configuration again (the same -p
 * prefix; includes from the configuration's directory, as nginx) and
 * each target takes the file:line of its listen.  A configuration the
 * parser cannot read leaves the file name: nginx has read it already.
 */

ngx_int_t
pf_ngx_add_sources(ngx_cycle_t *cycle, pf_report_t *r)
{
    char               *conf, *prefix;
    size_t              i;
    pf_array_t          parsed;
    pf_error_t          err;
    pf_check_t         *c;
    const char         *source;
    pf_conf_options_t   opts;

    conf = pf_pstrndup(r->pool, (char *) cycle->conf_file.data,
                       cycle->conf_file.len);
    prefix = pf_pstrndup(r->pool, (char *) cycle->prefix.data,
                         cycle->prefix.len);

    if (conf == NULL || prefix == NULL
        || pf_array_init(&parsed, r->pool, 8, sizeof(pf_target_t)) != PF_OK)
    {
        return NGX_ERROR;
    }

    ngx_memzero(&opts, sizeof(pf_conf_options_t));
    ngx_memzero(&err, sizeof(pf_error_t));
    opts.prefix = prefix;
    opts.is_root = pf_ngx_is_root();

    if (pf_lazy_conf_nginx(r->pool, conf, &opts, &parsed, &err) != PF_OK) {
        return NGX_OK;
    }

    for (i = 0; i < r->checks.nelts; i++) {
        c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);
        source = pf_ngx_source_of(&parsed, &c->target);

        if (source != NULL) {
            c->target.source = source;
        }
    }

    return NGX_OK;
}
