/*
 * unix-socket: nginx "listen unix:/path" that bind() refuses.  nginx
 * never removes a file before it binds (ngx_open_listening_sockets), so a
 * socket left by a server that did not exit cleanly keeps it from
 * starting just as a live one does; a missing directory fails with
 * ENOENT.  The fix is about the path, so the commands quote it
 * (pf_sh_quote), or are not offered when it holds a control character.
 */
#include <string.h>

#include "pf_diagnose.h"

/* The remedies this file offers: id, what fix --apply does, whether it
 * needs root or Administrator (pf_diag_remedy). */
static const pf_diag_offer_t
    pf_unix_socket_fix_remove_stale_socket =
        { "remove-stale-socket", PF_ACTION_NONE, 0 },
    pf_unix_socket_fix_other_path = { "other-path", PF_ACTION_NONE, 0 },
    pf_unix_socket_fix_make_directory =
        { "make-directory", PF_ACTION_NONE, 1 },
    pf_unix_socket_fix_move_file = { "move-file", PF_ACTION_NONE, 0 },
    pf_unix_socket_fix_check_directory =
        { "check-directory", PF_ACTION_NONE, 0 };

static const char *
pf_unix_socket_dir(pf_diag_t *d, const char *path)
{
    const char *slash = strrchr(path, '/');

    if (slash == NULL) {
        return ".";
    }
    return slash == path ? "/" : pf_diag_sprintf(d, "%.*s",
                                                 (int) (slash - path), path);
}

static void
pf_unix_socket_stale(pf_diag_t *d, const char *path)
{
    pf_finding_t *f;
    pf_remedy_t  *r;
    const char   *q;

    f = pf_diag_finding(d, PF_CAUSE_UNIX_SOCKET, PF_SURE,
                        "unix:%s is a socket file that no process listens "
                        "on, left by a server that did not exit cleanly: "
                        "nginx does not remove it, and bind() fails", path);
    pf_diag_evidence(d, f, "connect() to %s is refused (ECONNREFUSED)", path);
    r = pf_diag_remedy(d, f, &pf_unix_socket_fix_remove_stale_socket,
                       "remove the stale socket file");
    q = pf_sh_quote(d->pool, path);     /* NULL: not offered as a command */
    if (q != NULL) {
        pf_diag_command(d, r, "rm -- %s", q);
    }
}

static void
pf_unix_socket_live(pf_diag_t *d, const char *path)
{
    const pf_array_t *ps = &d->c->facts.processes;
    pf_finding_t     *f;
    size_t            i;

    f = pf_diag_finding(d, PF_CAUSE_UNIX_SOCKET, PF_SURE,
                        "a process listens on unix:%s", path);
    for (i = 0; i < ps->nelts; i++) {
        pf_diag_holder(d, f, &PF_ARRAY_AT(ps, pf_process_t, i));
    }
    pf_diag_evidence(d, f, "connect() to %s is answered", path);
    pf_diag_remedy(d, f, &pf_unix_socket_fix_other_path,
                   "stop that process yourself, if it is not needed, or "
                   "give this server another path: preflight never kills "
                   "a process");
}

static void
pf_unix_socket_no_dir(pf_diag_t *d, const char *path)
{
    const char   *dir = pf_unix_socket_dir(d, path);
    const char   *q = pf_sh_quote(d->pool, dir);
    pf_finding_t *f;
    pf_remedy_t  *r;

    f = pf_diag_finding(d, PF_CAUSE_UNIX_SOCKET, PF_SURE,
                        "the directory %s of unix:%s does not exist", dir,
                        path);
    pf_diag_evidence(d, f, "bind() failed with %s",
                     d->c->probe.err_name ? d->c->probe.err_name : "ENOENT");
    r = pf_diag_remedy(d, f, &pf_unix_socket_fix_make_directory,
                       "create it (a directory under /run is gone after a "
                       "reboot: a tmpfiles.d entry or RuntimeDirectory= "
                       "keeps it)");
    if (q != NULL) {
        pf_diag_command(d, r, "mkdir -p -- %s", q);
    }
}

int
pf_rule_unix_socket(pf_diag_t *d)
{
    const pf_check_t *c = d->c;
    const char       *path = c->target.path ? c->target.path : "?";
    pf_finding_t     *f;

    if (c->target.family != PF_FAMILY_UNIX
        || (d->matched & (1u << PF_CAUSE_SAME_SERVER)))
    {
        return 0;
    }
    switch (c->facts.sockfile) {
    case PF_SOCKFILE_STALE:
        pf_unix_socket_stale(d, path);
        return 1;
    case PF_SOCKFILE_LIVE:
        pf_unix_socket_live(d, path);
        return 1;
    case PF_SOCKFILE_NO_DIR:
        pf_unix_socket_no_dir(d, path);
        return 1;
    case PF_SOCKFILE_NOT_SOCKET:
        f = pf_diag_finding(d, PF_CAUSE_UNIX_SOCKET, PF_SURE,
                            "%s is a file, not a socket: bind() cannot "
                            "make the socket there", path);
        pf_diag_remedy(d, f, &pf_unix_socket_fix_move_file,
                       "move that file away, or give nginx another path");
        return 1;
    default:
        f = pf_diag_finding(d, PF_CAUSE_UNIX_SOCKET, PF_LIKELY,
                            "unix:%s cannot be made: bind() failed with %s",
                            path, c->probe.err_name ? c->probe.err_name
                                                    : "an error");
        pf_diag_remedy(d, f, &pf_unix_socket_fix_check_directory,
                       "check that the user nginx binds as may create "
                       "files in %s", pf_unix_socket_dir(d, path));
        return 1;
    }
}
