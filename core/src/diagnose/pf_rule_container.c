/*
 * container: docker-proxy publishes a container's port on the host
 * (docker run -p).  The container is what to stop, not the proxy.
 */
#include <string.h>

#include "pf_diagnose.h"

/* The remedies this file offers: id, what fix --apply does, whether it
 * needs root or Administrator (pf_diag_remedy). */
static const pf_diag_offer_t
    pf_container_fix_stop_rootless_container =
        { "stop-rootless-container", PF_ACTION_NONE, 0 },
    pf_container_fix_stop_container = { "stop-container", PF_ACTION_NONE, 1 },
    pf_container_fix_find_container = { "find-container", PF_ACTION_NONE, 0 };

static void
pf_container_holders(pf_diag_t *d, pf_finding_t *f)
{
    const pf_array_t *ps = &d->c->facts.processes;
    size_t            i;

    for (i = 0; i < ps->nelts; i++) {
        pf_process_t *p = &PF_ARRAY_AT(ps, pf_process_t, i);

        if (!p->is_self && pf_diag_is_proxy(d, p)) {
            pf_diag_holder(d, f, p);
        }
    }
}

static const char *
pf_container_label(pf_diag_t *d, const pf_container_t *k)
{
    if (k->name != NULL && k->id != NULL) {
        return pf_diag_sprintf(d, "%s (%.12s)", k->name, k->id);
    }
    return k->name ? k->name : k->id;
}

/* A rootless forwarder: a user's own container, which that user stops. */
static void
pf_container_rootless(pf_diag_t *d, pf_finding_t *f, const pf_container_t *k)
{
    const char  *tool = k->forwarder != NULL
                        && (strcmp(k->forwarder, "rootlesskit") == 0)
                        ? "docker" : "podman";
    pf_remedy_t *r;

    pf_diag_evidence(d, f, "%s (PID %ld, its executable a system binary) "
                     "forwards port %u/%s for a rootless container of %s",
                     k->forwarder, k->proxy_pid, k->host_port,
                     k->proto ? k->proto : "tcp",
                     pf_diag_user(d, k->uid, NULL));
    r = pf_diag_remedy(d, f, &pf_container_fix_stop_rootless_container,
                       "its user stops the container that publishes port %u "
                       "(preflight never acts on a user's containers)",
                       d->c->target.port);
    pf_diag_command(d, r, "%s ps --filter publish=%u", tool,
                    d->c->target.port);
}

static void
pf_container_one(pf_diag_t *d, pf_finding_t *f, const pf_container_t *k)
{
    const char  *q;
    pf_remedy_t *r;

    if (k->rootless) {
        pf_container_rootless(d, f, k);
        return;
    }
    pf_diag_evidence(d, f, "docker-proxy (PID %ld) forwards %s:%u/%s to "
                     "the container at %s:%u", k->proxy_pid,
                     k->host_ip ? k->host_ip : "*", k->host_port,
                     k->proto ? k->proto : "tcp",
                     k->container_ip ? k->container_ip : "?",
                     k->container_port);
    if (k->id == NULL && k->name == NULL) {
        return;
    }
    r = pf_diag_remedy(d, f, &pf_container_fix_stop_container,
                       "stop the container %s", pf_container_label(d, k));
    q = k->id != NULL ? pf_diag_sprintf(d, "%.12s", k->id) : k->name;
    q = q != NULL ? pf_sh_quote(d->pool, q) : NULL;
    if (q != NULL) {
        pf_diag_command(d, r, "docker stop %s", q);
    }
}

int
pf_rule_container(pf_diag_t *d)
{
    const pf_array_t *ks = &d->c->facts.containers;
    const pf_array_t *ps = &d->c->facts.processes;
    pf_finding_t     *f;
    pf_remedy_t      *r;
    size_t            i, proxies = 0;

    if (!pf_diag_holders_apply(d)) {
        return 0;
    }
    for (i = 0; i < ps->nelts; i++) {
        proxies += pf_diag_is_proxy(d, &PF_ARRAY_AT(ps, pf_process_t, i));
    }
    if (ks->nelts == 0 && proxies == 0) {
        return 0;
    }
    if (ks->nelts > 0 && PF_ARRAY_AT(ks, pf_container_t, 0).rootless) {
        const pf_container_t *k = &PF_ARRAY_AT(ks, pf_container_t, 0);

        f = pf_diag_finding(d, PF_CAUSE_CONTAINER, PF_LIKELY,
                            "port %u is held by %s (PID %ld), the port "
                            "forwarder of a rootless container of %s",
                            d->c->target.port, k->forwarder, k->proxy_pid,
                            pf_diag_user(d, k->uid, NULL));
    } else if (ks->nelts > 0) {
        const pf_container_t *k = &PF_ARRAY_AT(ks, pf_container_t, 0);
        const char           *who = pf_container_label(d, k);

        f = pf_diag_finding(d, PF_CAUSE_CONTAINER, PF_SURE,
                            "port %u is published by the docker container "
                            "%s (to %s:%u)", d->c->target.port,
                            who ? who : "whose name is unknown",
                            k->container_ip ? k->container_ip : "?",
                            k->container_port);
    } else {
        f = pf_diag_finding(d, PF_CAUSE_CONTAINER, PF_LIKELY,
                            "port %u is published by a docker container "
                            "through docker-proxy", d->c->target.port);
    }
    pf_container_holders(d, f);
    for (i = 0; i < ks->nelts; i++) {
        pf_container_one(d, f, &PF_ARRAY_AT(ks, pf_container_t, i));
    }
    r = pf_diag_remedy(d, f, &pf_container_fix_find_container,
                       "list the containers publishing port %u",
                       d->c->target.port);
    pf_diag_command(d, r, "docker ps --filter publish=%u", d->c->target.port);
    pf_offer_other_port(d, f, 0);
    return 1;
}
