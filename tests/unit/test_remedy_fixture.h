/*
 * Shared by the remedy tests: reports built by hand (facts, findings,
 * remedies), and a fake executor that records what it was asked to do
 * and keeps the states of the units and services it pretends to manage.
 * Prefix rfx_: test_diag_fixture.h's fx_check, fx_process, fx_finding and
 * fx_remedy take other arguments, and one name with two signatures sent
 * readers of a test to the wrong definition.
 */
#ifndef TEST_REMEDY_FIXTURE_H
#define TEST_REMEDY_FIXTURE_H

#include <stdlib.h>
#include <unistd.h>

#include "pf_test.h"
#include "remedy/pf_remedy.h"

/* ---------------------------------------------------------------------
 * Reports.
 */
static inline pf_check_t *
rfx_check(pf_report_t *r, const char *spec, pf_status_t status)
{
    pf_array_t  t;
    pf_error_t  err;
    pf_check_t *c;

    pf_array_init(&t, r->pool, 1, sizeof(pf_target_t));
    PF_ASSERT_EQ_FATAL(pf_target_parse(r->pool, spec, "command line", &t,
                                       &err), PF_OK);
    c = pf_report_add_target(r, &PF_ARRAY_AT(&t, pf_target_t, 0));
    PF_ASSERT_NOT_NULL_FATAL(c);
    c->probe.status = status;
    return c;
}

static inline pf_process_t *
rfx_process(pf_report_t *r, pf_check_t *c, long pid, const char *name,
           const char *unit)
{
    pf_process_t *p = pf_array_push(&c->facts.processes);

    pf_process_init(p, r->pool);
    p->pid = pid;
    p->name = name;
    p->unit = unit;
    if (unit != NULL) {
        /* as the facts layer leaves a holder systemd confirmed to be the
         * unit's main process (issue 16: proof of possession) */
        p->unit_kind = PF_UNIT_SYSTEM;
        p->cgroup_unit = unit;
        p->unit_proven = 1;
    }
    return p;
}

static inline pf_service_t *
rfx_service(pf_check_t *c, const char *name, long pid, const char *start)
{
    pf_service_t *s = pf_array_push(&c->facts.services);

    s->name = name;
    s->pid = pid;
    s->running = 1;
    s->start_type = start;
    return s;
}

static inline pf_finding_t *
rfx_finding(pf_report_t *r, pf_check_t *c, pf_cause_t cause)
{
    pf_finding_t *f = pf_array_push(&c->findings);

    f->cause = cause;
    f->summary = "test finding";
    pf_array_init(&f->holders, r->pool, 0, sizeof(pf_process_t *));
    pf_array_init(&f->evidence, r->pool, 0, sizeof(char *));
    pf_array_init(&f->remedies, r->pool, 0, sizeof(pf_remedy_t));
    return f;
}

static inline pf_remedy_t *
rfx_remedy(pf_report_t *r, pf_finding_t *f, const char *id, pf_action_t a,
          const char *subject, const char *command)
{
    pf_remedy_t *m = pf_array_push(&f->remedies);

    m->id = id;
    m->summary = pf_psprintf(r->pool, "%s %s", id, subject ? subject : "");
    m->action = a;
    m->subject = subject;
    m->needs_admin = a != PF_ACTION_NONE && a != PF_ACTION_CHANGE_PORT;
    pf_array_init(&m->commands, r->pool, 1, sizeof(char *));
    pf_array_push_str(&m->commands, command);
    return m;
}

/* A port held by nginx.service (pid 1234). */
static inline pf_report_t *
rfx_unit_report(const char *spec)
{
    pf_report_t  *r = pf_report_create();
    pf_check_t   *c = rfx_check(r, spec, PF_STATUS_IN_USE);
    pf_finding_t *f;

    rfx_process(r, c, 1234, "nginx", "nginx.service");
    f = rfx_finding(r, c, PF_CAUSE_PROCESS);
    rfx_remedy(r, f, "stop-process", PF_ACTION_NONE, NULL, "kill 1234");
    rfx_remedy(r, f, "stop-unit", PF_ACTION_STOP_UNIT, "nginx.service",
              "systemctl stop nginx.service");
    rfx_remedy(r, f, "disable-unit", PF_ACTION_DISABLE_UNIT, "nginx.service",
              "systemctl disable --now nginx.service");
    return r;
}

static inline pf_step_t *
rfx_step(pf_plan_t *plan, size_t i)
{
    CU_ASSERT_FATAL(i < plan->steps.nelts);
    return &PF_ARRAY_AT(&plan->steps, pf_step_t, i);
}

static inline int
rfx_plan(pf_report_t *r, const char *remedy, int admin,
        const pf_array_t *allow, pf_plan_t *plan)
{
    pf_plan_options_t o;
    pf_error_t        err;

    memset(&o, 0, sizeof(o));
    memset(&err, 0, sizeof(err));
    o.remedy = remedy;
    o.is_admin = admin;
    o.allow = allow;
    return pf_plan_build(r, &o, plan, &err);
}

