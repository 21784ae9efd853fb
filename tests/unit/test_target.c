/* Targets from the command line. */
#include "pf_test.h"

static pf_pool_t *pool;
static pf_array_t targets;
static pf_error_t err;

static int
setup(void)
{
    pool = pf_pool_create();
    memset(&err, 0, sizeof(err));
    return pf_array_init(&targets, pool, 2, sizeof(pf_target_t));
}

static int
teardown(void)
{
    pf_pool_destroy(pool);
    return 0;
}

static pf_target_t *
parse_one(const char *spec)
{
    setup();
    PF_ASSERT_EQ_FATAL(pf_target_parse(pool, spec, NULL, &targets, &err),
                       PF_OK);
    PF_ASSERT_EQ_FATAL(targets.nelts, 1);
    return &PF_ARRAY_AT(&targets, pf_target_t, 0);
}

static void
test_port_only(void)
{
    pf_target_t *t = parse_one("80");

    PF_ASSERT_STR(t->address, "*");
    PF_ASSERT_EQ(t->family, PF_FAMILY_ANY);
    PF_ASSERT_EQ(t->port, 80);
    PF_ASSERT_EQ(t->proto, PF_PROTO_TCP);
    PF_ASSERT_STR(t->source, "command line");
    PF_ASSERT_STR(t->spelling, "80");
    teardown();
}

static void
test_star_port(void)
{
    pf_target_t *t = parse_one("*:8080");

    PF_ASSERT_STR(t->address, "*");
    PF_ASSERT_EQ(t->port, 8080);
    teardown();
}

static void
test_ipv4(void)
{
    pf_target_t *t = parse_one("127.0.0.1:8080");

    PF_ASSERT_STR(t->address, "127.0.0.1");
    PF_ASSERT_EQ(t->family, PF_FAMILY_INET);
    PF_ASSERT_EQ(t->port, 8080);
    teardown();
    t = parse_one("0.0.0.0:80");
    PF_ASSERT_STR(t->address, "0.0.0.0");
    teardown();
}

static void
test_ipv6(void)
{
    char         name[128];
    pf_target_t *t = parse_one("[::]:443");

    PF_ASSERT_STR(t->address, "::");
    PF_ASSERT_EQ(t->family, PF_FAMILY_INET6);
    PF_ASSERT_EQ(t->port, 443);
    PF_ASSERT_STR(pf_target_name(t, name, sizeof(name)), "[::]:443");
    teardown();
    t = parse_one("[::1]:8080");
    PF_ASSERT_STR(t->address, "::1");
    teardown();
}

static void
test_localhost_resolves(void)
{
    size_t i;

    setup();
    PF_ASSERT_EQ_FATAL(pf_target_parse(pool, "localhost:80", NULL,
                                       &targets, &err), PF_OK);
    CU_ASSERT(targets.nelts >= 1);
    for (i = 0; i < targets.nelts; i++) {
        pf_target_t *t = &PF_ARRAY_AT(&targets, pf_target_t, i);

        CU_ASSERT(strcmp(t->address, "127.0.0.1") == 0
                  || strcmp(t->address, "::1") == 0);
        PF_ASSERT_STR(t->spelling, "localhost:80");
    }
    teardown();
}

static void
expect_error(const char *spec, const char *message_part)
{
    setup();
    PF_ASSERT_EQ(pf_target_parse(pool, spec, NULL, &targets, &err),
                 PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, message_part);
    PF_ASSERT_EQ(targets.nelts, 0);
    teardown();
}

static void
test_bad_targets(void)
{
    expect_error("0", "port number from 1 to 65535");
    expect_error("65536", "port number from 1 to 65535");
    expect_error("http", "port number");
    expect_error("80a", "port number");
    expect_error("1.2.3.4:", "port number");
    expect_error("[::1", "missing ']'");
    expect_error("[::1]80", "expected ':PORT'");
    expect_error("::1:80", "needs brackets");
    expect_error("", "empty target");
    expect_error("999.1.1.1:80", "does not resolve");
}

static CU_TestInfo target_tests[] = {
    { "a port alone is any address", test_port_only },
    { "*:PORT", test_star_port },
    { "IPv4 address and port", test_ipv4 },
    { "bracketed IPv6", test_ipv6 },
    { "localhost is resolved", test_localhost_resolves },
    { "bad targets give a clear error", test_bad_targets },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "targets", NULL, NULL, NULL, NULL, target_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
