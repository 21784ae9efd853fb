/*
 * The host's sockets (preflight.h): what a server module used to work
 * out from its own listener list, once for every host.
 *
 * httpd's pairs (server/listen.c, open_listeners()): "Listen 80" gives
 * 0.0.0.0:80 and [::]:80; where httpd maps IPv4 into IPv6 it binds one
 * dual-stack [::]:80 and skips the 0.0.0.0:80 after it (or before it,
 * swapped behind it), and a [::]:80 that cannot be bound falls back to
 * 0.0.0.0:80.  nginx clones a "reuseport" socket per worker
 * (ngx_clone_listening()): one address listed several times.
 *
 * The healthy start passes here on every start: no allocation, no
 * report, a few comparisons per socket (a filter of the addresses seen
 * instead of every pair) and the bind test.
 */
#include <string.h>

#include "preflight_internal.h"
#include "pf_platform.h"
#include "pf_listen_set.h"

/* n bytes of a and b equal; no memcmp, which would be one more symbol a
 * server resolves at every load of the module */
static int
pf_hs_bytes_equal(const unsigned char *a, const unsigned char *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (a[i] != b[i]) {
            return 0;
        }
    }
    return 1;
}

static int
pf_hs_inet(const pf_host_socket_t *s)
{
    return s->family == PF_FAMILY_INET || s->family == PF_FAMILY_INET6;
}

/* Read once per socket, as the overlap check and the filter ask it of
 * many pairs: a key of the address, and whether it is a wildcard. */
static void
pf_hs_key(pf_host_socket_t *s)
{
    unsigned long k = 0;
    unsigned      any = 0;
    size_t        i, n = s->family == PF_FAMILY_INET ? 4
                         : s->family == PF_FAMILY_INET6 ? 16 : 0;

    for (i = 0; i < n; i++) {
        k = k * 257u + s->addr[i];
        any |= s->addr[i];
    }
    s->key = k;
    s->wildcard = (unsigned char) (n != 0 && any == 0);
}

static int
pf_hs_same_address(const pf_host_socket_t *a, const pf_host_socket_t *b)
{
    if (a->family != b->family || a->key != b->key) {
        return 0;
    }
    if (a->family == PF_FAMILY_UNIX) {
        return a->path != NULL && b->path != NULL
               && strcmp(a->path, b->path) == 0;
    }
    return pf_hs_bytes_equal(a->addr, b->addr,
                             a->family == PF_FAMILY_INET ? 4 : 16);
}

/* A socket as the listen set's overlap rule sees it. */
static void
pf_hs_kind(const pf_host_socket_t *s, pf_bind_kind_t *k)
{
    k->v6 = s->family == PF_FAMILY_INET6;
    k->wildcard = s->wildcard;
    /* IPV6_V6ONLY unset is off on Linux (bindv6only 0) */
    k->dual = k->v6 && k->wildcard && s->bind.v6only != 1;
}

/* Two sockets the rule cannot find overlapping: another port or
 * protocol, both "reuseport" (one address shared on purpose), another
 * kind of family, or two specific addresses of one family that differ.
 * Most pairs pf_hs_set_overlaps asks are these. */
static int
pf_hs_apart(const pf_host_socket_t *a, const pf_host_socket_t *b)
{
    if (a->port != b->port || a->bind.proto != b->bind.proto) {
        return 1;
    }
    /* the most frequent: two addresses of one family, neither a wildcard */
    if (a->family == b->family && a->key != b->key
        && !a->wildcard && !b->wildcard)
    {
        return 1;
    }
    if (a->bind.reuseport && b->bind.reuseport) {
        return 1;
    }
    if (a->family != b->family) {
        return !pf_hs_inet(a) || !pf_hs_inet(b);
    }
    if (!pf_hs_inet(a)) {
        return a->family != PF_FAMILY_UNIX || !pf_hs_same_address(a, b);
    }
    return !a->wildcard && !b->wildcard
           && !pf_hs_same_address(a, b);
}

static int
pf_hs_overlap(const pf_host_socket_t *a, const pf_host_socket_t *b)
{
    pf_bind_kind_t ka, kb;

    if (pf_hs_apart(a, b)) {
        return 0;
    }
    pf_hs_kind(a, &ka);
    pf_hs_kind(b, &kb);
    return pf_listen_set_collide(&ka, &kb, pf_hs_same_address(a, b));
}

/* Two sockets of the set on one address: the server binds one, then
 * fails on the other (httpd AH00072, nginx's bind() failed).  A pair
 * without a wildcard overlaps only on one address, which an earlier
 * socket can have only when the filter says so (echo): each wildcard
 * against every socket, each echo against the earlier ones, rather than
 * every pair (100 sockets: 4,950). */
