/*
 * The parsers behind the Windows owners and port ranges, on real captures
 * (tests/unit/data/netsh/SOURCES-ranges.md, tests/unit/data/wslconfig/):
 * dynamic and excluded port ranges, .wslconfig, portproxy registry values;
 * and the JSON names of the causes those facts lead to.  The rules that
 * read these facts have their own files (test_rule_excluded_range.c,
 * test_rule_portproxy.c, test_rule_wsl.c, test_rule_docker_desktop.c,
 * test_rule_inherited.c).
 */
#include "test_diag_fixture.h"
#include "test_diag_winfixture.h"

static int
wslconfig(const char *text, size_t len)
{
    pf_error_t err;
    int        mirrored = -1;

    memset(&err, 0, sizeof(err));
    PF_ASSERT_EQ(pf_netsh_wslconfig_mirrored(fx_r->pool, text, len,
                                             &mirrored, &err), PF_OK);
    return mirrored;
}

static void
test_parse_dynamicport(void)
{
    pf_port_range_t *r;

    fx_host_dynamic("dynamicport_en_1024.txt");      /* microsoft/WSL#40984 */
    fx_host_dynamic("dynamicport_en_default.txt");   /* usbipd-win#53 */
    r = &PF_ARRAY_AT(&fx_r->host.dynamic_ranges, pf_port_range_t, 0);
    PF_ASSERT_EQ(r->start, 1024);
    PF_ASSERT_EQ(r->end, 1024 + 13977 - 1);
    r = &PF_ARRAY_AT(&fx_r->host.dynamic_ranges, pf_port_range_t, 1);
    PF_ASSERT_EQ(r->start, 49152);
    PF_ASSERT_EQ(r->end, 65535);
}

/* Hand-written: shapes that are not a dynamic port range. */
static void
test_parse_dynamicport_bad(void)
{
    static const char *bad[] = {
        "",
        "The requested operation requires elevation.\r\n",
        "Protocol tcp Dynamic Port Range\r\n----\r\nStart Port : 49152\r\n",
        "Start Port : 60000\r\nNumber of Ports : 16384\r\n",
        "Start Port : 0\r\nNumber of Ports : 10\r\n",
        NULL
    };
    pf_port_range_t r;
    pf_error_t      err;
    int             i;

    for (i = 0; bad[i] != NULL; i++) {
        memset(&err, 0, sizeof(err));
        PF_ASSERT_EQ(pf_netsh_parse_dynamicport(fx_r->pool, bad[i],
                     strlen(bad[i]), PF_FAMILY_INET, &r, &err),
                     PF_ERROR);
        PF_ASSERT_NE(err.message[0], '\0');
    }
    /* hand-written: a fullwidth colon, as CJK translations may print */
    PF_ASSERT_EQ(pf_netsh_parse_dynamicport(fx_r->pool,
                 "X\xef\xbc\x9a 1024\r\nY\xef\xbc\x9a 64511\r\n", 27,
                 PF_FAMILY_INET6, &r, &err), PF_OK);
    PF_ASSERT_EQ(r.start, 1024);
    PF_ASSERT_EQ(r.end, 65534);
}

/* microsoft/WSL#40984, Chinese labels, cp936 */
static void
test_parse_dynamicport_zh(void)
{
    pf_port_range_t *r;

    fx_host_dynamic("dynamicport_zh_cp936.txt");
    r = &PF_ARRAY_AT(&fx_r->host.dynamic_ranges, pf_port_range_t, 0);
    PF_ASSERT_EQ(r->start, 1024);
    PF_ASSERT_EQ(r->end, 15000);
}

static void
test_parse_wslconfig(void)
{
    static const char *real[] = {
        "../wslconfig/mirrored_40984.wslconfig",
        "../wslconfig/mirrored_41251.wslconfig",
        "../wslconfig/mirrored_experimental_4150.wslconfig", NULL
    };
    /* hand-written: NAT, commented out, another section, empty */
    static const char *no[] = {
        "[wsl2]\nmemory=8GB\nnetworkingMode=NAT\n",
        "[wsl2]\n# networkingMode=mirrored\n",
        "[boot]\nnetworkingMode=mirrored\n",
        "networkingMode=mirrored\n",
        "", NULL
    };
    /* hand-written: Notepad's UTF-16LE with a BOM, CRLF, odd spacing */
    static const char utf16[] =
        "\xff\xfe[\0w\0s\0l\0""2\0]\0\r\0\n\0n\0""e\0t\0w\0o\0r\0"
        "k\0i\0n\0g\0M\0o\0d\0""e\0 \0=\0 \0M\0i\0r\0r\0o\0r\0"
        "e\0""d\0\r\0\n\0";
    size_t len;
    int    i;

    for (i = 0; real[i] != NULL; i++) {
        const char *text = fx_capture(real[i], &len);

        PF_ASSERT_EQ(wslconfig(text, len), 1);
    }
    for (i = 0; no[i] != NULL; i++) {
        PF_ASSERT_EQ(wslconfig(no[i], strlen(no[i])), 0);
    }
    PF_ASSERT_EQ(wslconfig(utf16, sizeof(utf16) - 1), 1);
}

