/*
 * process: an ordinary process holds the port, and the facts name it.
 * A server's workers share the master's socket, so the summary names the
 * first process whose parent is not itself a holder, and the remedies act
 * on those "top" holders only.
 */
#include <string.h>

#include "pf_diagnose.h"

static int
pf_process_is_top(const pf_diag_t *d, const pf_process_t *p)
{
    const pf_array_t *ps = &d->c->facts.processes;
    size_t            i;

    for (i = 0; i < ps->nelts; i++) {
        const pf_process_t *q = &PF_ARRAY_AT(ps, pf_process_t, i);

        if (q != p && q->pid == p->ppid && !pf_diag_claimed(d, q)) {
            return 0;
        }
    }
    return 1;
}

/* A unit systemd can stop for us: a service, not a login session scope
 * nor a user manager. */
static int
pf_process_unit_stoppable(const char *unit)
{
    size_t n;

    if (unit == NULL || strncmp(unit, "user@", 5) == 0) {
        return 0;
    }
    n = strlen(unit);
    return n > 8 && strcmp(unit + n - 8, ".service") == 0;
}

static const char *
pf_process_label(pf_diag_t *d, const pf_process_t *p)
{
    const char *user = p->user ? pf_diag_sprintf(d, ", user %s", p->user)
                               : "";
    const char *unit = p->unit ? pf_diag_sprintf(d, ", %s", p->unit) : "";
    const char *ns = p->ns_pid > 0
                     ? pf_diag_sprintf(d, " on this host, PID %ld in its own "
                                       "PID namespace", p->ns_pid)
                     : "";
    const char *svc = p->services.nelts
                      ? pf_diag_sprintf(d, ", service %s",
                                        pf_diag_join(d, &p->services, ", "))
                      : "";

    return pf_diag_sprintf(d, "%s (PID %ld%s%s%s%s)",
                           p->name ? p->name : "a process", p->pid, ns,
                           user ? user : "", unit ? unit : "",
                           svc ? svc : "");
}

/* The holder itself (pid, name, exe, user, unit) is in f->holders; the
 * evidence adds what it was started with, and where it runs. */
static void
pf_process_evidence(pf_diag_t *d, pf_finding_t *f, const pf_process_t *p)
{
    if (p->cmdline != NULL) {
        pf_diag_evidence(d, f, "PID %ld was started as: %s", p->pid,
                         p->cmdline);
    }
    if (p->container != NULL) {
        pf_diag_evidence(d, f, "PID %ld runs in container %.12s", p->pid,
                         p->container);
    }
    if (p->ns_pid > 0) {
        /* unshare -p, a sandbox, a container of a runtime not known
         * here: it is there all the same, and the host's PID is the one
         * to act on from here */
        pf_diag_evidence(d, f, "PID %ld runs in another PID namespace, "
                         "where it is PID %ld (NSpid in /proc/%ld/status); "
                         "%ld is its PID on this host", p->pid, p->ns_pid,
                         p->pid, p->pid);
    }
}

static void
pf_process_remedies(pf_diag_t *d, pf_finding_t *f, const pf_process_t *p)
{
    size_t i;

    if (p->services.nelts > 0) {
        for (i = 0; i < p->services.nelts; i++) {
            pf_remedy_services(d, f,
                               PF_ARRAY_AT(&p->services, const char *, i));
        }
        return;
    }
    if (pf_process_unit_stoppable(p->unit)
        && !(d->ctx->server_unit != NULL
             && strcmp(d->ctx->server_unit, p->unit) == 0))
    {
        pf_remedy_units(d, f, p->unit);
        return;
    }
    pf_remedy_kill(d, f, p);
}

static void
pf_process_listeners(pf_diag_t *d, pf_finding_t *f)
{
    const pf_array_t *ls = &d->c->facts.listeners;
    size_t            i;

    for (i = 0; i < ls->nelts; i++) {
        pf_diag_evidence(d, f, "%s", pf_diag_listener_text(d,
                         &PF_ARRAY_AT(ls, pf_listener_t, i)));
    }
}

int
pf_rule_process(pf_diag_t *d)
{
    const pf_array_t *ps = &d->c->facts.processes;
    pf_process_t     *top = NULL;
    pf_finding_t     *f;
    size_t            i, n = 0;

    if (!pf_diag_holders_apply(d)) {
        return 0;
    }
    for (i = 0; i < ps->nelts; i++) {
        pf_process_t *p = &PF_ARRAY_AT(ps, pf_process_t, i);

        if (!pf_diag_claimed(d, p)) {
            n++;
            if (top == NULL && pf_process_is_top(d, p)) {
                top = p;
            }
        }
    }
    if (n == 0) {
        return 0;
    }
    f = pf_diag_finding(d, PF_CAUSE_PROCESS, PF_SURE,
                        "port %u is in use by %s%s", d->c->target.port,
                        top ? pf_process_label(d, top) : "several processes",
                        n > 1 ? pf_diag_sprintf(d, " and %u other "
                                                "process%s", (unsigned) n - 1,
                                                n > 2 ? "es" : "")
                              : "");
    for (i = 0; i < ps->nelts; i++) {
        pf_process_t *p = &PF_ARRAY_AT(ps, pf_process_t, i);

        if (!pf_diag_claimed(d, p)) {
            pf_diag_holder(d, f, p);
            pf_process_evidence(d, f, p);
        }
    }
    pf_process_listeners(d, f);
    for (i = 0; i < ps->nelts; i++) {
        pf_process_t *p = &PF_ARRAY_AT(ps, pf_process_t, i);

        if (!pf_diag_claimed(d, p) && pf_process_is_top(d, p)) {
            pf_process_remedies(d, f, p);
        }
    }
    pf_remedy_other_port(d, f, 0);
    return 1;
}
