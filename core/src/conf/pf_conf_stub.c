/* PLACEHOLDER until the config parsers land. */
#include "preflight.h"

int
pf_conf_apache_text(pf_pool_t *pool, const char *name, const char *text,
                    size_t len, const pf_conf_options_t *opts,
                    pf_array_t *out, pf_error_t *err)
{
    (void) pool; (void) text; (void) len; (void) opts; (void) out;
    pf_error_set(err, name, 0, "Apache configuration parser not built yet");
    return PF_ERROR;
}

int
pf_conf_nginx_text(pf_pool_t *pool, const char *name, const char *text,
                   size_t len, const pf_conf_options_t *opts,
                   pf_array_t *out, pf_error_t *err)
{
    (void) pool; (void) text; (void) len; (void) opts; (void) out;
    pf_error_set(err, name, 0, "nginx configuration parser not built yet");
    return PF_ERROR;
}

int
pf_conf_apache(pf_pool_t *pool, const char *path,
               const pf_conf_options_t *opts, pf_array_t *out,
               pf_error_t *err)
{
    return pf_conf_apache_text(pool, path, "", 0, opts, out, err);
}

int
pf_conf_nginx(pf_pool_t *pool, const char *path,
              const pf_conf_options_t *opts, pf_array_t *out,
              pf_error_t *err)
{
    return pf_conf_nginx_text(pool, path, "", 0, opts, out, err);
}
