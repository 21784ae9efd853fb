/*
 * Services: which services live in the processes on a port (one svchost
 * hosts several), which run in the processes of HTTP.sys request queues,
 * and which running services depend on the HTTP driver.
 */
#include "pf_win.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    ENUM_SERVICE_STATUS_PROCESSW *svc;
    DWORD                         n;
    SC_HANDLE                     scm;
} pf_win_svcs_t;

/* The running Win32 services with their PIDs; svc malloc'd. */
static DWORD
pf_win_svcs_open(pf_win_svcs_t *s)
{
    DWORD bytes = 0, resume = 0, rc = NO_ERROR;
    BYTE *buf = NULL, *more;

    memset(s, 0, sizeof(*s));
    s->scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_ENUMERATE_SERVICE);
    if (s->scm == NULL) {
        return GetLastError();
    }
    for (;;) {
        resume = 0;
        if (EnumServicesStatusExW(s->scm, SC_ENUM_PROCESS_INFO, SERVICE_WIN32,
                                  SERVICE_ACTIVE, buf, bytes, &bytes, &s->n,
                                  &resume, NULL))
        {
            break;
        }
        rc = GetLastError();
        if (rc != ERROR_MORE_DATA || (more = realloc(buf, bytes)) == NULL) {
            free(buf);
            CloseServiceHandle(s->scm);
            s->scm = NULL;
            return rc == ERROR_MORE_DATA ? ERROR_NOT_ENOUGH_MEMORY : rc;
        }
        buf = more;
    }
    s->svc = (ENUM_SERVICE_STATUS_PROCESSW *) buf;
    return NO_ERROR;
}

static void
pf_win_svcs_close(pf_win_svcs_t *s)
{
    free(s->svc);
    if (s->scm != NULL) {
        CloseServiceHandle(s->scm);
    }
}

static const char *
pf_win_start_type(DWORD t)
{
    switch (t) {
    case SERVICE_BOOT_START:   return "boot";
    case SERVICE_SYSTEM_START: return "system";
    case SERVICE_AUTO_START:   return "auto";
    case SERVICE_DEMAND_START: return "demand";
    case SERVICE_DISABLED:     return "disabled";
    default:                   return NULL;
    }
}

/* "auto", "demand"...: QueryServiceConfigW; NULL when unreadable. */
static const char *
pf_win_service_start_type(SC_HANDLE scm, const wchar_t *name)
{
    SC_HANDLE               h;
    BYTE                    buf[8192];
    QUERY_SERVICE_CONFIGW  *cfg = (QUERY_SERVICE_CONFIGW *) buf;
    DWORD                   need = 0;
    const char             *type = NULL;

    h = OpenServiceW(scm, name, SERVICE_QUERY_CONFIG);
    if (h == NULL) {
        return NULL;
    }
    if (QueryServiceConfigW(h, cfg, sizeof(buf), &need)) {
        type = pf_win_start_type(cfg->dwStartType);
    }
    CloseServiceHandle(h);
    return type;
}

static int
pf_win_add_service(pf_pool_t *pool, pf_target_facts_t *f,
                   const pf_win_svcs_t *s, const ENUM_SERVICE_STATUS_PROCESSW *e)
{
    pf_service_t *svc;
    const char   *name = pf_win_utf8(pool, e->lpServiceName);
    size_t        i;

    for (i = 0; name != NULL && i < f->services.nelts; i++) {
        if (strcmp(PF_ARRAY_AT(&f->services, pf_service_t, i).name, name)
            == 0)
        {
            return PF_OK;
        }
    }
    svc = name != NULL ? pf_array_push(&f->services) : NULL;
    if (svc == NULL) {
        return PF_ENOMEM;
    }
    svc->name = name;
    svc->display_name = pf_win_utf8(pool, e->lpDisplayName);
    svc->pid = (long) e->ServiceStatusProcess.dwProcessId;
    svc->running = e->ServiceStatusProcess.dwCurrentState == SERVICE_RUNNING;
    svc->start_type = pf_win_service_start_type(s->scm, e->lpServiceName);
    pf_array_init(&svc->dependents, pool, 0, sizeof(char *));
    pf_win_service_dependents(pool, s->scm, e->lpServiceName,
                              &svc->dependents);
    return PF_OK;
}

/* Services in process pid: names appended to `names`, pf_service_t to
 * f->services. */
