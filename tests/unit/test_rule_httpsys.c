/*
 * httpsys (pf_rule_httpsys.c): HTTP.sys behind PID 4: request queues,
 * URL reservations, iplisten, known users (pf_httpsys_users.c), and the
 * classic cases from real netsh captures (tests/unit/data/netsh/SOURCES.md).
 * Facts built by hand (test_diag_fixture.h, test_diag_winfixture.h); the
 * replayed captures of this cause are in tests/cases/ (docs/WHERE.md).
 */
#include "test_diag_fixture.h"
#include "test_diag_winfixture.h"

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

    PF_ASSERT_NOT_NULL_FATAL(q);
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

/* Where the parser puts a check's queues, as the Windows layer has it
 * (one at a time). */
static const pf_netsh_queues_t *
into_facts(pf_check_t *c)
{
    static pf_netsh_queues_t into;

    into.queues = &c->facts.httpsys.queues;
    into.notes = &c->facts.notes;
    into.partial = &c->facts.httpsys.queues_partial;
    return &into;
}

/* The queues of a capture in tests/unit/data/netsh/ (SOURCES.md), read
 * by the parser the Windows layer uses. */
static void
capture_queues(pf_check_t *c, const char *name)
{
    size_t      n;
    const char *data = fx_capture(name, &n);
    pf_error_t  err;

    memset(&err, 0, sizeof(err));
    PF_ASSERT_EQ_FATAL(pf_netsh_read_servicestate(fx_r->pool, data, n,
                       c->target.port, into_facts(c), &err), PF_OK);
    c->facts.httpsys.queues_known = PF_KNOWN_YES;
}

/* What the SCM says of a queue's PIDs (pf_win_queue_services). */
static void
queue_services(pf_check_t *c, size_t i, const char *a, const char *b)
{
    pf_request_queue_t *q;

    CU_ASSERT_FATAL(i < c->facts.httpsys.queues.nelts);
    q = &PF_ARRAY_AT(&c->facts.httpsys.queues, pf_request_queue_t, i);
    fx_push_str(&q->services, a);
    if (b != NULL) {
        fx_push_str(&q->services, b);
    }
}

static pf_check_t *
httpsys_on(const char *spec)
{
    pf_check_t   *c = fx_check(spec, PF_STATUS_DENIED, PF_ERRSPACE_WINSOCK,
                               WSAEACCES);
    pf_process_t *p;

    fx_listener(c, "0.0.0.0", -1, 4);
    p = fx_process(c, 4, "System");
    p->kernel = 1;
    p->ppid = -1;
    c->facts.httpsys.iplisten_known = PF_KNOWN_YES;
    return c;
}

/* No remedy that changes the system acts on this service. */
static void
assert_not_acted_on(const pf_finding_t *f, const char *service)
{
    size_t i;

    for (i = 0; i < f->remedies.nelts; i++) {
        const pf_remedy_t *r = &PF_ARRAY_AT(&f->remedies, pf_remedy_t, i);

        if (r->action != PF_ACTION_NONE && r->subject != NULL
            && strcmp(r->subject, service) == 0)
        {
            fprintf(stderr, "\n  remedy %s acts on %s\n", r->id, service);
            CU_FAIL("a remedy acts on a service it must not");
        }
    }
}

/* The first remedy that changes the system: what `fix --apply` runs. */
static const pf_remedy_t *
default_action(const pf_finding_t *f)
{
    size_t i;

    for (i = 0; i < f->remedies.nelts; i++) {
        const pf_remedy_t *r = &PF_ARRAY_AT(&f->remedies, pf_remedy_t, i);

        if (r->action != PF_ACTION_NONE && r->action != PF_ACTION_CHANGE_PORT)
        {
            return r;
        }
    }
    return NULL;
}

/* IIS on a Windows Server (HTB "Flight"): the idle DefaultAppPool, only
 * its controller, an IP-bound binding on 8000; WinRM runs. */
