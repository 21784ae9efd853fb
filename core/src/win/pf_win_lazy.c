/*
 * What a module calls once a target failed (preflight.h, "What a server
 * module calls"): on Windows the module links the whole core, so these
 * call it directly.  The Linux bodies open the core on first use instead
 * (core/src/unix/pf_unix_lazy.c): httpd and nginx there load every
 * module at each start, and the whole core would cost every start its
 * symbol lookups.
 */
#include "preflight_internal.h"

int
pf_lazy_report_explain(pf_report_t *r)
{
    return pf_report_explain(r);
}

int
pf_lazy_remedy_for_server(pf_report_t *r, pf_remedy_mode_t mode,
                          const pf_array_t *allow, pf_buf_t *out,
                          pf_error_t *err)
{
    return pf_remedy_for_server(r, mode, allow, out, err);
}

int
pf_lazy_conf_nginx(pf_pool_t *pool, const char *path,
                   const pf_conf_options_t *opts, pf_array_t *out,
                   pf_error_t *err)
{
    return pf_conf_nginx(pool, path, opts, out, err);
}
