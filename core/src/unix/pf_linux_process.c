/*
 * What a holder is: name, executable, command line, parent, user,
 * systemd unit and container (from its cgroup), CAP_NET_BIND_SERVICE.
 * Each field is read on its own: a process that exits half way leaves
 * the rest unknown, never an error.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "preflight_internal.h"
#include "pf_linux.h"

#define PF_CAP_NET_BIND_SERVICE  10
#define PF_CMDLINE_MAX           8192

/* "Name:\tvalue" -> value, or NULL when the key is absent. */
static const char *
pf_process_field(const char *text, const char *key)
{
    size_t      klen = strlen(key);
    const char *p = text;

    while (p != NULL && *p != '\0') {
        if (strncmp(p, key, klen) == 0 && p[klen] == ':') {
            p += klen + 1;
            while (*p == ' ' || *p == '\t') {
                p++;
            }
            return p;
        }
        p = strchr(p, '\n');
        if (p != NULL) {
            p++;
        }
    }
    return NULL;
}

int
pf_linux_status_parse(const char *text, long *ppid, long *uid)
{
    const char         *v;
    char               *end;
    unsigned long long  caps;

    if (text == NULL) {
        return -1;
    }
    if (ppid != NULL && (v = pf_process_field(text, "PPid")) != NULL) {
        *ppid = strtol(v, &end, 10);
        if (end == v) {
            *ppid = -1;
        }
    }
    /* Uid: real effective saved fs; the effective one decides */
    if (uid != NULL && (v = pf_process_field(text, "Uid")) != NULL) {
        (void) strtol(v, &end, 10);
        *uid = end == v ? -1 : strtol(end, &end, 10);
    }
    v = pf_process_field(text, "CapEff");
    if (v == NULL) {
        return -1;
    }
    caps = strtoull(v, &end, 16);
    if (end == v) {
        return -1;
    }
    return (caps >> PF_CAP_NET_BIND_SERVICE) & 1 ? 1 : 0;
}

long
pf_linux_status_nspid(const char *text)
{
    const char *v = text != NULL ? pf_process_field(text, "NSpid") : NULL;
    char       *end;
    long        first, last, n;

    if (v == NULL) {
        return 0;
    }
    first = strtol(v, &end, 10);
    if (end == v) {
        return 0;
    }
    last = first;
    for (v = end; *v == ' ' || *v == '\t'; v = end) {
        n = strtol(v, &end, 10);
        if (end == v) {
            break;
        }
        last = n;
    }
    return last != first ? last : 0;
}

static char *
pf_process_path(char *buf, size_t len, const char *root, long pid,
                const char *name)
{
    snprintf(buf, len, "%s/%ld/%s", root, pid, name);
    return buf;
}

/* NUL-separated arguments joined by spaces. */
static const char *
pf_process_cmdline(pf_pool_t *pool, const char *path)
{
    size_t  len, i;
    char   *s = pf_unix_read_text(pool, path, PF_CMDLINE_MAX, &len);

    if (s == NULL || len == 0) {
        return NULL;               /* kernel threads have none */
    }
    while (len > 0 && s[len - 1] == '\0') {
        len--;
    }
    /* NULs separate arguments; other control characters stay as they
     * are, facts are the truth: every printer makes them inert
     * (pf_buf_inert), JSON escapes them */
    for (i = 0; i < len; i++) {
        if (s[i] == '\0') {
            s[i] = ' ';
        }
    }
    s[len] = '\0';
    return s;
}

static const char *
pf_process_exe(pf_pool_t *pool, const char *path)
{
    char    buf[4096];
    ssize_t n = readlink(path, buf, sizeof(buf) - 1);

    if (n <= 0) {
        return NULL;
    }
    return pf_pstrndup(pool, buf, (size_t) n);
}

const char *
pf_linux_user_name(pf_pool_t *pool, long uid)
{
    struct passwd  pw, *res = NULL;
    char           buf[1024];

    if (uid < 0 || getpwuid_r((uid_t) uid, &pw, buf, sizeof(buf), &res) != 0
        || res == NULL)
    {
        return NULL;
    }
    return pf_pstrdup(pool, pw.pw_name);
}

void
pf_linux_process_read(pf_pool_t *pool, const char *proc_root,
                     pf_process_t *p)
{
    char    path[1024];
    char   *text;
    size_t  len;

    /* comm and file names may hold any byte: printers make them inert */
    p->name = pf_unix_read_line(pool, pf_process_path(path, sizeof(path),
                                                      proc_root, p->pid,
                                                      "comm"));
    p->exe = pf_process_exe(pool, pf_process_path(path, sizeof(path), proc_root,
                                                  p->pid, "exe"));
    p->cmdline = pf_process_cmdline(pool, pf_process_path(path, sizeof(path),
                                                          proc_root, p->pid,
                                                          "cmdline"));
    text = pf_unix_read_text(pool, pf_process_path(path, sizeof(path),
                                                   proc_root, p->pid, "status"),
                             16384, &len);
    p->cap_net_bind_service = pf_linux_status_parse(text, &p->ppid, &p->uid);
    p->ns_pid = pf_linux_status_nspid(text);
    if (text == NULL && p->name == NULL
        && access(pf_process_path(path, sizeof(path), proc_root, p->pid, ""),
                  F_OK) != 0 && errno == ENOENT)
    {
        /* it held the socket a moment ago and has exited since */
        p->gone = 1;
        return;
    }
    p->user = pf_linux_user_name(pool, p->uid);
    text = pf_unix_read_text(pool, pf_process_path(path, sizeof(path),
                                                   proc_root, p->pid, "cgroup"),
                             65536, &len);
    if (text != NULL) {
        pf_cgroup_t cg;

        pf_linux_cgroup_read(pool, text, len, &cg);
        p->unit = cg.unit;
        p->container = cg.container;
        p->unit_kind = cg.kind;
        p->cgroup = cg.path;
        p->cgroup_unit = cg.cgroup_unit;
        p->unit_uid = cg.uid;
    }
}
