/*
 * Which sockets on a port block a target: a bind fails only on an
 * overlapping address (the same one, a wildcard, or the other family
 * through a dual-stack [::] socket).  Used by both platform layers to
 * keep only the target's own listeners.
 */
#include <string.h>

#include "pf_conflict.h"

static int
pf_is_wildcard(const char *a)
{
    return strcmp(a, "*") == 0 || strcmp(a, "0.0.0.0") == 0
           || strcmp(a, "::") == 0;
}

/* A [::] socket that also takes the IPv4 port. */
static int
pf_is_dual_stack(pf_family_t family, const char *address, int v6only,
                 int v6only_default)
{
    if (v6only < 0) {
        v6only = v6only_default;
    }
    return family == PF_FAMILY_INET6 && strcmp(address, "::") == 0
           && v6only != 1;
}

int
pf_listener_blocks(const pf_target_t *t, const pf_listener_t *in,
                   int v6only_default)
{
    pf_listener_t        mapped;
    const pf_listener_t *l = in;
    int                  same_family, dual;

    if (t->family == PF_FAMILY_ANY || strcmp(t->address, "*") == 0) {
        return 1;              /* "*:80" is dual-stack: anything blocks */
    }
    /* an IPv6 socket bound to ::ffff:127.0.0.1 holds 127.0.0.1 */
    if (l->family == PF_FAMILY_INET6 && strncmp(l->address, "::ffff:", 7) == 0
        && strchr(l->address, '.') != NULL)
    {
        mapped = *l;
        mapped.family = PF_FAMILY_INET;
        memmove(mapped.address, mapped.address + 7,
                strlen(mapped.address + 7) + 1);
        l = &mapped;
    }
    same_family = t->family == l->family;
    dual = pf_is_dual_stack(l->family, l->address, l->v6only, v6only_default)
           || pf_is_dual_stack(t->family, t->address, t->v6only,
                               v6only_default);
    if (!same_family && !dual) {
        return 0;
    }
    return !same_family || pf_is_wildcard(t->address)
           || pf_is_wildcard(l->address) || strcmp(t->address, l->address)
              == 0;
}

/* Keeps the listeners that conflict with the target; all of them when
 * none does (they are still the best evidence there is). */
int
pf_conflict_keep(const pf_target_t *t, const pf_array_t *all,
                 int v6only_default, pf_array_t *out)
{
    size_t i, kept = 0;
    int    pass;

    for (pass = 0; pass < 2 && kept == 0; pass++) {
        for (i = 0; i < all->nelts; i++) {
            const pf_listener_t *l = &PF_ARRAY_AT(all, pf_listener_t, i);
            pf_listener_t       *slot;

            if (pass == 0 && !pf_listener_blocks(t, l, v6only_default)) {
                continue;
            }
            slot = pf_array_push(out);
            if (slot == NULL) {
                return PF_ENOMEM;
            }
            *slot = *l;
            kept++;
        }
    }
    return PF_OK;
}
