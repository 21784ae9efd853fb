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
