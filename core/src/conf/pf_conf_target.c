/*
 * Targets found in a configuration: resolved through pf_target_parse,
 * stamped with their source, and kept once per address, port and
 * protocol (for Apache, once per Listen line).
 */
#include <string.h>

#include "preflight_internal.h"
#include "conf/pf_conf.h"
#include "conf/pf_conf_nginx_listen.h"

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

static size_t
pf_conf_target_hash(const pf_target_t *t)
{
    size_t h = 2166136261u;

    h = (h ^ (size_t) t->port) * 16777619u;
    h = (h ^ (size_t) t->proto) * 16777619u;
    h = (h ^ (size_t) t->family) * 16777619u;
    return pf_conf_hash(t->address, h);
}

static int
pf_conf_same_key(const pf_target_t *a, const pf_target_t *b)
{
    return a->port == b->port && a->proto == b->proto
           && a->family == b->family && strcmp(a->address, b->address) == 0;
}

#define PF_CONF_TARGET(run, i)  (&PF_ARRAY_AT((run)->out, pf_target_t, (i)))

/* The slot of t's key: the one holding its chain, or the empty one where
 * it would go. */
static size_t
pf_conf_target_slot(const pf_conf_run_t *run, const pf_target_t *t)
{
    size_t j = pf_conf_target_hash(t) & run->tmask;

    while (run->tslot[j] != 0
           && !pf_conf_same_key(PF_CONF_TARGET(run, run->tslot[j] - 1), t))
    {
        j = (j + 1) & run->tmask;
    }
    return j;
}

/* Keeps the index at most half full (slots hold one key each, however
 * many Listen lines share it) and tnext as long as the targets. */
static int
pf_conf_target_room(pf_conf_run_t *run)
{
    size_t  n = run->out->nelts - run->out_start + 1, i, *old, oldn;
    size_t *next;

    if (n > run->tcap) {
        next = pf_palloc(run->pool, 2 * n * sizeof(size_t));
        if (next == NULL) {
            return PF_ENOMEM;
        }
        if (run->tnext != NULL) {
            memcpy(next, run->tnext, run->tcap * sizeof(size_t));
        }
        run->tnext = next;
        run->tcap = 2 * n;
    }
    if (run->tslot != NULL && 2 * n <= run->tmask + 1) {
        return PF_OK;
    }
    old = run->tslot;
    oldn = old ? run->tmask + 1 : 0;
    run->tmask = oldn ? 2 * oldn - 1 : 63;
    run->tslot = pf_palloc(run->pool, (run->tmask + 1) * sizeof(size_t));
    if (run->tslot == NULL) {
        return PF_ENOMEM;
    }
    for (i = 0; i < oldn; i++) {
        if (old[i] != 0) {
            run->tslot[pf_conf_target_slot(run,
                                           PF_CONF_TARGET(run, old[i] - 1))]
                = old[i];
        }
    }
    return PF_OK;
}

/* t, and for nginx what its listen line was (pf_conf_nginx_listen_refusal),
 * appended to the chain of its key in slot j. */
static int
pf_conf_push_target(pf_conf_run_t *run, size_t j, const pf_target_t *t,
                    const char *refused, const char *refused_with)
{
    pf_target_t      *o;
    pf_conf_listen_t *l;
    size_t            i, last;

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
    i = run->out->nelts;          /* index + 1 */
    run->tnext[i - 1 - run->out_start] = 0;
    if (run->tslot[j] == 0) {
        run->tslot[j] = i;
        return PF_OK;
    }
    for (last = run->tslot[j]; run->tnext[last - 1 - run->out_start] != 0;
         last = run->tnext[last - 1 - run->out_start])
    {
        /* the chain's end: Listen lines of one address are few */
    }
    run->tnext[last - 1 - run->out_start] = i;
    return PF_OK;
}

/* Hashed by address, port and protocol: 100,000 vhosts' listen lines
 * are found again in constant time, not by a walk of all before them.
 * The chain of a key is in the order the lines came. */
int
pf_conf_add_target(pf_conf_run_t *run, const pf_target_t *t)
{
    pf_target_t *o;
    const char  *refused;
    size_t       j, i;

    if (pf_conf_target_room(run) != PF_OK) {
        return PF_ENOMEM;
    }
    j = pf_conf_target_slot(run, t);
    for (i = run->tslot[j]; i != 0; i = run->tnext[i - 1 - run->out_start]) {
        o = PF_CONF_TARGET(run, i - 1);
        if (!pf_conf_same_path(o, t) || o->refused != NULL) {
            continue;
        }
        if (run->server == PF_SERVER_NGINX) {
            refused = pf_conf_nginx_listen_refusal(run,
                                                   i - 1 - run->out_start, t);
            if (refused != NULL) {
                return pf_conf_push_target(run, j, t, refused, o->source);
            }
        }
        if (pf_conf_merges(run, o, t)) {
            return PF_OK;
        }
    }
    return pf_conf_push_target(run, j, t, NULL, NULL);
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
