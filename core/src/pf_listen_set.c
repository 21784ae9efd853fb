/*
 * What a server does with its listen set as a whole, where each address
 * alone would say nothing.  Apache httpd 2.4 (server/listen.c):
 *
 * - alloc_listener(): a Listen whose host, as written, and port equal an
 *   earlier one ("Listen 443" twice; "*" counts as no host) is refused:
 *   "Cannot define multiple Listeners on the same IP:port", AH00526, and
 *   httpd does not start.  "localhost:80" and "127.0.0.1:80" differ there.
 * - open_listeners() binds in configuration order; a 0.0.0.0:P just before
 *   [::]:P is swapped behind it, and a 0.0.0.0:P after a dual-stack [::]:P
 *   is skipped (the IPv6 socket takes IPv4 too: AP_ENABLE_V4_MAPPED).
 * - any other address inside one it has bound already fails (AH00072) and
 *   httpd stops: "Listen 0.0.0.0:80" + "Listen 127.0.0.1:80".
 * - a [::]:P that fails with 0.0.0.0:P next to it is only a warning:
 *   httpd binds 0.0.0.0:P alone and starts (pf_listen_set_fallback).
 *
 * nginx merges the addresses of one port itself (a wildcard takes the
 * specific ones, ngx_http_optimize_servers); what it refuses at
 * configuration time (a duplicate listen, default server or set of
 * socket options) its parser marks (pf_conf_nginx_listen_refusal), and
 * the model only turns that into a clash.  docs/BIND-MODEL.md has the
 * cases and the real servers' answers.
 */
#include <string.h>

#include "preflight_internal.h"
#include "pf_platform.h"
#include "pf_listen_set.h"

/* A socket the model holds: a target as httpd will bind it. */
typedef struct {
    const pf_check_t *check;
    int               v6;       /* 0: IPv4 */
    int               dual;     /* [::] that takes IPv4 too */
    const char       *address;  /* numeric, "::" or "0.0.0.0" */
} pf_ls_sock_t;

static int
pf_ls_is_apache(const pf_check_t *c)
{
    return c->target.server == PF_SERVER_APACHE
           && c->target.proto == PF_PROTO_TCP;
}

static int
pf_ls_any4(const pf_target_t *t)
{
    return t->family == PF_FAMILY_INET && strcmp(t->address, "0.0.0.0") == 0;
}

static int
pf_ls_any6(const pf_target_t *t)
{
    return t->family == PF_FAMILY_ANY || strcmp(t->address, "*") == 0
           || (t->family == PF_FAMILY_INET6 && strcmp(t->address, "::") == 0);
}

/* [::]:P as httpd binds it here: dual-stack where it maps IPv4. */
static int
pf_ls_dual(const pf_target_t *t)
{
    if (t->family == PF_FAMILY_ANY || strcmp(t->address, "*") == 0) {
        return 1;
    }
    return pf_ls_any6(t) && t->v6only != 1 && pf_platform_apache_v4_mapped();
}

static void
pf_ls_sock(pf_ls_sock_t *s, const pf_check_t *c, int as_any4)
{
    const pf_target_t *t = &c->target;

    s->check = c;
    if (as_any4) {
        s->v6 = 0;
        s->dual = 0;
        s->address = "0.0.0.0";
        return;
    }
    s->dual = pf_ls_dual(t);
    s->v6 = s->dual || t->family == PF_FAMILY_INET6;
    s->address = pf_ls_any6(t) ? "::" : t->address;
}

/* An nginx socket: IPv6 only unless ipv6only=off. */
static void
pf_ls_nginx_sock(pf_ls_sock_t *s, const pf_check_t *c)
{
    const pf_target_t *t = &c->target;

    s->check = c;
    s->v6 = t->family == PF_FAMILY_INET6;
    s->dual = s->v6 && strcmp(t->address, "::") == 0 && t->v6only == 0;
    s->address = t->address;
}