static pf_check_t *
iis_flight(const char *spec)
{
    pf_check_t *c = httpsys_on(spec);

    fx_r->ctx.server = PF_SERVER_APACHE;
    capture_queues(c, "servicestate_iis_flight_session.txt");
    if (c->facts.httpsys.queues.nelts > 0) {
        /* the controller, 3408, is the svchost of W3SVC and WAS */
        queue_services(c, 0, "W3SVC", "WAS");
    }
    c->facts.httpsys.dependents_known = PF_KNOWN_YES;
    fx_push_str(&c->facts.httpsys.dependents, "WinRM");
    fx_push_str(&c->facts.httpsys.dependents, "W3SVC");
    fx_push_str(&c->facts.httpsys.dependents, "WAS");
    c->facts.free_port_nearby = 8001;
    return c;
}

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
    PF_ASSERT_SIZE_EQ(c->findings.nelts, 1);      /* PID 4 is no "process" */
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_SURE);
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
    PF_ASSERT_NOT_NULL_FATAL(r);
    PF_ASSERT_EQ(r->action, PF_ACTION_STOP_SERVICE);
    PF_ASSERT_STR(r->subject, "W3SVC");
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "net stop W3SVC");
    r = fx_remedy(f, "disable-service");
    PF_ASSERT_NOT_NULL_FATAL(r);
    PF_ASSERT_EQ(r->action, PF_ACTION_DISABLE_SERVICE);
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "sc config W3SVC start= disabled");
    /* WAS is not among the pool's services here: advice only */
    PF_ASSERT_NULL(fx_remedy(f, "stop-service-2"));
    r = fx_remedy(f, "stop-service-advice");
    PF_ASSERT_NOT_NULL_FATAL(r);
    PF_ASSERT_EQ(r->action, PF_ACTION_NONE);
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "net stop WAS");

    r = fx_remedy(f, "iplisten");
    PF_ASSERT_NOT_NULL_FATAL(r);
    PF_ASSERT_EQ(r->action, PF_ACTION_ADD_IPLISTEN);
    PF_ASSERT_STR(r->subject, "127.0.0.2");
    FX_ASSERT_COMMAND(f, "netsh http add iplisten ipaddress=127.0.0.2");
    FX_ASSERT_COMMAND(f, "net stop http /y");
    FX_ASSERT_COMMAND(f, "net start http");
    /* each service the restart stops is started again by name */
    FX_ASSERT_COMMAND(f, "net start W3SVC");
    FX_ASSERT_COMMAND(f, "net start WAS");
    PF_ASSERT_CONTAINS(r->summary, "undo: netsh http delete iplisten "
                                   "ipaddress=127.0.0.2");
    PF_ASSERT_NOT_NULL(fx_remedy(f, "other-port"));
}

static void
test_httpsys_reservation(void)
{
    pf_check_t   *c = httpsys80("0.0.0.0:80", 4);
    pf_finding_t *f;
    pf_url_reservation_t *u = pf_array_push(&c->facts.httpsys.reservations);

    /* as `netsh http show urlacl` shows it on nearly every host (the Old
     * New Thing, 2018-07-03): an ACL, which makes nothing listen */
    u->url = "http://+:80/Temporary_Listen_Addresses/";
    u->sddl = "D:(A;;GX;;;WD)";
    c->facts.httpsys.reservations_known = PF_KNOWN_YES;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_POSSIBLE);
    PF_ASSERT_NOT_CONTAINS(f->summary, "WCF");
    PF_ASSERT_CONTAINS(f->summary, "could not be found");
    FX_ASSERT_EVIDENCE(f, "URL reservation http://+:80/"
                          "Temporary_Listen_Addresses/: reserved for WCF");
    FX_ASSERT_EVIDENCE(f, "by Everyone (D:(A;;GX;;;WD))");
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
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_LIKELY);
    PF_ASSERT_CONTAINS(f->summary, "Web Deployment Agent");
    FX_ASSERT_EVIDENCE(f, "request queues could not be read");
    FX_ASSERT_COMMAND(f, "net stop MsDepSvc");
    CU_ASSERT_FALSE(fx_has_command(f, "net stop SomethingElse"));
    /* tied to port 80 by its defaults only: advice, never --apply */
    PF_ASSERT_NULL(fx_remedy(f, "stop-service"));
    PF_ASSERT_NOT_NULL(fx_remedy(f, "stop-service-advice"));
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
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_POSSIBLE);
    PF_ASSERT_CONTAINS(f->summary, "could not be found");
    PF_ASSERT_NULL(fx_remedy(f, "stop-service"));
    FX_ASSERT_EVIDENCE(f, "got no answer in time");
    FX_ASSERT_COMMAND(f, "netsh http show servicestate view=requestq");
    FX_ASSERT_COMMAND(f, "netsh http add iplisten ipaddress=127.0.0.2");
    FX_ASSERT_COMMAND(f, "Listen 192.168.1.10:80");
    FX_ASSERT_COMMAND(f, "Listen 192.168.1.10:8080");
}

