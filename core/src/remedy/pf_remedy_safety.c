/*
 * Safety: a remedy acts only on what the facts of its own target named
 * (the unit of a holder, a socket unit, a service found there, a local
 * address), never on PID 1, PID 4 (System, HTTP.sys itself), or this
 * server.  Pure: the caller decides what a refusal means.
 */
#include <string.h>

#include "pf_remedy_safety.h"

int
pf_ascii_caseeq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;

        if (x >= 'A' && x <= 'Z') {
            x = (char) (x - 'A' + 'a');
        }
        if (y >= 'A' && y <= 'Z') {
            y = (char) (y - 'A' + 'a');
        }
        if (x != y) {
            return 0;
        }
    }
    return *a == *b;
}

int
pf_str_in(const pf_array_t *a, const char *s)
{
    size_t i;

    for (i = 0; a != NULL && s != NULL && i < a->nelts; i++) {
        const char *e = PF_ARRAY_AT(a, const char *, i);

        if (e != NULL && pf_ascii_caseeq(e, s)) {
            return 1;
        }
    }
    return 0;
}

static int
pf_has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n > m && strcmp(s + n - m, suffix) == 0;
}

/* ---------------------------------------------------------------------
 * systemd units.
 */
static const char *
pf_refuse_unit(pf_pool_t *pool, const pf_report_t *r, const pf_check_t *c,
               const char *unit)
{
    const pf_target_facts_t *f = &c->facts;
    const pf_process_t      *unproven = NULL;
    size_t                   i;
    int                      named = 0;

    if (!pf_unit_name_ok(unit)) {
        return pf_psprintf(pool, "'%s' is not a valid unit name",
                           pf_inert(pool, unit));
    }
    /* scopes and slices hold sessions and the whole system */
    if (!pf_has_suffix(unit, ".service") && !pf_has_suffix(unit, ".socket")) {
        return pf_psprintf(pool, "only .service and .socket units are "
                           "stopped, not %s", unit);
    }
    if (r->ctx.server_unit != NULL && strcmp(r->ctx.server_unit, unit) == 0) {
        return pf_psprintf(pool, "%s is this server's own unit", unit);
    }
    for (i = 0; i < f->processes.nelts; i++) {
        const pf_process_t *p = &PF_ARRAY_AT(&f->processes, pf_process_t, i);

        if (p->unit == NULL || strcmp(p->unit, unit) != 0) {
            continue;
        }
        if (p->pid == 1) {
            return pf_psprintf(pool, "%s is PID 1 (init): never acted on",
                               unit);
        }
        if (p->is_self) {
            return pf_psprintf(pool, "%s runs this server itself", unit);
        }
        /* proof of possession: the cgroup names a place, systemd says
         * whose process it is */
        if (p->unit_kind != PF_UNIT_SYSTEM || p->unit_proven != 1) {
            unproven = p;
            continue;
        }
        named = 1;
    }
    if (!named && unproven != NULL) {
        return pf_psprintf(pool, "nothing proves that PID %ld is %s's "
                           "process%s%s", unproven->pid, unit,
                           unproven->unit_proof ? ": " : "",
                           unproven->unit_proof ? unproven->unit_proof : "");
    }
    for (i = 0; i < f->socket_units.nelts; i++) {
        const pf_socket_unit_t *s =
            &PF_ARRAY_AT(&f->socket_units, pf_socket_unit_t, i);

        if (!s->from_files
            && ((s->unit != NULL && strcmp(s->unit, unit) == 0)
                || (s->activates != NULL && strcmp(s->activates, unit) == 0)))
        {
            named = 1;
        }
    }
    return named ? NULL
           : pf_psprintf(pool, "the facts of this port do not name %s",
                         unit);
}

/* ---------------------------------------------------------------------
 * Windows services.
 */
static const char *
pf_refuse_service_process(pf_pool_t *pool, const pf_report_t *r,
                          const pf_target_facts_t *f, const char *name,
                          long pid, int *named)
{
    const pf_process_t *p;
    size_t              i;

    /* 0 is "not known" here: a service's own PID is never 0 */
    if (pid == 4) {
        return pf_psprintf(pool, "%s runs in the System process (PID 4)",
                           name);
    }
    for (i = 0; i < r->ctx.self_pids.nelts; i++) {
        if (PF_ARRAY_AT(&r->ctx.self_pids, long, i) == pid) {
            return pf_psprintf(pool, "%s is this server itself", name);
        }
    }
    p = pid > 0 ? pf_facts_find_process(f, pid) : NULL;
    if (p != NULL && (p->is_self || p->kernel)) {
        return pf_psprintf(pool, "%s is %s", name, p->is_self
                           ? "this server itself" : "the kernel listener");
    }
    *named = 1;
    return NULL;
}

