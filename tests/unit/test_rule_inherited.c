/*
 * inherited (pf_rule_inherited.c): the owner recorded for the socket is
 * gone; a child inherited it.
 * Facts built by hand (test_diag_fixture.h, test_diag_winfixture.h); the
 * replayed captures of this cause are in tests/cases/ (docs/WHERE.md).
 */
#include "test_diag_fixture.h"
#include "test_diag_winfixture.h"

static void
test_inherited_with_holder(void)
{
    pf_check_t    *c = fx_check("0.0.0.0:8080", PF_STATUS_IN_USE,
                                PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_listener_t *l = fx_listener(c, "0.0.0.0", -1, 7000);
    long          *pid = pf_array_push(&l->pids);
    pf_finding_t  *f;

    l->owner_gone = 1;
    *pid = 7100;
    fx_process(c, 7100, "node.exe");
    fx_diagnose(c);
    PF_ASSERT_SIZE_EQ(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_INHERITED);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_LIKELY);
    PF_ASSERT_STR(f->summary, "port 8080 is held by a socket whose owner, "
                  "PID 7000, has exited; possibly PID 7100 (node.exe), "
                  "which inherited it");
    FX_ASSERT_EVIDENCE(f, "no process with PID 7000 exists any more");
    FX_ASSERT_COMMAND(f, "taskkill /PID 7100");
    FX_ASSERT_COMMAND(f, "ParentProcessId=7000");
}

static void
test_inherited_unknown_child(void)
{
    pf_check_t    *c = fx_check("0.0.0.0:8080", PF_STATUS_IN_USE,
                                PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_listener_t *l = fx_listener(c, "0.0.0.0", -1, 7000);
    pf_finding_t  *f;

    l->owner_gone = 1;
    fx_diagnose(c);
    PF_ASSERT_SIZE_EQ(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_INHERITED);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "a process it started inherited the "
                                   "socket");
    PF_ASSERT_NULL(fx_remedy(f, "look"));
}

static CU_TestInfo inherited_tests[] = {
    { "inherited socket, child found", test_inherited_with_holder },
    { "inherited socket, child unknown", test_inherited_unknown_child },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "inherited", NULL, NULL, fx_win_setup, fx_teardown, inherited_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
