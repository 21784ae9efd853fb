/*
 * same-server (pf_rule_same_server.c): every holder of the port is this server
 * (or the one its pid file names): no conflict, the server is already up.
 * Facts built by hand (test_diag_fixture.h); the
 * replayed captures of this cause are in tests/cases/ (docs/WHERE.md).
 */
#include "test_diag_fixture.h"

static void
test_same_server_all_self(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:80", PF_STATUS_IN_USE,
                               PF_ERRSPACE_POSIX, EADDRINUSE);
    pf_finding_t *f;

    fx_process(c, 100, "apache2")->is_self = 1;
    fx_process(c, 101, "apache2")->is_self = 1;
    fx_diagnose(c);
    PF_ASSERT_SIZE_EQ(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_SAME_SERVER);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_SIZE_EQ(f->holders.nelts, 2);
    PF_ASSERT_SIZE_EQ(f->remedies.nelts, 0);
    CU_ASSERT_FALSE(pf_check_is_conflict(c));
}

/* The CLI: the master the configuration's pid file names. */
static void
test_same_server_running(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:80", PF_STATUS_IN_USE,
                               PF_ERRSPACE_POSIX, EADDRINUSE);
    pf_finding_t *f;

    c->target.server = PF_SERVER_NGINX;
    c->target.pid_file = "/run/nginx.pid";
    c->facts.running_pid = 100;
    fx_process(c, 100, "nginx")->is_self = 1;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_SAME_SERVER);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_STR(f->summary, "already running: this nginx, PID 100");
    FX_ASSERT_EVIDENCE(f, "/run/nginx.pid");
    CU_ASSERT_FALSE(pf_check_is_conflict(c));
}

static void
test_same_server_and_another(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:80", PF_STATUS_IN_USE,
                               PF_ERRSPACE_POSIX, EADDRINUSE);
    pf_finding_t *f;

    fx_process(c, 100, "apache2")->is_self = 1;
    fx_process(c, 200, "python3");
    fx_diagnose(c);
    PF_ASSERT_NULL(fx_finding(c, PF_CAUSE_SAME_SERVER));
    f = fx_finding(c, PF_CAUSE_PROCESS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_SIZE_EQ(f->holders.nelts, 1);
    PF_ASSERT_EQ(PF_ARRAY_AT(&f->holders, pf_process_t *, 0)->pid, 200);
    CU_ASSERT_TRUE(pf_check_is_conflict(c));
}

static CU_TestInfo same_server_tests[] = {
    { "every holder is this server", test_same_server_all_self },
    { "already running (pid file)", test_same_server_running },
    { "this server and another", test_same_server_and_another },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "same-server", NULL, NULL, fx_setup, fx_teardown, same_server_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
