/*
 * Apache's listeners (ap_listeners, filled by Listen) as the core's
 * targets.  What each record will become is decided by server/listen.c:
 *
 * - "Listen 80" gives two records, 0.0.0.0:80 and [::]:80.  When httpd
 *   maps IPv4 into IPv6 (AP_ENABLE_V4_MAPPED, Debian's default) it binds
 *   one dual-stack [::]:80 and skips 0.0.0.0:80: one target "*:80".
 * - A record whose socket is bound and listening already (lr->active: the
 *   second pass at start-up, a restart) is this server's own.  lr->sd is
 *   no sign of that: alloc_listener() creates the socket at once.
 */
#include <string.h>

#include "httpd.h"
#include "ap_listen.h"
#include "apr_network_io.h"

#include "pf_apache.h"

static int
pf_apache_is_any4(const apr_sockaddr_t *sa)
{
    return sa->family == APR_INET && sa->sa.sin.sin_addr.s_addr == INADDR_ANY;
}

static int
pf_apache_is_any6(const apr_sockaddr_t *sa)
{
#if APR_HAVE_IPV6
    return sa->family == APR_INET6
           && IN6_IS_ADDR_UNSPECIFIED(&sa->sa.sin6.sin6_addr);
#else
    return 0;
#endif
}

static int
pf_apache_v4_mapped(void)
{
#ifdef AP_ENABLE_V4_MAPPED
    return 1;
#else
    return 0;
#endif
}

/* "Listen P" gave 0.0.0.0:P beside [::]:P: httpd falls back to it when
 * [::]:P cannot be bound (open_listeners), and keeps it at the second
 * pass, which finds the old record by its host: none.  Two explicit
 * Listen lines do not survive that pass (tests/agree/apache.cases). */
static int
pf_apache_has_any4_partner(const ap_listen_rec *lr)
{
    const ap_listen_rec *o;

    if (!pf_apache_is_any6(lr->bind_addr) || lr->bind_addr->hostname) {
        return 0;
    }
    for (o = ap_listeners; o != NULL; o = o->next) {
        if (o->bind_addr != NULL && o->bind_addr->port == lr->bind_addr->port
            && pf_apache_is_any4(o->bind_addr) && !o->bind_addr->hostname)
        {
            return 1;
        }
    }
    return 0;
}

static int
pf_apache_any6_of(const ap_listen_rec *o, const ap_listen_rec *lr)
{
    return o != NULL && o->bind_addr != NULL
           && o->bind_addr->port == lr->bind_addr->port
           && pf_apache_is_any6(o->bind_addr);
}

/* 0.0.0.0:P is served by a dual-stack [::]:P that httpd binds before it:
 * one earlier in the list, or the next one, which open_listeners() swaps
 * in front. */
static int
pf_apache_covered_by_any6(const ap_listen_rec *lr)
{
    const ap_listen_rec *o;

    if (!pf_apache_is_any4(lr->bind_addr) || !pf_apache_v4_mapped()) {
        return 0;
    }
    for (o = ap_listeners; o != NULL && o != lr; o = o->next) {
        if (pf_apache_any6_of(o, lr)) {
            return 1;
        }
    }
    return pf_apache_any6_of(lr->next, lr);
}

/* The family httpd will bind sa as: [::] is the dual-stack "*" when
 * httpd maps IPv4 into IPv6. */
static void
pf_apache_fill_family(const apr_sockaddr_t *sa, pf_target_t *t)
{
    if (pf_apache_is_any6(sa) && pf_apache_v4_mapped()) {
        t->family = PF_FAMILY_ANY;
        t->v6only = 0;
        return;
    }
#if APR_HAVE_IPV6
    if (sa->family == APR_INET6) {
        t->family = PF_FAMILY_INET6;
        t->v6only = !pf_apache_v4_mapped();
        return;
    }
#endif
    t->family = PF_FAMILY_INET;
    t->v6only = -1;
}

static void
pf_apache_fill_address(const ap_listen_rec *lr, pf_target_t *t)
{
    pf_apache_fill_family(lr->bind_addr, t);
    if (t->family == PF_FAMILY_ANY) {
        strcpy(t->address, "*");
    } else if (apr_sockaddr_ip_getbuf(t->address, sizeof(t->address),
                                      lr->bind_addr)
               != APR_SUCCESS)
    {
        strcpy(t->address, "?");
    }
}

static int
pf_apache_add_listener(pf_report_t *r, apr_pool_t *p, const ap_listen_rec *lr)
{
    pf_target_t t;
    char        name[PF_ADDRSTRLEN + 16];

    memset(&t, 0, sizeof(t));
    pf_apache_fill_address(lr, &t);
    t.port = lr->bind_addr->port;
    t.proto = PF_PROTO_TCP;
    t.server = PF_SERVER_APACHE;
    t.held_by_self = lr->active;
    t.v4_fallback = pf_apache_has_any4_partner(lr);
    t.spelling = pf_target_name(&t, name, sizeof(name));
    t.source = pf_apache_listen_source(p, t.address, t.port);

    return pf_report_add_target(r, &t) != NULL ? PF_OK : PF_ENOMEM;
}

