/*
 * The iplisten remedy: HTTP.sys binds each port it serves on every
 * address of its IP listen list, or on all of them when the list is empty
 * or holds 0.0.0.0 / "::".  The web server can have the port only on an
 * address outside that set: narrow the list to another address, or (when
 * the list is already narrow) move the server.  Restarting HTTP stops
 * every service that depends on it; they are started again by name.
 */
#include <string.h>

#include "pf_diagnose.h"
#include "netsh/pf_netsh.h"

/* The remedies this file offers: id, what fix --apply does, whether it
 * needs root or Administrator (pf_diag_remedy). */
static const pf_diag_offer_t
    pf_iplisten_fix_iplisten = { "iplisten", PF_ACTION_ADD_IPLISTEN, 1 },
    pf_iplisten_fix_iplisten_by_hand = { "iplisten", PF_ACTION_NONE, 1 },
    pf_iplisten_fix_listen_outside_iplisten =
        { "listen-outside-iplisten", PF_ACTION_NONE, 0 },
    pf_iplisten_fix_iplisten_remove = { "iplisten-remove", PF_ACTION_NONE, 1 };

typedef struct {
    const pf_array_t *list;       /* const char *; NULL: not known */
    int               all;        /* HTTP.sys listens on every address */
    const char       *wildcard;   /* the 0.0.0.0 or "::" entry, if any */
    pf_array_t        bound;      /* const char *: addresses of IP-bound
                                     URLs on the port (IIS's IP-specific
                                     bindings), which must stay HTTP.sys's */
    const char       *bound_url;  /* the first such URL */
} pf_iplisten_t;

static int
pf_iplisten_is_any(const char *a)
{
    return strcmp(a, "0.0.0.0") == 0 || strcmp(a, "::") == 0;
}

static int
pf_iplisten_is_wild_target(const char *a)
{
    return a[0] == '\0' || strcmp(a, "*") == 0 || pf_iplisten_is_any(a);
}

/* "HTTP://127.0.0.1:8000:127.0.0.1/": HTTP.sys answers that URL only on
 * 127.0.0.1, so that address is the registration's, whoever else asks. */
static void
pf_iplisten_bound(pf_diag_t *d, pf_iplisten_t *ip)
{
    const pf_array_t *qs = &d->c->facts.httpsys.queues;
    size_t            i, j;
    pf_netsh_url_t    u;

    if (pf_array_init(&ip->bound, d->pool, 2, sizeof(char *)) != PF_OK) {
        d->nomem = 1;
        return;
    }
    for (i = 0; i < qs->nelts; i++) {
        const pf_request_queue_t *q = &PF_ARRAY_AT(qs, pf_request_queue_t, i);

        for (j = 0; j < q->urls.nelts; j++) {
            const char *url = PF_ARRAY_AT(&q->urls, const char *, j);
            const char *b;
            size_t      n;

            if (pf_netsh_url_parse(url, strlen(url), &u) != PF_OK
                || u.bound_len == 0 || u.port != d->c->target.port)
            {
                continue;
            }
            b = u.bound;
            n = u.bound_len;
            if (n >= 2 && b[0] == '[' && b[n - 1] == ']') {
                b++;
                n -= 2;
            }
            if (ip->bound_url == NULL) {
                ip->bound_url = url;
            }
            if (pf_array_push_strf(&ip->bound, "%.*s", (int) n, b) != PF_OK)
            {
                d->nomem = 1;
            }
        }
    }
}

static int
pf_iplisten_in(const pf_array_t *a, const char *s)
{
    size_t i;

    for (i = 0; a != NULL && i < a->nelts; i++) {
        if (strcmp(PF_ARRAY_AT(a, const char *, i), s) == 0) {
            return 1;
        }
    }
    return 0;
}

static void
pf_iplisten_read(pf_diag_t *d, pf_iplisten_t *ip)
{
    const pf_httpsys_facts_t *h = &d->c->facts.httpsys;
    size_t                    i;

    memset(ip, 0, sizeof(*ip));
    pf_iplisten_bound(d, ip);
    ip->all = 1;
    if (h->iplisten_known != PF_KNOWN_YES) {
        return;                  /* unknown: assume the default, empty */
    }
    ip->list = &h->iplisten;
    ip->all = h->iplisten.nelts == 0;
    for (i = 0; i < h->iplisten.nelts; i++) {
        const char *a = PF_ARRAY_AT(&h->iplisten, const char *, i);

        if (pf_iplisten_is_any(a)) {
            ip->all = 1;
            ip->wildcard = a;
        }
    }
}

