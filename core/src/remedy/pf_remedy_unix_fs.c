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

#include "pf_remedy.h"

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
    const char *tmp = pf_psprintf(pool, "%s.tmp.%ld", path, (long) getpid());
    int         fd;

    if (tmp == NULL) {
        pf_error_set(err, path, 0, "out of memory");
        return PF_ERROR;
    }
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
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
    int *fd = pf_palloc(pool, sizeof(int));

    if (fd == NULL) {
        pf_error_set(err, path, 0, "out of memory");
        return PF_ERROR;
    }
    *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (*fd < 0) {
        pf_error_set(err, path, 0, "cannot open the lock: %s",
                     strerror(errno));
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
