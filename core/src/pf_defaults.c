/*
 * What `preflight check` checks when told nothing: the usual Apache and
 * nginx configurations of this platform, otherwise ports 80 and 443.
 */
#include <stdio.h>
#include <string.h>

#include "preflight_internal.h"
#include "pf_platform.h"

static int
pf_file_exists(const char *path)
{
    FILE *f = fopen(path, "r");

    if (f == NULL) {
        return 0;
    }
    fclose(f);
    return 1;
}

static int
pf_targets_from_first(pf_pool_t *pool, pf_server_t server,
                      const pf_conf_options_t *opts, pf_array_t *out,
                      pf_error_t *err, int *found)
{
    const char *const *paths = pf_platform_default_configs(server);

    for (; paths != NULL && *paths != NULL; paths++) {
        if (!pf_file_exists(*paths)) {
            continue;
        }
        *found = 1;
        return server == PF_SERVER_APACHE
               ? pf_conf_apache(pool, *paths, opts, out, err)
               : pf_conf_nginx(pool, *paths, opts, out, err);
    }
    return PF_OK;
}

int
pf_targets_default(pf_pool_t *pool, const pf_conf_options_t *opts,
                   pf_array_t *out, pf_error_t *err)
{
    int found = 0, rc;

    rc = pf_targets_from_first(pool, PF_SERVER_APACHE, opts, out, err,
                               &found);
    if (rc == PF_OK) {
        rc = pf_targets_from_first(pool, PF_SERVER_NGINX, opts, out, err,
                                   &found);
    }
    if (rc != PF_OK || found) {
        return rc;
    }
    rc = pf_target_parse(pool, "80", "default", out, err);
    if (rc == PF_OK) {
        rc = pf_target_parse(pool, "443", "default", out, err);
    }
    return rc;
}
