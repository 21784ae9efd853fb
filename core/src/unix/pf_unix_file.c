/*
 * Small file readers for the facts layer.  /proc files report a size of
 * 0, so they are read until EOF, with a bound: a hostile or huge file must
 * not make a server module allocate without limit.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "preflight_internal.h"
#include "pf_unix.h"

char *
pf_unix_read_text(pf_pool_t *pool, const char *path, size_t max,
                  size_t *len)
{
    char    *buf, *out;
    size_t   used = 0, cap = 4096;
    ssize_t  n;
    int      fd, saved;

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd == -1) {
        return NULL;
    }
    buf = malloc(cap);
    while (buf != NULL) {
        if (used == cap) {
            char *nb;

            if (cap >= max) {
                break;              /* truncated at max: enough for facts */
            }
            cap *= 2;
            nb = realloc(buf, cap);
            if (nb == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
        }
        n = read(fd, buf + used, (cap < max ? cap : max) - used);
        if (n == -1 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            if (n == -1) {
                saved = errno;
                free(buf);
                close(fd);
                errno = saved;
                return NULL;
            }
            break;
        }
        used += (size_t) n;
        if (used >= max) {
            break;
        }
    }
    close(fd);
    if (buf == NULL) {
        errno = ENOMEM;
        return NULL;
    }
    out = pf_pstrndup(pool, buf, used);
    free(buf);
    if (len != NULL) {
        *len = used;
    }
    return out;
}

char *
pf_unix_read_line(pf_pool_t *pool, const char *path)
{
    size_t  len;
    char   *s = pf_unix_read_text(pool, path, 4096, &len);

    if (s != NULL) {
        s[strcspn(s, "\n")] = '\0';
    }
    return s;
}

long
pf_unix_read_long(const char *path, long def)
{
    char     buf[64], *end;
    ssize_t  n;
    long     v;
    int      fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd == -1) {
        return def;
    }
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0) {
        return def;
    }
    buf[n] = '\0';
    v = strtol(buf, &end, 10);
    return end == buf ? def : v;
}
