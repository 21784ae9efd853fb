/* Windows remedies: the executor's members (built only with mingw). */
#ifndef PF_WIN_REMEDY_H
#define PF_WIN_REMEDY_H

#include "remedy/pf_remedy.h"

/* "what name: system message (error N)" */
void pf_rw_fail(pf_error_t *err, const char *what, const char *name,
                DWORD code);

/* pf_win_remedy_scm.c */
int  pf_rw_service_query(void *data, pf_pool_t *pool, const char *name,
                         int *running, const char **start_type,
                         pf_error_t *err);
int  pf_rw_service_dependents(void *data, pf_pool_t *pool, const char *name,
                              pf_array_t *out, pf_error_t *err);
int  pf_rw_service_stop(void *data, const char *name, pf_error_t *err);
int  pf_rw_service_start(void *data, const char *name, pf_error_t *err);
int  pf_rw_service_set_start(void *data, const char *name, const char *start,
                             pf_error_t *err);
int  pf_rw_service_triggered(void *data, const char *name);

/* pf_win_remedy_http.c */
int  pf_rw_iplisten_add(void *data, const char *addr, pf_error_t *err);
int  pf_rw_iplisten_delete(void *data, const char *addr, pf_error_t *err);

#endif
