/* Unix remedies: systemctl without a shell (sd-bus: pf_linux_sdbus.h). */
#ifndef PF_UNIX_REMEDY_H
#define PF_UNIX_REMEDY_H

#include "remedy/pf_remedy.h"

/* argv[0] from PATH, stdin /dev/null, stdout into out (may be NULL);
 * *status: the exit code, or 128 + signal. */
int pf_unix_remedy_exec(char *const argv[], char *out, size_t outlen,
                        int *status, pf_error_t *err);
int pf_systemctl(const char *verb, const char *unit, pf_error_t *err);
int pf_systemctl_query(pf_pool_t *pool, const char *verb, const char *unit,
                       const char **state, pf_error_t *err);

#endif
