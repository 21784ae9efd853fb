/*
 * excluded-range (pf_rule_excluded_range.c): the port lies in an
 * excluded port range: ranges built by hand, and ranges read from real
 * captures (tests/unit/data/netsh/SOURCES-ranges.md) with the dynamic range.
 * Facts built by hand (test_diag_fixture.h, test_diag_winfixture.h); the
 * replayed captures of this cause are in tests/cases/ (docs/WHERE.md).
 */
#include "test_diag_fixture.h"
#include "test_diag_winfixture.h"

static void
add_range(unsigned start, unsigned end, int administered)
{
    pf_port_range_t *r = pf_array_push(&fx_r->host.excluded_ranges);

    PF_ASSERT_NOT_NULL_FATAL(r);
    r->start = start;
    r->end = end;
    r->family = PF_FAMILY_INET;
    r->administered = administered;
    fx_r->host.excluded_known = PF_KNOWN_YES;
}

static void
test_excluded_known_range(void)
{
    pf_check_t   *c = fx_denied_nobody(50000);
    pf_finding_t *f;

    add_range(1000, 1099, 0);
    add_range(49990, 50089, 0);
    fx_r->host.winnat = 1;
    fx_diagnose(c);
    PF_ASSERT_SIZE_EQ(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_EXCLUDED_RANGE);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_SURE);
    PF_ASSERT_CONTAINS(f->summary, "49990-50089");
    FX_ASSERT_COMMAND(f, "net stop winnat");
    FX_ASSERT_COMMAND(f, "net start winnat");
    FX_ASSERT_COMMAND(f, "netsh int ipv4 add excludedportrange protocol=tcp "
                         "startport=50000 numberofports=1");
    PF_ASSERT_NOT_NULL(fx_remedy(f, "other-port"));
}

static void
test_excluded_administered(void)
{
    pf_check_t   *c = fx_denied_nobody(50000);
    pf_finding_t *f;

    /* an administered range lets programs bind: it explains nothing */
    add_range(50000, 50059, 1);
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_EXCLUDED_RANGE);
    PF_ASSERT_NULL(f);
    PF_ASSERT_NOT_NULL(fx_finding(c, PF_CAUSE_UNKNOWN));
}

static void
test_excluded_ranges_unknown(void)
{
    pf_check_t   *c = fx_denied_nobody(80);
    pf_finding_t *f;

    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_EXCLUDED_RANGE);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_POSSIBLE);
    PF_ASSERT_CONTAINS(f->summary, "possibly");
    FX_ASSERT_COMMAND(f, "netsh interface ipv4 show excludedportrange "
                         "protocol=tcp");
}

static void
test_excluded_ranges_known_elsewhere(void)
{
    pf_check_t *c = fx_denied_nobody(80);

    add_range(49990, 50089, 0);
    fx_diagnose(c);
    PF_ASSERT_NULL(fx_finding(c, PF_CAUSE_EXCLUDED_RANGE));
    PF_ASSERT_NOT_NULL(fx_finding(c, PF_CAUSE_UNKNOWN));
}

static void
test_excluded_not_with_a_listener(void)
{
    pf_check_t *c = fx_denied_nobody(50000);

    add_range(49990, 50089, 0);
    fx_listener(c, "0.0.0.0", -1, 4);
    fx_diagnose(c);
    PF_ASSERT_NULL(fx_finding(c, PF_CAUSE_EXCLUDED_RANGE));
    PF_ASSERT_NOT_NULL(fx_finding(c, PF_CAUSE_HTTPSYS));
}

/* cb-coffeehouse#81: 13600 lies in a range the system took, and the
 * dynamic range starts at 1024 (WSL#40984). */
static void
test_excluded_dynamic_range(void)
{
    pf_check_t   *c = fx_denied_nobody(13600);
    pf_finding_t *f;
    pf_remedy_t  *r;

    fx_host_excluded("excluded_ko_cp949.txt");
    fx_host_dynamic("dynamicport_en_1024.txt");
    fx_r->host.winnat = 1;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_EXCLUDED_RANGE);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_SURE);
    PF_ASSERT_CONTAINS(f->summary, "port 13600 is inside the excluded port "
                                   "range 13543-13642");
    FX_ASSERT_EVIDENCE(f, "the TCP dynamic port range is 1024-15000");
    r = fx_remedy(f, "dynamic-range");
    PF_ASSERT_NOT_NULL_FATAL(r);
    PF_ASSERT_EQ(r->action, PF_ACTION_NONE);
    PF_ASSERT_CONTAINS(r->summary, "restart Windows");
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "netsh int ipv4 set dynamic tcp start=49152 num=16384");
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 1),
                  "netsh int ipv6 set dynamic tcp start=49152 num=16384");
    FX_ASSERT_COMMAND(f, "net stop winnat");
    CU_ASSERT_FALSE(fx_has_action(c, PF_ACTION_STOP_SERVICE));
}

