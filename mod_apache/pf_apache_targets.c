/*
 * Apache's listeners (ap_listeners, filled by Listen) as the core's host
 * sockets (preflight.h): the core knows what httpd's open_listeners()
 * makes of them (0.0.0.0:P beside a dual-stack [::]:P, the fall back to
 * IPv4), tests them and names them.  This file knows where httpd keeps
 * them and how it will set each one:
 *
 * - IPV6_V6ONLY is off when httpd maps IPv4 into IPv6 (AP_ENABLE_V4_MAPPED,
 *   Debian's default), on otherwise (make_sock());
 * - a record whose socket is bound and listening already (lr->active: the
 *   second pass at start-up, a restart) is this server's own.  lr->sd is
 *   no sign of that: alloc_listener() creates the socket at once;
 * - a record without a host ("Listen 80") is one of a port-only pair.
 */
#include <string.h>

#include "httpd.h"
#include "ap_listen.h"
#include "apr_network_io.h"

#include "pf_apache.h"

static int
pf_apache_v6only(void)
{
#ifdef AP_ENABLE_V4_MAPPED
    return 0;
#else
    return 1;
#endif
}

static void
pf_apache_socket(const ap_listen_rec *lr, pf_host_socket_t *s)
{
    memset(s, 0, sizeof(*s));
    s->bind.sockaddr = &lr->bind_addr->sa;
    s->bind.socklen = (size_t) lr->bind_addr->salen;
    s->bind.proto = PF_PROTO_TCP;
    s->bind.v6only = lr->bind_addr->family == APR_INET ? -1
                                                        : pf_apache_v6only();
    s->held = lr->active;
    s->port_only = lr->bind_addr->hostname == NULL;
}

/* The records with an address (some are not real listeners), in one
 * allocation from p; set->n 0 when there are none. */
static int
pf_apache_sockets(apr_pool_t *p, pf_host_sockets_t *set)
{
    const ap_listen_rec *lr;
    size_t               n = 0;

    memset(set, 0, sizeof(*set));
    set->server = PF_SERVER_APACHE;
    for (lr = ap_listeners; lr != NULL; lr = lr->next) {
        n += lr->bind_addr != NULL;
    }
    if (n == 0) {
        return PF_OK;
    }
    set->socks = apr_palloc(p, n * sizeof(pf_host_socket_t));
    if (set->socks == NULL) {
        return PF_ENOMEM;
    }
    for (lr = ap_listeners; lr != NULL; lr = lr->next) {
        if (lr->bind_addr != NULL) {
            pf_apache_socket(lr, &set->socks[set->n++]);
        }
    }
    return PF_OK;
}

static const char *
pf_apache_source_of(void *data, const pf_target_t *t)
{
    return pf_apache_listen_source(data, t->address, t->port);
}

int
pf_apache_add_targets(pf_report_t *r, apr_pool_t *p)
{
    pf_host_sockets_t set;

    if (pf_apache_sockets(p, &set) != PF_OK) {
        return PF_ENOMEM;
    }
    set.source_of = pf_apache_source_of;
    set.data = p;
    return pf_host_sockets_targets(r, &set);
}

/*
 * A healthy start stops here: the bind test of each listener on the
 * address httpd holds, with no report and no name.  1 when every one
 * binds; *checked and *held (by this httpd already) count them.  0: one
 * does not bind (or httpd would not start), and the report probes again
 * and explains.
 */
int
pf_apache_all_bind(apr_pool_t *p, unsigned *checked, unsigned *held)
{
    pf_host_sockets_t set;

    *checked = 0;
    *held = 0;
    if (pf_apache_sockets(p, &set) != PF_OK) {
        return 0;
    }
    return pf_host_sockets_bind(&set, checked, held);
}
