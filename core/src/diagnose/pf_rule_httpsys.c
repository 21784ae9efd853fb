/*
 * httpsys: on Windows a LISTEN row owned by PID 4 (System; Wine says 0) is
 * HTTP.sys, the kernel-mode listener of the HTTP Server API.  No API names
 * who registered the URL.  What holds the port is a request queue with a
 * URL on it whose host covers the target's address (netsh); a queue read
 * from the handle table only when it is the only one; a service that
 * depends on HTTP only when it registers this port by default.  URL
 * reservations are ACLs: they make nothing listen, so they are evidence,
 * never the holder.  A named queue is an IIS application pool only when
 * its processes say so (WAS/W3SVC, or IIS's w3wp.exe).
 */
#include <string.h>

#include "pf_diagnose.h"
#include "netsh/pf_netsh.h"

/* The remedies this file offers: id, what fix --apply does, whether it
 * needs root or Administrator (pf_diag_remedy). */
static const pf_diag_offer_t
    pf_httpsys_fix_stop_service_advice =
        { "stop-service-advice", PF_ACTION_NONE, 1 },
    pf_httpsys_fix_stop_iis_site = { "stop-iis-site", PF_ACTION_NONE, 1 },
    pf_httpsys_fix_check_app_pool = { "check-app-pool", PF_ACTION_NONE, 1 },
    pf_httpsys_fix_check_process = { "check-process", PF_ACTION_NONE, 0 },
    pf_httpsys_fix_stop_process = { "stop-process", PF_ACTION_NONE, 0 },
    pf_httpsys_fix_show_registrations =
        { "show-registrations", PF_ACTION_NONE, 1 };

static const pf_listener_t *
pf_httpsys_listener(const pf_diag_t *d)
{
    const pf_array_t *ls = &d->c->facts.listeners;
    size_t            i;

    for (i = 0; i < ls->nelts; i++) {
        if (pf_diag_is_kernel_listener(&PF_ARRAY_AT(ls, pf_listener_t, i))) {
            return &PF_ARRAY_AT(ls, pf_listener_t, i);
        }
    }
    return NULL;
}

static pf_process_t *
pf_httpsys_process(const pf_diag_t *d, const pf_listener_t *l)
{
    const pf_array_t *ps = &d->c->facts.processes;
    size_t            i;

    for (i = 0; i < ps->nelts; i++) {
        pf_process_t *p = &PF_ARRAY_AT(ps, pf_process_t, i);

        if (p->kernel || (l != NULL && p->pid == l->owner_pid)) {
            return p;
        }
    }
    return NULL;
}

/* "IIS (World Wide Web Publishing Service) (W3SVC)" or "W3SVC" */
static const char *
pf_httpsys_service_label(pf_diag_t *d, const char *service)
{
    const char *what = pf_httpsys_service_user(service);

    return what ? pf_diag_sprintf(d, "%s [%s]", what, service) : service;
}

static void
pf_httpsys_push(pf_diag_t *d, pf_array_t *who, const char *s)
{
    size_t i;

    for (i = 0; s != NULL && i < who->nelts; i++) {
        if (strcmp(PF_ARRAY_AT(who, const char *, i), s) == 0) {
            return;
        }
    }
    if (s == NULL || pf_array_push_str(who, s) != PF_OK) {
        d->nomem = 1;
    }
}

/* Request queues read from the handle table have no URLs: one of them
 * is the port's only when it is the only queue there is. */
static const pf_request_queue_t *
pf_httpsys_only_handle_queue(const pf_httpsys_facts_t *h, size_t *count)
{
    const pf_request_queue_t *only = NULL;
    size_t                    i;

    *count = 0;
    for (i = 0; i < h->queues.nelts; i++) {
        const pf_request_queue_t *q = &PF_ARRAY_AT(&h->queues,
                                                   pf_request_queue_t, i);

        if (q->from_handle) {
            only = q;
            (*count)++;
        }
    }
    return *count == 1 ? only : NULL;
}