static void
test_parse_excluded_real(void)
{
    const pf_array_t *rs = &fx_r->host.excluded_ranges;
    pf_port_range_t  *last;

    fx_host_excluded("excluded_ko_cp949.txt");       /* cb-coffeehouse#81 */
    PF_ASSERT_SIZE_EQ_FATAL(rs->nelts, 10);
    last = &PF_ARRAY_AT(rs, pf_port_range_t, 9);
    PF_ASSERT_EQ(last->start, 50000);
    CU_ASSERT(last->administered);
    CU_ASSERT_FALSE(PF_ARRAY_AT(rs, pf_port_range_t, 2).administered);
    fx_host_excluded("excluded_zh.txt");             /* WhimboxLauncher#21 */
    PF_ASSERT_SIZE_EQ(rs->nelts, 10 + 18);
    fx_host_excluded("excluded_en_docker11584.txt"); /* docker/for-win#11584 */
    PF_ASSERT_SIZE_EQ(rs->nelts, 10 + 18 + 10);
}

static void
test_parse_portproxy(void)
{
    pf_portproxy_t pp;
    pf_error_t     err;

    memset(&err, 0, sizeof(err));
    /* the reged export quoted in SOURCES-ranges.md */
    PF_ASSERT_EQ_FATAL(pf_netsh_portproxy_entry(fx_r->pool, "v4tov4",
                       "0.0.0.0/9999", "192.168.1.101/22", &pp, &err),
                       PF_OK);
    PF_ASSERT_STR(pp.listen_address, "0.0.0.0");
    PF_ASSERT_EQ(pp.listen_port, 9999);
    PF_ASSERT_STR(pp.connect_address, "192.168.1.101");
    PF_ASSERT_EQ(pp.connect_port, 22);
    /* hand-written: IPv6 listen address, and values that are no rule */
    PF_ASSERT_EQ(pf_netsh_portproxy_entry(fx_r->pool, "v6tov4",
                 "::1/8080", "127.0.0.1/80", &pp, &err), PF_OK);
    PF_ASSERT_STR(pp.listen_address, "::1");
    PF_ASSERT_EQ(pf_netsh_portproxy_entry(fx_r->pool, "v4tov4",
                 "0.0.0.0", "1.2.3.4/1", &pp, &err), PF_ERROR);
    PF_ASSERT_EQ(pf_netsh_portproxy_entry(fx_r->pool, "v4tov4",
                 "0.0.0.0/70000", "1.2.3.4/1", &pp, &err), PF_ERROR);
    PF_ASSERT_EQ(pf_netsh_portproxy_entry(fx_r->pool, "v4tov4",
                 "0.0.0.0/80", "1.2.3.4/x", &pp, &err), PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, "CONNECTADDRESS/CONNECTPORT");
}

static void
test_cause_names(void)
{
    PF_ASSERT_STR(pf_cause_name(PF_CAUSE_PORTPROXY), "portproxy");
    PF_ASSERT_STR(pf_cause_name(PF_CAUSE_WSL), "wsl");
    PF_ASSERT_STR(pf_cause_name(PF_CAUSE_DOCKER_DESKTOP), "docker-desktop");
    PF_ASSERT_STR(pf_cause_name(PF_CAUSE_INHERITED), "inherited");
}

static CU_TestInfo parser_tests[] = {
    { "dynamic port range (real captures)", test_parse_dynamicport },
    { "dynamic port range: bad input", test_parse_dynamicport_bad },
    { "dynamic port range: Chinese cp936", test_parse_dynamicport_zh },
    { ".wslconfig: mirrored networking", test_parse_wslconfig },
    { "excluded ranges: Korean cp949, Chinese, Docker",
      test_parse_excluded_real },
    { "portproxy registry values", test_parse_portproxy },
    CU_TEST_INFO_NULL
};

static CU_TestInfo name_tests[] = {
    { "cause names", test_cause_names },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "parsers (ranges, portproxy)", NULL, NULL, fx_win_setup, fx_teardown,
      parser_tests },
    { "Windows owners", NULL, NULL, fx_win_setup, fx_teardown, name_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
