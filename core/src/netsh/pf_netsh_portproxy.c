/*
 * `netsh interface portproxy` rules, as netsh stores them in the
 * registry (HKLM\SYSTEM\CurrentControlSet\Services\PortProxy\v4tov4\tcp
 * and v4tov6, v6tov4, v6tov6): one value per rule, named
 * "LISTENADDRESS/LISTENPORT", whose data is "CONNECTADDRESS/CONNECTPORT".
 * IP Helper (iphlpsvc) reads them and listens.  The registry has no
 * translated words, unlike `netsh interface portproxy show all`.
 */
#include <string.h>

#include "pf_netsh.h"

/* "ADDR/PORT": the address (up to the last '/') and the port. */
static int
pf_netsh_addr_port(pf_pool_t *pool, const char *s, const char **addr,
                   unsigned *port)
{
    const char *slash = strrchr(s, '/'), *p;
    unsigned    v = 0;

    if (slash == NULL || slash == s || slash[1] == '\0') {
        return PF_ERROR;
    }
    for (p = slash + 1; *p != '\0'; p++) {
        if (*p < '0' || *p > '9' || p - slash > 5) {
            return PF_ERROR;
        }
        v = v * 10 + (unsigned) (*p - '0');
    }
    if (v < 1 || v > 65535) {
        return PF_ERROR;
    }
    *addr = pf_pstrndup(pool, s, (size_t) (slash - s));
    *port = v;
    return *addr != NULL ? PF_OK : PF_ENOMEM;
}

int
pf_netsh_portproxy_entry(pf_pool_t *pool, const char *kind,
                         const char *name, const char *data,
                         pf_portproxy_t *out, pf_error_t *err)
{
    memset(out, 0, sizeof(*out));
    out->kind = kind;
    if (name == NULL
        || pf_netsh_addr_port(pool, name, &out->listen_address,
                              &out->listen_port) != PF_OK)
    {
        pf_error_set(err, NULL, 0, "portproxy %s: value name '%.64s' is "
                     "not 'LISTENADDRESS/LISTENPORT'", kind,
                     name ? name : "");
        return PF_ERROR;
    }
    if (data == NULL
        || pf_netsh_addr_port(pool, data, &out->connect_address,
                              &out->connect_port) != PF_OK)
    {
        pf_error_set(err, NULL, 0, "portproxy %s %.64s: data '%.64s' is "
                     "not 'CONNECTADDRESS/CONNECTPORT'", kind, name,
                     data ? data : "");
        return PF_ERROR;
    }
    return PF_OK;
}
