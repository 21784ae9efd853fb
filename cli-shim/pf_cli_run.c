/*
 * run: check the ports the server is configured for, say what holds them,
 * then start the server as it was asked to start and give back its exit
 * status.  A launcher (apache_start.bat, a bootstrap script, a systemd
 * unit) puts `preflight run --` in front of its command line.
 *
 * The launcher is a host of the host interface, as the modules are
 * (pf_host_check(), core/src/pf_host.c): its targets come from the
 * server's configuration, who it is from that configuration's pid file
 * (nothing of the server runs yet unless the pid file says so), and its
 * log is standard error.  What counts as a conflict, the refusal, the
 * fix and the check after it are decided there, once for every host.
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

/* ---------------------------------------------------------------------
 * The host's table
 */

typedef struct {
    pf_cli_t    *cli;
    pf_report_t *report;     /* the report being checked */
    int          checked;    /* its targets could be read */
    int          said;       /* a port was said to be held */
} pf_cli_run_host_t;

static int
pf_cli_run_targets(void *data, pf_report_t *r)
{
    pf_cli_run_host_t *h = data;
    pf_error_t         err;

    memset(&err, 0, sizeof(err));
    if (pf_cli_load_targets_err(h->cli, r, &err) != PF_EXIT_OK) {
        pf_cli_run_warn_err(h->cli, &err);
        return PF_ERROR;
    }
    h->report = r;
    h->checked = 1;
    return PF_OK;
}

/* This process is not the server but starts it: no pids of its own, and
 * the server's executable is the platform's, as check names it (not this
 * process's image, which the core would take for a module's). */
static int
pf_cli_run_self(void *data, pf_report_t *r)
{
    (void) data;
    r->ctx.server_exe = pf_server_default_exe(r->ctx.server);
    return PF_OK;
}

/* The server the configuration's pid file names, when the facts found it
 * holding a port: a server of this configuration runs already. */
static long
pf_cli_run_running(void *data)
{
    const pf_cli_run_host_t *h = data;
    size_t                   i;

    for (i = 0; h->report != NULL && i < h->report->checks.nelts; i++) {
        const pf_check_t *c = &PF_ARRAY_AT(&h->report->checks, pf_check_t,
                                           i);

        if (c->facts.running_pid > 0) {
            return c->facts.running_pid;
        }
    }
    return 0;
}

/* Standard error, in front of the server's own messages; debug and info
 * lines only with --verbose. */
static void
pf_cli_run_log(void *data, pf_log_level_t level, pf_host_msg_t msg,
               const char *line)
{
    pf_cli_run_host_t *h = data;

    if (level > PF_LOG_NOTICE && !h->cli->verbose) {
        return;
    }
    if (msg == PF_HOST_MSG_CONFLICT || msg == PF_HOST_MSG_SELF
        || msg == PF_HOST_MSG_SELF_EXITING)
    {
        h->said = 1;
    }
    pf_cli_eprintf("%s\n", line);
}

static const pf_host_ops_t pf_cli_run_ops = {
    pf_cli_run_targets, pf_cli_run_self, pf_cli_run_running, NULL,
    pf_cli_run_log
};

/* ---------------------------------------------------------------------
 * The core's steps for this host: the command links the core.
 */

/* pf_host_core_t's steps get no host data; one run per process. */
static pf_cli_t *pf_cli_run_current;

/* As check (pf_report_run): a clash is between the checks; then the
 * --wait grace, which needs to know whom it waits for. */
static int
pf_cli_run_explain(pf_report_t *r)
{
    int rc = pf_report_explain(r);

    if (pf_diagnose_clashes(r->pool, &r->ctx, &r->host, &r->checks)
        != PF_OK)
    {
        rc = PF_ENOMEM;
    }
    pf_cli_grace(r, stderr);
    return rc;
}

/* --on-conflict fix: what fix --apply would do, confirmed as it is (--yes
 * or on a terminal) rather than by an allow list, which the launcher has
 * none of.  What err quotes (units, services, paths) is made inert: the
 * host interface logs it as it is. */
