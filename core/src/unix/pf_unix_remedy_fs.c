/*
 * Unix: where the journal lives and how it is replaced without ever
 * leaving a half-written file (temp file, fsync, rename, fsync the
 * directory).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "remedy/pf_remedy.h"

const char *
pf_remedy_state_dir(pf_pool_t *pool)
{
    const char *s = getenv("PREFLIGHT_STATE_DIR");

    if (s != NULL && s[0] != '\0') {
        return pf_pstrdup(pool, s);
    }
    if (geteuid() == 0) {
        return "/var/lib/preflight";
    }
    s = getenv("XDG_STATE_HOME");
    if (s != NULL && s[0] == '/') {
        return pf_psprintf(pool, "%s/preflight", s);
    }
    s = getenv("HOME");
    if (s == NULL || s[0] == '\0') {
        return NULL;
    }
    return pf_psprintf(pool, "%s/.local/state/preflight", s);
}

/*
 * The state directory is root's: the journal in it tells undo what to
 * start and enable.  A directory someone else owns or may write to, or a
 * link someone planted, would let that someone write the journal or have
 * root write through a link, so it is refused, never repaired.  Each
 * parent must be as safe (no one else may rename the directory away),
 * but a sticky one (/tmp) only lets owners rename their own entries.
 */
static int
pf_dir_unsafe(pf_error_t *err, const char *dir, const char *what,
              const char *why)
{
    pf_error_set(err, dir, 0, "refusing %s: %s (it must be a directory "
                 "owned by uid %ld, not writable by group or others; remove "
                 "it or set PREFLIGHT_STATE_DIR)", what, why,
                 (long) geteuid());
    return PF_ERROR;
}

static int
pf_dir_parents_safe(pf_pool_t *pool, const char *dir, pf_error_t *err)
{
    char        *real = realpath(dir, NULL);
    char        *p;
    struct stat  st;
    int          rc = PF_OK;

    if (real == NULL) {
        pf_error_set(err, dir, 0, "cannot resolve: %s", strerror(errno));
        return PF_ERROR;
    }
    for (p = strrchr(real, '/'); rc == PF_OK && p != NULL;
         p = strrchr(real, '/'))
    {
        p[p == real] = '\0';
        if (lstat(real, &st) != 0) {
            rc = pf_dir_unsafe(err, real, "a parent of the state directory",
                               strerror(errno));
        } else if (st.st_uid != 0 && st.st_uid != geteuid()) {
            rc = pf_dir_unsafe(err, real, "a parent of the state directory",
                               pf_psprintf(pool, "owned by uid %ld",
                                           (long) st.st_uid));
        } else if ((st.st_mode & 022) != 0 && !(st.st_mode & S_ISVTX)) {
            rc = pf_dir_unsafe(err, real, "a parent of the state directory",
                               pf_psprintf(pool, "writable by group or "
                                           "others (mode %04o)",
                                           (unsigned) (st.st_mode & 07777)));
        }
        if (real[1] == '\0') {
            break;
        }
    }
    free(real);
    return rc;
}

int
pf_remedy_dir_check(pf_pool_t *pool, const char *dir, pf_error_t *err)
{
    struct stat st;

    if (lstat(dir, &st) != 0) {
        pf_error_set(err, dir, 0, "cannot use the state directory: %s",
                     strerror(errno));
        return PF_ERROR;
    }
    if (S_ISLNK(st.st_mode)) {
        return pf_dir_unsafe(err, dir, "the state directory",
                             "it is a symbolic link");
    }
    if (!S_ISDIR(st.st_mode)) {
        return pf_dir_unsafe(err, dir, "the state directory",
                             "it is not a directory");
    }
    if (st.st_uid != geteuid()) {
        return pf_dir_unsafe(err, dir, "the state directory",
                             pf_psprintf(pool, "owned by uid %ld",
                                         (long) st.st_uid));
    }
    if ((st.st_mode & 022) != 0) {
        return pf_dir_unsafe(err, dir, "the state directory",
                             pf_psprintf(pool, "writable by group or others "
                                         "(mode %04o)",
                                         (unsigned) (st.st_mode & 07777)));
    }
    return pf_dir_parents_safe(pool, dir, err);
}