static int
pf_service_in_queues(const pf_httpsys_facts_t *h, const char *name)
{
    size_t i;

    for (i = 0; i < h->queues.nelts; i++) {
        if (pf_str_in(&PF_ARRAY_AT(&h->queues, pf_request_queue_t, i)
                      .services, name))
        {
            return 1;
        }
    }
    /* a running dependent of HTTP proves nothing about this port */
    return 0;
}

static const char *
pf_refuse_service(pf_pool_t *pool, const pf_report_t *r, const pf_check_t *c,
                  const char *name)
{
    const pf_target_facts_t *f = &c->facts;
    const char              *why;
    size_t                   i;
    int                      named = 0;

    if (!pf_service_name_ok(name)) {
        return pf_psprintf(pool, "'%s' is not a service name preflight "
                           "acts on", pf_inert(pool, name));
    }
    if (pf_ascii_caseeq(name, "HTTP")) {
        return "the HTTP driver itself (PID 4, System) is never stopped: "
               "stop the service that registered the URL";
    }
    if (r->ctx.server_unit != NULL && pf_ascii_caseeq(r->ctx.server_unit,
                                                      name))
    {
        return pf_psprintf(pool, "%s is this server's own service", name);
    }
    for (i = 0; i < f->services.nelts; i++) {
        const pf_service_t *s = &PF_ARRAY_AT(&f->services, pf_service_t, i);

        if (s->name != NULL && pf_ascii_caseeq(s->name, name)) {
            why = pf_refuse_service_process(pool, r, f, name, s->pid,
                                            &named);
            if (why != NULL) {
                return why;
            }
        }
    }
    for (i = 0; i < f->processes.nelts; i++) {
        const pf_process_t *p = &PF_ARRAY_AT(&f->processes, pf_process_t, i);

        if (pf_str_in(&p->services, name)) {
            why = pf_refuse_service_process(pool, r, f, name, p->pid,
                                            &named);
            if (why != NULL) {
                return why;
            }
        }
    }
    named |= pf_service_in_queues(&f->httpsys, name);
    return named ? NULL
           : pf_psprintf(pool, "the facts of this port do not name "
                         "service %s", name);
}

/* ---------------------------------------------------------------------
 * HTTP.sys iplisten.
 */
static int
pf_is_numeric_address(const char *s)
{
    size_t n = strlen(s);

    return n > 0 && n < PF_ADDRSTRLEN
           && strspn(s, "0123456789abcdefABCDEF.:") == n
           && (strchr(s, '.') != NULL || strchr(s, ':') != NULL);
}

static const char *
pf_refuse_iplisten(pf_pool_t *pool, const pf_report_t *r,
                   const pf_check_t *c, const char *addr)
{
    if (!pf_is_numeric_address(addr)) {
        return pf_psprintf(pool, "'%s' is not a numeric address", addr);
    }
    if (strcmp(addr, c->target.address) == 0) {
        return pf_psprintf(pool, "HTTP.sys would keep %s, the address the "
                           "server needs", addr);
    }
    /* all of 127.0.0.0/8 is loopback: HTTP.sys can be kept to 127.0.0.2 */
    if (strncmp(addr, "127.", 4) != 0 && strcmp(addr, "::1") != 0
        && !pf_str_in(&r->host.local_addresses, addr))
    {
        return pf_psprintf(pool, "%s is not an address of this host", addr);
    }
    return NULL;
}

const char *
pf_plan_refusal(pf_pool_t *pool, const pf_report_t *r, const pf_check_t *c,
                const pf_finding_t *f, const pf_remedy_t *m)
{
    (void) f;
    if (m->action == PF_ACTION_NONE || m->action == PF_ACTION_CHANGE_PORT) {
        return NULL;
    }
    if (m->subject == NULL || m->subject[0] == '\0') {
        return "the remedy names nothing to act on";
    }
    switch (m->action) {
    case PF_ACTION_STOP_UNIT:
    case PF_ACTION_DISABLE_UNIT:
        return pf_refuse_unit(pool, r, c, m->subject);
    case PF_ACTION_STOP_SERVICE:
    case PF_ACTION_DISABLE_SERVICE:
        return pf_refuse_service(pool, r, c, m->subject);
    case PF_ACTION_ADD_IPLISTEN:
        return pf_refuse_iplisten(pool, r, c, m->subject);
    default:
        return "unknown action";
    }
}
