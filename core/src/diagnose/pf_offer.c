/*
 * Remedies that more than one rule offers.  A remedy is advice with exact
 * commands; its action and subject tell `preflight fix` what it may do.
 * Killing a process is never an action: only units and services, which
 * their managers stop cleanly and can start again on undo.
 */
#include <string.h>

#include "pf_diagnose.h"

/* The remedies this file offers: id, what fix --apply does, whether it
 * needs root or Administrator (pf_diag_remedy). */
static const pf_diag_offer_t
    pf_offer_fix_stop_unit = { "stop-unit", PF_ACTION_STOP_UNIT, 1 },
    pf_offer_fix_stop_unit_by_hand = { "stop-unit", PF_ACTION_NONE, 1 },
    pf_offer_fix_disable_unit = { "disable-unit", PF_ACTION_DISABLE_UNIT, 1 },
    pf_offer_fix_other_port = { "other-port", PF_ACTION_CHANGE_PORT, 0 },
    pf_offer_fix_stop_service_by_hand = { "stop-service", PF_ACTION_NONE, 1 },
    pf_offer_fix_stop_service = { "stop-service", PF_ACTION_STOP_SERVICE, 1 },
    pf_offer_fix_disable_service =
        { "disable-service", PF_ACTION_DISABLE_SERVICE, 1 },
    pf_offer_fix_inspect_as_admin = { "inspect-as-admin", PF_ACTION_NONE, 1 },
    pf_offer_fix_inspect_as_root = { "inspect-as-root", PF_ACTION_NONE, 1 },
    pf_offer_fix_look = { "look", PF_ACTION_NONE, 0 },
    pf_offer_fix_stop_process = { "stop-process", PF_ACTION_NONE, 1 },
    pf_offer_fix_stop_own_process = { "stop-process", PF_ACTION_NONE, 0 };

static int
pf_offer_is_wildcard(const char *address)
{
    return address == NULL || strcmp(address, "*") == 0
           || address[0] == '\0';
}

/* The server the line is for: the target's own, else the checked one. */
static pf_server_t
pf_offer_server(const pf_diag_t *d)
{
    return d->c->target.server != PF_SERVER_ANY ? d->c->target.server
                                                : d->ctx->server;
}

static const char *
pf_offer_listen_for(pf_diag_t *d, pf_server_t server, const char *address,
                    unsigned port)
{
    int v6 = address != NULL && strchr(address, ':') != NULL;

    if (pf_offer_is_wildcard(address)) {
        return server == PF_SERVER_APACHE
               ? pf_diag_sprintf(d, "Listen %u", port)
               : pf_diag_sprintf(d, "listen %u;", port);
    }
    if (server == PF_SERVER_APACHE) {
        return pf_diag_sprintf(d, v6 ? "Listen [%s]:%u" : "Listen %s:%u",
                               address, port);
    }
    return pf_diag_sprintf(d, v6 ? "listen [%s]:%u;" : "listen %s:%u;",
                           address, port);
}

/* The configuration line that makes the server listen there. */
const char *
pf_offer_listen_line(pf_diag_t *d, const char *address, unsigned port)
{
    pf_server_t server = pf_offer_server(d);

    if (server != PF_SERVER_ANY) {
        return pf_offer_listen_for(d, server, address, port);
    }
    return pf_diag_sprintf(d, "%s (Apache) or %s (nginx)",
                           pf_offer_listen_for(d, PF_SERVER_APACHE, address,
                                               port),
                           pf_offer_listen_for(d, PF_SERVER_NGINX, address,
                                               port));
}

/* A bare port checked for no server in particular: both servers' lines,
 * each one a line to copy. */
void
pf_offer_listen_commands(pf_diag_t *d, pf_remedy_t *r, const char *address,
                         unsigned port)
{
    if (pf_offer_server(d) != PF_SERVER_ANY) {
        pf_diag_command(d, r, "%s", pf_offer_listen_line(d, address, port));
        return;
    }
    pf_diag_command(d, r, "%s   # Apache",
                    pf_offer_listen_for(d, PF_SERVER_APACHE, address, port));
    pf_diag_command(d, r, "%s   # nginx",
                    pf_offer_listen_for(d, PF_SERVER_NGINX, address, port));
}

/* Root needs no sudo. */
static const char *
pf_offer_sudo(const pf_diag_t *d)
{
    return d->host->is_admin || d->host->euid == 0 ? "" : "sudo ";
}

