/*
 * Windows owners beyond HTTP.sys, and excluded / dynamic port ranges:
 * facts from real captures fed through the real parsers where a capture
 * exists (tests/unit/data/netsh/SOURCES-ranges.md), otherwise built by
 * hand (each such test says so).
 */
#include <stdlib.h>

#include "test_diag_fixture.h"
#include "diagnose/pf_diagnose.h"
#include "netsh/pf_netsh.h"

#ifndef PF_TEST_SRCDIR
#define PF_TEST_SRCDIR "."
#endif

#define WSAEACCES       10013
#define WSAEADDRINUSE   10048

static void
win_setup(void)
{
    fx_setup();
    fx_r->host.platform = "windows";
    fx_r->host.euid = -1;
    fx_r->host.unprivileged_port_start = -1;
    fx_r->host.cap_net_bind_service = -1;
    fx_r->host.is_admin = 1;
}

/* A capture from tests/unit/data/netsh/ (or, named "../x", a sibling
 * folder), in the report's pool. */
static const char *
capture(const char *name, size_t *len)
{
    char  path[1024];
    char *data;
    FILE *f;
    long  n;

    snprintf(path, sizeof(path), "%s/tests/unit/data/netsh/%s",
             PF_TEST_SRCDIR, name);
    f = fopen(path, "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    data = pf_palloc(fx_r->pool, (size_t) n + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data);
    CU_ASSERT_EQUAL_FATAL(fread(data, 1, (size_t) n, f), (size_t) n);
    fclose(f);
    *len = (size_t) n;
    return data;
}

/* The host's excluded ranges from a capture, as pf_win_netsh does. */
static void
host_excluded(const char *name)
{
    pf_error_t  err;
    size_t      len;
    const char *text = capture(name, &len);

    memset(&err, 0, sizeof(err));
    CU_ASSERT_EQUAL_FATAL(pf_netsh_parse_excluded(fx_r->pool, text, len,
                          PF_FAMILY_INET, &fx_r->host.excluded_ranges,
                          &err), PF_OK);
    fx_r->host.excluded_known = PF_KNOWN_YES;
}

static void
host_dynamic(const char *name)
{
    pf_error_t       err;
    size_t           len;
    const char      *text = capture(name, &len);
    pf_port_range_t *r = pf_array_push(&fx_r->host.dynamic_ranges);

    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    memset(&err, 0, sizeof(err));
    CU_ASSERT_EQUAL_FATAL(pf_netsh_parse_dynamicport(fx_r->pool, text, len,
                          PF_FAMILY_INET, r, &err), PF_OK);
    fx_r->host.dynamic_known = PF_KNOWN_YES;
}

static pf_check_t *
denied_nobody(unsigned port)
{
    char        spec[32];
    pf_check_t *c;

    snprintf(spec, sizeof(spec), "0.0.0.0:%u", port);
    c = fx_check(spec, PF_STATUS_DENIED, PF_ERRSPACE_WINSOCK, WSAEACCES);
    c->facts.free_port_nearby = port + 1000;
    return c;
}

static int
has_action(const pf_check_t *c, pf_action_t action)
{
    size_t i, j;

    for (i = 0; i < c->findings.nelts; i++) {
        const pf_finding_t *f = &PF_ARRAY_AT(&c->findings, pf_finding_t, i);

        for (j = 0; j < f->remedies.nelts; j++) {
            if (PF_ARRAY_AT(&f->remedies, pf_remedy_t, j).action == action) {
                return 1;
            }
        }
    }
    return 0;
}

/* ---- parsers -------------------------------------------------------- */

static void
test_parse_dynamicport(void)
{
    pf_port_range_t *r;

    host_dynamic("dynamicport_en_1024.txt");      /* microsoft/WSL#40984 */
    host_dynamic("dynamicport_en_default.txt");   /* usbipd-win#53 */
    r = &PF_ARRAY_AT(&fx_r->host.dynamic_ranges, pf_port_range_t, 0);
    CU_ASSERT_EQUAL(r->start, 1024);
    CU_ASSERT_EQUAL(r->end, 1024 + 13977 - 1);
    r = &PF_ARRAY_AT(&fx_r->host.dynamic_ranges, pf_port_range_t, 1);
    CU_ASSERT_EQUAL(r->start, 49152);
    CU_ASSERT_EQUAL(r->end, 65535);
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
        CU_ASSERT_EQUAL(pf_netsh_parse_dynamicport(fx_r->pool, bad[i],
                        strlen(bad[i]), PF_FAMILY_INET, &r, &err),
                        PF_ERROR);
        CU_ASSERT(err.message[0] != '\0');
    }
    /* hand-written: a fullwidth colon, as CJK translations may print */
    CU_ASSERT_EQUAL(pf_netsh_parse_dynamicport(fx_r->pool,
                    "X\xef\xbc\x9a 1024\r\nY\xef\xbc\x9a 64511\r\n", 27,
                    PF_FAMILY_INET6, &r, &err), PF_OK);
    CU_ASSERT_EQUAL(r.start, 1024);
    CU_ASSERT_EQUAL(r.end, 65534);
}

