/*
 * socket-unit: systemd (pid 1) holds the port for a .socket unit and
 * starts the service on the first connection.  Stopping the service alone
 * does not free the port: the socket unit must go.
 */
#include "pf_diagnose.h"

/* The remedies this file offers: id, what fix --apply does, whether it
 * needs root or Administrator (pf_diag_remedy). */
static const pf_diag_offer_t
    pf_socket_unit_fix_check_socket_unit =
        { "check-socket-unit", PF_ACTION_NONE, 1 },
    pf_socket_unit_fix_find_socket_unit =
        { "find-socket-unit", PF_ACTION_NONE, 0 };

static pf_process_t *
pf_socket_unit_systemd(pf_diag_t *d)
{
    const pf_array_t *ps = &d->c->facts.processes;
    size_t            i;

    for (i = 0; i < ps->nelts; i++) {
        pf_process_t *p = &PF_ARRAY_AT(ps, pf_process_t, i);

        if (pf_diag_is_systemd(d, p)) {
            return p;
        }
    }
    return NULL;
}

/* Only a unit file names it (systemd did not answer): that proves what
 * would listen, not what does, so it is advice. */
static void
pf_socket_unit_advice(pf_diag_t *d, pf_finding_t *f,
                      const pf_socket_unit_t *u)
{
    pf_remedy_t *r;

    r = pf_diag_remedy(d, f, &pf_socket_unit_fix_check_socket_unit,
                       "only its unit file names %s (systemd did not "
                       "answer): check, then stop it", u->unit);
    pf_diag_command(d, r, "systemctl list-sockets --all | grep ':%u'",
                    d->c->target.port);
    pf_diag_command(d, r, "systemctl disable --now %s", u->unit);
}

static void
pf_socket_unit_known(pf_diag_t *d, pf_finding_t *f)
{
    const pf_array_t *us = &d->c->facts.socket_units;
    size_t            i;

    for (i = 0; i < us->nelts; i++) {
        pf_socket_unit_t *u = &PF_ARRAY_AT(us, pf_socket_unit_t, i);

        pf_diag_evidence(d, f, "%s listens on %s%s%s", u->unit,
                         u->listen ? u->listen : "this port",
                         u->activates ? " and activates " : "",
                         u->activates ? u->activates : "");
        if (u->from_files) {
            pf_socket_unit_advice(d, f, u);
        } else {
            pf_offer_units(d, f, u->unit);
        }
    }
}

static void
pf_socket_unit_unknown(pf_diag_t *d, pf_finding_t *f)
{
    pf_remedy_t *r;

    pf_diag_evidence(d, f, "the socket units could not be listed");
    r = pf_diag_remedy(d, f, &pf_socket_unit_fix_find_socket_unit,
                       "find the socket unit, then stop and disable it");
    pf_diag_command(d, r, "systemctl list-sockets --all | grep ':%u'",
                    d->c->target.port);
    pf_diag_command(d, r, "systemctl disable --now NAME.socket");
}

int
pf_rule_socket_unit(pf_diag_t *d)
{
    const pf_array_t *us = &d->c->facts.socket_units;
    pf_process_t     *systemd;
    pf_finding_t     *f;

    if (!pf_diag_holders_apply(d)) {
        return 0;
    }
    systemd = pf_socket_unit_systemd(d);
    if (systemd == NULL && us->nelts == 0) {
        return 0;
    }
    if (us->nelts > 0) {
        const pf_socket_unit_t *u = &PF_ARRAY_AT(us, pf_socket_unit_t, 0);

        f = pf_diag_finding(d, PF_CAUSE_SOCKET_UNIT,
                            systemd ? PF_SURE : PF_LIKELY,
                            "port %u is held by systemd for the socket "
                            "unit %s%s%s", d->c->target.port, u->unit,
                            u->activates ? ", which starts " : "",
                            u->activates ? u->activates : "");
    } else {
        f = pf_diag_finding(d, PF_CAUSE_SOCKET_UNIT, PF_LIKELY,
                            "port %u is held by systemd (PID 1), "
                            "probably for a socket unit", d->c->target.port);
    }
    if (systemd != NULL) {
        pf_diag_holder(d, f, systemd);
        pf_diag_evidence(d, f, "PID 1 (%s) holds the listening socket",
                         systemd->name ? systemd->name : "systemd");
    }
    if (us->nelts > 0) {
        pf_socket_unit_known(d, f);
    } else {
        pf_socket_unit_unknown(d, f);
    }
    pf_offer_other_port(d, f, 0);
    return 1;
}
