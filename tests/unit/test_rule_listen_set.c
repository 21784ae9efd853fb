/*
 * The server's listen set as a whole (pf_listen_set.c): Listen lines
 * through the real Apache parser, then the model, with no probe.  What
 * httpd does with each set is proven against the real apache2 by
 * tests/integration/agree_apache.sh; these pin the model's reasons.
 */
#include "pf_test.h"
#include "pf_platform.h"
#include "pf_listen_set.h"

typedef int (*ls_parse_pt)(pf_pool_t *pool, const pf_conf_text_t *conf,
                           const pf_conf_options_t *opts, pf_array_t *out,
                           pf_error_t *err);

/* The targets of a configuration text, read by the server's real parser,
 * then the listen-set model over them. */
static pf_report_t *
model_of(ls_parse_pt parse, const char *name, const char *conf)
{
    pf_report_t    *r = pf_report_create();
    pf_conf_text_t  text;
    pf_array_t      targets;
    pf_error_t      err;

    PF_ASSERT_NOT_NULL_FATAL(r);
    text.name = name;
    text.text = conf;
    text.len = strlen(conf);
    memset(&err, 0, sizeof(err));
    pf_array_init(&targets, r->pool, 4, sizeof(pf_target_t));
    PF_ASSERT_EQ_FATAL(parse(r->pool, &text, NULL, &targets, &err), PF_OK);
    PF_ASSERT_EQ_FATAL(pf_report_add_targets(r, &targets), PF_OK);
    PF_ASSERT_EQ_FATAL(pf_listen_set_model(r), PF_OK);
    return r;
}

static pf_report_t *
model(const char *conf)
{
    return model_of(pf_conf_apache_text, "t.conf", conf);
}

static const pf_check_t *
check(const pf_report_t *r, size_t i)
{
    CU_ASSERT_FATAL(i < r->checks.nelts);
    return &PF_ARRAY_AT(&r->checks, pf_check_t, i);
}

static void
assert_open(const pf_report_t *r, size_t i)
{
    const pf_check_t *c = check(r, i);

    if (c->probe.status == PF_STATUS_CLASH) {
        fprintf(stderr, "\n  check %u clashes with %s (%s)\n", (unsigned) i,
                c->clash_target, c->clash_source);
    }
    PF_ASSERT_NE(c->probe.status, PF_STATUS_CLASH);
}

static void
assert_clash(const pf_report_t *r, size_t i, const char *source,
             int duplicate)
{
    const pf_check_t *c = check(r, i);

    PF_ASSERT_EQ(c->probe.status, PF_STATUS_CLASH);
    if (c->probe.status == PF_STATUS_CLASH) {
        PF_ASSERT_STR(c->clash_source, source);
        PF_ASSERT_EQ(c->clash_duplicate, duplicate);
    }
}

static void
test_repeated_listen_is_refused(void)
{
    pf_report_t *r = model("Listen 80\nListen 443 https\nListen 443 https\n");

    PF_ASSERT_EQ(r->checks.nelts, 3);
    assert_open(r, 0);
    assert_open(r, 1);
    assert_clash(r, 2, "t.conf:2", 1);
    pf_report_destroy(r);
}

static void
test_star_is_no_host(void)
{
    pf_report_t *r = model("Listen *:8080\nListen 8080\n");

    assert_clash(r, 1, "t.conf:1", 1);
    pf_report_destroy(r);
}

static void
test_host_as_written(void)
{
    /* httpd compares the host as written: no AH00526 here, but the
     * second bind fails (AH00072), which the overlap says */
    pf_report_t *r = model("Listen 127.0.0.1:8080\nListen localhost:8080\n");

    CU_ASSERT(r->checks.nelts >= 2);
    assert_clash(r, 1, "t.conf:1", 0);
    pf_report_destroy(r);
}

