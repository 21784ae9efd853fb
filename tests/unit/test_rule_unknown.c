/*
 * unknown (pf_rule_unknown.c): what is left when no rule explains the
 * failure.
 * Facts built by hand (test_diag_fixture.h); the
 * replayed captures of this cause are in tests/cases/ (docs/WHERE.md).
 */
#include "test_diag_fixture.h"

static void
test_unknown_in_use_with_notes(void)
{
    pf_check_t   *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                               EADDRINUSE);
    pf_finding_t *f;

    c->facts.listeners_known = PF_KNOWN_FAILED;
    fx_push_str(&c->facts.notes, "sock_diag: Operation not permitted");
    fx_diagnose(c);
    PF_ASSERT_SIZE_EQ(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_UNKNOWN);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_POSSIBLE);
    PF_ASSERT_CONTAINS(f->summary, "in use");
    FX_ASSERT_EVIDENCE(f, "EADDRINUSE");
    FX_ASSERT_EVIDENCE(f, "sock_diag: Operation not permitted");
    FX_ASSERT_COMMAND(f, "ss -ltnp 'sport = :80'");
}

static void
test_unknown_other_errno(void)
{
    pf_check_t   *c = fx_check("*:80", PF_STATUS_ERROR, PF_ERRSPACE_POSIX,
                               EMFILE);
    pf_finding_t *f;

    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_UNKNOWN);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "EMFILE");
}

static CU_TestInfo unknown_tests[] = {
    { "in use, holder not found", test_unknown_in_use_with_notes },
    { "another errno", test_unknown_other_errno },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "unknown", NULL, NULL, fx_setup, fx_teardown, unknown_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
