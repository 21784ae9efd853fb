/*
 * Which processes hold the listener sockets: the links in /proc/PID/fd
 * read "socket:[INODE]".  On a busy host this is the expensive part of
 * the facts (issue 8), so the scan
 *   - walks /proc once, with openat/readlinkat relative to open
 *     directories instead of building and resolving full paths;
 *   - first visits only processes whose owner matches a socket's owner
 *     (a socket is nearly always held by its creator's user), and visits
 *     the others only if something is still missing (sockets can be
 *     passed to another user's process);
 *   - stops as soon as every socket has a holder other than pid 1 (pid 1
 *     holding a socket is systemd socket activation: the activated
 *     service, if running, holds it too and is the better answer).
 * Processes vanish while we look (ENOENT, ESRCH): skipped silently.
 * Unreadable ones (EACCES, not root) are counted, to say so.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "preflight.h"
#include "pf_unix.h"

#define PF_SCAN_PRUNED  0x1   /* skipped in the first pass */
#define PF_DIRENT_ROOM  64    /* > one fd entry: header + "2147483647" */

typedef struct {
    long          pid;
    unsigned      flags;
} pf_pid_entry_t;

typedef struct {
    pf_array_t   *listeners;
    int           procfd;
    unsigned      denied;       /* fd directories we may not read */
    int           prune;        /* first pass: owners must match */
    size_t        open;         /* listeners without a real holder */
} pf_scan_t;

/* The dirent layout the getdents64 system call fills. */
typedef struct {
    unsigned long long d_ino;
    long long          d_off;
    unsigned short     d_reclen;
    unsigned char      d_type;
    char               d_name[];
} pf_dirent64_t;

static int
pf_pid_name(const char *s, long *pid)
{
    char *end;

    if (*s < '1' || *s > '9') {
        return 0;
    }
    *pid = strtol(s, &end, 10);
    return *end == '\0';
}

/* Every numeric entry of /proc, in directory order (ascending pids). */
static pf_pid_entry_t *
pf_list_pids(DIR *dir, size_t *count)
{
    struct dirent  *de;
    pf_pid_entry_t *pids = NULL, *np;
    size_t          n = 0, cap = 0;
    long            pid;

    while ((de = readdir(dir)) != NULL) {
        if (!pf_pid_name(de->d_name, &pid)) {
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            np = realloc(pids, cap * sizeof(*pids));
            if (np == NULL) {
                free(pids);
                return NULL;
            }
            pids = np;
        }
        pids[n].pid = pid;
        pids[n].flags = 0;
        n++;
    }
    *count = n;
    return pids != NULL ? pids : malloc(sizeof(*pids));
}

static int
pf_uid_wanted(const pf_array_t *listeners, long uid)
{
    size_t i;

    for (i = 0; i < listeners->nelts; i++) {
        const pf_listener_t *l = &PF_ARRAY_AT(listeners, pf_listener_t, i);

        if (l->uid < 0 || l->uid == uid) {
            return 1;
        }
    }
    return 0;
}

/* A real holder: any process but pid 1 (see the top of the file). */
static int
pf_has_real_holder(const pf_listener_t *l)
{
    size_t i;

    for (i = 0; i < l->pids.nelts; i++) {
        if (PF_ARRAY_AT(&l->pids, long, i) != 1) {
            return 1;
        }
    }
    return 0;
}

static int
pf_match_inode(pf_scan_t *s, unsigned long inode, long pid)
{
    size_t i;
    long  *slot;

    for (i = 0; i < s->listeners->nelts; i++) {
        pf_listener_t *l = &PF_ARRAY_AT(s->listeners, pf_listener_t, i);

        if (l->inode != inode || l->inode == 0 || pf_array_has_long(&l->pids, pid)) {
            continue;
        }
        if (pid != 1 && !pf_has_real_holder(l)) {
            s->open--;
        }
        slot = pf_array_push(&l->pids);
        if (slot == NULL) {
            return PF_ENOMEM;
        }
        *slot = pid;
    }
    return PF_OK;
}

/* "socket:[12345]" -> 12345; 0 for anything else. */
static unsigned long
pf_socket_inode(const char *link, ssize_t n)
{
    unsigned long v = 0;
    ssize_t       i;

    if (n < 10 || memcmp(link, "socket:[", 8) != 0 || link[n - 1] != ']') {
        return 0;
    }
    for (i = 8; i < n - 1; i++) {
        if (link[i] < '0' || link[i] > '9') {
            return 0;
        }
        v = v * 10 + (unsigned long) (link[i] - '0');
    }
    return v;
}

