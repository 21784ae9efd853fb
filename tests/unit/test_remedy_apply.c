/* Apply and undo through a fake executor, journalled in a temporary
 * PREFLIGHT_STATE_DIR. */
#include <stdio.h>

#include "test_remedy_fixture.h"

static pf_journal_entry_t *
entry(pf_array_t *a, size_t i)
{
    CU_ASSERT_FATAL(i < a->nelts);
    return &PF_ARRAY_AT(a, pf_journal_entry_t, i);
}

static void
test_unit_apply_then_undo(void)
{
    pf_report_t   *r = rfx_unit_report("80");
    const char    *path = rfx_state_dir(r->pool), *where, *archived;
    rfx_fake_t     fake = { "", NULL, 1, "enabled", 0, NULL, NULL, 0, 0 };
    pf_executor_t  ex;
    pf_plan_t      plan;
    pf_array_t     j;
    pf_error_t     err;
    pf_buf_t       b;

    rfx_executor(&ex, &fake);
    PF_ASSERT_EQ(rfx_plan(r, "disable-unit", 1, NULL, &plan), PF_OK);
    pf_buf_init(&b);
    PF_ASSERT_EQ(pf_plan_apply(rfx_ctx(r->pool, &ex, NULL, &b), &plan, &err),
                 PF_OK);
    PF_ASSERT_STR(fake.log, "unit_query nginx.service;"
                  "unit_disable nginx.service;unit_stop nginx.service;");
    PF_ASSERT_CONTAINS(b.data, "done: systemctl stop nginx.service");
    PF_ASSERT_EQ(rfx_step(&plan, 0)->applied, 1);

    PF_ASSERT_EQ(pf_undo_load(r->pool, NULL, &where, &j, &err), PF_OK);
    PF_ASSERT_STR(where, path);
    PF_ASSERT_SIZE_EQ_FATAL(j.nelts, 2);
    PF_ASSERT_STR(entry(&j, 0)->op, "disable");
    PF_ASSERT_STR(entry(&j, 0)->before, "enabled");
    PF_ASSERT_EQ(entry(&j, 1)->state, PF_JOURNAL_DONE);
    PF_ASSERT_STR(entry(&j, 1)->before, "active");
    PF_ASSERT_STR(entry(&j, 1)->target, "*:80");

    fake.log[0] = '\0';
    b.len = 0;
    PF_ASSERT_EQ(pf_undo_apply(rfx_ctx(r->pool, &ex, where, &b), &j,
                               &archived, &err), PF_OK);
    /* newest first */
    PF_ASSERT_STR(fake.log, "unit_start nginx.service;"
                  "unit_enable nginx.service;");
    PF_ASSERT_EQ(fake.unit_active, 1);
    PF_ASSERT_STR(fake.unit_file, "enabled");
    PF_ASSERT_NOT_NULL(archived);
    PF_ASSERT_EQ(access(path, F_OK), -1);

    /* a second undo finds nothing */
    PF_ASSERT_EQ(pf_undo_load(r->pool, NULL, &where, &j, &err), PF_OK);
    PF_ASSERT_EQ(pf_undo_pending(&j), 0);
    pf_buf_free(&b);
    rfx_rm_state_dir(r->pool, path);
    pf_report_destroy(r);
}

static void
test_already_stopped_changes_nothing(void)
{
    pf_report_t   *r = rfx_unit_report("80");
    const char    *path = rfx_state_dir(r->pool), *where;
    rfx_fake_t     fake = { "", NULL, 0, "enabled", 0, NULL, NULL, 0, 0 };
    pf_executor_t  ex;
    pf_plan_t      plan;
    pf_array_t     j;
    pf_error_t     err;
    pf_buf_t       b;

    rfx_executor(&ex, &fake);
    PF_ASSERT_EQ(rfx_plan(r, NULL, 1, NULL, &plan), PF_OK);
    pf_buf_init(&b);
    PF_ASSERT_EQ(pf_plan_apply(rfx_ctx(r->pool, &ex, NULL, &b), &plan, &err),
                 PF_OK);
    PF_ASSERT_STR(fake.log, "unit_query nginx.service;");
    PF_ASSERT_CONTAINS(b.data, "nothing to change");
    PF_ASSERT_EQ(pf_undo_load(r->pool, NULL, &where, &j, &err), PF_OK);
    PF_ASSERT_SIZE_EQ(j.nelts, 0);
    pf_buf_free(&b);
    rfx_rm_state_dir(r->pool, path);
    pf_report_destroy(r);
}