static void
test_httpsys_wildcard_prefers_loopback(void)
{
    pf_check_t   *c = httpsys80("*:80", 4);
    pf_finding_t *f;

    fx_r->ctx.server = PF_SERVER_NGINX;
    fx_push_str(&fx_r->host.local_addresses, "127.0.0.1");
    fx_push_str(&fx_r->host.local_addresses, "10.1.2.3");
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    FX_ASSERT_COMMAND(f, "listen 127.0.0.1:80;");
}

static void
test_httpsys_wine_pid0(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:8080", PF_STATUS_IN_USE,
                               PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_finding_t *f;

    fx_listener(c, "0.0.0.0", -1, 0);
    fx_diagnose(c);
    PF_ASSERT_SIZE_EQ(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_POSSIBLE);
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
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_SURE);
    PF_ASSERT_CONTAINS(f->summary, "held by HTTP.sys (kernel-mode listener, "
                                   "PID 0) for DefaultAppPool of PID 77");
    /* a name alone is no IIS: anyone may name a queue */
    CU_ASSERT_FALSE(fx_has_command(f, "net stop W3SVC"));
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
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_LIKELY);
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
    PF_ASSERT_NOT_NULL_FATAL(r);
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
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_POSSIBLE);
    PF_ASSERT_STR(f->summary, "port 8080 is held by HTTP.sys (Wine's "
                              "http.sys, in PID 1472); which program "
                              "registered it could not be found");
    FX_ASSERT_EVIDENCE(f, "2 processes have request queues: which one "
                          "registered port 8080 takes netsh");
    FX_ASSERT_EVIDENCE(f, "PID 1600 (services: none) has an HTTP.sys");
    PF_ASSERT_NULL(fx_remedy(f, "stop-service"));
    PF_ASSERT_NULL(fx_remedy(f, "disable-service"));
    PF_ASSERT_NOT_NULL(fx_remedy(f, "show-registrations"));
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
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_LIKELY);
    PF_ASSERT_CONTAINS(f->summary, "(kernel-mode listener, PID 4) for "
                                   "PID 2020");
    PF_ASSERT_NULL(fx_remedy(f, "stop-service"));
}

static void
test_known_users(void)
{
    PF_ASSERT_CONTAINS(pf_httpsys_service_user("w3svc"), "IIS");
    PF_ASSERT_CONTAINS(pf_httpsys_service_user("ReportServer$SQL2019"),
                       "Reporting Services");
    PF_ASSERT_STR(pf_httpsys_service_user("PeerDistSvc"), "BranchCache");
    PF_ASSERT_NULL(pf_httpsys_service_user("W3SVCX"));
    PF_ASSERT_NULL(pf_httpsys_service_user(NULL));
    PF_ASSERT_STR(pf_httpsys_reservation_user(
                  "http://+:80/116B50EB-ECE2-41ac-8429-9F9E963361B7/"),
                  "BranchCache");
    PF_ASSERT_EQ(pf_httpsys_url_port("http://+:8080/x/"), 8080);
    PF_ASSERT_EQ(pf_httpsys_url_port("http://*/"), 80);
    PF_ASSERT_EQ(pf_httpsys_url_port("https://host/"), 443);
    PF_ASSERT_EQ(pf_httpsys_url_port("http://[::1]:81/"), 81);
    PF_ASSERT_EQ(pf_httpsys_url_port("nonsense"), 0);
}