/* microsoft/WSL#40984, Chinese labels, cp936 */
static void
test_parse_dynamicport_zh(void)
{
    pf_port_range_t *r;

    host_dynamic("dynamicport_zh_cp936.txt");
    r = &PF_ARRAY_AT(&fx_r->host.dynamic_ranges, pf_port_range_t, 0);
    CU_ASSERT_EQUAL(r->start, 1024);
    CU_ASSERT_EQUAL(r->end, 15000);
}

static int
wslconfig(const char *text, size_t len)
{
    pf_error_t err;
    int        mirrored = -1;

    memset(&err, 0, sizeof(err));
    CU_ASSERT_EQUAL(pf_netsh_wslconfig_mirrored(fx_r->pool, text, len,
                                                &mirrored, &err), PF_OK);
    return mirrored;
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
        const char *text = capture(real[i], &len);

        CU_ASSERT_EQUAL(wslconfig(text, len), 1);
    }
    for (i = 0; no[i] != NULL; i++) {
        CU_ASSERT_EQUAL(wslconfig(no[i], strlen(no[i])), 0);
    }
    CU_ASSERT_EQUAL(wslconfig(utf16, sizeof(utf16) - 1), 1);
}

static void
test_parse_excluded_real(void)
{
    const pf_array_t *rs = &fx_r->host.excluded_ranges;
    pf_port_range_t  *last;

    host_excluded("excluded_ko_cp949.txt");       /* cb-coffeehouse#81 */
    CU_ASSERT_EQUAL_FATAL(rs->nelts, 10);
    last = &PF_ARRAY_AT(rs, pf_port_range_t, 9);
    CU_ASSERT_EQUAL(last->start, 50000);
    CU_ASSERT(last->administered);
    CU_ASSERT_FALSE(PF_ARRAY_AT(rs, pf_port_range_t, 2).administered);
    host_excluded("excluded_zh.txt");             /* WhimboxLauncher#21 */
    CU_ASSERT_EQUAL(rs->nelts, 10 + 18);
    host_excluded("excluded_en_docker11584.txt"); /* docker/for-win#11584 */
    CU_ASSERT_EQUAL(rs->nelts, 10 + 18 + 10);
}

static void
test_parse_portproxy(void)
{
    pf_portproxy_t pp;
    pf_error_t     err;

    memset(&err, 0, sizeof(err));
    /* the reged export quoted in SOURCES-ranges.md */
    CU_ASSERT_EQUAL_FATAL(pf_netsh_portproxy_entry(fx_r->pool, "v4tov4",
                          "0.0.0.0/9999", "192.168.1.101/22", &pp, &err),
                          PF_OK);
    PF_ASSERT_STR(pp.listen_address, "0.0.0.0");
    CU_ASSERT_EQUAL(pp.listen_port, 9999);
    PF_ASSERT_STR(pp.connect_address, "192.168.1.101");
    CU_ASSERT_EQUAL(pp.connect_port, 22);
    /* hand-written: IPv6 listen address, and values that are no rule */
    CU_ASSERT_EQUAL(pf_netsh_portproxy_entry(fx_r->pool, "v6tov4",
                    "::1/8080", "127.0.0.1/80", &pp, &err), PF_OK);
    PF_ASSERT_STR(pp.listen_address, "::1");
    CU_ASSERT_EQUAL(pf_netsh_portproxy_entry(fx_r->pool, "v4tov4",
                    "0.0.0.0", "1.2.3.4/1", &pp, &err), PF_ERROR);
    CU_ASSERT_EQUAL(pf_netsh_portproxy_entry(fx_r->pool, "v4tov4",
                    "0.0.0.0/70000", "1.2.3.4/1", &pp, &err), PF_ERROR);
    CU_ASSERT_EQUAL(pf_netsh_portproxy_entry(fx_r->pool, "v4tov4",
                    "0.0.0.0/80", "1.2.3.4/x", &pp, &err), PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, "CONNECTADDRESS/CONNECTPORT");
}

