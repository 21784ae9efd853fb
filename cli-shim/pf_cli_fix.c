/*
 * fix and undo.  fix builds the report as check does, prints the remedy
 * plan, and with --apply (confirmed on a terminal, or --yes) carries out
 * the steps that may run, journalled; undo restores what the journal
 * says, newest first.  The work is the core's (core/src/remedy/).
 */
#include <stdio.h>
#include <string.h>

#include "pf_cli.h"

static int
pf_cli_fix_error(const char *what, const pf_error_t *err, int code)
{
    char      msg[2200];
    pf_buf_t  b;

    /* messages quote paths, units and journal fields */
    pf_buf_init(&b);
    pf_buf_inert(&b, pf_error_format(err, msg, sizeof(msg)));
    fprintf(stderr, "preflight: %s%.*s\n", what, (int) b.len,
            b.data ? b.data : "");
    pf_buf_free(&b);
    return code;
}

/* --apply without --yes: ask on a terminal, refuse anywhere else (fix
 * and undo alike: both change the system as root).  0 and err says why
 * when nothing may be changed. */
static int
pf_cli_confirm_err(const pf_cli_t *cli, const char *what, unsigned run,
                   pf_error_t *err)
{
    char answer[16];

    if (cli->yes) {
        return 1;
    }
    if (!pf_is_terminal(0)) {
        pf_error_set(err, NULL, 0, "refusing to change the system without "
                     "--yes: standard input is not a terminal");
        return 0;
    }
    fprintf(stderr, "%s the %u step(s) %s? [y/N] ",
            what != NULL ? "Restore" : "Apply", run,
            what != NULL ? what : "marked 'can be applied'");
    fflush(stderr);
    if (fgets(answer, sizeof(answer), stdin) == NULL
        || (strcmp(answer, "y\n") != 0 && strcmp(answer, "yes\n") != 0))
    {
        pf_error_set(err, NULL, 0, "nothing was changed");
        return 0;
    }
    return 1;
}

static int
pf_cli_confirm(const pf_cli_t *cli, const char *what, unsigned run)
{
    pf_error_t err;
    char       msg[2200];

    memset(&err, 0, sizeof(err));
    if (pf_cli_confirm_err(cli, what, run, &err)) {
        return 1;
    }
    fprintf(stderr, "preflight: %s\n", pf_error_format(&err, msg,
                                                       sizeof(msg)));
    return 0;
}

/* Probes again and says which targets are free now. */
static int
pf_cli_recheck(pf_report_t *r, FILE *out)
{
    size_t i;
    int    busy = 0;

    pf_report_probe(r);
    fprintf(out, "After applying:\n");
    for (i = 0; i < r->checks.nelts; i++) {
        const pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);
        char              name[128];

        pf_target_name(&c->target, name, sizeof(name));
        fprintf(out, "  %s: %s\n", name, pf_status_name(c->probe.status));
        busy |= c->probe.status != PF_STATUS_FREE;
    }
    return busy;
}

/* --json: one object, the plan's steps with the check's report in it */
static void
pf_cli_fix_print_plan(const pf_cli_t *cli, const pf_report_t *r,
                      const pf_plan_t *plan)
{
    pf_buf_t b, rep;

    pf_buf_init(&b);
    if (cli->json) {
        pf_buf_init(&rep);
        pf_render_json(r, &rep);
        pf_plan_render_json(plan, cli->apply,
                            rep.len && !rep.failed ? rep.data : NULL, &b);
        pf_buf_free(&rep);
    } else {
        pf_buf_puts(&b, "\n");
        pf_plan_render_text(plan, "", &b);
    }
    pf_cli_print(&b, stdout);
    pf_buf_free(&b);
}

/* Apply and undo through the platform's executor, the state directory's
 * journal, their lines into b. */
static const pf_apply_ctx_t *
pf_cli_apply_ctx(pf_apply_ctx_t *ctx, pf_pool_t *pool, pf_buf_t *b)
{
    ctx->pool = pool;
    ctx->ex = pf_executor_platform();
    ctx->journal = NULL;
    ctx->prefix = "";
    ctx->out = b;
    return ctx;
}

/* What is left undone after --apply is a refusal: exit 3 says so. */
static int
pf_cli_fix_leftovers(const pf_plan_t *plan)
{
    unsigned refused = pf_plan_count(plan, PF_STEP_REFUSED);

    if (refused > 0) {
        fprintf(stderr, "preflight: %u step(s) refused (see 'why not')\n",
                refused);
    }
    if (plan->uncovered > 0) {
        fprintf(stderr, "preflight: %u conflicting target(s) have no remedy "
                "preflight carries out (advice or a change by hand above; a "
                "process is never killed automatically)\n", plan->uncovered);
    }
    return refused > 0 || plan->uncovered > 0;
}

