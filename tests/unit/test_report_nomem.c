/*
 * An allocation that fails while the rules explain a failed target is
 * reported, never dropped (issue 20.3): pf_report_diagnose() returns
 * PF_ENOMEM, the check is marked, and each renderer says so in one
 * warning; the verdict stays the probe's, so a host starts or stops as it
 * would have (fail open).  The pool is made to fail at every allocation
 * point in turn, until diagnosis needs no more.
 */
#include "test_diag_fixture.h"
#include "pf_pool.h"

#define PF_NOMEM_WORDS  "ran out of memory"

static size_t
count(const char *hay, const char *needle)
{
    size_t n = 0;

    while (hay != NULL && (hay = strstr(hay, needle)) != NULL) {
        n++;
        hay += strlen(needle);
    }
    return n;
}

/* nginx started by hand holds the port: the rules that run allocate a
 * finding, its evidence, a stop command made from the command line and
 * the other-port remedy. */
static pf_check_t *
held_by_nginx(void)
{
    pf_check_t   *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                               EADDRINUSE);
    pf_process_t *p = fx_process(c, 1234, "nginx");

    p->exe = "/usr/sbin/nginx";
    p->cmdline = "nginx: master process /usr/sbin/nginx";
    p->user = "root";
    p->uid = 0;
    fx_listener(c, "0.0.0.0", 0, -1)->inode = 4242;
    c->facts.free_port_nearby = 8080;
    fx_r->ctx.server = PF_SERVER_NGINX;
    return c;
}

/* apache2.service, proven its unit's process: stop-unit and disable-unit
 * actions, as for a socket of the system manager. */
static pf_check_t *
held_by_unit(void)
{
    pf_check_t   *c = fx_check("127.0.0.1:8080", PF_STATUS_IN_USE,
                               PF_ERRSPACE_POSIX, EADDRINUSE);
    pf_process_t *p = fx_process(c, 900, "apache2");

    p->exe = "/usr/sbin/apache2";
    p->cmdline = "/usr/sbin/apache2 -k start";
    p->user = "root";
    p->uid = 0;
    p->unit = "apache2.service";
    p->cgroup_unit = "apache2.service";
    p->unit_kind = PF_UNIT_SYSTEM;
    p->cgroup = "/system.slice/apache2.service";
    p->unit_proven = 1;
    fx_listener(c, "0.0.0.0", 0, -1)->inode = 77;
    c->facts.free_port_nearby = 8081;
    return c;
}

/* Port 80 as a user: nobody holds it, the rules offer capabilities. */
static pf_check_t *
privileged(void)
{
    return fx_check("0.0.0.0:80", PF_STATUS_PRIVILEGED, PF_ERRSPACE_POSIX,
                    EACCES);
}

typedef struct {
    const char  *name;
    pf_check_t *(*build)(void);
    const char  *full;       /* in the text when memory was enough */
    const char  *target;     /* in the text whatever happened */
} nomem_case_t;

static const nomem_case_t nomem_cases[] = {
    { "nginx by hand", held_by_nginx, "nginx -s stop", "*:80 in use" },
    { "a proven unit", held_by_unit, "systemctl stop apache2.service",
      "127.0.0.1:8080 in use" },
    { "a privileged port", privileged, "setcap", "0.0.0.0:80" },
    { NULL, NULL, NULL, NULL }
};

typedef struct {
    pf_buf_t text;
    pf_buf_t log;
    pf_buf_t json;
} rendered_t;

static void
render(const pf_check_t *c, rendered_t *out)
{
    pf_buf_init(&out->text);
    pf_buf_init(&out->log);
    pf_buf_init(&out->json);
    pf_render_text(fx_r, PF_RENDER_ASCII, &out->text);
    pf_render_check_text(fx_r, c, 0, &out->log);
    pf_render_json(fx_r, &out->json);
}

static void
rendered_free(rendered_t *out)
{
    pf_buf_free(&out->text);
    pf_buf_free(&out->log);
    pf_buf_free(&out->json);
}

static void
test_every_failed_allocation_is_one_warning(void)
{
    const nomem_case_t *nc;

    for (nc = nomem_cases; nc->name != NULL; nc++) {
        long       k;
        int        failed = 0, done = 0;
        rendered_t out;

        for (k = 0; k < 10000 && !done; k++) {
            pf_check_t *c;
            int         rc;

            fx_setup();
            c = nc->build();
            pf_pool_fail_after(fx_r->pool, k);
            rc = pf_report_diagnose(fx_r);
            pf_pool_fail_after(fx_r->pool, -1);
            render(c, &out);
            if (rc == PF_OK) {
                /* enough memory: no warning anywhere, the full finding */
                done = 1;
                PF_ASSERT_EQ(c->nomem, 0);
                PF_ASSERT_EQ(count(out.text.data, PF_NOMEM_WORDS), 0);
                PF_ASSERT_EQ(count(out.log.data, PF_NOMEM_WORDS), 0);
                PF_ASSERT_EQ(count(out.json.data, "incomplete"), 0);
                PF_ASSERT_CONTAINS(out.text.data, nc->full);
            } else {
                failed++;
                PF_ASSERT_EQ(rc, PF_ENOMEM);
                PF_ASSERT_EQ(c->nomem, 1);
                PF_ASSERT_EQ(count(out.text.data, PF_NOMEM_WORDS), 1);
                PF_ASSERT_EQ(count(out.log.data, PF_NOMEM_WORDS), 1);
                PF_ASSERT_CONTAINS(out.json.data, "\"incomplete\":true");
                /* the verdict is still the probe's: it cannot be bound */
                CU_ASSERT_TRUE(pf_check_is_conflict(c));
                PF_ASSERT_CONTAINS(out.text.data, nc->target);
            }
            rendered_free(&out);
            fx_teardown();
        }
        if (!done || failed < 3) {
            fprintf(stderr, "\n  %s: %d failed allocations, done %d\n",
                    nc->name, failed, done);
        }
        CU_ASSERT_TRUE(done);
        /* every allocation of the rules was made to fail once */
        CU_ASSERT_TRUE(failed >= 3);
    }
}

/* What the report says when memory runs out while it is being explained
 * again after a wait is of now: a later explanation with memory enough
 * clears the mark. */
static void
test_warning_is_of_this_explanation(void)
{
    pf_check_t *c;

    fx_setup();
    c = held_by_nginx();
    pf_pool_fail_after(fx_r->pool, 0);
    PF_ASSERT_EQ(pf_report_diagnose(fx_r), PF_ENOMEM);
    pf_pool_fail_after(fx_r->pool, -1);
    PF_ASSERT_EQ(c->nomem, 1);
    c->findings.nelts = 0;
    c->nomem = 0;
    PF_ASSERT_EQ(pf_report_diagnose(fx_r), PF_OK);
    PF_ASSERT_EQ(c->nomem, 0);
    CU_ASSERT_TRUE(c->findings.nelts > 0);
    fx_teardown();
}

static CU_TestInfo nomem_tests[] = {
    { "a failed allocation at any point of diagnosis is one warning",
      test_every_failed_allocation_is_one_warning },
    { "the mark is of this explanation", test_warning_is_of_this_explanation },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "out of memory while explaining", NULL, NULL, NULL, NULL, nomem_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
