/*
 * Diagnose on Windows-shaped facts, built by hand so they run on Linux:
 * HTTP.sys behind PID 4 (pf_rule_httpsys.c), excluded port ranges
 * (pf_rule_excluded_range.c), and an ordinary Windows service.
 */
#include "test_diag_fixture.h"
#include "diagnose/pf_diagnose.h"

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

/* 0.0.0.0:80 denied (nginx, SO_REUSEADDR), LISTEN row owned by PID 4. */
static pf_check_t *
httpsys80(const char *spec, long owner_pid)
{
    pf_check_t   *c = fx_check(spec, PF_STATUS_DENIED, PF_ERRSPACE_WINSOCK,
                               WSAEACCES);
    pf_process_t *p;

    fx_listener(c, "0.0.0.0", -1, owner_pid);
    p = fx_process(c, owner_pid, "System");
    p->kernel = 1;
    p->ppid = -1;
    c->facts.free_port_nearby = 8080;
    return c;
}

static pf_request_queue_t *
add_queue(pf_check_t *c, const char *url, long pid, const char *service)
{
    pf_request_queue_t *q = pf_array_push(&c->facts.httpsys.queues);
    long               *slot;

    CU_ASSERT_PTR_NOT_NULL_FATAL(q);
    pf_request_queue_init(q, fx_r->pool);
    q->name = "DefaultAppPool";
    fx_push_str(&q->urls, url);
    slot = pf_array_push(&q->pids);
    *slot = pid;
    if (service != NULL) {
        fx_push_str(&q->services, service);
    }
    c->facts.httpsys.queues_known = PF_KNOWN_YES;
    return q;
}

/* ---- httpsys -------------------------------------------------------- */

static void
test_httpsys_request_queue(void)
{
    pf_check_t   *c = httpsys80("0.0.0.0:80", 4);
    pf_finding_t *f;
    pf_remedy_t  *r;

    add_queue(c, "http://+:80/", 1234, "W3SVC");
    c->facts.httpsys.iplisten_known = PF_KNOWN_YES;
    fx_push_str(&c->facts.httpsys.dependents, "W3SVC");
    fx_push_str(&c->facts.httpsys.dependents, "WAS");
    c->facts.httpsys.server_header = "Microsoft-HTTPAPI/2.0";
    fx_diagnose(c);
    CU_ASSERT_EQUAL(c->findings.nelts, 1);      /* PID 4 is no "process" */
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_SURE);
    PF_ASSERT_CONTAINS(f->summary, "port 80 is held by HTTP.sys "
                                   "(kernel-mode listener, PID 4) for IIS");
    PF_ASSERT_CONTAINS(f->summary, "W3SVC");
    FX_ASSERT_EVIDENCE(f, "PID 4 (System)");
    FX_ASSERT_EVIDENCE(f, "request queue DefaultAppPool: PIDs 1234; "
                          "services W3SVC; URLs http://+:80/");
    FX_ASSERT_EVIDENCE(f, "iplisten list is empty");
    FX_ASSERT_EVIDENCE(f, "depend on HTTP: W3SVC, WAS");
    FX_ASSERT_EVIDENCE(f, "Server: Microsoft-HTTPAPI/2.0");

    r = fx_remedy(f, "stop-service");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->action, PF_ACTION_STOP_SERVICE);
    PF_ASSERT_STR(r->subject, "W3SVC");
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "net stop W3SVC");
    r = fx_remedy(f, "disable-service");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->action, PF_ACTION_DISABLE_SERVICE);
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "sc config W3SVC start= disabled");
    /* WAS too, under its own id; W3SVC only once */
    r = fx_remedy(f, "stop-service-2");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    PF_ASSERT_STR(r->subject, "WAS");
    CU_ASSERT_PTR_NULL(fx_remedy(f, "stop-service-3"));

    r = fx_remedy(f, "iplisten");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->action, PF_ACTION_ADD_IPLISTEN);
    PF_ASSERT_STR(r->subject, "127.0.0.2");
    FX_ASSERT_COMMAND(f, "netsh http add iplisten ipaddress=127.0.0.2");
    FX_ASSERT_COMMAND(f, "net stop http /y && net start http");
    CU_ASSERT_PTR_NOT_NULL(fx_remedy(f, "other-port"));
}

