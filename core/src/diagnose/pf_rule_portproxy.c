/*
 * portproxy: IP Helper (iphlpsvc, in a shared svchost.exe) listens on the
 * port because a `netsh interface portproxy` rule tells it to forward
 * connections elsewhere.  The fix is deleting that rule: stopping IP
 * Helper would also take IPv6 transition, IP-HTTPS and every other rule
 * down, so it is never offered.
 */
#include <string.h>

#include "pf_diagnose.h"

/* The remedies this file offers: id, what fix --apply does, whether it
 * needs root or Administrator (pf_diag_remedy). */
static const pf_diag_offer_t
    pf_portproxy_fix_delete_portproxy =
        { "delete-portproxy", PF_ACTION_NONE, 1 },
    pf_portproxy_fix_show_portproxy = { "show-portproxy", PF_ACTION_NONE, 0 };

static pf_process_t *
pf_portproxy_holder(const pf_diag_t *d)
{
    const pf_array_t *ps = &d->c->facts.processes;
    size_t            i;

    for (i = 0; i < ps->nelts; i++) {
        pf_process_t *p = &PF_ARRAY_AT(ps, pf_process_t, i);

        if (pf_diag_is_portproxy_holder(d, p)) {
            return p;
        }
    }
    return NULL;
}

/* An address or host name as netsh takes it; anything else (the
 * registry is text anyone with admin rights wrote) is never put into a
 * command to paste. */
static int
pf_portproxy_address_ok(const char *a)
{
    const char *p;

    if (a == NULL || *a == '\0' || strlen(a) > 255) {
        return 0;
    }
    for (p = a; *p != '\0'; p++) {
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z')
              || (*p >= 'A' && *p <= 'Z') || strchr(".:-_%*", *p) != NULL))
        {
            return 0;
        }
    }
    return 1;
}

static void
pf_portproxy_delete(pf_diag_t *d, pf_finding_t *f, const pf_portproxy_t *pp)
{
    int          any = pp->listen_address == NULL
                       || pp->listen_address[0] == '*';
    pf_remedy_t *r;

    if (!any && !pf_portproxy_address_ok(pp->listen_address)) {
        return;
    }

    r = pf_diag_remedy(d, f, &pf_portproxy_fix_delete_portproxy,
                       "delete the portproxy rule if nothing needs it "
                       "(IP Helper stops listening on port %u at once)",
                       pp->listen_port);
    pf_diag_command(d, r, "netsh interface portproxy delete %s "
                    "listenport=%u%s%s", pp->kind ? pp->kind : "v4tov4",
                    pp->listen_port, any ? "" : " listenaddress=",
                    any ? "" : pp->listen_address);
}

int
pf_rule_portproxy(pf_diag_t *d)
{
    pf_process_t         *p;
    const pf_portproxy_t *pp;
    pf_finding_t         *f;
    pf_remedy_t          *r;
    size_t                i;

    if (!pf_diag_holders_apply(d) || (p = pf_portproxy_holder(d)) == NULL) {
        return 0;
    }
    pp = pf_diag_portproxy(d);
    if (pp != NULL) {
        f = pf_diag_finding(d, PF_CAUSE_PORTPROXY, PF_SURE,
                            "port %u is held by IP Helper (iphlpsvc, %s PID "
                            "%ld) for the portproxy rule %s %s:%u -> %s:%u",
                            d->c->target.port,
                            p->name ? p->name : "svchost.exe", p->pid,
                            pp->kind ? pp->kind : "?", pp->listen_address,
                            pp->listen_port, pp->connect_address,
                            pp->connect_port);
        pf_diag_evidence(d, f, "netsh interface portproxy rule %s: listen "
                         "on %s:%u, connect to %s:%u (registry "
                         "HKLM\\SYSTEM\\CurrentControlSet\\Services\\"
                         "PortProxy)", pp->kind ? pp->kind : "?",
                         pp->listen_address, pp->listen_port,
                         pp->connect_address, pp->connect_port);
    } else {
        f = pf_diag_finding(d, PF_CAUSE_PORTPROXY, PF_LIKELY,
                            "port %u is held by IP Helper (iphlpsvc, %s PID "
                            "%ld), most likely for a portproxy rule",
                            d->c->target.port,
                            p->name ? p->name : "svchost.exe", p->pid);
        pf_diag_evidence(d, f, "the portproxy rules could not be read");
    }
    pf_diag_holder(d, f, p);
    for (i = 0; i < d->c->facts.listeners.nelts; i++) {
        pf_diag_evidence(d, f, "%s", pf_diag_listener_text(d,
                         &PF_ARRAY_AT(&d->c->facts.listeners,
                                      pf_listener_t, i)));
    }
    pf_diag_evidence(d, f, "PID %ld runs the service iphlpsvc (IP Helper), "
                     "which listens for every portproxy rule", p->pid);
    if (pp != NULL) {
        pf_portproxy_delete(d, f, pp);
    }
    r = pf_diag_remedy(d, f, &pf_portproxy_fix_show_portproxy,
                       "see every portproxy rule");
    pf_diag_command(d, r, "netsh interface portproxy show all");
    pf_offer_other_port(d, f, 0);
    return 1;
}
