/*
 * What the pool offers beyond preflight.h, for tests: every allocation
 * can fail in a server at its worst moment, and a test makes it fail at
 * each point in turn to prove the failure is reported, never dropped.
 */
#ifndef PF_POOL_H
#define PF_POOL_H

#include "preflight_internal.h"

/* After n more allocations from pool succeed, every further one fails
 * (returns NULL) until called again; n = -1 lifts it. */
void pf_pool_fail_after(pf_pool_t *pool, long n);

#endif
