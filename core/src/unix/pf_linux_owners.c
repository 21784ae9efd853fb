/*
 * Which processes hold the listener sockets: the links in /proc/PID/fd
 * read "socket:[INODE]".  On a busy host this is the expensive part of
 * the facts (issue 8), so the scan
 *   - walks /proc once, with openat/readlinkat relative to open
 *     directories instead of building and resolving full paths;
 *   - first visits the processes of the cgroup that created the socket
 *     (sock_diag's cgroup id, pf_linux_cghint.c): a service's own cgroup
 *     or a login session's scope, where the holder nearly always is; a
 *     small one whole, whatever its processes' users and namespaces (a
 *     server that dropped root after binding is found there at once);
 *   - then visits only processes whose owner matches a socket's owner
 *     (a socket is nearly always held by its creator's user) and that
 *     live in the network namespace the sockets were found in (the
 *     probing process's: a container's processes hold their own
 *     namespace's sockets), and visits the others only if something is
 *     still missing (sockets can be passed to another user's process,
 *     or into another namespace);
 *   - stops as soon as every socket has a holder other than pid 1 (pid 1
 *     holding a socket is systemd socket activation: the activated
 *     service, if running, holds it too and is the better answer), then
 *     names the holder's own family (pf_scan_family): its ancestors that
 *     hold the socket too, up to the top holder, and the top holder's
 *     children that hold it (a pre-forked server's workers).  Other
 *     holders of a socket passed out of that family (SCM_RIGHTS) are
 *     named when the scan met them before it stopped;
 *   - on a host with many processes, scans with a few threads (one per
 *     core, at most PF_SCAN_THREADS): the kernel's cost per fd link is
 *     fixed, so more cores is the way to read them sooner.  This code
 *     runs in the CLI and in the lazily loaded core, only when a port is
 *     held: never in a healthy server start.  The answer is the one a
 *     scan in PID order gives (pf_scan_trim).
 * Processes vanish while we look (ENOENT, ESRCH): skipped silently.
 * Unreadable ones (EACCES, not root) are counted, to say so.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "preflight_internal.h"
#include "pf_linux.h"

#define PF_SCAN_PRUNED  0x1   /* skipped in the first pass */
#define PF_SCAN_DONE    0x2   /* read whole in the pass of the hint */
#define PF_HINT_WHOLE   64    /* a creator's cgroup up to this many
                                 processes is read whole, unpruned */
#define PF_HINT_CGROUPS 4     /* distinct creators' cgroups asked */
#define PF_FAMILY_DEPTH 32    /* ancestors walked up from a holder */
#define PF_DIRENT_ROOM  64    /* > one fd entry: header + "2147483647" */
#define PF_SCAN_THREADS 4
#define PF_SCAN_MIN_PER_THREAD 256 /* fewer processes: one thread */
#define PF_SCAN_CHUNK   16    /* processes a thread takes at once */
#define PF_SCAN_NETNS_FDS 32  /* fds from which the namespace is asked:
                                 one system call, under 3% of reading
                                 the fds (it costs about a readlink) */

typedef struct {
    long          pid;
    unsigned      flags;
} pf_pid_entry_t;

