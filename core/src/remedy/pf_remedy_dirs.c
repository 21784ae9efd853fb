/*
 * The state directory and its parents, created one level at a time (the
 * same walk on every platform; creating one level is the platform's).
 */
#include "preflight_internal.h"
#include "pf_fs.h"
#include "pf_remedy.h"

int
pf_remedy_mkdirs(pf_pool_t *pool, const char *dir, pf_error_t *err)
{
    char   *p = pf_pstrdup(pool, dir);
    size_t  i;

    if (p == NULL) {
        pf_error_set(err, dir, 0, "out of memory");
        return PF_ERROR;
    }
    for (i = 1; ; i++) {
        char c = p[i];

        if (c != '\0' && !pf_fs_is_sep(c)) {
            continue;
        }
        p[i] = '\0';
        /* "C:" alone is a drive, not a directory to create */
        if (!(i == 2 && p[1] == ':')
            && pf_remedy_mkdir_one(pool, p, err) != PF_OK)
        {
            return PF_ERROR;
        }
        p[i] = c;
        if (c == '\0') {
            return PF_OK;
        }
    }
}
