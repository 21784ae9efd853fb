/*
 * process: an ordinary process holds the port, and the facts name it.
 * A server's workers share the master's socket, so the summary names the
 * first process whose parent is not itself a holder, and the remedies act
 * on those "top" holders only.
 */
#include <string.h>

#include "pf_diagnose.h"

/* The remedies this file offers: id, what fix --apply does, whether it
 * needs root or Administrator (pf_diag_remedy). */
static const pf_diag_offer_t
    pf_process_fix_stop_user_unit = { "stop-user-unit", PF_ACTION_NONE, 0 },
    pf_process_fix_stop_container = { "stop-container", PF_ACTION_NONE, 1 };

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

/* A unit systemd may stop for us: a service of the system manager
 * (the facts put it there only with no delegated cgroup above it) that
 * systemd itself confirmed this holder belongs to, and a real unit name
 * (a cgroup directory may be named anything: such a holder gets the
 * advice for a process). */
static int
pf_process_unit_stoppable(const pf_process_t *p)
{
    size_t n;

    if (p->unit == NULL || p->unit_kind != PF_UNIT_SYSTEM
        || p->unit_proven != 1 || strncmp(p->unit, "user@", 5) == 0)
    {
        return 0;
    }
    n = strlen(p->unit);
    return n > 8 && strcmp(p->unit + n - 8, ".service") == 0
           && pf_unit_name_ok(p->unit);
}

/* Where the cgroup puts it, in words, for the summary. */
static const char *
pf_process_where(pf_diag_t *d, const pf_process_t *p)
{
    const char *cu = p->cgroup_unit;

    switch (p->unit_kind) {
    case PF_UNIT_SYSTEM:
        return p->unit ? pf_diag_sprintf(d, ", %s", p->unit) : "";
    case PF_UNIT_DELEGATED:
        return cu ? pf_diag_sprintf(d, ", below %s", cu) : "";
    case PF_UNIT_USER:
        return cu ? pf_diag_sprintf(d, ", user unit %s of uid %ld", cu,
                                    p->unit_uid)
                  : pf_diag_sprintf(d, ", user manager of uid %ld",
                                    p->unit_uid);
    case PF_UNIT_SCOPE:
        return cu ? pf_diag_sprintf(d, ", %s", cu) : "";
    default:
        return "";
    }
}

static const char *
pf_process_label(pf_diag_t *d, const pf_process_t *p)
{
    const char *user = p->user ? pf_diag_sprintf(d, ", user %s", p->user)
                               : "";
    const char *unit = pf_process_where(d, p);
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
 * evidence adds what it was started with, where it runs, and what
 * systemd said of it. */
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
    } else if (p->unit_kind == PF_UNIT_USER) {
        pf_diag_evidence(d, f, "PID %ld runs in %s, a unit of the user "
                         "manager of uid %ld (cgroup %s), not of the "
                         "system", p->pid,
                         p->cgroup_unit ? p->cgroup_unit : "a unit",
                         p->unit_uid, p->cgroup ? p->cgroup : "?");
    } else if (p->unit_kind == PF_UNIT_DELEGATED && p->cgroup != NULL) {
        pf_diag_evidence(d, f, "PID %ld runs in cgroup %s, delegated below "
                         "%s: not that unit's own process", p->pid,
                         p->cgroup, p->cgroup_unit ? p->cgroup_unit : "?");
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
    if (p->unit_proof != NULL) {
        pf_diag_evidence(d, f, "%s", p->unit_proof);
    }
}

/* A unit of a user's own manager: that user stops it, or root on the
 * user's behalf; never the system unit of the same name. */
static void
pf_process_user_unit(pf_diag_t *d, pf_finding_t *f, const pf_process_t *p)
{
    const char  *who = p->user;
    pf_remedy_t *r;

    if (who == NULL || p->uid != p->unit_uid) {
        who = pf_diag_sprintf(d, "%ld", p->unit_uid);
    }
    r = pf_diag_remedy(d, f, &pf_process_fix_stop_user_unit,
                       "stop %s of the user manager of uid %ld (its user "
                       "does it; preflight never acts on a user's units)",
                       p->cgroup_unit, p->unit_uid);
    pf_diag_command(d, r, "systemctl --user -M %s@ stop %s", who,
                    p->cgroup_unit);
}

/* The engine whose cgroup it is: libpod-<id>.scope is Podman's,
 * cri-containerd-/crio- a Kubernetes runtime's, the rest Docker's. */
static const char *
pf_process_engine(const pf_process_t *p)
{
    const char *cu = p->cgroup_unit != NULL ? p->cgroup_unit : "";

    if (strncmp(cu, "libpod-", 7) == 0) {
        return "podman stop";
    }
    if (strncmp(cu, "cri-containerd-", 15) == 0
        || strncmp(cu, "crio-", 5) == 0)
    {
        return "crictl stop";
    }
    return "docker stop";
}

static void
pf_process_container(pf_diag_t *d, pf_finding_t *f, const pf_process_t *p)
{
    pf_remedy_t *r;

    r = pf_diag_remedy(d, f, &pf_process_fix_stop_container,
                       "stop the container %.12s that PID %ld runs in",
                       p->container, p->pid);
    pf_diag_command(d, r, "%s %.12s", pf_process_engine(p), p->container);
}

static int
pf_name_safe(const char *s)
{
    size_t n = s != NULL ? strlen(s) : 0;

    /* systemd's unit name characters, the user name's: nothing a shell
     * would read as more than a word */
    return n > 0 && s[0] != '-'
           && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                        "0123456789:_.@-") == n;
}

static void
pf_process_remedies(pf_diag_t *d, pf_finding_t *f, const pf_process_t *p)
{
    size_t i;

    if (p->services.nelts > 0) {
        for (i = 0; i < p->services.nelts; i++) {
            pf_offer_services(d, f,
                              PF_ARRAY_AT(&p->services, const char *, i));
        }
        return;
    }
    if (pf_process_unit_stoppable(p)
        && !(d->ctx->server_unit != NULL
             && strcmp(d->ctx->server_unit, p->unit) == 0))
    {
        pf_offer_units(d, f, p->unit);
        return;
    }
    if (p->unit_kind == PF_UNIT_USER && pf_name_safe(p->cgroup_unit)
        && (p->user == NULL || pf_name_safe(p->user)))
    {
        pf_process_user_unit(d, f, p);
    } else if (p->container != NULL) {
        pf_process_container(d, f, p);
    } else if (pf_offer_stop_server(d, f, p)) {
        return;
    }
    pf_offer_kill(d, f, p);
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

    /* a unix socket's holder is told by pf_rule_unix_socket */
    if (d->c->target.family == PF_FAMILY_UNIX || !pf_diag_holders_apply(d)) {
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
    pf_offer_other_port(d, f, 0);
    return 1;
}
