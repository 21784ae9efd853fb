/*
 * unsupported: EAFNOSUPPORT.  The address family is not available here,
 * in practice IPv6 switched off (ipv6.disable=1, a container without it).
 */
#include "pf_diagnose.h"

/* The remedies this file offers: id, what fix --apply does, whether it
 * needs root or Administrator (pf_diag_remedy). */
static const pf_diag_offer_t
    pf_unsupported_fix_use_ipv4 = { "use-ipv4", PF_ACTION_NONE, 0 };

int
pf_rule_unsupported(pf_diag_t *d)
{
    pf_check_t   *c = d->c;
    pf_finding_t *f;
    pf_remedy_t  *r;

    if (c->probe.status != PF_STATUS_UNSUPPORTED) {
        return 0;
    }
    if (c->target.family == PF_FAMILY_INET6) {
        f = pf_diag_finding(d, PF_CAUSE_UNSUPPORTED, PF_SURE,
                            "IPv6 is not available on this host, so %s "
                            "cannot be bound", c->target.address);
    } else {
        f = pf_diag_finding(d, PF_CAUSE_UNSUPPORTED, PF_LIKELY,
                            "the address family of %s is not available on "
                            "this host", c->target.address);
    }
    pf_diag_evidence(d, f, "bind() failed with %s (%d)",
                     c->probe.err_name ? c->probe.err_name : "EAFNOSUPPORT",
                     c->probe.err);
    if (d->host->ipv6 == 0) {
        pf_diag_evidence(d, f, "the host has no IPv6 support");
    }
    r = pf_diag_remedy(d, f, &pf_unsupported_fix_use_ipv4,
                       "use an IPv4 address instead");
    pf_offer_listen_commands(d, r, "0.0.0.0", c->target.port);
    return 1;
}
