/*
 * Names to addresses on Unix: a numeric address as it is, else what the
 * resolver says (addresses this host has configured first).
 */
#include <netdb.h>
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "preflight_internal.h"
#include "pf_platform.h"

/* A numeric address as getnameinfo(NI_NUMERICHOST) writes it, without
 * getaddrinfo: each target of a check is one, and the resolver's way
 * costs a healthy check of 10 addresses about 30,000 instructions.
 * 0 when host is no plain numeric address (a name, "127.1", a scope):
 * getaddrinfo decides. */
static int
pf_unix_resolve_numeric(const char *host, pf_family_t fam, char *buf)
{
    unsigned char  a4[4], a6[16];
    char          *p = buf;
    int            i;

    if (fam != PF_FAMILY_INET6 && inet_pton(AF_INET, host, a4) == 1) {
        for (i = 0; i < 4; i++) {
            if (a4[i] >= 100) {
                *p++ = (char) ('0' + a4[i] / 100);
            }
            if (a4[i] >= 10) {
                *p++ = (char) ('0' + a4[i] / 10 % 10);
            }
            *p++ = (char) ('0' + a4[i] % 10);
            *p++ = i < 3 ? '.' : '\0';
        }
        return 1;
    }
    return fam != PF_FAMILY_INET && inet_pton(AF_INET6, host, a6) == 1
           && inet_ntop(AF_INET6, a6, buf, PF_ADDRSTRLEN) != NULL;
}

int
pf_platform_resolve(pf_pool_t *pool, const char *host, pf_family_t fam,
                    pf_array_t *out, pf_error_t *err)
{
    struct addrinfo  hints, *res, *ai;
    char             buf[PF_ADDRSTRLEN];
    int              rc;

    if (pf_unix_resolve_numeric(host, fam, buf)) {
        return pf_array_push_str(out, buf);
    }
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
