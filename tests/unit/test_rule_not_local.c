/*
 * not-local (pf_rule_not_local.c): EADDRNOTAVAIL: the address is not on
 * this host.
 * Facts built by hand (test_diag_fixture.h); the
 * replayed captures of this cause are in tests/cases/ (docs/WHERE.md).
 */
#include "test_diag_fixture.h"

static void
test_not_local(void)
{
    pf_check_t   *c = fx_check("192.0.2.1:8080", PF_STATUS_NOT_LOCAL,
                               PF_ERRSPACE_POSIX, EADDRNOTAVAIL);
    pf_finding_t *f;

    fx_push_str(&fx_r->host.local_addresses, "127.0.0.1");
    fx_push_str(&fx_r->host.local_addresses, "10.0.0.5");
    fx_r->ctx.server = PF_SERVER_APACHE;
    /* a listener elsewhere on the port is no holder of this address */
    fx_process(c, 42, "python3");
    fx_diagnose(c);
    PF_ASSERT_SIZE_EQ(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_NOT_LOCAL);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "192.0.2.1");
    FX_ASSERT_EVIDENCE(f, "127.0.0.1, 10.0.0.5");
    FX_ASSERT_COMMAND(f, "Listen 0.0.0.0:8080");
    FX_ASSERT_COMMAND(f, "sysctl net.ipv4.ip_nonlocal_bind=1");
}

static CU_TestInfo not_local_tests[] = {
    { "address not on this host", test_not_local },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "not-local", NULL, NULL, fx_setup, fx_teardown, not_local_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
