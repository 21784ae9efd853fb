/*
 * The listen sockets nginx is about to open (cycle->listening, as the
 * http, stream and mail blocks filled it) as the core's host sockets
 * (preflight.h): the core tests each address once however often
 * "reuseport" clones it, finds two that overlap, and names them.  This
 * file knows where nginx keeps them, which are its own already, and when
 * the test's socket may become nginx's listener.
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

    /* asked for every pair of new and old listen sockets at a reload:
     * IPv4 without a call */
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
ngx_preflight_may_keep(ngx_cycle_t *cycle, ngx_listening_t *ls)
{
    return !ngx_test_config
           && ngx_is_init_cycle(cycle->old_cycle)
           && cycle->old_cycle->listening.nelts == 0
           && ls->type == SOCK_STREAM;
}


/* One entry per listening socket, in one allocation from the cycle's
 * pool (freed again after a healthy start). */

ngx_int_t
ngx_preflight_sockets(ngx_cycle_t *cycle, pf_host_sockets_t *set)
{
    ngx_uint_t         i;
    ngx_listening_t   *ls;
    pf_host_socket_t  *s;

    ngx_memzero(set, sizeof(pf_host_sockets_t));
    set->server = PF_SERVER_NGINX;

    if (cycle->listening.nelts == 0) {
        return NGX_OK;
    }

    /* not zeroed: 100 sockets are 12 KB, and every field the core reads
     * is set below */
    set->socks = ngx_palloc(cycle->pool,
                            cycle->listening.nelts * sizeof(pf_host_socket_t));
    if (set->socks == NULL) {
        return NGX_ERROR;
    }

    ls = cycle->listening.elts;

    for (i = 0; i < cycle->listening.nelts; i++) {
        s = &set->socks[i];

        s->bind.sockaddr = ls[i].sockaddr;
        s->bind.socklen = ls[i].socklen;
        s->bind.proto = ls[i].type == SOCK_DGRAM ? PF_PROTO_UDP
                                                 : PF_PROTO_TCP;
#if (NGX_HAVE_REUSEPORT)
        s->bind.reuseport = ls[i].reuseport;
#else
        s->bind.reuseport = 0;
#endif
#if (NGX_HAVE_INET6)
        s->bind.v6only = ls[i].sockaddr->sa_family == AF_INET6
                         ? (int) ls[i].ipv6only : -1;
#else
        s->bind.v6only = -1;
#endif
        s->bind.backlog = ls[i].backlog;
        s->held = ngx_preflight_held_by_self(cycle, &ls[i]);
        s->keep = ngx_preflight_may_keep(cycle, &ls[i]);
        s->port_only = 0;
        s->spelling = NULL;
    }

    set->n = cycle->listening.nelts;

    return NGX_OK;
}


/*
 * A healthy start stops here: the bind test of each listen socket nginx
 * is about to open, on the address nginx holds, with no report and no
 * name; the sockets the test kept become nginx's listeners, as after its
 * own listen().  NGX_DECLINED: one does not bind (none is kept); the
 * report then probes the targets again, and explains.
 */

ngx_int_t
ngx_preflight_probe_fast(ngx_cycle_t *cycle, pf_host_sockets_t *set)
{
    ngx_uint_t        i;
    ngx_listening_t  *ls;

    if (!pf_host_sockets_bind(set, NULL, NULL)) {
        return NGX_DECLINED;
    }

    ls = cycle->listening.elts;

    for (i = 0; i < set->n; i++) {
        if (set->socks[i].fd != -1) {
            ls[i].fd = (ngx_socket_t) set->socks[i].fd;
            ls[i].listen = 1;
        }
    }

    return NGX_OK;
}


/* nginx keeps no file:line for a listen socket: the file, until the core
 * reads the configuration again for it (the failure path only:
 * pf_host_nginx_sources) */

ngx_int_t
ngx_preflight_add_targets(ngx_cycle_t *cycle, pf_host_sockets_t *set,
    pf_report_t *r)
{
    ngx_uint_t        i;
    ngx_listening_t  *ls;

    set->source = pf_pstrndup(r->pool, (char *) cycle->conf_file.data,
                              cycle->conf_file.len);
    if (set->source == NULL) {
        return NGX_ERROR;
    }

    ls = cycle->listening.elts;

    for (i = 0; i < set->n; i++) {
        set->socks[i].spelling = pf_pstrndup(r->pool,
                                             (char *) ls[i].addr_text.data,
                                             ls[i].addr_text.len);
        if (set->socks[i].spelling == NULL) {
            return NGX_ERROR;
        }
    }

    return pf_host_sockets_targets(r, set) == PF_OK ? NGX_OK : NGX_ERROR;
}
