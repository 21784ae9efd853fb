/*
 * socket-unit (pf_rule_socket_unit.c): PID 1 holds the port for a
 * systemd socket unit.
 * Facts built by hand (test_diag_fixture.h); the
 * replayed captures of this cause are in tests/cases/ (docs/WHERE.md).
 */
#include "test_diag_fixture.h"

static pf_socket_unit_t *
add_socket_unit(pf_check_t *c, const char *unit, const char *activates)
{
    pf_socket_unit_t *u = pf_array_push(&c->facts.socket_units);

    PF_ASSERT_NOT_NULL_FATAL(u);
    u->unit = unit;
    u->listen = "0.0.0.0:80";
    u->activates = activates;
    return u;
}

static void
test_socket_unit_known(void)
{
    pf_check_t   *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                               EADDRINUSE);
    pf_finding_t *f;
    pf_remedy_t  *r;

    fx_r->host.systemd = 1;
    fx_process(c, 1, "systemd")->ppid = 0;
    add_socket_unit(c, "foo.socket", "foo.service");
    fx_diagnose(c);
    PF_ASSERT_SIZE_EQ(c->findings.nelts, 1);
    PF_ASSERT_NULL(fx_finding(c, PF_CAUSE_PROCESS));
    f = fx_finding(c, PF_CAUSE_SOCKET_UNIT);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_SURE);
    PF_ASSERT_CONTAINS(f->summary, "foo.socket");
    PF_ASSERT_CONTAINS(f->summary, "foo.service");
    PF_ASSERT_EQ(PF_ARRAY_AT(&f->holders, pf_process_t *, 0)->pid, 1);
    r = fx_remedy(f, "stop-unit");
    PF_ASSERT_NOT_NULL_FATAL(r);
    PF_ASSERT_STR(r->subject, "foo.socket");
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "systemctl stop foo.socket");
    FX_ASSERT_COMMAND(f, "systemctl disable --now foo.socket");
}

/* Issue 16: a socket unit only its unit file names (systemd did not
 * answer) is advice, never a step that runs. */
static void
test_socket_unit_from_files(void)
{
    pf_check_t       *c = fx_check("*:80", PF_STATUS_IN_USE,
                                   PF_ERRSPACE_POSIX, EADDRINUSE);
    pf_socket_unit_t *u;
    pf_finding_t     *f;

    fx_r->host.systemd = 1;
    fx_process(c, 1, "systemd")->ppid = 0;
    u = add_socket_unit(c, "foo.socket", "foo.service");
    u->from_files = 1;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_SOCKET_UNIT);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_NULL(fx_remedy(f, "stop-unit"));
    PF_ASSERT_NULL(fx_remedy(f, "disable-unit"));
    PF_ASSERT_EQ(fx_remedy(f, "check-socket-unit")->action,
                 PF_ACTION_NONE);
    FX_ASSERT_COMMAND(f, "systemctl disable --now foo.socket");
}

static void
test_socket_unit_pid1_only(void)
{
    pf_check_t   *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                               EADDRINUSE);
    pf_finding_t *f;

    fx_r->host.systemd = 1;
    fx_process(c, 1, "systemd");
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_SOCKET_UNIT);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_LIKELY);
    FX_ASSERT_COMMAND(f, "systemctl list-sockets --all | grep ':80'");
    PF_ASSERT_NULL(fx_remedy(f, "stop-unit"));
}

static void
test_socket_unit_pid1_not_systemd(void)
{
    pf_check_t *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                             EADDRINUSE);

    /* a container's init is pid 1 too: it is a process like another */
    fx_process(c, 1, "tini");
    fx_diagnose(c);
    PF_ASSERT_NULL(fx_finding(c, PF_CAUSE_SOCKET_UNIT));
    PF_ASSERT_NOT_NULL(fx_finding(c, PF_CAUSE_PROCESS));
}

static CU_TestInfo socket_unit_tests[] = {
    { "pid 1 and a known unit", test_socket_unit_known },
    { "a unit only its file names: advice", test_socket_unit_from_files },
    { "pid 1, units unknown", test_socket_unit_pid1_only },
    { "pid 1 that is not systemd", test_socket_unit_pid1_not_systemd },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "socket-unit", NULL, NULL, fx_setup, fx_teardown, socket_unit_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
