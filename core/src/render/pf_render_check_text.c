/*
 * One check as the lines a server module writes to its error log: no
 * colour, no symbols, every line readable on its own after a log prefix.
 * A module logs its conflicts one after the other: what an earlier one
 * said (the same holder, the same commands) is not said again.
 */
#include <string.h>

#include "pf_render_words.h"

/* A command some remedy of g gives already. */
static int
pf_log_said(const pf_finding_t *g, const char *cmd)
{
    size_t i, j;

    for (i = 0; g != NULL && i < g->remedies.nelts; i++) {
        const pf_remedy_t *r = &PF_ARRAY_AT(&g->remedies, pf_remedy_t, i);

        for (j = 0; j < r->commands.nelts; j++) {
            if (strcmp(PF_ARRAY_AT(&r->commands, const char *, j), cmd)
                == 0)
            {
                return 1;
            }
        }
    }
    return 0;
}

/* Every command of r given by g already (and r has some). */
static int
pf_log_all_said(const pf_finding_t *g, const pf_remedy_t *r)
{
    size_t j;

    for (j = 0; j < r->commands.nelts; j++) {
        if (!pf_log_said(g, PF_ARRAY_AT(&r->commands, const char *, j))) {
            return 0;
        }
    }
    return g != NULL && r->commands.nelts > 0;
}

/* g: the same finding logged for an earlier address, or NULL. */
static void
pf_log_finding(pf_buf_t *out, const pf_finding_t *f, const pf_finding_t *g,
               const char *above, unsigned flags)
{
    size_t i, j, n = f->evidence.nelts;

    /* summaries, evidence and commands quote the system's strings */
    if (g != NULL) {
        /* one log line each for the holder and its evidence is enough */
        pf_buf_puts(out, "  ");
        pf_buf_inert(out, f->summary);
        pf_buf_printf(out, " (as for %s above)\n", above);
        n = 0;
    } else {
        pf_text_line(out, "  ", f->summary);
        pf_text_holders(out, f, "  ", (flags & PF_RENDER_VERBOSE) != 0);
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

        if (pf_log_all_said(g, r)) {
            continue;
        }
        pf_buf_printf(out, "  fix %u: ", (unsigned) i + 1);
        pf_text_line(out, "", r->summary);
        for (j = 0; j < r->commands.nelts; j++) {
            pf_text_line(out, "      ",
                         PF_ARRAY_AT(&r->commands, const char *, j));
        }
    }
}

/*
 * The same finding for an earlier address that a log has shown: a
 * conflict before this one (a module logs conflicts together), whose
 * finding has the same cause and the same words (the same holder).
 */
static const pf_finding_t *
pf_log_earlier(const pf_report_t *r, const pf_check_t *c,
               const pf_finding_t *f, const pf_check_t **where)
{
    size_t i, k;

    if (r == NULL || !pf_check_is_conflict(c) || f->summary == NULL) {
        return NULL;
    }
    for (i = 0; i < r->checks.nelts; i++) {
        const pf_check_t *e = &PF_ARRAY_AT(&r->checks, pf_check_t, i);

        if (e == c) {
            return NULL;
        }
        if (!pf_check_is_conflict(e) || e->probe.status != c->probe.status) {
            continue;
        }
        for (k = 0; k < e->findings.nelts; k++) {
            const pf_finding_t *g = &PF_ARRAY_AT(&e->findings, pf_finding_t,
                                                 k);

            if (g->cause == f->cause && g->summary != NULL
                && strcmp(g->summary, f->summary) == 0)
            {
                *where = e;
                return g;
            }
        }
    }
    return NULL;
}

void
pf_render_check_text(const pf_report_t *r, const pf_check_t *c,
                     unsigned flags, pf_buf_t *out)
{
    char               above[PF_ADDRSTRLEN + 16];
    size_t             i;
    const pf_check_t  *e = NULL;

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
        const pf_finding_t *f = &PF_ARRAY_AT(&c->findings, pf_finding_t, i);
        const pf_finding_t *g = pf_log_earlier(r, c, f, &e);

        if (g != NULL) {
            pf_target_name(&e->target, above, sizeof(above));
        }
        pf_log_finding(out, f, g, above, flags);
    }
    if (c->nomem) {
        pf_buf_puts(out, "  " PF_TEXT_NOMEM "\n");
    }
}
