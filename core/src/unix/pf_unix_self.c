/*
 * Who "this server" is, asked of a Unix system (preflight.h, "Who am
 * I"; the common part is core/src/pf_self.c), and this process's
 * executable (pf_platform.h).  kill(), getppid() and open() are POSIX; a
 * process's executable and this process's command line are read from
 * Linux's /proc, and where there is none these answer "cannot be told"
 * (-1, 0, argv0).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "preflight_internal.h"
#include "pf_platform.h"

static int
pf_unix_self_fail(pf_error_t *err, const char *path, const char *what,
                  int e)
{
    pf_error_set(err, path, 0, "%s failed: %s", what, strerror(e));
    return PF_ERROR;
}

/* A regular file only: a fifo or a device could block or never end.
 * One read(): a regular file gives all it has up to the count. */
static int
pf_unix_self_read_fd(int fd, const char *path, char *buf, size_t size,
                     size_t *n, pf_error_t *err)
{
    struct stat st;
    ssize_t     r;

    if (fstat(fd, &st) == -1) {
        return pf_unix_self_fail(err, path, "fstat()", errno);
    }
    if (!S_ISREG(st.st_mode)) {
        pf_error_set(err, path, 0, "not a regular file");
        return PF_ERROR;
    }
    do {
        r = read(fd, buf, size);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
        return pf_unix_self_fail(err, path, "read()", errno);
    }
    *n = (size_t) r;
    return PF_OK;
}

int
pf_platform_read_small(const char *path, size_t len, char *buf, size_t size,
                       size_t *n, pf_error_t *err)
{
    char name[PATH_MAX];
    int  fd, rc;

    /* pf_self_pid_file() ends path at a NUL */
    if (len >= sizeof(name)) {
        pf_error_set(err, NULL, 0, "not a file name (%lu bytes)",
                     (unsigned long) len);
        return PF_ERROR;
    }
    memcpy(name, path, len);
    name[len] = '\0';
    fd = open(name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd == -1) {
        return pf_unix_self_fail(err, name, "open()", errno);
    }
    rc = pf_unix_self_read_fd(fd, name, buf, size, n, err);
    close(fd);
    return rc;
}

int
pf_self_alive(long pid)
{
    if (pid <= 0 || pid > INT_MAX) {
        return 0;
    }
    /* EPERM: it exists, as another user's */
    return kill((pid_t) pid, 0) == 0 || errno == EPERM;
}

/* The same file, not the same name: a path may be spelled two ways, and
 * readlink() of an executable replaced on disk ends in " (deleted)". */
int
pf_self_same_exe(long pid)
{
    char        path[64];
    struct stat a, b;

    if (pid <= 0) {
        return -1;
    }
    snprintf(path, sizeof(path), "/proc/%ld/exe", pid);
    if (stat(path, &a) == -1 || stat("/proc/self/exe", &b) == -1) {
        return -1;
    }
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

long
pf_self_pid(void)
{
    return (long) getpid();
}

long
pf_self_parent(void)
{
    return (long) getppid();
}

/* Up to size bytes of fd; *full when more were left. */
static size_t
pf_unix_self_read_all(int fd, char *buf, size_t size, int *full)
{
    size_t  n = 0;
    ssize_t r;
    char    more;

    while (n < size) {
        r = read(fd, buf + n, size - n);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            *full = 0;
            return r < 0 ? 0 : n;
        }
        n += (size_t) r;
    }
    *full = read(fd, &more, 1) > 0;
    return n;
}

/* /proc/self/cmdline is argv as exec() gave it: httpd's
 * ap_mpm_rewrite_args() changes only its own copy. */
size_t
pf_self_cmdline(char *buf, size_t size)
{
    size_t n;
    int    fd, full;

    fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
    if (fd == -1) {
        return 0;
    }
    n = pf_unix_self_read_all(fd, buf, size, &full);
    close(fd);
    if (full) {
        /* the last word may be cut off: leave it out */
        while (n > 0 && buf[n - 1] != '\0') {
            n--;
        }
    }
    return n > 0 && buf[n - 1] == '\0' ? n : 0;
}

/* /proc/self/exe (Linux) is the image really running; argv0 only when
 * it names a path, as realpath() makes it absolute. */
const char *
pf_platform_self_exe(pf_pool_t *pool, const char *argv0)
{
    char    buf[PATH_MAX];
    ssize_t n;

    n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
    if (n > 0) {
        return pf_pstrndup(pool, buf, (size_t) n);
    }
    if (argv0 != NULL && strchr(argv0, '/') != NULL
        && realpath(argv0, buf) != NULL)
    {
        return pf_pstrdup(pool, buf);
    }
    return NULL;
}