static void
test_case_iis_server(void)
{
    pf_check_t        *c = iis_flight("*:8000");
    pf_finding_t      *f;
    const pf_remedy_t *r;

    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_SURE);
    PF_ASSERT_CONTAINS(f->summary, "port 8000 is held by HTTP.sys "
                       "(kernel-mode listener, PID 4) for IIS application "
                       "pool DefaultAppPool (W3SVC/WAS)");
    PF_ASSERT_NOT_CONTAINS(f->summary, "Remote Management");
    FX_ASSERT_EVIDENCE(f, "request queue DefaultAppPool: PIDs none (an "
                          "idle pool: no worker process)");
    FX_ASSERT_EVIDENCE(f, "controller PID 3408");
    FX_ASSERT_EVIDENCE(f, "HTTP://127.0.0.1:8000:127.0.0.1/");
    /* narrowest first: the pool's sites (a stopped pool keeps its URLs),
     * then W3SVC; never WinRM */
    r = fx_remedy(f, "stop-iis-site");
    PF_ASSERT_NOT_NULL_FATAL(r);
    PF_ASSERT_PTR_EQ(r, &PF_ARRAY_AT(&f->remedies, pf_remedy_t, 0));
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "%windir%\\system32\\inetsrv\\appcmd list apps "
                  "/apppool.name:\"DefaultAppPool\"");
    CU_ASSERT_FALSE(fx_has_command(f, "%windir%\\system32\\inetsrv\\appcmd "
                                      "stop apppool "
                                      "/apppool.name:\"DefaultAppPool\""));
    r = default_action(f);
    PF_ASSERT_NOT_NULL_FATAL(r);
    PF_ASSERT_STR(r->subject, "W3SVC");
    assert_not_acted_on(f, "WinRM");
    CU_ASSERT_FALSE(fx_has_command(f, "net stop WinRM"));
    FX_ASSERT_COMMAND(f, "net start WinRM");       /* after the restart */
    r = fx_remedy(f, "iplisten");
    PF_ASSERT_NOT_NULL_FATAL(r);
    PF_ASSERT_CONTAINS(r->summary, "WinRM is running");
}

/* The same host: port 5985 is WinRM's, which preflight never stops. */
static void
test_case_winrm(void)
{
    pf_check_t   *c = iis_flight("*:5985");
    pf_finding_t *f;

    PF_ASSERT_SIZE_EQ_FATAL(c->facts.httpsys.queues.nelts, 1);
    /* the queue read for 5985 is WinRM's; the SCM names PID 3416's */
    PF_ARRAY_AT(&c->facts.httpsys.queues, pf_request_queue_t, 0)
        .services.nelts = 0;
    queue_services(c, 0, "WinRM", NULL);
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_SURE);
    PF_ASSERT_CONTAINS(f->summary, "for Windows Remote Management [WinRM]");
    PF_ASSERT_NOT_CONTAINS(f->summary, "IIS");
    assert_not_acted_on(f, "WinRM");
    assert_not_acted_on(f, "W3SVC");
    PF_ASSERT_NOT_NULL(fx_remedy(f, "stop-service-advice"));
}

/* An IP-bound binding holds its address; another address of the port is
 * HTTP.sys's too, but the URL does not name it. */
static void
test_case_ip_bound(void)
{
    pf_check_t   *c = iis_flight("127.0.0.1:8000");
    pf_finding_t *f;

    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_SURE);
    PF_ASSERT_CONTAINS(f->summary, "IIS application pool DefaultAppPool");
    fx_teardown();
    fx_win_setup();
    c = iis_flight("192.168.1.10:8000");
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_LIKELY);
    FX_ASSERT_EVIDENCE(f, "bound to another address than 192.168.1.10");
    CU_ASSERT_FALSE(fx_has_command(f, "no request queue"));
}

/* BranchCache's queue on 80 (a published capture), with the reservations
 * the Old New Thing shows: the queue is the holder, not WCF. */