static int
pf_cli_run_remedy(pf_report_t *r, pf_remedy_mode_t mode,
                  const pf_array_t *allow, pf_buf_t *out, pf_error_t *err)
{
    (void) allow;
    (void) out;             /* fix's text goes to stderr before it asks */
    if (mode != PF_REMEDY_MODE_APPLY || pf_cli_run_current == NULL) {
        return PF_OK;
    }
    if (pf_cli_fix_for_run(pf_cli_run_current, r, err) == PF_OK) {
        return PF_OK;
    }
    pf_error_inert(r->pool, err);
    return PF_ERROR;
}

static const pf_host_core_t pf_cli_run_core = {
    pf_cli_run_explain, pf_cli_run_remedy, pf_conf_nginx
};

/* ---------------------------------------------------------------------
 * The launcher
 */

/* --on-conflict in the core's words (as the modules' directives); warn
 * when not given.  PF_ERROR for a word it does not know. */
static int
pf_cli_run_policy(const pf_cli_t *cli, pf_on_conflict_t *p)
{
    const char *m = cli->on_conflict;

    *p = PF_ON_CONFLICT_WARN;
    return m == NULL ? PF_OK : pf_on_conflict_parse(m, strlen(m), p);
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

/* The settings the launcher's options give: warn and fail say what holds
 * a port, fix applies what it may first. */
static void
pf_cli_run_settings(const pf_cli_t *cli, pf_host_settings_t *s)
{
    pf_server_t server = PF_SERVER_ANY;

    if (cli->apache_conf != NULL && cli->nginx_conf == NULL) {
        server = PF_SERVER_APACHE;
    } else if (cli->nginx_conf != NULL && cli->apache_conf == NULL) {
        server = PF_SERVER_NGINX;
    }
    pf_host_settings_init(s, server);
    s->core = &pf_cli_run_core;
    (void) pf_cli_run_policy(cli, &s->on_conflict);   /* run_valid did */
    s->remedy = s->on_conflict == PF_ON_CONFLICT_FIX ? PF_REMEDY_MODE_APPLY
                                                     : PF_REMEDY_MODE_NONE;
}

/* After an early failure: what holds the ports now (the server may have
 * raced another one to them, or one of this configuration runs). */
static void
pf_cli_run_recheck(pf_cli_t *cli, int status, double seconds)
{
    pf_cli_run_host_t  h;
    pf_host_settings_t s;
    pf_host_result_t   res;

    pf_cli_eprintf("preflight: %s exited with status %d after %.1f s; "
            "checking its ports again\n", cli->command_argv[0], status,
            seconds);
    memset(&h, 0, sizeof(h));
    h.cli = cli;
    pf_cli_run_settings(cli, &s);
    s.on_conflict = PF_ON_CONFLICT_WARN;
    s.remedy = PF_REMEDY_MODE_NONE;
    (void) pf_host_check(&pf_cli_run_ops, &h, &s, &res);
    if (h.checked && !h.said) {
        pf_cli_eprintf("preflight: every port is free now: the cause is "
                "elsewhere, see the server's own messages\n");
    }
}

/* 1 when the server may start, 0 when --on-conflict fail holds it back;
 * *checked says whether the ports could be checked at all. */
static int
pf_cli_run_preflight(pf_cli_t *cli, pf_pool_t *pool, int *checked)
{
    pf_cli_run_host_t  h;
    pf_host_settings_t s;
    pf_host_result_t   res;

    *checked = 0;
    if (pf_cli_run_detect(cli, pool) != PF_OK) {
        return 1;
    }
    memset(&h, 0, sizeof(h));
    h.cli = cli;
    pf_cli_run_settings(cli, &s);
    pf_cli_run_current = cli;
    (void) pf_host_check(&pf_cli_run_ops, &h, &s, &res);
    *checked = h.checked;
    if (res.refuse) {
        return 0;
    }
    /* fail open: a fix that could not be made leaves the server to try */
    if (s.on_conflict == PF_ON_CONFLICT_FIX && res.conflicts > 0) {
        pf_cli_eprintf("preflight: starting %s anyway\n",
                cli->command_argv[0]);
    }
    return 1;
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
