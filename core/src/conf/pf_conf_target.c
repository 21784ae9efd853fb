/*
 * Targets found in a configuration: resolved through pf_target_parse,
 * stamped with their source, and kept once per address, port and
 * protocol (for Apache, once per Listen line).
 */
#include <string.h>

#include "preflight.h"
#include "conf/pf_conf.h"
#include "conf/pf_conf_ngx_listen.h"

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

/* t, and for nginx what its listen line was (pf_ngx_listen_refusal). */
static int
pf_conf_push_target(pf_conf_run_t *run, const pf_target_t *t,
                    const char *refused, const char *refused_with)
{
    pf_target_t      *o;
    pf_conf_listen_t *l;

    if (run->server == PF_SERVER_NGINX) {
        if (run->listens.elts == NULL
            && pf_array_init(&run->listens, run->pool, 8,
                             sizeof(pf_conf_listen_t)) != PF_OK)
        {
            return PF_ENOMEM;
        }
        while (run->listens.nelts < run->out->nelts - run->out_start) {
            if (pf_array_push(&run->listens) == NULL) {  /* not nginx's */
                return PF_ENOMEM;
            }
        }
        l = pf_array_push(&run->listens);
        if (l == NULL) {
            return PF_ENOMEM;
        }
        *l = run->listen;
    }
    o = pf_array_push(run->out);
    if (o == NULL) {
        return PF_ENOMEM;
    }
    *o = *t;
    o->refused = refused;
    o->refused_with = refused_with;
    return PF_OK;
}

int
pf_conf_add_target(pf_conf_run_t *run, const pf_target_t *t)
{
    pf_target_t *o;
    const char  *refused;
    size_t       i;

    for (i = run->out_start; i < run->out->nelts; i++) {
        o = &PF_ARRAY_AT(run->out, pf_target_t, i);
        if (o->port != t->port || o->proto != t->proto
            || o->family != t->family || strcmp(o->address, t->address) != 0
            || !pf_conf_same_path(o, t) || o->refused != NULL)
        {
            continue;
        }
        if (run->server == PF_SERVER_NGINX) {
            refused = pf_ngx_listen_refusal(run, i - run->out_start, t);
            if (refused != NULL) {
                return pf_conf_push_target(run, t, refused, o->source);
            }
        }
        if (pf_conf_merges(run, o, t)) {
            return PF_OK;
        }
    }
    return pf_conf_push_target(run, t, NULL, NULL);
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
