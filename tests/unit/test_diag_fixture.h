/*
 * Facts built by hand for the diagnose and render tests: a report with
 * one target, the probe outcome, and helpers to add listeners and
 * processes and to look up what diagnose said.  A fresh report per test
 * (fx_setup / fx_teardown as CUnit setup and teardown).
 */
#ifndef TEST_DIAG_FIXTURE_H
#define TEST_DIAG_FIXTURE_H

#include <errno.h>

#include "pf_test.h"

extern pf_report_t *fx_r;

void           fx_setup(void);
void           fx_teardown(void);

/* A target ("0.0.0.0:80") whose bind failed with err (0: free). */
pf_check_t    *fx_check(const char *spec, pf_status_t status,
                        pf_errspace_t space, int err);
pf_process_t  *fx_process(pf_check_t *c, long pid, const char *name);
pf_listener_t *fx_listener(pf_check_t *c, const char *addr, long uid,
                           long owner_pid);
void           fx_push_str(pf_array_t *a, const char *s);

/* Runs pf_diagnose on c (asserting PF_OK). */
void           fx_diagnose(pf_check_t *c);
/* The first finding of that cause, NULL if none. */
pf_finding_t  *fx_finding(pf_check_t *c, pf_cause_t cause);
pf_remedy_t   *fx_remedy(pf_finding_t *f, const char *id);
/* Some command / evidence line contains text. */
int            fx_has_command(const pf_finding_t *f, const char *text);
int            fx_has_evidence(const pf_finding_t *f, const char *text);
/* Every command of a finding joined by newlines, for messages. */
const char    *fx_commands(const pf_finding_t *f);

#define FX_ASSERT_COMMAND(f, text)                                        \
    do {                                                                  \
        int fx_ok_ = fx_has_command((f), (text));                         \
        if (!fx_ok_) {                                                    \
            fprintf(stderr, "\n  no command \"%s\" in:\n%s\n", (text),    \
                    fx_commands(f));                                      \
        }                                                                 \
        CU_ASSERT(fx_ok_);                                                \
    } while (0)

#define FX_ASSERT_EVIDENCE(f, text)                                       \
    do {                                                                  \
        int fx_ok_ = fx_has_evidence((f), (text));                        \
        if (!fx_ok_ && (f) != NULL) {                                     \
            size_t fx_i_;                                                 \
            fprintf(stderr, "\n  no evidence \"%s\" in:\n", (text));      \
            for (fx_i_ = 0; fx_i_ < (f)->evidence.nelts; fx_i_++) {       \
                fprintf(stderr, "    %s\n", PF_ARRAY_AT(&(f)->evidence,   \
                        const char *, fx_i_));                            \
            }                                                             \
        }                                                                 \
        CU_ASSERT(fx_ok_);                                                \
    } while (0)

#endif
