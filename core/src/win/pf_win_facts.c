/*
 * Windows facts, gathered only for a target that could not be bound, in
 * the order of DESIGN.md: listeners on the port and their processes and
 * services; behind a kernel-mode listener (PID 4, or 0 under Wine) the
 * HTTP.sys evidence, strongest first; and for WSAEACCES with no listener
 * at all, the excluded port ranges.
 */
#include "pf_win.h"

#include <stdlib.h>
#include <string.h>
#include <iphlpapi.h>

#include "pf_platform.h"

/* Numeric unicast addresses of the host's interfaces. */
static void
pf_win_local_addresses(pf_pool_t *pool, pf_host_facts_t *h)
{
    IP_ADAPTER_ADDRESSES            *list = NULL, *a;
    IP_ADAPTER_UNICAST_ADDRESS      *u;
    ULONG                            size = 16384, rc = ERROR_BUFFER_OVERFLOW;
    char                             addr[PF_ADDRSTRLEN];
    int                              tries;

    for (tries = 0; tries < 3 && rc == ERROR_BUFFER_OVERFLOW; tries++) {
        free(list);
        list = malloc(size);
        if (list == NULL) {
            return;
        }
        rc = GetAdaptersAddresses(AF_UNSPEC, GAA_FLAG_SKIP_ANYCAST
                                  | GAA_FLAG_SKIP_MULTICAST
                                  | GAA_FLAG_SKIP_DNS_SERVER, NULL, list,
                                  &size);
    }
    if (rc != NO_ERROR) {
        pf_win_note(pool, &h->notes, "local addresses (GetAdaptersAddresses)",
                    rc);
        free(list);
        return;
    }
    for (a = list; a != NULL; a = a->Next) {
        for (u = a->FirstUnicastAddress; u != NULL; u = u->Next) {
            if (getnameinfo(u->Address.lpSockaddr, u->Address.iSockaddrLength,
                            addr, sizeof(addr), NULL, 0, NI_NUMERICHOST) == 0)
            {
                (void) pf_array_push_str(&h->local_addresses, addr);
            }
        }
    }
    free(list);
}

static int
pf_win_has_ipv6(void)
{
    SOCKET s = socket(AF_INET6, SOCK_STREAM, 0);

    if (s == INVALID_SOCKET) {
        return 0;
    }
    closesocket(s);
    return 1;
}

void
pf_platform_host_facts(pf_report_t *r, pf_host_facts_t *h)
{
    h->platform = pf_platform_name();
    h->euid = -1;
    h->is_admin = pf_platform_is_admin();
    h->unprivileged_port_start = 0;     /* no privileged ports here */
    h->cap_net_bind_service = -1;
    h->selinux = -1;
    h->systemd = 0;
    if (pf_win_wsa_start() == PF_OK) {
        h->ipv6 = pf_win_has_ipv6();
        pf_win_local_addresses(r->pool, h);
    }
}

static int
pf_win_has_kernel_listener(const pf_target_facts_t *f)
{
    size_t i;

    for (i = 0; i < f->listeners.nelts; i++) {
        long pid = PF_ARRAY_AT(&f->listeners, pf_listener_t, i).owner_pid;

        if (pid == 0 || pid == 4) {
            return 1;
        }
    }
    return 0;
}

/* One pf_process_t per owning PID of the listeners that still exists. */
static void
pf_win_listener_processes(pf_pool_t *pool, pf_target_facts_t *f)
{
    size_t i;

    for (i = 0; i < f->listeners.nelts; i++) {
        pf_listener_t *l = &PF_ARRAY_AT(&f->listeners, pf_listener_t, i);

        if (l->owner_pid >= 0 && !l->owner_gone) {
            (void) pf_win_process(pool, f, l->owner_pid);
        }
    }
}

static void
pf_win_walk_once(pf_report_t *r, pf_check_t *c, pf_win_handles_t *h)
{
    if (!h->walked) {
        (void) pf_win_handles_walk(r->pool, c->target.port, h,
                                   &c->facts.notes);
    }
}

/* The one process, other than Wine's http.sys host, that holds a socket
 * on the port; 0 when none or several. */
static long
pf_win_socket_holder(const pf_win_handles_t *h, pf_target_facts_t *f)
{
    size_t i;
    long   found = 0, pid;

    for (i = 0; i < h->sockets.nelts; i++) {
        pid = PF_ARRAY_AT(&h->sockets, long, i);
        if (pf_win_handles_hosts(h, pid)) {
            f->httpsys.host_pid = pid;
        } else if (found == 0) {
            found = pid;
        } else {
            return 0;
        }
    }
    return found;
}

/* Wine gives every listener owner PID 0 (wineserver keeps the socket);
 * the handle table names the program.  A socket of Wine's http.sys host
 * leaves the row what it is: a kernel-mode listener. */
