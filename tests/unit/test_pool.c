/*
 * The pool every report lives in: zeroed, aligned, non-overlapping
 * allocations whatever their sizes, across its first block (made with the
 * pool), the blocks after it and the large requests that get their own;
 * everything freed by pf_pool_destroy (ASan and valgrind runs check that).
 */
#include <stdint.h>

#include "pf_test.h"

#define POOL_ALLOCS  64

/* Each allocation is zeroed and aligned, then filled with its own byte;
 * any overlap shows as a foreign byte in an earlier one. */
static void
check_allocs(pf_pool_t *pool, const size_t *sizes, size_t n)
{
    unsigned char *p[POOL_ALLOCS];
    size_t         i, j;

    CU_ASSERT_FATAL(n <= POOL_ALLOCS);
    for (i = 0; i < n; i++) {
        p[i] = pf_palloc(pool, sizes[i]);
        PF_ASSERT_NOT_NULL_FATAL(p[i]);
        PF_ASSERT_EQ((uintptr_t) p[i] % 16, 0);
        for (j = 0; j < sizes[i]; j++) {
            if (p[i][j] != 0) {
                CU_FAIL("an allocation is not zeroed");
                break;
            }
        }
        memset(p[i], (int) (i + 1), sizes[i]);
    }
    for (i = 0; i < n; i++) {
        for (j = 0; j < sizes[i]; j++) {
            if (p[i][j] != (unsigned char) (i + 1)) {
                CU_FAIL("two allocations overlap");
                return;
            }
        }
    }
}

static void
test_small_allocs_span_blocks(void)
{
    pf_pool_t *pool = pf_pool_create();
    size_t     sizes[POOL_ALLOCS];
    size_t     i;

    PF_ASSERT_NOT_NULL_FATAL(pool);
    /* 64 x up to 700 bytes: well past the first block and the next one */
    for (i = 0; i < POOL_ALLOCS; i++) {
        sizes[i] = 1 + (i * 97) % 700;
    }
    check_allocs(pool, sizes, POOL_ALLOCS);
    pf_pool_destroy(pool);
}

static void
test_large_and_small_mixed(void)
{
    pf_pool_t *pool = pf_pool_create();
    /* a report, two checks, a request larger than any block, more small */
    size_t     sizes[] = { 304, 1424, 40, 9000, 16, 2100, 700, 3000, 0, 8 };

    PF_ASSERT_NOT_NULL_FATAL(pool);
    check_allocs(pool, sizes, sizeof(sizes) / sizeof(sizes[0]));
    pf_pool_destroy(pool);
}

static void
test_array_grows_across_blocks(void)
{
    pf_pool_t  *pool = pf_pool_create();
    pf_array_t  a;
    int        *slot;
    int         i, ok = 1;

    PF_ASSERT_NOT_NULL_FATAL(pool);
    PF_ASSERT_EQ_FATAL(pf_array_init(&a, pool, 2, 712), PF_OK);
    for (i = 0; i < 40; i++) {
        slot = pf_array_push(&a);
        PF_ASSERT_NOT_NULL_FATAL(slot);
        *slot = i;
    }
    for (i = 0; i < 40; i++) {
        ok &= *(int *) ((char *) a.elts + (size_t) i * 712) == i;
    }
    CU_ASSERT(ok);
    pf_pool_destroy(pool);
}

static void
test_destroy_empty_and_null(void)
{
    pf_pool_destroy(pf_pool_create());
    pf_pool_destroy(NULL);
}

static CU_TestInfo pool_tests[] = {
    { "small allocations across blocks", test_small_allocs_span_blocks },
    { "large and small requests mixed", test_large_and_small_mixed },
    { "an array grows across blocks", test_array_grows_across_blocks },
    { "an unused pool, and NULL, are destroyed", test_destroy_empty_and_null },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "pool", NULL, NULL, NULL, NULL, pool_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
