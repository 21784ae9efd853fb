/*
 * Helpers shared by the configuration parser tests: a fresh pool and
 * target array per case, and assertions on the targets found.
 */
#ifndef PF_CONF_TEST_H
#define PF_CONF_TEST_H

#include <stdlib.h>

#include "pf_test.h"

#ifndef PF_CONF_DATA
#error "PF_CONF_DATA must name tests/unit/data/conf"
#endif

static pf_pool_t  *pool;
static pf_array_t  out;
static pf_error_t  err;

static void
fresh(void)
{
    if (pool != NULL) {
        pf_pool_destroy(pool);
    }
    pool = pf_pool_create();
    memset(&err, 0, sizeof(err));
    PF_ASSERT_NOT_NULL_FATAL(pool);
    PF_ASSERT_EQ_FATAL(pf_array_init(&out, pool, 4, sizeof(pf_target_t)),
                       PF_OK);
}

static int
cleanup(void)
{
    pf_pool_destroy(pool);
    pool = NULL;
    return 0;
}

static pf_target_t *
at(size_t i)
{
    CU_ASSERT_FATAL(i < out.nelts);
    return &PF_ARRAY_AT(&out, pf_target_t, i);
}

static const char *
name_of(size_t i)
{
    static char buf[128];

    return pf_target_name(at(i), buf, sizeof(buf));
}

/* The targets found, by name, in order: NULL-terminated. */
static void
expect_names(const char *const *names)
{
    size_t n = 0, i;

    while (names[n] != NULL) {
        n++;
    }
    if (out.nelts != n) {
        fprintf(stderr, "\n  expected %lu targets, got %lu:", (unsigned long) n,
                (unsigned long) out.nelts);
        for (i = 0; i < out.nelts; i++) {
            fprintf(stderr, " %s", name_of(i));
        }
        if (err.message[0]) {
            fprintf(stderr, " (error: %s:%u: %s)", err.file, err.line,
                    err.message);
        }
        fprintf(stderr, "\n");
    }
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, n);
    for (i = 0; i < n; i++) {
        PF_ASSERT_STR(name_of(i), names[i]);
    }
}

/* The error names file (suffix) and line, and says msg. */
static void
expect_error_at(const char *file_suffix, unsigned line, const char *msg)
{
    size_t fl = strlen(err.file), sl = strlen(file_suffix);

    if (fl < sl || strcmp(err.file + fl - sl, file_suffix) != 0) {
        fprintf(stderr, "\n  error file \"%s\", expected ...\"%s\" (%s)\n",
                err.file, file_suffix, err.message);
    }
    CU_ASSERT(fl >= sl && strcmp(err.file + fl - sl, file_suffix) == 0);
    if (err.line != line) {
        fprintf(stderr, "\n  error line %u, expected %u (%s)\n", err.line,
                line, err.message);
    }
    PF_ASSERT_EQ(err.line, line);
    PF_ASSERT_CONTAINS(err.message, msg);
    PF_ASSERT_SIZE_EQ(out.nelts, 0);    /* no partial result */
}

#endif
