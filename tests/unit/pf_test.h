/*
 * Shared by every CUnit test program: one main() that registers the
 * program's suites, runs them verbosely and exits non-zero on a failure.
 *
 *   static CU_TestInfo target_tests[] = { { "name", fn }, CU_TEST_INFO_NULL };
 *   static CU_SuiteInfo suites[] = {
 *       { "targets", NULL, NULL, NULL, NULL, target_tests },
 *       CU_SUITE_INFO_NULL };
 *   PF_TEST_MAIN(suites)
 */
#ifndef PF_TEST_H
#define PF_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "preflight_internal.h"

#define PF_ASSERT_STR(actual, expected)                                   \
    do {                                                                  \
        const char *pf_a_ = (actual), *pf_e_ = (expected);                \
        if (pf_a_ == NULL || strcmp(pf_a_, pf_e_) != 0) {                 \
            fprintf(stderr, "\n  expected \"%s\", got \"%s\"\n", pf_e_,   \
                    pf_a_ ? pf_a_ : "(null)");                            \
        }                                                                 \
        CU_ASSERT_PTR_NOT_NULL_FATAL(pf_a_);                              \
        CU_ASSERT_STRING_EQUAL(pf_a_, pf_e_);                             \
    } while (0)

/*
 * Integer equality that says what it saw: CU_ASSERT_EQUAL reports only the
 * expression, so a failing run had to be re-run under a debugger to learn
 * the value.  Both sides are evaluated once and widened to intmax_t, which
 * holds every int, long, enum and (in practice) size_t a test compares;
 * PRIdMAX keeps the format right for mingw's msvcrt too.  On failure
 * stderr gets
 *   test_target.c:40: PF_ASSERT_EQ(t->port, 81): got 80, expected 81
 * and CUnit records the failure at the same file:line.
 */
#define PF_ASSERT_INT_IMPL_(actual, expected, want_eq, words, what,     \
                            fatal)                                        \
    do {                                                                  \
        intmax_t pf_a_ = (intmax_t) (actual);                             \
        intmax_t pf_e_ = (intmax_t) (expected);                           \
        int pf_ok_ = ((pf_a_ == pf_e_) == (want_eq));                     \
        if (!pf_ok_) {                                                    \
            fprintf(stderr, "\n  %s:%d: %s: got %" PRIdMAX ", " words     \
                    " %" PRIdMAX "\n", __FILE__, __LINE__, what, pf_a_,   \
                    pf_e_);                                               \
        }                                                                 \
        CU_assertImplementation(pf_ok_ ? CU_TRUE : CU_FALSE, __LINE__,    \
                                what, __FILE__, "",                       \
                                (fatal) ? CU_TRUE : CU_FALSE);            \
    } while (0)

/* The text is made here, not in the helper: arguments passed on to it
 * would be macro-expanded first, EADDRINUSE printed as 98. */
#define PF_ASSERT_EQ(actual, expected)                                    \
    PF_ASSERT_INT_IMPL_(actual, expected, 1, "expected",                  \
        "PF_ASSERT_EQ(" #actual ", " #expected ")", 0)
#define PF_ASSERT_EQ_FATAL(actual, expected)                              \
    PF_ASSERT_INT_IMPL_(actual, expected, 1, "expected",                  \
        "PF_ASSERT_EQ_FATAL(" #actual ", " #expected ")", 1)
#define PF_ASSERT_NE(actual, expected)                                    \
    PF_ASSERT_INT_IMPL_(actual, expected, 0, "expected anything but",     \
        "PF_ASSERT_NE(" #actual ", " #expected ")", 0)
#define PF_ASSERT_NE_FATAL(actual, expected)                              \
    PF_ASSERT_INT_IMPL_(actual, expected, 0, "expected anything but",     \
        "PF_ASSERT_NE_FATAL(" #actual ", " #expected ")", 1)

/* Substring check, printing the haystack when it fails. */
#define PF_ASSERT_CONTAINS(haystack, needle)                              \
    do {                                                                  \
        const char *pf_h_ = (haystack), *pf_n_ = (needle);                \
        int pf_ok_ = pf_h_ != NULL && strstr(pf_h_, pf_n_) != NULL;       \
        if (!pf_ok_) {                                                    \
            fprintf(stderr, "\n  \"%s\" not found in:\n%s\n", pf_n_,      \
                    pf_h_ ? pf_h_ : "(null)");                            \
        }                                                                 \
        CU_ASSERT(pf_ok_);                                                \
    } while (0)

/* The environment, for tests that also run as .exe under Wine. */
#ifdef _WIN32
#define pf_test_setenv(name, value)  _putenv_s((name), (value))
#define pf_test_unsetenv(name)       _putenv_s((name), "")
#else
#define pf_test_setenv(name, value)  setenv((name), (value), 1)
#define pf_test_unsetenv(name)       unsetenv(name)
#endif

#define PF_TEST_MAIN(suites)                                              \
    int main(void)                                                        \
    {                                                                     \
        unsigned failures;                                                \
        if (CU_initialize_registry() != CUE_SUCCESS) {                    \
            return 2;                                                     \
        }                                                                 \
        if (CU_register_suites(suites) != CUE_SUCCESS) {                  \
            fprintf(stderr, "%s\n", CU_get_error_msg());                  \
            CU_cleanup_registry();                                        \
            return 2;                                                     \
        }                                                                 \
        CU_basic_set_mode(CU_BRM_VERBOSE);                                \
        CU_basic_run_tests();                                             \
        failures = CU_get_number_of_failures()                            \
                   + CU_get_number_of_suites_failed();                    \
        CU_cleanup_registry();                                            \
        return failures ? 1 : 0;                                          \
    }

#endif
