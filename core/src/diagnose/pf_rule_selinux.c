/*
 * selinux: EACCES where the port number is not the reason (root, or a
 * port above the unprivileged start) and SELinux is enforcing: the port
 * is not labelled for the web server's domain.
 */
#include "pf_diagnose.h"

/* The remedies this file offers: id, what fix --apply does, whether it
 * needs root or Administrator (pf_diag_remedy). */
static const pf_diag_offer_t
    pf_selinux_fix_semanage_port = { "semanage-port", PF_ACTION_NONE, 1 },
    pf_selinux_fix_selinux_audit = { "selinux-audit", PF_ACTION_NONE, 1 };

static int
pf_selinux_applies(const pf_diag_t *d)
{
    const pf_probe_t *p = &d->c->probe;

    if (d->host->selinux != 1 || p->errspace != PF_ERRSPACE_POSIX) {
        return 0;
    }
    return p->status == PF_STATUS_DENIED
           || (p->status == PF_STATUS_PRIVILEGED
               && (d->host->is_admin || d->host->cap_net_bind_service == 1));
}

int
pf_rule_selinux(pf_diag_t *d)
{
    unsigned      port = d->c->target.port;
    pf_finding_t *f;
    pf_remedy_t  *r;

    if (!pf_selinux_applies(d)) {
        return 0;
    }
    f = pf_diag_finding(d, PF_CAUSE_SELINUX, PF_LIKELY,
                        "SELinux does not let the web server bind port %u: "
                        "the port is not labelled http_port_t", port);
    pf_diag_evidence(d, f, "SELinux is enforcing");
    pf_diag_evidence(d, f, "bind() failed with %s although %s",
                     d->c->probe.err_name ? d->c->probe.err_name : "EACCES",
                     d->host->is_admin ? "running as root"
                                       : "the port is not privileged");
    r = pf_diag_remedy(d, f, &pf_selinux_fix_semanage_port,
                       "label port %u for web servers", port);
    pf_diag_command(d, r, "semanage port -a -t http_port_t -p tcp %u", port);
    r = pf_diag_remedy(d, f, &pf_selinux_fix_selinux_audit,
                       "see the denial and the ports already labelled");
    pf_diag_command(d, r, "ausearch -m avc -ts recent | grep name_bind");
    pf_diag_command(d, r, "semanage port -l | grep -w http_port_t");
    pf_offer_other_port(d, f, 0);
    return 1;
}
