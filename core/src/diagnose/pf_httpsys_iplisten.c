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

typedef struct {
    const pf_array_t *list;       /* const char *; NULL: not known */
    int               all;        /* HTTP.sys listens on every address */
    const char       *wildcard;   /* the 0.0.0.0 or "::" entry, if any */
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

static void
pf_iplisten_read(const pf_diag_t *d, pf_iplisten_t *ip)
{
    const pf_httpsys_facts_t *h = &d->c->facts.httpsys;
    size_t                    i;

    memset(ip, 0, sizeof(*ip));
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
    size_t i;

    if (ip->all) {
        return 1;
    }
    for (i = 0; ip->list != NULL && i < ip->list->nelts; i++) {
        if (strcmp(PF_ARRAY_AT(ip->list, const char *, i), a) == 0) {
            return 1;
        }
    }
    return 0;
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
    if (ip->all || !pf_iplisten_holds(ip, "127.0.0.1")) {
        return "127.0.0.1";
    }
    for (i = 0; i < as->nelts; i++) {
        const char *a = PF_ARRAY_AT(as, const char *, i);

        if (strchr(a, ':') == NULL && strncmp(a, "169.254.", 8) != 0
            && !pf_iplisten_holds(ip, a))
        {
            return a;
        }
    }
    return "ADDRESS";
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
pf_iplisten_stops(pf_diag_t *d)
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
                           "iplisten change)%s", names, winrm
                           ? "; WinRM is running: a remote session through "
                             "it drops while HTTP restarts" : "");
}

static const char *
pf_iplisten_kernel_address(const char *server)
{
    return strcmp(server, "127.0.0.2") != 0 ? "127.0.0.2" : "127.0.0.3";
}

/* HTTP.sys on every address: give it one the server does not need. */
static void
pf_iplisten_narrow(pf_diag_t *d, pf_finding_t *f, const pf_iplisten_t *ip,
                   const char *server)
{
    const char  *kernel = pf_iplisten_kernel_address(server);
    unsigned     port = d->c->target.port;
    pf_remedy_t *r;

    r = pf_diag_remedy(d, f, "iplisten", ip->wildcard != NULL
                       ? PF_ACTION_NONE : PF_ACTION_ADD_IPLISTEN, 1,
                       "%skeep HTTP.sys to %s, restart HTTP, and let the "
                       "server listen on %s%s%s; undo: netsh http delete "
                       "iplisten ipaddress=%s%s",
                       ip->wildcard != NULL
                       ? pf_diag_sprintf(d, "remove the iplisten entry %s "
                                         "(it means every address), ",
                                         ip->wildcard) : "",
                       kernel, server,
                       strncmp(server, "127.", 4) == 0
                       ? " (reachable from this host only)" : "",
                       pf_iplisten_stops(d), kernel,
                       ip->wildcard != NULL
                       ? pf_diag_sprintf(d, " and netsh http add iplisten "
                                         "ipaddress=%s", ip->wildcard) : "");
    if (r != NULL && ip->wildcard == NULL) {
        r->subject = kernel;
    }
    if (ip->wildcard != NULL) {
        pf_diag_command(d, r, "netsh http delete iplisten ipaddress=%s",
                        ip->wildcard);
    }
    pf_diag_command(d, r, "netsh http add iplisten ipaddress=%s", kernel);
    pf_iplisten_restart(d, r);
    pf_remedy_listen_commands(d, r, server, port);
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
        r = pf_diag_remedy(d, f, "listen-outside-iplisten", PF_ACTION_NONE,
                           0, "HTTP.sys listens only on %s (its iplisten "
                           "list): let the server listen on %s", list,
                           server);
        pf_remedy_listen_commands(d, r, server, port);
        return;
    }
    r = pf_diag_remedy(d, f, "iplisten-remove", PF_ACTION_NONE, 1,
                       "take %s off HTTP.sys's iplisten list (%s) and "
                       "restart HTTP%s; undo: netsh http add iplisten "
                       "ipaddress=%s", server, list, pf_iplisten_stops(d),
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
    if (ip.all) {
        pf_iplisten_narrow(d, f, &ip, server);
    } else {
        pf_iplisten_listed(d, f, &ip, server);
    }
}