/* The URL's host covers the target address: a wildcard or a host name
 * means every address; an IP-bound URL only its address. */
static int
pf_httpsys_url_covers(const pf_diag_t *d, const char *url)
{
    const char     *t = d->c->target.address;
    pf_netsh_url_t  u;
    const char     *b;
    size_t          n;

    if (pf_netsh_url_parse(url, strlen(url), &u) != PF_OK
        || u.bound_len == 0)
    {
        return 1;
    }
    if (t[0] == '\0' || strcmp(t, "*") == 0 || strcmp(t, "0.0.0.0") == 0
        || strcmp(t, "::") == 0)
    {
        return 1;
    }
    b = u.bound;
    n = u.bound_len;
    if (n >= 2 && b[0] == '[' && b[n - 1] == ']') {
        b++;
        n -= 2;
    }
    return strlen(t) == n && pf_netsh_ascii_ncaseeq(t, b, n);
}

static int
pf_httpsys_queue_covers(const pf_diag_t *d, const pf_request_queue_t *q)
{
    size_t i;

    for (i = 0; i < q->urls.nelts; i++) {
        if (pf_httpsys_url_covers(d, PF_ARRAY_AT(&q->urls, const char *, i)))
        {
            return 1;
        }
    }
    return 0;
}

static const char *
pf_httpsys_image(const pf_request_queue_t *q, size_t i)
{
    return i < q->images.nelts ? PF_ARRAY_AT(&q->images, const char *, i)
                               : NULL;
}

static const char *
pf_httpsys_basename(const char *path)
{
    const char *s = strrchr(path, '\\');

    return s != NULL ? s + 1 : path;
}

static int
pf_httpsys_has_service(const pf_request_queue_t *q, const char *name)
{
    size_t i;

    for (i = 0; i < q->services.nelts; i++) {
        const char *s = PF_ARRAY_AT(&q->services, const char *, i);

        if (strlen(s) == strlen(name)
            && pf_netsh_ascii_ncaseeq(s, name, strlen(name)))
        {
            return 1;
        }
    }
    return 0;
}

/* IIS's worker, where only an administrator can put it. */
static int
pf_httpsys_is_w3wp(const char *img)
{
    static const char tail[] = "\\system32\\inetsrv\\w3wp.exe";
    size_t            n = img != NULL ? strlen(img) : 0;

    return n > sizeof(tail) - 1
           && pf_netsh_ascii_ncaseeq(img + n - (sizeof(tail) - 1), tail,
                                     sizeof(tail) - 1);
}

/* A named queue is an IIS application pool when the SCM puts WAS or
 * W3SVC in its controller (or a worker), or when every worker is IIS's
 * w3wp.exe.  Anyone may create a named queue: a name alone proves
 * nothing. */
static int
pf_httpsys_is_app_pool(const pf_request_queue_t *q)
{
    size_t i;

    if (q->name == NULL || q->from_handle) {
        return 0;
    }
    if (pf_httpsys_has_service(q, "WAS") || pf_httpsys_has_service(q, "W3SVC"))
    {
        return 1;
    }
    for (i = 0; i < q->pids.nelts; i++) {
        if (!pf_httpsys_is_w3wp(pf_httpsys_image(q, i))) {
            return 0;
        }
    }
    return q->pids.nelts > 0;
}

/* A named queue with a controller whose services are not known: how WAS
 * creates an application pool's queue, but a name proves nothing. */
static int
pf_httpsys_maybe_app_pool(const pf_request_queue_t *q)
{
    return q->name != NULL && !q->from_handle && q->controller_pid > 0
           && q->services.nelts == 0 && !pf_httpsys_is_app_pool(q);
}

/* A shared svchost hosts many services: only those known to register
 * URLs are the queue's, unless it hosts a single one. */
