/* Unix remedies: systemctl without a shell, and sd-bus when built in. */
#ifndef PF_UNIX_REMEDY_H
#define PF_UNIX_REMEDY_H

#include "remedy/pf_remedy.h"

/* argv[0] from PATH, stdin /dev/null, stdout into out (may be NULL);
 * *status: the exit code, or 128 + signal. */
int pf_unix_run(char *const argv[], char *out, size_t outlen, int *status,
                pf_error_t *err);
int pf_systemctl(const char *verb, const char *unit, pf_error_t *err);
int pf_systemctl_query(pf_pool_t *pool, const char *verb, const char *unit,
                       const char **state, pf_error_t *err);

/* sd-bus (pf_unix_remedy_sdbus.c, only with libsystemd): nonzero when the
 * system bus answers; the others as the executor's members. */
int pf_sdbus_available(void);
int pf_sdbus_unit_query(pf_pool_t *pool, const char *unit,
                        const char **active, const char **file_state,
                        pf_error_t *err);
int pf_sdbus_unit_job(const char *method, const char *unit, pf_error_t *err);
int pf_sdbus_unit_file(int enable, const char *unit, pf_error_t *err);

#endif
