/*
 * Recorded netsh output turned into facts, with the parsers the Windows
 * layer runs on netsh's live answer (core/src/win/pf_win_netsh.c): a
 * capture pasted into a bug report is replayed by `preflight check
 * --facts` on any system, through the same code.  A capture that cannot
 * be read is a note and "failed", as on the host.
 */
#include <string.h>

#include "preflight_internal.h"
#include "netsh/pf_netsh.h"

static void
pf_netsh_facts_pid_services(pf_target_facts_t *f, pf_request_queue_t *q,
                            long pid)
{
    size_t j;

    for (j = 0; j < f->services.nelts; j++) {
        const pf_service_t *s = &PF_ARRAY_AT(&f->services, pf_service_t, j);

        if (s->pid == pid && s->name != NULL) {
            (void) pf_array_push_str(&q->services, s->name);
        }
    }
}

/* The services of a queue's processes and of its controller, from the
 * services the facts name for those PIDs: what pf_win_queue_services
 * asks the SCM for (an idle IIS pool has only its controller, WAS). */
static void
pf_netsh_facts_queue_services(pf_target_facts_t *f, pf_request_queue_t *q)
{
    size_t i;

    for (i = 0; i < q->pids.nelts; i++) {
        pf_netsh_facts_pid_services(f, q, PF_ARRAY_AT(&q->pids, long, i));
    }
    if (q->controller_pid > 0) {
        pf_netsh_facts_pid_services(f, q, q->controller_pid);
    }
}

int
pf_facts_netsh_servicestate(pf_pool_t *pool, const char *text, size_t len,
                            pf_check_t *c)
{
    static const char   args[] = "http show servicestate view=requestq";
    pf_target_facts_t  *f = &c->facts;
    pf_netsh_queues_t   into;
    pf_error_t          err;
    size_t              i;

    f->httpsys.queues.nelts = 0;
    f->httpsys.queues_known = PF_KNOWN_FAILED;
    memset(&err, 0, sizeof(err));
    /* as pf_win_netsh_queues reads netsh's live answer: what could not
     * be read becomes a note and a partial answer */
    into.queues = &f->httpsys.queues;
    into.notes = &f->notes;
    into.partial = &f->httpsys.queues_partial;
    if (pf_netsh_read_servicestate(pool, text, len, c->target.port, &into,
                                   &err) != PF_OK)
    {
        return pf_array_push_strf(&f->notes, "netsh %s: could not read its "
                                  "output: %s", args, err.message);
    }
    f->httpsys.queues_known = PF_KNOWN_YES;
    for (i = 0; i < f->httpsys.queues.nelts; i++) {
        pf_netsh_facts_queue_services(f, &PF_ARRAY_AT(&f->httpsys.queues,
                                                      pf_request_queue_t, i));
    }
    return PF_OK;
}

int
pf_facts_netsh_excluded(pf_pool_t *pool, const char *text, size_t len,
                        pf_family_t fam, pf_host_facts_t *h)
{
    pf_error_t err;

    memset(&err, 0, sizeof(err));
    if (pf_netsh_parse_excluded(pool, text, len, fam, &h->excluded_ranges,
                                &err) != PF_OK)
    {
        if (h->excluded_known != PF_KNOWN_YES) {
            h->excluded_known = PF_KNOWN_FAILED;
        }
        return pf_array_push_strf(&h->notes, "netsh interface %s show "
                                  "excludedportrange protocol=tcp: could not "
                                  "read its output: %s",
                                  fam == PF_FAMILY_INET6 ? "ipv6" : "ipv4",
                                  err.message);
    }
    h->excluded_known = PF_KNOWN_YES;
    return PF_OK;
}
