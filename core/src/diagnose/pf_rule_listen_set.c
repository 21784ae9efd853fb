/*
 * listen-set: the server's own configuration rules this address out,
 * whoever else is on the port (pf_listen_set.c decided it: httpd refuses
 * a repeated Listen, and cannot bind an address inside one it bound
 * before; nginx refuses a repeated listen, default server or set of
 * socket options for one address).  Nothing to stop: the fix is a line of the configuration.
 */
#include "pf_diagnose.h"

/* The remedies this file offers: id, what fix --apply does, whether it
 * needs root or Administrator (pf_diag_remedy). */
static const pf_diag_offer_t
    pf_listen_fix_remove_listen = { "remove-listen", PF_ACTION_NONE, 0 },
    pf_listen_fix_narrow_listen = { "narrow-listen", PF_ACTION_NONE, 0 };

static const char *
pf_listen_set_spelling(const pf_check_t *c)
{
    return c->target.spelling != NULL ? c->target.spelling
                                      : c->target.address;
}

static void
pf_listen_set_duplicate(pf_diag_t *d, const pf_check_t *c)
{
    pf_finding_t *f;

    f = pf_diag_finding(d, PF_CAUSE_LISTEN_SET, PF_SURE,
                        "Apache refuses to start: this Listen repeats the "
                        "one at %s (AH00526: Cannot define multiple "
                        "Listeners on the same IP:port)", c->clash_source);
    pf_diag_evidence(d, f, "Listen %s at %s and at %s: the same host, as "
                     "written, and port", pf_listen_set_spelling(c),
                     c->clash_source, c->target.source);
    pf_diag_remedy(d, f, &pf_listen_fix_remove_listen,
                   "remove the Listen at %s; the one at %s serves the "
                   "address", c->target.source, c->clash_source);
}

/* What the server's own configuration check says (nginx -t). */
static void
pf_listen_set_refused(pf_diag_t *d, const pf_check_t *c)
{
    pf_finding_t *f;

    f = pf_diag_finding(d, PF_CAUSE_LISTEN_SET, PF_SURE,
                        "nginx refuses to start: \"%s\" (this listen "
                        "repeats the one at %s)", c->target.refused,
                        c->target.refused_with);
    pf_diag_evidence(d, f, "nginx takes one listen of an address per "
                     "server block, one default_server and one set of "
                     "socket options (backlog=, reuseport, ...) for it");
    pf_diag_remedy(d, f, &pf_listen_fix_remove_listen,
                   "remove what this listen repeats: the line at %s, or "
                   "its default_server or socket options", c->target.source);
}

/* nginx binds the specific address first (ngx_http_cmp_conf_addrs) and
 * fails on the wildcard, against its own socket. */
static void
pf_listen_set_nginx_overlap(pf_diag_t *d, const pf_check_t *c)
{
    pf_finding_t *f;

    f = pf_diag_finding(d, PF_CAUSE_LISTEN_SET, PF_SURE,
                        "nginx binds %s (from %s) on a socket of its own "
                        "first, which takes this wildcard's address: nginx "
                        "will fail here after five tries (bind() failed, "
                        "98: Address already in use)", c->clash_target,
                        c->clash_source);
    pf_diag_evidence(d, f, "\"bind\" and the socket options (backlog=, "
                     "reuseport, ...) give a listen a socket of its own "
                     "even beside a wildcard of its port");
    pf_diag_remedy(d, f, &pf_listen_fix_narrow_listen,
                   "remove bind and the socket options from the listen at "
                   "%s, so that this wildcard serves its address",
                   c->clash_source);
}

static void
pf_listen_set_overlap(pf_diag_t *d, const pf_check_t *c)
{
    pf_finding_t *f;

    if (c->target.server == PF_SERVER_NGINX) {
        pf_listen_set_nginx_overlap(d, c);
        return;
    }

    f = pf_diag_finding(d, PF_CAUSE_LISTEN_SET, PF_SURE,
                        "Apache binds %s (from %s) first, which takes this "
                        "address too: httpd will stop with AH00072 "
                        "(could not bind to address)", c->clash_target,
                        c->clash_source);
    pf_diag_evidence(d, f, "a socket cannot be bound inside an address "
                     "that is listening already (a wildcard takes every "
                     "address of its family, a dual-stack [::] both), "
                     "SO_REUSEADDR or not");
    pf_diag_remedy(d, f, &pf_listen_fix_remove_listen,
                   "remove the Listen at %s: %s serves this address "
                   "already", c->target.source, c->clash_target);
    pf_diag_remedy(d, f, &pf_listen_fix_narrow_listen,
                   "or make the Listen at %s a specific address, so that "
                   "both can be bound", c->clash_source);
}

int
pf_rule_listen_set(pf_diag_t *d)
{
    const pf_check_t *c = d->c;

    if (c->probe.status != PF_STATUS_CLASH) {
        return 0;
    }
    if (c->target.refused != NULL) {
        pf_listen_set_refused(d, c);
    } else if (c->clash_duplicate) {
        pf_listen_set_duplicate(d, c);
    } else {
        pf_listen_set_overlap(d, c);
    }
    return 1;
}