FILE *
pf_remedy_open_read(const char *path)
{
    int   fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    FILE *f;

    if (fd < 0) {
        if (errno == ELOOP) {
            errno = EPERM;      /* "a symbolic link": clearer than ELOOP */
        }
        return NULL;
    }
    f = fdopen(fd, "rb");
    if (f == NULL) {
        close(fd);
    }
    return f;
}

int
pf_remedy_mkdir_one(pf_pool_t *pool, const char *dir, pf_error_t *err)
{
    (void) pool;
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        pf_error_set(err, dir, 0, "cannot create the state directory: %s",
                     strerror(errno));
        return PF_ERROR;
    }
    return PF_OK;
}

static int
pf_write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return -1;
        }
        data += n;
        len -= (size_t) n;
    }
    return 0;
}

/* After the rename, the directory entry itself must reach the disk. */
static void
pf_fsync_dir(pf_pool_t *pool, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dir;
    int         fd;

    dir = slash == NULL ? "." : slash == path ? "/"
          : pf_pstrndup(pool, path, (size_t) (slash - path));
    if (dir == NULL) {
        return;
    }
    fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        (void) fsync(fd);
        close(fd);
    }
}

int
pf_remedy_write_atomic(pf_pool_t *pool, const char *path, const char *data,
                       size_t len, pf_error_t *err)
{
    /* mkstemp: O_CREAT|O_EXCL at a name nobody could guess, so never a
     * file or link planted in advance */
    char *tmp = pf_psprintf(pool, "%s.tmp.XXXXXX", path);
    int   fd;

    if (tmp == NULL) {
        pf_error_set(err, path, 0, "out of memory");
        return PF_ERROR;
    }
    fd = mkstemp(tmp);
    if (fd < 0) {
        pf_error_set(err, tmp, 0, "cannot write: %s", strerror(errno));
        return PF_ERROR;
    }
    if (pf_write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        pf_error_set(err, tmp, 0, "cannot write: %s", strerror(errno));
        close(fd);
        unlink(tmp);
        return PF_ERROR;
    }
    close(fd);
    if (rename(tmp, path) != 0) {
        pf_error_set(err, path, 0, "cannot replace: %s", strerror(errno));
        unlink(tmp);
        return PF_ERROR;
    }
    pf_fsync_dir(pool, path);
    return PF_OK;
}

int
pf_remedy_rename(const char *from, const char *to, pf_error_t *err)
{
    if (rename(from, to) != 0) {
        pf_error_set(err, from, 0, "cannot rename to %s: %s", to,
                     strerror(errno));
        return PF_ERROR;
    }
    return PF_OK;
}

const char *
pf_remedy_timestamp(pf_pool_t *pool)
{
    time_t    now = time(NULL);
    struct tm tm;
    char      s[32];

    if (gmtime_r(&now, &tm) == NULL
        || strftime(s, sizeof(s), "%Y%m%dT%H%M%SZ", &tm) == 0)
    {
        return "unknown-time";
    }
    return pf_pstrdup(pool, s);
}

int
pf_remedy_lock(pf_pool_t *pool, const char *path, void **lock,
               pf_error_t *err)
{
    int         *fd = pf_palloc(pool, sizeof(int));
    struct stat  st;

    if (fd == NULL) {
        pf_error_set(err, path, 0, "out of memory");
        return PF_ERROR;
    }
    /* a planted link is neither followed nor created through */
    *fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (*fd < 0) {
        pf_error_set(err, path, 0, "cannot open the lock: %s",
                     errno == ELOOP ? "it is a symbolic link"
                                    : strerror(errno));
        return PF_ERROR;
    }
    if (fstat(*fd, &st) != 0 || !S_ISREG(st.st_mode)
        || st.st_uid != geteuid())
    {
        pf_error_set(err, path, 0, "refusing the lock: not a regular file "
                     "of uid %ld", (long) geteuid());
        close(*fd);
        return PF_ERROR;
    }
    /* flock: released by the kernel if this process dies */
    if (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK) {
            pf_error_set(err, path, 0, "another preflight is applying or "
                         "undoing remedies");
        } else {
            pf_error_set(err, path, 0, "cannot lock: %s", strerror(errno));
        }
        close(*fd);
        return PF_ERROR;
    }
    *lock = fd;
    return PF_OK;
}

void
pf_remedy_unlock(void *lock)
{
    if (lock != NULL) {
        close(*(int *) lock);
    }
}
