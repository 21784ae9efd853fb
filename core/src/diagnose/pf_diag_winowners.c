/*
 * Windows programs that hold a port on behalf of something else: IP
 * Helper for a portproxy rule, wslrelay for a Linux process in WSL2,
 * Docker Desktop for a container, and a child that inherited a socket
 * whose owner has exited.  Each has its own rule; these questions tell
 * the other rules (process, hidden-process) to leave those holders alone,
 * so that nobody is told to stop IP Helper or kill wslrelay.
 */
#include <string.h>

#include "pf_diagnose.h"

static int
pf_wo_caseeq(const char *a, const char *b)
{
    if (a == NULL || b == NULL) {
        return 0;
    }
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        char x = *a, y = *b;

        x = (char) (x >= 'A' && x <= 'Z' ? x - 'A' + 'a' : x);
        y = (char) (y >= 'A' && y <= 'Z' ? y - 'A' + 'a' : y);
        if (x != y) {
            return 0;
        }
    }
    return *a == *b;
}

static int
pf_wo_name_in(const pf_process_t *p, const char *const *names)
{
    size_t i;

    for (i = 0; names[i] != NULL; i++) {
        if (pf_wo_caseeq(p->name, names[i])) {
            return 1;
        }
    }
    return 0;
}

int
pf_diag_is_iphlpsvc(const pf_process_t *p)
{
    size_t i;

    for (i = 0; i < p->services.nelts; i++) {
        if (pf_wo_caseeq(PF_ARRAY_AT(&p->services, const char *, i),
                         "iphlpsvc"))
        {
            return 1;
        }
    }
    return 0;
}

/* A portproxy rule on the target's port, preferring one whose listen
 * address is the address of a listener. */
const pf_portproxy_t *
pf_diag_portproxy(const pf_diag_t *d)
{
    const pf_array_t     *ps = &d->c->facts.portproxies;
    const pf_array_t     *ls = &d->c->facts.listeners;
    const pf_portproxy_t *any = NULL;
    size_t                i, j;

    for (i = 0; i < ps->nelts; i++) {
        const pf_portproxy_t *pp = &PF_ARRAY_AT(ps, pf_portproxy_t, i);

        if (pp->listen_port != d->c->target.port) {
            continue;
        }
        any = any != NULL ? any : pp;
        for (j = 0; j < ls->nelts; j++) {
            if (pp->listen_address != NULL
                && strcmp(PF_ARRAY_AT(ls, pf_listener_t, j).address,
                          pp->listen_address) == 0)
            {
                return pp;
            }
        }
    }
    return any;
}

/* IP Helper holds the port for a portproxy rule: a rule is known on the
 * port, or the rules could not be read. */
int
pf_diag_is_portproxy_holder(const pf_diag_t *d, const pf_process_t *p)
{
    if (!pf_diag_is_iphlpsvc(p)) {
        return 0;
    }
    return pf_diag_portproxy(d) != NULL
           || d->c->facts.portproxy_known != PF_KNOWN_YES;
}

int
pf_diag_is_wsl_relay(const pf_process_t *p)
{
    static const char *const names[] = {
        "wslrelay.exe", "wslhost.exe", NULL
    };

    return pf_wo_name_in(p, names);
}

int
pf_diag_is_docker_desktop(const pf_process_t *p)
{
    static const char *const names[] = {
        "com.docker.backend.exe", "com.docker.proxy.exe", "vpnkit.exe",
        NULL
    };

    return pf_wo_name_in(p, names);
}

/* p holds a socket of a listener whose owner has exited. */
int
pf_diag_is_inheritor(const pf_diag_t *d, const pf_process_t *p)
{
    const pf_array_t *ls = &d->c->facts.listeners;
    size_t            i;

    for (i = 0; i < ls->nelts; i++) {
        const pf_listener_t *l = &PF_ARRAY_AT(ls, pf_listener_t, i);

        if (l->owner_gone && pf_array_has_long(&l->pids, p->pid)) {
            return 1;
        }
    }
    return 0;
}

int
pf_diag_has_gone_owner(const pf_diag_t *d)
{
    const pf_array_t *ls = &d->c->facts.listeners;
    size_t            i;

    for (i = 0; i < ls->nelts; i++) {
        if (PF_ARRAY_AT(ls, pf_listener_t, i).owner_gone) {
            return 1;
        }
    }
    return 0;
}

int
pf_diag_winowner(const pf_diag_t *d, const pf_process_t *p)
{
    return pf_diag_is_portproxy_holder(d, p) || pf_diag_is_wsl_relay(p)
           || pf_diag_is_docker_desktop(p) || pf_diag_is_inheritor(d, p);
}
