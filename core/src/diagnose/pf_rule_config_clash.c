/*
 * config-clash: an Apache and an nginx configuration of this host ask for
 * the same socket (the default check reads both).  Each can bind it while
 * the other is stopped, so the probe says free; yet only one of them can
 * ever start.  Both lines are named, so the user can pick which to move.
 */
#include <stdio.h>
#include <string.h>

#include "pf_diagnose.h"
#include "pf_conflict.h"

/* The remedies this file offers: id, what fix --apply does, whether it
 * needs root or Administrator (pf_diag_remedy). */
static const pf_diag_offer_t
    pf_clash_fix_edit_config = { "edit-config", PF_ACTION_NONE, 1 };

static int
pf_clash_any(const pf_target_t *t)
{
    return t->family == PF_FAMILY_ANY || strcmp(t->address, "*") == 0;
}

/* Would binding a keep b from binding (same port, overlapping address)? */
static int
pf_clash_overlap(const pf_target_t *a, const pf_target_t *b)
{
    pf_listener_t l;

    if (a->port != b->port || a->proto != b->proto) {
        return 0;
    }
    if (pf_clash_any(a) || pf_clash_any(b)) {
        return 1;
    }
    memset(&l, 0, sizeof(l));
    snprintf(l.address, sizeof(l.address), "%s", b->address);
    l.family = b->family;
    l.port = b->port;
    l.proto = b->proto;
    l.v6only = b->v6only;
    /* Linux's default, net.ipv6.bindv6only=0: [::] takes IPv4 too */
    return pf_listener_blocks(a, &l, 0);
}

static int
pf_clash_servers(const pf_target_t *a, const pf_target_t *b)
{
    return (a->server == PF_SERVER_APACHE && b->server == PF_SERVER_NGINX)
           || (a->server == PF_SERVER_NGINX && b->server == PF_SERVER_APACHE);
}

static const char *
pf_clash_name(pf_server_t s)
{
    return s == PF_SERVER_APACHE ? "Apache" : "nginx";
}

static void
pf_clash_finding(pf_diag_t *d, const pf_target_t *other)
{
    const pf_target_t *t = &d->c->target;
    char               mine[PF_ADDRSTRLEN + 16], theirs[PF_ADDRSTRLEN + 16];
    pf_finding_t      *f;
    pf_remedy_t       *r;

    pf_target_name(t, mine, sizeof(mine));
    pf_target_name(other, theirs, sizeof(theirs));
    f = pf_diag_finding(d, PF_CAUSE_CONFIG_CLASH, PF_SURE,
                        "%s at %s and %s at %s both listen on port %u: "
                        "only one of them can start",
                        pf_clash_name(t->server),
                        t->source ? t->source : "?",
                        pf_clash_name(other->server),
                        other->source ? other->source : "?", t->port);
    pf_diag_evidence(d, f, "%s: %s (%s)", pf_clash_name(t->server), mine,
                     t->source ? t->source : "?");
    pf_diag_evidence(d, f, "%s: %s (%s)", pf_clash_name(other->server),
                     theirs, other->source ? other->source : "?");
    r = pf_diag_remedy(d, f, &pf_clash_fix_edit_config,
                       "give one of the two another port, or disable the "
                       "server that is not wanted");
    (void) r;
}

int
pf_diagnose_clashes(pf_pool_t *pool, const pf_context_t *ctx,
                    const pf_host_facts_t *host, pf_array_t *checks)
{
    pf_diag_t d;
    size_t    i, j;

    memset(&d, 0, sizeof(d));
    d.pool = pool;
    d.ctx = ctx;
    d.host = host;
    for (i = 0; i < checks->nelts; i++) {
        d.c = &PF_ARRAY_AT(checks, pf_check_t, i);
        for (j = 0; j < checks->nelts; j++) {
            const pf_target_t *o = &PF_ARRAY_AT(checks, pf_check_t, j).target;

            if (j != i && pf_clash_servers(&d.c->target, o)
                && pf_clash_overlap(&d.c->target, o))
            {
                pf_clash_finding(&d, o);
                break;          /* one line is enough to move */
            }
        }
        if (d.nomem) {
            return PF_ENOMEM;
        }
    }
    return PF_OK;
}
