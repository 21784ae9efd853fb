/*
 * Building findings and remedies.  Every helper accepts the NULL a failed
 * allocation left behind and records the failure in d->nomem, so a rule is
 * a straight list of what it says, checked once by pf_diagnose().
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pf_diagnose.h"

static char *
pf_diag_vsprintf(pf_diag_t *d, const char *fmt, va_list ap)
{
    va_list  ap2;
    int      n;
    char    *p;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    p = n < 0 ? NULL : pf_palloc(d->pool, (size_t) n + 1);
    if (p == NULL) {
        d->nomem = 1;
        return NULL;
    }
    vsnprintf(p, (size_t) n + 1, fmt, ap);
    return p;
}

/* Never NULL: after a failed allocation "" (and d->nomem), so that the
 * result can go straight into another format. */
char *
pf_diag_sprintf(pf_diag_t *d, const char *fmt, ...)
{
    static char  empty[1];
    va_list      ap;
    char        *p;

    va_start(ap, fmt);
    p = pf_diag_vsprintf(d, fmt, ap);
    va_end(ap);
    return p != NULL ? p : empty;
}

static void
pf_diag_push_str(pf_diag_t *d, pf_array_t *a, const char *s)
{
    const char **slot;

    if (s == NULL || (slot = pf_array_push(a)) == NULL) {
        d->nomem = 1;
        return;
    }
    *slot = s;
}

pf_finding_t *
pf_diag_finding(pf_diag_t *d, pf_cause_t cause, pf_confidence_t conf,
                const char *fmt, ...)
{
    va_list       ap;
    pf_finding_t *f;

    f = pf_array_push(&d->c->findings);
    if (f == NULL) {
        d->nomem = 1;
        return NULL;
    }
    f->cause = cause;
    f->confidence = conf;
    va_start(ap, fmt);
    f->summary = pf_diag_vsprintf(d, fmt, ap);
    va_end(ap);
    if (pf_array_init(&f->holders, d->pool, 0, sizeof(pf_process_t *))
        != PF_OK
        || pf_array_init(&f->evidence, d->pool, 0, sizeof(char *)) != PF_OK
        || pf_array_init(&f->remedies, d->pool, 0, sizeof(pf_remedy_t))
           != PF_OK)
    {
        d->nomem = 1;
    }
    d->matched |= 1u << cause;
    return f;
}

void
pf_diag_evidence(pf_diag_t *d, pf_finding_t *f, const char *fmt, ...)
{
    va_list  ap;
    char    *s;

    if (f == NULL) {
        return;
    }
    va_start(ap, fmt);
    s = pf_diag_vsprintf(d, fmt, ap);
    va_end(ap);
    pf_diag_push_str(d, &f->evidence, s);
}

void
pf_diag_holder(pf_diag_t *d, pf_finding_t *f, pf_process_t *p)
{
    pf_process_t **slot;

    if (f == NULL) {
        return;
    }
    slot = pf_array_push(&f->holders);
    if (slot == NULL) {
        d->nomem = 1;
        return;
    }
    *slot = p;
}

static int
pf_diag_has_id(const pf_finding_t *f, const char *id)
{
    size_t i;

    for (i = 0; i < f->remedies.nelts; i++) {
        if (strcmp(PF_ARRAY_AT(&f->remedies, pf_remedy_t, i).id, id) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Ids stay unique within a finding, for `fix --remedy ID`: a second
 * "stop-service" becomes "stop-service-2". */
static const char *
pf_diag_unique_id(pf_diag_t *d, const pf_finding_t *f, const char *id)
{
    const char *try = id;
    unsigned    n = 1;

    while (try != NULL && pf_diag_has_id(f, try)) {
        try = pf_diag_sprintf(d, "%s-%u", id, ++n);
    }
    return try;
}

pf_remedy_t *
pf_diag_remedy(pf_diag_t *d, pf_finding_t *f, const pf_diag_offer_t *offer,
               const char *fmt, ...)
{
    va_list      ap;
    pf_remedy_t *r;
    const char  *id;

    if (f == NULL) {
        return NULL;
    }
    id = pf_diag_unique_id(d, f, offer->id);
    r = id != NULL ? pf_array_push(&f->remedies) : NULL;
    if (r == NULL) {
        d->nomem = 1;
        return NULL;
    }
    if (pf_array_init(&r->commands, d->pool, 2, sizeof(char *)) != PF_OK) {
        /* no remedy without an id: the next one compares ids */
        f->remedies.nelts--;
        d->nomem = 1;
        return NULL;
    }
    r->id = id;
    r->action = offer->action;
    r->needs_admin = offer->needs_admin;
    va_start(ap, fmt);
    r->summary = pf_diag_vsprintf(d, fmt, ap);
    va_end(ap);
    return r;
}

void
pf_diag_command(pf_diag_t *d, pf_remedy_t *r, const char *fmt, ...)
{
    va_list  ap;
    char    *s;

    if (r == NULL) {
        return;
    }
    va_start(ap, fmt);
    s = pf_diag_vsprintf(d, fmt, ap);
    va_end(ap);
    /* a control character in a command is a name that escaped its
     * quoting: a command that cannot be pasted as shown is not offered */
    if (s != NULL && pf_inert(d->pool, s) != s) {
        return;
    }
    pf_diag_push_str(d, &r->commands, s);
}
