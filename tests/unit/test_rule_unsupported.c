/*
 * unsupported (pf_rule_unsupported.c): an address family the host lacks
 * (no IPv6).
 * Facts built by hand (test_diag_fixture.h); the
 * replayed captures of this cause are in tests/cases/ (docs/WHERE.md).
 */
#include "test_diag_fixture.h"

static void
test_unsupported_ipv6(void)
{
    pf_check_t   *c = fx_check("[::1]:8080", PF_STATUS_UNSUPPORTED,
                               PF_ERRSPACE_POSIX, EAFNOSUPPORT);
    pf_finding_t *f;

    fx_r->ctx.server = PF_SERVER_NGINX;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_UNSUPPORTED);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "IPv6 is not available");
    PF_ASSERT_NOT_NULL(fx_remedy(f, "use-ipv4"));
    FX_ASSERT_COMMAND(f, "listen 0.0.0.0:8080;");
}

static CU_TestInfo unsupported_tests[] = {
    { "no IPv6", test_unsupported_ipv6 },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "unsupported", NULL, NULL, fx_setup, fx_teardown, unsupported_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