typedef struct {
    pf_array_t      *listeners;
    int              procfd;
    unsigned         denied;    /* fd directories we may not read */
    int              prune;     /* first pass: owners must match */
    int              prune_uid;
    unsigned long    netns;     /* ours (inode), 0: unknown */
    size_t           open;      /* listeners without a real holder */
    /* shared by the threads of a pass, under lock */
    pthread_mutex_t  lock;
    pf_pid_entry_t  *pids;
    size_t           npids;
    size_t           next;      /* the next pids[] to scan */
    int              second;
    size_t           chunk;     /* processes a take hands out */
    int              rc;
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

static int
pf_pid_cmp(const void *a, const void *b)
{
    long x = ((const pf_pid_entry_t *) a)->pid;
    long y = ((const pf_pid_entry_t *) b)->pid;

    return x < y ? -1 : x > y;
}

/* Every numeric entry of /proc, by ascending pid (the order /proc lists
 * them in already; a copy of it in a test may not). */
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
    if (n > 1) {
        qsort(pids, n, sizeof(*pids), pf_pid_cmp);
    }
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

/* Listeners' inodes do not change during a scan: read without the lock
 * (most socket fds on a busy host are not the port's). */
static int
pf_inode_wanted(const pf_scan_t *s, unsigned long inode)
{
    size_t i;

    for (i = 0; i < s->listeners->nelts; i++) {
        if (PF_ARRAY_AT(s->listeners, pf_listener_t, i).inode == inode) {
            return 1;
        }
    }
    return 0;
}

static int
pf_match_inode_locked(pf_scan_t *s, unsigned long inode, long pid)
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

static int
pf_match_inode(pf_scan_t *s, unsigned long inode, long pid)
{
    int rc;

    if (!pf_inode_wanted(s, inode)) {
        return PF_OK;
    }
    pthread_mutex_lock(&s->lock);
    rc = pf_match_inode_locked(s, inode, pid);
    pthread_mutex_unlock(&s->lock);
    return rc;
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

/* The inode of a network namespace: 0 when it cannot be told. */
static unsigned long
pf_netns_of(int procfd, const char *rel)
{
    struct stat st;

    return fstatat(procfd, rel, &st, 0) == 0 ? (unsigned long) st.st_ino
                                              : 0;
}

/* 0 only when the process is known to be in another namespace than
 * ours. */
static int
pf_netns_same(const pf_scan_t *s, long pid)
{
    char          path[40];
    unsigned long ns;

    if (s->netns == 0) {
        return 1;
    }
    snprintf(path, sizeof(path), "%ld/ns/net", pid);
    ns = pf_netns_of(s->procfd, path);
    return ns == 0 || ns == s->netns;
}

/* Entries a getdents64 buffer holds besides "." and "..". */
static size_t
pf_dirent_count(const char *buf, long n)
{
    const pf_dirent64_t *d;
    long                 off;
    size_t               c = 0;

    for (off = 0; off < n; off += d->d_reclen) {
        d = (const pf_dirent64_t *) (buf + off);
        c += d->d_name[0] != '.';
    }
    return c;
}

static int
pf_scan_fds(pf_scan_t *s, int dfd, pf_pid_entry_t *e)
{
    long           pid = e->pid;
    int            first = 1;
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
        /* another namespace's process is skipped in the first pass; its
         * namespace is asked only when it has fds enough to be worth a
         * system call more (a few fds cost less to read than to skip) */
        if (first && s->prune && s->netns != 0
            && pf_dirent_count(buf, n) > PF_SCAN_NETNS_FDS
            && !pf_netns_same(s, pid))
        {
            e->flags |= PF_SCAN_PRUNED;
            return PF_OK;
        }
        first = 0;
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
            pthread_mutex_lock(&s->lock);
            s->denied++;
            pthread_mutex_unlock(&s->lock);
        }
        return PF_OK;
    }
    /* the fd directory belongs to the process's (effective) user */
    if (s->prune && s->prune_uid && fstat(dfd, &st) == 0
        && !pf_uid_wanted(s->listeners, (long) st.st_uid))
    {
        e->flags |= PF_SCAN_PRUNED;
        close(dfd);
        return PF_OK;
    }
    rc = pf_scan_fds(s, dfd, e);
    close(dfd);
    return rc;
}

/* The next processes to scan (a chunk, fewer lock rounds), *first and
 * *n; 0 when the pass is over (every listener has its holder, an error,
 * or no process left).  A chunk taken is scanned whole: every process
 * before the one where the scan in PID order would stop is scanned, and
 * pf_scan_trim drops what was found past it. */
static int
pf_scan_take(pf_scan_t *s, size_t *first, size_t *n)
{
    int more = 0;

    pthread_mutex_lock(&s->lock);
    if (s->open > 0 && s->rc == PF_OK && s->next < s->npids) {
        *first = s->next;
        *n = s->npids - s->next < s->chunk ? s->npids - s->next
                                            : s->chunk;
        s->next += *n;
        more = 1;
    }
    pthread_mutex_unlock(&s->lock);
    return more;
}

static void *
pf_scan_worker(void *arg)
{
    pf_scan_t      *s = arg;
    pf_pid_entry_t *e;
    size_t          first, n, i;
    int             rc;

    while (pf_scan_take(s, &first, &n)) {
        for (i = first; i < first + n; i++) {
            e = &s->pids[i];
            if (s->second ? !(e->flags & PF_SCAN_PRUNED)
                          : (e->flags & (PF_SCAN_PRUNED | PF_SCAN_DONE)))
            {
                continue;
            }
            rc = pf_scan_pid(s, e);
            if (rc != PF_OK) {
                pthread_mutex_lock(&s->lock);
                s->rc = rc;
                pthread_mutex_unlock(&s->lock);
                return NULL;
            }
        }
    }
    return NULL;
}