static void
test_case_branchcache(void)
{
    pf_check_t           *c = httpsys_on("*:80");
    pf_finding_t         *f;
    pf_url_reservation_t *u;
    static const char    *urls[] = {
        "http://+:80/Temporary_Listen_Addresses/",
        "http://+:80/0131501b-d67f-491b-9a40-c4bf27bcb4d4/",
        "http://+:80/116B50EB-ECE2-41ac-8429-9F9E963361B7/"
    };
    size_t                i;

    capture_queues(c, "servicestate_branchcache_session.txt");
    queue_services(c, 0, "PeerDistSvc", NULL);
    for (i = 0; i < 3; i++) {
        u = pf_array_push(&c->facts.httpsys.reservations);
        u->url = urls[i];
        u->sddl = i == 0 ? "D:(A;;GX;;;WD)" : "D:(A;;GX;;;NS)";
    }
    c->facts.httpsys.reservations_known = PF_KNOWN_YES;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_SURE);
    PF_ASSERT_CONTAINS(f->summary, "for BranchCache [PeerDistSvc]");
    PF_ASSERT_NOT_CONTAINS(f->summary, "WCF");
    FX_ASSERT_EVIDENCE(f, "PIDs 2668");
    FX_ASSERT_EVIDENCE(f, "reserved for WCF");
    assert_not_acted_on(f, "PeerDistSvc");
}

/* SSRS on 8082 (a published capture): a service that may be stopped. */
static void
test_case_ssrs(void)
{
    pf_check_t   *c = httpsys_on("*:8082");
    pf_finding_t *f;

    capture_queues(c, "servicestate_ssrs_requestq.txt");
    queue_services(c, 0, "SQLServerReportingServices", NULL);
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_SURE);
    PF_ASSERT_CONTAINS(f->summary, "SQL Server Reporting Services "
                                   "[SQLServerReportingServices]");
    FX_ASSERT_EVIDENCE(f, "PIDs 2312");
    PF_ASSERT_NOT_NULL_FATAL(default_action(f));
    PF_ASSERT_STR(default_action(f)->subject, "SQLServerReportingServices");
}

/* Newer layout (hand-written, SOURCES.md): the worker is w3wp.exe. */
static void
test_case_iis_newer_layout(void)
{
    pf_check_t   *c = httpsys_on("*:80");
    pf_finding_t *f;

    capture_queues(c, "servicestate_win11_services.txt");
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "for IIS application pool DefaultAppPool "
                                   "(W3SVC/WAS)");
    FX_ASSERT_EVIDENCE(f, "PIDs 6420 (C:\\Windows\\System32\\inetsrv\\"
                          "w3wp.exe)");
    FX_ASSERT_EVIDENCE(f, "controller PID 3340");
}

/* Newer layout, real: the SCM-free service names come from netsh. */
static void
test_case_newer_layout_capture(void)
{
    pf_check_t   *c = httpsys_on("*:443");
    pf_finding_t *f;

    capture_queues(c, "servicestate_sdn_hostagent_newer.txt");
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_SURE);
    PF_ASSERT_CONTAINS(f->summary, "port 443 is held by HTTP.sys "
                                   "(kernel-mode listener, PID 4) for "
                                   "NcHostAgent");
    FX_ASSERT_EVIDENCE(f, "PIDs 2688 (C:\\Windows\\System32\\svchost.exe); "
                          "services NcHostAgent");
}

/* Web Deploy (French, hand-written sample): MsDepSvc's queue on 80. */
static void
test_case_web_deploy(void)
{
    pf_check_t   *c = httpsys_on("*:80");
    pf_finding_t *f;

    capture_queues(c, "servicestate_fr.txt");
    queue_services(c, 0, "MsDepSvc", NULL);
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "Web Deployment Agent Service [MsDepSvc]");
    PF_ASSERT_NOT_NULL_FATAL(default_action(f));
    PF_ASSERT_STR(default_action(f)->subject, "MsDepSvc");
}

/* Issue 16: a user's HttpListener on Temporary_Listen_Addresses, on a
 * host where IIS runs too: the program is named, IIS never touched. */
