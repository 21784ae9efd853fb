/*
 * Names to addresses on Unix: a numeric address as it is, else what the
 * resolver says (addresses this host has configured first).
 */
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>

#include "preflight_internal.h"
#include "pf_platform.h"

int
pf_platform_resolve(pf_pool_t *pool, const char *host, pf_family_t fam,
                    pf_array_t *out, pf_error_t *err)
{
    struct addrinfo  hints, *res, *ai;
    char             buf[PF_ADDRSTRLEN];
    int              rc;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = fam == PF_FAMILY_INET6 ? AF_INET6
                    : fam == PF_FAMILY_INET ? AF_INET : AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST;

    rc = getaddrinfo(host, NULL, &hints, &res);
    if (rc != 0 && fam != PF_FAMILY_INET6) {
        hints.ai_flags = AI_ADDRCONFIG;
        rc = getaddrinfo(host, NULL, &hints, &res);
        if (rc != 0) {
            hints.ai_flags = 0;
            rc = getaddrinfo(host, NULL, &hints, &res);
        }
    }
    if (rc != 0) {
        pf_error_set(err, NULL, 0, "'%s': not an address, and it does not "
                     "resolve (%s)", host, gai_strerror(rc));
        return PF_ERROR;
    }
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        if (getnameinfo(ai->ai_addr, ai->ai_addrlen, buf, sizeof(buf), NULL,
                        0, NI_NUMERICHOST) == 0)
        {
            if (pf_array_push_str(out, buf) != PF_OK) {
                freeaddrinfo(res);
                return PF_ENOMEM;
            }
        }
    }
    freeaddrinfo(res);
    return PF_OK;
}
