/*
 * Paths and wildcards for Include / include.  Written here rather than
 * taken from fnmatch(3) and glob(3) so that Windows matches the same way,
 * and so that directory walking goes through the pf_fs layer.
 */
#include <stdio.h>
#include <string.h>

#include "preflight_internal.h"
#include "pf_fs.h"
#include "conf/pf_conf.h"

char *
pf_conf_join(pf_pool_t *pool, const char *dir, const char *rel)
{
    size_t n;

    if (dir == NULL || dir[0] == '\0' || pf_fs_is_absolute(rel)) {
        return pf_pstrdup(pool, rel);
    }
    n = strlen(dir);
    if (pf_fs_is_sep(dir[n - 1])) {
        return pf_psprintf(pool, "%s%s", dir, rel);
    }
    return pf_psprintf(pool, "%s/%s", dir, rel);
}

char *
pf_conf_dirname(pf_pool_t *pool, const char *path)
{
    size_t n = strlen(path);

    while (n > 1 && pf_fs_is_sep(path[n - 1])) {
        n--;                                    /* "a/b/" is "a/b" */
    }
    while (n > 0 && !pf_fs_is_sep(path[n - 1])) {
        n--;
    }
    if (n == 0) {
        return pf_pstrdup(pool, ".");
    }
    while (n > 1 && pf_fs_is_sep(path[n - 1])) {
        n--;
    }
    return pf_pstrndup(pool, path, n);
}

const char *
pf_conf_basename(const char *path)
{
    const char *p, *base = path;

    for (p = path; *p; p++) {
        if (pf_fs_is_sep(*p) && p[1] != '\0') {
            base = p + 1;
        }
    }
    return base;
}

int
pf_conf_casecmp(const char *a, const char *b)
{
    int ca, cb;

    do {
        ca = (unsigned char) *a++;
        cb = (unsigned char) *b++;
        if (ca >= 'A' && ca <= 'Z') {
            ca += 'a' - 'A';
        }
        if (cb >= 'A' && cb <= 'Z') {
            cb += 'a' - 'A';
        }
    } while (ca == cb && ca != 0);
    return ca - cb;
}

int
pf_conf_has_wildcard(const char *s)
{
    return strpbrk(s, "*?[") != NULL;
}

/* [set] at p (just after '['): sets *matched, returns the pattern after
 * ']', or NULL when the set is not closed (then '[' is a plain char). */
static const char *
pf_conf_match_set(const char *p, char c, int *matched)
{
    int  negate = 0, ok = 0;
    char lo, hi;

    if (*p == '!' || *p == '^') {
        negate = 1;
        p++;
    }
    if (*p == ']') {                    /* a leading ']' is literal */
        ok = c == ']';
        p++;
    }
    while (*p && *p != ']') {
        lo = *p++;
        if (lo == '\\' && *p) {
            lo = *p++;
        }
        hi = lo;
        if (*p == '-' && p[1] && p[1] != ']') {
            hi = p[1];
            p += 2;
            if (hi == '\\' && *p) {
                hi = *p++;
            }
        }
        if ((unsigned char) c >= (unsigned char) lo
            && (unsigned char) c <= (unsigned char) hi)
        {
            ok = 1;
        }
    }
    if (*p != ']') {
        return NULL;
    }
    *matched = ok != negate;
    return p + 1;
}

/* One step of the match: does pattern char(s) at *pp match c?  Advances
 * *pp past them. */
static int
pf_conf_match_one(const char **pp, char c)
{
    const char *p = *pp, *next;
    int         matched = 0;

    if (*p == '?') {
        *pp = p + 1;
        return 1;
    }
    if (*p == '[') {
        next = pf_conf_match_set(p + 1, c, &matched);
        if (next != NULL) {
            *pp = next;
            return matched;
        }
    }
    if (*p == '\\' && p[1]) {
        p++;
    }
    *pp = p + 1;
    return *p == c;
}

int
pf_conf_fnmatch(const char *pattern, const char *name, unsigned flags)
{
    const char *p = pattern, *n = name;
    const char *star_p = NULL, *star_n = NULL;

    if ((flags & PF_FNM_PERIOD) && name[0] == '.' && pattern[0] != '.') {
        return 0;
    }
    /* the classic single-backtrack match: on a mismatch, let the last
     * '*' swallow one more character */
    while (*n) {
        if (*p == '*') {
            while (*p == '*') {
                p++;
            }
            star_p = p;
            star_n = n;
            continue;
        }
        if (*p && pf_conf_match_one(&p, *n)) {
            n++;
            continue;
        }
        if (star_p == NULL) {
            return 0;
        }
        p = star_p;
        n = ++star_n;
    }
    while (*p == '*') {
        p++;
    }
    return *p == '\0';
}

void
pf_conf_error_at(pf_conf_run_t *run, const char *file, unsigned line)
{
    snprintf(run->err->file, sizeof(run->err->file), "%s", file);
    run->err->line = line;
}