static void
test_case_user_listener_on_tla(void)
{
    pf_check_t           *c = httpsys_on("*:80");
    pf_finding_t         *f;
    pf_url_reservation_t *u;

    capture_queues(c, "servicestate_tla_user.txt");
    fx_push_str(&c->facts.httpsys.dependents, "W3SVC");
    fx_push_str(&c->facts.httpsys.dependents, "WAS");
    u = pf_array_push(&c->facts.httpsys.reservations);
    u->url = "http://+:80/Temporary_Listen_Addresses/";
    u->sddl = "D:(A;;GX;;;WD)";
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_SURE);
    PF_ASSERT_CONTAINS(f->summary, "for Echo.exe (PID 9120)");
    PF_ASSERT_NOT_CONTAINS(f->summary, "IIS");
    FX_ASSERT_COMMAND(f, "taskkill /PID 9120");
    assert_not_acted_on(f, "W3SVC");
    assert_not_acted_on(f, "WAS");
    CU_ASSERT_FALSE(fx_has_command(f, "net stop W3SVC"));
    CU_ASSERT_FALSE(fx_has_command(f, "appcmd"));
    fx_teardown();
    /* the same program naming its queue like IIS's pool: still itself */
    fx_win_setup();
    c = httpsys_on("*:80");
    capture_queues(c, "servicestate_tla_user.txt");
    fx_push_str(&c->facts.httpsys.dependents, "W3SVC");
    PF_ASSERT_SIZE_EQ_FATAL(c->facts.httpsys.queues.nelts, 1);
    PF_ARRAY_AT(&c->facts.httpsys.queues, pf_request_queue_t, 0).name =
        "DefaultAppPool";
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "for DefaultAppPool of Echo.exe "
                                   "(PID 9120)");
    PF_ASSERT_NOT_CONTAINS(f->summary, "IIS");
    assert_not_acted_on(f, "W3SVC");
    assert_not_acted_on(f, "WAS");
}

/* Part of netsh's output could not be read: no claim that no queue has
 * a URL on the port. */
static void
test_case_partial_no_claim(void)
{
    pf_check_t   *c = httpsys_on("*:80");
    pf_finding_t *f;
    static const char text[] =
        "Request queue name: Request queue is unnamed.\r\n"
        "    Number of active processes attached: 1\r\n"
        "    Process IDs:\r\n"
        "        2668\r\n"
        "    Registered URLs:\r\n"
        "        HTTP://+:8o/\r\n";
    pf_error_t err;

    memset(&err, 0, sizeof(err));
    PF_ASSERT_EQ_FATAL(pf_netsh_read_servicestate(fx_r->pool, text,
                       sizeof(text) - 1, 80, into_facts(c), &err), PF_OK);
    c->facts.httpsys.queues_known = PF_KNOWN_YES;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    CU_ASSERT_FALSE(fx_has_evidence(f, "no request queue has a URL"));
    FX_ASSERT_EVIDENCE(f, "part of it could not be read");
    PF_ASSERT_SIZE_EQ_FATAL(c->facts.notes.nelts, 1);
    PF_ASSERT_CONTAINS(PF_ARRAY_AT(&c->facts.notes, const char *, 0),
                       "could not read the URL 'HTTP://+:8o/'");
}

/* A queue in a shared svchost: only the service known to register URLs
 * is named and may be stopped. */
static void
test_case_shared_svchost(void)
{
    pf_check_t   *c = iis_flight("*:5985");
    pf_finding_t *f;

    PF_ARRAY_AT(&c->facts.httpsys.queues, pf_request_queue_t, 0)
        .services.nelts = 0;
    queue_services(c, 0, "Dnscache", "WinRM");
    queue_services(c, 0, "NlaSvc", NULL);
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "for Windows Remote Management [WinRM]");
    PF_ASSERT_NOT_CONTAINS(f->summary, "Dnscache");
    CU_ASSERT_FALSE(fx_has_command(f, "net stop Dnscache"));
    CU_ASSERT_FALSE(fx_has_command(f, "net stop NlaSvc"));
    assert_not_acted_on(f, "Dnscache");
    assert_not_acted_on(f, "WinRM");
    /* what --apply would do: add an iplisten entry, which stops nothing */
    PF_ASSERT_NOT_NULL_FATAL(default_action(f));
    PF_ASSERT_EQ(default_action(f)->action, PF_ACTION_ADD_IPLISTEN);
}

