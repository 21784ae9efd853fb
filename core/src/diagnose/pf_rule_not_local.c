/*
 * not-local: EADDRNOTAVAIL.  The address is not one of this host's, often
 * because an interface is not up yet at boot, or the configuration came
 * from another machine.
 */
#include <string.h>

#include "pf_diagnose.h"

/* The remedies this file offers: id, what fix --apply does, whether it
 * needs root or Administrator (pf_diag_remedy). */
static const pf_diag_offer_t
    pf_not_local_fix_nonlocal_bind = { "nonlocal-bind", PF_ACTION_NONE, 1 },
    pf_not_local_fix_listen_any = { "listen-any", PF_ACTION_NONE, 0 };

static void
pf_not_local_nonlocal_bind(pf_diag_t *d, pf_finding_t *f)
{
    pf_remedy_t *r;
    const char  *v = d->c->target.family == PF_FAMILY_INET6 ? "ipv6"
                                                             : "ipv4";

    r = pf_diag_remedy(d, f, &pf_not_local_fix_nonlocal_bind,
                       "if the address comes up later (at boot, with a "
                       "failover address), allow binding it before that");
    pf_diag_command(d, r, "sysctl net.%s.ip_nonlocal_bind=1", v);
}

int
pf_rule_not_local(pf_diag_t *d)
{
    pf_check_t   *c = d->c;
    pf_finding_t *f;
    pf_remedy_t  *r;
    const char   *addrs;

    if (c->probe.status != PF_STATUS_NOT_LOCAL) {
        return 0;
    }
    f = pf_diag_finding(d, PF_CAUSE_NOT_LOCAL, PF_SURE,
                        "%s is not an address of this host",
                        c->target.address);
    addrs = pf_diag_join(d, &d->host->local_addresses, ", ");
    if (addrs != NULL) {
        pf_diag_evidence(d, f, "this host's addresses: %s", addrs);
    } else {
        pf_diag_evidence(d, f, "this host's addresses could not be read");
    }
    pf_diag_evidence(d, f, "bind() to %s port %u failed with %s",
                     c->target.address, c->target.port,
                     c->probe.err_name ? c->probe.err_name : "EADDRNOTAVAIL");

    r = pf_diag_remedy(d, f, &pf_not_local_fix_listen_any,
                       addrs ? "listen on every address, or on one of: %s"
                             : "listen on every address%s",
                       addrs ? addrs : "");
    pf_offer_listen_commands(d, r,
                             c->target.family == PF_FAMILY_INET6 ? "::"
                                                                   : "0.0.0.0",
                             c->target.port);
    if (d->host->platform != NULL && strcmp(d->host->platform, "linux") == 0)
    {
        pf_not_local_nonlocal_bind(d, f);
    }
    return 1;
}