/* ---- excluded and dynamic ranges, from real captures ---------------- */

/* cb-coffeehouse#81: 13600 lies in a range the system took, and the
 * dynamic range starts at 1024 (WSL#40984). */
static void
test_excluded_dynamic_range(void)
{
    pf_check_t   *c = denied_nobody(13600);
    pf_finding_t *f;
    pf_remedy_t  *r;

    host_excluded("excluded_ko_cp949.txt");
    host_dynamic("dynamicport_en_1024.txt");
    fx_r->host.winnat = 1;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_EXCLUDED_RANGE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_SURE);
    PF_ASSERT_CONTAINS(f->summary, "port 13600 is inside the excluded port "
                                   "range 13543-13642");
    FX_ASSERT_EVIDENCE(f, "the TCP dynamic port range is 1024-15000");
    r = fx_remedy(f, "dynamic-range");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->action, PF_ACTION_NONE);
    PF_ASSERT_CONTAINS(r->summary, "restart Windows");
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "netsh int ipv4 set dynamic tcp start=49152 num=16384");
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 1),
                  "netsh int ipv6 set dynamic tcp start=49152 num=16384");
    FX_ASSERT_COMMAND(f, "net stop winnat");
    CU_ASSERT_FALSE(has_action(c, PF_ACTION_STOP_SERVICE));
}

/* The same host: 50010 is only in the administered range 50000-50059 *,
 * which does not keep a program from binding: no excluded-range cause. */
static void
test_excluded_administered_is_no_cause(void)
{
    pf_check_t *c = denied_nobody(50010);

    host_excluded("excluded_ko_cp949.txt");
    fx_diagnose(c);
    CU_ASSERT_PTR_NULL(fx_finding(c, PF_CAUSE_EXCLUDED_RANGE));
    CU_ASSERT_PTR_NOT_NULL(fx_finding(c, PF_CAUSE_UNKNOWN));
}

/* A default dynamic range (usbipd-win#53) is not blamed, and WinNAT's
 * commands are not offered where WinNAT is not installed. */
static void
test_excluded_default_dynamic_no_winnat(void)
{
    pf_check_t   *c = denied_nobody(49200);
    pf_finding_t *f;

    host_excluded("excluded_en_docker11584.txt");
    host_dynamic("dynamicport_en_default.txt");
    fx_r->host.winnat = 0;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_EXCLUDED_RANGE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "49177-49276");
    CU_ASSERT_PTR_NULL(fx_remedy(f, "dynamic-range"));
    CU_ASSERT_PTR_NULL(fx_remedy(f, "restart-winnat"));
    CU_ASSERT_FALSE(fx_has_command(f, "winnat"));
    FX_ASSERT_EVIDENCE(f, "WinNAT service is not installed");
    CU_ASSERT_PTR_NOT_NULL(fx_remedy(f, "other-port"));
}

/* Ranges unknown, dynamic range known to start at 1024: the possible
 * finding still says so. */
static void
test_excluded_unknown_dynamic_known(void)
{
    pf_check_t   *c = denied_nobody(8080);
    pf_finding_t *f;

    host_dynamic("dynamicport_en_1024.txt");
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_EXCLUDED_RANGE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_POSSIBLE);
    CU_ASSERT_PTR_NOT_NULL(fx_remedy(f, "dynamic-range"));
}

/* docker/for-win#1707: WinNAT took 80 for a Windows container; nginx on
 * port 80 is denied, WinNAT is installed there. */
