/* Remedy planning and its safety refusals, on reports built by hand. */
#include "test_remedy_fixture.h"

static void
test_default_picks_unit(void)
{
    pf_report_t *r = rfx_unit_report("80");
    pf_plan_t    plan;
    pf_step_t   *s;

    PF_ASSERT_EQ(rfx_plan(r, NULL, 1, NULL, &plan), PF_OK);
    PF_ASSERT_SIZE_EQ(plan.steps.nelts, 1);
    PF_ASSERT_EQ(plan.conflicts, 1);
    PF_ASSERT_EQ(plan.uncovered, 0);
    s = rfx_step(&plan, 0);
    PF_ASSERT_EQ(s->kind, PF_STEP_RUN);
    PF_ASSERT_STR(s->remedy->id, "stop-unit");
    PF_ASSERT_STR(s->targets, "*:80");
    PF_ASSERT_CONTAINS(s->change, "unit nginx.service: active -> inactive");
    pf_report_destroy(r);
}

static void
test_named_remedy_and_target(void)
{
    pf_report_t *r = rfx_unit_report("80");
    pf_plan_t    plan;
    pf_error_t   err;
    pf_plan_options_t o;

    PF_ASSERT_EQ(rfx_plan(r, "disable-unit", 1, NULL, &plan), PF_OK);
    PF_ASSERT_STR(rfx_step(&plan, 0)->remedy->id, "disable-unit");
    PF_ASSERT_CONTAINS(rfx_step(&plan, 0)->change, "enabled -> disabled");
    PF_ASSERT_EQ(rfx_plan(r, "disable-unit@80", 1, NULL, &plan), PF_OK);
    PF_ASSERT_SIZE_EQ(plan.steps.nelts, 1);
    PF_ASSERT_EQ(rfx_plan(r, "disable-unit@*:80", 1, NULL, &plan), PF_OK);
    PF_ASSERT_SIZE_EQ(plan.steps.nelts, 1);

    /* an id no finding offers: an error listing what is offered */
    memset(&o, 0, sizeof(o));
    o.remedy = "stop-service";
    o.is_admin = 1;
    PF_ASSERT_EQ(pf_plan_build(r, &o, &plan, &err), PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, "stop-service");
    PF_ASSERT_CONTAINS(err.message, "stop-unit@*:80");
    o.remedy = "stop-unit@443";
    PF_ASSERT_EQ(pf_plan_build(r, &o, &plan, &err), PF_ERROR);
    pf_report_destroy(r);
}

static void
test_no_rights_refused(void)
{
    pf_report_t *r = rfx_unit_report("80");
    pf_plan_t    plan;

    r->host.platform = "linux";
    PF_ASSERT_EQ(rfx_plan(r, NULL, 0, NULL, &plan), PF_OK);
    PF_ASSERT_EQ(rfx_step(&plan, 0)->kind, PF_STEP_REFUSED);
    PF_ASSERT_STR(rfx_step(&plan, 0)->refusal, "needs root");
    r->host.platform = "windows";
    PF_ASSERT_EQ(rfx_plan(r, NULL, 0, NULL, &plan), PF_OK);
    PF_ASSERT_STR(rfx_step(&plan, 0)->refusal,
                  "needs an elevated Administrator prompt");
    pf_report_destroy(r);
}

static void
test_pid1_and_scopes_refused(void)
{
    pf_report_t  *r = pf_report_create();
    pf_check_t   *c = rfx_check(r, "80", PF_STATUS_IN_USE);
    pf_finding_t *f;
    pf_plan_t     plan;

    rfx_process(r, c, 1, "systemd", "init.service");
    rfx_process(r, c, 77, "sshd", "session-3.scope");
    f = rfx_finding(r, c, PF_CAUSE_PROCESS);
    rfx_remedy(r, f, "stop-unit", PF_ACTION_STOP_UNIT, "init.service", "x");
    rfx_remedy(r, f, "scope", PF_ACTION_STOP_UNIT, "session-3.scope", "x");
    PF_ASSERT_EQ(rfx_plan(r, "stop-unit", 1, NULL, &plan), PF_OK);
    PF_ASSERT_EQ(rfx_step(&plan, 0)->kind, PF_STEP_REFUSED);
    PF_ASSERT_CONTAINS(rfx_step(&plan, 0)->refusal, "PID 1");
    PF_ASSERT_EQ(rfx_plan(r, "scope", 1, NULL, &plan), PF_OK);
    PF_ASSERT_CONTAINS(rfx_step(&plan, 0)->refusal, "only .service and");
    PF_ASSERT_EQ(plan.uncovered, 0);
    pf_report_destroy(r);
}

