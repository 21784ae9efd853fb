/*
 * Windows services: how long a stop is waited for (the SCM's checkpoints
 * and wait hints, pf_scm_wait_next), and what a stop of a trigger-started
 * service says (apply through the fake executor).  The service statuses
 * are written by hand, in the shape QueryServiceStatusEx gives them.
 */
#include <stdio.h>

#include "test_remedy_fixture.h"

#define STOPPED        1
#define STOP_PENDING   3
#define RUNNING        4

/* Feeds statuses to the policy as a real wait would, every `step` ms a
 * new status from status(); returns the ms waited when it said done (0)
 * or gave up (-ms). */
typedef void (*rfx_status_fn)(unsigned long t, unsigned long *state,
                             unsigned long *cp, unsigned long *hint);

static long
run_wait(rfx_status_fn status)
{
    pf_scm_wait_t w;
    unsigned long t = 0, slept = 0, state, cp, hint;
    long          next;

    pf_scm_wait_init(&w);
    for (;;) {
        status(t, &state, &cp, &hint);
        next = pf_scm_wait_next(&w, state, cp, hint, STOPPED, slept);
        if (next == 0) {
            return (long) t;
        }
        if (next < 0) {
            return -(long) t;
        }
        CU_ASSERT(next >= 250 && next <= 5000);
        t += (unsigned long) next;
        slept = (unsigned long) next;
        if (t > 10UL * 60 * 1000) {
            return -999999;       /* the policy never ended: a bug */
        }
    }
}

/* WAS draining its pools: STOP_PENDING for 95 s, the checkpoint rising
 * every 10 s, a 20 s hint; then STOPPED. */
static void
was_drains(unsigned long t, unsigned long *state, unsigned long *cp,
           unsigned long *hint)
{
    *state = t < 95000 ? STOP_PENDING : STOPPED;
    *cp = t / 10000 + 1;
    *hint = 20000;
}

/* A service that says nothing more: checkpoint 1, no hint, forever. */
static void
stuck_no_hint(unsigned long t, unsigned long *state, unsigned long *cp,
              unsigned long *hint)
{
    (void) t;
    *state = STOP_PENDING;
    *cp = 1;
    *hint = 0;
}

/* Checkpoint still, but a 90 s hint: waited for 90 s, not 30. */
static void
stuck_long_hint(unsigned long t, unsigned long *state, unsigned long *cp,
                unsigned long *hint)
{
    *state = t < 80000 ? STOP_PENDING : STOPPED;
    *cp = 1;
    *hint = 90000;
}

/* Progress forever: the 180 s cap ends it. */
static void
endless(unsigned long t, unsigned long *state, unsigned long *cp,
        unsigned long *hint)
{
    *state = STOP_PENDING;
    *cp = t / 1000 + 1;
    *hint = 3000;
}

static void
test_wait_follows_checkpoints(void)
{
    long t = run_wait(was_drains);

    CU_ASSERT(t >= 95000 && t < 101000);     /* not given up at 30 s */
}

static void
test_wait_gives_up_without_progress(void)
{
    long t = run_wait(stuck_no_hint);

    CU_ASSERT(t < 0);
    CU_ASSERT(-t > 30000 && -t < 32000);
}

static void
test_wait_honours_the_hint(void)
{
    long t = run_wait(stuck_long_hint);

    CU_ASSERT(t >= 80000 && t < 86000);
}

static void
test_wait_is_capped(void)
{
    long t = run_wait(endless);

    CU_ASSERT(t < 0);
    CU_ASSERT(-t >= 180000 && -t < 186000);
}

static void
test_wait_done_at_once(void)
{
    pf_scm_wait_t w;

    pf_scm_wait_init(&w);
    PF_ASSERT_EQ(pf_scm_wait_next(&w, STOPPED, 0, 0, STOPPED, 0), 0);
    PF_ASSERT_EQ(pf_scm_wait_next(&w, RUNNING, 0, 0, RUNNING, 0), 0);
}

/* ---- trigger-started services -------------------------------------- */

static int rfx_triggered_answer;

static int
rfx_triggered(void *data, const char *name)
{
    (void) data;
    (void) name;
    return rfx_triggered_answer;
}

static void
stop_one(pf_action_t action, const char *id, int triggered, pf_buf_t *b)
{
    pf_report_t   *r = pf_report_create();
    pf_check_t    *c = rfx_check(r, "80", PF_STATUS_DENIED);
    const char    *path = rfx_state_dir(r->pool);
    rfx_fake_t     fake = { "", NULL, 0, NULL, 1, "demand", NULL, 0, 0 };
    pf_finding_t  *f;
    pf_executor_t  ex;
    pf_plan_t      plan;
    pf_error_t     err;

    r->host.platform = "windows";
    rfx_service(c, "PeerDistSvc", 1800, "demand");
    f = rfx_finding(r, c, PF_CAUSE_HTTPSYS);
    rfx_remedy(r, f, id, action, "PeerDistSvc", "net stop PeerDistSvc");
    rfx_executor(&ex, &fake);
    ex.service_triggered = rfx_triggered;
    rfx_triggered_answer = triggered;
    PF_ASSERT_EQ(rfx_plan(r, id, 1, NULL, &plan), PF_OK);
    PF_ASSERT_EQ(pf_plan_apply(rfx_ctx(r->pool, &ex, NULL, b), &plan, &err),
                 PF_OK);
    rfx_rm_state_dir(r->pool, path);
    pf_report_destroy(r);
}

static void
test_trigger_started_stop_says_so(void)
{
    pf_buf_t b;

    pf_buf_init(&b);
    stop_one(PF_ACTION_STOP_SERVICE, "stop-service", 1, &b);
    PF_ASSERT_CONTAINS(b.data, "service PeerDistSvc is trigger-started");
    PF_ASSERT_CONTAINS(b.data, "sc config PeerDistSvc start= disabled");
    pf_buf_free(&b);
}

static void
test_plain_stop_says_nothing(void)
{
    pf_buf_t b;

    pf_buf_init(&b);
    stop_one(PF_ACTION_STOP_SERVICE, "stop-service", 0, &b);
    PF_ASSERT_NOT_CONTAINS(b.data, "trigger-started");
    pf_buf_free(&b);
    pf_buf_init(&b);
    stop_one(PF_ACTION_DISABLE_SERVICE, "disable-service", 1, &b);
    PF_ASSERT_NOT_CONTAINS(b.data, "trigger-started");
    pf_buf_free(&b);
}

static CU_TestInfo wait_tests[] = {
    { "checkpoints keep the wait going (WAS, 95 s)",
      test_wait_follows_checkpoints },
    { "no progress, no hint: 30 s", test_wait_gives_up_without_progress },
    { "no progress, 90 s hint: waited for", test_wait_honours_the_hint },
    { "180 s in all", test_wait_is_capped },
    { "already there", test_wait_done_at_once },
    CU_TEST_INFO_NULL
};

static CU_TestInfo trigger_tests[] = {
    { "a trigger-started service: the stop says so",
      test_trigger_started_stop_says_so },
    { "no triggers, or disabled: nothing said", test_plain_stop_says_nothing },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "SCM wait", NULL, NULL, NULL, NULL, wait_tests },
    { "trigger-start", NULL, NULL, NULL, NULL, trigger_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