static int
pf_httpsys_service_is_queues(const pf_request_queue_t *q, const char *s)
{
    return q->services.nelts == 1 || pf_httpsys_service_user(s) != NULL;
}

static int
pf_httpsys_known_services(const pf_request_queue_t *q)
{
    size_t i, n = 0;

    for (i = 0; i < q->services.nelts; i++) {
        n += pf_httpsys_service_is_queues(q, PF_ARRAY_AT(&q->services,
                                                         const char *, i));
    }
    return (int) n;
}

static int
pf_httpsys_is_tla(const char *url)
{
    static const char tla[] = "/Temporary_Listen_Addresses/";
    size_t            n = sizeof(tla) - 1;

    for (; *url != '\0'; url++) {
        if (strlen(url) >= n && pf_netsh_ascii_ncaseeq(url, tla, n)) {
            return 1;
        }
    }
    return 0;
}

/* A queue of unknown processes whose URL is one Windows itself
 * registers (WinRM's /wsman/, BranchCache's GUID...): the URL is a hint,
 * not proof, and the PID is most likely a shared svchost. */
static const char *
pf_httpsys_url_hint(const pf_request_queue_t *q, const char **url)
{
    size_t      i;
    const char *what;

    if (q->services.nelts > 0) {
        return NULL;
    }
    for (i = 0; i < q->urls.nelts; i++) {
        *url = PF_ARRAY_AT(&q->urls, const char *, i);
        what = pf_httpsys_reservation_user(*url);
        /* WCF's temporary addresses are reserved for every program */
        if (what != NULL && !pf_httpsys_is_tla(*url)) {
            return what;
        }
    }
    return NULL;
}

/* Who the queue is, for the summary. */
static void
pf_httpsys_queue_names(pf_diag_t *d, const pf_request_queue_t *q,
                       pf_array_t *who)
{
    const char *img = pf_httpsys_image(q, 0);
    size_t      j;

    if (pf_httpsys_is_app_pool(q)) {
        pf_httpsys_push(d, who, pf_diag_sprintf(d, "IIS application pool "
                        "%s (W3SVC/WAS)", q->name));
        return;
    }
    for (j = 0; j < q->services.nelts; j++) {
        const char *s = PF_ARRAY_AT(&q->services, const char *, j);

        if (pf_httpsys_service_is_queues(q, s)
            || pf_httpsys_known_services(q) == 0)
        {
            pf_httpsys_push(d, who, pf_httpsys_service_label(d, s));
        }
    }
    if (q->services.nelts > 0) {
        return;
    }
    if (pf_httpsys_maybe_app_pool(q)) {
        pf_httpsys_push(d, who, pf_diag_sprintf(d, "request queue %s "
                        "(an IIS application pool if its controller, PID "
                        "%ld, is WAS: not checked)", q->name,
                        q->controller_pid));
        return;
    }
    if (q->pids.nelts > 0) {
        const char *url = NULL, *hint = pf_httpsys_url_hint(q, &url);

        pf_httpsys_push(d, who, pf_diag_sprintf(d, img ? "%s%s%s (PID %ld)%s"
                                                       : "%s%s%sPID %ld%s",
                        q->name ? q->name : "", q->name ? " of " : "",
                        img ? pf_httpsys_basename(img) : "",
                        PF_ARRAY_AT(&q->pids, long, 0), hint == NULL ? ""
                        : pf_diag_sprintf(d, " (its URL %s is the one %s "
                                          "registers)", url, hint)));
    } else if (q->urls.nelts > 0) {
        pf_httpsys_push(d, who, PF_ARRAY_AT(&q->urls, const char *, 0));
    }
}

/* The queues that hold the port, by level: 0 netsh's with a URL whose
 * host covers the target (sure); 1 failing those, netsh's on the port,
 * since HTTP.sys binds the port on every listen address whatever the
 * URL's host (likely); 2 failing those, the only queue of the handle
 * table (likely); 3 none. */
