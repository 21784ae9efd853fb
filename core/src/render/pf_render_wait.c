/*
 * What a wait waited for: one line per target, so that a script's log
 * says why its start took longer, and who was leaving.
 */
#include "preflight_internal.h"

/* The holder to name: the first process the facts found, a parent
 * before its children (the master, not one of its workers). */
static const pf_process_t *
pf_wait_holder(const pf_check_t *c)
{
    const pf_array_t *ps = &c->facts.processes;
    size_t            i;

    for (i = 0; i < ps->nelts; i++) {
        const pf_process_t *p = &PF_ARRAY_AT(ps, pf_process_t, i);

        if (pf_facts_find_process(&c->facts, p->ppid) == NULL) {
            return p;
        }
    }
    return ps->nelts > 0 ? &PF_ARRAY_AT(ps, pf_process_t, 0) : NULL;
}

static void
pf_wait_line(const pf_check_t *c, const char *prefix, pf_buf_t *out)
{
    const pf_process_t *p = pf_wait_holder(c);
    char                name[PF_ADDRSTRLEN + 16];

    pf_buf_printf(out, "%swaited %.1f s for %s", prefix,
                  c->waited_ms / 1000.0,
                  pf_target_name(&c->target, name, sizeof(name)));
    if (p != NULL) {
        pf_buf_printf(out, ", held by PID %ld", p->pid);
        if (p->name != NULL) {
            /* names are made printable when they are read */
            pf_buf_printf(out, " %s", p->name);
        }
    }
    pf_buf_puts(out, pf_check_failed(c) ? ", to be released: it is still "
                                          "held\n"
                                        : ", to be released\n");
}

void
pf_render_wait_text(const pf_report_t *r, const char *prefix, pf_buf_t *out)
{
    size_t i;

    for (i = 0; i < r->checks.nelts; i++) {
        const pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);

        if (c->waited_ms > 0) {
            pf_wait_line(c, prefix, out);
        }
    }
}