static void
test_self_refused(void)
{
    pf_report_t *r = rfx_unit_report("80");
    pf_check_t  *c = &PF_ARRAY_AT(&r->checks, pf_check_t, 0);
    pf_plan_t    plan;

    PF_ARRAY_AT(&c->facts.processes, pf_process_t, 0).is_self = 1;
    PF_ASSERT_EQ(rfx_plan(r, NULL, 1, NULL, &plan), PF_OK);
    PF_ASSERT_EQ(rfx_step(&plan, 0)->kind, PF_STEP_REFUSED);
    PF_ASSERT_CONTAINS(rfx_step(&plan, 0)->refusal, "this server itself");

    PF_ARRAY_AT(&c->facts.processes, pf_process_t, 0).is_self = 0;
    r->ctx.server_unit = "nginx.service";
    PF_ASSERT_EQ(rfx_plan(r, NULL, 1, NULL, &plan), PF_OK);
    PF_ASSERT_CONTAINS(rfx_step(&plan, 0)->refusal, "own unit");
    pf_report_destroy(r);
}

static void
test_subject_not_in_facts(void)
{
    pf_report_t  *r = pf_report_create();
    pf_check_t   *c = rfx_check(r, "80", PF_STATUS_IN_USE);
    pf_finding_t *f;
    pf_plan_t     plan;

    rfx_process(r, c, 1234, "nginx", "nginx.service");
    f = rfx_finding(r, c, PF_CAUSE_PROCESS);
    rfx_remedy(r, f, "stop-unit", PF_ACTION_STOP_UNIT, "sshd.service", "x");
    PF_ASSERT_EQ(rfx_plan(r, NULL, 1, NULL, &plan), PF_OK);
    PF_ASSERT_EQ(rfx_step(&plan, 0)->kind, PF_STEP_REFUSED);
    PF_ASSERT_CONTAINS(rfx_step(&plan, 0)->refusal, "do not name");
    pf_report_destroy(r);
}

static void
test_socket_unit_allowed(void)
{
    pf_report_t      *r = pf_report_create();
    pf_check_t       *c = rfx_check(r, "80", PF_STATUS_IN_USE);
    pf_socket_unit_t *su = pf_array_push(&c->facts.socket_units);
    pf_finding_t     *f;
    pf_plan_t         plan;

    rfx_process(r, c, 1, "systemd", "init.scope");
    su->unit = "web.socket";
    su->activates = "web.service";
    f = rfx_finding(r, c, PF_CAUSE_SOCKET_UNIT);
    rfx_remedy(r, f, "stop-unit", PF_ACTION_STOP_UNIT, "web.socket", "x");
    PF_ASSERT_EQ(rfx_plan(r, NULL, 1, NULL, &plan), PF_OK);
    PF_ASSERT_EQ(rfx_step(&plan, 0)->kind, PF_STEP_RUN);
    pf_report_destroy(r);
}

static void
test_windows_services(void)
{
    pf_report_t  *r = pf_report_create();
    pf_check_t   *c = rfx_check(r, "80", PF_STATUS_DENIED);
    pf_process_t *sys = rfx_process(r, c, 4, "System", NULL);
    pf_finding_t *f;
    pf_plan_t     plan;

    r->host.platform = "windows";
    sys->kernel = 1;
    pf_array_push_str(&sys->services, "KernelSvc");
    rfx_service(c, "W3SVC", 1800, "auto");
    f = rfx_finding(r, c, PF_CAUSE_HTTPSYS);
    rfx_remedy(r, f, "disable-service", PF_ACTION_DISABLE_SERVICE, "w3svc",
              "sc config w3svc start= disabled");
    rfx_remedy(r, f, "http", PF_ACTION_STOP_SERVICE, "HTTP", "net stop http");
    rfx_remedy(r, f, "kernel", PF_ACTION_STOP_SERVICE, "KernelSvc", "x");

    PF_ASSERT_EQ(rfx_plan(r, NULL, 1, NULL, &plan), PF_OK);
    PF_ASSERT_EQ(rfx_step(&plan, 0)->kind, PF_STEP_RUN);
    PF_ASSERT_CONTAINS(rfx_step(&plan, 0)->change,
                       "service w3svc: running -> stopped; start type "
                       "auto -> disabled");
    PF_ASSERT_EQ(rfx_plan(r, "http", 1, NULL, &plan), PF_OK);
    PF_ASSERT_EQ(rfx_step(&plan, 0)->kind, PF_STEP_REFUSED);
    PF_ASSERT_CONTAINS(rfx_step(&plan, 0)->refusal, "PID 4");
    PF_ASSERT_EQ(rfx_plan(r, "kernel", 1, NULL, &plan), PF_OK);
    PF_ASSERT_EQ(rfx_step(&plan, 0)->kind, PF_STEP_REFUSED);
    PF_ASSERT_CONTAINS(rfx_step(&plan, 0)->refusal, "System process");
    pf_report_destroy(r);
}

