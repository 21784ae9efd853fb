/*
 * mod_preflight for Apache httpd 2.4: before httpd binds its Listen
 * addresses, find out which of them cannot be bound and why (who holds
 * the port, with evidence and the commands that fix it), and say so on
 * the console and in the error log, ahead of httpd's own "AH00072:
 * make_sock: could not bind".
 *
 * Every Unix MPM binds in its open_logs hook; check_config runs just
 * before it, after the Listen directives were read.  `httpd -t` stops
 * before open_logs: test_config covers it.
 */
#include "httpd.h"
#include "http_config.h"

#include "pf_apache.h"

static int
pf_apache_check_config(apr_pool_t *pconf, apr_pool_t *plog,
                       apr_pool_t *ptemp, server_rec *s)
{
    return pf_apache_check(ptemp, s, PF_APACHE_AT_START);
}

static void
pf_apache_test_config(apr_pool_t *pconf, server_rec *s)
{
    apr_pool_t *p;

    if (apr_pool_create(&p, pconf) != APR_SUCCESS) {
        return;
    }
    (void) pf_apache_check(p, s, PF_APACHE_AT_CONFIGTEST);
    apr_pool_destroy(p);
}

static void
pf_apache_register_hooks(apr_pool_t *p)
{
    /* last: after the other modules' checks, the closest to the bind */
    ap_hook_check_config(pf_apache_check_config, NULL, NULL, APR_HOOK_LAST);
    ap_hook_test_config(pf_apache_test_config, NULL, NULL, APR_HOOK_LAST);
}

AP_DECLARE_MODULE(preflight) = {
    STANDARD20_MODULE_STUFF,
    NULL,                        /* per-directory config */
    NULL,                        /* merge per-directory */
    pf_apache_create_conf,       /* per-server config */
    pf_apache_merge_conf,        /* merge per-server */
    pf_apache_cmds,
    pf_apache_register_hooks
#if defined(AP_MODULE_HAS_FLAGS)
    , AP_MODULE_FLAG_NONE
#endif
};
