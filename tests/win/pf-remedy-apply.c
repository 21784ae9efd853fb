/*
 * pf-remedy-apply SERVICE PORT [REMEDY]: the remedy end-to-end test's
 * stand-in for what Wine cannot show.  On Windows GetExtendedTcpTable
 * names the PID of the service holding PORT; Wine reports every listener
 * as PID 0, so no rule can name the service.  This helper builds the
 * report Windows would give (the port probed for real, the service and its
 * PID read from the real SCM, the stop-service and disable-service
 * remedies the rules offer) and runs the real plan, safety checks,
 * platform executor and journal on it, exactly as `preflight fix --apply
 * --yes --remedy REMEDY` does.  `preflight undo --apply` then restores
 * from that journal.  Exit codes as preflight fix.
 */
#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0601
#endif
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "preflight.h"
#include "remedy/pf_remedy.h"

static long
pf_service_pid(const char *name)
{
    SERVICE_STATUS_PROCESS st;
    SC_HANDLE              scm, h;
    DWORD                  need = 0;
    long                   pid = -1;

    scm = OpenSCManagerA(NULL, NULL, SC_MANAGER_CONNECT);
    h = scm ? OpenServiceA(scm, name, SERVICE_QUERY_STATUS) : NULL;
    if (h != NULL && QueryServiceStatusEx(h, SC_STATUS_PROCESS_INFO,
                                          (LPBYTE) &st, sizeof(st), &need))
    {
        pid = (long) st.dwProcessId;
    }
    if (h != NULL) {
        CloseServiceHandle(h);
    }
    if (scm != NULL) {
        CloseServiceHandle(scm);
    }
    return pid;
}

static void
pf_add_remedy(pf_report_t *r, pf_finding_t *f, const char *id,
              pf_action_t a, const char *service, const char *cmd)
{
    pf_remedy_t *m = pf_array_push(&f->remedies);

    m->id = id;
    m->summary = pf_psprintf(r->pool, "%s %s", id, service);
    m->action = a;
    m->subject = service;
    m->needs_admin = 1;
    pf_array_init(&m->commands, r->pool, 1, sizeof(char *));
    pf_array_push_str(&m->commands, cmd);
}

/* The facts and finding Windows would give for a service's own socket. */
static int
pf_build(pf_report_t *r, const char *service, const char *port)
{
    pf_array_t    targets;
    pf_error_t    err;
    pf_check_t   *c;
    pf_process_t *p;
    pf_service_t *s;
    pf_finding_t *f;
    long          pid = pf_service_pid(service);

    if (pid <= 0) {
        fprintf(stderr, "pf-remedy-apply: service %s is not running\n",
                service);
        return 2;
    }
    pf_array_init(&targets, r->pool, 1, sizeof(pf_target_t));
    if (pf_target_parse(r->pool, port, "command line", &targets, &err)
        != PF_OK || pf_report_add_targets(r, &targets) != PF_OK)
    {
        fprintf(stderr, "pf-remedy-apply: bad port %s\n", port);
        return 2;
    }
    pf_report_probe(r);
    c = &PF_ARRAY_AT(&r->checks, pf_check_t, 0);
    p = pf_array_push(&c->facts.processes);
    pf_process_init(p, r->pool);
    p->pid = pid;
    p->name = "pf-http-service.exe";
    pf_array_push_str(&p->services, service);
    s = pf_array_push(&c->facts.services);
    s->name = service;
    s->pid = pid;
    s->running = 1;
    f = pf_array_push(&c->findings);
    f->cause = PF_CAUSE_PROCESS;
    f->summary = "held by the test service";
    pf_array_init(&f->holders, r->pool, 0, sizeof(pf_process_t *));
    pf_array_init(&f->evidence, r->pool, 0, sizeof(char *));
    pf_array_init(&f->remedies, r->pool, 2, sizeof(pf_remedy_t));
    pf_add_remedy(r, f, "stop-service", PF_ACTION_STOP_SERVICE, service,
                  pf_psprintf(r->pool, "net stop %s", service));
    pf_add_remedy(r, f, "disable-service", PF_ACTION_DISABLE_SERVICE,
                  service, pf_psprintf(r->pool, "sc config %s start= "
                                       "disabled", service));
    return 0;
}

static int
pf_apply(pf_report_t *r, const char *remedy)
{
    const pf_executor_t *ex = pf_executor_platform();
    pf_plan_options_t    o;
    pf_plan_t            plan;
    pf_error_t           err;
    pf_buf_t             b;
    int                  rc;

    memset(&o, 0, sizeof(o));
    memset(&err, 0, sizeof(err));
    o.remedy = remedy;
    o.is_admin = ex->is_admin(ex->data);
    if (pf_plan_build(r, &o, &plan, &err) != PF_OK) {
        fprintf(stderr, "pf-remedy-apply: %s\n", err.message);
        return 2;
    }
    pf_buf_init(&b);
    pf_plan_render_text(&plan, "", &b);
    rc = pf_plan_count(&plan, PF_STEP_RUN) == 0 ? PF_ERROR
         : pf_plan_apply(r->pool, &plan, ex, NULL, "", &b, &err);
    if (b.len) {
        fwrite(b.data, 1, b.len, stdout);
    }
    pf_buf_free(&b);
    if (rc != PF_OK) {
        fprintf(stderr, "pf-remedy-apply: %s\n", err.message[0]
                ? err.message : "no step may run");
        return 3;
    }
    return 0;
}

int
main(int argc, char **argv)
{
    pf_report_t *r;
    int          rc;

    if (argc < 3) {
        fprintf(stderr, "usage: pf-remedy-apply SERVICE PORT [REMEDY]\n");
        return 2;
    }
    r = pf_report_create();
    if (r == NULL) {
        return 2;
    }
    rc = pf_build(r, argv[1], argv[2]);
    if (rc == 0) {
        rc = pf_apply(r, argc > 3 ? argv[3] : NULL);
    }
    pf_report_destroy(r);
    return rc;
}