static int
pf_cli_fix_apply(pf_cli_t *cli, pf_report_t *r, pf_plan_t *plan)
{
    unsigned        run = pf_plan_count(plan, PF_STEP_RUN);
    FILE           *log = cli->json ? stderr : stdout;
    pf_error_t      err;
    pf_apply_ctx_t  ctx;
    pf_buf_t        b;
    int             rc, left;

    if (run == 0) {
        pf_cli_fix_print_plan(cli, r, plan);
        pf_cli_fix_leftovers(plan);
        return plan->conflicts ? PF_EXIT_REMEDY : PF_EXIT_OK;
    }
    if (!cli->json) {
        pf_cli_fix_print_plan(cli, r, plan);
    }
    if (!pf_cli_confirm(cli, NULL, run)) {
        return PF_EXIT_REMEDY;
    }
    memset(&err, 0, sizeof(err));
    pf_buf_init(&b);
    rc = pf_plan_apply(pf_cli_apply_ctx(&ctx, r->pool, &b), plan, &err);
    pf_cli_print(&b, log);
    pf_buf_free(&b);
    if (cli->json) {
        pf_cli_fix_print_plan(cli, r, plan);
    }
    if (rc != PF_OK) {
        return pf_cli_fix_error("a remedy failed: ", &err, PF_EXIT_REMEDY);
    }
    left = pf_cli_fix_leftovers(plan);
    if (pf_cli_recheck(r, log) && !left) {
        return PF_EXIT_CONFLICT;
    }
    return left ? PF_EXIT_REMEDY : PF_EXIT_OK;
}

static int
pf_cli_fix_report(pf_cli_t *cli, pf_report_t *r, pf_plan_t *plan)
{
    const pf_executor_t *ex = pf_executor_platform();
    pf_plan_options_t    o;
    pf_error_t           err;
    pf_buf_t             b;
    int                  rc;

    rc = pf_cli_report(cli, r);
    if (rc != PF_EXIT_OK) {
        return rc;
    }
    if (!cli->json) {
        pf_buf_init(&b);
        pf_render_text(r, 0, &b);
        pf_cli_print(&b, stdout);
        pf_buf_free(&b);
    }
    memset(&o, 0, sizeof(o));
    memset(&err, 0, sizeof(err));
    o.remedy = cli->remedy;
    /* replayed facts: the rights of the host that gathered them */
    o.is_admin = cli->facts_file != NULL ? r->host.is_admin
                                         : pf_executor_is_admin(ex);
    if (pf_plan_build(r, &o, plan, &err) != PF_OK) {
        return pf_cli_fix_error("", &err, PF_EXIT_USAGE);
    }
    return PF_EXIT_OK;
}

int
pf_cli_fix(pf_cli_t *cli)
{
    pf_report_t *r;
    pf_plan_t    plan;
    int          rc;

    r = pf_report_create();
    if (r == NULL) {
        fprintf(stderr, "preflight: out of memory\n");
        return PF_EXIT_USAGE;
    }
    rc = pf_cli_fix_report(cli, r, &plan);
    if (rc == PF_EXIT_OK && cli->apply) {
        rc = pf_cli_fix_apply(cli, r, &plan);
    } else if (rc == PF_EXIT_OK) {
        pf_cli_fix_print_plan(cli, r, &plan);
        if (!cli->json && pf_plan_count(&plan, PF_STEP_RUN) > 0) {
            printf(cli->facts_file != NULL
                   ? "\nReplayed facts: nothing was changed.  On the host "
                     "that gathered them, 'preflight fix --apply' carries "
                     "out the steps marked 'can be applied'.\n"
                   : "\nDry run: nothing was changed.  'preflight fix "
                     "--apply' carries out the steps marked 'can be "
                     "applied'.\n");
        }
        rc = plan.conflicts ? PF_EXIT_CONFLICT : PF_EXIT_OK;
    }
    pf_report_destroy(r);
    return rc;
}

/* run --on-conflict fix, the launcher's remedy step (pf_cli_run.c):
 * the plan fix would carry out, with fix's safety (the same plan and
 * refusals, a confirmation or --yes, the journal), its text on stderr
 * (the server's streams are the server's) before a question is asked.
 * PF_OK once the steps that may run have run (the host interface probes
 * again and says what is left); PF_ERROR when nothing was applied, err
 * says why. */
