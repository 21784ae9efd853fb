/*
 * Plan: which remedy of each conflicting finding is carried out, and what
 * it will change.  Pure: the report's facts and findings in, steps out.
 *
 * --remedy ID picks the remedy with that id in every conflicting finding
 * that offers it; ID@TARGET only for the target named as
 * pf_target_name() prints it ("0.0.0.0:80"), as it was written, or by its
 * port alone.  By default each conflicting finding contributes its first
 * remedy that changes the system, else its first port change, else its
 * first piece of advice.  The same action on the same subject for several
 * targets is one step.
 */
#include <stdio.h>
#include <string.h>

#include "pf_remedy.h"
#include "pf_remedy_safety.h"

const char *
pf_action_name(pf_action_t a)
{
    static const char *names[] = {
        "none", "stop-unit", "disable-unit", "stop-service",
        "disable-service", "add-iplisten", "change-port"
    };

    return (unsigned) a <= PF_ACTION_CHANGE_PORT ? names[a] : "?";
}

static int
pf_action_changes_system(pf_action_t a)
{
    return a != PF_ACTION_NONE && a != PF_ACTION_CHANGE_PORT;
}

static int
pf_target_matches(const pf_check_t *c, const char *spec, size_t n)
{
    char name[128], port[16];

    pf_target_name(&c->target, name, sizeof(name));
    snprintf(port, sizeof(port), "%u", c->target.port);
    return (strlen(name) == n && memcmp(name, spec, n) == 0)
           || (strlen(port) == n && memcmp(port, spec, n) == 0)
           || (c->target.spelling != NULL && strlen(c->target.spelling) == n
               && memcmp(c->target.spelling, spec, n) == 0);
}

/* The remedy --remedy names in f, or NULL. */
static const pf_remedy_t *
pf_select_named(const pf_check_t *c, const pf_finding_t *f, const char *spec)
{
    const char *at = strchr(spec, '@');
    size_t      idlen = at ? (size_t) (at - spec) : strlen(spec);
    size_t      i;

    if (at != NULL && !pf_target_matches(c, at + 1, strlen(at + 1))) {
        return NULL;
    }
    for (i = 0; i < f->remedies.nelts; i++) {
        const pf_remedy_t *m = &PF_ARRAY_AT(&f->remedies, pf_remedy_t, i);

        if (m->id != NULL && strlen(m->id) == idlen
            && memcmp(m->id, spec, idlen) == 0)
        {
            return m;
        }
    }
    return NULL;
}

/* The first remedy that changes the system; without one, the first port
 * change and the first advice (both shown, neither run). */
static const pf_remedy_t *
pf_select_default(const pf_finding_t *f, const pf_remedy_t **advice)
{
    const pf_remedy_t *port = NULL;
    size_t             i;

    *advice = NULL;
    for (i = 0; i < f->remedies.nelts; i++) {
        const pf_remedy_t *m = &PF_ARRAY_AT(&f->remedies, pf_remedy_t, i);

        if (pf_action_changes_system(m->action)) {
            *advice = NULL;
            return m;
        }
        if (m->action == PF_ACTION_CHANGE_PORT && port == NULL) {
            port = m;
        }
        if (m->action == PF_ACTION_NONE && *advice == NULL) {
            *advice = m;
        }
    }
    if (port == NULL) {
        port = *advice;
        *advice = NULL;
    }
    return port;
}

/* An earlier step doing the same thing to the same subject. */
static pf_step_t *
pf_plan_find_same(pf_plan_t *plan, const pf_remedy_t *m)
{
    size_t i;

    if (!pf_action_changes_system(m->action) || m->subject == NULL) {
        return NULL;
    }
    for (i = 0; i < plan->steps.nelts; i++) {
        pf_step_t *s = &PF_ARRAY_AT(&plan->steps, pf_step_t, i);

        if (s->remedy->action == m->action && s->remedy->subject != NULL
            && pf_ascii_caseeq(s->remedy->subject, m->subject))
        {
            return s;
        }
    }
    return NULL;
}

static int
pf_allowed(const pf_array_t *allow, const pf_remedy_t *m)
{
    size_t i;

    if (m->action != PF_ACTION_STOP_UNIT
        && m->action != PF_ACTION_DISABLE_UNIT)
    {
        return pf_str_in(allow, m->subject);
    }
    for (i = 0; i < allow->nelts; i++) {
        const char *e = PF_ARRAY_AT(allow, const char *, i);

        if (e != NULL && strcmp(e, m->subject) == 0) {
            return 1;
        }
    }
    return 0;
}

static pf_step_kind_t
pf_step_kind_of(pf_pool_t *pool, const pf_report_t *r,
                const pf_plan_options_t *o, pf_step_t *s)
{
    const pf_remedy_t *m = s->remedy;

    if (m->action == PF_ACTION_NONE) {
        return PF_STEP_ADVICE;
    }
    if (m->action == PF_ACTION_CHANGE_PORT) {
        return PF_STEP_MANUAL;
    }
    s->refusal = pf_plan_refusal(pool, r, s->check, s->finding, m);
    if (s->refusal != NULL) {
        return PF_STEP_REFUSED;
    }
    /* the allow list names a proven subject: the refusal above passed,
     * so m->subject is a unit systemd confirmed or a service the facts
     * tie to the port; unit names are case-sensitive */
    if (o->allow != NULL && !pf_allowed(o->allow, m)) {
        s->refusal = pf_psprintf(pool, "%s is not in the allow list",
                                 m->subject);
        return PF_STEP_SKIPPED;
    }
    if (!o->is_admin) {
        s->refusal = r->host.platform != NULL
                     && strcmp(r->host.platform, "windows") == 0
                     ? "needs an elevated Administrator prompt"
                     : "needs root";
        return PF_STEP_REFUSED;
    }
    return PF_STEP_RUN;
}