static int
pf_scan_fds(pf_scan_t *s, int dfd, long pid)
{
    char           buf[4096], link[64];
    long           n, off;
    ssize_t        ln;
    unsigned long  inode;
    pf_dirent64_t *d;

    for (;;) {
        n = syscall(SYS_getdents64, dfd, buf, sizeof(buf));
        if (n <= 0) {
            return PF_OK;          /* the process may have exited: fine */
        }
        for (off = 0; off < n; off += d->d_reclen) {
            d = (pf_dirent64_t *) (buf + off);
            if (d->d_name[0] == '.') {
                continue;
            }
            ln = readlinkat(dfd, d->d_name, link, sizeof(link));
            inode = ln > 0 ? pf_socket_inode(link, ln) : 0;
            if (inode != 0 && pf_match_inode(s, inode, pid) != PF_OK) {
                return PF_ENOMEM;
            }
        }
        /* /proc fills the buffer while entries remain: room left for
         * another short entry means the list is done, and saves one
         * system call per process */
        if ((size_t) n + PF_DIRENT_ROOM <= sizeof(buf)) {
            return PF_OK;
        }
    }
}

/* One process.  Marks it pruned when the first pass skips it. */
static int
pf_scan_pid(pf_scan_t *s, pf_pid_entry_t *e)
{
    char        path[32];
    struct stat st;
    int         dfd, rc;

    snprintf(path, sizeof(path), "%ld/fd", e->pid);
    dfd = openat(s->procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd == -1) {
        if (errno == EACCES || errno == EPERM) {
            s->denied++;
        }
        return PF_OK;
    }
    /* the fd directory belongs to the process's (effective) user */
    if (s->prune && fstat(dfd, &st) == 0
        && !pf_uid_wanted(s->listeners, (long) st.st_uid))
    {
        e->flags |= PF_SCAN_PRUNED;
        close(dfd);
        return PF_OK;
    }
    rc = pf_scan_fds(s, dfd, e->pid);
    close(dfd);
    return rc;
}

static int
pf_scan_pass(pf_scan_t *s, pf_pid_entry_t *pids, size_t n, int second)
{
    size_t i;
    int    rc;

    for (i = 0; i < n && s->open > 0; i++) {
        if (second && !(pids[i].flags & PF_SCAN_PRUNED)) {
            continue;
        }
        rc = pf_scan_pid(s, &pids[i]);
        if (rc != PF_OK) {
            return rc;
        }
    }
    return PF_OK;
}

/* Why a socket has no holder, in words a person can act on. */
static void
pf_note_unmatched(pf_pool_t *pool, const pf_scan_t *s, pf_listener_t *l,
                  pf_array_t *notes)
{
    const char *user;

    if (l->inode == 0 || l->pids.nelts > 0) {
        return;
    }
    l->pids_visible = 0;
    if (s->denied > 0 || (l->uid >= 0 && (uid_t) l->uid != geteuid()
                          && geteuid() != 0))
    {
        user = pf_unix_user_name(pool, l->uid);
        pf_array_push_strf(notes, "socket %s:%u is owned by user %s "
                           "(uid %ld); run as root to see the process",
                           l->address, l->port, user ? user : "?", l->uid);
        return;
    }
    pf_array_push_strf(notes, "no process visible here holds socket "
                       "inode %lu on %s:%u (a kernel service, a process in "
                       "another PID namespace, or it closed since the "
                       "probe)", l->inode, l->address, l->port);
}

static size_t
pf_count_open(const pf_array_t *listeners)
{
    size_t i, n = 0;

    for (i = 0; i < listeners->nelts; i++) {
        const pf_listener_t *l = &PF_ARRAY_AT(listeners, pf_listener_t, i);

        n += l->inode != 0 && !pf_has_real_holder(l);
    }
    return n;
}

static int
pf_all_uids_known(const pf_array_t *listeners)
{
    size_t i;

    for (i = 0; i < listeners->nelts; i++) {
        if (PF_ARRAY_AT(listeners, pf_listener_t, i).uid < 0) {
            return 0;
        }
    }
    return listeners->nelts > 0;
}

int
pf_unix_find_owners(pf_pool_t *pool, const char *proc_root,
                    pf_array_t *listeners, pf_array_t *notes)
{
    pf_scan_t       s;
    pf_pid_entry_t *pids;
    size_t          n, i;
    DIR            *dir;
    int             rc;

    memset(&s, 0, sizeof(s));
    s.listeners = listeners;
    s.open = pf_count_open(listeners);
    if (s.open == 0) {
        return PF_OK;
    }
    dir = opendir(proc_root);
    if (dir == NULL) {
        pf_array_push_strf(notes, "cannot read %s (%s): the processes "
                           "holding the port are unknown", proc_root,
                           strerror(errno));
        return PF_OK;
    }
    pids = pf_list_pids(dir, &n);
    if (pids == NULL) {
        closedir(dir);
        return PF_ENOMEM;
    }
    s.procfd = dirfd(dir);
    s.prune = pf_all_uids_known(listeners);
    rc = pf_scan_pass(&s, pids, n, 0);
    if (rc == PF_OK && s.prune && s.open > 0) {
        s.prune = 0;
        rc = pf_scan_pass(&s, pids, n, 1);
    }
    free(pids);
    closedir(dir);
    for (i = 0; rc == PF_OK && i < listeners->nelts; i++) {
        pf_note_unmatched(pool, &s, &PF_ARRAY_AT(listeners, pf_listener_t, i),
                          notes);
    }
    return rc;
}
