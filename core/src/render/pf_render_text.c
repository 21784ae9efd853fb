/*
 * The report for people at a terminal: one line per target, then for
 * each target that cannot be bound its findings, evidence and numbered
 * fixes.  ANSI colour only when asked (the CLI asks only for a terminal
 * without NO_COLOR).
 */
#include "pf_render_words.h"

#define PF_EVIDENCE_SHORT  3

typedef struct {
    pf_buf_t   *out;
    unsigned    flags;
} pf_text_t;

static const char *
pf_ansi(const pf_text_t *t, const char *code)
{
    return (t->flags & PF_RENDER_COLOR) ? code : "";
}

#define PF_RED(t)    pf_ansi(t, "\033[31m")
#define PF_GREEN(t)  pf_ansi(t, "\033[32m")
#define PF_YELLOW(t) pf_ansi(t, "\033[33m")
#define PF_BOLD(t)   pf_ansi(t, "\033[1m")
#define PF_DIM(t)    pf_ansi(t, "\033[2m")
#define PF_RESET(t)  pf_ansi(t, "\033[0m")

static void
pf_text_headline(pf_text_t *t, const pf_check_t *c)
{
    int         ok = !pf_check_is_conflict(c);
    const char *glyph;

    if (t->flags & PF_RENDER_ASCII) {
        glyph = ok ? "ok" : "!!";
    } else {
        glyph = ok ? "\xe2\x9c\x94" : "\xe2\x9c\x98";
    }
    pf_buf_printf(t->out, "%s%s%s ", ok ? PF_GREEN(t) : PF_RED(t), glyph,
                  PF_RESET(t));
    pf_text_target(t->out, c);
    pf_buf_printf(t->out, " %s", pf_text_status(c->probe.status));
    if (c->probe.status != PF_STATUS_FREE && c->probe.err_name != NULL) {
        pf_buf_printf(t->out, " %s(%s)%s", PF_DIM(t), c->probe.err_name,
                      PF_RESET(t));
    }
    pf_buf_puts(t->out, "\n");
}

static void
pf_text_evidence(pf_text_t *t, const pf_check_t *c, const pf_finding_t *f)
{
    size_t n = f->evidence.nelts, i;
    char   name[PF_ADDRSTRLEN + 16];

    if (!(t->flags & PF_RENDER_VERBOSE) && n > PF_EVIDENCE_SHORT) {
        n = PF_EVIDENCE_SHORT;
    }
    for (i = 0; i < n; i++) {
        pf_text_line(t->out, "    - ",
                     PF_ARRAY_AT(&f->evidence, const char *, i));
    }
    if (n < f->evidence.nelts) {
        pf_buf_printf(t->out, "    %s(%u more: preflight explain %s)%s\n",
                      PF_DIM(t), (unsigned) (f->evidence.nelts - n),
                      pf_target_name(&c->target, name, sizeof(name)),
                      PF_RESET(t));
    }
}

static void
pf_text_remedies(pf_text_t *t, const pf_finding_t *f)
{
    size_t i, j;

    if (f->remedies.nelts == 0) {
        return;
    }
    pf_buf_printf(t->out, "  %sFix:%s\n", PF_YELLOW(t), PF_RESET(t));
    for (i = 0; i < f->remedies.nelts; i++) {
        const pf_remedy_t *r = &PF_ARRAY_AT(&f->remedies, pf_remedy_t, i);

        pf_buf_printf(t->out, "    %u. ", (unsigned) i + 1);
        pf_buf_inert(t->out, r->summary);
        pf_buf_printf(t->out, "%s\n",
                      r->needs_admin ? " (as administrator)" : "");
        for (j = 0; j < r->commands.nelts; j++) {
            pf_buf_printf(t->out, "         %s", PF_BOLD(t));
            pf_buf_inert(t->out, PF_ARRAY_AT(&r->commands, const char *, j));
            pf_buf_printf(t->out, "%s\n", PF_RESET(t));
        }
    }
}

static void
pf_text_finding(pf_text_t *t, const pf_check_t *c, const pf_finding_t *f)
{
    pf_buf_printf(t->out, "  %s", PF_BOLD(t));
    pf_buf_inert(t->out, f->summary);
    pf_buf_printf(t->out, "%s\n", PF_RESET(t));
    pf_text_holders(t->out, f, "    ", (t->flags & PF_RENDER_VERBOSE) != 0);
    pf_text_evidence(t, c, f);
    pf_text_remedies(t, f);
}

static void
pf_text_notes(pf_text_t *t, const pf_array_t *notes, const char *indent)
{
    size_t i;

    for (i = 0; i < notes->nelts; i++) {
        pf_buf_printf(t->out, "%s%snote: ", indent, PF_DIM(t));
        pf_buf_inert(t->out, PF_ARRAY_AT(notes, const char *, i));
        pf_buf_printf(t->out, "%s\n", PF_RESET(t));
    }
}

static void
pf_text_check(pf_text_t *t, const pf_check_t *c)
{
    size_t i;

    pf_text_headline(t, c);
    if (c->note != NULL) {
        pf_buf_printf(t->out, "  %snote: %s%s\n", PF_DIM(t), c->note,
                      PF_RESET(t));
    }
    for (i = 0; i < c->findings.nelts; i++) {
        pf_text_finding(t, c, &PF_ARRAY_AT(&c->findings, pf_finding_t, i));
    }
    if (c->nomem) {
        pf_buf_printf(t->out, "  %s" PF_TEXT_NOMEM "%s\n", PF_YELLOW(t),
                      PF_RESET(t));
    }
    if (t->flags & PF_RENDER_VERBOSE) {
        pf_text_notes(t, &c->facts.notes, "  ");
    }
}

void
pf_render_text(const pf_report_t *r, unsigned flags, pf_buf_t *out)
{
    pf_text_t t;
    size_t    i;

    t.out = out;
    t.flags = flags;
    for (i = 0; i < r->checks.nelts; i++) {
        const pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);

        if ((flags & PF_RENDER_QUIET) && !pf_check_is_conflict(c)) {
            continue;
        }
        pf_text_check(&t, c);
    }
    if (flags & PF_RENDER_VERBOSE) {
        pf_text_notes(&t, &r->host.notes, "");
    }
}