/* What to type after `preflight explain`: the port alone for "*:80". */
static const char *
pf_offer_target_arg(pf_diag_t *d)
{
    char name[PF_ADDRSTRLEN + 16];

    if (pf_offer_is_wildcard(d->c->target.address)) {
        return pf_diag_sprintf(d, "%u", d->c->target.port);
    }
    return pf_diag_sprintf(d, "%s",
                           pf_target_name(&d->c->target, name, sizeof(name)));
}

static int
pf_offer_host_is_windows(const pf_diag_t *d)
{
    return d->host->platform != NULL
           && strcmp(d->host->platform, "windows") == 0;
}

/* Several holders in one unit or service get one remedy. */
static int
pf_offer_has_subject(const pf_finding_t *f, pf_action_t action,
                     const char *subject)
{
    size_t i;

    for (i = 0; f != NULL && i < f->remedies.nelts; i++) {
        const pf_remedy_t *r = &PF_ARRAY_AT(&f->remedies, pf_remedy_t, i);

        if (r->action == action && r->subject != NULL
            && strcmp(r->subject, subject) == 0)
        {
            return 1;
        }
    }
    return 0;
}

void
pf_offer_units(pf_diag_t *d, pf_finding_t *f, const char *unit)
{
    const char  *q;
    pf_remedy_t *r;

    if (pf_offer_has_subject(f, PF_ACTION_STOP_UNIT, unit)) {
        return;
    }

    /* the server's own unit is never stopped by its own check */
    if (d->ctx->server_unit != NULL
        && strcmp(d->ctx->server_unit, unit) == 0)
    {
        return;
    }
    /* a cgroup directory name is anybody's choice: one that is no unit
     * name is never acted on nor put into a command */
    if (!pf_unit_name_ok(unit)) {
        (void) pf_diag_remedy(d, f, &pf_offer_fix_stop_unit_by_hand,
                              "stop the holder by hand: '%s' is not a "
                              "valid unit name, so no command is offered",
                              pf_inert(d->pool, unit));
        return;
    }
    q = pf_sh_quote(d->pool, unit);
    r = pf_diag_remedy(d, f, &pf_offer_fix_stop_unit,
                       "stop %s", unit);
    if (r != NULL) {
        r->subject = unit;
    }
    pf_diag_command(d, r, "systemctl stop %s", q);
    r = pf_diag_remedy(d, f, &pf_offer_fix_disable_unit,
                       "stop %s and keep it from starting at boot", unit);
    if (r != NULL) {
        r->subject = unit;
    }
    pf_diag_command(d, r, "systemctl disable --now %s", q);
}

void
pf_offer_kill(pf_diag_t *d, pf_finding_t *f, const pf_process_t *p)
{
    /* the name goes into a shell comment: inert, a newline would end it */
    const char  *name = p->name ? pf_inert(d->pool, p->name) : "the process";
    const char  *how = "started by hand";
    int          own = p->uid >= 0 && p->uid == d->host->euid;
    pf_remedy_t *r;

    if (p->unit != NULL) {
        how = pf_diag_sprintf(d, "in %s", pf_inert(d->pool, p->unit));
    } else if (p->cgroup_unit != NULL && p->unit_kind == PF_UNIT_USER) {
        how = pf_diag_sprintf(d, "in user unit %s of uid %ld",
                              pf_inert(d->pool, p->cgroup_unit), p->unit_uid);
    } else if (p->cgroup_unit != NULL) {
        how = pf_diag_sprintf(d, "in %s", pf_inert(d->pool, p->cgroup_unit));
    }
    r = pf_diag_remedy(d, f, own ? &pf_offer_fix_stop_own_process
                                 : &pf_offer_fix_stop_process,
                       "stop %s (PID %ld) yourself, if it is not needed: "
                       "preflight never kills a process", name, p->pid);
    if (pf_offer_host_is_windows(d)) {
        /* cmd.exe has no comment after a command: taskkill would take the
         * words as arguments and an '&' in a name would start a command */
        pf_diag_command(d, r, "taskkill /PID %ld", p->pid);
    } else {
        pf_diag_command(d, r, "kill %ld   # %s, %s", p->pid, name, how);
    }
}