static int
pf_hs_set_overlaps(const pf_host_sockets_t *set)
{
    const pf_host_socket_t *s, *o;
    size_t                  i, j, upto;

    for (i = 0; i < set->n; i++) {
        s = &set->socks[i];
        if (s->covered || s->family == -1 || (!s->wildcard && !s->echo)) {
            continue;
        }
        upto = s->wildcard ? set->n : i;
        for (j = 0; j < upto; j++) {
            o = &set->socks[j];
            if (j != i && !o->covered && (s->wildcard || !o->wildcard)
                && pf_hs_overlap(s, o))
            {
                return 1;
            }
        }
    }
    return 0;
}

/* httpd: the dual-stack [::] at j takes the 0.0.0.0 at i */
static int
pf_hs_serves(const pf_host_socket_t *six, const pf_host_socket_t *v4)
{
    pf_bind_kind_t k6, k4;

    if (six->port != v4->port || six->bind.proto != v4->bind.proto
        || six->family != PF_FAMILY_INET6 || v4->family != PF_FAMILY_INET)
    {
        return 0;
    }
    pf_hs_kind(six, &k6);
    pf_hs_kind(v4, &k4);
    return pf_listen_set_serves_v4(&k6, &k4);
}

/* httpd binds the dual-stack [::]:P before 0.0.0.0:P: one earlier in
 * the list, or the next one, which open_listeners() swaps in front. */
static int
pf_hs_covered(const pf_host_sockets_t *set, size_t i)
{
    const pf_host_socket_t *v4 = &set->socks[i];
    size_t                  j;

    if (v4->family != PF_FAMILY_INET || !v4->wildcard) {
        return 0;
    }
    for (j = 0; j < i; j++) {
        if (pf_hs_serves(&set->socks[j], v4)) {
            return 1;
        }
    }
    return i + 1 < set->n && pf_hs_serves(&set->socks[i + 1], v4);
}

/* httpd: the 0.0.0.0:P of the same "Listen P" that [::]:P at i falls
 * back to when it cannot be bound (its second pass finds the old record
 * by its host: none, so two explicit Listen lines do not pair,
 * tests/agree/apache.cases); NULL when there is none. */
static const pf_host_socket_t *
pf_hs_fallback(const pf_host_sockets_t *set, size_t i)
{
    const pf_host_socket_t *six = &set->socks[i];
    size_t                  j;

    if (set->server != PF_SERVER_APACHE || six->family != PF_FAMILY_INET6
        || !six->port_only || !six->wildcard)
    {
        return NULL;
    }
    for (j = 0; j < set->n; j++) {
        const pf_host_socket_t *o = &set->socks[j];

        if (o->family == PF_FAMILY_INET && o->port_only
            && o->port == six->port && o->wildcard)
        {
            return o;
        }
    }
    return NULL;
}

/* A filter of the addresses seen (protocol, port, address): 100
 * sockets are 4,950 pairs to compare, and only one whose bit is set
 * already can repeat an earlier address. */
#define PF_HS_SEEN_BITS  1024

static unsigned
pf_hs_hash(const pf_host_socket_t *s)
{
    unsigned long h = ((unsigned long) s->bind.proto * 131u + s->port)
                      * 31u + s->key;

    /* the high bits of a multiplicative hash: 1024 buckets */
    return (unsigned) (((h & 0xffffffffUL) * 2654435761UL & 0xffffffffUL)
                       >> 22);
}

/* The filter's bit of s, set; nonzero when it was set already. */
static int
pf_hs_filter(const pf_host_socket_t *s, unsigned char *filter)
{
    unsigned h = pf_hs_hash(s);
    int      was = (filter[h / 8] & (1u << (h % 8))) != 0;

    filter[h / 8] |= (unsigned char) (1u << (h % 8));
    return was;
}

/* An earlier socket of set is the same socket as the one at i. */
static int
pf_hs_seen(const pf_host_sockets_t *set, size_t i)
{
    const pf_host_socket_t *s = &set->socks[i];
    size_t                  j;

    for (j = 0; j < i; j++) {
        /* pf_hs_same_address compares the family and key first */
        if (set->socks[j].port == s->port
            && set->socks[j].bind.proto == s->bind.proto
            && pf_hs_same_address(&set->socks[j], s))
        {
            return 1;
        }
    }
    return 0;
}

/* Reads every address and marks what httpd skips and what nginx lists
 * twice. */
static void
pf_hs_read(pf_host_sockets_t *set)
{
    unsigned char filter[PF_HS_SEEN_BITS / 8];
    size_t        i;

    memset(filter, 0, sizeof(filter));
    for (i = 0; i < set->n; i++) {
        pf_host_socket_t *s = &set->socks[i];

        s->fd = -1;
        s->covered = 0;
        pf_platform_socket_read(s);
        pf_hs_key(s);
        s->echo = (unsigned char) (s->family != -1
                                   && pf_hs_filter(s, filter));
        s->duplicate = (unsigned char) (set->server == PF_SERVER_NGINX
                                        && s->echo && pf_hs_seen(set, i));
    }
    if (set->server != PF_SERVER_APACHE) {
        return;
    }
    for (i = 0; i < set->n; i++) {
        set->socks[i].covered = (unsigned char) pf_hs_covered(set, i);
    }
}

