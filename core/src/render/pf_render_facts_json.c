/*
 * `preflight facts`: every fact gathered, as one JSON tree, for bug
 * reports and for checking a platform layer by eye.  It mirrors the
 * structs of preflight.h field by field; unknown numbers are null.
 * `preflight check --facts FILE` reads it back (cli-shim/pf_cli_replay.c)
 * and diagnoses it as the host that wrote it did: every field a rule,
 * the renderer or the plan reads must be written here, and read there.
 */
#include "pf_json.h"

static const char *
pf_facts_sockfile_name(pf_sockfile_t k)
{
    static const char *const names[] = {
        NULL, "none", "live", "stale", "not-socket", "no-dir"
    };

    return (unsigned) k <= PF_SOCKFILE_NO_DIR ? names[k] : NULL;
}

static const char *
pf_facts_server_name(pf_server_t s)
{
    static const char *servers[] = { "any", "apache", "nginx" };

    return (unsigned) s < 3 ? servers[s] : "any";
}

static void
pf_facts_listener(pf_buf_t *out, const pf_listener_t *l)
{
    pf_json_open(out, NULL, '{');
    pf_json_kstr(out, "address", l->address);
    pf_json_kstr(out, "family", pf_json_family(l->family));
    pf_json_klong(out, "port", (long) l->port);
    pf_json_kstr(out, "proto", pf_json_proto(l->proto));
    pf_json_kid(out, "inode", l->inode ? (long) l->inode : -1);
    pf_json_kid(out, "uid", l->uid);
    pf_json_kid(out, "owner_pid", l->owner_pid);
    pf_json_ktri(out, "v6only", l->v6only);
    pf_json_klongs(out, "pids", &l->pids);
    pf_json_kbool(out, "pids_visible", l->pids_visible);
    pf_json_kstr(out, "user", l->user);
    pf_json_kbool(out, "owner_gone", l->owner_gone);
    pf_json_close(out, '}');
}

/* Whose unit the cgroup is, and what systemd said of the holder (the
 * proof of possession a remedy needs, issue 16). */
static void
pf_facts_unit_proof(pf_buf_t *out, const pf_process_t *p)
{
    static const char *const managers[] = {
        NULL, "system", "delegated", "user", "scope", "container"
    };

    pf_json_kstr(out, "unit_manager",
                 (unsigned) p->unit_kind <= PF_UNIT_CONTAINER
                 ? managers[p->unit_kind] : NULL);
    pf_json_kstr(out, "cgroup", p->cgroup);
    pf_json_kstr(out, "cgroup_unit", p->cgroup_unit);
    pf_json_ktri(out, "unit_proven", p->unit_proven);
    pf_json_kstr(out, "unit_proof", p->unit_proof);
    pf_json_kid(out, "unit_uid", p->unit_uid);
}

static void
pf_facts_process(pf_buf_t *out, const pf_process_t *p)
{
    pf_json_open(out, NULL, '{');
    pf_json_kid(out, "pid", p->pid);
    pf_json_kid(out, "ppid", p->ppid);
    pf_json_kstr(out, "name", p->name);
    pf_json_kstr(out, "exe", p->exe);
    pf_json_kstr(out, "cmdline", p->cmdline);
    pf_json_kstr(out, "user", p->user);
    pf_json_kid(out, "uid", p->uid);
    pf_json_kstr(out, "unit", p->unit);
    pf_json_kstr(out, "container", p->container);
    pf_facts_unit_proof(out, p);
    pf_json_kstrs(out, "services", &p->services);
    pf_json_kbool(out, "kernel", p->kernel);
    pf_json_kbool(out, "is_self", p->is_self);
    pf_json_ktri(out, "cap_net_bind_service", p->cap_net_bind_service);
    pf_json_kbool(out, "old_generation", p->old_generation);
    pf_json_kbool(out, "gone", p->gone);
    if (p->ns_pid > 0) {
        pf_json_klong(out, "ns_pid", p->ns_pid);
    }
    pf_json_close(out, '}');
}

