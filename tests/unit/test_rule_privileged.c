/*
 * privileged-port (pf_rule_privileged.c): a port below the unprivileged
 * start, bound without root or CAP_NET_BIND_SERVICE.
 * Facts built by hand (test_diag_fixture.h); the
 * replayed captures of this cause are in tests/cases/ (docs/WHERE.md).
 */
#include "test_diag_fixture.h"

static pf_check_t *
privileged80(void)
{
    pf_check_t *c = fx_check("127.0.0.1:80", PF_STATUS_PRIVILEGED,
                             PF_ERRSPACE_POSIX, EACCES);

    c->facts.listeners_known = PF_KNOWN_NO;
    c->facts.free_port_nearby = 8080;
    return c;
}

static void
test_privileged_nginx(void)
{
    pf_check_t   *c = privileged80();
    pf_finding_t *f;

    fx_r->ctx.server = PF_SERVER_NGINX;
    fx_diagnose(c);
    PF_ASSERT_SIZE_EQ(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_PRIVILEGED_PORT);
    PF_ASSERT_NOT_NULL_FATAL(f);
    FX_ASSERT_EVIDENCE(f, "port 80 < net.ipv4.ip_unprivileged_port_start"
                          "=1024");
    FX_ASSERT_EVIDENCE(f, "euid 1000");
    FX_ASSERT_EVIDENCE(f, "CAP_NET_BIND_SERVICE is missing");
    FX_ASSERT_COMMAND(f, "setcap cap_net_bind_service=+ep /usr/sbin/nginx");
    FX_ASSERT_COMMAND(f, "sysctl net.ipv4.ip_unprivileged_port_start=80");
    FX_ASSERT_COMMAND(f, "/etc/sysctl.d/");
    FX_ASSERT_COMMAND(f, "listen 127.0.0.1:8080;");
    PF_ASSERT_NOT_NULL(fx_remedy(f, "run-as-root"));
    PF_ASSERT_NULL(fx_remedy(f, "ambient-capability"));
}

/* EACCES comes before EADDRINUSE: with a socket on the port, the port
 * is held, and setcap or a sysctl would change nothing. */
static void
test_privileged_but_held(void)
{
    pf_check_t    *c = privileged80();
    pf_listener_t *l = fx_listener(c, "0.0.0.0", 0, -1);
    pf_finding_t  *f;

    l->pids_visible = 0;
    c->facts.listeners_known = PF_KNOWN_YES;
    fx_diagnose(c);
    PF_ASSERT_NULL(fx_finding(c, PF_CAUSE_PRIVILEGED_PORT));
    f = fx_finding(c, PF_CAUSE_PROCESS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_STR_EQ(f->summary, "port 80: a process of user root "
                     "(uid 0) holds it; run as root to name it");
}

static void
test_privileged_server_exe_and_unit(void)
{
    pf_check_t   *c = privileged80();
    pf_finding_t *f;

    fx_r->ctx.server = PF_SERVER_APACHE;
    fx_r->ctx.server_exe = "/opt/httpd/bin/httpd";
    fx_r->host.systemd = 1;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PRIVILEGED_PORT);
    FX_ASSERT_COMMAND(f, "setcap cap_net_bind_service=+ep "
                         "/opt/httpd/bin/httpd");
    FX_ASSERT_COMMAND(f, "systemctl edit apache2.service");
}

static void
test_privileged_other_port_stays_unprivileged(void)
{
    pf_check_t *c = privileged80();

    c->facts.free_port_nearby = 81;
    fx_diagnose(c);
    PF_ASSERT_NULL(fx_remedy(fx_finding(c, PF_CAUSE_PRIVILEGED_PORT),
                             "other-port"));
}

static void
test_privileged_not_for_root(void)
{
    pf_check_t *c = privileged80();

    fx_r->host.is_admin = 1;
    fx_diagnose(c);
    PF_ASSERT_NULL(fx_finding(c, PF_CAUSE_PRIVILEGED_PORT));
    PF_ASSERT_NOT_NULL(fx_finding(c, PF_CAUSE_UNKNOWN));
}

static CU_TestInfo privileged_tests[] = {
    { "nginx as a user", test_privileged_nginx },
    { "held: a holder, not privilege", test_privileged_but_held },
    { "server exe and systemd unit", test_privileged_server_exe_and_unit },
    { "other port must be unprivileged",
      test_privileged_other_port_stays_unprivileged },
    { "not for root", test_privileged_not_for_root },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "privileged-port", NULL, NULL, fx_setup, fx_teardown,
      privileged_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