static int
pf_httpsys_holds(const pf_diag_t *d, const pf_request_queue_t *q, int level)
{
    if (q->from_handle) {
        return level == 2;
    }
    return level == 0 ? pf_httpsys_queue_covers(d, q) : level == 1;
}

static int
pf_httpsys_level(const pf_diag_t *d)
{
    const pf_httpsys_facts_t *h = &d->c->facts.httpsys;
    size_t                    i, count;
    int                       level;

    for (level = 0; level < 2; level++) {
        for (i = 0; i < h->queues.nelts; i++) {
            if (pf_httpsys_holds(d, &PF_ARRAY_AT(&h->queues,
                                 pf_request_queue_t, i), level))
            {
                return level;
            }
        }
    }
    return pf_httpsys_only_handle_queue(h, &count) != NULL ? 2 : 3;
}

/* Dependents of HTTP that register this port by default. */
static int
pf_httpsys_dependent_on_port(const pf_diag_t *d, const char *s)
{
    return pf_httpsys_service_user(s) != NULL
           && pf_httpsys_service_on_port(s, d->c->target.port);
}

/* Names for the summary, and how sure they are. */
static pf_confidence_t
pf_httpsys_who(pf_diag_t *d, pf_array_t *who, int level)
{
    const pf_httpsys_facts_t *h = &d->c->facts.httpsys;
    size_t                    i;

    for (i = 0; level < 3 && i < h->queues.nelts; i++) {
        const pf_request_queue_t *q = &PF_ARRAY_AT(&h->queues,
                                                   pf_request_queue_t, i);

        if (pf_httpsys_holds(d, q, level)) {
            pf_httpsys_queue_names(d, q, who);
        }
    }
    if (level == 0 && who->nelts > 0) {
        return PF_SURE;
    }
    if (level == 2 && who->nelts > 0) {
        /* from the handle table: a guess, however complete the walk */
        pf_httpsys_push(d, who, "possibly: the only process with a "
                        "request queue");
    }
    for (i = 0; level == 3 && i < h->dependents.nelts; i++) {
        const char *s = PF_ARRAY_AT(&h->dependents, const char *, i);

        if (pf_httpsys_dependent_on_port(d, s)) {
            pf_httpsys_push(d, who, pf_httpsys_service_label(d, s));
        }
    }
    return who->nelts > 0 ? PF_LIKELY : PF_POSSIBLE;
}

static const char *
pf_httpsys_pids_text(pf_diag_t *d, const pf_request_queue_t *q)
{
    pf_array_t pids;
    size_t     j;

    pf_array_init(&pids, d->pool, q->pids.nelts, sizeof(char *));
    for (j = 0; j < q->pids.nelts; j++) {
        const char *img = pf_httpsys_image(q, j);

        pf_array_push_strf(&pids, img ? "%ld (%s)" : "%ld",
                           PF_ARRAY_AT(&q->pids, long, j), img);
    }
    return pids.nelts ? pf_diag_join(d, &pids, ", ")
           : q->controller_pid > 0 ? "none (an idle pool: no worker "
                                     "process)"
           : d->c->facts.httpsys.queues_partial ? "unknown (see the notes)"
           : "none";
}

/* What the handle table says, and what it means for this port. */
static void
pf_httpsys_handle_evidence(pf_diag_t *d, pf_finding_t *f)
{
    const pf_httpsys_facts_t *h = &d->c->facts.httpsys;
    size_t                    count;

    (void) pf_httpsys_only_handle_queue(h, &count);
    if (count == 1) {
        pf_diag_evidence(d, f, "it is the only process with a request "
                         "queue, so the URL on port %u is its own",
                         d->c->target.port);
    } else if (count > 1) {
        pf_diag_evidence(d, f, "%u processes have request queues: which "
                         "one registered port %u takes netsh http show "
                         "servicestate to tell", (unsigned) count,
                         d->c->target.port);
    }
    if (h->host_pid > 0) {
        pf_diag_evidence(d, f, "the socket is held by PID %ld, the Wine "
                         "process that runs http.sys", h->host_pid);
    }
}

