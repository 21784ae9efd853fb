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

#include "preflight_internal.h"
#include "pf_linux.h"
#include "pf_text.h"

#define PF_CONTAINER_ID_LEN  64

static int
pf_cgroup_is_hex_id(const char *s, size_t n)
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
pf_cgroup_ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);

    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* A container id in one path component, or NULL. */
static const char *
pf_cgroup_component_container(pf_pool_t *pool, const char *c, size_t n)
{
    static const char *const prefixes[] = {
        "docker-", "libpod-", "cri-containerd-", "crio-", "containerd-",
        NULL
    };
    size_t i, k;

    if (pf_cgroup_is_hex_id(c, n)) {
        return pf_pstrndup(pool, c, n);
    }
    if (!pf_cgroup_ends_with(c, n, ".scope")) {
        return NULL;
    }
    n -= strlen(".scope");
    for (i = 0; prefixes[i] != NULL; i++) {
        k = strlen(prefixes[i]);
        if (n > k && memcmp(c, prefixes[i], k) == 0
            && pf_cgroup_is_hex_id(c + k, n - k))
        {
            return pf_pstrndup(pool, c + k, n - k);
        }
    }
    return NULL;
}

static int
pf_cgroup_is_uid_service(const char *c, size_t n, long *uid)
{
    size_t i;
    long   v = 0;

    /* "user@1001.service": the delegated subtree of a user manager */
    if (n < sizeof("user@0.service") - 1 || memcmp(c, "user@", 5) != 0
        || !pf_cgroup_ends_with(c, n, ".service"))
    {
        return 0;
    }
    for (i = 5; i < n - strlen(".service"); i++) {
        if (c[i] < '0' || c[i] > '9' || v > 100000000L) {
            return 0;
        }
        v = v * 10 + (c[i] - '0');
    }
    *uid = v;
    return i > 5;
}

/* The next non-empty component of [*c, end), advancing *c; 0 at the end. */
static size_t
pf_cgroup_next_component(const char **c, const char *end, const char **comp)
{
    const char *slash;
    size_t      n;

    while (*c < end) {
        slash = memchr(*c, '/', (size_t) (end - *c));
        n = slash != NULL ? (size_t) (slash - *c) : (size_t) (end - *c);
        *comp = *c;
        *c += n + (slash != NULL);
        if (n > 0) {
            return n;
        }
    }
    return 0;
}

/*
 * Walks one cgroup path as systemd lays it out: slices, then the one
 * unit of the system manager that owns the rest.  Whatever lies below a
 * unit was delegated (user@UID.service to a user manager, a service with
 * Delegate=yes to its own process, a .scope to whoever asked for it), so
 * a ".service" there was named by somebody else and says nothing about
 * the system's unit of that name.
 */
static void
pf_cgroup_path(pf_pool_t *pool, const char *path, size_t len,
               pf_cgroup_t *out)
{
    const char *c = path, *end = path + len, *comp, *first = NULL;
    size_t      n, first_n = 0;
    int         machine = 0;

    if (out->container == NULL) {
        const char *w = path;

        while ((n = pf_cgroup_next_component(&w, end, &comp)) > 0) {
            out->container = pf_cgroup_component_container(pool, comp, n);
            if (out->container != NULL) {
                break;
            }
        }
    }
    while ((n = pf_cgroup_next_component(&c, end, &comp)) > 0) {
        if (!pf_cgroup_ends_with(comp, n, ".slice")) {
            first = comp;
            first_n = n;
            break;
        }
        machine |= n == strlen("machine.slice")
                   && memcmp(comp, "machine.slice", n) == 0;
    }
    out->kind = PF_UNIT_NONE;
    if (machine || out->container != NULL) {
        out->kind = PF_UNIT_CONTAINER;
    } else if (first == NULL) {
        return;
    } else if (pf_cgroup_is_uid_service(first, first_n, &out->uid)) {
        out->kind = PF_UNIT_USER;
        /* the user manager's own unit: the first non-slice below */
        while ((n = pf_cgroup_next_component(&c, end, &comp)) > 0) {
            if (!pf_cgroup_ends_with(comp, n, ".slice")) {
                out->cgroup_unit = pf_pstrndup(pool, comp, n);
                break;
            }
        }
        return;
    } else if (pf_cgroup_ends_with(first, first_n, ".service")) {
        out->kind = pf_cgroup_next_component(&c, end, &comp) > 0
                    ? PF_UNIT_DELEGATED : PF_UNIT_SYSTEM;
    } else if (pf_cgroup_ends_with(first, first_n, ".scope")) {
        out->kind = PF_UNIT_SCOPE;
    }
    if (first != NULL) {
        out->cgroup_unit = pf_pstrndup(pool, first, first_n);
    }
    if (out->kind == PF_UNIT_SYSTEM) {
        out->unit = out->cgroup_unit;
    }
}

/* The systemd line: "0::" on a unified host, "N:name=systemd:" on a
 * hybrid or legacy one, where it (not the unified mirror) holds the
 * units. */
static int
pf_cgroup_rank(const char *line, const char *c1, const char *c2)
{
    if ((size_t) (c2 - c1 - 1) == strlen("name=systemd")
        && memcmp(c1 + 1, "name=systemd", 12) == 0)
    {
        return 2;
    }
    return c2 == c1 + 1 && c1 == line + 1 && line[0] == '0';
}

void
pf_linux_cgroup_read(pf_pool_t *pool, const char *text, size_t len,
                    pf_cgroup_t *out)
{
    const char *p = text, *end = text + len, *line, *c1, *c2;
    const char *best = NULL;
    size_t      n, best_n = 0;
    int         rank, best_rank = 0;

    memset(out, 0, sizeof(*out));
    out->uid = -1;
    while (pf_text_next_line(&p, end, &line, &n)) {
        /* ID:CONTROLLERS:PATH; the path may itself hold ':' */
        c1 = memchr(line, ':', n);
        c2 = c1 != NULL ? memchr(c1 + 1, ':', (size_t) (line + n - c1 - 1))
                        : NULL;
        if (c2 == NULL) {
            continue;
        }
        /* a container id may show in any controller's path (v1) */
        if (out->container == NULL) {
            pf_cgroup_t tmp;

            memset(&tmp, 0, sizeof(tmp));
            pf_cgroup_path(pool, c2 + 1, (size_t) (line + n - c2 - 1), &tmp);
            out->container = tmp.container;
        }
        rank = pf_cgroup_rank(line, c1, c2);
        if (rank > best_rank) {
            best = c2 + 1;
            best_n = (size_t) (line + n - c2 - 1);
            best_rank = rank;
        }
    }
    if (best != NULL) {
        pf_cgroup_path(pool, best, best_n, out);
        out->path = pf_pstrndup(pool, best, best_n);
    }
}

void
pf_linux_cgroup_parse(pf_pool_t *pool, const char *text, size_t len,
                     const char **unit, const char **container)
{
    pf_cgroup_t cg;

    pf_linux_cgroup_read(pool, text, len, &cg);
    *unit = cg.unit;
    *container = cg.container;
}