/* A socket the server binds, once. */
static int
pf_hs_binds(const pf_host_socket_t *s)
{
    return s->family != -1 && !s->covered && !s->duplicate;
}

static void
pf_hs_unkeep(pf_host_sockets_t *set)
{
    size_t i;

    for (i = 0; i < set->n; i++) {
        if (set->socks[i].fd != -1) {
            pf_platform_socket_close(set->socks[i].fd);
            set->socks[i].fd = -1;
        }
    }
}

static int
pf_hs_bind_test(pf_host_socket_t *s)
{
    if (s->keep && s->bind.proto == PF_PROTO_TCP && pf_hs_inet(s)) {
        return pf_probe_keep_sockaddr(&s->bind, &s->fd);
    }
    return pf_probe_sockaddr(s->bind.sockaddr, s->bind.socklen,
                             s->bind.proto, s->bind.reuseport,
                             s->bind.v6only);
}

/* [::]:P failed: httpd's fallback, 0.0.0.0:P, binds */
static int
pf_hs_fallback_binds(const pf_host_sockets_t *set, size_t i)
{
    const pf_host_socket_t *v4 = pf_hs_fallback(set, i);

    return v4 != NULL
           && pf_probe_sockaddr(v4->bind.sockaddr, v4->bind.socklen,
                                v4->bind.proto, 0, -1) == 0;
}

int
pf_host_sockets_bind(pf_host_sockets_t *set, unsigned *checked,
                     unsigned *held)
{
    unsigned nchecked = 0, nheld = 0;
    size_t   i;

    pf_hs_read(set);
    /* each may bind alone; one inside another does not */
    if (pf_hs_set_overlaps(set)) {
        return 0;
    }
    for (i = 0; i < set->n; i++) {
        pf_host_socket_t *s = &set->socks[i];

        if (!pf_hs_binds(s)) {
            continue;
        }
        nchecked++;
        if (s->held) {
            nheld++;
            continue;
        }
        if (pf_hs_bind_test(s) != 0 && !pf_hs_fallback_binds(set, i)) {
            pf_hs_unkeep(set);
            return 0;
        }
    }
    if (checked != NULL) {
        *checked = nchecked;
    }
    if (held != NULL) {
        *held = nheld;
    }
    return 1;
}

/* The family and address of s's target; httpd names its dual-stack [::]
 * "*", the one socket for both families. */
static void
pf_hs_target_address(const pf_host_sockets_t *set, const pf_host_socket_t *s,
                     pf_target_t *t)
{
    pf_bind_kind_t k;

    if (s->family == PF_FAMILY_UNIX) {
        t->family = PF_FAMILY_UNIX;
        t->path = s->path;
        strcpy(t->address, "unix");
        return;
    }
    t->family = (pf_family_t) s->family;
    t->v6only = s->family == PF_FAMILY_INET6 ? s->bind.v6only : -1;
    pf_hs_kind(s, &k);
    if (set->server == PF_SERVER_APACHE && k.dual) {
        t->family = PF_FAMILY_ANY;
        t->v6only = 0;
        strcpy(t->address, "*");
    } else if (pf_platform_socket_text(s, t->address, sizeof(t->address))
               != PF_OK)
    {
        strcpy(t->address, "?");
    }
}

static void
pf_hs_target(const pf_host_sockets_t *set, size_t i, pf_target_t *t)
{
    const pf_host_socket_t *s = &set->socks[i];

    memset(t, 0, sizeof(*t));
    pf_hs_target_address(set, s, t);
    t->port = s->family == PF_FAMILY_UNIX ? 0 : s->port;
    t->proto = s->bind.proto;
    t->reuseport = s->bind.reuseport;
    t->server = set->server;
    t->held_by_self = s->held;
    t->own_socket = set->server == PF_SERVER_NGINX;
    t->v4_fallback = pf_hs_fallback(set, i) != NULL;
}

int
pf_host_sockets_targets(pf_report_t *r, pf_host_sockets_t *set)
{
    pf_target_t t;
    char        name[PF_ADDRSTRLEN + 16];
    size_t      i;

    pf_hs_read(set);
    for (i = 0; i < set->n; i++) {
        if (!pf_hs_binds(&set->socks[i])) {
            continue;
        }
        pf_hs_target(set, i, &t);
        t.spelling = set->socks[i].spelling != NULL
                     ? set->socks[i].spelling
                     : pf_target_name(&t, name, sizeof(name));
        t.source = set->source_of != NULL ? set->source_of(set->data, &t)
                                          : set->source;
        if (pf_report_add_target(r, &t) == NULL) {
            return PF_ENOMEM;
        }
    }
    return PF_OK;
}