static void
pf_win_unmask_owners(pf_report_t *r, pf_check_t *c, pf_win_handles_t *h)
{
    pf_target_facts_t *f = &c->facts;
    size_t             i;
    long               pid;

    for (i = 0; i < f->listeners.nelts; i++) {
        if (PF_ARRAY_AT(&f->listeners, pf_listener_t, i).owner_pid == 0) {
            break;
        }
    }
    if (i == f->listeners.nelts) {
        return;
    }
    pf_win_walk_once(r, c, h);
    if (!h->complete) {
        (void) pf_array_push_str(&f->notes, "the handle table walk was "
                                 "not complete: the owner of a PID 0 "
                                 "listener is not named");
        return;
    }
    pid = pf_win_socket_holder(h, f);
    for (i = 0; pid != 0 && i < f->listeners.nelts; i++) {
        pf_listener_t *l = &PF_ARRAY_AT(&f->listeners, pf_listener_t, i);

        if (l->owner_pid == 0) {
            l->owner_pid = pid;
            (void) pf_array_push_strf(&f->notes, "the TCP table gives "
                "owner PID 0 for %s:%u; PID %ld holds a socket bound to "
                "port %u (system handle table)", l->address, l->port, pid,
                l->port);
        }
    }
}

/* netsh named no request queue (Wine's cannot): every process holding
 * one, each a queue whose URLs are unknown. */
static void
pf_win_handle_queues(pf_report_t *r, pf_check_t *c, pf_win_handles_t *h)
{
    pf_target_facts_t  *f = &c->facts;
    pf_request_queue_t *q;
    long               *pid;
    size_t              i;

    if (f->httpsys.queues.nelts > 0) {
        return;
    }
    pf_win_walk_once(r, c, h);
    if (!h->complete) {
        (void) pf_array_push_str(&f->notes, "the handle table walk was "
                                 "not complete: no process is named from "
                                 "its request queues");
        return;
    }
    for (i = 0; i < h->queues.nelts; i++) {
        q = pf_array_push(&f->httpsys.queues);
        if (q == NULL) {
            return;
        }
        pf_request_queue_init(q, r->pool);
        q->from_handle = 1;
        pid = pf_array_push(&q->pids);
        if (pid != NULL) {
            *pid = PF_ARRAY_AT(&h->queues, long, i);
        }
    }
    if (h->queues.nelts == 0 && h->unopened > 0) {
        (void) pf_array_push_strf(&f->notes, "the handles of %u processes "
                                  "could not be read (administrator rights "
                                  "are needed to see every request queue)",
                                  h->unopened);
    }
}

/* Wine's PID 0 is no System process: say what holds the socket. */
static void
pf_win_name_wine_kernel(pf_target_facts_t *f)
{
    pf_process_t *k = pf_facts_find_process(f, 0);

    if (k != NULL && f->httpsys.host_pid > 0) {
        k->name = "http.sys (Wine)";
    }
}

/* Behind PID 4: who registered the port with HTTP.sys. */
static void
pf_win_httpsys_facts(pf_report_t *r, pf_check_t *c, pf_win_handles_t *h)
{
    pf_target_facts_t *f = &c->facts;

    pf_win_netsh_queues(r->pool, c->target.port, f, &r->host);
    pf_win_queue_images(r->pool, f);
    pf_win_handle_queues(r, c, h);
    (void) pf_win_queue_services(r->pool, f);
    pf_win_httpsys_config(r->pool, c->target.port, f);
    (void) pf_win_http_dependents(r->pool, f);
    pf_win_http_probe(r->pool, &c->target, r->ctx.http_probe_ms, &f->httpsys,
                      &f->notes);
    pf_win_name_wine_kernel(f);
}

void
pf_platform_target_facts(pf_report_t *r, pf_check_t *c)
{
    pf_target_facts_t *f = &c->facts;
    pf_win_handles_t   h;

    if (c->target.proto != PF_PROTO_TCP) {
        (void) pf_array_push_str(&f->notes, "UDP listeners are not "
                                 "looked up on Windows");
        return;
    }
    if (c->probe.status == PF_STATUS_NOT_LOCAL
        || c->probe.status == PF_STATUS_UNSUPPORTED)
    {
        return;                  /* nobody holds it: nothing to look up */
    }
    if (pf_win_tcp_listeners(r->pool, &c->target, f) != PF_OK) {
        return;
    }
    pf_win_handles_init(&h, r->pool);
    pf_win_unmask_owners(r, c, &h);
    if (pf_win_mark_gone_owners(f) > 0) {
        pf_win_walk_once(r, c, &h);
        pf_win_inheritors(r->pool, &h, f);
    }
    pf_win_listener_processes(r->pool, f);
    (void) pf_win_services_by_pid(r->pool, f);
    if (f->listeners.nelts > 0) {
        pf_win_portproxies(r->pool, c->target.port, f);
    }
    if (pf_win_has_kernel_listener(f)) {
        pf_win_httpsys_facts(r, c, &h);
    }
    if (f->listeners.nelts == 0) {
        pf_win_wsl_mirrored(r->pool, &r->host);
    }
    if (c->probe.status == PF_STATUS_DENIED && f->listeners.nelts == 0) {
        pf_win_netsh_excluded(r->pool, &r->host);
        pf_win_netsh_dynamic(r->pool, &r->host);
        if (r->host.winnat < 0) {
            r->host.winnat = pf_win_service_installed(L"winnat");
        }
    }
}

int
pf_platform_process(pf_report_t *r, long pid, pf_process_t *p)
{
    pf_target_facts_t  f;
    pf_process_t      *found;

    pf_target_facts_init(&f, r->pool);
    found = pid > 4 ? pf_win_process(r->pool, &f, pid) : NULL;
    if (found == NULL || (found->name == NULL && found->exe == NULL)) {
        return 0;
    }
    *p = *found;
    return 1;
}