static size_t
pf_scan_nthreads(size_t npids)
{
    const char *env = getenv("PREFLIGHT_SCAN_THREADS");
    long        cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t      n = cpus > 0 ? (size_t) cpus : 1;

    /* a ceiling for benchmarks (bench/owner_scale.sh), never a raise */
    if (env != NULL && env[0] >= '1' && env[0] <= '9' && env[1] == '\0'
        && (size_t) (env[0] - '0') < n)
    {
        n = (size_t) (env[0] - '0');
    }

    if (n > PF_SCAN_THREADS) {
        n = PF_SCAN_THREADS;
    }
    if (n > npids / PF_SCAN_MIN_PER_THREAD) {
        n = npids / PF_SCAN_MIN_PER_THREAD;
    }
    return n ? n : 1;
}

/* Threads take processes in PID order and finish the one they hold, so
 * when the last missing listener finds its holder at pid P every process
 * before P has been scanned, and some after P as well: those finds are
 * dropped, and the answer is the one a scan in PID order gives (the
 * first holders, not whichever thread was quicker).  start[i]: holders
 * listener i had before this pass; had[i]: whether one was real. */
static void
pf_scan_trim(pf_scan_t *s, const size_t *start, const unsigned char *had)
{
    size_t i, j, k;
    long   stop = 0, first, pid;

    if (s->open > 0) {
        return;                 /* the pass went through every process */
    }
    for (i = 0; i < s->listeners->nelts; i++) {
        pf_listener_t *l = &PF_ARRAY_AT(s->listeners, pf_listener_t, i);

        if (had[i] || l->inode == 0) {
            continue;
        }
        first = 0;
        for (j = start[i]; j < l->pids.nelts; j++) {
            pid = PF_ARRAY_AT(&l->pids, long, j);
            if (pid != 1 && (first == 0 || pid < first)) {
                first = pid;
            }
        }
        if (first > stop) {
            stop = first;
        }
    }
    for (i = 0; stop > 0 && i < s->listeners->nelts; i++) {
        pf_listener_t *l = &PF_ARRAY_AT(s->listeners, pf_listener_t, i);

        for (j = k = start[i]; j < l->pids.nelts; j++) {
            pid = PF_ARRAY_AT(&l->pids, long, j);
            if (pid <= stop) {
                PF_ARRAY_AT(&l->pids, long, k++) = pid;
            }
        }
        l->pids.nelts = k;
    }
}

static int
pf_scan_pass(pf_scan_t *s, pf_pid_entry_t *pids, size_t n, int second)
{
    pthread_t      th[PF_SCAN_THREADS];
    size_t         start[64], i, nt, started = 0, nl = s->listeners->nelts;
    unsigned char  had[64];

    s->pids = pids;
    s->npids = n;
    s->next = 0;
    s->second = second;
    s->rc = PF_OK;
    /* past 64 listeners (never one port's), one process at a time, in
     * order: nothing to trim */
    s->chunk = nl <= 64 ? PF_SCAN_CHUNK : 1;
    nt = nl <= 64 ? pf_scan_nthreads(n) : 1;
    for (i = 0; i < nl && nl <= 64; i++) {
        pf_listener_t *l = &PF_ARRAY_AT(s->listeners, pf_listener_t, i);

        start[i] = l->pids.nelts;
        had[i] = (unsigned char) pf_has_real_holder(l);
    }
    for (i = 1; i < nt; i++) {
        if (pthread_create(&th[i], NULL, pf_scan_worker, s) != 0) {
            break;              /* fewer threads: the same answer */
        }
        started++;
    }
    pf_scan_worker(s);
    for (i = 1; i <= started; i++) {
        pthread_join(th[i], NULL);
    }
    if (nl <= 64) {
        pf_scan_trim(s, start, had);
    }
    return s->rc;
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
        user = pf_linux_user_name(pool, l->uid);
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

static pf_pid_entry_t *
pf_find_entry(pf_pid_entry_t *pids, size_t n, long pid)
{
    pf_pid_entry_t key;

    key.pid = pid;
    return bsearch(&key, pids, n, sizeof(*pids), pf_pid_cmp);
}

/* The processes of the cgroups that created the listeners still without
 * a holder (PF_HINT_CGROUPS at most), in PID order, each once.  Taken
 * before /proc is listed: when the hint finds the holders, /proc is not
 * listed at all (2,000 entries cost more than the hint's cgroup). */
static pf_pid_entry_t *
pf_hint_entries(const pf_scan_t *s, size_t *count)
{
    unsigned long long ids[PF_HINT_CGROUPS];
    pf_pid_entry_t    *hint = NULL, *nh;
    size_t             i, j, nids = 0, k, n = 0, cap = 0;
    long              *procs;

    for (i = 0; i < s->listeners->nelts; i++) {
        const pf_listener_t *l = &PF_ARRAY_AT(s->listeners, pf_listener_t, i);

        for (j = 0; j < nids && ids[j] != l->cgroup_id; j++) {
        }
        if (l->cgroup_id != 0 && l->inode != 0 && j == nids
            && nids < PF_HINT_CGROUPS && !pf_has_real_holder(l))
        {
            ids[nids++] = l->cgroup_id;
        }
    }
    for (j = 0; j < nids; j++) {
        procs = pf_linux_cgroup_procs(ids[j], &k);
        for (i = 0; procs != NULL && i < k; i++) {
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                nh = realloc(hint, cap * sizeof(*hint));
                if (nh == NULL) {
                    break;      /* a shorter hint is still a hint */
                }
                hint = nh;
            }
            hint[n].pid = procs[i];
            hint[n++].flags = 0;
        }
        free(procs);
    }
    if (n > 1) {
        qsort(hint, n, sizeof(*hint), pf_pid_cmp);
        for (i = 1, k = 1; i < n; i++) {
            if (hint[i].pid != hint[k - 1].pid) {
                hint[k++] = hint[i];
            }
        }
        n = k;
    }
    *count = n;
    return hint;
}