static void
test_wildcard_takes_specific(void)
{
    pf_report_t *r = model("Listen 0.0.0.0:8080\nListen 127.0.0.1:8080\n");

    assert_open(r, 0);
    assert_clash(r, 1, "t.conf:1", 0);
    PF_ASSERT_STR(check(r, 1)->clash_target, "0.0.0.0:8080");
    pf_report_destroy(r);
}

static void
test_distinct_addresses(void)
{
    pf_report_t *r = model("Listen 127.0.0.2:8080\nListen 127.0.0.1:8080\n"
                           "Listen 127.0.0.1:8081\n");

    assert_open(r, 0);
    assert_open(r, 1);
    assert_open(r, 2);
    pf_report_destroy(r);
}

static void
test_dual_stack_set(void)
{
    pf_report_t *r;

    if (!pf_platform_apache_v4_mapped()) {
        return;                   /* [::] is IPv6 only there */
    }
    /* 0.0.0.0 after a dual-stack [::] is skipped, not a clash */
    r = model("Listen 8080\nListen 0.0.0.0:8080\n");
    assert_open(r, 0);
    assert_open(r, 1);
    pf_report_destroy(r);
    /* ... but before it, it is bound, and [::] and its fallback fail */
    r = model("Listen 0.0.0.0:8080\nListen 8080\n");
    assert_clash(r, 1, "t.conf:1", 0);
    pf_report_destroy(r);
    /* an explicit 0.0.0.0 just before [::] is swapped behind it */
    r = model("Listen 0.0.0.0:8080\nListen [::]:8080\n");
    assert_open(r, 0);
    assert_open(r, 1);
    pf_report_destroy(r);
    /* a second [::] has no fallback */
    r = model("Listen 8080\nListen [::]:8080\n");
    assert_clash(r, 1, "t.conf:1", 0);
    pf_report_destroy(r);
    /* "Listen 8080" after [::1]: [::] fails, 0.0.0.0 alone binds */
    r = model("Listen [::1]:8080\nListen 8080\n");
    assert_open(r, 1);
    pf_report_destroy(r);
}

static void
test_hostless_listen_falls_back(void)
{
    pf_report_t *r = model("Listen 80\nListen 127.0.0.1:81\nListen *:82\n");

    PF_ASSERT_EQ(check(r, 0)->target.v4_fallback, 1);
    PF_ASSERT_EQ(check(r, 1)->target.v4_fallback, 0);
    PF_ASSERT_EQ(check(r, 2)->target.v4_fallback, 1);
    pf_report_destroy(r);
}

static void
test_clash_is_a_conflict(void)
{
    pf_report_t *r = model("Listen 8443\nListen 8443\n");

    pf_report_diagnose(r);
    CU_ASSERT(pf_check_is_conflict(check(r, 1)));
    PF_ASSERT_EQ_FATAL(check(r, 1)->findings.nelts, 1);
    PF_ASSERT_EQ(PF_ARRAY_AT(&check(r, 1)->findings, pf_finding_t,
                             0).cause, PF_CAUSE_LISTEN_SET);
    PF_ASSERT_CONTAINS(PF_ARRAY_AT(&check(r, 1)->findings, pf_finding_t,
                                   0).summary, "AH00526");
    pf_report_destroy(r);
}

static void
test_nginx_is_not_modelled(void)
{
    pf_report_t    *r = pf_report_create();
    pf_conf_text_t  text = { "n.conf", NULL, 0 };
    pf_array_t      targets;
    pf_error_t      err;
    const char     *conf = "events {}\nhttp { server { listen 0.0.0.0:8080; "
                           "}\nserver { listen 127.0.0.1:8080; } }\n";

    memset(&err, 0, sizeof(err));
    pf_array_init(&targets, r->pool, 4, sizeof(pf_target_t));
    text.text = conf;
    text.len = strlen(conf);
    PF_ASSERT_EQ_FATAL(pf_conf_nginx_text(r->pool, &text, NULL, &targets,
                                          &err), PF_OK);
    pf_report_add_targets(r, &targets);
    pf_listen_set_model(r);
    PF_ASSERT_EQ(pf_report_has_conflict(r), 0);
    pf_report_destroy(r);
}

