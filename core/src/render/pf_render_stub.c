/* PLACEHOLDER until the renderers land. */
#include "preflight.h"

void
pf_json_str(pf_buf_t *out, const char *s)
{
    pf_buf_puts(out, "\"");
    pf_buf_puts(out, s ? s : "");
    pf_buf_puts(out, "\"");
}

void
pf_render_check_text(const pf_report_t *r, const pf_check_t *c,
                     unsigned flags, pf_buf_t *out)
{
    char name[128];

    (void) r; (void) flags;
    pf_buf_printf(out, "%s: %s\n", pf_target_name(&c->target, name,
                  sizeof(name)), pf_status_name(c->probe.status));
}

void
pf_render_text(const pf_report_t *r, unsigned flags, pf_buf_t *out)
{
    size_t i;

    for (i = 0; i < r->checks.nelts; i++) {
        pf_render_check_text(r, &PF_ARRAY_AT(&r->checks, pf_check_t, i),
                             flags, out);
    }
}

void
pf_render_json(const pf_report_t *r, pf_buf_t *out)
{
    (void) r;
    pf_buf_puts(out, "{}\n");
}

void
pf_render_facts_json(const pf_report_t *r, pf_buf_t *out)
{
    (void) r;
    pf_buf_puts(out, "{}\n");
}