/* A running dependent of HTTP is no proof that it holds the port (issue
 * 16: a user's queue on Temporary_Listen_Addresses must never get IIS
 * stopped): only a service in a queue with a URL on the port is. */
static void
test_windows_dependent_is_no_proof(void)
{
    pf_report_t        *r = pf_report_create();
    pf_check_t         *c = rfx_check(r, "80", PF_STATUS_DENIED);
    pf_process_t       *sys = rfx_process(r, c, 4, "System", NULL);
    pf_request_queue_t *q;
    pf_finding_t       *f;
    pf_plan_t           plan;

    r->host.platform = "windows";
    sys->kernel = 1;
    pf_array_push_str(&c->facts.httpsys.dependents, "W3SVC");
    q = pf_array_push(&c->facts.httpsys.queues);
    pf_request_queue_init(q, r->pool);
    pf_array_push_str(&q->urls, "HTTP://+:80/TEMPORARY_LISTEN_ADDRESSES/x/");
    *(long *) pf_array_push(&q->pids) = 9120;
    *(const char **) pf_array_push(&q->images) = "C:\\Users\\dev\\Echo.exe";
    f = rfx_finding(r, c, PF_CAUSE_HTTPSYS);
    rfx_remedy(r, f, "stop-service", PF_ACTION_STOP_SERVICE, "W3SVC",
              "net stop W3SVC");
    PF_ASSERT_EQ(rfx_plan(r, NULL, 1, NULL, &plan), PF_OK);
    PF_ASSERT_EQ(rfx_step(&plan, 0)->kind, PF_STEP_REFUSED);
    PF_ASSERT_CONTAINS(rfx_step(&plan, 0)->refusal, "do not name service "
                                                   "W3SVC");
    /* named by the SCM for a queue on the port: allowed */
    pf_array_push_str(&q->services, "W3SVC");
    PF_ASSERT_EQ(rfx_plan(r, NULL, 1, NULL, &plan), PF_OK);
    PF_ASSERT_EQ(rfx_step(&plan, 0)->kind, PF_STEP_RUN);
    pf_report_destroy(r);
}

static void
test_allow_list(void)
{
    pf_report_t *r = rfx_unit_report("80");
    pf_array_t   allow;
    pf_plan_t    plan;

    pf_array_init(&allow, r->pool, 2, sizeof(char *));
    PF_ASSERT_EQ(rfx_plan(r, NULL, 1, &allow, &plan), PF_OK);
    PF_ASSERT_EQ(rfx_step(&plan, 0)->kind, PF_STEP_SKIPPED);
    PF_ASSERT_CONTAINS(rfx_step(&plan, 0)->refusal, "not in the allow list");
    /* unit names are case-sensitive: NGINX.service is another unit */
    pf_array_push_str(&allow, "NGINX.service");
    PF_ASSERT_EQ(rfx_plan(r, NULL, 1, &allow, &plan), PF_OK);
    PF_ASSERT_EQ(rfx_step(&plan, 0)->kind, PF_STEP_SKIPPED);
    pf_array_push_str(&allow, "nginx.service");
    PF_ASSERT_EQ(rfx_plan(r, NULL, 1, &allow, &plan), PF_OK);
    PF_ASSERT_EQ(rfx_step(&plan, 0)->kind, PF_STEP_RUN);
    pf_report_destroy(r);
}

/* Issue 16: the allow list names a proven subject.  A holder whose cgroup
 * merely says nginx.service (a user's own nginx.service, a process that
 * systemd says is not the unit's) does not make "nginx.service" in the
 * allow list stop the system's nginx. */