static void
pf_httpsys_queue_evidence(pf_diag_t *d, pf_finding_t *f)
{
    const pf_httpsys_facts_t *h = &d->c->facts.httpsys;
    size_t                    i;

    if (h->queues_known == PF_KNOWN_FAILED) {
        pf_diag_evidence(d, f, "the request queues could not be read "
                         "(netsh http show servicestate view=requestq)");
    } else if (h->queues_known == PF_KNOWN_YES && h->queues.nelts == 0) {
        pf_diag_evidence(d, f, h->queues_partial
                         ? "no request queue that netsh's output showed "
                           "readably has a URL on port %u; part of it could "
                           "not be read (see the notes)"
                         : "no request queue has a URL on port %u",
                         d->c->target.port);
    }
    for (i = 0; i < h->queues.nelts; i++) {
        const pf_request_queue_t *q = &PF_ARRAY_AT(&h->queues,
                                                   pf_request_queue_t, i);
        const char               *svcs = q->services.nelts
            ? pf_diag_join(d, &q->services, ", ") : "none";

        if (q->from_handle) {
            pf_diag_evidence(d, f, "PID %s (services: %s) has an HTTP.sys "
                             "request queue open (\\Device\\Http\\ReqQueue, "
                             "system handle table); its URLs cannot be read",
                             pf_httpsys_pids_text(d, q), svcs);
            continue;
        }
        pf_diag_evidence(d, f, "request queue %s: PIDs %s; services %s; "
                         "URLs %s%s", q->name ? q->name : "(unnamed)",
                         pf_httpsys_pids_text(d, q),
                         q->services.nelts ? svcs : "unknown",
                         q->urls.nelts ? pf_diag_join(d, &q->urls, " ")
                                       : "none",
                         q->controller_pid > 0
                         ? pf_diag_sprintf(d, "; controller PID %ld%s",
                                           q->controller_pid,
                                           pf_httpsys_is_app_pool(q)
                                           ? " (WAS, which starts the "
                                             "pool's w3wp.exe on the first "
                                             "request)" : "")
                         : "");
        if (!pf_httpsys_queue_covers(d, q)) {
            pf_diag_evidence(d, f, "its URLs are bound to another address "
                             "than %s, but HTTP.sys takes the port on every "
                             "address of its listen list",
                             d->c->target.address);
        }
    }
    pf_httpsys_handle_evidence(d, f);
}

static void
pf_httpsys_other_evidence(pf_diag_t *d, pf_finding_t *f)
{
    const pf_httpsys_facts_t *h = &d->c->facts.httpsys;
    size_t                    i;

    for (i = 0; i < h->reservations.nelts; i++) {
        const pf_url_reservation_t *u = &PF_ARRAY_AT(&h->reservations,
                                                     pf_url_reservation_t, i);
        const char                 *what = pf_httpsys_reservation_user(u->url);
        const char                 *by = pf_httpsys_sddl_users(d->pool,
                                                               u->sddl);

        pf_diag_evidence(d, f, "URL reservation %s: reserved for %s by "
                         "%s%s%s%s (a reservation only allows registering "
                         "the URL; it listens on nothing)", u->url,
                         what ? what : "an unknown program",
                         by ? by : "", by ? " (" : "",
                         u->sddl ? u->sddl : "an unknown ACL", by ? ")" : "");
    }
    if (h->iplisten_known == PF_KNOWN_YES) {
        pf_diag_evidence(d, f, h->iplisten.nelts
                         ? "iplisten list: %s"
                         : "the iplisten list is empty%s: HTTP.sys listens "
                           "on every address",
                         h->iplisten.nelts
                         ? pf_diag_join(d, &h->iplisten, ", ") : "");
    }
    if (h->dependents.nelts > 0) {
        pf_diag_evidence(d, f, "running services that depend on HTTP: %s",
                         pf_diag_join(d, &h->dependents, ", "));
    }
    if (h->server_header != NULL) {
        pf_diag_evidence(d, f, "an HTTP request to port %u answered "
                         "\"Server: %s\"", d->c->target.port,
                         h->server_header);
    } else if (h->http_probe_known == PF_KNOWN_FAILED) {
        pf_diag_evidence(d, f, "an HTTP request to port %u got no answer "
                         "in time", d->c->target.port);
    }
}

