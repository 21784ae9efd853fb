/*
 * Remedies from inside Apache or nginx (PreflightRemedy /
 * preflight_remedy).  The module has logged each fix already, with its
 * commands, under the address it fixes: SUGGEST adds only what those
 * lines do not say, that the server could carry out a fix itself and
 * with which directives.  APPLY logs the plan and carries out only the
 * steps whose subject the administrator listed in the allow list, and
 * journals them like `preflight fix --apply`, so `preflight undo` puts
 * them back.
 */
#include <stdio.h>
#include <string.h>

#include "pf_remedy.h"

#define PF_SERVER_PREFIX  "preflight remedy: "

/* The directives that let the server apply a fix, in its own syntax. */
static void
pf_server_directives(const pf_report_t *r, const char *subject,
                     int listed, pf_buf_t *out)
{
    if (r->ctx.server == PF_SERVER_NGINX) {
        pf_buf_puts(out, "preflight_remedy apply;");
        if (!listed) {
            pf_buf_printf(out, " preflight_remedy_allow %s;", subject);
        }
        return;
    }
    pf_buf_puts(out, "PreflightRemedy apply");
    if (!listed) {
        pf_buf_printf(out, " and PreflightRemedyAllow %s", subject);
    }
}

static void
pf_server_suggest(const pf_report_t *r, const pf_plan_t *plan, pf_buf_t *out)
{
    size_t i;

    for (i = 0; i < plan->steps.nelts; i++) {
        const pf_step_t *s = &PF_ARRAY_AT(&plan->steps, pf_step_t, i);

        if (s->kind != PF_STEP_RUN && s->kind != PF_STEP_SKIPPED) {
            continue;
        }
        pf_buf_printf(out, PF_SERVER_PREFIX "the server can do \"%s\" "
                      "itself at its next start, with ", s->remedy->summary);
        pf_server_directives(r, s->remedy->subject,
                             s->kind == PF_STEP_RUN, out);
        pf_buf_puts(out, "\n");
    }
}

/* Nothing could run: say why, and name the allow list only when that is
 * what kept a step from running. */
static void
pf_server_nothing(const pf_plan_t *plan, pf_buf_t *out)
{
    if (pf_plan_count(plan, PF_STEP_SKIPPED) > 0) {
        pf_buf_puts(out, PF_SERVER_PREFIX "nothing applied: no step is both "
                    "allowed and possible (list the units or services that "
                    "may be stopped in the module's allow list)\n");
        return;
    }
    pf_buf_puts(out, PF_SERVER_PREFIX "nothing applied: no step can be "
                "applied (see \"why not\" above)\n");
}

static int
pf_server_apply(pf_report_t *r, pf_plan_t *plan, const pf_executor_t *ex,
                pf_buf_t *out, pf_error_t *err)
{
    pf_apply_ctx_t ctx = { NULL, NULL, NULL, PF_SERVER_PREFIX, NULL };
    unsigned       run = pf_plan_count(plan, PF_STEP_RUN);
    unsigned       refused = pf_plan_count(plan, PF_STEP_REFUSED);

    if (run == 0) {
        pf_server_nothing(plan, out);
        if (refused > 0) {
            pf_error_set(err, NULL, 0, "%u remedy step(s) refused", refused);
            return PF_ERROR;
        }
        return PF_OK;
    }
    ctx.pool = r->pool;
    ctx.ex = ex;
    ctx.out = out;
    if (pf_plan_apply(&ctx, plan, err) != PF_OK) {
        return PF_ERROR;
    }
    pf_buf_printf(out, PF_SERVER_PREFIX "%u step(s) applied; "
                  "'preflight undo --apply' restores them\n", run);
    if (refused > 0) {
        pf_error_set(err, NULL, 0, "%u remedy step(s) refused", refused);
        return PF_ERROR;
    }
    return PF_OK;
}

/* The modules log err as it is: what it quotes (units, services, paths)
 * is made inert here, once for both. */
static int
pf_server_inert_error(pf_report_t *r, pf_error_t *err, int rc)
{
    if (rc != PF_OK && err != NULL) {
        pf_error_inert(r->pool, err);
    }
    return rc;
}

static int
pf_server_remedy(pf_report_t *r, pf_remedy_mode_t mode,
                 const pf_array_t *allow, pf_buf_t *out, pf_error_t *err);

int
pf_remedy_for_server(pf_report_t *r, pf_remedy_mode_t mode,
                     const pf_array_t *allow, pf_buf_t *out,
                     pf_error_t *err)
{
    return pf_server_inert_error(r, err,
                                 pf_server_remedy(r, mode, allow, out, err));
}

static int
pf_server_remedy(pf_report_t *r, pf_remedy_mode_t mode,
                 const pf_array_t *allow, pf_buf_t *out, pf_error_t *err)
{
    const pf_executor_t *ex = pf_executor_platform();
    pf_plan_options_t    o;
    pf_plan_t            plan;
    pf_array_t           none;

    if (mode == PF_REMEDY_MODE_NONE || !pf_report_has_conflict(r)) {
        return PF_OK;
    }
    memset(&o, 0, sizeof(o));
    o.is_admin = pf_executor_is_admin(ex);
    o.allow = allow;
    if (mode == PF_REMEDY_MODE_APPLY && allow == NULL) {
        /* applying needs an explicit list: nothing is allowed by default */
        if (pf_array_init(&none, r->pool, 0, sizeof(char *)) != PF_OK) {
            pf_error_set(err, NULL, 0, "out of memory");
            return PF_ENOMEM;
        }
        o.allow = &none;
    }
    if (pf_plan_build(r, &o, &plan, err) != PF_OK) {
        return PF_ERROR;
    }
    if (mode != PF_REMEDY_MODE_APPLY) {
        pf_server_suggest(r, &plan, out);
        return PF_OK;
    }
    pf_plan_render_text(&plan, PF_SERVER_PREFIX, out);
    return pf_server_apply(r, &plan, ex, out, err);
}
