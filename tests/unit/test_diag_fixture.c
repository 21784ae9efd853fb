/*
 * Facts built by hand: see test_diag_fixture.h.
 */
#include "test_diag_fixture.h"

pf_report_t *fx_r;

void
fx_setup(void)
{
    fx_r = pf_report_create();
    fx_r->host.platform = "linux";
    fx_r->host.euid = 1000;
    fx_r->host.unprivileged_port_start = 1024;
    fx_r->host.cap_net_bind_service = 0;
}

void
fx_teardown(void)
{
    pf_report_destroy(fx_r);
    fx_r = NULL;
}

pf_check_t *
fx_check(const char *spec, pf_status_t status, pf_errspace_t space, int err)
{
    pf_array_t  targets;
    pf_error_t  e;
    pf_check_t *c;

    pf_array_init(&targets, fx_r->pool, 1, sizeof(pf_target_t));
    PF_ASSERT_EQ_FATAL(pf_target_parse(fx_r->pool, spec, "command line",
                                       &targets, &e), PF_OK);
    c = pf_report_add_target(fx_r, &PF_ARRAY_AT(&targets, pf_target_t, 0));
    PF_ASSERT_NOT_NULL_FATAL(c);
    c->probe.status = status;
    c->probe.errspace = space;
    c->probe.err = err;
    c->probe.err_name = pf_errno_name(space, err);
    c->facts.listeners_known = PF_KNOWN_YES;
    return c;
}

pf_process_t *
fx_process(pf_check_t *c, long pid, const char *name)
{
    pf_process_t *p = pf_array_push(&c->facts.processes);

    PF_ASSERT_NOT_NULL_FATAL(p);
    pf_process_init(p, fx_r->pool);
    p->pid = pid;
    p->ppid = 1;
    p->name = name;
    return p;
}

pf_listener_t *
fx_listener(pf_check_t *c, const char *addr, long uid, long owner_pid)
{
    pf_listener_t *l = pf_array_push(&c->facts.listeners);

    PF_ASSERT_NOT_NULL_FATAL(l);
    pf_listener_init(l, fx_r->pool);
    snprintf(l->address, sizeof(l->address), "%s", addr);
    l->family = strchr(addr, ':') ? PF_FAMILY_INET6 : PF_FAMILY_INET;
    l->port = c->target.port;
    l->uid = uid;
    l->owner_pid = owner_pid;
    return l;
}

void
fx_push_str(pf_array_t *a, const char *s)
{
    PF_ASSERT_EQ_FATAL(pf_array_push_str(a, s), PF_OK);
}

void
fx_diagnose(pf_check_t *c)
{
    PF_ASSERT_EQ_FATAL(pf_diagnose(fx_r->pool, &fx_r->ctx, &fx_r->host,
                                   c), PF_OK);
}

pf_finding_t *
fx_finding(pf_check_t *c, pf_cause_t cause)
{
    size_t i;

    for (i = 0; i < c->findings.nelts; i++) {
        if (PF_ARRAY_AT(&c->findings, pf_finding_t, i).cause == cause) {
            return &PF_ARRAY_AT(&c->findings, pf_finding_t, i);
        }
    }
    return NULL;
}

pf_remedy_t *
fx_remedy(pf_finding_t *f, const char *id)
{
    size_t i;

    for (i = 0; f != NULL && i < f->remedies.nelts; i++) {
        if (strcmp(PF_ARRAY_AT(&f->remedies, pf_remedy_t, i).id, id) == 0) {
            return &PF_ARRAY_AT(&f->remedies, pf_remedy_t, i);
        }
    }
    return NULL;
}

static int
fx_in(const pf_array_t *a, const char *text)
{
    size_t i;

    for (i = 0; i < a->nelts; i++) {
        if (strstr(PF_ARRAY_AT(a, const char *, i), text) != NULL) {
            return 1;
        }
    }
    return 0;
}

int
fx_has_command(const pf_finding_t *f, const char *text)
{
    size_t i;

    for (i = 0; f != NULL && i < f->remedies.nelts; i++) {
        if (fx_in(&PF_ARRAY_AT(&f->remedies, pf_remedy_t, i).commands,
                  text))
        {
            return 1;
        }
    }
    return 0;
}

int
fx_has_evidence(const pf_finding_t *f, const char *text)
{
    return f != NULL && fx_in(&f->evidence, text);
}

const char *
fx_commands(const pf_finding_t *f)
{
    pf_array_t all;
    size_t     i, j;
    pf_buf_t   b;

    pf_array_init(&all, fx_r->pool, 4, sizeof(char *));
    pf_buf_init(&b);
    for (i = 0; f != NULL && i < f->remedies.nelts; i++) {
        const pf_remedy_t *r = &PF_ARRAY_AT(&f->remedies, pf_remedy_t, i);

        for (j = 0; j < r->commands.nelts; j++) {
            pf_buf_printf(&b, "    [%s] %s\n", r->id,
                          PF_ARRAY_AT(&r->commands, const char *, j));
        }
    }
    fx_push_str(&all, b.data ? b.data : "(none)\n");
    pf_buf_free(&b);
    return PF_ARRAY_AT(&all, const char *, 0);
}
