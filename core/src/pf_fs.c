/*
 * The part of reading a file that is the same on every platform: growing
 * the buffer up to the size cap.  The platform layers supply the read.
 */
#include <stdlib.h>
#include <string.h>

#include "pf_fs.h"

int
pf_fs_fail(pf_error_t *err, const char *what, const char *path, int e)
{
    pf_error_set(err, NULL, 0, "%s \"%s\" failed: %s", what, path,
                 strerror(e));
    return PF_ERROR;
}

static int
pf_fs_too_large(pf_error_t *err, const char *path, size_t max)
{
    pf_error_set(err, NULL, 0, "\"%s\" is larger than %lu bytes", path,
                 (unsigned long) max);
    return PF_ERROR;
}

int
pf_fs_slurp(const pf_fs_source_t *src, size_t max, char **text,
            size_t *len, pf_error_t *err)
{
    const char *path = src->path;
    char   *buf, *more;
    size_t  used = 0, cap = 8192;
    long    n;
    int     e = 0;

    buf = malloc(cap + 1);
    if (buf == NULL) {
        return PF_ENOMEM;
    }
    for ( ;; ) {
        if (used == cap) {
            if (cap > max) {
                free(buf);
                return pf_fs_too_large(err, path, max);
            }
            cap *= 2;
            more = realloc(buf, cap + 1);
            if (more == NULL) {
                free(buf);
                return PF_ENOMEM;
            }
            buf = more;
        }
        n = src->read_fn(src->handle, buf + used, cap - used, &e);
        if (n == 0) {
            break;
        }
        if (n < 0) {
            free(buf);
            return pf_fs_fail(err, "read()", path, e);
        }
        used += (size_t) n;
    }
    if (used > max) {
        free(buf);
        return pf_fs_too_large(err, path, max);
    }
    buf[used] = '\0';
    *text = buf;
    *len = used;
    return PF_OK;
}