/* Where pf_plan_apply and pf_undo_apply work in a test: ex, the journal
 * (NULL: the state directory's), the lines into b.  One at a time. */
static inline const pf_apply_ctx_t *
rfx_ctx(pf_pool_t *pool, const pf_executor_t *ex, const char *journal,
        pf_buf_t *b)
{
    static pf_apply_ctx_t ctx;

    ctx.pool = pool;
    ctx.ex = ex;
    ctx.journal = journal;
    ctx.prefix = "";
    ctx.out = b;
    return &ctx;
}

/* ---------------------------------------------------------------------
 * The fake executor.
 */
typedef struct {
    char        log[4096];        /* "unit_stop nginx.service;..." */
    const char *fail_op;          /* this op fails */
    int         unit_active;
    const char *unit_file;
    int         svc_running;
    const char *svc_start;
    const char *dependent;        /* a running dependent, or NULL */
    int         dep_running;
    int         reproves;         /* times apply asked for the proof */
} rfx_fake_t;

static inline void
rfx_log(rfx_fake_t *f, const char *op, const char *what)
{
    size_t n = strlen(f->log);

    snprintf(f->log + n, sizeof(f->log) - n, "%s %s;", op, what);
}

static inline int
rfx_op(void *data, const char *op, const char *what, pf_error_t *err)
{
    rfx_fake_t *f = data;

    rfx_log(f, op, what);
    if (f->fail_op != NULL && strcmp(f->fail_op, op) == 0) {
        pf_error_set(err, NULL, 0, "fake %s failed", op);
        return PF_ERROR;
    }
    return PF_OK;
}

static inline int
rfx_is_admin(void *data)
{
    (void) data;
    return 1;
}

static inline int
rfx_unit_query(void *data, pf_pool_t *pool, const char *unit,
              const char **active, const char **file_state, pf_error_t *err)
{
    rfx_fake_t *f = data;

    (void) pool;
    *active = f->unit_active ? "active" : "inactive";
    *file_state = f->unit_file;
    return rfx_op(data, "unit_query", unit, err);
}

static inline int
rfx_unit_stop(void *data, const char *unit, pf_error_t *err)
{
    ((rfx_fake_t *) data)->unit_active = 0;
    return rfx_op(data, "unit_stop", unit, err);
}

static inline int
rfx_unit_start(void *data, const char *unit, pf_error_t *err)
{
    ((rfx_fake_t *) data)->unit_active = 1;
    return rfx_op(data, "unit_start", unit, err);
}

static inline int
rfx_unit_disable(void *data, const char *unit, pf_error_t *err)
{
    ((rfx_fake_t *) data)->unit_file = "disabled";
    return rfx_op(data, "unit_disable", unit, err);
}

static inline int
rfx_unit_enable(void *data, const char *unit, pf_error_t *err)
{
    ((rfx_fake_t *) data)->unit_file = "enabled";
    return rfx_op(data, "unit_enable", unit, err);
}

static inline int
rfx_service_query(void *data, pf_pool_t *pool, const char *name, int *running,
                 const char **start_type, pf_error_t *err)
{
    rfx_fake_t *f = data;

    (void) pool;
    *running = f->svc_running;
    *start_type = f->svc_start;
    return rfx_op(data, "service_query", name, err);
}

static inline int
rfx_service_dependents(void *data, pf_pool_t *pool, const char *name,
                      pf_array_t *out, pf_error_t *err)
{
    rfx_fake_t *f = data;

    (void) pool;
    if (f->dependent != NULL && f->dep_running) {
        pf_array_push_str(out, f->dependent);
    }
    return rfx_op(data, "service_dependents", name, err);
}

static inline int
rfx_service_stop(void *data, const char *name, pf_error_t *err)
{
    rfx_fake_t *f = data;

    if (f->dependent != NULL && strcmp(name, f->dependent) == 0) {
        f->dep_running = 0;
    } else {
        f->svc_running = 0;
    }
    return rfx_op(data, "service_stop", name, err);
}

static inline int
rfx_service_start(void *data, const char *name, pf_error_t *err)
{
    rfx_fake_t *f = data;

    if (f->dependent != NULL && strcmp(name, f->dependent) == 0) {
        f->dep_running = 1;
    } else {
        f->svc_running = 1;
    }
    return rfx_op(data, "service_start", name, err);
}

static inline int
rfx_service_set_start(void *data, const char *name, const char *start,
                     pf_error_t *err)
{
    rfx_fake_t *f = data;
    char       what[128];

    f->svc_start = start;
    snprintf(what, sizeof(what), "%s=%s", name, start);
    return rfx_op(data, "service_set_start", what, err);
}

static inline int
rfx_iplisten_add(void *data, const char *addr, pf_error_t *err)
{
    return rfx_op(data, "iplisten_add", addr, err);
}

static inline int
rfx_iplisten_delete(void *data, const char *addr, pf_error_t *err)
{
    return rfx_op(data, "iplisten_delete", addr, err);
}

