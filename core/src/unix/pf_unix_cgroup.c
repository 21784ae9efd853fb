/*
 * The systemd unit and the container of a process, from the text of
 * /proc/PID/cgroup.  Pure.
 *
 *   cgroup v2:   0::/system.slice/nginx.service
 *   cgroup v1:   1:name=systemd:/system.slice/nginx.service
 *                12:pids:/docker/<64 hex>
 *   containers:  .../docker-<id>.scope, /docker/<id>, libpod-<id>.scope,
 *                cri-containerd-<id>.scope, crio-<id>.scope,
 *                /kubepods/.../<id>
 */
#include <string.h>

#include "preflight.h"
#include "pf_unix.h"
#include "pf_text.h"

#define PF_CONTAINER_ID_LEN  64

static int
pf_is_hex_id(const char *s, size_t n)
{
    size_t i;

    if (n != PF_CONTAINER_ID_LEN) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) {
            return 0;
        }
    }
    return 1;
}

static int
pf_ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);

    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* A container id in one path component, or NULL. */
static const char *
pf_component_container(pf_pool_t *pool, const char *c, size_t n)
{
    static const char *const prefixes[] = {
        "docker-", "libpod-", "cri-containerd-", "crio-", "containerd-",
        NULL
    };
    size_t i, k;

    if (pf_is_hex_id(c, n)) {
        return pf_pstrndup(pool, c, n);
    }
    if (!pf_ends_with(c, n, ".scope")) {
        return NULL;
    }
    n -= strlen(".scope");
    for (i = 0; prefixes[i] != NULL; i++) {
        k = strlen(prefixes[i]);
        if (n > k && memcmp(c, prefixes[i], k) == 0
            && pf_is_hex_id(c + k, n - k))
        {
            return pf_pstrndup(pool, c + k, n - k);
        }
    }
    return NULL;
}

/* Walks one cgroup path.  The unit is the innermost ".service"; a
 * ".scope" below it (a login session, an app of a user manager) means
 * the process is not that service's. */
static void
pf_cgroup_path(pf_pool_t *pool, const char *path, size_t len, int want_unit,
               const char **unit, const char **container)
{
    const char *c = path, *end = path + len, *slash;
    const char *svc = NULL;
    size_t      n, svc_n = 0;

    while (c < end) {
        slash = memchr(c, '/', (size_t) (end - c));
        n = slash != NULL ? (size_t) (slash - c) : (size_t) (end - c);
        if (n > 0) {
            if (*container == NULL) {
                *container = pf_component_container(pool, c, n);
            }
            if (pf_ends_with(c, n, ".service")) {
                svc = c;
                svc_n = n;
            } else if (pf_ends_with(c, n, ".scope")) {
                svc = NULL;
            }
        }
        c += n + 1;
    }
    if (want_unit && *unit == NULL && svc != NULL) {
        *unit = pf_pstrndup(pool, svc, svc_n);
    }
}

void
pf_unix_cgroup_parse(pf_pool_t *pool, const char *text, size_t len,
                     const char **unit, const char **container)
{
    const char *p = text, *end = text + len, *line, *c1, *c2;
    size_t      n;
    int         systemd_line;

    *unit = NULL;
    *container = NULL;
    while (pf_text_next_line(&p, end, &line, &n)) {
        /* ID:CONTROLLERS:PATH; the path may itself hold ':' */
        c1 = memchr(line, ':', n);
        c2 = c1 != NULL ? memchr(c1 + 1, ':', (size_t) (line + n - c1 - 1))
                        : NULL;
        if (c2 != NULL) {
            systemd_line = (c2 == c1 + 1 && c1 == line + 1 && line[0] == '0')
                || ((size_t) (c2 - c1 - 1) == strlen("name=systemd")
                    && memcmp(c1 + 1, "name=systemd", 12) == 0);
            pf_cgroup_path(pool, c2 + 1, (size_t) (line + n - c2 - 1),
                           systemd_line, unit, container);
        }
    }
}