static int
pf_win_services_of(pf_pool_t *pool, pf_target_facts_t *f,
                   const pf_win_svcs_t *s, long pid, pf_array_t *names)
{
    DWORD i;

    for (i = 0; i < s->n; i++) {
        const ENUM_SERVICE_STATUS_PROCESSW *e = &s->svc[i];

        if ((long) e->ServiceStatusProcess.dwProcessId != pid || pid <= 4) {
            continue;
        }
        if (pf_win_add_service(pool, f, s, e) != PF_OK
            || pf_array_push_str(names, pf_win_utf8(pool, e->lpServiceName))
               != PF_OK)
        {
            return PF_ENOMEM;
        }
    }
    return PF_OK;
}

int
pf_win_services_by_pid(pf_pool_t *pool, pf_target_facts_t *f)
{
    pf_win_svcs_t s;
    DWORD         code;
    size_t        i;
    int           rc = PF_OK;

    code = pf_win_svcs_open(&s);
    if (code != NO_ERROR) {
        pf_win_note(pool, &f->notes, "services (EnumServicesStatusExW)", code);
        return PF_OK;
    }
    for (i = 0; rc == PF_OK && i < f->processes.nelts; i++) {
        pf_process_t *p = &PF_ARRAY_AT(&f->processes, pf_process_t, i);

        rc = pf_win_services_of(pool, f, &s, p->pid, &p->services);
    }
    pf_win_svcs_close(&s);
    return rc;
}

/* The services behind each request queue's processes. */
int
pf_win_queue_services(pf_pool_t *pool, pf_target_facts_t *f)
{
    pf_array_t   *qs = &f->httpsys.queues;
    pf_win_svcs_t s;
    size_t        i, j;
    int           rc = PF_OK;

    if (qs->nelts == 0 || pf_win_svcs_open(&s) != NO_ERROR) {
        return PF_OK;
    }
    for (i = 0; rc == PF_OK && i < qs->nelts; i++) {
        pf_request_queue_t *q = &PF_ARRAY_AT(qs, pf_request_queue_t, i);

        for (j = 0; rc == PF_OK && j < q->pids.nelts; j++) {
            rc = pf_win_services_of(pool, f, &s,
                                    PF_ARRAY_AT(&q->pids, long, j),
                                    &q->services);
        }
        /* an idle IIS pool has no worker: its controller is WAS's svchost */
        if (rc == PF_OK && q->controller_pid > 0) {
            rc = pf_win_services_of(pool, f, &s, q->controller_pid,
                                    &q->services);
        }
    }
    pf_win_svcs_close(&s);
    return rc;
}

static int
pf_win_push_dependents(pf_pool_t *pool, pf_httpsys_facts_t *hs,
                       const ENUM_SERVICE_STATUSW *deps, DWORD n)
{
    DWORD i;

    for (i = 0; i < n; i++) {
        if (deps[i].ServiceStatus.dwCurrentState != SERVICE_STOPPED
            && pf_array_push_str(&hs->dependents,
                                 pf_win_utf8(pool, deps[i].lpServiceName))
               != PF_OK)
        {
            return PF_ENOMEM;
        }
    }
    return PF_OK;
}

/* Running services that depend on the HTTP driver: the usual suspects
 * (W3SVC, WAS, MsDepSvc, ReportServer, PeerDistSvc, WinRM...). */
int
pf_win_http_dependents(pf_pool_t *pool, pf_target_facts_t *f)
{
    SC_HANDLE  scm, http;
    BYTE      *buf = NULL;
    DWORD      need = 0, n = 0, code = NO_ERROR;
    int        rc = PF_OK;

    scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    http = scm != NULL ? OpenServiceW(scm, L"HTTP",
                                      SERVICE_ENUMERATE_DEPENDENTS) : NULL;
    if (http == NULL) {
        code = GetLastError();
    } else if (!EnumDependentServicesW(http, SERVICE_ACTIVE, NULL, 0, &need,
                                       &n))
    {
        code = GetLastError();
        if (code == ERROR_MORE_DATA && (buf = malloc(need)) != NULL) {
            code = EnumDependentServicesW(http, SERVICE_ACTIVE,
                                          (ENUM_SERVICE_STATUSW *) buf, need,
                                          &need, &n)
                   ? NO_ERROR : GetLastError();
        }
    }
    if (code == NO_ERROR) {
        f->httpsys.dependents_known = PF_KNOWN_YES;
        rc = pf_win_push_dependents(pool, &f->httpsys,
                                    (ENUM_SERVICE_STATUSW *) buf, n);
    } else {
        f->httpsys.dependents_known = PF_KNOWN_FAILED;
        pf_win_note(pool, &f->notes, "services depending on HTTP "
                    "(EnumDependentServicesW)", code);
    }
    free(buf);
    if (http != NULL) {
        CloseServiceHandle(http);
    }
    if (scm != NULL) {
        CloseServiceHandle(scm);
    }
    return rc;
}
