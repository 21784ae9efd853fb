/*
 * docker-desktop: Docker Desktop publishes a container's port on the
 * Windows side through its own forwarder (com.docker.backend.exe today,
 * vpnkit.exe and com.docker.proxy.exe in older versions).  The holder to
 * stop is the container; the forwarder lets go when it stops.
 */
#include "pf_diagnose.h"

/* The remedies this file offers: id, what fix --apply does, whether it
 * needs root or Administrator (pf_diag_remedy). */
static const pf_diag_offer_t
    pf_dd_fix_docker_find = { "docker-find", PF_ACTION_NONE, 0 };

static pf_process_t *
pf_dd_holder(const pf_diag_t *d)
{
    const pf_array_t *ps = &d->c->facts.processes;
    size_t            i;

    for (i = 0; i < ps->nelts; i++) {
        pf_process_t *p = &PF_ARRAY_AT(ps, pf_process_t, i);

        if (pf_diag_is_docker_desktop(p)) {
            return p;
        }
    }
    return NULL;
}

int
pf_rule_docker_desktop(pf_diag_t *d)
{
    pf_process_t *p;
    pf_finding_t *f;
    pf_remedy_t  *r;
    unsigned      port = d->c->target.port;
    size_t        i;

    if (!pf_diag_holders_apply(d) || (p = pf_dd_holder(d)) == NULL) {
        return 0;
    }
    f = pf_diag_finding(d, PF_CAUSE_DOCKER_DESKTOP, PF_SURE,
                        "port %u is published by Docker Desktop (%s, PID "
                        "%ld) for a container", port, p->name, p->pid);
    pf_diag_holder(d, f, p);
    for (i = 0; i < d->c->facts.listeners.nelts; i++) {
        pf_diag_evidence(d, f, "%s", pf_diag_listener_text(d,
                         &PF_ARRAY_AT(&d->c->facts.listeners,
                                      pf_listener_t, i)));
    }
    pf_diag_evidence(d, f, "%s is Docker Desktop's port forwarder: it "
                     "listens on Windows for each port a container "
                     "publishes", p->name);
    r = pf_diag_remedy(d, f, &pf_dd_fix_docker_find,
                       "find the container that publishes port %u, then "
                       "stop it (docker stop NAME) or publish it "
                       "elsewhere", port);
    pf_diag_command(d, r, "docker ps --filter publish=%u", port);
    pf_offer_other_port(d, f, 0);
    return 1;
}