/* The proof at apply time, on the hand-built facts as they are then (a
 * test changes them between plan and apply): the same refusal checks as
 * the plan's. */
static inline const char *
rfx_reprove(void *data, pf_pool_t *pool, const pf_report_t *r,
           const pf_step_t *s)
{
    ((rfx_fake_t *) data)->reproves++;
    return pf_plan_refusal(pool, r, s->check, s->finding, s->remedy);
}

static inline void
rfx_executor(pf_executor_t *ex, rfx_fake_t *f)
{
    memset(ex, 0, sizeof(*ex));
    ex->name = "fake";
    ex->admin = "root";
    ex->data = f;
    ex->is_admin = rfx_is_admin;
    ex->unit_query = rfx_unit_query;
    ex->unit_stop = rfx_unit_stop;
    ex->unit_start = rfx_unit_start;
    ex->unit_disable = rfx_unit_disable;
    ex->unit_enable = rfx_unit_enable;
    ex->service_query = rfx_service_query;
    ex->service_dependents = rfx_service_dependents;
    ex->service_stop = rfx_service_stop;
    ex->service_start = rfx_service_start;
    ex->service_set_start = rfx_service_set_start;
    ex->iplisten_add = rfx_iplisten_add;
    ex->iplisten_delete = rfx_iplisten_delete;
    ex->reprove = rfx_reprove;
}

/* A fresh state directory for one test; PREFLIGHT_STATE_DIR points to
 * it (putenv and system() exist on both platforms).  Returns the
 * journal's path. */
static char rfx_dir[1024];
static char rfx_env[1100];

static inline const char *
rfx_state_dir(pf_pool_t *pool)
{
    static int  n;
    const char *tmp = getenv("TMPDIR");
    const char *sep = getenv("COMSPEC") != NULL ? "\\" : "/";
    pf_error_t  err;

    if (tmp == NULL) {
        tmp = getenv("TEMP") != NULL ? getenv("TEMP") : "/tmp";
    }
    snprintf(rfx_dir, sizeof(rfx_dir), "%s%spf-remedy-test-%ld-%d", tmp, sep,
             (long) getpid(), ++n);
    PF_ASSERT_EQ_FATAL(pf_remedy_mkdirs(pool, rfx_dir, &err), PF_OK);
    /* putenv keeps the pointer: one static buffer, rewritten */
    snprintf(rfx_env, sizeof(rfx_env), "PREFLIGHT_STATE_DIR=%s", rfx_dir);
    putenv(rfx_env);
    sep = strchr(rfx_dir, '\\') != NULL && strchr(rfx_dir, '/') == NULL
          ? "\\" : "/";
    return pf_psprintf(pool, "%s%sjournal", rfx_dir, sep);
}

static inline void
rfx_rm_state_dir(pf_pool_t *pool, const char *journal)
{
    const char *cmd = getenv("COMSPEC") != NULL ? "rmdir /s /q" : "rm -rf";

    (void) journal;
    PF_ASSERT_EQ(system(pf_psprintf(pool, "%s \"%s\"", cmd, rfx_dir)),
                 0);
}

/* ---------------------------------------------------------------------
 * The state directory (test_remedy_state.c, test_remedy_state_win.c).
 */

/* One done journal entry, as the state-directory tests write it. */
static inline pf_array_t *
rfx_journal_one(pf_pool_t *pool, const char *kind, const char *subject,
                const char *before, const char *after)
{
    pf_array_t         *a = pf_palloc(pool, sizeof(pf_array_t));
    pf_journal_entry_t *e;

    pf_array_init(a, pool, 1, sizeof(pf_journal_entry_t));
    e = pf_array_push(a);
    memset(e, 0, sizeof(*e));
    e->seq = 1;
    e->state = PF_JOURNAL_DONE;
    e->kind = kind;
    e->op = "stop";
    e->subject = subject;
    e->before = before;
    e->after = after;
    return a;
}

/* The journal's directory refused every way in (save, lock, load), each
 * error saying why; *save_err keeps the save's error for the platform's
 * own checks (the path named, nothing written). */
static inline void
rfx_state_refused(pf_pool_t *pool, const char *journal, pf_array_t *entries,
                  const char *why, pf_error_t *save_err)
{
    pf_array_t  j;
    pf_error_t  err;
    void       *lock = NULL;

    memset(save_err, 0, sizeof(*save_err));
    PF_ASSERT_EQ(pf_journal_save(pool, journal, entries, save_err),
                 PF_ERROR);
    PF_ASSERT_CONTAINS(save_err->message, why);
    PF_ASSERT_CONTAINS(save_err->message, "refusing the state directory");
    memset(&err, 0, sizeof(err));
    PF_ASSERT_EQ(pf_journal_lock(pool, journal, &lock, &err), PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, why);
    pf_array_init(&j, pool, 1, sizeof(pf_journal_entry_t));
    memset(&err, 0, sizeof(err));
    PF_ASSERT_EQ(pf_journal_load(pool, journal, &j, &err), PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, why);
}

#endif