int
pf_cli_fix_for_run(pf_cli_t *cli, pf_report_t *r, pf_error_t *err)
{
    const pf_executor_t *ex = pf_executor_platform();
    pf_plan_options_t    o;
    pf_plan_t            plan;
    pf_apply_ctx_t       ctx;
    pf_buf_t             b;
    unsigned             run;
    int                  rc;

    memset(&o, 0, sizeof(o));
    o.remedy = cli->remedy;
    o.is_admin = pf_executor_is_admin(ex);
    if (pf_plan_build(r, &o, &plan, err) != PF_OK) {
        return PF_ERROR;
    }
    pf_buf_init(&b);
    pf_plan_render_text(&plan, "", &b);
    pf_cli_print(&b, stderr);
    pf_buf_free(&b);
    run = pf_plan_count(&plan, PF_STEP_RUN);
    if (run == 0) {
        pf_cli_fix_leftovers(&plan);
        pf_error_set(err, NULL, 0, "nothing was applied");
        return PF_ERROR;
    }
    if (!pf_cli_confirm_err(cli, NULL, run, err)) {
        return PF_ERROR;
    }
    pf_buf_init(&b);
    rc = pf_plan_apply(pf_cli_apply_ctx(&ctx, r->pool, &b), &plan, err);
    pf_cli_print(&b, stderr);
    pf_buf_free(&b);
    if (rc != PF_OK) {
        return PF_ERROR;
    }
    (void) pf_cli_fix_leftovers(&plan);
    return PF_OK;
}

/* ---------------------------------------------------------------------
 * undo
 */
static int
pf_cli_undo_apply(pf_cli_t *cli, pf_pool_t *pool, const char *path,
                  pf_array_t *entries)
{
    const pf_executor_t *ex = pf_executor_platform();
    const char          *archived = NULL;
    pf_error_t           err;
    pf_apply_ctx_t       ctx;
    pf_buf_t             b;
    int                  rc;

    if (pf_undo_refused(pool, entries) > 0) {
        fprintf(stderr, "preflight: the journal holds %u entr%s preflight "
                "could not have written (REFUSED above); nothing was "
                "changed\n", pf_undo_refused(pool, entries),
                pf_undo_refused(pool, entries) == 1 ? "y" : "ies");
        return PF_EXIT_REMEDY;
    }
    if (!pf_executor_is_admin(ex)) {
        fprintf(stderr, "preflight: undo needs %s; nothing was changed\n",
                pf_executor_rights(ex));
        return PF_EXIT_REMEDY;
    }
    if (!pf_cli_confirm(cli, "listed above", pf_undo_pending(entries))) {
        return PF_EXIT_REMEDY;
    }
    memset(&err, 0, sizeof(err));
    pf_buf_init(&b);
    (void) pf_cli_apply_ctx(&ctx, pool, &b);
    ctx.journal = path;
    rc = pf_undo_apply(&ctx, entries, &archived, &err);
    pf_cli_print(&b, stdout);
    pf_buf_free(&b);
    if (rc != PF_OK) {
        return pf_cli_fix_error("undo stopped: ", &err, PF_EXIT_REMEDY);
    }
    printf("Restored.  The journal was archived as %s\n",
           pf_inert(pool, archived));
    return PF_EXIT_OK;
}

int
pf_cli_undo(pf_cli_t *cli)
{
    pf_pool_t  *pool = pf_pool_create();
    pf_array_t  entries;
    pf_error_t  err;
    pf_buf_t    b;
    const char *path = NULL;
    int         rc = PF_EXIT_OK;

    if (pool == NULL) {
        fprintf(stderr, "preflight: out of memory\n");
        return PF_EXIT_USAGE;
    }
    memset(&err, 0, sizeof(err));
    if (pf_undo_load(pool, NULL, &path, &entries, &err) != PF_OK) {
        rc = pf_cli_fix_error("", &err, PF_EXIT_REMEDY);
        fprintf(stderr, "preflight: the journal was left as it is\n");
    } else if (pf_undo_pending(&entries) == 0) {
        printf("Nothing to undo (no changes recorded in %s).\n",
               pf_inert(pool, path));
    } else {
        printf("Undo, newest change first (journal %s):\n",
               pf_inert(pool, path));
        pf_buf_init(&b);
        pf_undo_render(&entries, &b);
        pf_cli_print(&b, stdout);
        pf_buf_free(&b);
        if (cli->apply) {
            fflush(stdout);
            rc = pf_cli_undo_apply(cli, pool, path, &entries);
        } else if (pf_undo_refused(pool, &entries) > 0) {
            printf("\nDry run: nothing was changed.  The journal holds "
                   "entries preflight could not have written (REFUSED): "
                   "'preflight undo --apply' will refuse it.\n");
            rc = PF_EXIT_REMEDY;
        } else {
            printf("\nDry run: nothing was changed.  'preflight undo "
                   "--apply' restores these.\n");
        }
    }
    pf_pool_destroy(pool);
    return rc;
}
