/*
 * check, explain, facts: gather targets, run the core, print.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pf_cli.h"
#include "pf_cli_replay.h"

void
pf_cli_print(pf_buf_t *b, FILE *out)
{
    if (b->failed) {
        fprintf(stderr, "preflight: out of memory while printing\n");
    }
    fflush(out);
    /* a Windows console takes UTF-16, not the bytes */
    if (b->len && pf_write_console(fileno(out), b->data, b->len) != PF_OK) {
        fwrite(b->data, 1, b->len, out);
        fflush(out);
    }
}

/* A message to standard error that may carry a path or a name in any
 * language: through pf_cli_print, so a Windows console shows it right. */
void
pf_cli_eprintf(const char *fmt, ...)
{
    pf_buf_t b;
    va_list  ap;
    char     msg[4096];
    int      n;

    va_start(ap, fmt);
    n = vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (n < 0) {
        return;
    }
    pf_buf_init(&b);
    pf_buf_add(&b, msg, strlen(msg));
    pf_cli_print(&b, stderr);
    pf_buf_free(&b);
}

static int
pf_cli_usage_error(const pf_error_t *err)
{
    char msg[2200];

    pf_cli_eprintf("preflight: %s\n",
                   pf_error_format(err, msg, sizeof(msg)));
    return PF_EXIT_USAGE;
}

static void
pf_cli_conf_options(const pf_cli_t *cli, pf_conf_options_t *o)
{
    memset(o, 0, sizeof(*o));
    o->server_root = cli->server_root;
    o->httpd_exe = pf_server_default_exe(PF_SERVER_APACHE);
    o->prefix = cli->prefix;
    o->defines = cli->ndefines ? (const char *const *) cli->defines : NULL;
    o->is_root = pf_is_admin();
}

/* With nothing named, the system's own configurations.  One that exists
 * but cannot be read completely (an error, a budget exceeded) is not
 * replaced by ports 80 and 443: its own ports would go unchecked and the
 * answer be "free".  The check says what it could not read and fails;
 * run warns and starts the server all the same. */
static int
pf_cli_default_targets(pf_report_t *r, const pf_conf_options_t *o,
                       pf_array_t *targets, pf_error_t *err)
{
    char msg[sizeof(err->message)], file[sizeof(err->file)];

    if (pf_targets_default(r->pool, o, targets, err) == PF_OK) {
        return PF_OK;
    }
    snprintf(msg, sizeof(msg), "%s", err->message);
    snprintf(file, sizeof(file), "%s", err->file);
    pf_error_set(err, file[0] ? file : NULL, err->line,
                 "%s; this configuration could not be read completely, "
                 "so its ports were not checked", msg);
    return PF_ERROR;
}

int
pf_cli_load_targets_err(pf_cli_t *cli, pf_report_t *r, pf_error_t *err)
{
    pf_array_t         targets;
    pf_conf_options_t  o;
    int                i;

    if (pf_array_init(&targets, r->pool, 8, sizeof(pf_target_t)) != PF_OK) {
        goto nomem;
    }
    /* asked only when a configuration is read (an access() and a
     * geteuid() a check of addresses does without) */
    if (cli->apache_conf != NULL || cli->nginx_conf != NULL
        || cli->ntargets == 0)
    {
        pf_cli_conf_options(cli, &o);
    }

    for (i = 0; i < cli->ntargets; i++) {
        if (pf_target_parse(r->pool, cli->targets[i], "command line",
                            &targets, err) != PF_OK)
        {
            return PF_EXIT_USAGE;
        }
    }
    if (cli->apache_conf != NULL) {
        r->ctx.server = PF_SERVER_APACHE;
        if (pf_conf_apache(r->pool, cli->apache_conf, &o, &targets, err)
            != PF_OK)
        {
            return PF_EXIT_USAGE;
        }
    }
    if (cli->nginx_conf != NULL) {
        r->ctx.server = cli->apache_conf ? PF_SERVER_ANY : PF_SERVER_NGINX;
        if (pf_conf_nginx(r->pool, cli->nginx_conf, &o, &targets, err)
            != PF_OK)
        {
            return PF_EXIT_USAGE;
        }
    }
    if (cli->ntargets == 0 && cli->apache_conf == NULL
        && cli->nginx_conf == NULL
        && pf_cli_default_targets(r, &o, &targets, err) != PF_OK)
    {
        return PF_EXIT_USAGE;
    }
    if (targets.nelts == 0) {
        pf_error_set(err, NULL, 0, "no listen address found to check");
        return PF_EXIT_USAGE;
    }
    if (pf_report_add_targets(r, &targets) != PF_OK) {
        goto nomem;
    }
    return PF_EXIT_OK;

nomem:
    pf_error_set(err, NULL, 0, "out of memory");
    return PF_EXIT_USAGE;
}

