/*
 * The file system for the configuration parsers (pf_fs.h), POSIX.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "preflight_internal.h"
#include "pf_fs.h"

/* read(2), as pf_fs_slurp wants it. */
static long
pf_unix_fs_read(void *handle, char *buf, size_t n, int *e)
{
    ssize_t r;

    do {
        r = read(*(int *) handle, buf, n);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
        *e = errno;
        return -1;
    }
    return (long) r;
}

int
pf_fs_read_file(const char *path, size_t max, char **text, size_t *len,
                pf_error_t *err)
{
    struct stat     st;
    pf_fs_source_t  src;
    int             fd, rc;

    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd == -1) {
        return pf_fs_fail(err, "open()", path, errno);
    }
    if (fstat(fd, &st) == -1) {
        rc = errno;
        close(fd);
        return pf_fs_fail(err, "fstat()", path, rc);
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return pf_fs_fail(err, "read()", path, EISDIR);
    }
    if (!S_ISREG(st.st_mode)) {
        /* a fifo or a device could block or never end */
        close(fd);
        pf_error_set(err, NULL, 0, "\"%s\" is not a regular file", path);
        return PF_ERROR;
    }
    if ((unsigned long long) st.st_size > (unsigned long long) max) {
        close(fd);
        pf_error_set(err, NULL, 0, "\"%s\" is larger than %lu bytes", path,
                     (unsigned long) max);
        return PF_ERROR;
    }
    src.read_fn = pf_unix_fs_read;
    src.handle = &fd;
    src.path = path;
    rc = pf_fs_slurp(&src, max, text, len, err);
    close(fd);
    return rc;
}

pf_fs_kind_t
pf_fs_kind(const char *path)
{
    struct stat st;

    if (stat(path, &st) == -1) {
        return PF_FS_NONE;
    }
    if (S_ISDIR(st.st_mode)) {
        return PF_FS_DIR;
    }
    return S_ISREG(st.st_mode) ? PF_FS_FILE : PF_FS_OTHER;
}

static int
pf_unix_fs_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

int
pf_fs_list_dir(pf_pool_t *pool, const char *dir, pf_array_t *names,
               pf_error_t *err)
{
    DIR            *d;
    struct dirent  *e;
    char          **slot;

    if (pf_array_init(names, pool, 16, sizeof(char *)) != PF_OK) {
        return PF_ENOMEM;
    }
    d = opendir(dir);
    if (d == NULL) {
        return pf_fs_fail(err, "opendir()", dir, errno);
    }
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        slot = pf_array_push(names);
        if (slot == NULL || (*slot = pf_pstrdup(pool, e->d_name)) == NULL) {
            closedir(d);
            return PF_ENOMEM;
        }
    }
    closedir(d);
    if (names->nelts > 1) {
        qsort(names->elts, names->nelts, sizeof(char *), pf_unix_fs_cmp);
    }
    return PF_OK;
}

int
pf_fs_realpath(pf_pool_t *pool, const char *path, char **out,
               pf_error_t *err)
{
    char *r = realpath(path, NULL);

    if (r == NULL) {
        return pf_fs_fail(err, "realpath()", path, errno);
    }
    *out = pf_pstrdup(pool, r);
    free(r);
    return *out ? PF_OK : PF_ENOMEM;
}

int
pf_fs_is_link(const char *path)
{
    struct stat st;

    if (lstat(path, &st) == -1) {
        return -1;
    }
    return S_ISLNK(st.st_mode) ? 1 : 0;
}

int
pf_fs_is_absolute(const char *path)
{
    return path[0] == '/';
}

int
pf_fs_is_sep(char c)
{
    return c == '/';
}