static int
pf_plan_add(const pf_plan_options_t *o, pf_plan_t *plan, const pf_check_t *c,
            const pf_finding_t *f, const pf_remedy_t *m)
{
    pf_report_t *r = plan->report;
    pf_pool_t   *pool = r->pool;
    char         name[128];
    pf_step_t   *s = pf_plan_find_same(plan, m);

    pf_target_name(&c->target, name, sizeof(name));
    if (s != NULL) {
        s->targets = pf_psprintf(pool, "%s, %s", s->targets, name);
        return s->targets ? PF_OK : PF_ENOMEM;
    }
    s = pf_array_push(&plan->steps);
    if (s == NULL) {
        return PF_ENOMEM;
    }
    s->remedy = m;
    s->finding = f;
    s->check = c;
    s->targets = pf_pstrdup(pool, name);
    s->kind = pf_step_kind_of(pool, r, o, s);
    s->change = pf_plan_change(pool, r, c, m, &s->start_type);
    return s->targets && s->change ? PF_OK : PF_ENOMEM;
}

/* The steps for one conflicting check; 1 in *covered when one can run. */
static int
pf_plan_check(const pf_plan_options_t *o, pf_plan_t *plan,
              const pf_check_t *c, unsigned *named)
{
    size_t i;
    int    covered = 0, rc;

    for (i = 0; i < c->findings.nelts; i++) {
        const pf_finding_t *f = &PF_ARRAY_AT(&c->findings, pf_finding_t, i);
        const pf_remedy_t  *m, *advice = NULL;

        if (f->cause == PF_CAUSE_SAME_SERVER) {
            continue;
        }
        m = o->remedy ? pf_select_named(c, f, o->remedy)
                      : pf_select_default(f, &advice);
        if (m == NULL) {
            continue;
        }
        *named += 1;
        rc = pf_plan_add(o, plan, c, f, m);
        if (rc == PF_OK && advice != NULL) {
            rc = pf_plan_add(o, plan, c, f, advice);
        }
        if (rc != PF_OK) {
            return rc;
        }
        covered |= pf_action_changes_system(m->action);
    }
    if (!covered) {
        plan->uncovered++;
    }
    return PF_OK;
}

static void
pf_plan_list_ids(const pf_report_t *r, pf_buf_t *b)
{
    size_t i, j, k;

    for (i = 0; i < r->checks.nelts; i++) {
        const pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);
        char              name[128];

        if (!pf_check_is_conflict(c)) {
            continue;
        }
        pf_target_name(&c->target, name, sizeof(name));
        for (j = 0; j < c->findings.nelts; j++) {
            const pf_finding_t *f =
                &PF_ARRAY_AT(&c->findings, pf_finding_t, j);

            for (k = 0; k < f->remedies.nelts; k++) {
                const pf_remedy_t *m =
                    &PF_ARRAY_AT(&f->remedies, pf_remedy_t, k);

                pf_buf_printf(b, "%s%s@%s", b->len ? ", " : "",
                              m->id ? m->id : "?", name);
            }
        }
    }
}

static int
pf_plan_unknown_remedy(const pf_report_t *r, const char *spec,
                       pf_error_t *err)
{
    pf_buf_t b;

    pf_buf_init(&b);
    pf_plan_list_ids(r, &b);
    pf_error_set(err, NULL, 0, "no conflicting target offers remedy '%s'"
                 " (offered: %s)", spec, b.len ? b.data : "none");
    pf_buf_free(&b);
    return PF_ERROR;
}

int
pf_plan_build(pf_report_t *r, const pf_plan_options_t *o, pf_plan_t *plan,
              pf_error_t *err)
{
    size_t   i;
    unsigned named = 0;

    memset(plan, 0, sizeof(*plan));
    plan->report = r;
    plan->windows = r->host.platform != NULL
                    && strcmp(r->host.platform, "windows") == 0;
    if (pf_array_init(&plan->steps, r->pool, 4, sizeof(pf_step_t)) != PF_OK)
    {
        pf_error_set(err, NULL, 0, "out of memory");
        return PF_ENOMEM;
    }
    for (i = 0; i < r->checks.nelts; i++) {
        const pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);

        if (!pf_check_is_conflict(c)) {
            continue;
        }
        plan->conflicts++;
        if (pf_plan_check(o, plan, c, &named) != PF_OK) {
            pf_error_set(err, NULL, 0, "out of memory");
            return PF_ENOMEM;
        }
    }
    if (o->remedy != NULL && named == 0 && plan->conflicts > 0) {
        return pf_plan_unknown_remedy(r, o->remedy, err);
    }
    return PF_OK;
}

unsigned
pf_plan_count(const pf_plan_t *plan, pf_step_kind_t kind)
{
    size_t   i;
    unsigned n = 0;

    for (i = 0; i < plan->steps.nelts; i++) {
        n += PF_ARRAY_AT(&plan->steps, pf_step_t, i).kind == kind;
    }
    return n;
}
