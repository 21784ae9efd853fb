/*
 * Apply: every change is journalled as "pending" BEFORE it is made, then
 * marked "done" or "failed", each time by rewriting the journal
 * atomically.  A crash leaves at worst a pending entry, which undo
 * restores to the recorded previous state.  The first failure stops the
 * run: nothing is changed on top of a change that went wrong.
 */
#include <string.h>

#include "pf_remedy_apply.h"

static int
pf_exec_missing(const pf_applier_t *a, pf_error_t *err)
{
    pf_error_set(err, NULL, 0, "not possible on this platform (%s)",
                 a->ex->name);
    return PF_ERROR;
}

/* Carries out one journal entry's change. */
static int
pf_apply_do(const pf_applier_t *a, const pf_journal_entry_t *e,
            pf_error_t *err)
{
    const pf_executor_t *ex = a->ex;

    if (strcmp(e->kind, "unit") == 0) {
        if (strcmp(e->op, "stop") == 0 && ex->unit_stop) {
            return ex->unit_stop(ex->data, e->subject, err);
        }
        if (strcmp(e->op, "disable") == 0 && ex->unit_disable) {
            return ex->unit_disable(ex->data, e->subject, err);
        }
    } else if (strcmp(e->kind, "service") == 0) {
        if (strcmp(e->op, "stop") == 0 && ex->service_stop) {
            return ex->service_stop(ex->data, e->subject, err);
        }
        if (strcmp(e->op, "set-start") == 0 && ex->service_set_start) {
            return ex->service_set_start(ex->data, e->subject, e->after, err);
        }
    } else if (strcmp(e->kind, "iplisten") == 0) {
        if (strcmp(e->op, "add") == 0 && ex->iplisten_add) {
            return ex->iplisten_add(ex->data, e->subject, err);
        }
    }
    return pf_exec_missing(a, err);
}

int
pf_apply_change(pf_applier_t *a, const pf_step_t *s, const pf_change_t *c)
{
    pf_journal_entry_t *e;
    pf_error_t          xerr;
    size_t              idx;
    int                 rc;

    e = pf_array_push(&a->entries);
    if (e == NULL) {
        pf_error_set(a->err, NULL, 0, "out of memory");
        return PF_ERROR;
    }
    idx = a->entries.nelts - 1;
    e->seq = (unsigned) a->entries.nelts;
    e->state = PF_JOURNAL_PENDING;
    e->kind = c->kind;
    e->op = c->op;
    e->subject = c->subject;
    e->before = c->before;
    e->after = c->after;
    e->target = s->targets;
    e->command = c->command;
    e->time = pf_remedy_timestamp(a->pool);
    /* written before the change: a crash in between is recoverable */
    if (pf_journal_save(a->pool, a->path, &a->entries, a->err) != PF_OK) {
        a->entries.nelts--;
        return PF_ERROR;
    }
    memset(&xerr, 0, sizeof(xerr));
    rc = pf_apply_do(a, e, &xerr);

    e = &PF_ARRAY_AT(&a->entries, pf_journal_entry_t, idx);
    e->state = rc == PF_OK ? PF_JOURNAL_DONE : PF_JOURNAL_FAILED;
    e->error = rc == PF_OK ? NULL : pf_pstrdup(a->pool, xerr.message);
    pf_buf_printf(a->out, "%s     %s: %s%s%s\n", a->prefix,
                  rc == PF_OK ? "done" : "FAILED",
                  pf_inert(a->pool, c->command),
                  rc == PF_OK ? "" : ": ",
                  rc == PF_OK ? "" : pf_inert(a->pool, xerr.message));
    if (pf_journal_save(a->pool, a->path, &a->entries, a->err) != PF_OK) {
        return PF_ERROR;
    }
    if (rc != PF_OK) {
        *a->err = xerr;
    }
    return rc;
}

/* a: pool, ex, path, prefix, out, err set; locks and reads the journal. */
static int
pf_applier_open(pf_applier_t *a)
{
    if (a->path == NULL) {
        pf_error_set(a->err, NULL, 0, "no state directory for the journal "
                     "(set PREFLIGHT_STATE_DIR)");
        return PF_ERROR;
    }
    if (pf_array_init(&a->entries, a->pool, 8, sizeof(pf_journal_entry_t))
        != PF_OK)
    {
        pf_error_set(a->err, NULL, 0, "out of memory");
        return PF_ERROR;
    }
    if (pf_journal_lock(a->pool, a->path, &a->lock, a->err) != PF_OK) {
        return PF_ERROR;
    }
    /* earlier changes not undone yet stay in the journal, before ours */
    return pf_journal_load(a->pool, a->path, &a->entries, a->err);
}

static int
pf_plan_apply_steps(pf_applier_t *a, pf_plan_t *plan)
{
    size_t i;

    for (i = 0; i < plan->steps.nelts; i++) {
        pf_step_t *s = &PF_ARRAY_AT(&plan->steps, pf_step_t, i);

        if (s->kind != PF_STEP_RUN) {
            continue;
        }
        pf_buf_printf(a->out, "%sApplying %s to %s for %s:\n", a->prefix,
                      pf_action_name(s->remedy->action),
                      pf_inert(a->pool, s->remedy->subject), s->targets);
        if (pf_apply_step(a, s) != PF_OK) {
            s->applied = -1;
            s->result = pf_pstrdup(a->pool, a->err->message);
            pf_buf_printf(a->out, "%sStopped at the first failure; "
                          "'preflight undo' restores what was done (%s).\n",
                          a->prefix, pf_inert(a->pool, a->path));
            return PF_ERROR;
        }
        s->applied = 1;
    }
    return PF_OK;
}

int
pf_plan_apply(const pf_apply_ctx_t *ctx, pf_plan_t *plan, pf_error_t *err)
{
    pf_applier_t a;
    int          rc;

    memset(&a, 0, sizeof(a));
    a.pool = ctx->pool;
    a.ex = ctx->ex;
    a.path = ctx->journal ? ctx->journal
                          : pf_journal_default_path(ctx->pool);
    a.prefix = ctx->prefix ? ctx->prefix : "";
    a.out = ctx->out;
    a.err = err;
    a.report = plan->report;
    rc = pf_applier_open(&a);
    if (rc == PF_OK) {
        rc = pf_plan_apply_steps(&a, plan);
    }
    pf_remedy_unlock(a.lock);
    return rc;
}

int
pf_executor_is_admin(const pf_executor_t *ex)
{
    return ex->is_admin != NULL && ex->is_admin(ex->data);
}

const char *
pf_executor_rights(const pf_executor_t *ex)
{
    return ex->admin;
}