static void
test_allow_list_needs_proof(void)
{
    pf_report_t  *r = rfx_unit_report("80");
    pf_check_t   *c = &PF_ARRAY_AT(&r->checks, pf_check_t, 0);
    pf_process_t *p = &PF_ARRAY_AT(&c->facts.processes, pf_process_t, 0);
    pf_array_t    allow;
    pf_plan_t     plan;

    pf_array_init(&allow, r->pool, 2, sizeof(char *));
    pf_array_push_str(&allow, "nginx.service");
    p->unit_proven = 0;
    p->unit_proof = "systemd puts PID 1234 in user@1001.service, not in "
                    "nginx.service";
    PF_ASSERT_EQ(rfx_plan(r, NULL, 1, &allow, &plan), PF_OK);
    PF_ASSERT_EQ(rfx_step(&plan, 0)->kind, PF_STEP_REFUSED);
    PF_ASSERT_CONTAINS(rfx_step(&plan, 0)->refusal, "nothing proves that "
                       "PID 1234 is nginx.service's process: systemd puts "
                       "PID 1234 in user@1001.service");
    /* the cgroup is a user manager's: refused whatever systemd said */
    p->unit_proven = 1;
    p->unit_kind = PF_UNIT_USER;
    PF_ASSERT_EQ(rfx_plan(r, NULL, 1, &allow, &plan), PF_OK);
    PF_ASSERT_EQ(rfx_step(&plan, 0)->kind, PF_STEP_REFUSED);
    /* no systemd to ask */
    p->unit_kind = PF_UNIT_SYSTEM;
    p->unit_proven = -1;
    PF_ASSERT_EQ(rfx_plan(r, NULL, 1, &allow, &plan), PF_OK);
    PF_ASSERT_EQ(rfx_step(&plan, 0)->kind, PF_STEP_REFUSED);
    pf_report_destroy(r);
}

static void
test_process_is_advice_only(void)
{
    pf_report_t  *r = pf_report_create();
    pf_check_t   *c = rfx_check(r, "127.0.0.1:8080", PF_STATUS_IN_USE);
    pf_process_t *holder;
    pf_finding_t *f;
    pf_plan_t     plan;
    pf_buf_t      b;

    c->target.source = "/etc/nginx/nginx.conf:12";
    c->target.server = PF_SERVER_NGINX;
    holder = rfx_process(r, c, 4321, "python3", NULL);
    f = rfx_finding(r, c, PF_CAUSE_PROCESS);
    *(pf_process_t **) pf_array_push(&f->holders) = holder;
    rfx_remedy(r, f, "stop-process", PF_ACTION_NONE, NULL, "kill 4321");
    rfx_remedy(r, f, "other-port", PF_ACTION_CHANGE_PORT, NULL, "x")
        ->new_port = 8081;
    PF_ASSERT_EQ(rfx_plan(r, NULL, 1, NULL, &plan), PF_OK);
    PF_ASSERT_SIZE_EQ(plan.steps.nelts, 2);
    PF_ASSERT_EQ(plan.uncovered, 1);
    PF_ASSERT_EQ(pf_plan_count(&plan, PF_STEP_RUN), 0);
    PF_ASSERT_EQ(rfx_step(&plan, 0)->kind, PF_STEP_MANUAL);
    PF_ASSERT_STR(rfx_step(&plan, 0)->change,
                  "/etc/nginx/nginx.conf:12: change that line to: "
                  "listen 127.0.0.1:8081; (preflight does not edit "
                  "configuration files)");
    PF_ASSERT_EQ(rfx_step(&plan, 1)->kind, PF_STEP_ADVICE);

    pf_buf_init(&b);
    pf_plan_render_text(&plan, "", &b);
    PF_ASSERT_CONTAINS(b.data, "[advice] stop-process");
    PF_ASSERT_CONTAINS(b.data, "run by hand: kill 4321");
    PF_ASSERT_CONTAINS(b.data, "never killed automatically");
    pf_buf_free(&b);
    pf_report_destroy(r);
}

static void
test_same_unit_two_targets_one_step(void)
{
    pf_report_t  *r = rfx_unit_report("0.0.0.0:80");
    pf_check_t   *c = rfx_check(r, "[::]:80", PF_STATUS_IN_USE);
    pf_finding_t *f;
    pf_plan_t     plan;
    pf_buf_t      b;

    rfx_process(r, c, 1234, "nginx", "nginx.service");
    f = rfx_finding(r, c, PF_CAUSE_PROCESS);
    rfx_remedy(r, f, "stop-unit", PF_ACTION_STOP_UNIT, "nginx.service", "x");
    PF_ASSERT_EQ(rfx_plan(r, NULL, 1, NULL, &plan), PF_OK);
    PF_ASSERT_SIZE_EQ(plan.steps.nelts, 1);
    PF_ASSERT_STR(rfx_step(&plan, 0)->targets, "0.0.0.0:80, [::]:80");

    pf_buf_init(&b);
    pf_plan_render_json(&plan, 0, "{\"schema\":1}\n", &b);
    PF_ASSERT_CONTAINS(b.data, ",\"report\":{\"schema\":1}}\n");
    PF_ASSERT_CONTAINS(b.data, "\"status\":\"planned\"");
    PF_ASSERT_CONTAINS(b.data, "\"action\":\"stop-unit\"");
    pf_buf_free(&b);
    pf_report_destroy(r);
}

