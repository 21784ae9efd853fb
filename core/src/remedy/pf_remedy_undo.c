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

/*
 * The journal sits in a directory only root controls, yet undo runs as
 * root from whatever it reads: every entry must be one that fix itself
 * could have written (the same name grammar as fix, and only the inverse
 * of a step fix takes, from the states fix records), or nothing is undone.
 */
typedef struct {
    const char *kind;
    const char *op;
    const char *verb;       /* for the plan */
    const char *befores;    /* the states fix records before, ' '-ended */
    const char *after;      /* the state fix records after */
} pf_undo_rule_t;

static const pf_undo_rule_t pf_undo_rules[] = {
    /* ActiveState values systemd documents (org.freedesktop.systemd1) */
    { "unit",     "stop",      "start unit",
      "active reloading activating deactivating refreshing inactive ",
      "inactive" },
    { "unit",     "disable",   "enable unit", "enabled ", "disabled" },
    { "service",  "stop",      "start service", "running ", "stopped" },
    { "service",  "set-start", "restore the start type of service",
      "boot system auto demand ", "disabled" },
    { "iplisten", "add",       "delete iplisten", "absent ", "present" },
    { NULL, NULL, NULL, NULL, NULL }
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

static int
pf_undo_word_in(const char *words, const char *w)
{
    size_t      n = strlen(w);
    const char *p;

    if (strchr(w, ' ') != NULL) {
        return 0;               /* one word, not a run of them */
    }
    for (p = words; n > 0 && (p = strstr(p, w)) != NULL; p += n) {
        if ((p == words || p[-1] == ' ') && p[n] == ' ') {
            return 1;
        }
    }
    return 0;
}

static int
pf_undo_address_ok(const char *s)
{
    size_t n = strlen(s);

    return n > 0 && n < PF_ADDRSTRLEN
           && strspn(s, "0123456789abcdefABCDEF.:") == n
           && (strchr(s, '.') != NULL || strchr(s, ':') != NULL);
}

static int
pf_undo_subject_ok(const pf_journal_entry_t *e)
{
    const char *s = e->subject;
    size_t      n = strlen(s);

    if (strcmp(e->kind, "unit") == 0) {
        /* fix acts on .service and .socket units only */
        return pf_unit_name_ok(s)
               && ((n > 8 && strcmp(s + n - 8, ".service") == 0)
                   || (n > 7 && strcmp(s + n - 7, ".socket") == 0));
    }
    if (strcmp(e->kind, "service") == 0) {
        return pf_service_name_ok(s);
    }
    return pf_undo_address_ok(s);
}

const char *
pf_undo_refusal(pf_pool_t *pool, const pf_journal_entry_t *e)
{
    const pf_undo_rule_t *u = pf_undo_rule(e);

    if (u == NULL) {
        return pf_psprintf(pool, "'%s %s' is not a change preflight makes",
                           pf_inert(pool, e->kind), pf_inert(pool, e->op));
    }
    if (!pf_undo_subject_ok(e)) {
        return pf_psprintf(pool, "'%s' is not a %s name preflight writes",
                           pf_inert(pool, e->subject), e->kind);
    }
    if (e->before == NULL || !pf_undo_word_in(u->befores, e->before)) {
        return pf_psprintf(pool, "'%s' is not a state %s %s records before",
                           pf_inert(pool, e->before ? e->before : ""),
                           e->kind, e->op);
    }
    if (e->after != NULL && strcmp(e->after, u->after) != 0) {
        return pf_psprintf(pool, "'%s' is not the state %s %s leaves",
                           pf_inert(pool, e->after), e->kind, e->op);
    }
    return NULL;
}

/* The command that restores e, as a person would type it; only for an
 * entry pf_undo_refusal accepts. */
static const char *
pf_undo_command(pf_pool_t *pool, const pf_journal_entry_t *e)
{
    const char *s = e->subject;

    if (strcmp(e->kind, "unit") == 0) {
        return pf_psprintf(pool, "systemctl %s %s",
                           strcmp(e->op, "stop") == 0 ? "start" : "enable",
                           pf_sh_quote(pool, s));
    }
    if (strcmp(e->kind, "iplisten") == 0) {
        return pf_psprintf(pool, "netsh http delete iplisten ipaddress=%s",
                           s);
    }
    if (strcmp(e->op, "set-start") == 0) {
        return pf_psprintf(pool, "sc config %s start= %s",
                           pf_cmd_quote(pool, s), e->before);
    }
    return pf_psprintf(pool, "sc start %s", pf_cmd_quote(pool, s));
}

unsigned
pf_undo_refused(pf_pool_t *pool, const pf_array_t *entries)
{
    size_t   i;
    unsigned n = 0;

    for (i = 0; i < entries->nelts; i++) {
        const pf_journal_entry_t *e =
            &PF_ARRAY_AT(entries, pf_journal_entry_t, i);

        n += e->state != PF_JOURNAL_UNDONE
             && pf_undo_refusal(pool, e) != NULL;
    }
    return n;
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
        const char               *why;

        if (e->state == PF_JOURNAL_UNDONE) {
            continue;
        }
        why = pf_undo_refusal(pool, e);
        if (why != NULL) {
            /* the entry as found, every field inert */
            pf_buf_printf(out, "  %u. REFUSED step %u: %s\n     entry: "
                          "kind=", (unsigned) ++n, e->seq, why);
            pf_buf_inert(out, e->kind);
            pf_buf_puts(out, " op=");
            pf_buf_inert(out, e->op);
            pf_buf_puts(out, " subject=");
            pf_buf_inert(out, e->subject);
            pf_buf_puts(out, " before=");
            pf_buf_inert(out, e->before ? e->before : "");
            pf_buf_puts(out, "\n");
            continue;
        }
        pf_buf_printf(out, "  %u. %s %s (%s -> %s): %s\n", (unsigned) ++n,
                      u->verb, e->subject, pf_inert(pool, e->after ? e->after
                                                               : "?"),
                      e->before, pf_undo_command(pool, e));
        if (e->state != PF_JOURNAL_DONE) {
            pf_buf_printf(out, "     (step %u was %s when applied: "
                          "restoring the recorded previous state)\n",
                          e->seq, pf_journal_state_name(e->state));
        }
    }
}

