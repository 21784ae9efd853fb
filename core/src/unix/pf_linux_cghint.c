/*
 * Where to look first for a socket's holder: the processes of the cgroup
 * that created it.  sock_diag gives a socket's cgroup id (kernel >= 5.7:
 * the creator's cgroup v2, whose id is the inode of its directory in
 * cgroupfs), and a socket is nearly always held by a process of that
 * cgroup (a service's own cgroup, a login session's scope).  It is an
 * ordering hint and never a proof: a socket can be passed to another
 * cgroup (systemd socket activation, SCM_RIGHTS, a process moved after
 * it bound), so the owner scan still visits every other process when the
 * hint finds nobody.
 *
 * The directory is opened by its id (open_by_handle_at, a kernfs file
 * handle: one system call, needs CAP_DAC_READ_SEARCH), else found by
 * walking cgroupfs, whose directory entries carry the ids as inode
 * numbers (a budget of directories bounds the walk).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE             /* open_by_handle_at */
#endif
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <dirent.h>
#include <sys/syscall.h>

#include "preflight_internal.h"
#include "pf_linux.h"

#define PF_CGROUP2_MAGIC   0x63677270   /* CGROUP2_SUPER_MAGIC */
#define PF_FILEID_KERNFS   0xfe         /* the handle type of kernfs ids */
#define PF_CG_WALK_DIRS    4096         /* directories a walk may open */
#define PF_CG_WALK_DEPTH   32
#define PF_CG_PROCS_MAX    (1u << 20)   /* bytes of cgroup.procs read */

typedef struct {
    unsigned long long d_ino;
    long long          d_off;
    unsigned short     d_reclen;
    unsigned char      d_type;
    char               d_name[];
} pf_cghint_dirent_t;

/* The cgroup v2 hierarchy: where systemd mounts it (unified), or the
 * "unified" directory of a hybrid layout.  -1 when there is none. */
static int
pf_cghint_root(void)
{
    static const char *where[] = { "/sys/fs/cgroup",
                                   "/sys/fs/cgroup/unified" };
    struct statfs      sf;
    size_t             i;

    for (i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
        if (statfs(where[i], &sf) == 0
            && (unsigned long) sf.f_type == PF_CGROUP2_MAGIC)
        {
            return open(where[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        }
    }
    return -1;
}

static int
pf_cghint_by_handle(int root, unsigned long long id)
{
    union {
        struct file_handle fh;
        char               room[sizeof(struct file_handle) + 8];
    } h;

    memset(&h, 0, sizeof(h));
    h.fh.handle_bytes = 8;
    h.fh.handle_type = PF_FILEID_KERNFS;
    memcpy(h.fh.f_handle, &id, 8);
    return open_by_handle_at(root, &h.fh, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* Depth first through cgroupfs (a few fds open at once, one per
 * level): the id is the inode number getdents64 reports for the
 * directory's entry.  *budget: directories left to open. */
static int
pf_cghint_walk(int dir, unsigned long long id, int depth, unsigned *budget)
{
    char            buf[4096];
    long            n, off;
    int             sub, found = -1;
    pf_cghint_dirent_t *d;

    while (found == -1
           && (n = syscall(SYS_getdents64, dir, buf, sizeof(buf))) > 0)
    {
        for (off = 0; off < n && found == -1; off += d->d_reclen) {
            d = (pf_cghint_dirent_t *) (buf + off);
            if (d->d_type != DT_DIR || d->d_name[0] == '.' || *budget == 0
                || (d->d_ino != id && depth >= PF_CG_WALK_DEPTH))
            {
                continue;
            }
            sub = openat(dir, d->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (sub == -1) {
                continue;
            }
            (*budget)--;
            if (d->d_ino == id) {
                return sub;
            }
            found = pf_cghint_walk(sub, id, depth + 1, budget);
            close(sub);
        }
    }
    return found;
}

/* "1\n25\n..." (cgroup.procs) or "25 26 " (/proc/PID/task/TID/children)
 * -> pids, malloc'd; anything but digits separates numbers, 0 and
 * numbers past LONG_MAX / 10 digits are dropped. */
long *
pf_linux_pid_list_parse(const char *text, size_t len, size_t *count)
{
    long   *pids, v = 0;
    size_t  i, n = 0, cap = len / 2 + 1;
    int     digits = 0, over = 0;

    *count = 0;
    pids = malloc(cap * sizeof(long));
    if (pids == NULL) {
        return NULL;
    }
    for (i = 0; i <= len; i++) {
        if (i < len && text[i] >= '0' && text[i] <= '9') {
            over |= v > (LONG_MAX - 9) / 10;
            v = over ? 0 : v * 10 + (text[i] - '0');
            digits = 1;
            continue;
        }
        if (digits && !over && v > 0 && n < cap) {
            pids[n++] = v;
        }
        v = 0;
        digits = 0;
        over = 0;
    }
    *count = n;
    return pids;
}

/* dirfd/rel read whole (at most PF_CG_PROCS_MAX bytes) as a pid list. */
long *
pf_linux_pid_list_read(int dirfd, const char *rel, size_t *count)
{
    char    *buf = NULL, *nb;
    size_t   len = 0, cap = 0;
    ssize_t  r;
    long    *pids;
    int      fd;

    *count = 0;
    fd = openat(dirfd, rel, O_RDONLY | O_CLOEXEC);
    if (fd == -1) {
        return NULL;
    }
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 4096;
            nb = cap <= PF_CG_PROCS_MAX ? realloc(buf, cap) : NULL;
            if (nb == NULL) {
                break;          /* what was read is still a hint */
            }
            buf = nb;
        }
        r = read(fd, buf + len, cap - len);
        if (r <= 0) {
            break;
        }
        len += (size_t) r;
    }
    close(fd);
    if (buf == NULL) {
        return NULL;
    }
    pids = pf_linux_pid_list_parse(buf, len, count);
    free(buf);
    return pids;
}

long *
pf_linux_cgroup_procs(unsigned long long id, size_t *count)
{
    struct stat st;
    int         root, cg;
    long       *pids = NULL;
    unsigned    budget = PF_CG_WALK_DIRS;

    *count = 0;
    if (id == 0) {
        return NULL;
    }
    root = pf_cghint_root();
    if (root == -1) {
        return NULL;
    }
    /* the root cgroup holds every process systemd has not placed: no
     * hint (on a host without systemd, all of them) */
    if (fstat(root, &st) == 0 && (unsigned long long) st.st_ino == id) {
        close(root);
        return NULL;
    }
    cg = pf_cghint_by_handle(root, id);
    if (cg == -1) {
        cg = pf_cghint_walk(root, id, 0, &budget);
    }
    close(root);
    if (cg != -1) {
        pids = pf_linux_pid_list_read(cg, "cgroup.procs", count);
        close(cg);
    }
    return pids;
}
