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
 * PRIdMAX keeps the format right for mingw's msvcrt too.  "% 1" in an
 * unevaluated sizeof makes a pointer or a double a compile error here
 * rather than a comparison cut to an integer (PF_ASSERT_PTR_EQ and
 * PF_ASSERT_STR_EQ are for those).  On failure
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
        (void) sizeof((actual) % 1 + (expected) % 1);                     \
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

/* Sizes (size_t, counts) compared unsigned, so that (size_t) -1 prints
 * as what it is. */
#define PF_ASSERT_SIZE_IMPL_(actual, expected, what, fatal)               \
    do {                                                                  \
        uintmax_t pf_a_ = (uintmax_t) (actual);                           \
        uintmax_t pf_e_ = (uintmax_t) (expected);                         \
        (void) sizeof((actual) % 1 + (expected) % 1);                     \
        if (pf_a_ != pf_e_) {                                             \
            fprintf(stderr, "\n  %s:%d: %s: got %" PRIuMAX ", expected "  \
                    "%" PRIuMAX "\n", __FILE__, __LINE__, what, pf_a_,    \
                    pf_e_);                                               \
        }                                                                 \
        CU_assertImplementation(pf_a_ == pf_e_ ? CU_TRUE : CU_FALSE,      \
                                __LINE__, what, __FILE__, "",             \
                                (fatal) ? CU_TRUE : CU_FALSE);            \
    } while (0)
#define PF_ASSERT_SIZE_EQ(actual, expected)                               \
    PF_ASSERT_SIZE_IMPL_(actual, expected,                                \
        "PF_ASSERT_SIZE_EQ(" #actual ", " #expected ")", 0)
#define PF_ASSERT_SIZE_EQ_FATAL(actual, expected)                         \
    PF_ASSERT_SIZE_IMPL_(actual, expected,                                \
        "PF_ASSERT_SIZE_EQ_FATAL(" #actual ", " #expected ")", 1)

/* A string as a test prints it: quoted, control characters and bytes
 * outside ASCII as \xNN (the hostile-name tests hold ESC and CR, which a
 * terminal would act on), NULL as (null). */
static inline void
pf_test_print_str(const char *s)
{
    if (s == NULL) {
        fputs("(null)", stderr);
        return;
    }
    fputc('"', stderr);
    for (; *s != '\0'; s++) {
        unsigned char ch = (unsigned char) *s;

        if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\') {
            fprintf(stderr, "\\x%02x", ch);
        } else {
            fputc(ch, stderr);
        }
    }
    fputc('"', stderr);
}

static inline int
pf_test_str_same(const char *a, const char *e, size_t n)
{
    if (a == NULL || e == NULL) {
        return a == e;
    }
    return (n == 0 ? strcmp(a, e) : strncmp(a, e, n)) == 0;
}

/* String equality (n == 0) or of the first n bytes, printing both on
 * failure; NULL equals only NULL (CUnit's form passed NULL to strcmp). */
#define PF_ASSERT_STR_IMPL_(actual, expected, n, want_eq, words, what,    \
                            fatal)                                        \
    do {                                                                  \
        const char *pf_a_ = (actual), *pf_e_ = (expected);                \
        int pf_ok_ = pf_test_str_same(pf_a_, pf_e_, (n)) == (want_eq);    \
        if (!pf_ok_) {                                                    \
            fprintf(stderr, "\n  %s:%d: %s: got ", __FILE__, __LINE__,    \
                    what);                                                \
            pf_test_print_str(pf_a_);                                     \
            fputs(", " words " ", stderr);                                \
            pf_test_print_str(pf_e_);                                     \
            fputc('\n', stderr);                                          \
        }                                                                 \
        CU_assertImplementation(pf_ok_ ? CU_TRUE : CU_FALSE, __LINE__,    \
                                what, __FILE__, "",                       \
                                (fatal) ? CU_TRUE : CU_FALSE);            \
    } while (0)
