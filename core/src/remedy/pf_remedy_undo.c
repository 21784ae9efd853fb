/*
 * Undo: the journal's entries, newest first, each put back to the state
 * recorded before it ran.  Pending entries (a crash between the journal
 * write and the change) and failed ones are restored the same way: every
 * restore is idempotent (starting a running service, deleting a missing
 * iplisten entry succeed), so restoring a change that never happened is
 * harmless.  Each entry is marked undone as soon as it is; when none is
 * left the journal is archived, so a second undo finds nothing.
 */
#include <string.h>

#include "pf_remedy.h"

typedef struct {
    const char *kind;
    const char *op;
    const char *verb;       /* for the plan */
} pf_undo_rule_t;

static const pf_undo_rule_t pf_undo_rules[] = {
    { "unit",     "stop",      "start unit" },
    { "unit",     "disable",   "enable unit" },
    { "service",  "stop",      "start service" },
    { "service",  "set-start", "restore the start type of service" },
    { "iplisten", "add",       "delete iplisten" },
    { NULL, NULL, NULL }
};

static const pf_undo_rule_t *
pf_undo_rule(const pf_journal_entry_t *e)
{
    const pf_undo_rule_t *u;

    for (u = pf_undo_rules; u->kind != NULL; u++) {
        if (strcmp(u->kind, e->kind) == 0 && strcmp(u->op, e->op) == 0) {
            return u;
        }
    }
    return NULL;
}

/* The command that restores e, as a person would type it. */
static const char *
pf_undo_command(pf_pool_t *pool, const pf_journal_entry_t *e)
{
    const char *s = e->subject;

    if (strcmp(e->kind, "unit") == 0) {
        return pf_psprintf(pool, "systemctl %s %s",
                           strcmp(e->op, "stop") == 0 ? "start" : "enable",
                           s);
    }
    if (strcmp(e->kind, "iplisten") == 0) {
        return pf_psprintf(pool, "netsh http delete iplisten ipaddress=%s",
                           s);
    }
    if (strcmp(e->op, "set-start") == 0) {
        return pf_psprintf(pool, "sc config %s start= %s", s,
                           e->before ? e->before : "demand");
    }
    return pf_psprintf(pool, "sc start %s", s);
}

unsigned
pf_undo_pending(const pf_array_t *entries)
{
    size_t   i;
    unsigned n = 0;

    for (i = 0; i < entries->nelts; i++) {
        n += PF_ARRAY_AT(entries, pf_journal_entry_t, i).state
             != PF_JOURNAL_UNDONE;
    }
    return n;
}

int
pf_undo_load(pf_pool_t *pool, const char *journal_path, const char **path,
             pf_array_t *entries, pf_error_t *err)
{
    *path = journal_path ? journal_path : pf_journal_default_path(pool);
    if (*path == NULL) {
        pf_error_set(err, NULL, 0, "no state directory for the journal "
                     "(set PREFLIGHT_STATE_DIR)");
        return PF_ERROR;
    }
    if (pf_array_init(entries, pool, 8, sizeof(pf_journal_entry_t))
        != PF_OK)
    {
        pf_error_set(err, NULL, 0, "out of memory");
        return PF_ERROR;
    }
    return pf_journal_load(pool, *path, entries, err);
}

void
pf_undo_render(const pf_array_t *entries, pf_buf_t *out)
{
    pf_pool_t *pool = entries->pool;
    size_t     i, n = 0;

    for (i = entries->nelts; i-- > 0; ) {
        const pf_journal_entry_t *e =
            &PF_ARRAY_AT(entries, pf_journal_entry_t, i);
        const pf_undo_rule_t     *u = pf_undo_rule(e);

        if (e->state == PF_JOURNAL_UNDONE) {
            continue;
        }
        pf_buf_printf(out, "  %u. %s %s (%s -> %s): %s\n", (unsigned) ++n,
                      u ? u->verb : "cannot undo", e->subject,
                      e->after ? e->after : "?", e->before ? e->before : "?",
                      u ? pf_undo_command(pool, e) : e->op);
        if (e->state != PF_JOURNAL_DONE) {
            pf_buf_printf(out, "     (step %u was %s when applied: "
                          "restoring the recorded previous state)\n",
                          e->seq, pf_journal_state_name(e->state));
        }
    }
}

static int
pf_undo_missing(const pf_executor_t *ex, pf_error_t *err)
{
    pf_error_set(err, NULL, 0, "not possible on this platform (%s)",
                 ex->name);
    return PF_ERROR;
}

