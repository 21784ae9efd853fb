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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "preflight.h"

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