static void
test_failure_stops_and_is_journalled(void)
{
    pf_report_t   *r = rfx_unit_report("80");
    const char    *path = rfx_state_dir(r->pool), *where, *archived;
    rfx_fake_t     fake = { "", "unit_stop", 1, "enabled", 0, NULL, NULL, 0,
                            0 };
    pf_executor_t  ex;
    pf_plan_t      plan;
    pf_array_t     j;
    pf_error_t     err;
    pf_buf_t       b;

    rfx_executor(&ex, &fake);
    PF_ASSERT_EQ(rfx_plan(r, "disable-unit", 1, NULL, &plan), PF_OK);
    pf_buf_init(&b);
    PF_ASSERT_EQ(pf_plan_apply(rfx_ctx(r->pool, &ex, NULL, &b), &plan, &err),
                 PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, "fake unit_stop failed");
    PF_ASSERT_CONTAINS(b.data, "FAILED: systemctl stop nginx.service");
    PF_ASSERT_EQ(rfx_step(&plan, 0)->applied, -1);
    PF_ASSERT_EQ(pf_undo_load(r->pool, NULL, &where, &j, &err), PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(j.nelts, 2);
    PF_ASSERT_EQ(entry(&j, 0)->state, PF_JOURNAL_DONE);
    PF_ASSERT_EQ(entry(&j, 1)->state, PF_JOURNAL_FAILED);
    PF_ASSERT_STR(entry(&j, 1)->error, "fake unit_stop failed");

    /* undo restores both, the failed one conservatively */
    fake.fail_op = NULL;
    fake.log[0] = '\0';
    PF_ASSERT_EQ(pf_undo_apply(rfx_ctx(r->pool, &ex, where, &b), &j,
                               &archived, &err), PF_OK);
    PF_ASSERT_STR(fake.log, "unit_start nginx.service;"
                  "unit_enable nginx.service;");
    pf_buf_free(&b);
    rfx_rm_state_dir(r->pool, path);
    pf_report_destroy(r);
}

static pf_report_t *
service_report(void)
{
    pf_report_t  *r = pf_report_create();
    pf_check_t   *c = rfx_check(r, "80", PF_STATUS_DENIED);
    pf_finding_t *f;

    r->host.platform = "windows";
    rfx_service(c, "W3SVC", 1800, "auto");
    f = rfx_finding(r, c, PF_CAUSE_HTTPSYS);
    rfx_remedy(r, f, "disable-service", PF_ACTION_DISABLE_SERVICE, "W3SVC",
              "sc config W3SVC start= disabled");
    rfx_remedy(r, f, "iplisten", PF_ACTION_ADD_IPLISTEN, "127.0.0.1",
              "netsh http add iplisten ipaddress=127.0.0.1");
    return r;
}

static void
test_service_dependents_order(void)
{
    pf_report_t   *r = service_report();
    const char    *path = rfx_state_dir(r->pool), *where, *archived;
    rfx_fake_t     fake = { "", NULL, 0, NULL, 1, "auto", "WebMgmt", 1, 0 };
    pf_executor_t  ex;
    pf_plan_t      plan;
    pf_array_t     j;
    pf_error_t     err;
    pf_buf_t       b;

    rfx_executor(&ex, &fake);
    PF_ASSERT_EQ(rfx_plan(r, NULL, 1, NULL, &plan), PF_OK);
    pf_buf_init(&b);
    PF_ASSERT_EQ(pf_plan_apply(rfx_ctx(r->pool, &ex, NULL, &b), &plan, &err),
                 PF_OK);
    PF_ASSERT_STR(fake.log, "service_query W3SVC;service_dependents W3SVC;"
                  "service_stop WebMgmt;service_stop W3SVC;"
                  "service_set_start W3SVC=disabled;");
    PF_ASSERT_EQ(pf_undo_load(r->pool, NULL, &where, &j, &err), PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(j.nelts, 3);
    PF_ASSERT_STR(entry(&j, 2)->before, "auto");

    fake.log[0] = '\0';
    PF_ASSERT_EQ(pf_undo_apply(rfx_ctx(r->pool, &ex, where, &b), &j,
                               &archived, &err), PF_OK);
    PF_ASSERT_STR(fake.log, "service_set_start W3SVC=auto;"
                  "service_start W3SVC;service_start WebMgmt;");
    PF_ASSERT_EQ(fake.svc_running, 1);
    PF_ASSERT_EQ(fake.dep_running, 1);
    pf_buf_free(&b);
    rfx_rm_state_dir(r->pool, path);
    pf_report_destroy(r);
}

static void
test_iplisten_apply_undo(void)
{
    pf_report_t   *r = service_report();
    const char    *path = rfx_state_dir(r->pool), *where, *archived;
    rfx_fake_t     fake = { "", NULL, 0, NULL, 1, "auto", NULL, 0, 0 };
    pf_executor_t  ex;
    pf_plan_t      plan;
    pf_array_t     j;
    pf_error_t     err;
    pf_buf_t       b;

    rfx_executor(&ex, &fake);
    PF_ASSERT_EQ(rfx_plan(r, "iplisten", 1, NULL, &plan), PF_OK);
    pf_buf_init(&b);
    PF_ASSERT_EQ(pf_plan_apply(rfx_ctx(r->pool, &ex, NULL, &b), &plan, &err),
                 PF_OK);
    PF_ASSERT_STR(fake.log, "iplisten_add 127.0.0.1;");
    PF_ASSERT_EQ(pf_undo_load(r->pool, NULL, &where, &j, &err), PF_OK);
    fake.log[0] = '\0';
    PF_ASSERT_EQ(pf_undo_apply(rfx_ctx(r->pool, &ex, where, &b), &j,
                               &archived, &err), PF_OK);
    PF_ASSERT_STR(fake.log, "iplisten_delete 127.0.0.1;");
    pf_buf_free(&b);
    rfx_rm_state_dir(r->pool, path);
    pf_report_destroy(r);
}

/* A crash between the journal write and the change leaves "pending". */
static void
test_crash_pending_is_undone(void)
{
    static const char crashed[] = "preflight-journal 1\n"
        "step seq=1 state=done kind=service op=stop subject=WebMgmt "
        "before=running after=stopped\n"
        "step seq=2 state=pending kind=service op=stop subject=W3SVC "
        "before=running after=stopped\n";
    pf_pool_t     *pool = pf_pool_create();
    const char    *path = rfx_state_dir(pool), *where, *archived;
    rfx_fake_t     fake = { "", NULL, 0, NULL, 0, "auto", "WebMgmt", 0, 0 };
    pf_executor_t  ex;
    pf_array_t     j;
    pf_error_t     err;
    pf_buf_t       b;
    FILE          *f;

    f = fopen(path, "wb");
    PF_ASSERT_NOT_NULL_FATAL(f);
    fwrite(crashed, 1, sizeof(crashed) - 1, f);
    fclose(f);
    rfx_executor(&ex, &fake);

    PF_ASSERT_EQ(pf_undo_load(pool, NULL, &where, &j, &err), PF_OK);
    PF_ASSERT_EQ(pf_undo_pending(&j), 2);
    pf_buf_init(&b);
    pf_undo_render(&j, &b);
    PF_ASSERT_CONTAINS(b.data, "1. start service W3SVC (stopped -> running)"
                       ": sc start W3SVC");
    PF_ASSERT_CONTAINS(b.data, "step 2 was pending");
    PF_ASSERT_EQ(pf_undo_apply(rfx_ctx(pool, &ex, where, &b), &j,
                               &archived, &err), PF_OK);
    PF_ASSERT_STR(fake.log, "service_start W3SVC;service_start WebMgmt;");
    PF_ASSERT_EQ(pf_undo_load(pool, NULL, &where, &j, &err), PF_OK);
    PF_ASSERT_SIZE_EQ(j.nelts, 0);
    pf_buf_free(&b);
    rfx_rm_state_dir(pool, path);
    pf_pool_destroy(pool);
}

/* A journal preflight could not have written: each such entry is shown
 * escaped and REFUSED, and then nothing at all is undone. */
static void
undo_foreign(const char *step, const char *shown)
{
    pf_pool_t     *pool = pf_pool_create();
    const char    *path = rfx_state_dir(pool), *where, *archived;
    rfx_fake_t     fake = { "", NULL, 0, NULL, 0, "auto", NULL, 0, 0 };
    pf_executor_t  ex;
    pf_array_t     j;
    pf_error_t     err;
    pf_buf_t       b;
    FILE          *f;
    const char    *p;

    f = fopen(path, "wb");
    PF_ASSERT_NOT_NULL_FATAL(f);
    fprintf(f, "preflight-journal 1\n"
            "step seq=1 state=done kind=unit op=stop subject=cron.service "
            "before=active after=inactive\n%s\n", step);
    fclose(f);
    rfx_executor(&ex, &fake);
    memset(&err, 0, sizeof(err));
    PF_ASSERT_EQ_FATAL(pf_undo_load(pool, NULL, &where, &j, &err), PF_OK);
    PF_ASSERT_EQ(pf_undo_refused(pool, &j), 1);
    pf_buf_init(&b);
    pf_undo_render(&j, &b);
    PF_ASSERT_CONTAINS(b.data, "1. REFUSED step 2: ");
    PF_ASSERT_CONTAINS(b.data, shown);
    PF_ASSERT_CONTAINS(b.data, "2. start unit cron.service");
    for (p = b.data; *p; p++) {
        CU_ASSERT(*p == '\n' || (unsigned char) *p >= 0x20);
    }
    PF_ASSERT_EQ(pf_undo_apply(rfx_ctx(pool, &ex, where, &b), &j,
                               &archived, &err), PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, "nothing was undone");
    /* not even the valid entry: nothing reached the executor */
    PF_ASSERT_STR(fake.log, "");
    PF_ASSERT_EQ(pf_undo_load(pool, NULL, &where, &j, &err), PF_OK);
    PF_ASSERT_EQ(pf_undo_pending(&j), 2);
    pf_buf_free(&b);
    rfx_rm_state_dir(pool, path);
    pf_pool_destroy(pool);
}

static void
test_undo_refuses_foreign_entries(void)
{
    /* enable a unit file from a user's home */
    undo_foreign("step seq=2 state=done kind=unit op=disable "
                 "subject=/home/user/x.service before=enabled "
                 "after=disabled",
                 "'/home/user/x.service' is not a unit name preflight "
                 "writes");
    /* a ';' (and a space) in a unit name */
    undo_foreign("step seq=2 state=done kind=unit op=stop "
                 "subject=nginx.service;touch%20PWNED;.service "
                 "before=active after=inactive",
                 "subject=nginx.service;touch PWNED;.service");
    /* escape sequences that would repaint the listing */
    undo_foreign("step seq=2 state=done kind=unit op=stop "
                 "subject=a%1B[1A%1B[2K.service before=active "
                 "after=inactive",
                 "subject=a\\x1b[1A\\x1b[2K.service");
    /* a change preflight never makes */
    undo_foreign("step seq=2 state=done kind=unit op=mask "
                 "subject=ssh.service before=enabled after=masked",
                 "'unit mask' is not a change preflight makes");
    /* a start type fix never records, with a CR in it */
    undo_foreign("step seq=2 state=done kind=service op=set-start "
                 "subject=W3SVC before=auto%0Dx after=disabled",
                 "'auto\\rx' is not a state service set-start records");
    /* two recorded states run together are not one */
    undo_foreign("step seq=2 state=done kind=unit op=stop "
                 "subject=x.service before=refreshing%20inactive "
                 "after=inactive",
                 "'refreshing inactive' is not a state unit stop records");
    undo_foreign("step seq=2 state=done kind=service op=stop "
                 "subject=a&calc before=running after=stopped",
                 "'a&calc' is not a service name preflight writes");
}

/* An undo that fails half way keeps what was undone marked, so the next
 * undo goes on from there. */
static void
test_undo_failure_resumes(void)
{
    pf_report_t   *r = service_report();
    const char    *path = rfx_state_dir(r->pool), *where, *archived;
    rfx_fake_t     fake = { "", NULL, 0, NULL, 1, "auto", "WebMgmt", 1, 0 };
    pf_executor_t  ex;
    pf_plan_t      plan;
    pf_array_t     j;
    pf_error_t     err;
    pf_buf_t       b;

    rfx_executor(&ex, &fake);
    PF_ASSERT_EQ(rfx_plan(r, NULL, 1, NULL, &plan), PF_OK);
    pf_buf_init(&b);
    PF_ASSERT_EQ(pf_plan_apply(rfx_ctx(r->pool, &ex, NULL, &b), &plan, &err),
                 PF_OK);
    PF_ASSERT_EQ(pf_undo_load(r->pool, NULL, &where, &j, &err), PF_OK);
    fake.fail_op = "service_start";
    PF_ASSERT_EQ(pf_undo_apply(rfx_ctx(r->pool, &ex, where, &b), &j,
                               &archived, &err), PF_ERROR);
    PF_ASSERT_EQ(access(path, F_OK), 0);
    PF_ASSERT_EQ(pf_undo_load(r->pool, NULL, &where, &j, &err), PF_OK);
    PF_ASSERT_EQ(pf_undo_pending(&j), 2);
    fake.fail_op = NULL;
    fake.log[0] = '\0';
    PF_ASSERT_EQ(pf_undo_apply(rfx_ctx(r->pool, &ex, where, &b), &j,
                               &archived, &err), PF_OK);
    PF_ASSERT_STR(fake.log, "service_start W3SVC;service_start WebMgmt;");
    pf_buf_free(&b);
    rfx_rm_state_dir(r->pool, path);
    pf_report_destroy(r);
}

/* A journal that cannot be read stops apply before anything changes. */
static void
test_corrupt_journal_blocks_apply(void)
{
    pf_report_t   *r = rfx_unit_report("80");
    const char    *path = rfx_state_dir(r->pool);
    rfx_fake_t     fake = { "", NULL, 1, "enabled", 0, NULL, NULL, 0, 0 };
    pf_executor_t  ex;
    pf_plan_t      plan;
    pf_error_t     err;
    pf_buf_t       b;
    FILE          *f;

    f = fopen(path, "wb");
    PF_ASSERT_NOT_NULL_FATAL(f);
    fputs("garbage\n", f);
    fclose(f);
    rfx_executor(&ex, &fake);
    PF_ASSERT_EQ(rfx_plan(r, NULL, 1, NULL, &plan), PF_OK);
    pf_buf_init(&b);
    PF_ASSERT_EQ(pf_plan_apply(rfx_ctx(r->pool, &ex, NULL, &b), &plan, &err),
                 PF_ERROR);
    PF_ASSERT_EQ(err.line, 1);
    PF_ASSERT_STR(fake.log, "");
    pf_buf_free(&b);
    rfx_rm_state_dir(r->pool, path);
    pf_report_destroy(r);
}

static void
test_server_suggest_and_allow(void)
{
    pf_report_t *r = rfx_unit_report("80");
    const char  *path = rfx_state_dir(r->pool);
    pf_error_t   err;
    pf_buf_t     b;

    pf_array_t   none, listed;

    pf_buf_init(&b);
    pf_array_init(&none, r->pool, 1, sizeof(char *));
    pf_array_init(&listed, r->pool, 1, sizeof(char *));
    pf_array_push_str(&listed, "nginx.service");
    /* issue 17: the module logged every fix with its commands already;
     * suggest adds only how the server could apply one itself */
    r->ctx.server = PF_SERVER_NGINX;
    PF_ASSERT_EQ(pf_remedy_for_server(r, PF_REMEDY_MODE_SUGGEST, &none,
                                      &b, &err), PF_OK);
    PF_ASSERT_NOT_NULL_FATAL(b.data);
    PF_ASSERT_NOT_CONTAINS(b.data, "Remedy plan");
    PF_ASSERT_NOT_CONTAINS(b.data, "kill 1234");
    PF_ASSERT_NOT_CONTAINS(b.data, "systemctl stop nginx.service");
    PF_ASSERT_CONTAINS(b.data, "preflight remedy: the server can do "
                       "\"stop-unit nginx.service\" itself at its next "
                       "start, with "
                       "preflight_remedy apply; "
                       "preflight_remedy_allow nginx.service;\n");
    b.len = 0;
    /* in Apache's words; a unit already on the list is not named again */
    r->ctx.server = PF_SERVER_APACHE;
    PF_ASSERT_EQ(pf_remedy_for_server(r, PF_REMEDY_MODE_SUGGEST, &listed,
                                      &b, &err), PF_OK);
    if (pf_executor_is_admin(pf_executor_platform())) {
        PF_ASSERT_CONTAINS(b.data, "with PreflightRemedy apply\n");
    }
    PF_ASSERT_NOT_CONTAINS(b.data, "PreflightRemedyAllow");
    PF_ASSERT_NOT_CONTAINS(b.data, "preflight_remedy");
    b.len = 0;
    /* APPLY without an allow list changes nothing and says why */
    PF_ASSERT_EQ(pf_remedy_for_server(r, PF_REMEDY_MODE_APPLY, NULL, &b,
                                      &err), PF_OK);
    PF_ASSERT_CONTAINS(b.data, "not in the allow list");
    PF_ASSERT_CONTAINS(b.data, "nothing applied");
    PF_ASSERT_EQ(access(path, F_OK), -1);
    pf_buf_free(&b);
    rfx_rm_state_dir(r->pool, path);
    pf_report_destroy(r);
}

/* Issue 16: the proof runs again at apply time.  Between the plan and
 * the apply the holder changed (systemd no longer confirms it is
 * nginx.service's): nothing is run, nothing journalled, and the output
 * says why. */
static void
test_apply_proves_again(void)
{
    pf_report_t   *r = rfx_unit_report("80");
    const char    *path = rfx_state_dir(r->pool);
    rfx_fake_t     fake = { "", NULL, 1, "enabled", 0, NULL, NULL, 0, 0 };
    pf_check_t    *c = &PF_ARRAY_AT(&r->checks, pf_check_t, 0);
    pf_process_t  *p = &PF_ARRAY_AT(&c->facts.processes, pf_process_t, 0);
    pf_executor_t  ex;
    pf_plan_t      plan;
    pf_error_t     err;
    pf_buf_t       b;

    rfx_executor(&ex, &fake);
    PF_ASSERT_EQ(rfx_plan(r, NULL, 1, NULL, &plan), PF_OK);
    PF_ASSERT_EQ(rfx_step(&plan, 0)->kind, PF_STEP_RUN);
    p->unit_proven = 0;
    p->unit_proof = "PID 1234 is not in nginx.service's own control group";
    pf_buf_init(&b);
    PF_ASSERT_EQ(pf_plan_apply(rfx_ctx(r->pool, &ex, NULL, &b), &plan, &err),
                 PF_ERROR);
    PF_ASSERT_EQ(fake.reproves, 1);
    PF_ASSERT_STR(fake.log, "");
    PF_ASSERT_CONTAINS(b.data, "refused: nginx.service no longer proves to "
                       "hold *:80 (nothing proves that PID 1234 is "
                       "nginx.service's process: PID 1234 is not in "
                       "nginx.service's own control group)");
    PF_ASSERT_EQ(rfx_step(&plan, 0)->applied, -1);
    PF_ASSERT_EQ(access(path, F_OK), -1);

    /* an executor that cannot prove again runs nothing on a unit */
    p->unit_proven = 1;
    ex.reprove = NULL;
    b.len = 0;
    PF_ASSERT_EQ(pf_plan_apply(rfx_ctx(r->pool, &ex, NULL, &b), &plan, &err),
                 PF_ERROR);
    PF_ASSERT_STR(fake.log, "");
    PF_ASSERT_CONTAINS(b.data, "cannot check the holder again");
    pf_buf_free(&b);
    rfx_rm_state_dir(r->pool, path);
    pf_report_destroy(r);
}

static CU_TestInfo apply_tests[] = {
    { "the proof runs again at apply time", test_apply_proves_again },
    { "unit: apply, undo, second undo", test_unit_apply_then_undo },
    { "already stopped: nothing changed",
      test_already_stopped_changes_nothing },
    { "a failure stops and is journalled",
      test_failure_stops_and_is_journalled },
    { "service: dependents first, undo reversed",
      test_service_dependents_order },
    { "iplisten: add, undo deletes", test_iplisten_apply_undo },
    { "crash: pending entries undone", test_crash_pending_is_undone },
    { "undo failure: resumes", test_undo_failure_resumes },
    { "undo refuses entries fix never writes",
      test_undo_refuses_foreign_entries },
    { "corrupt journal blocks apply", test_corrupt_journal_blocks_apply },
    { "server: suggest, apply needs allow", test_server_suggest_and_allow },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "remedy apply and undo", NULL, NULL, NULL, NULL, apply_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