/* A service to stop: WinRM, SSDP, UPnP and BranchCache only as advice,
 * and so is anything the facts tie to the port only by its defaults. */
static void
pf_httpsys_service_fix(pf_diag_t *d, pf_finding_t *f, const char *s,
                       int proven)
{
    pf_remedy_t *r;

    if (proven && !pf_httpsys_service_protected(s)) {
        pf_offer_services(d, f, s);
        return;
    }
    r = pf_diag_remedy(d, f, &pf_httpsys_fix_stop_service_advice,
                       pf_httpsys_service_protected(s)
                       ? "stop %s yourself if this host can do without it "
                         "(preflight never stops it: %s)"
                       : "stop %s yourself if it is the one (%s)", s,
                       pf_httpsys_service_protected(s)
                       ? "others rely on it"
                       : "nothing in the facts proves that it holds the "
                         "port, so preflight does not");
    pf_diag_command(d, r, "net stop %s", s);
}

/* appcmd takes the pool's name in double quotes; a name cmd.exe would
 * read otherwise gets no command line, only the advice. */
static int
pf_httpsys_quotable(const char *name)
{
    const unsigned char *p;

    for (p = (const unsigned char *) name; *p; p++) {
        if (*p < 0x20 || *p == 0x7f || *p == '"' || *p == '%' || *p == '!'
            || *p == '^' || *p == '\\')
        {
            return 0;
        }
    }
    return p != (const unsigned char *) name;
}

/* The pool's applications, then the site to stop.  A stopped pool keeps
 * its URLs registered (HTTP.sys answers 503 on them, the port stays
 * held); a stopped site gives its bindings up.  netsh does not name the
 * site, so the second command has a placeholder. */
static void
pf_httpsys_site_commands(pf_diag_t *d, pf_remedy_t *r,
                         const pf_request_queue_t *q)
{
    if (pf_httpsys_quotable(q->name)) {
        pf_diag_command(d, r, "%%windir%%\\system32\\inetsrv\\appcmd list "
                        "apps /apppool.name:\"%s\"", q->name);
    }
    pf_diag_command(d, r, "%%windir%%\\system32\\inetsrv\\appcmd stop site "
                    "/site.name:\"SITE\"");
}

static const char *
pf_httpsys_site_words(pf_diag_t *d, const pf_request_queue_t *q)
{
    return pf_diag_sprintf(d, "stop the IIS sites of application pool %s "
                           "bound to port %u (%s; appcmd start site undoes "
                           "it): stopping the pool would not free the "
                           "port, HTTP.sys keeps a stopped pool's URLs and "
                           "answers 503", q->name, d->c->target.port,
                           pf_httpsys_quotable(q->name)
                           ? "appcmd list apps shows the pool's "
                             "applications, each with its site"
                           : "its name cannot be quoted safely on a command "
                             "line: find them in IIS Manager");
}

static void
pf_httpsys_app_pool_fix(pf_diag_t *d, pf_finding_t *f,
                        const pf_request_queue_t *q)
{
    pf_remedy_t *r;

    r = pf_diag_remedy(d, f, &pf_httpsys_fix_stop_iis_site, "%s",
                       pf_httpsys_site_words(d, q));
    pf_httpsys_site_commands(d, r, q);
    /* the services only when the SCM puts them in the pool's processes */
    pf_httpsys_service_fix(d, f, "W3SVC", pf_httpsys_has_service(q, "W3SVC"));
    pf_httpsys_service_fix(d, f, "WAS", pf_httpsys_has_service(q, "WAS"));
}