int
pf_conf_list_dir(pf_conf_run_t *run, const char *dir, pf_array_t *names)
{
    pf_error_t fe;
    int        rc;

    memset(&fe, 0, sizeof(fe));
    rc = pf_fs_list_dir(run->pool, dir, names, &fe);
    if (rc != PF_OK) {
        if (rc == PF_ERROR) {
            *run->err = fe;
        }
        return rc;
    }
    if (names->nelts > run->max_names - run->nnames) {
        pf_error_set(run->err, NULL, 0,
                     "budget of names exceeded: wildcards and included "
                     "directories listed more than %u entries in all; "
                     "stopped in \"%s\"", run->max_names, dir);
        return PF_ERROR;
    }
    run->nnames += (unsigned) names->nelts;
    return PF_OK;
}

typedef struct {
    pf_conf_run_t  *run;
    pf_array_t      parts;      /* char *: the components */
    unsigned        flags;
    pf_array_t     *out;
} pf_glob_t;

static int pf_conf_glob_walk(pf_glob_t *g, const char *base, size_t i);

static int
pf_conf_glob_found(pf_glob_t *g, const char *path, size_t i)
{
    char **slot;

    if (i + 1 < g->parts.nelts) {
        if (pf_fs_kind(path) != PF_FS_DIR) {
            return PF_OK;                   /* only directories lead on */
        }
        return pf_conf_glob_walk(g, path, i + 1);
    }
    if (pf_fs_kind(path) == PF_FS_NONE) {
        return PF_OK;
    }
    slot = pf_array_push(g->out);
    if (slot == NULL) {
        return PF_ENOMEM;
    }
    *slot = (char *) path;
    return PF_OK;
}

static int
pf_conf_glob_walk(pf_glob_t *g, const char *base, size_t i)
{
    const char *part = PF_ARRAY_AT(&g->parts, char *, i);
    pf_array_t  names;
    char       *path;
    size_t      k;
    int         rc;

    if (!pf_conf_has_wildcard(part)) {
        path = pf_conf_join(g->run->pool, base, part);
        return path ? pf_conf_glob_found(g, path, i) : PF_ENOMEM;
    }
    if (pf_fs_kind(base[0] ? base : ".") != PF_FS_DIR) {
        return PF_OK;                       /* no such directory: no match */
    }
    rc = pf_conf_list_dir(g->run, base[0] ? base : ".", &names);
    if (rc != PF_OK) {
        return rc;
    }
    for (k = 0; k < names.nelts; k++) {
        const char *name = PF_ARRAY_AT(&names, char *, k);

        if (!pf_conf_fnmatch(part, name, g->flags)) {
            continue;
        }
        path = pf_conf_join(g->run->pool, base, name);
        if (path == NULL) {
            return PF_ENOMEM;
        }
        rc = pf_conf_glob_found(g, path, i);
        if (rc != PF_OK) {
            return rc;
        }
    }
    return PF_OK;
}

/* Splits "/a/b*" into the root ("/", "C:/", "" when relative) and the
 * non-empty components. */
static int
pf_conf_glob_split(pf_glob_t *g, const char *pattern, char **root)
{
    const char *p = pattern, *start;
    char      **slot;

    while (*p && !pf_fs_is_sep(*p) && pf_fs_is_absolute(pattern)) {
        p++;                                /* "C:" */
    }
    while (*p && pf_fs_is_sep(*p)) {
        p++;
    }
    *root = pf_pstrndup(g->run->pool, pattern, (size_t) (p - pattern));
    if (*root == NULL) {
        return PF_ENOMEM;
    }
    while (*p) {
        start = p;
        while (*p && !pf_fs_is_sep(*p)) {
            p++;
        }
        if (p > start) {
            slot = pf_array_push(&g->parts);
            if (slot == NULL) {
                return PF_ENOMEM;
            }
            *slot = pf_pstrndup(g->run->pool, start, (size_t) (p - start));
            if (*slot == NULL) {
                return PF_ENOMEM;
            }
        }
        while (*p && pf_fs_is_sep(*p)) {
            p++;
        }
    }
    return PF_OK;
}

int
pf_conf_glob(pf_conf_run_t *run, const char *pattern, unsigned flags,
             pf_array_t *out)
{
    pf_glob_t  g;
    char      *root;
    int        rc;

    g.run = run;
    g.flags = flags;
    g.out = out;
    if (pf_array_init(&g.parts, run->pool, 8, sizeof(char *)) != PF_OK) {
        return PF_ENOMEM;
    }
    rc = pf_conf_glob_split(&g, pattern, &root);
    if (rc != PF_OK) {
        return rc;
    }
    if (g.parts.nelts == 0) {
        return PF_OK;
    }
    return pf_conf_glob_walk(&g, root, 0);
}