/* What undo works with: the journal at path, read into entries, each
 * restored through ex and reported to out after prefix. */
typedef struct {
    pf_pool_t           *pool;
    const pf_executor_t *ex;
    const char          *path;
    const char          *prefix;
    pf_array_t          *entries;
    pf_buf_t            *out;
    pf_error_t          *err;
} pf_undoer_t;

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
pf_undo_entry(const pf_undoer_t *u, pf_journal_entry_t *e)
{
    pf_error_t xerr;
    int        rc;

    memset(&xerr, 0, sizeof(xerr));
    rc = pf_undo_do(u->ex, e, &xerr);
    pf_buf_printf(u->out, "%s  %s: %s%s%s\n", u->prefix,
                  rc == PF_OK ? "done" : "FAILED",
                  pf_undo_command(u->pool, e), rc == PF_OK ? "" : ": ",
                  rc == PF_OK ? "" : pf_inert(u->pool, xerr.message));
    if (rc != PF_OK) {
        e->error = pf_psprintf(u->pool, "undo: %s", xerr.message);
        *u->err = xerr;
    } else {
        e->state = PF_JOURNAL_UNDONE;
    }
    if (pf_journal_save(u->pool, u->path, u->entries,
                        rc == PF_OK ? u->err : &xerr) != PF_OK)
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
pf_undo_all(const pf_undoer_t *u)
{
    size_t i;

    for (i = u->entries->nelts; i-- > 0; ) {
        pf_journal_entry_t *e = &PF_ARRAY_AT(u->entries, pf_journal_entry_t,
                                             i);

        if (e->state == PF_JOURNAL_UNDONE) {
            continue;
        }
        if (pf_undo_entry(u, e) != PF_OK) {
            return PF_ERROR;
        }
    }
    return PF_OK;
}

int
pf_undo_apply(const pf_apply_ctx_t *ctx, pf_array_t *entries,
              const char **archived, pf_error_t *err)
{
    pf_pool_t   *pool = ctx->pool;
    const char  *path;
    pf_undoer_t  u;
    void        *lock = NULL;
    int          rc;

    path = ctx->journal ? ctx->journal : pf_journal_default_path(pool);
    u.pool = pool;
    u.ex = ctx->ex;
    u.path = path;
    u.prefix = ctx->prefix ? ctx->prefix : "";
    u.entries = entries;
    u.out = ctx->out;
    u.err = err;

    *archived = NULL;
    rc = pf_journal_lock(pool, path, &lock, err);
    if (rc == PF_OK) {
        rc = pf_undo_same(pool, path, entries, err);
    }
    /* one foreign entry and nothing is undone: the order matters */
    if (rc == PF_OK && pf_undo_refused(pool, entries) > 0) {
        pf_error_set(err, path, 0, "%u journal entr%s preflight could not "
                     "have written (see REFUSED); nothing was undone",
                     pf_undo_refused(pool, entries),
                     pf_undo_refused(pool, entries) == 1 ? "y" : "ies");
        rc = PF_ERROR;
    }
    if (rc == PF_OK) {
        rc = pf_undo_all(&u);
    }
    if (rc == PF_OK) {
        rc = pf_journal_archive(pool, path, archived, err);
    }
    pf_remedy_unlock(lock);
    return rc;
}
