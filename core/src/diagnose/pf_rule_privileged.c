/*
 * privileged-port: EACCES for a port below net.ipv4.ip_unprivileged_port_
 * start, for a user who is not root and lacks CAP_NET_BIND_SERVICE.
 * Apache and nginx normally start as root and switch user after binding;
 * this is what a rootless start runs into.
 */
#include "pf_diagnose.h"

/* The remedies this file offers: id, what fix --apply does, whether it
 * needs root or Administrator (pf_diag_remedy). */
static const pf_diag_offer_t
    pf_privileged_fix_setcap = { "setcap", PF_ACTION_NONE, 1 },
    pf_privileged_fix_sysctl_unprivileged_port =
        { "sysctl-unprivileged-port", PF_ACTION_NONE, 1 },
    pf_privileged_fix_run_as_root = { "run-as-root", PF_ACTION_NONE, 1 },
    pf_privileged_fix_ambient_capability =
        { "ambient-capability", PF_ACTION_NONE, 1 };

/* Where Debian-like systems install the servers, when nothing better is
 * known: the setcap command must name a file. */
static const char *
pf_privileged_exe(const pf_diag_t *d, pf_server_t s)
{
    if (d->ctx->server_exe != NULL) {
        return d->ctx->server_exe;
    }
    switch (s) {
    case PF_SERVER_APACHE:
        return "/usr/sbin/apache2";
    case PF_SERVER_NGINX:
        return "/usr/sbin/nginx";
    default:
        return NULL;
    }
}

static const char *
pf_privileged_unit(const pf_diag_t *d)
{
    if (d->ctx->server_unit != NULL) {
        return d->ctx->server_unit;
    }
    return d->ctx->server == PF_SERVER_APACHE ? "apache2.service"
           : d->ctx->server == PF_SERVER_NGINX ? "nginx.service"
           : "YOUR-SERVER.service";
}

static void
pf_privileged_evidence(pf_diag_t *d, pf_finding_t *f)
{
    const pf_host_facts_t *h = d->host;

    if (h->unprivileged_port_start >= 0) {
        pf_diag_evidence(d, f, "port %u < net.ipv4.ip_unprivileged_port_"
                         "start=%d", d->c->target.port,
                         h->unprivileged_port_start);
    } else {
        pf_diag_evidence(d, f, "port %u is below the unprivileged port "
                         "start (1024 unless changed)", d->c->target.port);
    }
    if (h->euid >= 0) {
        pf_diag_evidence(d, f, "running as euid %ld, not root", h->euid);
    }
    if (h->cap_net_bind_service == 0) {
        pf_diag_evidence(d, f, "CAP_NET_BIND_SERVICE is missing");
    } else if (h->cap_net_bind_service < 0) {
        pf_diag_evidence(d, f, "CAP_NET_BIND_SERVICE could not be read");
    }
}

static void
pf_privileged_setcap(pf_diag_t *d, pf_finding_t *f)
{
    const char  *exe = pf_privileged_exe(d, d->ctx->server);
    pf_remedy_t *r;

    r = pf_diag_remedy(d, f, &pf_privileged_fix_setcap,
                       "let the server binary bind low ports");
    if (exe != NULL) {
        exe = pf_sh_quote(d->pool, exe);
        if (exe != NULL) {
            pf_diag_command(d, r, "setcap cap_net_bind_service=+ep %s", exe);
        }
        return;
    }
    pf_diag_command(d, r, "setcap cap_net_bind_service=+ep %s   # Apache",
                    pf_privileged_exe(d, PF_SERVER_APACHE));
    pf_diag_command(d, r, "setcap cap_net_bind_service=+ep %s   # nginx",
                    pf_privileged_exe(d, PF_SERVER_NGINX));
}

static void
pf_privileged_sysctl(pf_diag_t *d, pf_finding_t *f)
{
    unsigned     port = d->c->target.port;
    pf_remedy_t *r;

    r = pf_diag_remedy(d, f, &pf_privileged_fix_sysctl_unprivileged_port,
                       "let every user bind ports from %u up", port);
    pf_diag_command(d, r, "sysctl net.ipv4.ip_unprivileged_port_start=%u",
                    port);
    pf_diag_command(d, r, "echo 'net.ipv4.ip_unprivileged_port_start=%u' "
                    "> /etc/sysctl.d/50-unprivileged-port.conf", port);
}

static void
pf_privileged_root_or_unit(pf_diag_t *d, pf_finding_t *f)
{
    pf_remedy_t *r;

    /* advice without a command: how it is started is the user's own */
    (void) pf_diag_remedy(d, f, &pf_privileged_fix_run_as_root,
                          "start the server as root: Apache and nginx bind "
                          "first, then switch to their User/user");
    if (d->host->systemd) {
        r = pf_diag_remedy(d, f, &pf_privileged_fix_ambient_capability,
                           "give the server's systemd unit the "
                           "capability: add AmbientCapabilities="
                           "CAP_NET_BIND_SERVICE under [Service]");
        if (pf_unit_name_ok(pf_privileged_unit(d))) {
            pf_diag_command(d, r, "systemctl edit %s",
                            pf_sh_quote(d->pool, pf_privileged_unit(d)));
        }
    }
}

int
pf_rule_privileged(pf_diag_t *d)
{
    pf_finding_t *f;

    /* a socket on the port makes it held (pf_report_gather): only a
     * port that would be free for root is a matter of privilege */
    if (d->c->probe.status != PF_STATUS_PRIVILEGED || d->host->is_admin
        || d->host->cap_net_bind_service == 1
        || d->c->facts.listeners.nelts > 0)
    {
        return 0;
    }
    f = pf_diag_finding(d, PF_CAUSE_PRIVILEGED_PORT, PF_SURE,
                        "port %u is privileged: only root or a process "
                        "with CAP_NET_BIND_SERVICE may bind it",
                        d->c->target.port);
    pf_privileged_evidence(d, f);
    pf_privileged_setcap(d, f);
    pf_privileged_sysctl(d, f);
    pf_privileged_root_or_unit(d, f);
    pf_offer_other_port(d, f, 1024);
    return 1;
}
