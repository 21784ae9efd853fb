/*
 * wsl: wslrelay.exe (or wslhost.exe) holds 127.0.0.1 / ::1 on the port
 * for WSL2's localhost forwarding: a Linux program inside WSL listens on
 * that port, and Windows forwards localhost to it.  The holder to stop is
 * that Linux program; wslrelay goes away with it.
 *
 * With mirrored networking (networkingMode=mirrored) there is no relay:
 * WSL reserves the port in Windows' own stack for the Linux program, and
 * Windows shows no listener.  Then the bind fails with nobody to name,
 * and the user's .wslconfig is the evidence: a guess, said as one.
 */
#include "pf_diagnose.h"

/* The remedies this file offers: id, what fix --apply does, whether it
 * needs root or Administrator (pf_diag_remedy). */
static const pf_diag_offer_t
    pf_wsl_fix_wsl_find = { "wsl-find", PF_ACTION_NONE, 0 },
    pf_wsl_fix_wsl_shutdown = { "wsl-shutdown", PF_ACTION_NONE, 0 },
    pf_wsl_fix_wsl_no_forwarding = { "wsl-no-forwarding", PF_ACTION_NONE, 0 };

static void
pf_wsl_remedies(pf_diag_t *d, pf_finding_t *f)
{
    pf_remedy_t *r;
    unsigned     port = d->c->target.port;

    r = pf_diag_remedy(d, f, &pf_wsl_fix_wsl_find,
                       "find the Linux program on port %u and stop it "
                       "inside WSL", port);
    pf_diag_command(d, r, "wsl -- ss -ltnp \"sport = :%u\"", port);
    r = pf_diag_remedy(d, f, &pf_wsl_fix_wsl_shutdown,
                       "or stop every WSL distribution (ends every Linux "
                       "program in WSL)");
    pf_diag_command(d, r, "wsl --shutdown");
}

static int
pf_wsl_mirrored(pf_diag_t *d)
{
    pf_finding_t *f;
    unsigned      port = d->c->target.port;

    if (d->host->wsl_mirrored != 1 || pf_diag_has_listener(d)
        || d->c->facts.processes.nelts > 0
        || (d->c->probe.status != PF_STATUS_IN_USE
            && d->c->probe.status != PF_STATUS_DENIED))
    {
        return 0;
    }
    f = pf_diag_finding(d, PF_CAUSE_WSL, PF_POSSIBLE,
                        "port %u is possibly held by a Linux program in "
                        "WSL: with mirrored networking WSL takes ports in "
                        "Windows' own stack, with no Windows listener",
                        port);
    pf_diag_evidence(d, f, "bind() failed with %s and no Windows program "
                     "listens on port %u", d->c->probe.err_name
                     ? d->c->probe.err_name : "an error", port);
    pf_diag_evidence(d, f, "%%UserProfile%%\\.wslconfig sets "
                     "networkingMode=mirrored");
    pf_wsl_remedies(d, f);
    pf_offer_other_port(d, f, 0);
    return 1;
}

static pf_process_t *
pf_wsl_holder(const pf_diag_t *d)
{
    const pf_array_t *ps = &d->c->facts.processes;
    size_t            i;

    for (i = 0; i < ps->nelts; i++) {
        pf_process_t *p = &PF_ARRAY_AT(ps, pf_process_t, i);

        if (pf_diag_is_wsl_relay(p)) {
            return p;
        }
    }
    return NULL;
}

int
pf_rule_wsl(pf_diag_t *d)
{
    pf_process_t *p;
    pf_finding_t *f;
    pf_remedy_t  *r;
    unsigned      port = d->c->target.port;
    size_t        i;

    if (!pf_diag_holders_apply(d)) {
        return 0;
    }
    if ((p = pf_wsl_holder(d)) == NULL) {
        return pf_wsl_mirrored(d);
    }
    f = pf_diag_finding(d, PF_CAUSE_WSL, PF_SURE,
                        "port %u is forwarded by WSL2 (%s, PID %ld) to a "
                        "Linux program listening on it inside WSL",
                        port, p->name, p->pid);
    pf_diag_holder(d, f, p);
    for (i = 0; i < d->c->facts.listeners.nelts; i++) {
        pf_diag_evidence(d, f, "%s", pf_diag_listener_text(d,
                         &PF_ARRAY_AT(&d->c->facts.listeners,
                                      pf_listener_t, i)));
    }
    pf_diag_evidence(d, f, "%s is WSL2's localhost forwarding: it listens "
                     "on 127.0.0.1 and ::1 for each port a Linux process "
                     "in WSL listens on", p->name);
    pf_wsl_remedies(d, f);
    r = pf_diag_remedy(d, f, &pf_wsl_fix_wsl_no_forwarding,
                       "or keep WSL from taking Windows' localhost ports: "
                       "set localhostForwarding=false under [wsl2] in "
                       "%%UserProfile%%\\.wslconfig, then restart WSL");
    pf_diag_command(d, r, "wsl --shutdown");
    pf_offer_other_port(d, f, 0);
    return 1;
}
