/*
 * HTTP.sys iplisten list (netsh http add|delete iplisten): with entries,
 * HTTP.sys binds only the listed addresses, so another server can have
 * the rest.  The change takes effect when the HTTP service restarts (or
 * at reboot): the plan says so.  Adding a listed address and deleting a
 * missing one succeed, so undo is idempotent.
 */
#include "win/pf_win.h"

#include <http.h>
#include <string.h>

#include "pf_win_remedy.h"

static int
pf_rw_sockaddr(const char *addr, SOCKADDR_STORAGE *ss, USHORT *len)
{
    memset(ss, 0, sizeof(*ss));
    if (inet_pton(AF_INET, addr, &((SOCKADDR_IN *) ss)->sin_addr) == 1) {
        ss->ss_family = AF_INET;
        *len = sizeof(SOCKADDR_IN);
        return PF_OK;
    }
    if (inet_pton(AF_INET6, addr, &((SOCKADDR_IN6 *) ss)->sin6_addr) == 1) {
        ss->ss_family = AF_INET6;
        *len = sizeof(SOCKADDR_IN6);
        return PF_OK;
    }
    return PF_ERROR;
}

static int
pf_rw_iplisten(int add, const char *addr, pf_error_t *err)
{
    HTTPAPI_VERSION                     v = HTTPAPI_VERSION_1;
    HTTP_SERVICE_CONFIG_IP_LISTEN_PARAM p;
    SOCKADDR_STORAGE                    ss;
    ULONG                               rc;

    if (pf_rw_sockaddr(addr, &ss, &p.AddrLength) != PF_OK) {
        pf_error_set(err, NULL, 0, "'%s' is not a numeric address", addr);
        return PF_ERROR;
    }
    p.pAddress = (PSOCKADDR) &ss;
    rc = HttpInitialize(v, HTTP_INITIALIZE_CONFIG, NULL);
    if (rc != NO_ERROR) {
        pf_rw_fail(err, "HttpInitialize for iplisten", addr, rc);
        return PF_ERROR;
    }
    rc = add ? HttpSetServiceConfiguration(NULL, HttpServiceConfigIPListenList,
                                           &p, sizeof(p), NULL)
             : HttpDeleteServiceConfiguration(NULL,
                                              HttpServiceConfigIPListenList,
                                              &p, sizeof(p), NULL);
    HttpTerminate(HTTP_INITIALIZE_CONFIG, NULL);
    if (rc == NO_ERROR || (add && rc == ERROR_ALREADY_EXISTS)
        || (!add && rc == ERROR_FILE_NOT_FOUND))
    {
        return PF_OK;
    }
    pf_rw_fail(err, add ? "add iplisten" : "delete iplisten", addr, rc);
    return PF_ERROR;
}

int
pf_rw_iplisten_add(void *data, const char *addr, pf_error_t *err)
{
    (void) data;
    return pf_rw_iplisten(1, addr, err);
}

int
pf_rw_iplisten_delete(void *data, const char *addr, pf_error_t *err)
{
    (void) data;
    return pf_rw_iplisten(0, addr, err);
}
