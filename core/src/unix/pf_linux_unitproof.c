/*
 * Proof of possession: is a holder whose cgroup lies in a service of the
 * system manager really that service's process?  A cgroup says only where
 * a process runs: a cron job runs in cron.service, a CGI child in
 * apache2.service.  Stopping the unit for them lets a user steer root
 * (issue 16).  So systemd itself is asked:
 *
 *   - the unit of the PID (sd-bus GetUnitByPID) is that unit, and the
 *     unit's ControlGroup is the holder's cgroup (not a subgroup);
 *   - the holder is the unit's MainPID, or runs as the unit's User=
 *     (root when the unit names none).
 *
 * Over sd-bus when built in and the system bus answers, else `systemctl
 * show` (whose ControlGroup, compared with the holder's cgroup, is the
 * same mapping GetUnitByPID makes).  When neither answers nothing is
 * proven, and every remedy for the unit stays advice.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "preflight_internal.h"
#include "pf_linux.h"
#include "unix/pf_unix_remedy.h"
#include "pf_linux_sdbus.h"

#define PF_SHOW_MAX  8192

/* systemd's unit name grammar: what may be handed to it at all. */
int
pf_linux_unit_name_ok(const char *s)
{
    size_t n = s != NULL ? strlen(s) : 0;

    return n > 0 && n < 256
           && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                        "0123456789:_.\\@-") == n
           && s[0] != '-' && s[0] != '.';
}

/* Pure: "Key=value" lines of `systemctl show`. */
void
pf_linux_show_parse(pf_pool_t *pool, const char *text, const char **id,
                   const char **cgroup, long *main_pid, const char **user)
{
    const char *p = text, *eol, *eq;
    size_t      n;

    while (p != NULL && *p != '\0') {
        eol = strchr(p, '\n');
        n = eol != NULL ? (size_t) (eol - p) : strlen(p);
        eq = memchr(p, '=', n);
        if (eq != NULL) {
            size_t      k = (size_t) (eq - p);
            const char *v = pf_pstrndup(pool, eq + 1, n - k - 1);

#define PF_IS(key)  (k == sizeof(key) - 1 && memcmp(p, key, k) == 0)
            if (PF_IS("Id")) {
                *id = v;
            } else if (PF_IS("ControlGroup")) {
                *cgroup = v;
            } else if (PF_IS("User")) {
                *user = v;
            } else if (PF_IS("MainPID") && v != NULL) {
                char *end;

                *main_pid = strtol(v, &end, 10);
                if (end == v || *end != '\0') {
                    *main_pid = -1;
                }
            }
#undef PF_IS
        }
        p = eol != NULL ? eol + 1 : NULL;
    }
}

static int
pf_unitproof_ctl(pf_pool_t *pool, const char *unit, pf_sdbus_unit_t *info)
{
    char       *out = pf_palloc(pool, PF_SHOW_MAX);
    char       *argv[8];
    pf_error_t  err;
    int         status = -1;

    if (out == NULL) {
        return PF_ERROR;
    }
    argv[0] = "systemctl";
    argv[1] = "show";
    argv[2] = "--property=Id,ControlGroup,MainPID,User";
    argv[3] = "--";
    argv[4] = (char *) unit;
    argv[5] = NULL;
    memset(&err, 0, sizeof(err));
    if (pf_unix_remedy_exec(argv, out, PF_SHOW_MAX, &status, &err) != PF_OK
        || status != 0)
    {
        return PF_ERROR;
    }
    info->main_pid = -1;
    pf_linux_show_parse(pool, out, &info->id, &info->cgroup, &info->main_pid,
                       &info->user);
    return info->id != NULL && info->cgroup != NULL ? PF_OK : PF_ERROR;
}

/* The uid a User= value names: a name, or a number; "" is root. */
static long
pf_unitproof_uid(const char *user)
{
    struct passwd  pw, *res = NULL;
    char           buf[1024], *end;
    long           v;

    if (user == NULL || *user == '\0') {
        return 0;
    }
    v = strtol(user, &end, 10);
    if (end != user && *end == '\0') {
        return v;
    }
    if (getpwnam_r(user, &pw, buf, sizeof(buf), &res) != 0 || res == NULL) {
        return -1;
    }
    return (long) res->pw_uid;
}

/* Pure but for the user lookup: does what systemd said prove p? */
static void
pf_unitproof_with(pf_pool_t *pool, pf_process_t *p, const pf_sdbus_unit_t *u)
{
    long uid;

    p->unit_proven = 0;
    if (u->id == NULL || strcmp(u->id, p->unit) != 0) {
        p->unit_proof = pf_psprintf(pool, "systemd puts PID %ld in %s, not "
                                    "in %s", p->pid,
                                    u->id ? u->id : "no unit", p->unit);
        return;
    }
    if (u->cgroup == NULL || p->cgroup == NULL
        || strcmp(u->cgroup, p->cgroup) != 0)
    {
        p->unit_proof = pf_psprintf(pool, "PID %ld is not in %s's own "
                                    "control group", p->pid, p->unit);
        return;
    }
    if (u->main_pid > 0 && u->main_pid == p->pid) {
        p->unit_proven = 1;
        p->unit_proof = pf_psprintf(pool, "systemd: PID %ld is the main "
                                    "process of %s", p->pid, p->unit);
        return;
    }
    uid = pf_unitproof_uid(u->user);
    if (uid >= 0 && p->uid == uid) {
        p->unit_proven = 1;
        p->unit_proof = pf_psprintf(pool, "systemd: PID %ld runs as %s's "
                                    "user (%s)", p->pid, p->unit,
                                    u->user && *u->user ? u->user : "root");
        return;
    }
    p->unit_proof = pf_psprintf(pool, "PID %ld runs in %s's control group "
                                "but is neither its main process (PID %ld) "
                                "nor runs as its user (%s)", p->pid,
                                p->unit, u->main_pid,
                                u->user && *u->user ? u->user : "root");
}

static void
pf_unitproof_one(pf_pool_t *pool, pf_process_t *p)
{
    pf_sdbus_unit_t u;

    memset(&u, 0, sizeof(u));
    u.main_pid = -1;
    if (!pf_linux_unit_name_ok(p->unit)) {
        p->unit_proven = 0;
        p->unit_proof = "the unit name is not one systemd accepts";
        return;
    }
    if (pf_sdbus_unit_of(pool, p->pid, &u) != PF_OK) {
        memset(&u, 0, sizeof(u));
        u.main_pid = -1;
        if (pf_unitproof_ctl(pool, p->unit, &u) != PF_OK) {
            p->unit_proven = -1;
            p->unit_proof = pf_psprintf(pool, "systemd did not answer "
                                        "(sd-bus, systemctl show): nothing "
                                        "proves that PID %ld is %s's",
                                        p->pid, p->unit);
            return;
        }
    }
    pf_unitproof_with(pool, p, &u);
}

void
pf_linux_prove_units(pf_pool_t *pool, pf_target_facts_t *f)
{
    size_t i;

    for (i = 0; i < f->processes.nelts; i++) {
        pf_process_t *p = &PF_ARRAY_AT(&f->processes, pf_process_t, i);

        if (p->unit_kind == PF_UNIT_SYSTEM && p->unit != NULL && p->pid > 1)
        {
            pf_unitproof_one(pool, p);
        }
    }
}