/* --facts: the file's report, diagnosed here; nothing is probed. */
static int
pf_cli_replay(pf_cli_t *cli, pf_report_t *r)
{
    pf_error_t err;
    char       msg[2200];

    memset(&err, 0, sizeof(err));
    if (!pf_replay_available()) {
        fprintf(stderr, "preflight: --facts: this preflight was built "
                "without json-c, so it cannot read facts files\n");
        return PF_EXIT_USAGE;
    }
    if (pf_replay_load(r, cli->facts_file, &err) != PF_OK
        || pf_replay_select(r, cli->targets, cli->ntargets, &err) != PF_OK)
    {
        fprintf(stderr, "preflight: --facts: %s\n",
                pf_error_format(&err, msg, sizeof(msg)));
        return PF_EXIT_USAGE;
    }
    if (r->checks.nelts == 0) {
        fprintf(stderr, "preflight: --facts: %s holds no target\n",
                cli->facts_file);
        return PF_EXIT_USAGE;
    }
    if (strcmp(cli->command, "explain") == 0 && r->checks.nelts != 1) {
        fprintf(stderr, "preflight: explain takes exactly one TARGET; %s "
                "holds %lu\n", cli->facts_file,
                (unsigned long) r->checks.nelts);
        return PF_EXIT_USAGE;
    }
    pf_report_diagnose(r);
    /* as pf_report_run on the host: a clash is between the checks, free
     * ones too, so diagnosing each failed check alone misses it */
    (void) pf_diagnose_clashes(r->pool, &r->ctx, &r->host, &r->checks);
    return PF_EXIT_OK;
}

int
pf_cli_report(pf_cli_t *cli, pf_report_t *r)
{
    int rc;

    if (cli->facts_file != NULL) {
        return pf_cli_replay(cli, r);
    }
    rc = pf_cli_load_targets(cli, r);
    if (rc != PF_EXIT_OK) {
        return rc;
    }
    r->ctx.server_exe = pf_server_default_exe(r->ctx.server);
    pf_report_run(r);
    return PF_EXIT_OK;
}

int
pf_cli_load_targets(pf_cli_t *cli, pf_report_t *r)
{
    pf_error_t err;

    memset(&err, 0, sizeof(err));
    if (pf_cli_load_targets_err(cli, r, &err) != PF_EXIT_OK) {
        return pf_cli_usage_error(&err);
    }
    return PF_EXIT_OK;
}

static int
pf_cli_run_report(pf_cli_t *cli, unsigned extra_flags, int facts_json)
{
    pf_report_t *r;
    pf_buf_t     out;
    unsigned     flags;
    int          rc;

    r = pf_report_create();
    if (r == NULL) {
        fprintf(stderr, "preflight: out of memory\n");
        return PF_EXIT_USAGE;
    }
    rc = pf_cli_report(cli, r);
    if (rc != PF_EXIT_OK) {
        pf_report_destroy(r);
        return rc;
    }
    if (cli->facts_file == NULL) {
        pf_cli_grace(r, cli->json || facts_json ? stderr : stdout);
    }

    pf_buf_init(&out);
    if (facts_json) {
        pf_render_facts_json(r, &out);
    } else if (cli->json) {
        pf_render_json(r, &out);
    } else {
        /* the glyphs' character set only when there is text to print
         * (rendered again in ASCII, rarely: a non-UTF-8 locale) */
        flags = pf_cli_style_flags(cli, 1) | extra_flags;
        pf_render_text(r, flags, &out);
        if (out.len > 0 && pf_cli_charset_flags(1) != 0) {
            pf_buf_free(&out);
            pf_buf_init(&out);
            pf_render_text(r, flags | PF_RENDER_ASCII, &out);
        }
    }
    pf_cli_print(&out, stdout);
    pf_buf_free(&out);

    rc = pf_report_has_conflict(r) ? PF_EXIT_CONFLICT : PF_EXIT_OK;
    pf_report_destroy(r);
    return rc;
}

int
pf_cli_check(pf_cli_t *cli)
{
    return pf_cli_run_report(cli, 0, 0);
}

int
pf_cli_explain(pf_cli_t *cli)
{
    /* from a facts file with one target, that one */
    if (cli->ntargets != 1
        && !(cli->facts_file != NULL && cli->ntargets == 0))
    {
        fprintf(stderr, "preflight: explain takes exactly one TARGET\n");
        return PF_EXIT_USAGE;
    }
    return pf_cli_run_report(cli, PF_RENDER_VERBOSE, 0);
}

int
pf_cli_facts(pf_cli_t *cli)
{
    return pf_cli_run_report(cli, 0, 1);
}
