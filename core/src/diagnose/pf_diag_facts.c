/*
 * Questions about the facts that more than one rule asks.  Keeping them
 * here keeps the rules from disagreeing about, say, which holder is
 * systemd and therefore not "a process to kill".
 */
#include <string.h>

#include "pf_diagnose.h"

/* Holder rules speak only when the bind failed because something else
 * may be there: not for an address that is not local, say. */
int
pf_diag_holders_apply(const pf_diag_t *d)
{
    switch (d->c->probe.status) {
    case PF_STATUS_IN_USE:
    case PF_STATUS_DENIED:
    case PF_STATUS_PRIVILEGED:
    case PF_STATUS_ERROR:
        return 1;
    default:
        return 0;
    }
}

static int
pf_name_is(const pf_process_t *p, const char *name)
{
    return p->name != NULL && strcmp(p->name, name) == 0;
}

/* pid 1 holding a listening socket is systemd socket activation, unless
 * pid 1 is plainly something else (a container's init, say). */
int
pf_diag_is_systemd(const pf_diag_t *d, const pf_process_t *p)
{
    if (p->pid != 1) {
        return 0;
    }
    return d->host->systemd || pf_name_is(p, "systemd")
           || d->c->facts.socket_units.nelts > 0;
}

int
pf_diag_is_proxy(const pf_diag_t *d, const pf_process_t *p)
{
    const pf_array_t *cs = &d->c->facts.containers;
    size_t            i;

    /* the facts layer recognised it by its executable, never its name */
    for (i = 0; i < cs->nelts; i++) {
        if (PF_ARRAY_AT(cs, pf_container_t, i).proxy_pid == p->pid) {
            return 1;
        }
    }
    return 0;
}

/* Windows reports HTTP.sys listeners as PID 4 (System); Wine as PID 0. */
int
pf_diag_is_kernel_listener(const pf_listener_t *l)
{
    return l->owner_pid == 4 || l->owner_pid == 0;
}

/* PID 4 (or Wine's 0) owning a kernel-mode listener is HTTP.sys even
 * when the facts did not mark the process as the kernel. */
static int
pf_diag_is_kernel(const pf_diag_t *d, const pf_process_t *p)
{
    const pf_array_t *ls = &d->c->facts.listeners;
    size_t            i;

    if (p->kernel) {
        return 1;
    }
    for (i = 0; i < ls->nelts; i++) {
        const pf_listener_t *l = &PF_ARRAY_AT(ls, pf_listener_t, i);

        if (pf_diag_is_kernel_listener(l) && l->owner_pid == p->pid) {
            return 1;
        }
    }
    return 0;
}

int
pf_diag_claimed(const pf_diag_t *d, const pf_process_t *p)
{
    /* gone: it exited while the facts were read, nobody to name */
    return p->is_self || p->gone || pf_diag_is_kernel(d, p)
           || pf_diag_is_systemd(d, p) || pf_diag_is_proxy(d, p)
           || pf_diag_winowner(d, p);
}

int
pf_diag_has_listener(const pf_diag_t *d)
{
    return d->c->facts.listeners.nelts > 0;
}

/* "uid 33 (www-data)", "uid 0 (root)", "uid 1000" */
const char *
pf_diag_user(pf_diag_t *d, long uid, const char *user)
{
    if (uid < 0) {
        return user != NULL ? user : "an unknown user";
    }
    if (user == NULL && uid == 0) {
        user = "root";
    }
    return user != NULL ? pf_diag_sprintf(d, "uid %ld (%s)", uid, user)
                        : pf_diag_sprintf(d, "uid %ld", uid);
}

/* "listening socket 0.0.0.0:80, inode 1234, owned by uid 0 (root)" */
const char *
pf_diag_listener_text(pf_diag_t *d, const pf_listener_t *l)
{
    const char *fmt = l->family == PF_FAMILY_INET6 ? "[%s]:%u" : "%s:%u";
    const char *addr = pf_diag_sprintf(d, fmt, l->address, l->port);
    const char *inode = "", *owner = "";

    if (l->inode) {
        inode = pf_diag_sprintf(d, ", inode %lu", l->inode);
    }
    if (l->owner_pid >= 0) {
        owner = pf_diag_sprintf(d, ", owner PID %ld", l->owner_pid);
    } else if (l->uid >= 0) {
        owner = pf_diag_sprintf(d, ", owned by %s",
                                pf_diag_user(d, l->uid, NULL));
    }
    return pf_diag_sprintf(d, "listening socket %s%s%s", addr,
                           inode ? inode : "", owner ? owner : "");
}

const char *
pf_diag_join(pf_diag_t *d, const pf_array_t *strs, const char *sep)
{
    pf_buf_t    b;
    const char *s;
    size_t      i;

    if (strs->nelts == 0) {
        return NULL;
    }
    pf_buf_init(&b);
    for (i = 0; i < strs->nelts; i++) {
        if (i) {
            pf_buf_puts(&b, sep);
        }
        s = PF_ARRAY_AT(strs, const char *, i);
        pf_buf_puts(&b, s ? s : "?");
    }
    s = b.failed ? NULL : pf_pstrdup(d->pool, b.data);
    pf_buf_free(&b);
    if (s == NULL) {
        d->nomem = 1;
        return "";
    }
    return s;
}
