/*
 * portproxy (pf_rule_portproxy.c): IP Helper holds the port for a
 * netsh portproxy rule (registry values read by the real parser).
 * Facts built by hand (test_diag_fixture.h, test_diag_winfixture.h); the
 * replayed captures of this cause are in tests/cases/ (docs/WHERE.md).
 */
#include "test_diag_fixture.h"
#include "test_diag_winfixture.h"

static pf_process_t *
iphlpsvc_holder(pf_check_t *c, const char *addr, long pid)
{
    pf_process_t *p;

    fx_listener(c, addr, -1, pid);
    p = fx_process(c, pid, "svchost.exe");
    p->exe = "C:\\Windows\\system32\\svchost.exe";
    fx_push_str(&p->services, "iphlpsvc");
    return p;
}

static void
add_portproxy(pf_check_t *c, const char *name, const char *data)
{
    pf_portproxy_t *pp = pf_array_push(&c->facts.portproxies);
    pf_error_t      err;

    PF_ASSERT_NOT_NULL_FATAL(pp);
    PF_ASSERT_EQ_FATAL(pf_netsh_portproxy_entry(fx_r->pool, "v4tov4",
                       name, data, pp, &err), PF_OK);
    c->facts.portproxy_known = PF_KNOWN_YES;
}

/* nycksw/pub: netsh portproxy 192.168.50.64:2222 -> 10.4.50.215:22. */
static void
test_portproxy_rule(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:2222", PF_STATUS_IN_USE,
                               PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_finding_t *f;

    iphlpsvc_holder(c, "192.168.50.64", 3104);
    add_portproxy(c, "192.168.50.64/2222", "10.4.50.215/22");
    fx_diagnose(c);
    PF_ASSERT_SIZE_EQ(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_PORTPROXY);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_SURE);
    PF_ASSERT_STR(f->summary, "port 2222 is held by IP Helper (iphlpsvc, "
                  "svchost.exe PID 3104) for the portproxy rule v4tov4 "
                  "192.168.50.64:2222 -> 10.4.50.215:22");
    FX_ASSERT_COMMAND(f, "netsh interface portproxy delete v4tov4 "
                         "listenport=2222 listenaddress=192.168.50.64");
    FX_ASSERT_COMMAND(f, "netsh interface portproxy show all");
    PF_ASSERT_NULL(fx_finding(c, PF_CAUSE_PROCESS));
    CU_ASSERT_FALSE(fx_has_action(c, PF_ACTION_STOP_SERVICE));
    CU_ASSERT_FALSE(fx_has_action(c, PF_ACTION_DISABLE_SERVICE));
    CU_ASSERT_FALSE(fx_has_command(f, "net stop"));
}

/* Hand-written: a listen address no command may carry is not put into
 * the delete command; the rule is still named. */
static void
test_portproxy_odd_address(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:8080", PF_STATUS_IN_USE,
                               PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_finding_t *f;

    iphlpsvc_holder(c, "0.0.0.0", 3104);
    add_portproxy(c, "a&calc/8080", "10.0.0.1/80");
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PORTPROXY);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_NULL(fx_remedy(f, "delete-portproxy"));
    CU_ASSERT_FALSE(fx_has_command(f, "calc"));
    FX_ASSERT_COMMAND(f, "netsh interface portproxy show all");
}

/* Hand-written: rules unreadable; IP Helper is still not stopped. */
static void
test_portproxy_rules_unknown(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:8080", PF_STATUS_IN_USE,
                               PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_finding_t *f;

    iphlpsvc_holder(c, "0.0.0.0", 3104);
    c->facts.portproxy_known = PF_KNOWN_FAILED;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PORTPROXY);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_LIKELY);
    CU_ASSERT_FALSE(fx_has_action(c, PF_ACTION_STOP_SERVICE));
}

/* Hand-written: rules known, none on the port: IP Helper holds it for
 * something else, which the process rule names as usual. */
static void
test_portproxy_rules_known_elsewhere(void)
{
    pf_check_t *c = fx_check("0.0.0.0:8080", PF_STATUS_IN_USE,
                             PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);

    iphlpsvc_holder(c, "0.0.0.0", 3104);
    add_portproxy(c, "0.0.0.0/9999", "192.168.1.101/22");
    fx_diagnose(c);
    PF_ASSERT_NULL(fx_finding(c, PF_CAUSE_PORTPROXY));
    PF_ASSERT_NOT_NULL(fx_finding(c, PF_CAUSE_PROCESS));
}

static CU_TestInfo portproxy_tests[] = {
    { "portproxy rule on the port", test_portproxy_rule },
    { "portproxy rules unreadable", test_portproxy_rules_unknown },
    { "portproxy: an odd listen address", test_portproxy_odd_address },
    { "portproxy rules elsewhere", test_portproxy_rules_known_elsewhere },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "portproxy", NULL, NULL, fx_win_setup, fx_teardown, portproxy_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