static void
test_httpsys_reservation(void)
{
    pf_check_t   *c = httpsys80("0.0.0.0:80", 4);
    pf_finding_t *f;
    pf_url_reservation_t *u = pf_array_push(&c->facts.httpsys.reservations);

    u->url = "http://+:80/Temporary_Listen_Addresses/";
    u->sddl = "D:(A;;GX;;;WD)";
    c->facts.httpsys.reservations_known = PF_KNOWN_YES;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_SURE);
    PF_ASSERT_CONTAINS(f->summary, "WCF");
    FX_ASSERT_EVIDENCE(f, "URL reservation http://+:80/"
                          "Temporary_Listen_Addresses/");
}

static void
test_httpsys_dependents_only(void)
{
    pf_check_t   *c = httpsys80("0.0.0.0:80", 4);
    pf_finding_t *f;

    c->facts.httpsys.queues_known = PF_KNOWN_FAILED;
    fx_push_str(&c->facts.httpsys.dependents, "MsDepSvc");
    fx_push_str(&c->facts.httpsys.dependents, "SomethingElse");
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_LIKELY);
    PF_ASSERT_CONTAINS(f->summary, "Web Deployment Agent");
    FX_ASSERT_EVIDENCE(f, "request queues could not be read");
    FX_ASSERT_COMMAND(f, "net stop MsDepSvc");
    CU_ASSERT_FALSE(fx_has_command(f, "SomethingElse"));
}

static void
test_httpsys_nothing_known(void)
{
    pf_check_t   *c = httpsys80("192.168.1.10:80", 4);
    pf_finding_t *f;

    fx_r->ctx.server = PF_SERVER_APACHE;
    c->facts.httpsys.http_probe_known = PF_KNOWN_FAILED;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_POSSIBLE);
    PF_ASSERT_CONTAINS(f->summary, "could not be found");
    CU_ASSERT_PTR_NULL(fx_remedy(f, "stop-service"));
    FX_ASSERT_EVIDENCE(f, "got no answer in time");
    FX_ASSERT_COMMAND(f, "netsh http show servicestate view=requestq");
    FX_ASSERT_COMMAND(f, "netsh http add iplisten ipaddress=127.0.0.2");
    FX_ASSERT_COMMAND(f, "Listen 192.168.1.10:80");
    FX_ASSERT_COMMAND(f, "Listen 192.168.1.10:8080");
}

static void
test_httpsys_wildcard_uses_a_host_address(void)
{
    pf_check_t   *c = httpsys80("*:80", 4);
    pf_finding_t *f;

    fx_r->ctx.server = PF_SERVER_NGINX;
    fx_push_str(&fx_r->host.local_addresses, "127.0.0.1");
    fx_push_str(&fx_r->host.local_addresses, "10.1.2.3");
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    FX_ASSERT_COMMAND(f, "listen 10.1.2.3:80;");
}

static void
test_httpsys_wine_pid0(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:8080", PF_STATUS_IN_USE,
                               PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_finding_t *f;

    fx_listener(c, "0.0.0.0", -1, 0);
    fx_diagnose(c);
    CU_ASSERT_EQUAL(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_POSSIBLE);
    PF_ASSERT_CONTAINS(f->summary, "owner PID 0: possibly HTTP.sys");
}

static void
test_httpsys_wine_pid0_with_queue(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:8080", PF_STATUS_IN_USE,
                               PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_finding_t *f;

    fx_listener(c, "0.0.0.0", -1, 0);
    add_queue(c, "http://+:8080/x/", 77, NULL);
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_SURE);
    PF_ASSERT_CONTAINS(f->summary, "held by HTTP.sys (kernel-mode listener, "
                                   "PID 0) for http://+:8080/x/");
}