/* Advice only: what proves the pool, then what frees the port. */
static void
pf_httpsys_maybe_app_pool_fix(pf_diag_t *d, pf_finding_t *f,
                              const pf_request_queue_t *q)
{
    pf_remedy_t *r;

    r = pf_diag_remedy(d, f, &pf_httpsys_fix_check_app_pool,
                       "if PID %ld is WAS (the first command lists its "
                       "services), %s is an IIS application pool: %s",
                       q->controller_pid, q->name,
                       pf_httpsys_site_words(d, q));
    pf_diag_command(d, r, "tasklist /svc /fi \"PID eq %ld\"",
                    q->controller_pid);
    pf_httpsys_site_commands(d, r, q);
}

/* A program's own queue (HttpListener, Kestrel's HTTP.sys server...). */
static void
pf_httpsys_process_fix(pf_diag_t *d, pf_finding_t *f,
                       const pf_request_queue_t *q)
{
    const char  *img = pf_httpsys_image(q, 0);
    long         pid = PF_ARRAY_AT(&q->pids, long, 0);
    pf_remedy_t *r;
    const char  *url = NULL, *hint = pf_httpsys_url_hint(q, &url);

    if (hint != NULL && img == NULL) {
        /* never a taskkill of what may host many services */
        r = pf_diag_remedy(d, f, &pf_httpsys_fix_check_process,
                           "see which services run in PID %ld before "
                           "stopping anything: its URL %s is the one %s "
                           "registers, and such a process often hosts "
                           "other services", pid, url, hint);
        pf_diag_command(d, r, "tasklist /svc /fi \"PID eq %ld\"", pid);
        return;
    }
    r = pf_diag_remedy(d, f, &pf_httpsys_fix_stop_process,
                       "stop %s (PID %ld) yourself, if it is not needed: "
                       "preflight never kills a process",
                       img ? pf_httpsys_basename(img) : "the program", pid);
    pf_diag_command(d, r, "taskkill /PID %ld   # %s", pid,
                    img ? img : "its image could not be read");
}

/* Fixes for the holders, narrowest first; a dependent of HTTP only when
 * nothing else names the holder and its default port is this one. */
static void
pf_httpsys_holder_fixes(pf_diag_t *d, pf_finding_t *f, int level)
{
    const pf_httpsys_facts_t *h = &d->c->facts.httpsys;
    size_t                    i, j;

    for (i = 0; level < 3 && i < h->queues.nelts; i++) {
        const pf_request_queue_t *q = &PF_ARRAY_AT(&h->queues,
                                                   pf_request_queue_t, i);

        if (!pf_httpsys_holds(d, q, level)) {
            continue;
        }
        if (pf_httpsys_is_app_pool(q)) {
            pf_httpsys_app_pool_fix(d, f, q);
            continue;
        }
        if (pf_httpsys_maybe_app_pool(q)) {
            pf_httpsys_maybe_app_pool_fix(d, f, q);
            continue;
        }
        for (j = 0; j < q->services.nelts; j++) {
            const char *s = PF_ARRAY_AT(&q->services, const char *, j);

            if (pf_httpsys_service_is_queues(q, s)
                || pf_httpsys_known_services(q) == 0)
            {
                pf_httpsys_service_fix(d, f, s,
                                       pf_httpsys_service_is_queues(q, s));
            }
        }
        if (q->services.nelts == 0 && q->pids.nelts > 0 && !q->from_handle) {
            pf_httpsys_process_fix(d, f, q);
        }
    }
    for (i = 0; level == 3 && i < h->dependents.nelts; i++) {
        const char *s = PF_ARRAY_AT(&h->dependents, const char *, i);

        if (pf_httpsys_dependent_on_port(d, s)) {
            pf_httpsys_service_fix(d, f, s, 0);
        }
    }
}

