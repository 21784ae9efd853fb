/*
 * selinux (pf_rule_selinux.c): EACCES under an enforcing SELinux.
 * Facts built by hand (test_diag_fixture.h); the
 * replayed captures of this cause are in tests/cases/ (docs/WHERE.md).
 */
#include "test_diag_fixture.h"

static void
test_selinux_enforcing(void)
{
    pf_check_t   *c = fx_check("*:8081", PF_STATUS_DENIED, PF_ERRSPACE_POSIX,
                               EACCES);
    pf_finding_t *f;

    fx_r->host.selinux = 1;
    fx_diagnose(c);
    PF_ASSERT_SIZE_EQ(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_SELINUX);
    PF_ASSERT_NOT_NULL_FATAL(f);
    FX_ASSERT_EVIDENCE(f, "SELinux is enforcing");
    FX_ASSERT_COMMAND(f, "semanage port -a -t http_port_t -p tcp 8081");
}

static void
test_selinux_root_low_port(void)
{
    pf_check_t *c = fx_check("*:80", PF_STATUS_PRIVILEGED, PF_ERRSPACE_POSIX,
                             EACCES);

    fx_r->host.selinux = 1;
    fx_r->host.is_admin = 1;
    fx_diagnose(c);
    PF_ASSERT_NOT_NULL(fx_finding(c, PF_CAUSE_SELINUX));
    PF_ASSERT_NULL(fx_finding(c, PF_CAUSE_PRIVILEGED_PORT));
}

static void
test_selinux_permissive_is_unknown(void)
{
    pf_check_t *c = fx_check("*:8081", PF_STATUS_DENIED, PF_ERRSPACE_POSIX,
                             EACCES);

    fx_r->host.selinux = 0;
    fx_diagnose(c);
    PF_ASSERT_NULL(fx_finding(c, PF_CAUSE_SELINUX));
    PF_ASSERT_NOT_NULL(fx_finding(c, PF_CAUSE_UNKNOWN));
}

static CU_TestInfo selinux_tests[] = {
    { "enforcing, high port", test_selinux_enforcing },
    { "enforcing, root, low port", test_selinux_root_low_port },
    { "permissive: not selinux", test_selinux_permissive_is_unknown },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "selinux", NULL, NULL, fx_setup, fx_teardown, selinux_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