void
pf_offer_other_port(pf_diag_t *d, pf_finding_t *f, unsigned min_port)
{
    unsigned     port = d->c->facts.free_port_nearby;
    pf_remedy_t *r;

    if (port == 0 || port < min_port) {
        return;
    }
    r = pf_diag_remedy(d, f, &pf_offer_fix_other_port,
                       "use port %u instead, which is free",
                       port);
    if (r != NULL) {
        r->new_port = port;
    }
    pf_offer_listen_commands(d, r, d->c->target.address, port);
}

/* "A, B" when services that depend on `service` run; NULL else. */
static const char *
pf_offer_service_dependents(pf_diag_t *d, const char *service)
{
    const pf_array_t *ss = &d->c->facts.services;
    size_t            i;

    for (i = 0; i < ss->nelts; i++) {
        const pf_service_t *s = &PF_ARRAY_AT(ss, pf_service_t, i);

        if (s->name != NULL && strcmp(s->name, service) == 0) {
            return pf_diag_join(d, &s->dependents, ", ");
        }
    }
    return NULL;
}

void
pf_offer_services(pf_diag_t *d, pf_finding_t *f, const char *service)
{
    const char  *q = pf_service_name_ok(service)
                     ? pf_cmd_quote(d->pool, service) : NULL;
    pf_remedy_t *r;
    const char  *deps;

    if (pf_offer_has_subject(f, PF_ACTION_STOP_SERVICE, service)) {
        return;
    }

    if (q == NULL) {
        (void) pf_diag_remedy(d, f, &pf_offer_fix_stop_service_by_hand,
                              "stop the service by hand: '%s' is not a "
                              "service name preflight puts into a command",
                              pf_inert(d->pool, service));
        return;
    }
    deps = pf_offer_service_dependents(d, service);
    if (deps != NULL) {
        deps = pf_inert(d->pool, deps);
    }
    r = pf_diag_remedy(d, f, &pf_offer_fix_stop_service,
                       "stop the service %s%s%s", service,
                       deps ? " and the running services that depend on "
                              "it, first: " : "", deps ? deps : "");
    if (r != NULL) {
        r->subject = service;
    }
    pf_diag_command(d, r, "net stop %s%s", q, deps ? " /y" : "");
    r = pf_diag_remedy(d, f, &pf_offer_fix_disable_service,
                       "stop %s and keep it from starting again", service);
    if (r != NULL) {
        r->subject = service;
    }
    pf_diag_command(d, r, "sc config %s start= disabled", q);
    pf_diag_command(d, r, "net stop %s%s", q, deps ? " /y" : "");
}

/* Somebody else's socket: only an administrator sees whose. */
void
pf_offer_inspect(pf_diag_t *d, pf_finding_t *f)
{
    pf_remedy_t *r;

    if (pf_offer_host_is_windows(d)) {
        r = pf_diag_remedy(d, f, &pf_offer_fix_inspect_as_admin,
                           "look again from an elevated prompt");
        pf_diag_command(d, r, "preflight explain %s", pf_offer_target_arg(d));
        pf_diag_command(d, r, "netstat -aon | findstr :%u",
                        d->c->target.port);
        return;
    }
    r = pf_diag_remedy(d, f, &pf_offer_fix_inspect_as_root,
                       "look again as root, who can see every process");
    pf_diag_command(d, r, "%spreflight explain %s", pf_offer_sudo(d),
                    pf_offer_target_arg(d));
    pf_diag_command(d, r, "%sss -ltnp 'sport = :%u'", pf_offer_sudo(d),
                    d->c->target.port);
}

/* The platform's own tool, when nothing better can be said. */
void
pf_offer_look(pf_diag_t *d, pf_finding_t *f)
{
    pf_remedy_t *r;
    unsigned     port = d->c->target.port;

    r = pf_diag_remedy(d, f, &pf_offer_fix_look,
                       "see who listens on port %u", port);
    if (pf_offer_host_is_windows(d)) {
        pf_diag_command(d, r, "netstat -aon | findstr :%u", port);
    } else if (d->host->platform != NULL
               && strcmp(d->host->platform, "linux") == 0)
    {
        pf_diag_command(d, r, "%sss -ltnp 'sport = :%u'", pf_offer_sudo(d),
                        port);
    } else {
        pf_diag_command(d, r, "%slsof -nP -iTCP:%u -sTCP:LISTEN",
                        pf_offer_sudo(d), port);
    }
}