/* HTTP.sys listens on a (numeric) */
static int
pf_iplisten_holds(const pf_iplisten_t *ip, const char *a)
{
    return ip->all || pf_iplisten_in(ip->list, a);
}

/* a can be the server's: neither listed nor an IP-bound URL's.  With
 * HTTP.sys on every address, only the IP-bound URLs count: the remedy
 * narrows the list first. */
static int
pf_iplisten_free(const pf_iplisten_t *ip, const char *a)
{
    return !pf_iplisten_in(&ip->bound, a)
           && (ip->all || !pf_iplisten_in(ip->list, a));
}

/* The server's address: the target's own when it names one; for "*:80"
 * 127.0.0.1 (a development server, the usual case on Windows), else the
 * first IPv4 address of the host outside HTTP.sys's set. */
static const char *
pf_iplisten_server(const pf_diag_t *d, const pf_iplisten_t *ip)
{
    const pf_array_t *as = &d->host->local_addresses;
    size_t            i;

    if (!pf_iplisten_is_wild_target(d->c->target.address)) {
        return d->c->target.address;
    }
    if (pf_iplisten_free(ip, "127.0.0.1")) {
        return "127.0.0.1";
    }
    for (i = 0; i < as->nelts; i++) {
        const char *a = PF_ARRAY_AT(as, const char *, i);

        if (strchr(a, ':') == NULL && strncmp(a, "169.254.", 8) != 0
            && strncmp(a, "127.", 4) != 0 && pf_iplisten_free(ip, a))
        {
            return a;
        }
    }
    /* every 127.x.y.z is this host's: another one still serves locally */
    return pf_iplisten_free(ip, "127.0.0.2") ? "127.0.0.2" : "ADDRESS";
}

/* "net stop http /y", "net start http", then each dependent again. */
static void
pf_iplisten_restart(pf_diag_t *d, pf_remedy_t *r)
{
    const pf_array_t *deps = &d->c->facts.httpsys.dependents;
    size_t            i;

    pf_diag_command(d, r, "net stop http /y");
    pf_diag_command(d, r, "net start http");
    for (i = 0; i < deps->nelts; i++) {
        pf_diag_command(d, r, "net start %s",
                        PF_ARRAY_AT(deps, const char *, i));
    }
}

/* What the restart stops, said in the remedy's summary. */
static const char *
pf_iplisten_stops(pf_diag_t *d, const char *loopback)
{
    const pf_array_t *deps = &d->c->facts.httpsys.dependents;
    const char       *names = pf_diag_join(d, deps, ", ");
    int               winrm = 0;
    size_t            i;

    for (i = 0; i < deps->nelts; i++) {
        if (strcmp(PF_ARRAY_AT(deps, const char *, i), "WinRM") == 0) {
            winrm = 1;
        }
    }
    if (names == NULL) {
        return "; restarting HTTP stops every service that uses it (or "
               "reboot, as Microsoft advises after an iplisten change)";
    }
    return pf_diag_sprintf(d, "; restarting HTTP stops %s, started again "
                           "below (or reboot, as Microsoft advises after an "
                           "iplisten change)%s%s", names, winrm
                           ? "; WinRM is running: a remote session through "
                             "it drops while HTTP restarts" : "",
                           winrm && loopback != NULL
                           ? pf_diag_sprintf(d, ", and with HTTP.sys on %s "
                                             "only, WinRM cannot be reached "
                                             "from other hosts", loopback)
                           : "");
}

/* The addresses HTTP.sys keeps: the IP-bound URLs' (their sites keep
 * answering), else a loopback address the server does not want. */
static const pf_array_t *
pf_iplisten_kernel(pf_diag_t *d, const pf_iplisten_t *ip, const char *server)
{
    pf_array_t *a;

    if (ip->bound.nelts > 0) {
        return &ip->bound;
    }
    a = pf_palloc(d->pool, sizeof(*a));
    if (a == NULL || pf_array_init(a, d->pool, 1, sizeof(char *)) != PF_OK
        || pf_array_push_str(a, strcmp(server, "127.0.0.2") != 0
                                ? "127.0.0.2" : "127.0.0.3") != PF_OK)
    {
        d->nomem = 1;
        return &ip->bound;
    }
    return a;
}

static int
pf_iplisten_loopback(const pf_array_t *a)
{
    size_t i;

    for (i = 0; i < a->nelts; i++) {
        if (strncmp(PF_ARRAY_AT(a, const char *, i), "127.", 4) != 0) {
            return 0;
        }
    }
    return a->nelts > 0;
}