/* What an administrator runs to see the registrations we could not. */
static void
pf_httpsys_look(pf_diag_t *d, pf_finding_t *f)
{
    pf_remedy_t *r;

    r = pf_diag_remedy(d, f, &pf_httpsys_fix_show_registrations,
                       "see which programs registered URLs with HTTP.sys");
    pf_diag_command(d, r, "netsh http show servicestate view=requestq");
    pf_diag_command(d, r, "netsh http show urlacl");
    pf_diag_command(d, r, "netstat -aon | findstr :%u", d->c->target.port);
}

static const char *
pf_httpsys_summary(pf_diag_t *d, long pid, const pf_array_t *who)
{
    const char *names = pf_diag_join(d, who, ", ");
    long        host = d->c->facts.httpsys.host_pid;

    if (pid == 0 && host > 0) {
        return pf_diag_sprintf(d, "port %u is held by HTTP.sys (Wine's "
                               "http.sys, in PID %ld)%s%s",
                               d->c->target.port, host,
                               names ? " for " : "; which program registered "
                               "it could not be found", names ? names : "");
    }
    if (names != NULL) {
        return pf_diag_sprintf(d, "port %u is held by HTTP.sys (kernel-mode "
                               "listener, PID %ld) for %s",
                               d->c->target.port, pid, names);
    }
    if (pid == 0) {
        /* Wine gives PID 0 to its http.sys and to sockets of programs
         * outside Wine alike: say both */
        return pf_diag_sprintf(d, "port %u is held by a listener with owner "
                               "PID 0: possibly HTTP.sys, or (under Wine) a "
                               "program outside Wine", d->c->target.port);
    }
    return pf_diag_sprintf(d, "port %u is held by HTTP.sys (kernel-mode "
                           "listener, PID %ld); which program registered it "
                           "could not be found", d->c->target.port, pid);
}

int
pf_rule_httpsys(pf_diag_t *d)
{
    const pf_listener_t *l = pf_httpsys_listener(d);
    pf_process_t        *p = pf_httpsys_process(d, l);
    pf_finding_t        *f;
    pf_confidence_t      conf;
    pf_array_t           who;
    long                 pid;
    int                  level;

    if (!pf_diag_holders_apply(d)
        || (l == NULL && p == NULL && d->c->facts.httpsys.queues.nelts == 0))
    {
        return 0;
    }
    pid = l != NULL ? l->owner_pid : p != NULL ? p->pid : 4;
    if (pf_array_init(&who, d->pool, 4, sizeof(char *)) != PF_OK) {
        d->nomem = 1;
        return 0;
    }
    level = pf_httpsys_level(d);
    conf = pf_httpsys_who(d, &who, level);
    f = pf_diag_finding(d, PF_CAUSE_HTTPSYS, conf, "%s",
                        pf_httpsys_summary(d, pid, &who));
    if (p != NULL) {
        pf_diag_holder(d, f, p);
    }
    if (l != NULL) {
        pf_diag_evidence(d, f, l->family == PF_FAMILY_INET6
                         ? "[%s]:%u is listened on by PID %ld (%s): a "
                           "kernel-mode listener, HTTP.sys"
                         : "%s:%u is listened on by PID %ld (%s): a "
                           "kernel-mode listener, HTTP.sys",
                         l->address, l->port, l->owner_pid,
                         l->owner_pid == 4 ? "System" : "as Wine reports it");
    }
    pf_httpsys_queue_evidence(d, f);
    pf_httpsys_other_evidence(d, f);
    if (conf == PF_POSSIBLE) {
        pf_httpsys_look(d, f);
    }
    pf_httpsys_holder_fixes(d, f, level);
    pf_httpsys_iplisten(d, f);
    pf_offer_other_port(d, f, 0);
    return 1;
}