static int
pf_undo_do(const pf_executor_t *ex, const pf_journal_entry_t *e,
           pf_error_t *err)
{
    const char *before = e->before ? e->before : "";

    if (strcmp(e->kind, "unit") == 0) {
        if (strcmp(e->op, "stop") == 0) {
            if (strcmp(before, "inactive") == 0) {
                return PF_OK;
            }
            return ex->unit_start ? ex->unit_start(ex->data, e->subject, err)
                                  : pf_undo_missing(ex, err);
        }
        return ex->unit_enable ? ex->unit_enable(ex->data, e->subject, err)
                               : pf_undo_missing(ex, err);
    }
    if (strcmp(e->kind, "iplisten") == 0) {
        return ex->iplisten_delete
               ? ex->iplisten_delete(ex->data, e->subject, err)
               : pf_undo_missing(ex, err);
    }
    if (strcmp(e->op, "set-start") == 0) {
        return ex->service_set_start
               ? ex->service_set_start(ex->data, e->subject,
                                       e->before ? e->before : "demand", err)
               : pf_undo_missing(ex, err);
    }
    if (strcmp(before, "stopped") == 0) {
        return PF_OK;
    }
    return ex->service_start ? ex->service_start(ex->data, e->subject, err)
                             : pf_undo_missing(ex, err);
}

static int
pf_undo_entry(pf_pool_t *pool, const pf_executor_t *ex, const char *path,
              pf_array_t *entries, pf_journal_entry_t *e, pf_buf_t *out,
              pf_error_t *err)
{
    pf_error_t xerr;
    int        rc;

    memset(&xerr, 0, sizeof(xerr));
    if (pf_undo_rule(e) == NULL) {
        pf_error_set(&xerr, NULL, 0, "step %u: unknown change %s/%s",
                     e->seq, e->kind, e->op);
        rc = PF_ERROR;
    } else {
        rc = pf_undo_do(ex, e, &xerr);
    }
    pf_buf_printf(out, "  %s: %s%s%s\n", rc == PF_OK ? "done" : "FAILED",
                  pf_undo_command(pool, e), rc == PF_OK ? "" : ": ",
                  rc == PF_OK ? "" : xerr.message);
    if (rc != PF_OK) {
        e->error = pf_psprintf(pool, "undo: %s", xerr.message);
        *err = xerr;
    } else {
        e->state = PF_JOURNAL_UNDONE;
    }
    if (pf_journal_save(pool, path, entries, rc == PF_OK ? err : &xerr)
        != PF_OK)
    {
        return PF_ERROR;
    }
    return rc;
}

/* Another preflight may have written the journal since it was shown. */
static int
pf_undo_same(pf_pool_t *pool, const char *path, const pf_array_t *entries,
             pf_error_t *err)
{
    pf_array_t now;

    if (pf_array_init(&now, pool, 8, sizeof(pf_journal_entry_t)) != PF_OK
        || pf_journal_load(pool, path, &now, err) != PF_OK)
    {
        return PF_ERROR;
    }
    if (now.nelts != entries->nelts
        || pf_undo_pending(&now) != pf_undo_pending(entries))
    {
        pf_error_set(err, path, 0, "the journal changed since it was read; "
                     "run undo again");
        return PF_ERROR;
    }
    return PF_OK;
}

static int
pf_undo_all(pf_pool_t *pool, const pf_executor_t *ex, const char *path,
            pf_array_t *entries, pf_buf_t *out, pf_error_t *err)
{
    size_t i;

    for (i = entries->nelts; i-- > 0; ) {
        pf_journal_entry_t *e = &PF_ARRAY_AT(entries, pf_journal_entry_t, i);

        if (e->state == PF_JOURNAL_UNDONE) {
            continue;
        }
        if (pf_undo_entry(pool, ex, path, entries, e, out, err) != PF_OK) {
            return PF_ERROR;
        }
    }
    return PF_OK;
}

int
pf_undo_apply(pf_pool_t *pool, const pf_executor_t *ex, const char *path,
              pf_array_t *entries, const char **archived, pf_buf_t *out,
              pf_error_t *err)
{
    void *lock = NULL;
    int   rc;

    *archived = NULL;
    rc = pf_journal_lock(pool, path, &lock, err);
    if (rc == PF_OK) {
        rc = pf_undo_same(pool, path, entries, err);
    }
    if (rc == PF_OK) {
        rc = pf_undo_all(pool, ex, path, entries, out, err);
    }
    if (rc == PF_OK) {
        rc = pf_journal_archive(pool, path, archived, err);
    }
    pf_remedy_unlock(lock);
    return rc;
}
