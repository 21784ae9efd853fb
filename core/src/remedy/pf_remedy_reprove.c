/*
 * Proof of possession once more, at apply time.  A plan is made from
 * facts gathered a moment (or, behind a confirmation prompt, minutes)
 * before: the holder may have exited since and another process taken
 * the port.  So the step's target is probed and its facts gathered
 * again, diagnosed by the same rules, and the step runs only when the
 * same remedy (action and subject) comes out of them and passes the same
 * refusal checks as it did in the plan.
 */
#include <string.h>

#include "pf_remedy.h"

static void
pf_reprove_ctx(pf_report_t *n, const pf_report_t *r)
{
    size_t i;

    n->ctx.server = r->ctx.server;
    n->ctx.server_exe = r->ctx.server_exe;
    n->ctx.server_unit = r->ctx.server_unit;
    n->ctx.proc_root = r->ctx.proc_root;
    n->ctx.sys_root = r->ctx.sys_root;
    n->ctx.http_probe_ms = r->ctx.http_probe_ms;
    for (i = 0; i < r->ctx.self_pids.nelts; i++) {
        pf_report_add_self_pid(n, PF_ARRAY_AT(&r->ctx.self_pids, long, i));
    }
}

/* NULL when c offers remedy m again and nothing refuses it, else why. */
static const char *
pf_reprove_check(pf_pool_t *pool, const pf_report_t *n, const pf_check_t *c,
                 const pf_remedy_t *m)
{
    const char *why = NULL;
    size_t      i, j;

    for (i = 0; i < c->findings.nelts; i++) {
        const pf_finding_t *f = &PF_ARRAY_AT(&c->findings, pf_finding_t, i);

        for (j = 0; j < f->remedies.nelts; j++) {
            const pf_remedy_t *x = &PF_ARRAY_AT(&f->remedies, pf_remedy_t,
                                                j);

            if (x->action != m->action || x->subject == NULL
                || strcmp(x->subject, m->subject) != 0)
            {
                continue;
            }
            why = pf_plan_refusal(pool, n, c, f, x);
            if (why == NULL) {
                return NULL;
            }
        }
    }
    if (why != NULL) {
        return pf_pstrdup(pool, why);
    }
    /* the unit's own refusal says best why its holder is no longer it */
    why = pf_plan_refusal(pool, n, c, NULL, m);
    return why != NULL ? pf_pstrdup(pool, why)
           : "the facts of the port no longer offer this remedy";
}

const char *
pf_remedy_reprove(void *data, pf_pool_t *pool, const pf_report_t *r,
                  const pf_step_t *s)
{
    pf_report_t *n;
    pf_check_t  *c;
    const char  *why;

    (void) data;
    if (s->check == NULL || s->remedy == NULL || s->remedy->subject == NULL)
    {
        return "the step names no target";
    }
    n = pf_report_create();
    if (n == NULL) {
        return "out of memory";
    }
    pf_reprove_ctx(n, r);
    c = pf_report_add_target(n, &s->check->target);
    if (c == NULL) {
        pf_report_destroy(n);
        return "out of memory";
    }
    pf_report_run(n);
    if (!pf_check_is_conflict(c)) {
        why = pf_psprintf(pool, "the port is %s now",
                          pf_status_name(c->probe.status));
    } else {
        why = pf_reprove_check(pool, n, c, s->remedy);
    }
    pf_report_destroy(n);
    return why;
}
