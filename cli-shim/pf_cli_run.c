/*
 * run: check the ports the server is configured for, say what holds them,
 * then start the server as it was asked to start and give back its exit
 * status.  A launcher (apache_start.bat, a bootstrap script, a systemd
 * unit) puts `preflight run --` in front of its command line.
 */
#include <stdio.h>
#include <string.h>

#include "pf_cli.h"

/* A server that fails this soon after starting most likely could not
 * bind: look again at what holds its ports. */
#define PF_RUN_EARLY_EXIT_SECONDS  5.0

/* Any failure of preflight's own is this one line, and the server starts:
 * a launcher must never be stopped by the tool that stands in front of
 * it. */
static void
pf_cli_run_warn(const pf_cli_t *cli, const char *why)
{
    pf_cli_eprintf("preflight: warning: %s; starting %s without the "
            "check\n", why, cli->command_argv[0]);
}

static void
pf_cli_run_warn_err(const pf_cli_t *cli, const pf_error_t *err)
{
    char msg[2200];

    pf_cli_run_warn(cli, pf_error_format(err, msg, sizeof(msg)));
}

/* Takes the configuration from the server's own command line unless the
 * options already name one. */
static int
pf_cli_run_detect(pf_cli_t *cli, pf_pool_t *pool)
{
    pf_run_server_t srv;
    pf_error_t      err;
    size_t          i;

    if (cli->apache_conf || cli->nginx_conf || cli->ntargets) {
        return PF_OK;
    }
    memset(&err, 0, sizeof(err));
    if (pf_run_detect(pool, cli->command_argc, cli->command_argv, &srv,
                      &err) != PF_OK)
    {
        pf_cli_run_warn_err(cli, &err);
        return PF_ERROR;
    }
    if (srv.conf_path == NULL) {
        pf_cli_run_warn(cli, "cannot tell which configuration it reads "
                        "(give --apache FILE or --nginx FILE)");
        return PF_ERROR;
    }
    if (srv.server == PF_SERVER_APACHE) {
        cli->apache_conf = srv.conf_path;
        cli->server_root = srv.server_root;
        for (i = 0; i < srv.defines.nelts && cli->ndefines < 63; i++) {
            cli->defines[cli->ndefines++] =
                PF_ARRAY_AT(&srv.defines, const char *, i);
        }
    } else {
        cli->nginx_conf = srv.conf_path;
        cli->prefix = srv.prefix;
    }
    return PF_OK;
}

/* Probes the targets and prints the findings; returns the report (*rc:
 * PF_EXIT_OK or PF_EXIT_CONFLICT), or NULL when preflight could not
 * check (the warning is printed). */
static pf_report_t *
pf_cli_run_check(pf_cli_t *cli, unsigned flags, int *rc)
{
    pf_report_t *r;
    pf_buf_t     b;
    pf_error_t   err;

    r = pf_report_create();
    if (r == NULL) {
        pf_cli_run_warn(cli, "out of memory");
        return NULL;
    }
    memset(&err, 0, sizeof(err));
    if (pf_cli_load_targets_err(cli, r, &err) != PF_EXIT_OK) {
        pf_cli_run_warn_err(cli, &err);
        pf_report_destroy(r);
        return NULL;
    }
    pf_report_run(r);
    pf_cli_grace(r, stderr);
    pf_buf_init(&b);
    pf_render_text(r, flags, &b);
    pf_cli_print(&b, stderr);
    pf_buf_free(&b);
    *rc = pf_report_has_conflict(r) ? PF_EXIT_CONFLICT : PF_EXIT_OK;
    return r;
}

/* --on-conflict in the core's words (as the modules' directives); warn
 * when not given.  PF_ERROR for a word it does not know. */
static int
pf_cli_run_policy(const pf_cli_t *cli, pf_on_conflict_t *p)
{
    const char *m = cli->on_conflict;

    *p = PF_ON_CONFLICT_WARN;
    return m == NULL ? PF_OK : pf_on_conflict_parse(m, strlen(m), p);
}

/* Decides, from --on-conflict, whether the server is started at all. */
static int
pf_cli_run_on_conflict(pf_cli_t *cli, pf_report_t *r)
{
    pf_on_conflict_t p;
    char             why[2048];

    (void) pf_cli_run_policy(cli, &p);      /* checked by run_valid */
    if (p == PF_ON_CONFLICT_FAIL) {
        /* the modules' one-line refusal, with the command's name */
        if (pf_host_refusal(r, 0, why, sizeof(why)) != NULL) {
            pf_cli_eprintf("preflight: not starting %s: %s (--on-conflict "
                    "fail)\n", cli->command_argv[0], why);
        } else {
            pf_cli_eprintf("preflight: not starting %s (--on-conflict "
                    "fail)\n", cli->command_argv[0]);
        }
        return PF_EXIT_CONFLICT;
    }
    /* fail open: a fix that could not be made leaves the server to try */
    if (p == PF_ON_CONFLICT_FIX && pf_cli_fix_for_run(cli, r) != PF_EXIT_OK) {
        pf_cli_eprintf("preflight: starting %s anyway\n",
                cli->command_argv[0]);
    }
    return PF_EXIT_OK;
}