/* A queue found as an open \Device\Http\ReqQueue handle: no URLs. */
static void
add_handle_queue(pf_check_t *c, long pid, const char *service)
{
    pf_request_queue_t *q = add_queue(c, "unused", pid, service);

    q->name = NULL;
    q->urls.nelts = 0;
    q->from_handle = 1;
    c->facts.httpsys.queues_known = PF_KNOWN_FAILED;   /* Wine's netsh */
}

/* Under Wine: the socket is in http.sys's host, one process has a queue. */
static void
test_httpsys_wine_only_queue_holder(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:8080", PF_STATUS_IN_USE,
                               PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_finding_t *f;
    pf_remedy_t  *r;

    fx_listener(c, "0.0.0.0", -1, 0);
    c->facts.httpsys.host_pid = 1472;
    add_handle_queue(c, 1528, "PfTestSvc");
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_LIKELY);
    PF_ASSERT_STR(f->summary, "port 8080 is held by HTTP.sys (Wine's "
                              "http.sys, in PID 1472) for PfTestSvc, "
                              "possibly: the only process with a request "
                              "queue");
    FX_ASSERT_EVIDENCE(f, "PID 1528 (services: PfTestSvc) has an HTTP.sys "
                          "request queue open (\\Device\\Http\\ReqQueue");
    FX_ASSERT_EVIDENCE(f, "it is the only process with a request queue, "
                          "so the URL on port 8080 is its own");
    FX_ASSERT_EVIDENCE(f, "the socket is held by PID 1472, the Wine "
                          "process that runs http.sys");
    r = fx_remedy(f, "disable-service");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    PF_ASSERT_STR(r->subject, "PfTestSvc");
}

/* Two processes with queues and no URLs: nobody is named or stopped. */
static void
test_httpsys_wine_two_queue_holders(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:8080", PF_STATUS_IN_USE,
                               PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_finding_t *f;

    fx_listener(c, "0.0.0.0", -1, 0);
    c->facts.httpsys.host_pid = 1472;
    add_handle_queue(c, 1528, "PfTestSvc");
    add_handle_queue(c, 1600, NULL);
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_POSSIBLE);
    PF_ASSERT_STR(f->summary, "port 8080 is held by HTTP.sys (Wine's "
                              "http.sys, in PID 1472); which program "
                              "registered it could not be found");
    FX_ASSERT_EVIDENCE(f, "2 processes have request queues: which one "
                          "registered port 8080 takes netsh");
    FX_ASSERT_EVIDENCE(f, "PID 1600 (services: none) has an HTTP.sys");
    CU_ASSERT_PTR_NULL(fx_remedy(f, "stop-service"));
    CU_ASSERT_PTR_NULL(fx_remedy(f, "disable-service"));
    CU_ASSERT_PTR_NOT_NULL(fx_remedy(f, "show-registrations"));
}

/* A plain program holding the only queue is named by its PID. */
static void
test_httpsys_handle_queue_not_a_service(void)
{
    pf_check_t   *c = httpsys80("0.0.0.0:80", 4);
    pf_finding_t *f;

    add_handle_queue(c, 2020, NULL);
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_LIKELY);
    PF_ASSERT_CONTAINS(f->summary, "(kernel-mode listener, PID 4) for "
                                   "PID 2020");
    CU_ASSERT_PTR_NULL(fx_remedy(f, "stop-service"));
}

/* ---- excluded-range ------------------------------------------------- */

static pf_check_t *
denied_nobody(unsigned port)
{
    char        spec[32];
    pf_check_t *c;

    snprintf(spec, sizeof(spec), "0.0.0.0:%u", port);
    c = fx_check(spec, PF_STATUS_DENIED, PF_ERRSPACE_WINSOCK, WSAEACCES);
    c->facts.free_port_nearby = port + 100;
    return c;
}

static void
add_range(unsigned start, unsigned end, int administered)
{
    pf_port_range_t *r = pf_array_push(&fx_r->host.excluded_ranges);

    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    r->start = start;
    r->end = end;
    r->family = PF_FAMILY_INET;
    r->administered = administered;
    fx_r->host.excluded_known = PF_KNOWN_YES;
}