/* The pass of the hint: the creators' cgroups first.  A small cgroup is
 * read whole (its processes are the likeliest holders whatever their
 * user: a server that bound as root and dropped it); a big one with the
 * pruning of the first pass. */
static int
pf_scan_hint(pf_scan_t *s, pf_pid_entry_t *hint, size_t nh)
{
    int rc, prune = s->prune;

    s->prune = nh > PF_HINT_WHOLE ? prune : 0;
    rc = pf_scan_pass(s, hint, nh, 0);
    s->prune = prune;
    return rc;
}

/* What the pass of the hint did, onto the list of /proc: what it read is
 * not read again, what it skipped waits for the second pass. */
static void
pf_hint_mark(pf_pid_entry_t *pids, size_t n, const pf_pid_entry_t *hint,
             size_t nh)
{
    pf_pid_entry_t *e;
    size_t          i;

    for (i = 0; i < nh; i++) {
        e = pf_find_entry(pids, n, hint[i].pid);
        if (e != NULL) {
            e->flags |= (hint[i].flags & PF_SCAN_PRUNED) ? PF_SCAN_PRUNED
                                                         : PF_SCAN_DONE;
        }
    }
}

/* "pid (comm) S ppid ...": comm may hold ')' and spaces, the last ')'
 * ends it. */
long
pf_linux_stat_ppid(const char *text)
{
    const char *p = strrchr(text, ')');
    char       *end;
    long        v;

    if (p == NULL || p[1] != ' ' || p[2] == '\0' || p[3] != ' ') {
        return 0;
    }
    v = strtol(p + 4, &end, 10);
    return end != p + 4 && v > 0 ? v : 0;
}

/* The parent of pid from /proc/PID/stat; 0 when unknown. */
static long
pf_proc_ppid(int procfd, long pid)
{
    char    path[40], buf[512];
    ssize_t n;
    int     fd;

    snprintf(path, sizeof(path), "%ld/stat", pid);
    fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
    if (fd == -1) {
        return 0;
    }
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0) {
        return 0;
    }
    buf[n] = '\0';
    return pf_linux_stat_ppid(buf);
}

/* Reads one process whole, whatever the pass's pruning. */
static int
pf_scan_one(pf_scan_t *s, long pid)
{
    pf_pid_entry_t e;
    int            rc, prune = s->prune;

    e.pid = pid;
    e.flags = 0;
    s->prune = 0;
    rc = pf_scan_pid(s, &e);
    s->prune = prune;
    return rc;
}

/* From a holder up through the parents that hold the socket too: the
 * top holder (a worker found first leads to its master). */
static long
pf_family_top(pf_scan_t *s, const pf_listener_t *l, long pid)
{
    long ppid;
    int  depth;

    for (depth = 0; depth < PF_FAMILY_DEPTH; depth++) {
        ppid = pf_proc_ppid(s->procfd, pid);
        if (ppid <= 1 || ppid == pid) {
            break;
        }
        if (!pf_array_has_long(&l->pids, ppid)
            && (pf_scan_one(s, ppid) != PF_OK
                || !pf_array_has_long(&l->pids, ppid)))
        {
            break;
        }
        pid = ppid;
    }
    return pid;
}