/* Mistakes on run's own command line are usage errors (2), found the
 * first time the launcher is tried; everything after is fail-open. */
static int
pf_cli_run_valid(const pf_cli_t *cli)
{
    pf_on_conflict_t p;

    if (cli->command_argv == NULL || cli->command_argc == 0) {
        pf_cli_eprintf("preflight: run needs the server's command after "
                "'--', e.g. preflight run -- nginx -g 'daemon off;'\n");
        return 0;
    }
    if (pf_cli_run_policy(cli, &p) != PF_OK) {
        pf_cli_eprintf("preflight: --on-conflict takes warn, fail or fix, "
                "not '%s'\n", cli->on_conflict);
        return 0;
    }
    return 1;
}

/* Each "already running" finding, once. */
static void
pf_cli_run_same(const pf_report_t *r)
{
    const char *last = NULL;
    size_t      i, j;

    for (i = 0; i < r->checks.nelts; i++) {
        const pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);

        for (j = 0; j < c->findings.nelts; j++) {
            const pf_finding_t *f = &PF_ARRAY_AT(&c->findings,
                                                 pf_finding_t, j);

            if (f->cause == PF_CAUSE_SAME_SERVER
                && (last == NULL || strcmp(last, f->summary) != 0))
            {
                pf_cli_eprintf("preflight: %s\n",
                               pf_inert(r->pool, f->summary));
                last = f->summary;
            }
        }
    }
}

/* After an early failure: what holds the ports now (the server may have
 * raced another one to them). */
static void
pf_cli_run_recheck(pf_cli_t *cli, int status, double seconds)
{
    pf_report_t *r;
    int          rc;

    pf_cli_eprintf("preflight: %s exited with status %d after %.1f s; "
            "checking its ports again\n", cli->command_argv[0], status,
            seconds);
    r = pf_cli_run_check(cli, PF_RENDER_QUIET, &rc);
    if (r != NULL && rc == PF_EXIT_OK && pf_report_any_failed(r)) {
        /* held by the server its configuration names: a second start */
        pf_cli_run_same(r);
    } else if (r != NULL && rc == PF_EXIT_OK) {
        pf_cli_eprintf("preflight: every port is free now: the cause is "
                "elsewhere, see the server's own messages\n");
    }
    pf_report_destroy(r);
}

/* 1 when the server may start, 0 when --on-conflict fail holds it back;
 * *checked says whether the ports could be checked at all. */
static int
pf_cli_run_preflight(pf_cli_t *cli, pf_pool_t *pool, int *checked)
{
    pf_report_t *r;
    int          rc = PF_EXIT_OK;

    *checked = 0;
    if (pf_cli_run_detect(cli, pool) != PF_OK) {
        return 1;
    }
    r = pf_cli_run_check(cli, pf_cli_render_flags(cli, 2) | PF_RENDER_QUIET,
                         &rc);
    if (r == NULL) {
        return 1;
    }
    *checked = 1;
    if (rc == PF_EXIT_CONFLICT) {
        rc = pf_cli_run_on_conflict(cli, r);
    }
    pf_report_destroy(r);
    return rc == PF_EXIT_OK;
}

int
pf_cli_run(pf_cli_t *cli)
{
    pf_pool_t   *pool;
    pf_child_t  *child;
    pf_error_t   err;
    char         msg[2200];
    double       seconds = 0;
    int          status = 1, checked;

    if (!pf_cli_run_valid(cli)) {
        return PF_EXIT_USAGE;
    }
    pool = pf_pool_create();
    if (pool == NULL) {
        pf_cli_eprintf("preflight: out of memory: cannot start %s\n",
                cli->command_argv[0]);
        return 127;
    }
    if (!pf_cli_run_preflight(cli, pool, &checked)) {
        pf_pool_destroy(pool);
        return PF_EXIT_CONFLICT;
    }
    memset(&err, 0, sizeof(err));
    fflush(NULL);
    if (pf_run_start(pool, cli->command_argv, &child, &err) != PF_OK
        || pf_run_wait(child, &status, &seconds, &err) != PF_OK)
    {
        pf_cli_eprintf("preflight: %s\n",
                pf_error_format(&err, msg, sizeof(msg)));
        pf_pool_destroy(pool);
        return 127;
    }
    /* the server's own status, whatever it is (XAMPP's launchers take
     * 255 as a normal end): never one of ours in its place */
    if (checked && status != 0 && seconds < PF_RUN_EARLY_EXIT_SECONDS) {
        pf_cli_run_recheck(cli, status, seconds);
    }
    pf_pool_destroy(pool);
    return status;
}