/* HTTP.sys on every address: give it the addresses the server does not
 * need. */
static void
pf_iplisten_narrow(pf_diag_t *d, pf_finding_t *f, const pf_iplisten_t *ip,
                   const char *server)
{
    const pf_array_t *kernel = pf_iplisten_kernel(d, ip, server);
    const char       *ks = pf_diag_join(d, kernel, ", ");
    unsigned          port = d->c->target.port;
    pf_remedy_t      *r;
    size_t            i;
    int               one = kernel->nelts == 1 && ip->wildcard == NULL;

    if (ks == NULL) {
        return;
    }
    /* preflight adds one address itself; more are the administrator's */
    r = pf_diag_remedy(d, f, one ? &pf_iplisten_fix_iplisten
                                 : &pf_iplisten_fix_iplisten_by_hand,
                       "%skeep HTTP.sys to %s%s, restart HTTP, and let the "
                       "server listen on %s%s%s; undo: netsh http delete "
                       "iplisten ipaddress=%s%s",
                       ip->wildcard != NULL
                       ? pf_diag_sprintf(d, "remove the iplisten entry %s "
                                         "(it means every address), ",
                                         ip->wildcard) : "",
                       ks, ip->bound_url != NULL
                       ? pf_diag_sprintf(d, " (the address of the IP-bound "
                                         "registration %s, so that it "
                                         "keeps answering)", ip->bound_url) : "",
                       server,
                       strncmp(server, "127.", 4) == 0
                       ? " (reachable from this host only)" : "",
                       pf_iplisten_stops(d, pf_iplisten_loopback(kernel)
                                            ? ks : NULL),
                       PF_ARRAY_AT(kernel, const char *, 0),
                       ip->wildcard != NULL
                       ? pf_diag_sprintf(d, " and netsh http add iplisten "
                                         "ipaddress=%s", ip->wildcard) : "");
    if (r != NULL && one) {
        r->subject = PF_ARRAY_AT(kernel, const char *, 0);
    }
    if (ip->wildcard != NULL) {
        pf_diag_command(d, r, "netsh http delete iplisten ipaddress=%s",
                        ip->wildcard);
    }
    for (i = 0; i < kernel->nelts; i++) {
        pf_diag_command(d, r, "netsh http add iplisten ipaddress=%s",
                        PF_ARRAY_AT(kernel, const char *, i));
    }
    pf_iplisten_restart(d, r);
    pf_offer_listen_commands(d, r, server, port);
}

/* HTTP.sys already on a few addresses: take the server's off the list,
 * or move the server outside it. */
static void
pf_iplisten_listed(pf_diag_t *d, pf_finding_t *f, const pf_iplisten_t *ip,
                   const char *server)
{
    const char  *list = pf_diag_join(d, ip->list, ", ");
    unsigned     port = d->c->target.port;
    pf_remedy_t *r;

    if (!pf_iplisten_holds(ip, server)) {
        r = pf_diag_remedy(d, f, &pf_iplisten_fix_listen_outside_iplisten,
                           "HTTP.sys listens only on %s (its iplisten "
                           "list): let the server listen on %s", list,
                           server);
        pf_offer_listen_commands(d, r, server, port);
        return;
    }
    r = pf_diag_remedy(d, f, &pf_iplisten_fix_iplisten_remove,
                       "take %s off HTTP.sys's iplisten list (%s) and "
                       "restart HTTP%s; undo: netsh http add iplisten "
                       "ipaddress=%s", server, list, pf_iplisten_stops(d, NULL),
                       server);
    pf_diag_command(d, r, "netsh http delete iplisten ipaddress=%s", server);
    pf_iplisten_restart(d, r);
}

void
pf_httpsys_iplisten(pf_diag_t *d, pf_finding_t *f)
{
    pf_iplisten_t ip;
    const char   *server;

    pf_iplisten_read(d, &ip);
    server = pf_iplisten_server(d, &ip);
    if (pf_iplisten_in(&ip.bound, server)) {
        /* the server asks for the very address an IP-bound URL holds:
         * no list of HTTP.sys's frees it without breaking that site */
        pf_diag_evidence(d, f, "%s:%u is the address of the IP-bound "
                         "registration %s: HTTP.sys keeps it whatever its "
                         "listen list", server, d->c->target.port,
                         ip.bound_url);
        return;
    }
    if (ip.all) {
        pf_iplisten_narrow(d, f, &ip, server);
    } else {
        pf_iplisten_listed(d, f, &ip, server);
    }
}
