/*
 * Linux facts for a target that could not be bound: the listeners on its
 * port (sock_diag netlink, else /proc/net), the processes holding them,
 * what those are (unit, container, docker-proxy), and systemd socket
 * units when pid 1 holds the port.
 *
 * PREFLIGHT_NO_NETLINK=1 in the environment forces the /proc/net
 * fallback (for tests, and for hosts where netlink misbehaves).  A test
 * that points ctx.proc_root at a fake tree gets /proc/net from there.
 */
#include <stdlib.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <arpa/inet.h>

#include "preflight_internal.h"
#include "pf_platform.h"
#include "pf_linux.h"
#include "pf_conflict.h"

void
pf_platform_host_facts(pf_report_t *r, pf_host_facts_t *h)
{
    pf_linux_host_facts(&r->ctx, r->pool, h);
}

static int
pf_use_netlink(const pf_context_t *ctx)
{
    const char *env = getenv("PREFLIGHT_NO_NETLINK");

    if (env != NULL && *env != '\0' && strcmp(env, "0") != 0) {
        return 0;
    }
    /* a fake proc tree answers for the whole test, /proc/net included */
    return ctx->proc_root == NULL || strcmp(ctx->proc_root, "/proc") == 0;
}

/* TCP states of sockets that hold a port without listening: all but
 * LISTEN (10) and TIME_WAIT (6, which blocks no SO_REUSEADDR bind). */
#define PF_BOUND_STATES  (0xfffu & ~(1u << 10) & ~(1u << 6))

/* Listeners on the target's port, or with bound set, the other sockets
 * using it as their local port. */
static int
pf_gather_sockets(pf_report_t *r, pf_check_t *c, int bound, pf_array_t *all)
{
    pf_target_facts_t    *f = &c->facts;
    pf_linux_sock_query_t  w;
    pf_error_t            err;
    char                  msg[2200];
    int                   rc;

    memset(&err, 0, sizeof(err));
    if (pf_use_netlink(&r->ctx)) {
        rc = bound ? pf_linux_sockdiag_bound(r->pool, c->target.port, all,
                                            &err)
                   : pf_linux_sockdiag_listeners(r->pool, c->target.proto,
                                                c->target.port, all, &err);
        if (rc == PF_OK) {
            return PF_OK;
        }
        pf_array_push_strf(&f->notes, "%s; read %s/net instead",
                           pf_error_format(&err, msg, sizeof(msg)),
                           r->ctx.proc_root);
    }
    w.pool = r->pool;
    w.fam = PF_FAMILY_ANY;
    w.proto = c->target.proto;
    w.port = c->target.port;
    w.states = bound ? PF_BOUND_STATES
                     : pf_linux_procnet_listen_states(c->target.proto);
    w.listeners = all;
    if (pf_linux_procnet_sockets(&w, r->ctx.proc_root, &err) == PF_OK) {
        return PF_OK;
    }
    pf_array_push_strf(&f->notes, "cannot list the sockets on port %u: %s",
                       c->target.port,
                       pf_error_format(&err, msg, sizeof(msg)));
    return PF_ERROR;
}

/* Nothing listens, yet the bind failed: a connection may be using the
 * port as its local port (an outgoing connection's ephemeral port, or
 * one accepted by a listener that has since closed). */
static void
pf_gather_bound(pf_report_t *r, pf_check_t *c, pf_array_t *all)
{
    if (all->nelts > 0 || c->target.proto != PF_PROTO_TCP
        || c->probe.status != PF_STATUS_IN_USE
        || pf_gather_sockets(r, c, 1, all) != PF_OK || all->nelts == 0)
    {
        return;
    }
    pf_array_push_strf(&c->facts.notes, "nothing listens on port %u, but "
                       "%lu connected socket(s) use it as their local port "
                       "(an outgoing connection's ephemeral port, or "
                       "connections left by a listener that closed): they "
                       "block the bind until they close",
                       c->target.port, (unsigned long) all->nelts);
}

static int
pf_add_process(pf_report_t *r, pf_target_facts_t *f, long pid)
{
    pf_process_t *p;

    if (pf_facts_find_process(f, pid) != NULL) {
        return PF_OK;
    }
    p = pf_array_push(&f->processes);
    if (p == NULL) {
        return PF_ENOMEM;
    }
    pf_process_init(p, r->pool);
    p->pid = pid;
    pf_linux_process_read(r->pool, r->ctx.proc_root, p);
    return PF_OK;
}

static int
pf_gather_processes(pf_report_t *r, pf_target_facts_t *f)
{
    size_t i, j;

    for (i = 0; i < f->listeners.nelts; i++) {
        pf_listener_t *l = &PF_ARRAY_AT(&f->listeners, pf_listener_t, i);

        for (j = 0; j < l->pids.nelts; j++) {
            if (pf_add_process(r, f, PF_ARRAY_AT(&l->pids, long, j))
                != PF_OK)
            {
                return PF_ENOMEM;
            }
        }
    }
    return PF_OK;
}

