/*
 * process, holder hidden (pf_rule_hidden_process.c): the port is taken
 * but no holder is visible: not root, or another namespace.
 * Facts built by hand (test_diag_fixture.h); the
 * replayed captures of this cause are in tests/cases/ (docs/WHERE.md).
 */
#include "test_diag_fixture.h"

static void
test_hidden_not_root(void)
{
    pf_check_t    *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                                EADDRINUSE);
    pf_listener_t *l = fx_listener(c, "0.0.0.0", 33, -1);
    pf_finding_t  *f;

    l->pids_visible = 0;
    l->user = "www-data";
    fx_diagnose(c);
    PF_ASSERT_SIZE_EQ(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_LIKELY);
    PF_ASSERT_SIZE_EQ(f->holders.nelts, 0);
    PF_ASSERT_STR_EQ(f->summary, "port 80: a process of user "
                     "www-data (uid 33) holds it; run as root to "
                     "name it");
    FX_ASSERT_EVIDENCE(f, "owned by uid 33");
    FX_ASSERT_COMMAND(f, "sudo preflight explain 80");
    FX_ASSERT_COMMAND(f, "sudo ss -ltnp 'sport = :80'");
}

static void
test_hidden_as_root(void)
{
    pf_check_t   *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                               EADDRINUSE);
    pf_finding_t *f;

    fx_r->host.is_admin = 1;
    fx_r->host.euid = 0;
    fx_listener(c, "0.0.0.0", 0, -1)->pids_visible = 0;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_POSSIBLE);
    CU_ASSERT_FALSE(fx_has_evidence(f, "run as root"));
    PF_ASSERT_NULL(fx_remedy(f, "inspect-as-root"));
    /* issue 17: no sudo for root */
    FX_ASSERT_COMMAND(f, "ss -ltnp 'sport = :80'");
    CU_ASSERT_FALSE(fx_has_command(f, "sudo"));
}

static CU_TestInfo hidden_process_tests[] = {
    { "not root: socket owner and sudo", test_hidden_not_root },
    { "root: another namespace", test_hidden_as_root },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "process (holder hidden)", NULL, NULL, fx_setup, fx_teardown,
      hidden_process_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