static void
pf_facts_socket_unit(pf_buf_t *out, const pf_socket_unit_t *u)
{
    pf_json_open(out, NULL, '{');
    pf_json_kstr(out, "unit", u->unit);
    pf_json_kstr(out, "listen", u->listen);
    pf_json_kstr(out, "activates", u->activates);
    pf_json_kbool(out, "from_files", u->from_files);
    pf_json_close(out, '}');
}

static void
pf_facts_container(pf_buf_t *out, const pf_container_t *k)
{
    pf_json_open(out, NULL, '{');
    pf_json_kid(out, "proxy_pid", k->proxy_pid);
    pf_json_kstr(out, "proto", k->proto);
    pf_json_kstr(out, "host_ip", k->host_ip);
    pf_json_klong(out, "host_port", (long) k->host_port);
    pf_json_kstr(out, "container_ip", k->container_ip);
    pf_json_klong(out, "container_port", (long) k->container_port);
    pf_json_kstr(out, "id", k->id);
    pf_json_kstr(out, "name", k->name);
    pf_json_kstr(out, "forwarder", k->forwarder);
    pf_json_kbool(out, "rootless", k->rootless);
    pf_json_kid(out, "uid", k->uid);
    pf_json_close(out, '}');
}

static void
pf_facts_service(pf_buf_t *out, const pf_service_t *s)
{
    pf_json_open(out, NULL, '{');
    pf_json_kstr(out, "name", s->name);
    pf_json_kstr(out, "display_name", s->display_name);
    pf_json_kid(out, "pid", s->pid);
    pf_json_kbool(out, "running", s->running);
    pf_json_kstr(out, "start_type", s->start_type);
    pf_json_kstrs(out, "dependents", &s->dependents);
    pf_json_close(out, '}');
}

static void
pf_facts_queue(pf_buf_t *out, const pf_request_queue_t *q)
{
    pf_json_open(out, NULL, '{');
    pf_json_kstr(out, "name", q->name);
    pf_json_klongs(out, "pids", &q->pids);
    pf_json_kstrs(out, "urls", &q->urls);
    pf_json_kstrs(out, "services", &q->services);
    pf_json_kbool(out, "from_handle", q->from_handle);
    pf_json_kstrs(out, "images", &q->images);
    pf_json_kid(out, "controller_pid", q->controller_pid);
    pf_json_close(out, '}');
}

static void
pf_facts_httpsys(pf_buf_t *out, const pf_httpsys_facts_t *h)
{
    size_t i;

    pf_json_open(out, "httpsys", '{');
    pf_json_kstr(out, "queues_known", pf_json_known(h->queues_known));
    pf_json_open(out, "queues", '[');
    for (i = 0; i < h->queues.nelts; i++) {
        pf_facts_queue(out, &PF_ARRAY_AT(&h->queues, pf_request_queue_t, i));
    }
    pf_json_close(out, ']');
    pf_json_kbool(out, "queues_partial", h->queues_partial);
    pf_json_klong(out, "host_pid", h->host_pid);
    pf_json_kstr(out, "reservations_known",
                 pf_json_known(h->reservations_known));
    pf_json_open(out, "reservations", '[');
    for (i = 0; i < h->reservations.nelts; i++) {
        const pf_url_reservation_t *u = &PF_ARRAY_AT(&h->reservations,
                                                     pf_url_reservation_t, i);

        pf_json_open(out, NULL, '{');
        pf_json_kstr(out, "url", u->url);
        pf_json_kstr(out, "sddl", u->sddl);
        pf_json_close(out, '}');
    }
    pf_json_close(out, ']');
    pf_json_kstr(out, "iplisten_known", pf_json_known(h->iplisten_known));
    pf_json_kstrs(out, "iplisten", &h->iplisten);
    pf_json_kstr(out, "dependents_known", pf_json_known(h->dependents_known));
    pf_json_kstrs(out, "dependents", &h->dependents);
    pf_json_kstr(out, "http_probe_known", pf_json_known(h->http_probe_known));
    pf_json_kstr(out, "server_header", h->server_header);
    pf_json_close(out, '}');
}

