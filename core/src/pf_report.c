/*
 * A report: one run of the pipeline, targets -> probe -> facts ->
 * diagnose.  This file is the part every start runs (targets, probe,
 * verdict); facts and diagnose, needed only when a target failed, are in
 * pf_report_facts.c, so that a server module can leave them out of what
 * the server loads (core/src/unix/pf_unix_lazy.c).
 */
#include <string.h>

#include "preflight_internal.h"
#include "pf_platform.h"
#include "pf_listen_set.h"

pf_report_t *
pf_report_create(void)
{
    pf_pool_t   *pool;
    pf_report_t *r;

    pool = pf_pool_create();
    if (pool == NULL) {
        return NULL;
    }
    /* room for two checks (a server's usual listen addresses) keeps a
     * healthy start's report in the pool's first block: one malloc, and
     * the fewest fresh heap pages touched */
    r = pf_palloc(pool, sizeof(*r));
    if (r == NULL
        || pf_array_init(&r->checks, pool, 2, sizeof(pf_check_t)) != PF_OK)
    {
        pf_pool_destroy(pool);
        return NULL;
    }
    r->pool = pool;
    pf_context_init(&r->ctx, pool);
    pf_host_facts_init(&r->host, pool);
    /* named even when no facts are gathered: the JSON always says it */
    r->host.platform = pf_platform_name();
    return r;
}

void
pf_report_destroy(pf_report_t *r)
{
    if (r != NULL) {
        pf_pool_destroy(r->pool);
    }
}

pf_check_t *
pf_report_add_target(pf_report_t *r, const pf_target_t *t)
{
    pf_check_t *c;

    c = pf_array_push(&r->checks);
    if (c == NULL) {
        return NULL;
    }
    c->target = *t;
    c->target.spelling = pf_pstrdup(r->pool, t->spelling);
    c->target.source = pf_pstrdup(r->pool, t->source);
    c->target.path = pf_pstrdup(r->pool, t->path);
    c->target.pid_file = t->pid_file ? pf_pstrdup(r->pool, t->pid_file)
                                     : NULL;
    c->target.refused = pf_pstrdup(r->pool, t->refused);
    c->target.refused_with = pf_pstrdup(r->pool, t->refused_with);
    pf_target_facts_init(&c->facts, r->pool);
    pf_array_init(&c->findings, r->pool, 0, sizeof(pf_finding_t));
    return c;
}

int
pf_report_add_targets(pf_report_t *r, const pf_array_t *targets)
{
    size_t i;

    /* one allocation of the right size: a doubling array of checks
     * (864 bytes each) touches pages a healthy check does not need */
    if (r->checks.nelts == 0 && r->checks.nalloc < targets->nelts
        && pf_array_init(&r->checks, r->pool, targets->nelts,
                         sizeof(pf_check_t)) != PF_OK)
    {
        return PF_ENOMEM;
    }
    for (i = 0; i < targets->nelts; i++) {
        if (pf_report_add_target(r, &PF_ARRAY_AT(targets, pf_target_t, i))
            == NULL)
        {
            return PF_ENOMEM;
        }
    }
    return PF_OK;
}

int
pf_report_add_self_pid(pf_report_t *r, long pid)
{
    long *slot = pf_array_push(&r->ctx.self_pids);

    if (slot == NULL) {
        return PF_ENOMEM;
    }
    *slot = pid;
    return PF_OK;
}

int
pf_check_failed(const pf_check_t *c)
{
    return c->probe.status != PF_STATUS_FREE
           && c->probe.status != PF_STATUS_UNCHECKED;
}

void
pf_report_probe(pf_report_t *r)
{
    size_t i;

    /* out of memory: each address is still probed alone */
    (void) pf_listen_set_model(r);
    for (i = 0; i < r->checks.nelts; i++) {
        pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);

        if (c->probe.status == PF_STATUS_CLASH) {
            continue;             /* the server's own set rules it out */
        }
        if (c->target.held_by_self) {
            /* the server already holds this socket: nothing to bind */
            c->probe.status = PF_STATUS_FREE;
            continue;
        }
        c->note = NULL;
        pf_platform_probe(&r->ctx, &c->target, &c->probe);
        pf_listen_set_fallback(r, c);
    }
}

static int
pf_report_any(const pf_report_t *r, int (*holds)(const pf_check_t *))
{
    size_t i;

    for (i = 0; i < r->checks.nelts; i++) {
        if (holds(&PF_ARRAY_AT(&r->checks, pf_check_t, i))) {
            return 1;
        }
    }
    return 0;
}

int
pf_report_any_failed(const pf_report_t *r)
{
    return pf_report_any(r, pf_check_failed);
}

int
pf_check_is_conflict(const pf_check_t *c)
{
    size_t i;

    for (i = 0; i < c->findings.nelts; i++) {
        if (PF_ARRAY_AT(&c->findings, pf_finding_t, i).cause
            == PF_CAUSE_CONFIG_CLASH)
        {
            return 1;           /* free now, but not for both servers */
        }
    }
    if (!pf_check_failed(c)) {
        return 0;
    }
    for (i = 0; i < c->findings.nelts; i++) {
        if (PF_ARRAY_AT(&c->findings, pf_finding_t, i).cause
            != PF_CAUSE_SAME_SERVER)
        {
            return 1;
        }
    }
    return c->findings.nelts == 0;
}

int
pf_report_has_conflict(const pf_report_t *r)
{
    return pf_report_any(r, pf_check_is_conflict);
}

/* The findings of a check that failed are all "this server": running,
 * or every holder an older generation still shutting down. */
static pf_verdict_t
pf_self_verdict(const pf_check_t *c)
{
    size_t i, j, n = 0;

    for (i = 0; i < c->findings.nelts; i++) {
        const pf_finding_t *f = &PF_ARRAY_AT(&c->findings, pf_finding_t, i);

        for (j = 0; j < f->holders.nelts; j++) {
            if (!PF_ARRAY_AT(&f->holders, pf_process_t *, j)->old_generation)
            {
                return PF_VERDICT_SELF;
            }
            n++;
        }
    }
    return n > 0 ? PF_VERDICT_SELF_EXITING : PF_VERDICT_SELF;
}

pf_verdict_t
pf_check_verdict(const pf_check_t *c)
{
    if (!pf_check_failed(c)) {
        return c->released ? PF_VERDICT_RELEASED : PF_VERDICT_FREE;
    }
    if (pf_check_is_conflict(c)) {
        return PF_VERDICT_CONFLICT;
    }
    return pf_self_verdict(c);
}

const char *
pf_verdict_name(pf_verdict_t v)
{
    static const char *const names[] = {
        "free", "released", "self", "self-exiting", "conflict"
    };

    return (unsigned) v < sizeof(names) / sizeof(names[0]) ? names[v] : "?";
}
