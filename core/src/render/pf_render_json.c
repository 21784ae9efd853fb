/*
 * The report as JSON: the schema of preflight(1) (section JSON), stable for
 * scripts.  Fields may be added; none is renamed or removed without a new
 * PF_JSON_SCHEMA.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "pf_json.h"
#include "pf_version.h"

static void
pf_json_holder(pf_buf_t *out, const pf_process_t *p)
{
    pf_json_open(out, NULL, '{');
    pf_json_kid(out, "pid", p->pid);
    pf_json_kstr(out, "name", p->name);
    pf_json_kstr(out, "exe", p->exe);
    pf_json_kstr(out, "user", p->user);
    pf_json_kstr(out, "unit", p->unit);
    pf_json_kstr(out, "service", p->services.nelts
                 ? PF_ARRAY_AT(&p->services, const char *, 0) : NULL);
    pf_json_kstr(out, "container", p->container);
    pf_json_close(out, '}');
}

static void
pf_json_remedy(pf_buf_t *out, const pf_remedy_t *r)
{
    pf_json_open(out, NULL, '{');
    pf_json_kstr(out, "id", r->id);
    pf_json_kstr(out, "summary", r->summary);
    pf_json_kstrs(out, "commands", &r->commands);
    pf_json_kbool(out, "needs_admin", r->needs_admin);
    pf_json_close(out, '}');
}

static const char *
pf_json_confidence(pf_confidence_t c)
{
    return c == PF_SURE ? "sure" : c == PF_LIKELY ? "likely" : "possible";
}

static void
pf_json_finding(pf_buf_t *out, const pf_finding_t *f)
{
    size_t i;

    pf_json_open(out, NULL, '{');
    pf_json_kstr(out, "cause", pf_cause_name(f->cause));
    pf_json_kstr(out, "summary", f->summary);
    pf_json_kstr(out, "confidence", pf_json_confidence(f->confidence));
    pf_json_open(out, "holders", '[');
    for (i = 0; i < f->holders.nelts; i++) {
        pf_json_holder(out, PF_ARRAY_AT(&f->holders, pf_process_t *, i));
    }
    pf_json_close(out, ']');
    pf_json_kstrs(out, "evidence", &f->evidence);
    pf_json_open(out, "remedies", '[');
    for (i = 0; i < f->remedies.nelts; i++) {
        pf_json_remedy(out, &PF_ARRAY_AT(&f->remedies, pf_remedy_t, i));
    }
    pf_json_close(out, ']');
    pf_json_close(out, '}');
}

static void
pf_json_target(pf_buf_t *out, const pf_check_t *c)
{
    int    failed = c->probe.status != PF_STATUS_FREE;
    size_t i;

    pf_json_open(out, NULL, '{');
    pf_json_kstr(out, "address", c->target.address);
    if (c->target.family == PF_FAMILY_UNIX) {
        pf_json_kstr(out, "path", c->target.path);
    }
    pf_json_klong(out, "port", (long) c->target.port);
    pf_json_kstr(out, "proto", pf_json_proto(c->target.proto));
    pf_json_kstr(out, "source", c->target.source);
    pf_json_kstr(out, "status", pf_status_name(c->probe.status));
    pf_json_kstr(out, "error", failed ? c->probe.err_name : NULL);
    pf_json_kid(out, "errno", failed && c->probe.err ? c->probe.err : -1);
    if (c->note != NULL) {
        pf_json_kstr(out, "note", c->note);
    }
    if (c->nomem) {
        pf_json_kbool(out, "incomplete", 1);    /* out of memory */
    }
    pf_json_open(out, "findings", '[');
    for (i = 0; i < c->findings.nelts; i++) {
        pf_json_finding(out, &PF_ARRAY_AT(&c->findings, pf_finding_t, i));
    }
    pf_json_close(out, ']');
    pf_json_close(out, '}');
}

/* The fields every JSON document of preflight starts with. */
void
pf_json_head(const pf_report_t *r, pf_buf_t *out)
{
    pf_json_klong(out, "schema", PF_JSON_SCHEMA);
    pf_json_kstr(out, "tool", "preflight");
    pf_json_kstr(out, "version", PF_VERSION);
    pf_json_kstr(out, "platform", r->host.platform);
}

void
pf_render_json(const pf_report_t *r, pf_buf_t *out)
{
    size_t i;

    pf_buf_puts(out, "{");
    pf_json_head(r, out);
    pf_json_open(out, "targets", '[');
    for (i = 0; i < r->checks.nelts; i++) {
        pf_json_target(out, &PF_ARRAY_AT(&r->checks, pf_check_t, i));
    }
    pf_json_close(out, ']');
    pf_buf_puts(out, "}\n");
}
