/*
 * A server module loads the whole core only when a target failed.
 *
 * Apache and nginx open modules with RTLD_NOW at every start, so every
 * symbol a module imports is looked up then, about 1,000 instructions
 * apiece, used or not.  The whole core imports some 100 libc functions
 * (facts, diagnose, remedies, journal); the probe that a healthy start
 * runs needs a few.  So a module links the probe part of the core plus
 * pf_unix_lazy.c: it calls pf_report_probe() and, only when a target
 * failed, pf_lazy_report_explain(), pf_lazy_remedy_for_server() and
 * (nginx, to name the line of each listen) pf_lazy_conf_nginx(), which
 * open PF_CORE_SO_NAME (the whole core, installed next to the module)
 * and call pf_report_explain(), pf_remedy_for_server(), pf_conf_nginx()
 * through the one table it exports.
 */
#ifndef PF_UNIX_LAZY_H
#define PF_UNIX_LAZY_H

#include "preflight_internal.h"

#define PF_CORE_SO_NAME     "preflight-core.so"
#define PF_CORE_API_SYMBOL  "pf_core_api"
/* Raised whenever a struct both sides share changes shape. */
#define PF_CORE_ABI         5

typedef struct {
    unsigned     abi;
    const char  *version;        /* PACKAGE_VERSION */
    size_t       report_size;    /* sizeof(pf_report_t) */
    size_t       check_size;     /* sizeof(pf_check_t) */
    int        (*explain)(pf_report_t *r);
    int        (*remedy_for_server)(pf_report_t *r, pf_remedy_mode_t mode,
                                    const pf_array_t *allow, pf_buf_t *out,
                                    pf_error_t *err);
    /* nginx: the file:line of each listen, read again on failure only */
    int        (*conf_nginx)(pf_pool_t *pool, const char *path,
                             const pf_conf_options_t *opts, pf_array_t *out,
                             pf_error_t *err);
} pf_core_api_t;

#endif