static int
pf_ls_wildcard(const pf_ls_sock_t *s)
{
    return strcmp(s->address, "0.0.0.0") == 0 || strcmp(s->address, "::") == 0;
}

/* Linux refuses a bind inside an address that is listening, SO_REUSEADDR
 * or not: a wildcard of the family (or a dual-stack [::]) takes all.  The
 * one rule: this model asks it of addresses as text, a module's healthy
 * start of the sockets it is about to bind. */
int
pf_listen_set_collide(const pf_bind_kind_t *a, const pf_bind_kind_t *b,
                      int same_address)
{
    if (same_address || a->dual || b->dual) {
        return 1;
    }
    if (a->v6 != b->v6) {
        return 0;
    }
    return a->wildcard || b->wildcard;
}

/* httpd's pairing of one port's wildcards (open_listeners()): a
 * dual-stack [::]:P takes IPv4 too, so httpd binds no 0.0.0.0:P beside
 * it.  Asked by this model of targets and by a module's healthy start of
 * its sockets (pf_host_sockets.c). */
int
pf_listen_set_serves_v4(const pf_bind_kind_t *six, const pf_bind_kind_t *v4)
{
    return six->dual && !v4->v6 && v4->wildcard;
}

static void
pf_ls_kind(const pf_ls_sock_t *s, pf_bind_kind_t *k)
{
    k->v6 = s->v6;
    k->dual = s->dual;
    k->wildcard = pf_ls_wildcard(s);
}

static int
pf_ls_overlap(const pf_ls_sock_t *a, const pf_ls_sock_t *b)
{
    pf_bind_kind_t ka, kb;

    pf_ls_kind(a, &ka);
    pf_ls_kind(b, &kb);
    return pf_listen_set_collide(&ka, &kb,
                                 strcmp(a->address, b->address) == 0);
}

/* httpd's 0.0.0.0:P is served by the dual-stack socket s */
static int
pf_ls_serves(const pf_ls_sock_t *s, const pf_ls_sock_t *v4)
{
    pf_bind_kind_t k6, k4;

    pf_ls_kind(s, &k6);
    pf_ls_kind(v4, &k4);
    return s->check->target.port == v4->check->target.port
           && pf_listen_set_serves_v4(&k6, &k4);
}

static const pf_ls_sock_t *
pf_ls_find_overlap(const pf_ls_sock_t *bound, size_t n, const pf_ls_sock_t *s)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (bound[i].check->target.port == s->check->target.port
            && pf_ls_overlap(&bound[i], s))
        {
            return &bound[i];
        }
    }
    return NULL;
}

static int
pf_ls_dual_bound(const pf_ls_sock_t *bound, size_t n, const pf_ls_sock_t *v4)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (pf_ls_serves(&bound[i], v4)) {
            return 1;
        }
    }
    return 0;
}

/* The host of a Listen as written: "" for none and for "*". */
static void
pf_ls_host(const pf_target_t *t, char *out, size_t len)
{
    const char *s = t->spelling != NULL ? t->spelling : t->address;
    const char *end;

    if (s[0] == '[' && (end = strchr(s, ']')) != NULL) {
        s++;
    } else if ((end = strrchr(s, ':')) == NULL) {
        end = s;                            /* a port alone */
    }
    if ((size_t) (end - s) >= len) {
        end = s + len - 1;
    }
    memcpy(out, s, (size_t) (end - s));
    out[end - s] = '\0';
    if (strcmp(out, "*") == 0) {
        out[0] = '\0';
    }
}

static int
pf_ls_same_listen(const pf_check_t *a, const pf_check_t *b)
{
    char ha[PF_ADDRSTRLEN + 16], hb[PF_ADDRSTRLEN + 16];

    if (a->target.port != b->target.port || a->target.source == NULL
        || b->target.source == NULL
        || strcmp(a->target.source, b->target.source) == 0)
    {
        return 0;                 /* one Listen may give several addresses */
    }
    pf_ls_host(&a->target, ha, sizeof(ha));
    pf_ls_host(&b->target, hb, sizeof(hb));
    return strcmp(ha, hb) == 0;
}

