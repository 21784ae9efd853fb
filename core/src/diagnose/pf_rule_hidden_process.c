/*
 * process, hidden: a listening socket is there but no process could be
 * read as its holder.  Without root, /proc/PID/fd of other users'
 * processes is closed; as root, the holder lives in another PID namespace
 * (a container, a sandbox) or is gone.  The socket's owner is still known,
 * which is worth saying.
 */
#include "pf_diagnose.h"

/* The remedies this file offers: id, what fix --apply does, whether it
 * needs root or Administrator (pf_diag_remedy). */
static const pf_diag_offer_t
    pf_hidden_fix_look = { "look", PF_ACTION_NONE, 0 };

#define PF_HOLDER_CAUSES  ((1u << PF_CAUSE_PROCESS)                        \
                           | (1u << PF_CAUSE_SAME_SERVER)                  \
                           | (1u << PF_CAUSE_SOCKET_UNIT)                  \
                           | (1u << PF_CAUSE_CONTAINER)                    \
                           | (1u << PF_CAUSE_HTTPSYS)                      \
                           | (1u << PF_CAUSE_PORTPROXY)                    \
                           | (1u << PF_CAUSE_WSL)                          \
                           | (1u << PF_CAUSE_DOCKER_DESKTOP)               \
                           | (1u << PF_CAUSE_INHERITED))

/* "user root (uid 0)", "uid 1001", "an unknown user" */
static const char *
pf_hidden_owner_name(pf_diag_t *d, long uid, const char *user)
{
    if (uid < 0) {
        return "an unknown user";
    }
    if (user == NULL && uid == 0) {
        user = "root";
    }
    return user != NULL ? pf_diag_sprintf(d, "user %s (uid %ld)", user, uid)
                        : pf_diag_sprintf(d, "uid %ld", uid);
}

static void
pf_hidden_evidence(pf_diag_t *d, pf_finding_t *f, const pf_listener_t *l)
{
    pf_diag_evidence(d, f, "%s", pf_diag_listener_text(d, l));
    if (l->uid >= 0 && !d->host->is_admin && !l->pids_visible) {
        pf_diag_evidence(d, f, "the socket's owner is visible to any user; "
                         "its process's open files are not");
    }
}

/* Windows names the owning PID of every socket, even when the process
 * cannot be opened. */
static long
pf_hidden_owner_pid(const pf_diag_t *d)
{
    const pf_array_t *ls = &d->c->facts.listeners;
    size_t            i;

    for (i = 0; i < ls->nelts; i++) {
        const pf_listener_t *l = &PF_ARRAY_AT(ls, pf_listener_t, i);

        if (l->owner_pid > 0 && !pf_diag_is_kernel_listener(l)) {
            return l->owner_pid;
        }
    }
    return -1;
}

static void
pf_hidden_owner(pf_diag_t *d, long pid)
{
    const pf_array_t *ls = &d->c->facts.listeners;
    pf_finding_t     *f;
    pf_remedy_t      *r;
    size_t            i;

    f = pf_diag_finding(d, PF_CAUSE_PROCESS, PF_LIKELY,
                        "port %u is in use by PID %ld, whose name could not "
                        "be read", d->c->target.port, pid);
    for (i = 0; i < ls->nelts; i++) {
        pf_hidden_evidence(d, f, &PF_ARRAY_AT(ls, pf_listener_t, i));
    }
    r = pf_diag_remedy(d, f, &pf_hidden_fix_look,
                       "see which program PID %ld is", pid);
    pf_diag_command(d, r, "tasklist /FI \"PID eq %ld\" /SVC", pid);
    if (!d->host->is_admin) {
        pf_offer_inspect(d, f);
    }
    pf_offer_other_port(d, f, 0);
}

int
pf_rule_hidden_process(pf_diag_t *d)
{
    const pf_array_t *ls = &d->c->facts.listeners;
    pf_finding_t     *f;
    size_t            i;
    int               hidden = 0;
    long              uid = -1;
    const char       *user = NULL;

    /* a unix socket's holder is told by pf_rule_unix_socket */
    if (d->c->target.family == PF_FAMILY_UNIX || !pf_diag_holders_apply(d) || ls->nelts == 0
        || (d->matched & PF_HOLDER_CAUSES))
    {
        return 0;
    }
    if (pf_hidden_owner_pid(d) > 0) {
        pf_hidden_owner(d, pf_hidden_owner_pid(d));
        return 1;
    }
    for (i = 0; i < ls->nelts; i++) {
        const pf_listener_t *l = &PF_ARRAY_AT(ls, pf_listener_t, i);

        hidden |= !l->pids_visible;
        if (uid < 0) {
            uid = l->uid;
            user = l->user;
        }
    }
    if (d->host->is_admin) {
        f = pf_diag_finding(d, PF_CAUSE_PROCESS, PF_POSSIBLE,
                            "port %u is in use by a socket of %s whose "
                            "process could not be found (another PID "
                            "namespace or container?)", d->c->target.port,
                            pf_diag_user(d, uid, user));
    } else {
        f = pf_diag_finding(d, PF_CAUSE_PROCESS,
                            hidden ? PF_LIKELY : PF_POSSIBLE,
                            "port %u: a process of %s holds it; run as "
                            "root to name it", d->c->target.port,
                            pf_hidden_owner_name(d, uid, user));
    }
    for (i = 0; i < ls->nelts; i++) {
        pf_hidden_evidence(d, f, &PF_ARRAY_AT(ls, pf_listener_t, i));
    }
    if (d->host->is_admin) {
        pf_offer_look(d, f);
    } else {
        pf_offer_inspect(d, f);
    }
    pf_offer_other_port(d, f, 0);
    return 1;
}