static void
test_excluded_port80_winnat(void)
{
    pf_check_t   *c = denied_nobody(80);
    pf_finding_t *f;

    host_excluded("excluded_en_docker1707.txt");
    fx_r->host.winnat = 1;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_EXCLUDED_RANGE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_SURE);
    PF_ASSERT_CONTAINS(f->summary, "port 80 is inside the excluded port "
                                   "range 80-80");
    FX_ASSERT_COMMAND(f, "net stop winnat");
    CU_ASSERT_PTR_NULL(fx_remedy(f, "dynamic-range"));   /* not known */
}

/* ---- portproxy ------------------------------------------------------ */

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

    CU_ASSERT_PTR_NOT_NULL_FATAL(pp);
    CU_ASSERT_EQUAL_FATAL(pf_netsh_portproxy_entry(fx_r->pool, "v4tov4",
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
    CU_ASSERT_EQUAL(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_PORTPROXY);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_SURE);
    PF_ASSERT_STR(f->summary, "port 2222 is held by IP Helper (iphlpsvc, "
                  "svchost.exe PID 3104) for the portproxy rule v4tov4 "
                  "192.168.50.64:2222 -> 10.4.50.215:22");
    FX_ASSERT_COMMAND(f, "netsh interface portproxy delete v4tov4 "
                         "listenport=2222 listenaddress=192.168.50.64");
    FX_ASSERT_COMMAND(f, "netsh interface portproxy show all");
    CU_ASSERT_PTR_NULL(fx_finding(c, PF_CAUSE_PROCESS));
    CU_ASSERT_FALSE(has_action(c, PF_ACTION_STOP_SERVICE));
    CU_ASSERT_FALSE(has_action(c, PF_ACTION_DISABLE_SERVICE));
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
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_PTR_NULL(fx_remedy(f, "delete-portproxy"));
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
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_LIKELY);
    CU_ASSERT_FALSE(has_action(c, PF_ACTION_STOP_SERVICE));
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
    CU_ASSERT_PTR_NULL(fx_finding(c, PF_CAUSE_PORTPROXY));
    CU_ASSERT_PTR_NOT_NULL(fx_finding(c, PF_CAUSE_PROCESS));
}

/* ---- WSL2, Docker Desktop, an inherited socket (hand-written) ------- */

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
    CU_ASSERT_EQUAL(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_WSL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    PF_ASSERT_STR(f->summary, "port 3000 is forwarded by WSL2 (wslrelay.exe, "
                  "PID 9120) to a Linux program listening on it inside WSL");
    FX_ASSERT_COMMAND(f, "wsl -- ss -ltnp \"sport = :3000\"");
    FX_ASSERT_COMMAND(f, "wsl --shutdown");
    CU_ASSERT_PTR_NULL(fx_remedy(f, "stop-process"));
    CU_ASSERT_PTR_NULL(fx_finding(c, PF_CAUSE_PROCESS));
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
    CU_ASSERT_EQUAL(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_WSL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_POSSIBLE);
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
    CU_ASSERT_PTR_NULL(fx_finding(c, PF_CAUSE_WSL));
    CU_ASSERT_PTR_NOT_NULL(fx_finding(c, PF_CAUSE_UNKNOWN));
}

static void
test_docker_desktop(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:8080", PF_STATUS_IN_USE,
                               PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_finding_t *f;

    fx_listener(c, "0.0.0.0", -1, 6400);
    fx_process(c, 6400, "com.docker.backend.exe");
    fx_diagnose(c);
    CU_ASSERT_EQUAL(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_DOCKER_DESKTOP);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "published by Docker Desktop "
                                   "(com.docker.backend.exe, PID 6400)");
    FX_ASSERT_COMMAND(f, "docker ps --filter publish=8080");
    CU_ASSERT_PTR_NULL(fx_remedy(f, "stop-process"));
}

static void
test_docker_desktop_vpnkit(void)
{
    pf_check_t *c = fx_check("0.0.0.0:5432", PF_STATUS_IN_USE,
                             PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);

    fx_listener(c, "0.0.0.0", -1, 6500);
    fx_process(c, 6500, "vpnkit.exe");
    fx_diagnose(c);
    CU_ASSERT_PTR_NOT_NULL(fx_finding(c, PF_CAUSE_DOCKER_DESKTOP));
    CU_ASSERT_PTR_NULL(fx_finding(c, PF_CAUSE_PROCESS));
}

