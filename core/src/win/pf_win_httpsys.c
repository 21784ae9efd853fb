/*
 * HTTP.sys configuration through the HTTP Server API: the URL
 * reservations on a port (BranchCache, WCF's Temporary_Listen_Addresses,
 * SSRS...) and the iplisten list, which says on which addresses HTTP.sys
 * binds at all.
 *
 * Only HttpInitialize(HTTP_INITIALIZE_CONFIG), HttpQueryServiceConfiguration
 * and HttpTerminate are called.  The request queue, server session and URL
 * group queries, HttpControlService and HttpGetCounters abort the process
 * under Wine and add nothing netsh does not say.  Wine answers every
 * configuration query with ERROR_FILE_NOT_FOUND: that becomes a note.
 */
#include "pf_win.h"

#include <stdlib.h>
#include <string.h>
#include <http.h>

#include "netsh/pf_netsh.h"

/* One answer of HttpQueryServiceConfiguration into a malloc'd buffer. */
static ULONG
pf_win_http_query(HTTP_SERVICE_CONFIG_ID id, void *in, ULONG in_len,
                  void **out)
{
    ULONG  size = 4096, need = 0, rc;
    void  *buf = NULL, *more;
    int    tries;

    for (tries = 0; tries < 4; tries++) {
        more = realloc(buf, size);
        if (more == NULL) {
            rc = ERROR_NOT_ENOUGH_MEMORY;
            break;
        }
        buf = more;
        need = 0;
        rc = HttpQueryServiceConfiguration(NULL, id, in, in_len, buf, size,
                                           &need, NULL);
        if (rc != ERROR_INSUFFICIENT_BUFFER) {
            break;
        }
        size = need > size ? need : size * 2;
    }
    if (rc != NO_ERROR) {
        free(buf);
        buf = NULL;
    }
    *out = buf;
    return rc;
}

static int
pf_win_add_reservation(pf_pool_t *pool, pf_httpsys_facts_t *hs,
                       const HTTP_SERVICE_CONFIG_URLACL_SET *set)
{
    pf_url_reservation_t *r = pf_array_push(&hs->reservations);

    if (r == NULL) {
        return PF_ENOMEM;
    }
    r->url = pf_win_utf8(pool, set->KeyDesc.pUrlPrefix);
    r->sddl = pf_win_utf8(pool, set->ParamDesc.pStringSecurityDescriptor);
    return r->url != NULL ? PF_OK : PF_ENOMEM;
}

/* Every reservation, one by one (HttpServiceConfigQueryNext). */
static void
pf_win_reservations(pf_pool_t *pool, unsigned port, pf_target_facts_t *f)
{
    HTTP_SERVICE_CONFIG_URLACL_QUERY  q;
    HTTP_SERVICE_CONFIG_URLACL_SET   *set;
    ULONG                             rc;
    char                             *url;

    memset(&q, 0, sizeof(q));
    q.QueryDesc = HttpServiceConfigQueryNext;
    for (q.dwToken = 0; q.dwToken < 100000; q.dwToken++) {
        rc = pf_win_http_query(HttpServiceConfigUrlAclInfo, &q, sizeof(q),
                               (void **) &set);
        if (rc != NO_ERROR) {
            break;
        }
        url = pf_win_utf8(pool, set->KeyDesc.pUrlPrefix);
        if (url != NULL && pf_netsh_url_port(url, strlen(url)) == port) {
            (void) pf_win_add_reservation(pool, &f->httpsys, set);
        }
        free(set);
    }
    if (rc == ERROR_NO_MORE_ITEMS) {
        f->httpsys.reservations_known = PF_KNOWN_YES;
        return;
    }
    f->httpsys.reservations_known = PF_KNOWN_FAILED;
    pf_win_note(pool, &f->notes, "HTTP.sys URL reservations "
                "(HttpQueryServiceConfiguration)", rc);
}

static void
pf_win_iplisten(pf_pool_t *pool, pf_target_facts_t *f)
{
    HTTP_SERVICE_CONFIG_IP_LISTEN_QUERY *list;
    char                                 addr[PF_ADDRSTRLEN];
    ULONG                                rc, i;

    rc = pf_win_http_query(HttpServiceConfigIPListenList, NULL, 0,
                           (void **) &list);
    if (rc != NO_ERROR) {
        f->httpsys.iplisten_known = PF_KNOWN_FAILED;
        pf_win_note(pool, &f->notes, "HTTP.sys iplisten list "
                    "(HttpQueryServiceConfiguration)", rc);
        return;
    }
    f->httpsys.iplisten_known = PF_KNOWN_YES;
    for (i = 0; i < list->AddrCount; i++) {
        const SOCKADDR_STORAGE *ss = &list->AddrList[i];
        const void             *a = ss->ss_family == AF_INET6
            ? (const void *) &((const struct sockaddr_in6 *) ss)->sin6_addr
            : (const void *) &((const struct sockaddr_in *) ss)->sin_addr;

        if (inet_ntop(ss->ss_family, a, addr, sizeof(addr)) != NULL) {
            (void) pf_array_push_str(&f->httpsys.iplisten, addr);
        }
    }
    free(list);
}

void
pf_win_httpsys_config(pf_pool_t *pool, unsigned port, pf_target_facts_t *f)
{
    HTTPAPI_VERSION v = HTTPAPI_VERSION_1;
    ULONG           rc;

    rc = HttpInitialize(v, HTTP_INITIALIZE_CONFIG, NULL);
    if (rc != NO_ERROR) {
        f->httpsys.reservations_known = PF_KNOWN_FAILED;
        f->httpsys.iplisten_known = PF_KNOWN_FAILED;
        pf_win_note(pool, &f->notes, "HTTP Server API (HttpInitialize)", rc);
        return;
    }
    pf_win_reservations(pool, port, f);
    pf_win_iplisten(pool, f);
    HttpTerminate(HTTP_INITIALIZE_CONFIG, NULL);
}

/* The full image path of pid; NULL when it cannot be read. */
static const char *
pf_win_image_of(pf_pool_t *pool, long pid)
{
    wchar_t path[MAX_PATH * 2];
    DWORD   n = (DWORD) (sizeof(path) / sizeof(path[0]));
    HANDLE  h;
    char   *img = NULL;

    if (pid <= 4) {
        return NULL;
    }
    h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD) pid);
    if (h == NULL) {
        return NULL;
    }
    if (QueryFullProcessImageNameW(h, 0, path, &n)) {
        img = pf_win_utf8n(pool, path, (int) n);
    }
    CloseHandle(h);
    return img;
}

void
pf_win_queue_images(pf_pool_t *pool, pf_target_facts_t *f)
{
    pf_array_t *qs = &f->httpsys.queues;
    size_t      i, j;

    for (i = 0; i < qs->nelts; i++) {
        pf_request_queue_t *q = &PF_ARRAY_AT(qs, pf_request_queue_t, i);

        for (j = 0; j < q->pids.nelts && j < q->images.nelts; j++) {
            const char **img = &PF_ARRAY_AT(&q->images, const char *, j);

            if (*img == NULL) {
                *img = pf_win_image_of(pool, PF_ARRAY_AT(&q->pids, long, j));
            }
        }
    }
}
