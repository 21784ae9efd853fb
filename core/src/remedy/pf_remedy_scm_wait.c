/*
 * How long to wait for a Windows service to reach a state, the way the
 * SCM documents it: a service that is still working raises dwCheckPoint
 * and says in dwWaitHint how long its next step may take (WAS may drain
 * its application pools for 90 s).  The wait goes on while the
 * checkpoint moves, gives up when it has not moved for longer than the
 * hint, and never lasts more than a cap in all.  Pure (numbers in, a
 * decision out), so it is tested on every platform.
 */
#include "pf_remedy.h"

#define PF_SCM_MIN_POLL_MS      250
#define PF_SCM_MAX_POLL_MS      5000
#define PF_SCM_MIN_STUCK_MS     30000   /* a service with no hint */
#define PF_SCM_TOTAL_MS         180000  /* in all, whatever it says */

void
pf_scm_wait_init(pf_scm_wait_t *w)
{
    w->checkpoint = 0;
    w->quiet_ms = 0;
    w->total_ms = 0;
    w->started = 0;
}

long
pf_scm_wait_next(pf_scm_wait_t *w, unsigned long state,
                 unsigned long checkpoint, unsigned long wait_hint,
                 unsigned long want, unsigned long slept_ms)
{
    unsigned long stuck, poll;

    if (state == want) {
        return 0;
    }
    w->total_ms += slept_ms;
    if (!w->started || checkpoint != w->checkpoint) {
        w->started = 1;
        w->checkpoint = checkpoint;
        w->quiet_ms = 0;
    } else {
        w->quiet_ms += slept_ms;
    }
    stuck = wait_hint > PF_SCM_MIN_STUCK_MS ? wait_hint : PF_SCM_MIN_STUCK_MS;
    if (w->quiet_ms > stuck || w->total_ms >= PF_SCM_TOTAL_MS) {
        return -1;
    }
    poll = wait_hint / 10;
    poll = poll < PF_SCM_MIN_POLL_MS ? PF_SCM_MIN_POLL_MS
           : poll > PF_SCM_MAX_POLL_MS ? PF_SCM_MAX_POLL_MS : poll;
    return (long) poll;
}