static void
pf_ls_clash(pf_report_t *r, pf_check_t *c, const pf_check_t *with,
            int duplicate)
{
    char name[PF_ADDRSTRLEN + 16];

    memset(&c->probe, 0, sizeof(c->probe));
    c->probe.status = PF_STATUS_CLASH;
    c->clash_duplicate = duplicate;
    c->clash_target = pf_pstrdup(r->pool, pf_target_name(&with->target, name,
                                                         sizeof(name)));
    c->clash_source = with->target.source;
}

static void
pf_ls_refused(pf_report_t *r, pf_check_t *c)
{
    memset(&c->probe, 0, sizeof(c->probe));
    c->probe.status = PF_STATUS_CLASH;
    c->clash_duplicate = 1;
    c->clash_target = NULL;
    c->clash_source = pf_pstrdup(r->pool, c->target.refused_with);
}

/* AH00526: the same Listen twice.  1 when c is refused. */
static int
pf_ls_duplicate(pf_report_t *r, size_t i)
{
    pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);
    size_t      j;

    for (j = 0; j < i; j++) {
        const pf_check_t *o = &PF_ARRAY_AT(&r->checks, pf_check_t, j);

        if (pf_ls_is_apache(o) && pf_ls_same_listen(o, c)) {
            pf_ls_clash(r, c, o, 1);
            return 1;
        }
    }
    return 0;
}

/* The index of the [::]:P that httpd binds before 0.0.0.0:P at i. */
static size_t
pf_ls_swap_with(const pf_report_t *r, size_t i)
{
    const pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i), *n;
    pf_ls_sock_t      s6, s4;

    if (i + 1 >= r->checks.nelts || !pf_ls_any4(&c->target)) {
        return i;
    }
    /* "Listen P" resolves to 0.0.0.0 before [::] (getaddrinfo), so
     * only an explicit [::]:P comes straight after a 0.0.0.0:P */
    n = &PF_ARRAY_AT(&r->checks, pf_check_t, i + 1);
    if (!pf_ls_is_apache(n) || n->target.family != PF_FAMILY_INET6) {
        return i;
    }
    pf_ls_sock(&s6, n, 0);
    pf_ls_sock(&s4, c, 0);
    return pf_ls_serves(&s6, &s4) ? i + 1 : i;
}

/* One bind of httpd's open_listeners(), against what it holds already. */
static void
pf_ls_bind(pf_report_t *r, pf_check_t *c, pf_ls_sock_t *bound, size_t *n)
{
    pf_ls_sock_t        s;
    const pf_ls_sock_t *in;

    if (c->probe.status == PF_STATUS_CLASH && c->clash_duplicate) {
        return;
    }
    pf_ls_sock(&s, c, 0);
    if (pf_ls_any4(&c->target) && pf_ls_dual_bound(bound, *n, &s)) {
        return;                   /* served by the dual-stack socket */
    }
    in = pf_ls_find_overlap(bound, *n, &s);
    if (in != NULL && s.dual && c->target.v4_fallback) {
        pf_ls_sock(&s, c, 1);     /* [::] fails: 0.0.0.0 alone */
        in = pf_ls_find_overlap(bound, *n, &s);
    }
    if (in != NULL) {
        pf_ls_clash(r, c, in->check, 0);
        return;
    }
    bound[(*n)++] = s;
}

/* nginx binds the addresses that have a socket of their own first and
 * the wildcard of their port last (ngx_http_cmp_conf_addrs): the wildcard
 * then fails against nginx's own socket, retried five times. */
