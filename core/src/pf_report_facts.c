/*
 * The part of a report run that only a failed target needs: facts about
 * who holds it and why, and the diagnosis.  Facts cost nothing when every
 * target is free: they are gathered only for the targets that failed.
 */
#include <string.h>

#include "preflight.h"
#include "pf_platform.h"

/* A holder is this server when it is one of its pids, or a child of one
 * (Apache and nginx workers inherit the listening sockets). */
static void
pf_mark_self(const pf_context_t *ctx, pf_target_facts_t *f)
{
    size_t i;

    for (i = 0; i < f->processes.nelts; i++) {
        pf_process_t *p = &PF_ARRAY_AT(&f->processes, pf_process_t, i);

        if (pf_array_has_long(&ctx->self_pids, p->pid)
            || pf_array_has_long(&ctx->self_pids, p->ppid))
        {
            p->is_self = 1;
        }
    }
}

/* The kernel says EACCES before EADDRINUSE: a low port a socket already
 * listens on is held, not merely privileged, and root would fail too. */
static void
pf_held_not_privileged(pf_check_t *c)
{
    if (c->probe.status == PF_STATUS_PRIVILEGED
        && c->facts.listeners_known == PF_KNOWN_YES
        && c->facts.listeners.nelts > 0)
    {
        c->probe.status = PF_STATUS_IN_USE;
    }
}

/* Candidates for "another free port nearby", in the order a person would
 * pick them. */
static unsigned
pf_find_free_port_nearby(pf_report_t *r, const pf_check_t *c)
{
    static const unsigned for80[] = { 8080, 8000, 8008, 8081, 8888, 0 };
    static const unsigned for443[] = { 8443, 4443, 9443, 0 };
    const unsigned *list = NULL;
    pf_target_t     t = c->target;
    pf_probe_t      p;
    unsigned        port, i;

    if (c->target.port == 80) {
        list = for80;
    } else if (c->target.port == 443) {
        list = for443;
    }
    for (i = 0; list != NULL && list[i]; i++) {
        t.port = list[i];
        memset(&p, 0, sizeof(p));
        pf_platform_probe(&r->ctx, &t, &p);
        if (p.status == PF_STATUS_FREE) {
            return list[i];
        }
    }
    port = c->target.port < 1024 && !r->host.is_admin ? 8000 + c->target.port
                                                      : c->target.port + 1;
    for (i = 0; i < 50 && port + i <= 65535; i++) {
        t.port = port + i;
        memset(&p, 0, sizeof(p));
        pf_platform_probe(&r->ctx, &t, &p);
        if (p.status == PF_STATUS_FREE) {
            return port + i;
        }
    }
    return 0;
}

void
pf_report_gather(pf_report_t *r)
{
    size_t i;
    int    host_done = 0;

    for (i = 0; i < r->checks.nelts; i++) {
        pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);

        if (!pf_check_failed(c)) {
            continue;
        }
        if (!host_done) {
            pf_platform_host_facts(r, &r->host);
            host_done = 1;
        }
        pf_platform_target_facts(r, c);
        pf_held_not_privileged(c);
        pf_mark_self(&r->ctx, &c->facts);
        if (c->probe.status != PF_STATUS_NOT_LOCAL
            && c->probe.status != PF_STATUS_UNSUPPORTED)
        {
            c->facts.free_port_nearby = pf_find_free_port_nearby(r, c);
        }
    }
}

void
pf_report_diagnose(pf_report_t *r)
{
    size_t i;

    for (i = 0; i < r->checks.nelts; i++) {
        pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);

        if (pf_check_failed(c)) {
            pf_diagnose(r->pool, &r->ctx, &r->host, c);
        }
    }
}

void
pf_report_explain(pf_report_t *r)
{
    if (!r->ctx.no_facts) {
        pf_report_gather(r);
    }
    pf_report_diagnose(r);
}

int
pf_report_run(pf_report_t *r)
{
    pf_report_probe(r);
    pf_report_explain(r);
    return PF_OK;
}