/* The children of the top holder that hold the socket (/proc/PID/task/
 * PID/children, the children its main thread forked: a pre-forked
 * server's workers).  Without that file (CONFIG_PROC_CHILDREN), none. */
static int
pf_family_children(pf_scan_t *s, const pf_listener_t *l, long top)
{
    char    path[64];
    long   *kids;
    size_t  n, i;
    int     rc = PF_OK;

    snprintf(path, sizeof(path), "%ld/task/%ld/children", top, top);
    kids = pf_linux_pid_list_read(s->procfd, path, &n);
    for (i = 0; kids != NULL && rc == PF_OK && i < n; i++) {
        if (kids[i] > 1 && !pf_array_has_long(&l->pids, kids[i])) {
            rc = pf_scan_one(s, kids[i]);
        }
    }
    free(kids);
    return rc;
}

/* The scan stopped at each socket's first holder: name the holder's own
 * family, everything a scan of every process would add to what the
 * diagnosis calls the top holders and their workers. */
static int
pf_scan_family(pf_scan_t *s)
{
    size_t i, j, n;
    long   pid, top;
    int    rc = PF_OK;

    for (i = 0; rc == PF_OK && i < s->listeners->nelts; i++) {
        pf_listener_t *l = &PF_ARRAY_AT(s->listeners, pf_listener_t, i);

        n = l->pids.nelts;
        for (j = 0; rc == PF_OK && j < n; j++) {
            pid = PF_ARRAY_AT(&l->pids, long, j);
            if (pid <= 1) {
                continue;       /* pid 1's children are the whole host */
            }
            top = pf_family_top(s, l, pid);
            rc = pf_family_children(s, l, top);
        }
    }
    return rc;
}

int
pf_linux_find_owners(pf_pool_t *pool, const char *proc_root,
                    pf_array_t *listeners, pf_array_t *notes)
{
    pf_scan_t       s;
    pf_pid_entry_t *pids = NULL, *hint = NULL;
    size_t          n = 0, nh = 0, i;
    DIR            *dir;
    int             rc;

    memset(&s, 0, sizeof(s));
    s.listeners = listeners;
    s.open = pf_count_open(listeners);
    if (s.open == 0) {
        return PF_OK;
    }
    if (pthread_mutex_init(&s.lock, NULL) != 0) {
        return PF_ENOMEM;
    }
    dir = opendir(proc_root);
    if (dir == NULL) {
        pthread_mutex_destroy(&s.lock);
        pf_array_push_strf(notes, "cannot read %s (%s): the processes "
                           "holding the port are unknown", proc_root,
                           strerror(errno));
        return PF_OK;
    }
    s.procfd = dirfd(dir);
    s.prune_uid = pf_all_uids_known(listeners);
    s.netns = pf_netns_of(s.procfd, "self/ns/net");
    s.prune = s.prune_uid || s.netns != 0;
    rc = PF_OK;
    /* cgroup ids come from this host's kernel: a fake tree has none */
    if (strcmp(proc_root, "/proc") == 0) {
        hint = pf_hint_entries(&s, &nh);
        if (hint != NULL) {
            rc = pf_scan_hint(&s, hint, nh);
        }
    }
    if (rc == PF_OK && s.open > 0) {
        pids = pf_list_pids(dir, &n);
        if (pids == NULL) {
            rc = PF_ENOMEM;
        } else {
            pf_hint_mark(pids, n, hint, nh);
            rc = pf_scan_pass(&s, pids, n, 0);
        }
    }
    if (rc == PF_OK && s.prune && s.open > 0) {
        s.prune = 0;
        rc = pf_scan_pass(&s, pids, n, 1);
    }
    /* stopped early: the first holders' families; after a whole scan
     * every holder is known already */
    if (rc == PF_OK && s.open == 0) {
        rc = pf_scan_family(&s);
    }
    free(pids);
    free(hint);
    closedir(dir);
    pthread_mutex_destroy(&s.lock);
    for (i = 0; rc == PF_OK && i < listeners->nelts; i++) {
        pf_note_unmatched(pool, &s, &PF_ARRAY_AT(listeners, pf_listener_t, i),
                          notes);
    }
    return rc;
}
