/*
 * The rule table.  Every rule runs, in this order, and says for itself
 * whether it applies: a port can be both privileged and held, and a
 * socket both systemd's and its service's.  Rules that name holders skip
 * the holders an earlier rule explains (pf_diag_claimed), so nothing is
 * told twice.  "unknown" speaks only when nothing else did.
 */
#include "pf_diagnose.h"

static const pf_rule_pt pf_rules[] = {
    pf_rule_listen_set,         /* the server's own Listen lines collide */
    pf_rule_not_local,          /* EADDRNOTAVAIL */
    pf_rule_unsupported,        /* EAFNOSUPPORT */
    pf_rule_privileged,         /* EACCES below the unprivileged start */
    pf_rule_selinux,            /* EACCES where ports are not the reason */
    pf_rule_same_server,        /* every holder is this server */
    pf_rule_unix_socket,        /* a file at a unix socket's path */
    pf_rule_socket_unit,        /* systemd holds it for a .socket */
    pf_rule_container,          /* docker-proxy publishes a container */
    pf_rule_httpsys,            /* Windows kernel-mode listener */
    pf_rule_portproxy,          /* Windows: IP Helper for a portproxy */
    pf_rule_wsl,                /* Windows: wslrelay for WSL2 */
    pf_rule_docker_desktop,     /* Windows: Docker Desktop publishes */
    pf_rule_inherited,          /* Windows: owner gone, child holds it */
    pf_rule_process,            /* an ordinary process */
    pf_rule_hidden_process,     /* a listener whose process is hidden */
    pf_rule_excluded_range,     /* Windows: denied with nobody there */
    pf_rule_unknown,            /* nothing else matched */
    NULL
};

int
pf_diagnose(pf_pool_t *pool, const pf_context_t *ctx,
            const pf_host_facts_t *host, pf_check_t *c)
{
    pf_diag_t d;
    size_t    i;

    d.pool = pool;
    d.ctx = ctx;
    d.host = host;
    d.c = c;
    d.matched = 0;
    d.nomem = 0;

    for (i = 0; pf_rules[i] != NULL; i++) {
        pf_rules[i](&d);
        if (d.nomem) {
            return PF_ENOMEM;
        }
    }
    return PF_OK;
}
