/*
 * config-clash (pf_rule_config_clash.c): Apache and nginx configured on
 * one port, over all the checks of a report (pf_diagnose_clashes).
 * Facts built by hand (test_diag_fixture.h); the
 * replayed captures of this cause are in tests/cases/ (docs/WHERE.md).
 */
#include "test_diag_fixture.h"

static pf_check_t *
clash_check(const char *spec, pf_server_t s, const char *source)
{
    pf_check_t *c = fx_check(spec, PF_STATUS_FREE, PF_ERRSPACE_POSIX, 0);

    c->target.server = s;
    c->target.source = source;
    return c;
}

static void
test_clash_apache_nginx(void)
{
    pf_check_t   *a, *n, *other;
    pf_finding_t *f;

    a = clash_check("*:80", PF_SERVER_APACHE, "/etc/apache2/ports.conf:5");
    a->target.family = PF_FAMILY_ANY;
    n = clash_check("[::]:80", PF_SERVER_NGINX, "/etc/nginx/default:23");
    other = clash_check("127.0.0.1:8080", PF_SERVER_NGINX, "/etc/x:1");
    PF_ASSERT_EQ(pf_diagnose_clashes(fx_r->pool, &fx_r->ctx, &fx_r->host,
                                     &fx_r->checks), PF_OK);
    a = &PF_ARRAY_AT(&fx_r->checks, pf_check_t, 0);
    n = &PF_ARRAY_AT(&fx_r->checks, pf_check_t, 1);
    other = &PF_ARRAY_AT(&fx_r->checks, pf_check_t, 2);
    f = fx_finding(a, PF_CAUSE_CONFIG_CLASH);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_STR(f->summary, "Apache at /etc/apache2/ports.conf:5 and nginx "
                  "at /etc/nginx/default:23 both listen on port 80: only one "
                  "of them can start");
    CU_ASSERT_TRUE(pf_check_is_conflict(a));
    PF_ASSERT_NOT_NULL(fx_finding(n, PF_CAUSE_CONFIG_CLASH));
    PF_ASSERT_SIZE_EQ(other->findings.nelts, 0);
    CU_ASSERT_FALSE(pf_check_is_conflict(other));
}

/* Two servers of one kind, or specific addresses apart: no clash. */
static void
test_clash_none(void)
{
    clash_check("127.0.0.1:80", PF_SERVER_APACHE, "a:1");
    clash_check("127.0.0.2:80", PF_SERVER_NGINX, "n:1");
    clash_check("0.0.0.0:81", PF_SERVER_NGINX, "n:2");
    clash_check("0.0.0.0:81", PF_SERVER_NGINX, "n:3");
    PF_ASSERT_EQ(pf_diagnose_clashes(fx_r->pool, &fx_r->ctx, &fx_r->host,
                                     &fx_r->checks), PF_OK);
    CU_ASSERT_FALSE(pf_report_has_conflict(fx_r));
}

static CU_TestInfo config_clash_tests[] = {
    { "Apache *:80 and nginx [::]:80", test_clash_apache_nginx },
    { "no clash", test_clash_none },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "config-clash", NULL, NULL, fx_setup, fx_teardown, config_clash_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
