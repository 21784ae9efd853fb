/*
 * Fuzz target: the facts JSON reader of `--facts FILE`
 * (cli-shim/pf_cli_replay.c).  Whatever the bytes, the reader either
 * builds a report or fails with a message that names the file; a report
 * it accepts is then diagnosed, rendered and planned as `check` and `fix`
 * do, so the core never meets facts from a file that crash it; and what
 * it accepts, written again by `preflight facts`, reads back.
 */
#include <stdlib.h>
#include <string.h>

#include "pf_fuzz.h"
#include "../../cli-shim/pf_cli_replay.h"

static void
pf_fuzz_render(pf_report_t *r)
{
    pf_plan_options_t o;
    pf_plan_t         plan;
    pf_error_t        err;
    pf_buf_t          b;

    pf_buf_init(&b);
    pf_render_text(r, PF_RENDER_VERBOSE, &b);
    pf_render_json(r, &b);
    memset(&o, 0, sizeof(o));
    o.is_admin = r->host.is_admin;
    memset(&err, 0, sizeof(err));
    if (pf_plan_build(r, &o, &plan, &err) == PF_OK) {
        pf_plan_render_text(&plan, "", &b);
    }
    pf_buf_free(&b);
}

static void
pf_fuzz_round_trip(pf_report_t *r)
{
    pf_report_t *again = pf_report_create();
    pf_error_t   err;
    pf_buf_t     b;

    pf_buf_init(&b);
    pf_render_facts_json(r, &b);
    if (again != NULL && !b.failed) {
        memset(&err, 0, sizeof(err));
        if (pf_replay_parse(again, "again", NULL, b.data, b.len, &err)
            != PF_OK || again->checks.nelts != r->checks.nelts)
        {
            abort();            /* what we write, we must read back */
        }
    }
    pf_buf_free(&b);
    pf_report_destroy(again);
}

static void
pf_fuzz_facts_json(pf_pool_t *pool, const char *text, size_t len)
{
    pf_report_t *r = pf_report_create();
    pf_error_t   err;

    (void) pool;
    if (r == NULL) {
        return;
    }
    memset(&err, 0, sizeof(err));
    if (pf_replay_parse(r, "fuzz.json", NULL, text, len, &err) != PF_OK) {
        if (strcmp(err.file, "fuzz.json") != 0 || err.message[0] == '\0') {
            abort();            /* every error names the file and why */
        }
    } else {
        pf_report_diagnose(r);
        pf_fuzz_round_trip(r);
        pf_fuzz_render(r);
    }
    pf_report_destroy(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return pf_fuzz_run_text(data, size, 256 * 1024, pf_fuzz_facts_json);
}
