/*
 * inherited: the TCP table names an owner PID that no longer exists.  A
 * socket outlives its creator when a child inherited the handle (a
 * server that spawned a helper with bInheritHandles, then exited): the
 * port stays held until every copy is closed.  The system handle table
 * may name the process holding the copy; that walk can miss handles, so
 * the name is given as "possibly".
 */
#include "pf_diagnose.h"

/* The remedies this file offers: id, what fix --apply does, whether it
 * needs root or Administrator (pf_diag_remedy). */
static const pf_diag_offer_t
    pf_inherited_fix_find_children = { "find-children", PF_ACTION_NONE, 0 };

static const pf_listener_t *
pf_inherited_listener(const pf_diag_t *d)
{
    const pf_array_t *ls = &d->c->facts.listeners;
    size_t            i;

    for (i = 0; i < ls->nelts; i++) {
        if (PF_ARRAY_AT(ls, pf_listener_t, i).owner_gone) {
            return &PF_ARRAY_AT(ls, pf_listener_t, i);
        }
    }
    return NULL;
}

static const char *
pf_inherited_names(pf_diag_t *d, const pf_listener_t *l)
{
    pf_array_t  names;
    size_t      i;

    if (pf_array_init(&names, d->pool, 0, sizeof(char *)) != PF_OK) {
        d->nomem = 1;
        return "";
    }
    for (i = 0; i < l->pids.nelts; i++) {
        long          pid = PF_ARRAY_AT(&l->pids, long, i);
        pf_process_t *p = pf_facts_find_process(&d->c->facts, pid);

        (void) pf_array_push_strf(&names, "PID %ld (%s)", pid,
                                  p != NULL && p->name ? p->name : "?");
    }
    return pf_diag_join(d, &names, ", ");
}

int
pf_rule_inherited(pf_diag_t *d)
{
    const pf_listener_t *l;
    pf_finding_t        *f;
    pf_remedy_t         *r;
    size_t               i;

    if (!pf_diag_holders_apply(d) || (l = pf_inherited_listener(d)) == NULL) {
        return 0;
    }
    if (l->pids.nelts > 0) {
        f = pf_diag_finding(d, PF_CAUSE_INHERITED, PF_LIKELY,
                            "port %u is held by a socket whose owner, PID "
                            "%ld, has exited; possibly %s, which inherited "
                            "it", d->c->target.port, l->owner_pid,
                            pf_inherited_names(d, l));
    } else {
        f = pf_diag_finding(d, PF_CAUSE_INHERITED, PF_LIKELY,
                            "port %u is held by a socket whose owner, PID "
                            "%ld, has exited: a process it started "
                            "inherited the socket and keeps it open",
                            d->c->target.port, l->owner_pid);
    }
    pf_diag_evidence(d, f, "%s", pf_diag_listener_text(d, l));
    pf_diag_evidence(d, f, "no process with PID %ld exists any more",
                     l->owner_pid);
    for (i = 0; i < l->pids.nelts; i++) {
        long          pid = PF_ARRAY_AT(&l->pids, long, i);
        pf_process_t *p = pf_facts_find_process(&d->c->facts, pid);

        pf_diag_evidence(d, f, "PID %ld has a handle to a socket bound to "
                         "port %u (system handle table)", pid,
                         d->c->target.port);
        if (p != NULL) {
            pf_diag_holder(d, f, p);
            pf_offer_kill(d, f, p);
        }
    }
    r = pf_diag_remedy(d, f, &pf_inherited_fix_find_children,
                       "list the processes PID %ld started; the socket "
                       "is freed when the last of them exits",
                       l->owner_pid);
    pf_diag_command(d, r, "powershell -Command \"Get-CimInstance "
                    "Win32_Process -Filter 'ParentProcessId=%ld' | "
                    "Select-Object ProcessId,Name,CommandLine\"",
                    l->owner_pid);
    pf_offer_other_port(d, f, 0);
    return 1;
}
