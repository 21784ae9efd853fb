/*
 * docker-desktop (pf_rule_docker_desktop.c): Docker Desktop's backend
 * or vpnkit holds the port.
 * Facts built by hand (test_diag_fixture.h, test_diag_winfixture.h); the
 * replayed captures of this cause are in tests/cases/ (docs/WHERE.md).
 */
#include "test_diag_fixture.h"
#include "test_diag_winfixture.h"

static void
test_docker_desktop(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:8080", PF_STATUS_IN_USE,
                               PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_finding_t *f;

    fx_listener(c, "0.0.0.0", -1, 6400);
    fx_process(c, 6400, "com.docker.backend.exe");
    fx_diagnose(c);
    PF_ASSERT_SIZE_EQ(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_DOCKER_DESKTOP);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "published by Docker Desktop "
                                   "(com.docker.backend.exe, PID 6400)");
    FX_ASSERT_COMMAND(f, "docker ps --filter publish=8080");
    PF_ASSERT_NULL(fx_remedy(f, "stop-process"));
}

static void
test_docker_desktop_vpnkit(void)
{
    pf_check_t *c = fx_check("0.0.0.0:5432", PF_STATUS_IN_USE,
                             PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);

    fx_listener(c, "0.0.0.0", -1, 6500);
    fx_process(c, 6500, "vpnkit.exe");
    fx_diagnose(c);
    PF_ASSERT_NOT_NULL(fx_finding(c, PF_CAUSE_DOCKER_DESKTOP));
    PF_ASSERT_NULL(fx_finding(c, PF_CAUSE_PROCESS));
}

static CU_TestInfo docker_desktop_tests[] = {
    { "Docker Desktop backend", test_docker_desktop },
    { "Docker Desktop vpnkit", test_docker_desktop_vpnkit },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "docker-desktop", NULL, NULL, fx_win_setup, fx_teardown,
      docker_desktop_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