#define PF_FACTS_LIST(out, key, arr, type, fn)                            \
    do {                                                                  \
        size_t i_;                                                        \
        pf_json_open(out, key, '[');                                      \
        for (i_ = 0; i_ < (arr)->nelts; i_++) {                           \
            fn(out, &PF_ARRAY_AT(arr, type, i_));                         \
        }                                                                 \
        pf_json_close(out, ']');                                          \
    } while (0)

static void
pf_facts_portproxy(pf_buf_t *out, const pf_portproxy_t *pp)
{
    pf_json_open(out, NULL, '{');
    pf_json_kstr(out, "kind", pp->kind);
    pf_json_kstr(out, "listen_address", pp->listen_address);
    pf_json_klong(out, "listen_port", (long) pp->listen_port);
    pf_json_kstr(out, "connect_address", pp->connect_address);
    pf_json_klong(out, "connect_port", (long) pp->connect_port);
    pf_json_close(out, '}');
}

static void
pf_facts_target(pf_buf_t *out, const pf_target_facts_t *f)
{
    pf_json_open(out, "facts", '{');
    pf_json_kstr(out, "listeners_known", pf_json_known(f->listeners_known));
    PF_FACTS_LIST(out, "listeners", &f->listeners, pf_listener_t,
                  pf_facts_listener);
    PF_FACTS_LIST(out, "processes", &f->processes, pf_process_t,
                  pf_facts_process);
    PF_FACTS_LIST(out, "socket_units", &f->socket_units, pf_socket_unit_t,
                  pf_facts_socket_unit);
    PF_FACTS_LIST(out, "containers", &f->containers, pf_container_t,
                  pf_facts_container);
    PF_FACTS_LIST(out, "services", &f->services, pf_service_t,
                  pf_facts_service);
    pf_facts_httpsys(out, &f->httpsys);
    pf_json_kid(out, "free_port_nearby",
                f->free_port_nearby ? (long) f->free_port_nearby : -1);
    pf_json_kstrs(out, "notes", &f->notes);
    pf_json_kstr(out, "sockfile", pf_facts_sockfile_name(f->sockfile));
    pf_json_kid(out, "running_pid", f->running_pid > 0 ? f->running_pid
                                                       : -1);
    pf_json_kstr(out, "portproxy_known", pf_json_known(f->portproxy_known));
    PF_FACTS_LIST(out, "portproxies", &f->portproxies, pf_portproxy_t,
                  pf_facts_portproxy);
    pf_json_close(out, '}');
}

static void
pf_facts_check(pf_buf_t *out, const pf_check_t *c)
{
    pf_json_open(out, NULL, '{');
    pf_json_kstr(out, "address", c->target.address);
    pf_json_kstr(out, "family", pf_json_family(c->target.family));
    pf_json_klong(out, "port", (long) c->target.port);
    pf_json_kstr(out, "proto", pf_json_proto(c->target.proto));
    pf_json_kstr(out, "spelling", c->target.spelling);
    pf_json_kstr(out, "source", c->target.source);
    pf_json_ktri(out, "v6only", c->target.v6only);
    pf_json_kbool(out, "reuseport", c->target.reuseport);
    pf_json_kstr(out, "server", pf_facts_server_name(c->target.server));
    pf_json_kbool(out, "held_by_self", c->target.held_by_self);
    pf_json_kstr(out, "path", c->target.path);
    pf_json_kbool(out, "v4_fallback", c->target.v4_fallback);
    pf_json_kstr(out, "pid_file", c->target.pid_file);
    pf_json_kstr(out, "status", pf_status_name(c->probe.status));
    pf_json_kstr(out, "error", c->probe.err_name);
    pf_json_kid(out, "errno", c->probe.err ? c->probe.err : -1);
    /* the rules read the error space (selinux: errno only; excluded
     * ranges: WSA only), and a replay on another system must not guess */
    pf_json_kstr(out, "errspace", c->probe.errspace == PF_ERRSPACE_WINSOCK
                                  ? "winsock" : "posix");
    pf_json_kstr(out, "bound_address", c->probe.bound_address);
    /* the listen set's verdict, made with the probe (pf_listen_set.c) */
    pf_json_kstr(out, "note", c->note);
    pf_json_kstr(out, "clash_target", c->clash_target);
    pf_json_kstr(out, "clash_source", c->clash_source);
    pf_json_kbool(out, "clash_duplicate", c->clash_duplicate);
    pf_json_kstr(out, "refused", c->target.refused);
    pf_json_kstr(out, "refused_with", c->target.refused_with);
    pf_json_kbool(out, "own_socket", c->target.own_socket);
    pf_facts_target(out, &c->facts);
    pf_json_close(out, '}');
}