/* A record httpd will bind a socket for: some records are not real
 * listeners and have no address, and 0.0.0.0:P may be served by [::]:P. */
static int
pf_apache_binds(const ap_listen_rec *lr)
{
    return lr->bind_addr != NULL && !pf_apache_covered_by_any6(lr);
}

int
pf_apache_add_targets(pf_report_t *r, apr_pool_t *p)
{
    const ap_listen_rec *lr;

    for (lr = ap_listeners; lr != NULL; lr = lr->next) {
        if (!pf_apache_binds(lr)) {
            continue;
        }
        if (pf_apache_add_listener(r, p, lr) != PF_OK) {
            return PF_ENOMEM;
        }
    }
    return PF_OK;
}

/* [::]:P failed: the fallback httpd takes, 0.0.0.0:P, binds. */
static int
pf_apache_any4_binds(const ap_listen_rec *lr)
{
    struct sockaddr_in sin;

    if (!pf_apache_has_any4_partner(lr)) {
        return 0;
    }
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons(lr->bind_addr->port);
    sin.sin_addr.s_addr = htonl(INADDR_ANY);
    return pf_probe_sockaddr(&sin, sizeof(sin), PF_PROTO_TCP, 0, -1) == 0;
}

/* One record of the same port as the core's overlap rule sees it. */
static void
pf_apache_kind(const apr_sockaddr_t *sa, pf_bind_kind_t *k)
{
    k->v6 = sa->family != APR_INET;
    k->wildcard = pf_apache_is_any4(sa) || pf_apache_is_any6(sa);
    k->dual = pf_apache_is_any6(sa) && pf_apache_v4_mapped();
}

static int
pf_apache_overlap(const ap_listen_rec *a, const ap_listen_rec *b)
{
    pf_bind_kind_t ka, kb;

    if (a->bind_addr->port != b->bind_addr->port) {
        return 0;
    }
    pf_apache_kind(a->bind_addr, &ka);
    pf_apache_kind(b->bind_addr, &kb);
    /* equal: "localhost" and "127.0.0.1" */
    return pf_listen_set_collide(&ka, &kb,
                                 apr_sockaddr_equal(a->bind_addr,
                                                    b->bind_addr));
}

/* Two records the rule cannot find overlapping: another port, or two
 * specific addresses of one family that differ.  Every pair is asked
 * (100 listeners: 4,950), and most are these: no library call for them
 * (apr_sockaddr_equal, and memcmp would be one more import to resolve
 * at every load). */
static int
pf_apache_apart(const ap_listen_rec *a, const ap_listen_rec *b)
{
    const apr_sockaddr_t *x = a->bind_addr, *y = b->bind_addr;

    if (y == NULL || x->port != y->port) {
        return 1;
    }
    if (x->family == APR_INET && y->family == APR_INET) {
        return x->sa.sin.sin_addr.s_addr != y->sa.sin.sin_addr.s_addr
               && !pf_apache_is_any4(x) && !pf_apache_is_any4(y);
    }
#if APR_HAVE_IPV6
    if (x->family == APR_INET6 && y->family == APR_INET6) {
        return !IN6_ARE_ADDR_EQUAL(&x->sa.sin6.sin6_addr,
                                   &y->sa.sin6.sin6_addr)
               && !pf_apache_is_any6(x) && !pf_apache_is_any6(y);
    }
#endif
    return 0;
}

/* Two records of this configuration on one address, by the listen set's
 * rule: the report says which (pf_listen_set.c).  No system call: a
 * healthy start pays a few comparisons. */
static int
pf_apache_set_overlaps(void)
{
    const ap_listen_rec *a, *b;

    for (a = ap_listeners; a != NULL; a = a->next) {
        if (!pf_apache_binds(a)) {
            continue;
        }
        for (b = a->next; b != NULL; b = b->next) {
            if (!pf_apache_apart(a, b) && pf_apache_binds(b)
                && pf_apache_overlap(a, b))
            {
                return 1;
            }
        }
    }
    return 0;
}

/*
 * A healthy start stops here: the bind test of each listener on the
 * address httpd holds, with no report, no name and no allocation.  1 when
 * every one binds; *checked and *held (by this httpd already) count them.
 * 0: one does not bind, and the report probes again and explains.
 */
int
pf_apache_all_bind(unsigned *checked, unsigned *held)
{
    const ap_listen_rec *lr;
    pf_target_t          t;

    *checked = 0;
    *held = 0;
    for (lr = ap_listeners; lr != NULL; lr = lr->next) {
        if (!pf_apache_binds(lr)) {
            continue;
        }
        ++*checked;
        if (lr->active) {
            ++*held;
            continue;
        }
        pf_apache_fill_family(lr->bind_addr, &t);
        if (pf_probe_sockaddr(&lr->bind_addr->sa, lr->bind_addr->salen,
                              PF_PROTO_TCP, 0, t.v6only) != 0
            && !pf_apache_any4_binds(lr))
        {
            return 0;
        }
    }
    /* each binds alone; one inside another does not (AH00072) */
    return !pf_apache_set_overlaps();
}
