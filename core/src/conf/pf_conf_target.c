/*
 * Targets found in a configuration: resolved through pf_target_parse,
 * stamped with their source, and kept once per address, port and
 * protocol (for Apache, once per Listen line).
 */
#include <string.h>

#include "preflight.h"
#include "conf/pf_conf.h"

const char *
pf_conf_source(pf_conf_run_t *run, const char *file, unsigned line)
{
    return pf_psprintf(run->pool, "%s:%u", file, line);
}

static int
pf_conf_same_path(const pf_target_t *a, const pf_target_t *b)
{
    return a->path == NULL || b->path == NULL || strcmp(a->path, b->path) == 0;
}

/* nginx takes the same address in many server blocks; httpd refuses a
 * second Listen of it (pf_listen_set.c says so), so those are kept,
 * unless the parser only guessed that both lines apply. */
static int
pf_conf_merges(const pf_conf_run_t *run, const pf_target_t *a,
               const pf_target_t *b)
{
    return a->server != PF_SERVER_APACHE || run->merge_lines
           || a->source == NULL
           || b->source == NULL || strcmp(a->source, b->source) == 0;
}

int
pf_conf_add_target(pf_conf_run_t *run, const pf_target_t *t)
{
    pf_target_t *o;
    size_t       i;

    for (i = run->out_start; i < run->out->nelts; i++) {
        o = &PF_ARRAY_AT(run->out, pf_target_t, i);
        if (o->port == t->port && o->proto == t->proto
            && o->family == t->family && strcmp(o->address, t->address) == 0
            && pf_conf_same_path(o, t) && pf_conf_merges(run, o, t))
        {
            return PF_OK;
        }
    }
    o = pf_array_push(run->out);
    if (o == NULL) {
        return PF_ENOMEM;
    }
    *o = *t;
    return PF_OK;
}

int
pf_conf_add_spec(pf_conf_run_t *run, const char *spec,
                 const pf_target_t *tmpl, pf_family_t family_any_as,
                 const char *file, unsigned line)
{
    pf_array_t   found;
    pf_error_t   te;
    pf_target_t  t;
    size_t       i;
    int          rc;

    memset(&te, 0, sizeof(te));
    if (pf_array_init(&found, run->pool, 2, sizeof(pf_target_t)) != PF_OK) {
        return PF_ENOMEM;
    }
    rc = pf_target_parse(run->pool, spec, tmpl->source, &found, &te);
    if (rc != PF_OK) {
        if (rc == PF_ERROR) {
            pf_error_set(run->err, file, line, "%s", te.message);
        }
        return rc;
    }
    for (i = 0; i < found.nelts; i++) {
        const pf_target_t *f = &PF_ARRAY_AT(&found, pf_target_t, i);

        t = *tmpl;
        memcpy(t.address, f->address, sizeof(t.address));
        t.family = f->family;
        t.port = f->port;
        if (strcmp(t.address, "*") == 0 && family_any_as == PF_FAMILY_INET) {
            strcpy(t.address, "0.0.0.0");
            t.family = PF_FAMILY_INET;
        }
        if (t.family != PF_FAMILY_INET6) {
            t.v6only = -1;
        }
        rc = pf_conf_add_target(run, &t);
        if (rc != PF_OK) {
            return rc;
        }
    }
    return PF_OK;
}
