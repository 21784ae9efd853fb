/* Which sockets on a port stand in a target's way (both platforms). */
#include "pf_test.h"
#include "pf_conflict.h"

static pf_target_t
target(const char *addr, pf_family_t fam, int v6only)
{
    pf_target_t t;

    memset(&t, 0, sizeof(t));
    snprintf(t.address, sizeof(t.address), "%s", addr);
    t.family = fam;
    t.port = 80;
    t.v6only = v6only;
    return t;
}

static pf_listener_t
listener(const char *addr, pf_family_t fam, int v6only)
{
    pf_listener_t l;

    memset(&l, 0, sizeof(l));
    snprintf(l.address, sizeof(l.address), "%s", addr);
    l.family = fam;
    l.port = 80;
    l.v6only = v6only;
    return l;
}

static void
test_any_target_meets_everything(void)
{
    pf_target_t   t = target("*", PF_FAMILY_ANY, -1);
    pf_listener_t l = listener("::1", PF_FAMILY_INET6, 1);

    CU_ASSERT_TRUE(pf_listener_blocks(&t, &l, 0));
    CU_ASSERT_TRUE(pf_listener_blocks(&t, &l, 1));
}

static void
test_same_family_addresses(void)
{
    pf_target_t   t = target("127.0.0.1", PF_FAMILY_INET, -1);
    pf_listener_t other = listener("127.0.0.2", PF_FAMILY_INET, -1);
    pf_listener_t wild = listener("0.0.0.0", PF_FAMILY_INET, -1);
    pf_target_t   tw = target("0.0.0.0", PF_FAMILY_INET, -1);

    CU_ASSERT_FALSE(pf_listener_blocks(&t, &other, 0));
    CU_ASSERT_TRUE(pf_listener_blocks(&t, &wild, 0));
    CU_ASSERT_TRUE(pf_listener_blocks(&tw, &other, 1));
}

static void
test_unknown_v6only_is_the_platform_default(void)
{
    pf_target_t   t4 = target("127.0.0.1", PF_FAMILY_INET, -1);
    pf_listener_t any6 = listener("::", PF_FAMILY_INET6, -1);
    pf_listener_t v6only = listener("::", PF_FAMILY_INET6, 1);

    /* Linux: a [::] socket takes the IPv4 port too; Windows: it does not */
    CU_ASSERT_TRUE(pf_listener_blocks(&t4, &any6, 0));
    CU_ASSERT_FALSE(pf_listener_blocks(&t4, &any6, 1));
    CU_ASSERT_FALSE(pf_listener_blocks(&t4, &v6only, 0));
}

static void
test_mapped_ipv4(void)
{
    pf_target_t   t4 = target("127.0.0.1", PF_FAMILY_INET, -1);
    pf_listener_t m = listener("::ffff:127.0.0.1", PF_FAMILY_INET6, 0);

    CU_ASSERT_TRUE(pf_listener_blocks(&t4, &m, 1));
}

/* The target's own listeners are kept; when none is the target's, all are
 * (still the best evidence there is). */
static void
test_keep_only_the_targets(void)
{
    pf_pool_t    *pool = pf_pool_create();
    pf_target_t   t = target("127.0.0.1", PF_FAMILY_INET, -1);
    pf_target_t   t6 = target("::1", PF_FAMILY_INET6, 1);
    pf_array_t    all, out, out6;
    pf_listener_t *l;

    CU_ASSERT_PTR_NOT_NULL_FATAL(pool);
    CU_ASSERT_EQUAL_FATAL(pf_array_init(&all, pool, 2, sizeof(*l)), PF_OK);
    CU_ASSERT_EQUAL_FATAL(pf_array_init(&out, pool, 2, sizeof(*l)), PF_OK);
    CU_ASSERT_EQUAL_FATAL(pf_array_init(&out6, pool, 2, sizeof(*l)), PF_OK);
    l = pf_array_push(&all);
    *l = listener("127.0.0.2", PF_FAMILY_INET, -1);
    l = pf_array_push(&all);
    *l = listener("::", PF_FAMILY_INET6, -1);

    /* Linux's default: the [::] socket takes 127.0.0.1 too */
    CU_ASSERT_EQUAL(pf_conflict_keep(&t, &all, 0, &out), PF_OK);
    CU_ASSERT_EQUAL_FATAL(out.nelts, 1);
    CU_ASSERT_STRING_EQUAL(PF_ARRAY_AT(&out, pf_listener_t, 0).address, "::");

    /* ::1 only: the IPv4 socket is not in its way, [::] is */
    CU_ASSERT_EQUAL(pf_conflict_keep(&t6, &all, 1, &out6), PF_OK);
    CU_ASSERT_EQUAL(out6.nelts, 1);

    /* Windows' default: [::] is IPv6 only, nothing blocks; all are kept */
    out.nelts = 0;
    CU_ASSERT_EQUAL(pf_conflict_keep(&t, &all, 1, &out), PF_OK);
    CU_ASSERT_EQUAL(out.nelts, 2);
    pf_pool_destroy(pool);
}

static CU_TestInfo conflict_tests[] = {
    { "a dual-stack target meets every socket",
      test_any_target_meets_everything },
    { "same family: same address or a wildcard",
      test_same_family_addresses },
    { "unknown IPV6_V6ONLY means the platform's default",
      test_unknown_v6only_is_the_platform_default },
    { "an IPv4-mapped IPv6 socket holds the IPv4 address", test_mapped_ipv4 },
    { "keep the target's listeners, else all", test_keep_only_the_targets },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "listeners in a target's way", NULL, NULL, NULL, NULL, conflict_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