static void
pf_facts_range(pf_buf_t *out, const pf_port_range_t *r)
{
    pf_json_open(out, NULL, '{');
    pf_json_klong(out, "start", (long) r->start);
    pf_json_klong(out, "end", (long) r->end);
    pf_json_kstr(out, "family", pf_json_family(r->family));
    pf_json_kbool(out, "administered", r->administered);
    pf_json_close(out, '}');
}

static void
pf_facts_host(pf_buf_t *out, const pf_host_facts_t *h)
{
    pf_json_open(out, "host", '{');
    pf_json_kstr(out, "platform", h->platform);
    pf_json_kid(out, "euid", h->euid);
    pf_json_kbool(out, "is_admin", h->is_admin);
    pf_json_kid(out, "unprivileged_port_start", h->unprivileged_port_start);
    pf_json_ktri(out, "cap_net_bind_service", h->cap_net_bind_service);
    pf_json_kstr(out, "selinux", h->selinux < 0 ? NULL
                 : h->selinux ? "enforcing" : "permissive");
    pf_json_kstrs(out, "local_addresses", &h->local_addresses);
    pf_json_ktri(out, "ipv6", h->ipv6);
    pf_json_kstr(out, "excluded_known", pf_json_known(h->excluded_known));
    PF_FACTS_LIST(out, "excluded_ranges", &h->excluded_ranges,
                  pf_port_range_t, pf_facts_range);
    pf_json_kbool(out, "systemd", h->systemd);
    pf_json_kstrs(out, "notes", &h->notes);
    pf_json_kstr(out, "dynamic_known", pf_json_known(h->dynamic_known));
    PF_FACTS_LIST(out, "dynamic_ranges", &h->dynamic_ranges,
                  pf_port_range_t, pf_facts_range);
    pf_json_ktri(out, "winnat", h->winnat);
    pf_json_ktri(out, "wsl_mirrored", h->wsl_mirrored);
    pf_json_close(out, '}');
}

static void
pf_facts_context(pf_buf_t *out, const pf_context_t *ctx)
{
    pf_json_open(out, "context", '{');
    pf_json_kstr(out, "server", pf_facts_server_name(ctx->server));
    pf_json_kstr(out, "server_exe", ctx->server_exe);
    pf_json_kstr(out, "server_unit", ctx->server_unit);
    pf_json_klongs(out, "self_pids", &ctx->self_pids);
    pf_json_close(out, '}');
}

void
pf_render_facts_json(const pf_report_t *r, pf_buf_t *out)
{
    pf_buf_puts(out, "{");
    pf_json_head(r, out);
    pf_json_klong(out, "facts_schema", PF_FACTS_SCHEMA);
    pf_facts_context(out, &r->ctx);
    pf_facts_host(out, &r->host);
    PF_FACTS_LIST(out, "targets", &r->checks, pf_check_t, pf_facts_check);
    pf_buf_puts(out, "}\n");
}
