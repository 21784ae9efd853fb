/* Pure helpers of the plan: safety checks and the words for a change. */
#ifndef PF_REMEDY_SAFETY_H
#define PF_REMEDY_SAFETY_H

#include "pf_remedy.h"

/* ASCII case-insensitive equality: service names are case-insensitive. */
int pf_ascii_caseeq(const char *a, const char *b);
/* s is one of the strings of a (const char *), case-insensitively. */
int pf_str_in(const pf_array_t *a, const char *s);

/* "unit nginx.service: active -> inactive"; *start_type is set to the
 * known start type of a Windows service (or NULL). */
const char *pf_plan_change(pf_pool_t *pool, const pf_report_t *r,
                           const pf_check_t *c, const pf_remedy_t *m,
                           const char **start_type);

#endif
