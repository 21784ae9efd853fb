/*
 * Whether a socket already on a port stands in a target's way.  The same
 * rule on every platform; only what an unknown IPV6_V6ONLY means differs
 * (Linux: dual-stack, net.ipv6.bindv6only=0; Windows: IPv6 only).
 */
#ifndef PF_CONFLICT_H
#define PF_CONFLICT_H

#include "preflight_internal.h"

int pf_listener_blocks(const pf_target_t *t, const pf_listener_t *l,
                       int v6only_default);

/* Appends to out the listeners of all (pf_listener_t) that block the
 * target; all of them when none does. */
int pf_conflict_keep(const pf_target_t *t, const pf_array_t *all,
                     int v6only_default, pf_array_t *out);

#endif
