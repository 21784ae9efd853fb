/*
 * The target's listeners among all sockets on its port (the rule is
 * pf_listener_blocks; an unknown IPV6_V6ONLY is Linux's default, off).
 */
#include "preflight_internal.h"
#include "pf_unix.h"
#include "pf_conflict.h"

/* Keeps the listeners that conflict with the target; all of them when
 * none does (they are still the best evidence there is). */
int
pf_unix_keep_conflicting(const pf_target_t *t, const pf_array_t *all,
                         pf_array_t *out)
{
    size_t i, kept = 0;
    int    pass;

    for (pass = 0; pass < 2 && kept == 0; pass++) {
        for (i = 0; i < all->nelts; i++) {
            const pf_listener_t *l = &PF_ARRAY_AT(all, pf_listener_t, i);
            pf_listener_t       *slot;

            if (pass == 0 && !pf_listener_blocks(t, l, 0)) {
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