/* The same host: 50010 is only in the administered range 50000-50059 *,
 * which does not keep a program from binding: no excluded-range cause. */
static void
test_excluded_administered_is_no_cause(void)
{
    pf_check_t *c = fx_denied_nobody(50010);

    fx_host_excluded("excluded_ko_cp949.txt");
    fx_diagnose(c);
    PF_ASSERT_NULL(fx_finding(c, PF_CAUSE_EXCLUDED_RANGE));
    PF_ASSERT_NOT_NULL(fx_finding(c, PF_CAUSE_UNKNOWN));
}

/* A default dynamic range (usbipd-win#53) is not blamed, and WinNAT's
 * commands are not offered where WinNAT is not installed. */
static void
test_excluded_default_dynamic_no_winnat(void)
{
    pf_check_t   *c = fx_denied_nobody(49200);
    pf_finding_t *f;

    fx_host_excluded("excluded_en_docker11584.txt");
    fx_host_dynamic("dynamicport_en_default.txt");
    fx_r->host.winnat = 0;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_EXCLUDED_RANGE);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "49177-49276");
    PF_ASSERT_NULL(fx_remedy(f, "dynamic-range"));
    PF_ASSERT_NULL(fx_remedy(f, "restart-winnat"));
    CU_ASSERT_FALSE(fx_has_command(f, "winnat"));
    FX_ASSERT_EVIDENCE(f, "WinNAT service is not installed");
    PF_ASSERT_NOT_NULL(fx_remedy(f, "other-port"));
}

/* Ranges unknown, dynamic range known to start at 1024: the possible
 * finding still says so. */
static void
test_excluded_unknown_dynamic_known(void)
{
    pf_check_t   *c = fx_denied_nobody(8080);
    pf_finding_t *f;

    fx_host_dynamic("dynamicport_en_1024.txt");
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_EXCLUDED_RANGE);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_POSSIBLE);
    PF_ASSERT_NOT_NULL(fx_remedy(f, "dynamic-range"));
}

/* docker/for-win#1707: WinNAT took 80 for a Windows container; nginx on
 * port 80 is denied, WinNAT is installed there. */
static void
test_excluded_port80_winnat(void)
{
    pf_check_t   *c = fx_denied_nobody(80);
    pf_finding_t *f;

    fx_host_excluded("excluded_en_docker1707.txt");
    fx_r->host.winnat = 1;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_EXCLUDED_RANGE);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_SURE);
    PF_ASSERT_CONTAINS(f->summary, "port 80 is inside the excluded port "
                                   "range 80-80");
    FX_ASSERT_COMMAND(f, "net stop winnat");
    PF_ASSERT_NULL(fx_remedy(f, "dynamic-range"));   /* not known */
}

static CU_TestInfo excluded_tests[] = {
    { "inside a known range", test_excluded_known_range },
    { "administered range", test_excluded_administered },
    { "ranges unknown: possible", test_excluded_ranges_unknown },
    { "ranges known, none covers", test_excluded_ranges_known_elsewhere },
    { "not when something listens", test_excluded_not_with_a_listener },
    CU_TEST_INFO_NULL
};

static CU_TestInfo capture_tests[] = {
    { "system range + dynamic range from 1024", test_excluded_dynamic_range },
    { "administered range is no cause",
      test_excluded_administered_is_no_cause },
    { "default dynamic range, no WinNAT",
      test_excluded_default_dynamic_no_winnat },
    { "ranges unknown, dynamic known", test_excluded_unknown_dynamic_known },
    { "WinNAT took port 80 (docker/for-win#1707)",
      test_excluded_port80_winnat },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "excluded-range", NULL, NULL, fx_win_setup, fx_teardown,
      excluded_tests },
    { "excluded and dynamic ranges", NULL, NULL, fx_win_setup, fx_teardown,
      capture_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
