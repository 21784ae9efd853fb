/*
 * What a step will change, in words a person checks before saying yes:
 * "service W3SVC: running -> stopped; start type auto -> disabled".
 * Pure: the states come from the facts; the journal records the real
 * ones when the step runs.
 */
#include <string.h>

#include "pf_remedy_safety.h"

static const pf_service_t *
pf_fact_service(const pf_check_t *c, const char *name)
{
    size_t i;

    for (i = 0; i < c->facts.services.nelts; i++) {
        const pf_service_t *s =
            &PF_ARRAY_AT(&c->facts.services, pf_service_t, i);

        if (s->name != NULL && pf_ascii_caseeq(s->name, name)) {
            return s;
        }
    }
    return NULL;
}

static const char *
pf_listen_address(pf_pool_t *pool, const pf_target_t *t, unsigned port)
{
    if (strcmp(t->address, "*") == 0 || t->address[0] == '\0') {
        return pf_psprintf(pool, "%u", port);
    }
    if (strchr(t->address, ':') != NULL) {
        return pf_psprintf(pool, "[%s]:%u", t->address, port);
    }
    return pf_psprintf(pool, "%s:%u", t->address, port);
}

/* "Listen 8080" for Apache, "listen 8080;" for nginx, both when unknown */
static const char *
pf_listen_line(pf_pool_t *pool, pf_server_t server, const char *addr)
{
    switch (server) {
    case PF_SERVER_APACHE:
        return pf_psprintf(pool, "Listen %s", addr);
    case PF_SERVER_NGINX:
        return pf_psprintf(pool, "listen %s;", addr);
    default:
        return pf_psprintf(pool, "Listen %s (Apache) or listen %s; (nginx)",
                           addr, addr);
    }
}

/* target.source names a file line: "/etc/nginx/nginx.conf:12" */
static int
pf_source_is_file(const char *src)
{
    const char *colon = src ? strrchr(src, ':') : NULL;

    return colon != NULL && colon[1] != '\0'
           && strspn(colon + 1, "0123456789") == strlen(colon + 1);
}

static const char *
pf_change_port(pf_pool_t *pool, const pf_report_t *r, const pf_check_t *c,
               const pf_remedy_t *m)
{
    unsigned    port = m->new_port ? m->new_port : c->facts.free_port_nearby;
    pf_server_t server = c->target.server != PF_SERVER_ANY
                         ? c->target.server : r->ctx.server;
    const char *line;

    if (port == 0) {
        return "pick another port (none free was found nearby)";
    }
    line = pf_listen_line(pool, server,
                          pf_listen_address(pool, &c->target, port));
    if (line == NULL) {
        return NULL;
    }
    if (pf_source_is_file(c->target.source)) {
        return pf_psprintf(pool, "%s: change that line to: %s "
                           "(preflight does not edit configuration files)",
                           c->target.source, line);
    }
    return pf_psprintf(pool, "use port %u instead: %s", port, line);
}

static const char *
pf_change_service(pf_pool_t *pool, const pf_check_t *c, const pf_remedy_t *m,
                  const char **start_type)
{
    const pf_service_t *s = pf_fact_service(c, m->subject);
    const char         *from = s && s->start_type ? s->start_type : "?";

    *start_type = s ? s->start_type : NULL;
    if (m->action == PF_ACTION_STOP_SERVICE) {
        return pf_psprintf(pool, "service %s: running -> stopped "
                           "(running dependents first; start type kept)",
                           m->subject);
    }
    return pf_psprintf(pool, "service %s: running -> stopped; start type "
                       "%s -> disabled", m->subject, from);
}

const char *
pf_plan_change(pf_pool_t *pool, const pf_report_t *r, const pf_check_t *c,
               const pf_remedy_t *m, const char **start_type)
{
    *start_type = NULL;
    switch (m->action) {
    case PF_ACTION_STOP_UNIT:
        return pf_psprintf(pool, "unit %s: active -> inactive (start at "
                           "boot kept)", m->subject);
    case PF_ACTION_DISABLE_UNIT:
        return pf_psprintf(pool, "unit %s: active -> inactive; enabled -> "
                           "disabled", m->subject);
    case PF_ACTION_STOP_SERVICE:
    case PF_ACTION_DISABLE_SERVICE:
        return pf_change_service(pool, c, m, start_type);
    case PF_ACTION_ADD_IPLISTEN:
        return pf_psprintf(pool, "HTTP.sys iplisten list: + %s (HTTP.sys "
                           "then binds only the listed addresses; takes "
                           "effect once the HTTP service restarts: "
                           "'net stop http /y' and start its services, or "
                           "reboot)", m->subject);
    case PF_ACTION_CHANGE_PORT:
        return pf_change_port(pool, r, c, m);
    default:
        return m->summary ? m->summary : "advice only: nothing is changed";
    }
}