static void
test_excluded_known_range(void)
{
    pf_check_t   *c = denied_nobody(50000);
    pf_finding_t *f;

    add_range(1000, 1099, 0);
    add_range(49990, 50089, 0);
    fx_r->host.winnat = 1;
    fx_diagnose(c);
    CU_ASSERT_EQUAL(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_EXCLUDED_RANGE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_SURE);
    PF_ASSERT_CONTAINS(f->summary, "49990-50089");
    FX_ASSERT_COMMAND(f, "net stop winnat");
    FX_ASSERT_COMMAND(f, "net start winnat");
    FX_ASSERT_COMMAND(f, "netsh int ipv4 add excludedportrange protocol=tcp "
                         "startport=50000 numberofports=1");
    CU_ASSERT_PTR_NOT_NULL(fx_remedy(f, "other-port"));
}

static void
test_excluded_administered(void)
{
    pf_check_t   *c = denied_nobody(50000);
    pf_finding_t *f;

    /* an administered range lets programs bind: it explains nothing */
    add_range(50000, 50059, 1);
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_EXCLUDED_RANGE);
    CU_ASSERT_PTR_NULL(f);
    CU_ASSERT_PTR_NOT_NULL(fx_finding(c, PF_CAUSE_UNKNOWN));
}

static void
test_excluded_ranges_unknown(void)
{
    pf_check_t   *c = denied_nobody(80);
    pf_finding_t *f;

    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_EXCLUDED_RANGE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_POSSIBLE);
    PF_ASSERT_CONTAINS(f->summary, "possibly");
    FX_ASSERT_COMMAND(f, "netsh interface ipv4 show excludedportrange "
                         "protocol=tcp");
}

static void
test_excluded_ranges_known_elsewhere(void)
{
    pf_check_t *c = denied_nobody(80);

    add_range(49990, 50089, 0);
    fx_diagnose(c);
    CU_ASSERT_PTR_NULL(fx_finding(c, PF_CAUSE_EXCLUDED_RANGE));
    CU_ASSERT_PTR_NOT_NULL(fx_finding(c, PF_CAUSE_UNKNOWN));
}

static void
test_excluded_not_with_a_listener(void)
{
    pf_check_t *c = denied_nobody(50000);

    add_range(49990, 50089, 0);
    fx_listener(c, "0.0.0.0", -1, 4);
    fx_diagnose(c);
    CU_ASSERT_PTR_NULL(fx_finding(c, PF_CAUSE_EXCLUDED_RANGE));
    CU_ASSERT_PTR_NOT_NULL(fx_finding(c, PF_CAUSE_HTTPSYS));
}

/* ---- an ordinary Windows service ------------------------------------ */

static void
test_windows_service_process(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:80", PF_STATUS_IN_USE,
                               PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_process_t *p;
    pf_finding_t *f;
    pf_remedy_t  *r;

    fx_listener(c, "0.0.0.0", -1, 2222);
    p = fx_process(c, 2222, "httpd.exe");
    p->exe = "C:\\Apache24\\bin\\httpd.exe";
    fx_push_str(&p->services, "Apache2.4");
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "service Apache2.4");
    r = fx_remedy(f, "stop-service");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    PF_ASSERT_STR(r->subject, "Apache2.4");
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "net stop Apache2.4");
    CU_ASSERT_PTR_NULL(fx_remedy(f, "stop-process"));
}

static void
test_windows_plain_process(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:80", PF_STATUS_IN_USE,
                               PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_finding_t *f;

    fx_listener(c, "0.0.0.0", -1, 3333);
    fx_process(c, 3333, "Skype.exe");
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    FX_ASSERT_COMMAND(f, "taskkill /PID 3333   # Skype.exe, started by hand");
}

static void
test_windows_owner_unreadable(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:80", PF_STATUS_IN_USE,
                               PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_finding_t *f;

    fx_listener(c, "0.0.0.0", -1, 4444);
    fx_diagnose(c);
    CU_ASSERT_EQUAL(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "PID 4444");
    FX_ASSERT_COMMAND(f, "tasklist /FI \"PID eq 4444\" /SVC");
}