/* pid 1 holding the socket is systemd socket activation, when pid 1 is
 * systemd (in a container pid 1 is anything). */
static int
pf_held_by_systemd(const pf_target_facts_t *f)
{
    const pf_process_t *p = pf_facts_find_process(f, 1);

    return p != NULL && p->name != NULL && strcmp(p->name, "systemd") == 0;
}

static void
pf_note_no_listener(pf_check_t *c)
{
    if (c->facts.listeners.nelts == 0 && c->probe.status == PF_STATUS_IN_USE)
    {
        pf_array_push_strf(&c->facts.notes, "no socket %s on port %u any "
                           "more: its holder may have just exited (check "
                           "again)", c->target.proto == PF_PROTO_UDP
                           ? "is bound" : "listens", c->target.port);
    }
}

/* A unix socket: what is at its path and, for a live one, who listens. */
static void
pf_gather_sockfile(pf_report_t *r, pf_check_t *c)
{
    pf_target_facts_t *f = &c->facts;
    pf_listener_t     *l;
    unsigned long      inode;

    f->sockfile = pf_linux_sockfile_kind(c->target.path);
    if (f->sockfile != PF_SOCKFILE_LIVE) {
        return;
    }
    inode = pf_linux_sockfile_inode(r->ctx.proc_root, c->target.path);
    if (inode == 0) {
        pf_array_push_strf(&f->notes, "%s/net/unix lists no listening "
                           "socket at %s", r->ctx.proc_root, c->target.path);
        f->listeners_known = PF_KNOWN_FAILED;
        return;
    }
    l = pf_array_push(&f->listeners);
    if (l == NULL) {
        return;
    }
    pf_listener_init(l, r->pool);
    strcpy(l->address, "unix");
    l->family = PF_FAMILY_UNIX;
    l->inode = inode;
    f->listeners_known = PF_KNOWN_YES;
    if (pf_linux_find_owners(r->pool, r->ctx.proc_root, &f->listeners,
                            &f->notes) != PF_OK
        || pf_gather_processes(r, f) != PF_OK)
    {
        pf_array_push_str(&f->notes, "out of memory while reading /proc");
    }
}

/* The sockets' owners by name: any user may read them (sock_diag,
 * /proc/net), also when the holding process is closed to this user. */
static void
pf_name_owners(pf_report_t *r, pf_target_facts_t *f)
{
    size_t i;

    for (i = 0; i < f->listeners.nelts; i++) {
        pf_listener_t *l = &PF_ARRAY_AT(&f->listeners, pf_listener_t, i);

        if (l->uid >= 0 && l->user == NULL) {
            l->user = pf_linux_user_name(r->pool, l->uid);
        }
    }
}

void
pf_platform_target_facts(pf_report_t *r, pf_check_t *c)
{
    pf_target_facts_t *f = &c->facts;
    pf_array_t         all;

    if (c->target.family == PF_FAMILY_UNIX) {
        pf_gather_sockfile(r, c);
        return;
    }

    /* denied (EACCES: SELinux, capabilities), not local, unsupported:
     * the host facts say it all.  Privileged is asked too: EACCES comes
     * before EADDRINUSE, so a user who may not bind port 80 is told that
     * even when nginx holds it, and only the sockets tell which. */
    if (c->probe.status != PF_STATUS_IN_USE
        && c->probe.status != PF_STATUS_ERROR
        && c->probe.status != PF_STATUS_PRIVILEGED)
    {
        return;
    }
    if (pf_array_init(&all, r->pool, 4, sizeof(pf_listener_t)) != PF_OK) {
        return;
    }
    if (pf_gather_sockets(r, c, 0, &all) != PF_OK) {
        f->listeners_known = PF_KNOWN_FAILED;
        return;
    }
    f->listeners_known = PF_KNOWN_YES;
    pf_gather_bound(r, c, &all);
    /* an unknown IPV6_V6ONLY is Linux's default: off */
    if (pf_conflict_keep(&c->target, &all, 0, &f->listeners) != PF_OK) {
        return;
    }
    pf_note_no_listener(c);
    pf_name_owners(r, f);
    if (pf_linux_find_owners(r->pool, r->ctx.proc_root, &f->listeners,
                            &f->notes) != PF_OK
        || pf_gather_processes(r, f) != PF_OK)
    {
        pf_array_push_str(&f->notes, "out of memory while reading /proc");
        return;
    }
    pf_linux_forwarders(r->pool, r->ctx.proc_root, c, f);
    pf_linux_prove_units(r->pool, f);
    if (pf_held_by_systemd(f)) {
        pf_linux_socket_units(r->pool, c->target.proto, c->target.port,
                             &f->socket_units, &f->notes);
    }
}

int
pf_platform_process(pf_report_t *r, long pid, pf_process_t *p)
{
    pf_process_init(p, r->pool);
    p->pid = pid;
    if (pid <= 0 || (kill((pid_t) pid, 0) != 0 && errno == ESRCH)) {
        return 0;
    }
    pf_linux_process_read(r->pool, r->ctx.proc_root, p);
    return p->name != NULL || p->exe != NULL;
}
