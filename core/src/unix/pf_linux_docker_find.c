/*
 * Which container a docker-proxy forwards to: Docker keeps each
 * container's state in <data-root>/containers/<id>/config.v2.json, with
 * its address and name.  Read only when a docker-proxy holds the port,
 * and only as far as root may: otherwise the container stays unnamed.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "preflight_internal.h"
#include "pf_linux.h"

#define PF_DOCKER_CONFIG_MAX  (4 * 1024 * 1024)

void
pf_linux_docker_find(pf_pool_t *pool, const char *dir, pf_container_t *ct)
{
    DIR           *d;
    struct dirent *de;
    char           path[1024];
    const char    *text, *name;
    size_t         len;

    if (ct->container_ip == NULL || (d = opendir(dir)) == NULL) {
        return;
    }
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') {
            continue;
        }
        snprintf(path, sizeof(path), "%s/%s/config.v2.json", dir,
                 de->d_name);
        text = pf_unix_read_text(pool, path, PF_DOCKER_CONFIG_MAX, &len);
        if (pf_linux_docker_config_match(pool, text, ct->container_ip,
                                        &name))
        {
            if (ct->id == NULL) {
                ct->id = pf_pstrdup(pool, de->d_name);
            }
            ct->name = name;
            break;
        }
    }
    closedir(d);
}
