/*
 * wsl (pf_rule_wsl.c): wslrelay, or WSL2 mirrored networking
 * (.wslconfig).
 * Facts built by hand (test_diag_fixture.h, test_diag_winfixture.h); the
 * replayed captures of this cause are in tests/cases/ (docs/WHERE.md).
 */
#include "test_diag_fixture.h"
#include "test_diag_winfixture.h"

static void
test_wsl_relay(void)
{
    pf_check_t   *c = fx_check("127.0.0.1:3000", PF_STATUS_IN_USE,
                               PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_finding_t *f;

    fx_listener(c, "127.0.0.1", -1, 9120);
    fx_listener(c, "::1", -1, 9120);
    fx_process(c, 9120, "wslrelay.exe");
    fx_diagnose(c);
    PF_ASSERT_SIZE_EQ(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_WSL);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_STR(f->summary, "port 3000 is forwarded by WSL2 (wslrelay.exe, "
                  "PID 9120) to a Linux program listening on it inside WSL");
    FX_ASSERT_COMMAND(f, "wsl -- ss -ltnp \"sport = :3000\"");
    FX_ASSERT_COMMAND(f, "wsl --shutdown");
    PF_ASSERT_NULL(fx_remedy(f, "stop-process"));
    PF_ASSERT_NULL(fx_finding(c, PF_CAUSE_PROCESS));
}

/* WSL#40984: mirrored networking (its .wslconfig), bind fails with
 * nobody listening on Windows: a guess, said as one. */
static void
test_wsl_mirrored(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:6379", PF_STATUS_IN_USE,
                               PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_finding_t *f;

    fx_r->host.wsl_mirrored = 1;
    fx_diagnose(c);
    PF_ASSERT_SIZE_EQ(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_WSL);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_POSSIBLE);
    PF_ASSERT_CONTAINS(f->summary, "port 6379 is possibly held by a Linux "
                                   "program in WSL");
    FX_ASSERT_EVIDENCE(f, "networkingMode=mirrored");
    FX_ASSERT_COMMAND(f, "wsl -- ss -ltnp \"sport = :6379\"");
}

static void
test_wsl_not_mirrored(void)
{
    pf_check_t *c = fx_check("0.0.0.0:6379", PF_STATUS_IN_USE,
                             PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);

    fx_r->host.wsl_mirrored = 0;
    fx_diagnose(c);
    PF_ASSERT_NULL(fx_finding(c, PF_CAUSE_WSL));
    PF_ASSERT_NOT_NULL(fx_finding(c, PF_CAUSE_UNKNOWN));
}

static CU_TestInfo wsl_tests[] = {
    { "WSL2 wslrelay", test_wsl_relay },
    { "WSL2 mirrored networking, no listener", test_wsl_mirrored },
    { "no mirrored networking: no WSL guess", test_wsl_not_mirrored },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "wsl", NULL, NULL, fx_win_setup, fx_teardown, wsl_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