static void
test_windows_pid4_unmarked_is_no_process(void)
{
    pf_check_t *c = fx_check("0.0.0.0:80", PF_STATUS_DENIED,
                             PF_ERRSPACE_WINSOCK, WSAEACCES);

    fx_listener(c, "0.0.0.0", -1, 4);
    fx_process(c, 4, "System");          /* kernel flag not set */
    fx_diagnose(c);
    CU_ASSERT_EQUAL(c->findings.nelts, 1);
    CU_ASSERT_PTR_NOT_NULL(fx_finding(c, PF_CAUSE_HTTPSYS));
    CU_ASSERT_EQUAL(fx_finding(c, PF_CAUSE_HTTPSYS)->holders.nelts, 1);
}

/* ---- the known HTTP.sys users table --------------------------------- */

static void
test_known_users(void)
{
    PF_ASSERT_CONTAINS(pf_httpsys_service_user("w3svc"), "IIS");
    PF_ASSERT_CONTAINS(pf_httpsys_service_user("ReportServer$SQL2019"),
                       "Reporting Services");
    PF_ASSERT_STR(pf_httpsys_service_user("PeerDistSvc"), "BranchCache");
    CU_ASSERT_PTR_NULL(pf_httpsys_service_user("W3SVCX"));
    CU_ASSERT_PTR_NULL(pf_httpsys_service_user(NULL));
    PF_ASSERT_STR(pf_httpsys_reservation_user(
                  "http://+:80/116B50EB-ECE2-41ac-8429-9F9E963361B7/"),
                  "BranchCache");
    CU_ASSERT_EQUAL(pf_httpsys_url_port("http://+:8080/x/"), 8080);
    CU_ASSERT_EQUAL(pf_httpsys_url_port("http://*/"), 80);
    CU_ASSERT_EQUAL(pf_httpsys_url_port("https://host/"), 443);
    CU_ASSERT_EQUAL(pf_httpsys_url_port("http://[::1]:81/"), 81);
    CU_ASSERT_EQUAL(pf_httpsys_url_port("nonsense"), 0);
}

static CU_TestInfo httpsys_tests[] = {
    { "request queue names IIS", test_httpsys_request_queue },
    { "URL reservation", test_httpsys_reservation },
    { "dependents only: likely", test_httpsys_dependents_only },
    { "nothing known: possible", test_httpsys_nothing_known },
    { "wildcard: server keeps a host address",
      test_httpsys_wildcard_uses_a_host_address },
    { "Wine reports PID 0", test_httpsys_wine_pid0 },
    { "PID 0 with a request queue", test_httpsys_wine_pid0_with_queue },
    { "Wine: the only request queue holder is named",
      test_httpsys_wine_only_queue_holder },
    { "Wine: two queue holders, no one named",
      test_httpsys_wine_two_queue_holders },
    { "a plain program's queue, by PID",
      test_httpsys_handle_queue_not_a_service },
    { "known users table", test_known_users },
    CU_TEST_INFO_NULL
};

static CU_TestInfo excluded_tests[] = {
    { "inside a known range", test_excluded_known_range },
    { "administered range", test_excluded_administered },
    { "ranges unknown: possible", test_excluded_ranges_unknown },
    { "ranges known, none covers", test_excluded_ranges_known_elsewhere },
    { "not when something listens", test_excluded_not_with_a_listener },
    CU_TEST_INFO_NULL
};

static CU_TestInfo service_tests[] = {
    { "a service's process", test_windows_service_process },
    { "a plain process", test_windows_plain_process },
    { "owner PID known, process unreadable",
      test_windows_owner_unreadable },
    { "PID 4 not marked kernel is still HTTP.sys",
      test_windows_pid4_unmarked_is_no_process },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "httpsys", NULL, NULL, win_setup, fx_teardown, httpsys_tests },
    { "excluded-range", NULL, NULL, win_setup, fx_teardown, excluded_tests },
    { "process (Windows)", NULL, NULL, win_setup, fx_teardown,
      service_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