static void
test_iplisten_subject(void)
{
    pf_report_t  *r = pf_report_create();
    pf_check_t   *c = rfx_check(r, "192.0.2.7:80", PF_STATUS_IN_USE);
    pf_finding_t *f;
    pf_plan_t     plan;

    f = rfx_finding(r, c, PF_CAUSE_HTTPSYS);
    rfx_remedy(r, f, "iplisten", PF_ACTION_ADD_IPLISTEN, "127.0.0.1", "x");
    rfx_remedy(r, f, "far", PF_ACTION_ADD_IPLISTEN, "203.0.113.9", "x");
    rfx_remedy(r, f, "same", PF_ACTION_ADD_IPLISTEN, "192.0.2.7", "x");
    rfx_remedy(r, f, "loopback2", PF_ACTION_ADD_IPLISTEN, "127.0.0.2", "x");
    PF_ASSERT_EQ(rfx_plan(r, NULL, 1, NULL, &plan), PF_OK);
    PF_ASSERT_EQ(rfx_step(&plan, 0)->kind, PF_STEP_RUN);
    PF_ASSERT_CONTAINS(rfx_step(&plan, 0)->change, "net stop http");
    PF_ASSERT_EQ(rfx_plan(r, "far", 1, NULL, &plan), PF_OK);
    PF_ASSERT_CONTAINS(rfx_step(&plan, 0)->refusal, "not an address of");
    PF_ASSERT_EQ(rfx_plan(r, "same", 1, NULL, &plan), PF_OK);
    PF_ASSERT_CONTAINS(rfx_step(&plan, 0)->refusal, "the server needs");
    /* all of 127.0.0.0/8 is loopback, as the httpsys rule suggests */
    PF_ASSERT_EQ(rfx_plan(r, "loopback2", 1, NULL, &plan), PF_OK);
    PF_ASSERT_EQ(rfx_step(&plan, 0)->kind, PF_STEP_RUN);
    PF_ASSERT_NULL(rfx_step(&plan, 0)->refusal);
    pf_report_destroy(r);
}

static void
test_nothing_to_fix(void)
{
    pf_report_t *r = pf_report_create();
    pf_plan_t    plan;
    pf_buf_t     b;

    rfx_check(r, "80", PF_STATUS_FREE);
    PF_ASSERT_EQ(rfx_plan(r, "stop-unit", 1, NULL, &plan), PF_OK);
    PF_ASSERT_EQ(plan.conflicts, 0);
    pf_buf_init(&b);
    pf_plan_render_text(&plan, "", &b);
    PF_ASSERT_CONTAINS(b.data, "Nothing to fix");
    pf_buf_free(&b);
    pf_report_destroy(r);
}

static CU_TestInfo plan_tests[] = {
    { "default picks the unit remedy", test_default_picks_unit },
    { "--remedy ID and ID@TARGET", test_named_remedy_and_target },
    { "no rights: refused", test_no_rights_refused },
    { "PID 1 and scopes: refused", test_pid1_and_scopes_refused },
    { "this server: refused", test_self_refused },
    { "subject not in the facts: refused", test_subject_not_in_facts },
    { "socket unit held by PID 1: allowed", test_socket_unit_allowed },
    { "Windows services: PID 4 and HTTP refused", test_windows_services },
    { "Windows: a dependent of HTTP is no proof",
      test_windows_dependent_is_no_proof },
    { "allow list", test_allow_list },
    { "allow list: only a proven subject", test_allow_list_needs_proof },
    { "a process holder: advice only", test_process_is_advice_only },
    { "one unit, two targets: one step",
      test_same_unit_two_targets_one_step },
    { "iplisten subject checks", test_iplisten_subject },
    { "nothing to fix", test_nothing_to_fix },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "remedy plan", NULL, NULL, NULL, NULL, plan_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
