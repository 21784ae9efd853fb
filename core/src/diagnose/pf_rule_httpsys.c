/*
 * httpsys: on Windows a LISTEN row owned by PID 4 (System; Wine says 0) is
 * HTTP.sys, the kernel-mode listener of the HTTP Server API.  No API names
 * who registered the URL; the evidence, strongest first: request queues
 * (their processes and URLs), URL reservations on the port, running
 * services that depend on HTTP, the iplisten list, the Server header.
 */
#include <string.h>

#include "pf_diagnose.h"

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

static void
pf_httpsys_queue_names(pf_diag_t *d, const pf_request_queue_t *q,
                       pf_array_t *who)
{
    size_t j;

    for (j = 0; j < q->services.nelts; j++) {
        pf_httpsys_push(d, who, pf_httpsys_service_label(d,
                        PF_ARRAY_AT(&q->services, const char *, j)));
    }
    if (q->services.nelts == 0 && q->urls.nelts > 0) {
        pf_httpsys_push(d, who, PF_ARRAY_AT(&q->urls, const char *, 0));
    }
    if (q->services.nelts == 0 && q->from_handle && q->pids.nelts > 0) {
        pf_httpsys_push(d, who, pf_diag_sprintf(d, "PID %ld",
                        PF_ARRAY_AT(&q->pids, long, 0)));
    }
}

/* Names for the summary, and how sure they are. */
static pf_confidence_t
pf_httpsys_who(pf_diag_t *d, pf_array_t *who)
{
    const pf_httpsys_facts_t *h = &d->c->facts.httpsys;
    const pf_request_queue_t *only;
    size_t                    i, handle_queues;

    for (i = 0; i < h->queues.nelts; i++) {
        const pf_request_queue_t *q = &PF_ARRAY_AT(&h->queues,
                                                   pf_request_queue_t, i);

        if (!q->from_handle) {
            pf_httpsys_queue_names(d, q, who);
        }
    }
    for (i = 0; i < h->reservations.nelts; i++) {
        const pf_url_reservation_t *u = &PF_ARRAY_AT(&h->reservations,
                                                     pf_url_reservation_t, i);
        const char                 *what = pf_httpsys_reservation_user(u->url);

        pf_httpsys_push(d, who, what ? what : u->url);
    }
    if (who->nelts > 0) {
        return PF_SURE;
    }
    only = pf_httpsys_only_handle_queue(h, &handle_queues);
    if (only != NULL) {
        /* from the handle table: a guess, however complete the walk */
        pf_httpsys_queue_names(d, only, who);
        pf_httpsys_push(d, who, "possibly: the only process with a "
                        "request queue");
    }
    for (i = 0; i < h->dependents.nelts; i++) {
        const char *s = PF_ARRAY_AT(&h->dependents, const char *, i);

        if (pf_httpsys_service_user(s) != NULL) {
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
        pf_array_push_strf(&pids, "%ld", PF_ARRAY_AT(&q->pids, long, j));
    }
    return pids.nelts ? pf_diag_join(d, &pids, ", ") : "none";
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
        pf_diag_evidence(d, f, "no request queue has a URL on port %u",
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
                         "URLs %s", q->name ? q->name : "(unnamed)",
                         pf_httpsys_pids_text(d, q),
                         q->services.nelts ? svcs : "unknown",
                         q->urls.nelts ? pf_diag_join(d, &q->urls, " ")
                                       : "none");
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

        pf_diag_evidence(d, f, "URL reservation %s%s%s%s", u->url,
                         what ? " (" : "", what ? what : "", what ? ")" : "");
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

/* Stop the services that registered URLs (a queue from the handle table
 * only when it is the only one), and the known HTTP.sys users among the
 * services depending on HTTP. */
static void
pf_httpsys_service_remedies(pf_diag_t *d, pf_finding_t *f)
{
    const pf_httpsys_facts_t *h = &d->c->facts.httpsys;
    size_t                    i, j, handle_queues;

    (void) pf_httpsys_only_handle_queue(h, &handle_queues);
    for (i = 0; i < h->queues.nelts; i++) {
        const pf_request_queue_t *q = &PF_ARRAY_AT(&h->queues,
                                                   pf_request_queue_t, i);

        if (q->from_handle && handle_queues > 1) {
            continue;            /* not known to be this port's */
        }
        for (j = 0; j < q->services.nelts; j++) {
            pf_remedy_services(d, f,
                               PF_ARRAY_AT(&q->services, const char *, j));
        }
    }
    for (i = 0; i < h->dependents.nelts; i++) {
        const char *s = PF_ARRAY_AT(&h->dependents, const char *, i);

        if (pf_httpsys_service_user(s) != NULL) {
            pf_remedy_services(d, f, s);
        }
    }
}

static int
pf_httpsys_specific(const char *a)
{
    return strcmp(a, "*") != 0 && strcmp(a, "0.0.0.0") != 0
           && strcmp(a, "::") != 0;
}

/* The address the web server keeps: the target's own, else the first
 * address of the host that is not loopback. */
static const char *
pf_httpsys_server_address(const pf_diag_t *d)
{
    const pf_array_t *as = &d->host->local_addresses;
    size_t            i;

    if (pf_httpsys_specific(d->c->target.address)) {
        return d->c->target.address;
    }
    for (i = 0; i < as->nelts; i++) {
        const char *a = PF_ARRAY_AT(as, const char *, i);

        if (strchr(a, ':') == NULL && strncmp(a, "127.", 4) != 0
            && strncmp(a, "169.254.", 8) != 0)
        {
            return a;
        }
    }
    return "ADDRESS";
}

static void
pf_httpsys_iplisten(pf_diag_t *d, pf_finding_t *f)
{
    const char  *server = pf_httpsys_server_address(d);
    const char  *kernel = strcmp(server, "127.0.0.2") ? "127.0.0.2"
                                                      : "127.0.0.3";
    pf_remedy_t *r;

    r = pf_diag_remedy(d, f, "iplisten", PF_ACTION_ADD_IPLISTEN, 1,
                       "keep HTTP.sys to %s, then restart HTTP and let the "
                       "server listen on %s only", kernel, server);
    if (r != NULL) {
        r->subject = kernel;
    }
    pf_diag_command(d, r, "netsh http add iplisten ipaddress=%s", kernel);
    pf_diag_command(d, r, "net stop http /y && net start http");
    pf_diag_command(d, r, "%s", pf_remedy_listen_line(d, server,
                                                      d->c->target.port));
}

/* What an administrator runs to see the registrations we could not. */
static void
pf_httpsys_look(pf_diag_t *d, pf_finding_t *f)
{
    pf_remedy_t *r;

    r = pf_diag_remedy(d, f, "show-registrations", PF_ACTION_NONE, 1,
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
    conf = pf_httpsys_who(d, &who);
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
    pf_httpsys_service_remedies(d, f);
    pf_httpsys_iplisten(d, f);
    pf_remedy_other_port(d, f, 0);
    return 1;
}
