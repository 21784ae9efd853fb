/*
 * same-server: every holder is this server itself (a restart, a graceful
 * reload, a second start of the same configuration).  Not a conflict:
 * pf_check_is_conflict() treats this cause so.  When every holder is an
 * older generation (workers of the cycle before a reload, what is left of
 * a server stopped just before), the port is on its way back: the server
 * retries, and pf_check_verdict() says PF_VERDICT_SELF_EXITING.
 */
#include "pf_diagnose.h"

static const char *
pf_same_server_name(pf_server_t s)
{
    return s == PF_SERVER_APACHE ? "Apache" : s == PF_SERVER_NGINX ? "nginx"
                                                                  : "server";
}

static int
pf_same_all_old(const pf_array_t *ps)
{
    size_t i;

    for (i = 0; i < ps->nelts; i++) {
        if (!PF_ARRAY_AT(ps, pf_process_t, i).old_generation) {
            return 0;
        }
    }
    return ps->nelts > 0;
}

int
pf_rule_same_server(pf_diag_t *d)
{
    const pf_array_t *ps = &d->c->facts.processes;
    pf_finding_t     *f;
    size_t            i;

    if (!pf_diag_holders_apply(d) || ps->nelts == 0) {
        return 0;
    }
    for (i = 0; i < ps->nelts; i++) {
        if (!PF_ARRAY_AT(ps, pf_process_t, i).is_self) {
            return 0;
        }
    }
    if (d->c->facts.running_pid > 0) {
        f = pf_diag_finding(d, PF_CAUSE_SAME_SERVER, PF_SURE,
                            "already running: this %s, PID %ld",
                            pf_same_server_name(d->c->target.server),
                            d->c->facts.running_pid);
        pf_diag_evidence(d, f, "PID %ld is named by %s, this "
                         "configuration's pid file", d->c->facts.running_pid,
                         d->c->target.pid_file);
    } else if (d->c->target.family == PF_FAMILY_UNIX) {
        f = pf_diag_finding(d, PF_CAUSE_SAME_SERVER, PF_SURE,
                            pf_same_all_old(ps)
                            ? "unix:%s is held by this server itself, "
                              "still shutting down"
                            : "unix:%s is held by this server itself",
                            d->c->target.path);
    } else {
        f = pf_diag_finding(d, PF_CAUSE_SAME_SERVER, PF_SURE,
                            pf_same_all_old(ps)
                            ? "port %u is held by this server itself, still "
                              "shutting down (an older generation that "
                              "exits once its connections are done)"
                            : "port %u is held by this server itself",
                            d->c->target.port);
    }
    for (i = 0; i < ps->nelts; i++) {
        pf_process_t *p = &PF_ARRAY_AT(ps, pf_process_t, i);

        pf_diag_holder(d, f, p);
        pf_diag_evidence(d, f, "PID %ld (%s) is this server's%s", p->pid,
                         p->name ? p->name : "?",
                         p->old_generation ? ", an older generation" : "");
    }
    return 1;
}