static void
test_inherited_with_holder(void)
{
    pf_check_t    *c = fx_check("0.0.0.0:8080", PF_STATUS_IN_USE,
                                PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_listener_t *l = fx_listener(c, "0.0.0.0", -1, 7000);
    long          *pid = pf_array_push(&l->pids);
    pf_finding_t  *f;

    l->owner_gone = 1;
    *pid = 7100;
    fx_process(c, 7100, "node.exe");
    fx_diagnose(c);
    CU_ASSERT_EQUAL(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_INHERITED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_LIKELY);
    PF_ASSERT_STR(f->summary, "port 8080 is held by a socket whose owner, "
                  "PID 7000, has exited; possibly PID 7100 (node.exe), "
                  "which inherited it");
    FX_ASSERT_EVIDENCE(f, "no process with PID 7000 exists any more");
    FX_ASSERT_COMMAND(f, "taskkill /PID 7100");
    FX_ASSERT_COMMAND(f, "ParentProcessId=7000");
}

static void
test_inherited_unknown_child(void)
{
    pf_check_t    *c = fx_check("0.0.0.0:8080", PF_STATUS_IN_USE,
                                PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_listener_t *l = fx_listener(c, "0.0.0.0", -1, 7000);
    pf_finding_t  *f;

    l->owner_gone = 1;
    fx_diagnose(c);
    CU_ASSERT_EQUAL(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_INHERITED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "a process it started inherited the "
                                   "socket");
    CU_ASSERT_PTR_NULL(fx_remedy(f, "look"));
}

/* Hand-written: a service with a running dependent: net stop ... /y. */
static void
test_service_with_dependents(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:8080", PF_STATUS_IN_USE,
                               PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_process_t *p;
    pf_service_t *s;
    pf_finding_t *f;
    pf_remedy_t  *r;

    fx_listener(c, "0.0.0.0", -1, 2400);
    p = fx_process(c, 2400, "tomcat9.exe");
    fx_push_str(&p->services, "Tomcat9");
    s = pf_array_push(&c->facts.services);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    s->name = "Tomcat9";
    s->pid = 2400;
    s->running = 1;
    pf_array_init(&s->dependents, fx_r->pool, 0, sizeof(char *));
    fx_push_str(&s->dependents, "TomcatHelper");
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    r = fx_remedy(f, "stop-service");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "net stop Tomcat9 /y");
    PF_ASSERT_CONTAINS(r->summary, "first: TomcatHelper");
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

static CU_TestInfo range_tests[] = {
    { "system range + dynamic range from 1024",
      test_excluded_dynamic_range },
    { "administered range is no cause",
      test_excluded_administered_is_no_cause },
    { "default dynamic range, no WinNAT",
      test_excluded_default_dynamic_no_winnat },
    { "ranges unknown, dynamic known", test_excluded_unknown_dynamic_known },
    { "WinNAT took port 80 (docker/for-win#1707)",
      test_excluded_port80_winnat },
    CU_TEST_INFO_NULL
};

static CU_TestInfo owner_tests[] = {
    { "portproxy rule on the port", test_portproxy_rule },
    { "portproxy rules unreadable", test_portproxy_rules_unknown },
    { "portproxy: an odd listen address", test_portproxy_odd_address },
    { "portproxy rules elsewhere", test_portproxy_rules_known_elsewhere },
    { "WSL2 wslrelay", test_wsl_relay },
    { "WSL2 mirrored networking, no listener", test_wsl_mirrored },
    { "no mirrored networking: no WSL guess", test_wsl_not_mirrored },
    { "Docker Desktop backend", test_docker_desktop },
    { "Docker Desktop vpnkit", test_docker_desktop_vpnkit },
    { "inherited socket, child found", test_inherited_with_holder },
    { "inherited socket, child unknown", test_inherited_unknown_child },
    { "a service with dependents: net stop /y",
      test_service_with_dependents },
    { "cause names", test_cause_names },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "parsers (ranges, portproxy)", NULL, NULL, win_setup, fx_teardown,
      parser_tests },
    { "excluded and dynamic ranges", NULL, NULL, win_setup, fx_teardown,
      range_tests },
    { "Windows owners", NULL, NULL, win_setup, fx_teardown, owner_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
