/*
 * Who listens on a port: GetExtendedTcpTable(TCP_TABLE_OWNER_PID_LISTENER)
 * for IPv4 and IPv6.  A row owned by PID 4 (System; PID 0 under Wine) is
 * a kernel-mode listener: HTTP.sys.
 */
#include "pf_win.h"
#include "pf_conflict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <iphlpapi.h>

/* The table of one family, malloc'd; NULL with *code set on failure. */
static void *
pf_win_tcp_table(ULONG af, DWORD *code)
{
    void  *table = NULL, *more;
    DWORD  size = 0, rc;
    int    tries;

    for (tries = 0; tries < 5; tries++) {
        rc = GetExtendedTcpTable(table, &size, FALSE, af,
                                 TCP_TABLE_OWNER_PID_LISTENER, 0);
        if (rc == NO_ERROR) {
            return table;
        }
        if (rc != ERROR_INSUFFICIENT_BUFFER) {
            break;
        }
        /* the table may grow between the two calls: ask again */
        more = realloc(table, size + 1024);
        if (more == NULL) {
            rc = ERROR_NOT_ENOUGH_MEMORY;
            break;
        }
        table = more;
        size += 1024;
    }
    free(table);
    *code = rc;
    return NULL;
}

/* Does a listener on `row_addr` (of its family) stand in t's way?  The
 * table does not say IPV6_V6ONLY: Windows' default, on. */
static int
pf_win_addr_matches(const pf_target_t *t, int v6, const char *row_addr)
{
    pf_listener_t l;

    memset(&l, 0, sizeof(l));
    snprintf(l.address, sizeof(l.address), "%s", row_addr);
    l.family = v6 ? PF_FAMILY_INET6 : PF_FAMILY_INET;
    l.v6only = -1;
    return pf_listener_blocks(t, &l, 1);
}

static int
pf_win_add_listener(pf_pool_t *pool, pf_target_facts_t *f, int v6,
                    const char *addr, unsigned port, long pid)
{
    pf_listener_t *l = pf_array_push(&f->listeners);
    long          *slot;

    if (l == NULL) {
        return PF_ENOMEM;
    }
    pf_listener_init(l, pool);
    memcpy(l->address, addr, strlen(addr) + 1);
    l->family = v6 ? PF_FAMILY_INET6 : PF_FAMILY_INET;
    l->port = port;
    l->proto = PF_PROTO_TCP;
    l->owner_pid = pid;
    slot = pf_array_push(&l->pids);
    if (slot == NULL) {
        return PF_ENOMEM;
    }
    *slot = pid;
    return PF_OK;
}

static int
pf_win_scan4(pf_pool_t *pool, const pf_target_t *t, pf_target_facts_t *f,
             const MIB_TCPTABLE_OWNER_PID *tab)
{
    char  addr[PF_ADDRSTRLEN];
    DWORD i;

    for (i = 0; i < tab->dwNumEntries; i++) {
        const MIB_TCPROW_OWNER_PID *r = &tab->table[i];
        struct in_addr              in;

        if (r->dwState != MIB_TCP_STATE_LISTEN
            || ntohs((u_short) r->dwLocalPort) != t->port)
        {
            continue;
        }
        in.s_addr = r->dwLocalAddr;
        if (inet_ntop(AF_INET, &in, addr, sizeof(addr)) == NULL
            || !pf_win_addr_matches(t, 0, addr))
        {
            continue;
        }
        if (pf_win_add_listener(pool, f, 0, addr, t->port,
                                (long) r->dwOwningPid) != PF_OK)
        {
            return PF_ENOMEM;
        }
    }
    return PF_OK;
}

static int
pf_win_scan6(pf_pool_t *pool, const pf_target_t *t, pf_target_facts_t *f,
             const MIB_TCP6TABLE_OWNER_PID *tab)
{
    char  addr[PF_ADDRSTRLEN];
    DWORD i;

    for (i = 0; i < tab->dwNumEntries; i++) {
        const MIB_TCP6ROW_OWNER_PID *r = &tab->table[i];

        if (r->dwState != MIB_TCP_STATE_LISTEN
            || ntohs((u_short) r->dwLocalPort) != t->port)
        {
            continue;
        }
        if (inet_ntop(AF_INET6, r->ucLocalAddr, addr, sizeof(addr)) == NULL
            || !pf_win_addr_matches(t, 1, addr))
        {
            continue;
        }
        if (pf_win_add_listener(pool, f, 1, addr, t->port,
                                (long) r->dwOwningPid) != PF_OK)
        {
            return PF_ENOMEM;
        }
    }
    return PF_OK;
}

/* Wine keeps sockets in wineserver and reports every listener with
 * owner PID 0, an HTTP.sys URL or not.  Windows never does (0 is the
 * idle process): say so, since PID 0 then names no one for sure. */
static void
pf_win_wine_pid0_note(pf_target_facts_t *f)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    size_t  i;

    if (ntdll == NULL || GetProcAddress(ntdll, "wine_get_version") == NULL) {
        return;
    }
    for (i = 0; i < f->listeners.nelts; i++) {
        if (PF_ARRAY_AT(&f->listeners, pf_listener_t, i).owner_pid == 0) {
            (void) pf_array_push_str(&f->notes, "running under Wine, which "
                                     "reports every listener as owned by "
                                     "PID 0: it may be a process, not "
                                     "HTTP.sys");
            return;
        }
    }
}

int
pf_win_tcp_listeners(pf_pool_t *pool, const pf_target_t *t,
                     pf_target_facts_t *f)
{
    void  *tab;
    DWORD  code = 0;
    int    rc = PF_OK, failed = 0;

    tab = pf_win_tcp_table(AF_INET, &code);
    if (tab != NULL) {
        rc = pf_win_scan4(pool, t, f, tab);
        free(tab);
    } else {
        pf_win_note(pool, &f->notes, "IPv4 TCP table (GetExtendedTcpTable)",
                    code);
        failed++;
    }
    tab = rc == PF_OK ? pf_win_tcp_table(AF_INET6, &code) : NULL;
    if (tab != NULL) {
        rc = pf_win_scan6(pool, t, f, tab);
        free(tab);
    } else if (rc == PF_OK) {
        pf_win_note(pool, &f->notes, "IPv6 TCP table (GetExtendedTcpTable)",
                    code);
        failed++;
    }
    f->listeners_known = failed == 2 ? PF_KNOWN_FAILED : PF_KNOWN_YES;
    pf_win_wine_pid0_note(f);
    return rc;
}