static pf_report_t *
ngx_model(const char *conf)
{
    return model_of(pf_conf_nginx_text, "n.conf", conf);
}

/* ngx_http_add_addresses' refusals, in nginx's words */
static void
test_nginx_refusals(void)
{
    pf_report_t *r;

    r = ngx_model("http { server { listen 8083; listen 8083; } }\n");
    PF_ASSERT_EQ_FATAL(r->checks.nelts, 2);
    assert_clash(r, 1, "n.conf:1", 1);
    PF_ASSERT_STR(check(r, 1)->target.refused, "a duplicate listen "
                  "0.0.0.0:8083");
    pf_report_destroy(r);
    r = ngx_model("http { server { listen 8083 default_server; }\n"
                  "server { listen 8083 default_server; } }\n");
    assert_clash(r, 1, "n.conf:1", 1);
    PF_ASSERT_STR(check(r, 1)->target.refused, "a duplicate default server "
                  "for 0.0.0.0:8083");
    pf_report_destroy(r);
    r = ngx_model("http { server { listen 8083 backlog=10; }\n"
                  "server { listen 8083 reuseport; } }\n");
    PF_ASSERT_STR(check(r, 1)->target.refused, "duplicate listen options "
                  "for 0.0.0.0:8083");
    pf_report_destroy(r);
    /* virtual servers on one port, one default: nginx takes them */
    r = ngx_model("http { server { listen 8083 default_server; }\n"
                  "server { listen 8083; } server { listen 8083 ssl; } }\n");
    PF_ASSERT_EQ(r->checks.nelts, 1);
    PF_ASSERT_EQ(pf_report_has_conflict(r), 0);
    pf_report_destroy(r);
}

/* "bind" gives a specific address its own socket: nginx binds it first
 * and fails on the wildcard (ngx_http_cmp_conf_addrs) */
static void
test_nginx_bind_beside_wildcard(void)
{
    pf_report_t *r;

    r = ngx_model("http { server { listen 8084; }\n"
                  "server { listen 127.0.0.1:8084 bind; } }\n");
    PF_ASSERT_EQ_FATAL(r->checks.nelts, 2);
    assert_clash(r, 0, "n.conf:2", 0);
    assert_open(r, 1);
    pf_report_destroy(r);
    /* without bind the wildcard serves it: one socket */
    r = ngx_model("http { server { listen 8084; }\n"
                  "server { listen 127.0.0.1:8084; } }\n");
    assert_open(r, 0);
    assert_open(r, 1);
    pf_report_destroy(r);
    /* [::] is IPv6 only in nginx: an IPv4 address beside it is free */
    r = ngx_model("http { server { listen [::]:8084; }\n"
                  "server { listen 127.0.0.1:8084 bind; } }\n");
    assert_open(r, 0);
    pf_report_destroy(r);
}

static CU_TestInfo listen_set_tests[] = {
    { "nginx refuses a duplicate listen, default server, options",
      test_nginx_refusals },
    { "nginx: bind beside a wildcard", test_nginx_bind_beside_wildcard },
    { "a repeated Listen is refused (AH00526)",
      test_repeated_listen_is_refused },
    { "'*' is no host", test_star_is_no_host },
    { "hosts compare as written", test_host_as_written },
    { "a wildcard takes a specific address", test_wildcard_takes_specific },
    { "distinct addresses bind", test_distinct_addresses },
    { "the dual-stack [::] set", test_dual_stack_set },
    { "a Listen without host may fall back to IPv4",
      test_hostless_listen_falls_back },
    { "a clash is a conflict with its reason", test_clash_is_a_conflict },
    { "nginx's set is not Apache's", test_nginx_is_not_modelled },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "listen set", NULL, NULL, NULL, NULL, listen_set_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