#define PF_ASSERT_STR_EQ(actual, expected)                                \
    PF_ASSERT_STR_IMPL_(actual, expected, 0, 1, "expected",               \
        "PF_ASSERT_STR_EQ(" #actual ", " #expected ")", 0)
#define PF_ASSERT_STR_EQ_FATAL(actual, expected)                          \
    PF_ASSERT_STR_IMPL_(actual, expected, 0, 1, "expected",               \
        "PF_ASSERT_STR_EQ_FATAL(" #actual ", " #expected ")", 1)
#define PF_ASSERT_STR_NE(actual, expected)                                \
    PF_ASSERT_STR_IMPL_(actual, expected, 0, 0, "expected anything but",  \
        "PF_ASSERT_STR_NE(" #actual ", " #expected ")", 0)
#define PF_ASSERT_NSTR_EQ(actual, expected, n)                            \
    PF_ASSERT_STR_IMPL_(actual, expected, n, 1, "expected",               \
        "PF_ASSERT_NSTR_EQ(" #actual ", " #expected ", " #n ")", 0)

/* Pointers: equal, or (not) NULL, printing what was there. */
#define PF_ASSERT_PTR_IMPL_(actual, expected, want_eq, words, what,     \
                            fatal)                                        \
    do {                                                                  \
        const void *pf_a_ = (const void *) (actual);                      \
        const void *pf_e_ = (const void *) (expected);                    \
        int pf_ok_ = ((pf_a_ == pf_e_) == (want_eq));                     \
        if (!pf_ok_) {                                                    \
            fprintf(stderr, "\n  %s:%d: %s: got %p, " words " %p\n",      \
                    __FILE__, __LINE__, what, pf_a_, pf_e_);              \
        }                                                                 \
        CU_assertImplementation(pf_ok_ ? CU_TRUE : CU_FALSE, __LINE__,    \
                                what, __FILE__, "",                       \
                                (fatal) ? CU_TRUE : CU_FALSE);            \
    } while (0)
#define PF_ASSERT_PTR_EQ(actual, expected)                                \
    PF_ASSERT_PTR_IMPL_(actual, expected, 1, "expected",                  \
        "PF_ASSERT_PTR_EQ(" #actual ", " #expected ")", 0)
#define PF_ASSERT_PTR_NE_FATAL(actual, expected)                          \
    PF_ASSERT_PTR_IMPL_(actual, expected, 0, "expected anything but",     \
        "PF_ASSERT_PTR_NE_FATAL(" #actual ", " #expected ")", 1)
#define PF_ASSERT_NULL(actual)                                            \
    PF_ASSERT_PTR_IMPL_(actual, NULL, 1, "expected",                      \
        "PF_ASSERT_NULL(" #actual ")", 0)
#define PF_ASSERT_NOT_NULL(actual)                                        \
    PF_ASSERT_PTR_IMPL_(actual, NULL, 0, "expected anything but",         \
        "PF_ASSERT_NOT_NULL(" #actual ")", 0)
#define PF_ASSERT_NOT_NULL_FATAL(actual)                                  \
    PF_ASSERT_PTR_IMPL_(actual, NULL, 0, "expected anything but",         \
        "PF_ASSERT_NOT_NULL_FATAL(" #actual ")", 1)

/* n bytes equal; on failure the first offset that differs and the two
 * bytes there (a journal left as it was, byte for byte). */
static inline size_t
pf_test_mem_diff(const void *a, const void *e, size_t n)
{
    const unsigned char *pa = a, *pe = e;
    size_t               i;

    for (i = 0; i < n && pa[i] == pe[i]; i++) {
        /* the first difference */
    }
    return i;
}

#define PF_ASSERT_MEM_EQ(actual, expected, n)                             \
    do {                                                                  \
        const unsigned char *pf_a_ = (const unsigned char *) (actual);    \
        const unsigned char *pf_e_ = (const unsigned char *) (expected);  \
        size_t pf_n_ = (n), pf_i_ = pf_test_mem_diff(pf_a_, pf_e_, pf_n_);\
        if (pf_i_ < pf_n_) {                                              \
            fprintf(stderr, "\n  %s:%d: PF_ASSERT_MEM_EQ(%s, %s, %s): "   \
                    "byte %lu of %lu: got 0x%02x, expected 0x%02x\n",     \
                    __FILE__, __LINE__, #actual, #expected, #n,           \
                    (unsigned long) pf_i_, (unsigned long) pf_n_,         \
                    pf_a_[pf_i_], pf_e_[pf_i_]);                          \
        }                                                                 \
        CU_assertImplementation(pf_i_ == pf_n_ ? CU_TRUE : CU_FALSE,      \
            __LINE__, "PF_ASSERT_MEM_EQ(" #actual ", " #expected ", " #n  \
            ")", __FILE__, "", CU_FALSE);                                 \
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

/* The needle must not be there; prints the haystack when it is.  A NULL
 * haystack holds nothing. */
#define PF_ASSERT_NOT_CONTAINS(haystack, needle)                          \
    do {                                                                  \
        const char *pf_h_ = (haystack), *pf_n_ = (needle);                \
        int pf_ok_ = pf_h_ == NULL || strstr(pf_h_, pf_n_) == NULL;       \
        if (!pf_ok_) {                                                    \
            fprintf(stderr, "\n  \"%s\" found in:\n%s\n", pf_n_, pf_h_);  \
        }                                                                 \
        CU_ASSERT(pf_ok_);                                                \
    } while (0)

/* The whole file DIR/NAME (a capture under tests/unit/data/) in the
 * pool, NUL-terminated, its length in *len; NULL, saying which file on
 * stderr, when it cannot be read. */
static inline char *
pf_test_read(pf_pool_t *pool, const char *dir, const char *name, size_t *len)
{
    char  path[1024];
    char *data = NULL;
    FILE *f;
    long  n;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "rb");
    if (f != NULL && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0
        && fseek(f, 0, SEEK_SET) == 0
        && (data = pf_palloc(pool, (size_t) n + 1)) != NULL
        && fread(data, 1, (size_t) n, f) == (size_t) n)
    {
        data[n] = '\0';
        *len = (size_t) n;
    } else {
        fprintf(stderr, "\n  cannot read %s\n", path);
        data = NULL;
    }
    if (f != NULL) {
        fclose(f);
    }
    return data;
}

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
