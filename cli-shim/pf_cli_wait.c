/*
 * A short, bounded grace for ports whose holder is leaving (issue 23):
 *
 *   preflight wait [--timeout SECONDS] TARGET...
 *       for a script that stops one server and starts another: 0 once
 *       every target can be bound, 1 at the timeout, with the usual
 *       explanation;
 *   check --wait SECONDS, run --wait SECONDS
 *       the same grace before the verdict.
 *
 * --wait and --timeout are taken out of argv before the option parser
 * sees it, so that this file is the whole of the feature.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pf_cli.h"

#define PF_WAIT_DEFAULT_MS  10000U
#define PF_WAIT_MAX_S       3600.0

static unsigned  pf_wait_ms;
static int       pf_wait_given;

static int
pf_cli_wait_seconds(const char *opt, const char *s, unsigned *ms)
{
    char   *end;
    double  v;

    if (s == NULL) {
        fprintf(stderr, "preflight: option '%s' needs a value\n", opt);
        return PF_EXIT_USAGE;
    }
    v = strtod(s, &end);
    if (end == s || *end != '\0' || !(v >= 0.0) || v > PF_WAIT_MAX_S) {
        fprintf(stderr, "preflight: %s takes seconds (0 to %.0f), not "
                "'%s'\n", opt, PF_WAIT_MAX_S, s);
        return PF_EXIT_USAGE;
    }
    *ms = (unsigned) (v * 1000.0 + 0.5);
    return -1;
}

int
pf_cli_wait_options(int *argc, char **argv)
{
    int i, j, rc;

    for (i = 1; i < *argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--wait") != 0
            && strcmp(argv[i], "--timeout") != 0)
        {
            continue;
        }
        rc = pf_cli_wait_seconds(argv[i], i + 1 < *argc ? argv[i + 1] : NULL,
                                 &pf_wait_ms);
        if (rc >= 0) {
            return rc;
        }
        pf_wait_given = 1;
        for (j = i; j + 2 <= *argc; j++) {
            argv[j] = argv[j + 2];
        }
        *argc -= 2;
        i--;
    }
    return -1;
}

/* check and run: wait if --wait was given and something failed; says
 * whom it waited for. */
void
pf_cli_grace(pf_report_t *r, FILE *out)
{
    pf_buf_t b;

    if (!pf_wait_given || !pf_report_any_failed(r)) {
        return;
    }
    pf_report_wait(r, pf_wait_ms);
    pf_buf_init(&b);
    pf_render_wait_text(r, "preflight: ", &b);
    pf_cli_print(&b, out);
    pf_buf_free(&b);
}

int
pf_cli_wait(pf_cli_t *cli)
{
    pf_report_t *r;
    pf_buf_t     b;
    int          rc;

    if (cli->ntargets == 0 && cli->apache_conf == NULL
        && cli->nginx_conf == NULL)
    {
        fprintf(stderr, "preflight: wait needs a TARGET (or --apache FILE, "
                "--nginx FILE)\n");
        return PF_EXIT_USAGE;
    }
    r = pf_report_create();
    if (r == NULL) {
        fprintf(stderr, "preflight: out of memory\n");
        return PF_EXIT_USAGE;
    }
    rc = pf_cli_load_targets(cli, r);
    if (rc != PF_EXIT_OK) {
        pf_report_destroy(r);
        return rc;
    }
    if (!pf_wait_given) {
        pf_wait_ms = PF_WAIT_DEFAULT_MS;
    }
    pf_report_probe(r);
    if (pf_report_any_failed(r)) {
        /* who holds them, to say whom it waited for */
        pf_report_explain(r);
        pf_report_wait(r, pf_wait_ms);
    }
    pf_buf_init(&b);
    pf_render_wait_text(r, "", &b);
    rc = pf_report_has_conflict(r) || pf_report_any_failed(r)
         ? PF_EXIT_CONFLICT : PF_EXIT_OK;
    if (rc != PF_EXIT_OK) {
        pf_render_text(r, PF_RENDER_QUIET, &b);
    }
    pf_cli_print(&b, rc == PF_EXIT_OK ? stdout : stderr);
    pf_buf_free(&b);
    pf_report_destroy(r);
    return rc;
}
