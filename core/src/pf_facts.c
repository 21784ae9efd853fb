/*
 * Facts: constructors for the plain data the platform layers fill in and
 * the unit tests build by hand.
 */
#include <string.h>

#include "preflight_internal.h"

void
pf_host_facts_init(pf_host_facts_t *h, pf_pool_t *pool)
{
    memset(h, 0, sizeof(*h));
    h->platform = "unknown";
    h->euid = -1;
    h->unprivileged_port_start = -1;
    h->cap_net_bind_service = -1;
    h->selinux = -1;
    h->ipv6 = -1;
    pf_array_init(&h->local_addresses, pool, 4, sizeof(char *));
    pf_array_init(&h->excluded_ranges, pool, 0, sizeof(pf_port_range_t));
    pf_array_init(&h->notes, pool, 0, sizeof(char *));
    pf_array_init(&h->dynamic_ranges, pool, 0, sizeof(pf_port_range_t));
    h->winnat = -1;
    h->wsl_mirrored = -1;
}

static void
pf_httpsys_facts_init(pf_httpsys_facts_t *h, pf_pool_t *pool)
{
    memset(h, 0, sizeof(*h));
    pf_array_init(&h->queues, pool, 0, sizeof(pf_request_queue_t));
    pf_array_init(&h->reservations, pool, 0, sizeof(pf_url_reservation_t));
    pf_array_init(&h->iplisten, pool, 0, sizeof(char *));
    pf_array_init(&h->dependents, pool, 0, sizeof(char *));
}

void
pf_target_facts_init(pf_target_facts_t *f, pf_pool_t *pool)
{
    memset(f, 0, sizeof(*f));
    pf_array_init(&f->listeners, pool, 0, sizeof(pf_listener_t));
    pf_array_init(&f->processes, pool, 0, sizeof(pf_process_t));
    pf_array_init(&f->socket_units, pool, 0, sizeof(pf_socket_unit_t));
    pf_array_init(&f->containers, pool, 0, sizeof(pf_container_t));
    pf_array_init(&f->services, pool, 0, sizeof(pf_service_t));
    pf_array_init(&f->notes, pool, 0, sizeof(char *));
    pf_array_init(&f->portproxies, pool, 0, sizeof(pf_portproxy_t));
    pf_httpsys_facts_init(&f->httpsys, pool);
}

void
pf_process_init(pf_process_t *p, pf_pool_t *pool)
{
    memset(p, 0, sizeof(*p));
    p->pid = -1;
    p->ppid = -1;
    p->uid = -1;
    p->cap_net_bind_service = -1;
    p->unit_uid = -1;
    p->unit_proven = -1;
    pf_array_init(&p->services, pool, 0, sizeof(char *));
}

void
pf_listener_init(pf_listener_t *l, pf_pool_t *pool)
{
    memset(l, 0, sizeof(*l));
    l->uid = -1;
    l->owner_pid = -1;
    l->v6only = -1;
    l->pids_visible = 1;
    pf_array_init(&l->pids, pool, 0, sizeof(long));
}

void
pf_request_queue_init(pf_request_queue_t *q, pf_pool_t *pool)
{
    memset(q, 0, sizeof(*q));
    pf_array_init(&q->pids, pool, 0, sizeof(long));
    pf_array_init(&q->urls, pool, 0, sizeof(char *));
    pf_array_init(&q->services, pool, 0, sizeof(char *));
    pf_array_init(&q->images, pool, 0, sizeof(char *));
    q->controller_pid = -1;
}

void
pf_context_init(pf_context_t *ctx, pf_pool_t *pool)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->server = PF_SERVER_ANY;
    ctx->proc_root = "/proc";
    ctx->sys_root = "/sys";
    ctx->http_probe_ms = 300;
    pf_array_init(&ctx->self_pids, pool, 0, sizeof(long));
}

pf_process_t *
pf_facts_find_process(const pf_target_facts_t *f, long pid)
{
    size_t i;

    for (i = 0; i < f->processes.nelts; i++) {
        pf_process_t *p = &PF_ARRAY_AT(&f->processes, pf_process_t, i);

        if (p->pid == pid) {
            return p;
        }
    }
    return NULL;
}