static void
pf_ls_nginx_wildcards(pf_report_t *r)
{
    pf_ls_sock_t w, o;
    size_t       i, j;

    for (i = 0; i < r->checks.nelts; i++) {
        pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);

        if (c->target.server != PF_SERVER_NGINX
            || c->probe.status == PF_STATUS_CLASH
            || c->target.family == PF_FAMILY_UNIX)
        {
            continue;
        }
        pf_ls_nginx_sock(&w, c);
        if (!pf_ls_wildcard(&w)) {
            continue;
        }
        for (j = 0; j < r->checks.nelts; j++) {
            const pf_check_t *s = &PF_ARRAY_AT(&r->checks, pf_check_t, j);

            if (s == c || s->target.server != PF_SERVER_NGINX
                || !s->target.own_socket || s->target.port != c->target.port
                || s->target.proto != c->target.proto
                || s->target.family == PF_FAMILY_UNIX)
            {
                continue;
            }
            pf_ls_nginx_sock(&o, s);
            if (!pf_ls_wildcard(&o) && pf_ls_overlap(&w, &o)) {
                pf_ls_clash(r, c, s, 0);
                break;
            }
        }
    }
}

/*
 * Marks the checks that the server's own listen set rules out (status
 * PF_STATUS_CLASH, with the address and line that rule them out); the
 * others are left for the probe.  Pure.
 */
int
pf_listen_set_model(pf_report_t *r)
{
    pf_ls_sock_t *bound;
    size_t        i, j, n = 0;

    bound = pf_palloc(r->pool, (r->checks.nelts + 1) * sizeof(*bound));
    if (bound == NULL) {
        return PF_ENOMEM;
    }
    for (i = 0; i < r->checks.nelts; i++) {
        pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);

        if (c->probe.status == PF_STATUS_CLASH) {
            memset(&c->probe, 0, sizeof(c->probe));
        }
        if (c->target.refused != NULL) {
            pf_ls_refused(r, c);  /* the parser knew: nginx's own words */
        } else if (pf_ls_is_apache(c)) {
            pf_ls_duplicate(r, i);
        }
    }
    for (i = 0; i < r->checks.nelts; i++) {
        pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);

        if (!pf_ls_is_apache(c)) {
            continue;
        }
        j = pf_ls_swap_with(r, i);
        if (j != i) {
            pf_ls_bind(r, &PF_ARRAY_AT(&r->checks, pf_check_t, j), bound, &n);
            pf_ls_bind(r, c, bound, &n);
            i = j;
            continue;
        }
        pf_ls_bind(r, c, bound, &n);
    }
    pf_ls_nginx_wildcards(r);
    return PF_OK;
}

/*
 * After the probe: "Listen P" whose dual-stack [::]:P cannot be bound is
 * no conflict when 0.0.0.0:P can: httpd warns (AH00072 for [::]:P) and
 * starts on IPv4 alone, which the note says.
 */
void
pf_listen_set_fallback(pf_report_t *r, pf_check_t *c)
{
    pf_target_t v4;
    pf_probe_t  p;
    char        name[PF_ADDRSTRLEN + 16];

    if (!c->target.v4_fallback || !pf_check_failed(c)
        || c->probe.status == PF_STATUS_CLASH || !pf_ls_dual(&c->target))
    {
        return;
    }
    v4 = c->target;
    strcpy(v4.address, "0.0.0.0");
    v4.family = PF_FAMILY_INET;
    v4.v6only = -1;
    memset(&p, 0, sizeof(p));
    pf_platform_probe(&r->ctx, &v4, &p);
    if (p.status != PF_STATUS_FREE) {
        return;
    }
    c->note = pf_psprintf(r->pool, "Apache will listen on %s only: [::]:%u "
                          "cannot be bound (%s), so httpd logs AH00072 for "
                          "it and falls back to IPv4",
                          pf_target_name(&v4, name, sizeof(name)),
                          c->target.port,
                          c->probe.err_name ? c->probe.err_name : "error");
    c->probe = p;
}
