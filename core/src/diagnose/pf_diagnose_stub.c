/* PLACEHOLDER until the rules land. */
#include "preflight.h"

int
pf_diagnose(pf_pool_t *pool, const pf_context_t *ctx,
            const pf_host_facts_t *host, pf_check_t *c)
{
    pf_finding_t *f;

    (void) ctx; (void) host;
    f = pf_array_push(&c->findings);
    if (f == NULL) {
        return PF_ENOMEM;
    }
    f->cause = PF_CAUSE_UNKNOWN;
    f->confidence = PF_POSSIBLE;
    f->summary = "cause not diagnosed yet";
    pf_array_init(&f->holders, pool, 0, sizeof(pf_process_t *));
    pf_array_init(&f->evidence, pool, 0, sizeof(char *));
    pf_array_init(&f->remedies, pool, 0, sizeof(pf_remedy_t));
    return PF_OK;
}
