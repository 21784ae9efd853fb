/*
 * Words shared by the text renderers.
 */
#include <stdio.h>
#include <string.h>

#include "pf_render_words.h"

const char *
pf_text_status(pf_status_t s)
{
    static const char *words[] = {
        "not checked", "free", "in use", "denied", "privileged",
        "not local", "unsupported", "error",
        "clashes with this configuration"
    };

    return (unsigned) s < sizeof(words) / sizeof(words[0]) ? words[s]
                                                           : "error";
}

static int
pf_text_source_is_place(const char *src)
{
    return src != NULL && src[0] != '\0'
           && strcmp(src, "command line") != 0 && strcmp(src, "default") != 0;
}

void
pf_text_target(pf_buf_t *out, const pf_check_t *c)
{
    char name[PF_ADDRSTRLEN + 16];

    pf_buf_puts(out, pf_target_name(&c->target, name, sizeof(name)));
    if (pf_text_source_is_place(c->target.source)) {
        pf_buf_puts(out, " (from ");
        pf_buf_inert(out, c->target.source);
        pf_buf_puts(out, ")");
    }
}

void
pf_text_holder(pf_buf_t *out, const pf_process_t *p)
{
    size_t i;

    /* every field is the system's, chosen by whoever started it */
    pf_buf_printf(out, "PID %ld ", p->pid);
    pf_buf_inert(out, p->name ? p->name : "?");
    if (p->exe != NULL) {
        pf_buf_puts(out, ", ");
        pf_buf_inert(out, p->exe);
    }
    if (p->user != NULL) {
        pf_buf_puts(out, ", user ");
        pf_buf_inert(out, p->user);
    } else if (p->uid >= 0) {
        pf_buf_printf(out, ", uid %ld", p->uid);
    }
    if (p->unit != NULL) {
        pf_buf_puts(out, ", ");
        pf_buf_inert(out, p->unit);
    }
    for (i = 0; i < p->services.nelts; i++) {
        pf_buf_puts(out, ", service ");
        pf_buf_inert(out, PF_ARRAY_AT(&p->services, const char *, i));
    }
    if (p->container != NULL) {
        char id[13];

        snprintf(id, sizeof(id), "%.12s", p->container);
        pf_buf_puts(out, ", container ");
        pf_buf_inert(out, id);
    }
}

void
pf_text_line(pf_buf_t *out, const char *prefix, const char *s)
{
    pf_buf_puts(out, prefix);
    pf_buf_inert(out, s);
    pf_buf_puts(out, "\n");
}

#define PF_TEXT_WORKER_PIDS  8     /* workers named by PID on their line */

/* The holder of f whose process is p's parent, or NULL. */
static const pf_process_t *
pf_text_parent_holder(const pf_finding_t *f, const pf_process_t *p)
{
    size_t i;

    for (i = 0; p->ppid > 0 && i < f->holders.nelts; i++) {
        const pf_process_t *q = PF_ARRAY_AT(&f->holders, pf_process_t *, i);

        if (q != p && q->pid == p->ppid) {
            return q;
        }
    }
    return NULL;
}

/* The top holder above p (p itself when its parent holds nothing). */
static const pf_process_t *
pf_text_top_holder(const pf_finding_t *f, const pf_process_t *p)
{
    const pf_process_t *q;
    size_t              steps;

    for (steps = 0; steps < f->holders.nelts; steps++) {
        q = pf_text_parent_holder(f, p);
        if (q == NULL) {
            break;
        }
        p = q;
    }
    return p;
}

static void
pf_text_workers(pf_buf_t *out, const pf_finding_t *f,
                const pf_process_t *top, const char *indent)
{
    size_t i, n = 0;

    for (i = 0; i < f->holders.nelts; i++) {
        const pf_process_t *p = PF_ARRAY_AT(&f->holders, pf_process_t *, i);

        if (p == top || pf_text_top_holder(f, p) != top) {
            continue;
        }
        if (n == 0) {
            pf_buf_printf(out, "%sand ", indent);
        }
        n++;
    }
    if (n == 0) {
        return;
    }
    pf_buf_printf(out, "%lu of its child processes hold it too: PID",
                  (unsigned long) n);
    for (i = 0, n = 0; i < f->holders.nelts; i++) {
        const pf_process_t *p = PF_ARRAY_AT(&f->holders, pf_process_t *, i);

        if (p == top || pf_text_top_holder(f, p) != top) {
            continue;
        }
        if (n++ == PF_TEXT_WORKER_PIDS) {
            pf_buf_puts(out, ", ...");
            break;
        }
        pf_buf_printf(out, "%s %ld", n > 1 ? "," : "", p->pid);
    }
    pf_buf_puts(out, "\n");
}

void
pf_text_holders(pf_buf_t *out, const pf_finding_t *f, const char *indent,
                int all)
{
    size_t i;

    for (i = 0; i < f->holders.nelts; i++) {
        const pf_process_t *p = PF_ARRAY_AT(&f->holders, pf_process_t *, i);

        if (!all && pf_text_parent_holder(f, p) != NULL) {
            continue;           /* on its top holder's line of workers */
        }
        pf_buf_printf(out, "%sheld by ", indent);
        pf_text_holder(out, p);
        pf_buf_puts(out, "\n");
        if (!all) {
            pf_text_workers(out, f, p, indent);
        }
    }
}
