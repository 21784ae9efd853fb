/*
 * One check as the lines a server module writes to its error log: no
 * colour, no symbols, every line readable on its own after a log prefix.
 */
#include "pf_render_words.h"

static void
pf_log_finding(pf_buf_t *out, const pf_finding_t *f, unsigned flags)
{
    size_t i, j, n = f->evidence.nelts;

    /* summaries, evidence and commands quote the system's strings */
    pf_text_line(out, "  ", f->summary);
    for (i = 0; i < f->holders.nelts; i++) {
        pf_buf_puts(out, "  held by ");
        pf_text_holder(out, PF_ARRAY_AT(&f->holders, pf_process_t *, i));
        pf_buf_puts(out, "\n");
    }
    if (!(flags & PF_RENDER_VERBOSE) && n > 1) {
        n = 1;
    }
    for (i = 0; i < n; i++) {
        pf_text_line(out, "  evidence: ",
                     PF_ARRAY_AT(&f->evidence, const char *, i));
    }
    for (i = 0; i < f->remedies.nelts; i++) {
        const pf_remedy_t *r = &PF_ARRAY_AT(&f->remedies, pf_remedy_t, i);

        pf_buf_printf(out, "  fix %u: ", (unsigned) i + 1);
        pf_text_line(out, "", r->summary);
        for (j = 0; j < r->commands.nelts; j++) {
            pf_text_line(out, "      ",
                         PF_ARRAY_AT(&r->commands, const char *, j));
        }
    }
}

void
pf_render_check_text(const pf_report_t *r, const pf_check_t *c,
                     unsigned flags, pf_buf_t *out)
{
    size_t i;

    (void) r;
    pf_text_target(out, c);
    if (c->probe.status == PF_STATUS_FREE) {
        pf_buf_puts(out, ": free\n");
        return;
    }
    pf_buf_printf(out, ": %s%s", pf_check_is_conflict(c)
                  ? "cannot be bound, " : "", pf_text_status(c->probe.status));
    if (c->probe.err_name != NULL) {
        pf_buf_printf(out, " (%s)", c->probe.err_name);
    }
    pf_buf_puts(out, "\n");
    for (i = 0; i < c->findings.nelts; i++) {
        pf_log_finding(out, &PF_ARRAY_AT(&c->findings, pf_finding_t, i),
                       flags);
    }
}