/* A non-empty iplisten list: HTTP.sys keeps 192.168.1.10 only. */
static void
test_case_iplisten_listed(void)
{
    pf_check_t   *c = httpsys_on("*:80");
    pf_finding_t *f;
    pf_remedy_t  *r;

    fx_r->ctx.server = PF_SERVER_APACHE;
    fx_push_str(&c->facts.httpsys.iplisten, "192.168.1.10");
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    r = fx_remedy(f, "listen-outside-iplisten");
    PF_ASSERT_NOT_NULL_FATAL(r);
    FX_ASSERT_COMMAND(f, "Listen 127.0.0.1:80");
    CU_ASSERT_FALSE(fx_has_command(f, "Listen 192.168.1.10:80"));
    CU_ASSERT_FALSE(fx_has_command(f, "add iplisten"));
    fx_teardown();
    /* the server wants the listed address: take it off the list */
    fx_win_setup();
    c = httpsys_on("192.168.1.10:80");
    fx_push_str(&c->facts.httpsys.iplisten, "192.168.1.10");
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    FX_ASSERT_COMMAND(f, "netsh http delete iplisten ipaddress=192.168.1.10");
    fx_teardown();
    /* a wildcard entry means every address: remove it */
    fx_win_setup();
    c = httpsys_on("*:80");
    fx_push_str(&c->facts.httpsys.iplisten, "0.0.0.0");
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_HTTPSYS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    r = fx_remedy(f, "iplisten");
    PF_ASSERT_NOT_NULL_FATAL(r);
    PF_ASSERT_EQ(r->action, PF_ACTION_NONE);
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "netsh http delete iplisten ipaddress=0.0.0.0");
}

/* The README's Windows example is this text; PF_PRINT_EXAMPLE=1 prints
 * it. */
static void
test_case_iis_rendered(void)
{
    pf_check_t *c = iis_flight("*:8000");
    pf_buf_t    out;

    c->target.spelling = "Listen 8000";
    c->target.source = "C:\\Apache24\\conf\\httpd.conf:60";
    fx_diagnose(c);
    pf_buf_init(&out);
    pf_render_text(fx_r, 0, &out);
    PF_ASSERT_NOT_NULL_FATAL(out.data);
    PF_ASSERT_CONTAINS(out.data, "IIS application pool DefaultAppPool "
                                 "(W3SVC/WAS)");
    PF_ASSERT_CONTAINS(out.data, "appcmd list apps "
                                 "/apppool.name:\"DefaultAppPool\"");
    if (getenv("PF_PRINT_EXAMPLE") != NULL) {
        fprintf(stderr, "\n----8<----\n%s----8<----\n", out.data);
    }
    pf_buf_free(&out);
}

static CU_TestInfo httpsys_tests[] = {
    { "request queue names IIS", test_httpsys_request_queue },
    { "URL reservation", test_httpsys_reservation },
    { "dependents only: likely", test_httpsys_dependents_only },
    { "nothing known: possible", test_httpsys_nothing_known },
    { "wildcard: the server keeps 127.0.0.1",
      test_httpsys_wildcard_prefers_loopback },
    { "Wine reports PID 0", test_httpsys_wine_pid0 },
    { "PID 0 with a request queue", test_httpsys_wine_pid0_with_queue },
    { "Wine: the only request queue holder is named",
      test_httpsys_wine_only_queue_holder },
    { "Wine: two queue holders, no one named",
      test_httpsys_wine_two_queue_holders },
    { "a plain program's queue, by PID",
      test_httpsys_handle_queue_not_a_service },
    { "known users table", test_known_users },
    { "case: IIS on a server (capture): the pool, not WinRM",
      test_case_iis_server },
    { "case: WinRM on 5985 (capture)", test_case_winrm },
    { "case: an IP-bound IIS binding (capture)", test_case_ip_bound },
    { "case: BranchCache and reservations (capture)", test_case_branchcache },
    { "case: SSRS (capture)", test_case_ssrs },
    { "case: IIS, newer layout", test_case_iis_newer_layout },
    { "case: Web Deploy", test_case_web_deploy },
    { "case: newer layout (capture)", test_case_newer_layout_capture },
    { "case: a user's listener on Temporary_Listen_Addresses",
      test_case_user_listener_on_tla },
    { "case: a non-empty iplisten list", test_case_iplisten_listed },
    { "case: a queue in a shared svchost", test_case_shared_svchost },
    { "case: unreadable netsh output makes no claim",
      test_case_partial_no_claim },
    { "case: the IIS example as rendered", test_case_iis_rendered },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "httpsys", NULL, NULL, fx_win_setup, fx_teardown, httpsys_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
