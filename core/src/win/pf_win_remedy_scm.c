/*
 * Windows services through the service control manager: the state and
 * start type, the running dependents (stopped first, as `net stop X /y`
 * does), stop and start waiting for the final state, and the start type
 * changed with ChangeServiceConfigW.  Starting a running service and
 * stopping a stopped one succeed: undo relies on that.
 *
 * The wait follows the service's own checkpoints and wait hints
 * (pf_scm_wait_next): WAS may drain for 90 s and still be fine.  A
 * service already stopping (ERROR_SERVICE_CANNOT_ACCEPT_CTRL) is waited
 * for; one still starting is stopped once it runs.
 */
#include "win/pf_win.h"

#include <stdlib.h>
#include <string.h>

#include "pf_win_remedy.h"

#define PF_SCM_TRIGGER_INFO  8     /* SERVICE_CONFIG_TRIGGER_INFO, Win7 */


void
pf_rw_fail(pf_error_t *err, const char *what, const char *name, DWORD code)
{
    char msg[512];

    if (FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM
                       | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code, 0, msg,
                       sizeof(msg), NULL) == 0)
    {
        msg[0] = '\0';
    }
    msg[strcspn(msg, "\r\n")] = '\0';
    pf_error_set(err, NULL, 0, "%s %s: %s (error %lu)", what, name, msg,
                 (unsigned long) code);
}

/* Opens service name with access; NULL with err set. */
static SC_HANDLE
pf_scm_open(const char *name, DWORD access, SC_HANDLE *scm, pf_error_t *err)
{
    pf_pool_t *pool = pf_pool_create();
    wchar_t   *w = pool ? pf_win_wide(pool, name) : NULL;
    SC_HANDLE  h = NULL;

    *scm = NULL;
    if (w == NULL) {
        pf_error_set(err, NULL, 0, "out of memory");
    } else if ((*scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT))
               == NULL)
    {
        pf_rw_fail(err, "OpenSCManager for", name, GetLastError());
    } else if ((h = OpenServiceW(*scm, w, access)) == NULL) {
        pf_rw_fail(err, "OpenService", name, GetLastError());
        CloseServiceHandle(*scm);
        *scm = NULL;
    }
    pf_pool_destroy(pool);
    return h;
}

static void
pf_scm_close(SC_HANDLE h, SC_HANDLE scm)
{
    if (h != NULL) {
        CloseServiceHandle(h);
    }
    if (scm != NULL) {
        CloseServiceHandle(scm);
    }
}

static int
pf_scm_status(SC_HANDLE h, SERVICE_STATUS_PROCESS *st)
{
    DWORD need = 0;

    return QueryServiceStatusEx(h, SC_STATUS_PROCESS_INFO, (LPBYTE) st,
                                sizeof(*st), &need) ? PF_OK : PF_ERROR;
}

static int
pf_scm_state(SC_HANDLE h, DWORD *state)
{
    SERVICE_STATUS_PROCESS st;

    if (pf_scm_status(h, &st) != PF_OK) {
        return PF_ERROR;
    }
    *state = st.dwCurrentState;
    return PF_OK;
}

static const char *
pf_scm_start_name(DWORD t)
{
    switch (t) {
    case SERVICE_BOOT_START:   return "boot";
    case SERVICE_SYSTEM_START: return "system";
    case SERVICE_AUTO_START:   return "auto";
    case SERVICE_DEMAND_START: return "demand";
    case SERVICE_DISABLED:     return "disabled";
    default:                   return "demand";
    }
}

static int
pf_scm_start_value(const char *s, DWORD *t)
{
    static const struct { const char *n; DWORD v; } map[] = {
        { "boot", SERVICE_BOOT_START }, { "system", SERVICE_SYSTEM_START },
        { "auto", SERVICE_AUTO_START }, { "demand", SERVICE_DEMAND_START },
        { "disabled", SERVICE_DISABLED }, { NULL, 0 }
    };
    int i;

    for (i = 0; map[i].n != NULL; i++) {
        if (strcmp(map[i].n, s) == 0) {
            *t = map[i].v;
            return PF_OK;
        }
    }
    return PF_ERROR;
}

int
pf_rw_service_query(void *data, pf_pool_t *pool, const char *name,
                    int *running, const char **start_type, pf_error_t *err)
{
    SC_HANDLE  scm, h;
    BYTE       buf[8192];
    QUERY_SERVICE_CONFIGW *cfg = (QUERY_SERVICE_CONFIGW *) buf;
    DWORD      need = 0, state = SERVICE_STOPPED;
    int        rc = PF_OK;

    (void) data;
    h = pf_scm_open(name, SERVICE_QUERY_STATUS | SERVICE_QUERY_CONFIG, &scm,
                    err);
    if (h == NULL) {
        return PF_ERROR;
    }
    if (pf_scm_state(h, &state) != PF_OK) {
        pf_rw_fail(err, "QueryServiceStatusEx", name, GetLastError());
        rc = PF_ERROR;
    } else if (!QueryServiceConfigW(h, cfg, sizeof(buf), &need)) {
        pf_rw_fail(err, "QueryServiceConfig", name, GetLastError());
        rc = PF_ERROR;
    } else {
        *running = state != SERVICE_STOPPED;
        *start_type = pf_pstrdup(pool, pf_scm_start_name(cfg->dwStartType));
    }
    pf_scm_close(h, scm);
    return rc;
}

int
pf_rw_service_dependents(void *data, pf_pool_t *pool, const char *name,
                         pf_array_t *out, pf_error_t *err)
{
    SC_HANDLE  scm, h;
    BYTE      *buf = NULL;
    DWORD      need = 0, n = 0, i, code = NO_ERROR;

    (void) data;
    h = pf_scm_open(name, SERVICE_ENUMERATE_DEPENDENTS, &scm, err);
    if (h == NULL) {
        return PF_ERROR;
    }
    if (!EnumDependentServicesW(h, SERVICE_ACTIVE, NULL, 0, &need, &n)) {
        code = GetLastError();
        if (code == ERROR_MORE_DATA && (buf = malloc(need)) != NULL) {
            code = EnumDependentServicesW(h, SERVICE_ACTIVE,
                                          (ENUM_SERVICE_STATUSW *) buf, need,
                                          &need, &n)
                   ? NO_ERROR : GetLastError();
        }
    }
    /* in the order they must be stopped: dependents of dependents first */
    for (i = 0; code == NO_ERROR && i < n; i++) {
        pf_array_push_str(out, pf_win_utf8(pool,
                          ((ENUM_SERVICE_STATUSW *) buf)[i].lpServiceName));
    }
    free(buf);
    pf_scm_close(h, scm);
    if (code != NO_ERROR) {
        pf_rw_fail(err, "EnumDependentServices", name, code);
        return PF_ERROR;
    }
    return PF_OK;
}

static int
pf_scm_wait(SC_HANDLE h, const char *name, DWORD want, pf_error_t *err)
{
    SERVICE_STATUS_PROCESS st;
    pf_scm_wait_t          w;
    DWORD                  slept = 0;
    long                   next;

    pf_scm_wait_init(&w);
    for (;;) {
        if (pf_scm_status(h, &st) != PF_OK) {
            pf_rw_fail(err, "QueryServiceStatusEx", name, GetLastError());
            return PF_ERROR;
        }
        next = pf_scm_wait_next(&w, st.dwCurrentState, st.dwCheckPoint,
                                st.dwWaitHint, want, slept);
        if (next == 0) {
            return PF_OK;
        }
        if (next < 0) {
            break;
        }
        Sleep((DWORD) next);
        slept = (DWORD) next;
    }
    pf_error_set(err, NULL, 0, "service %s did not reach the %s state "
                 "(state %lu, checkpoint %lu, wait hint %lu ms, %lu s "
                 "waited)", name, want == SERVICE_STOPPED ? "stopped"
                 : "running", (unsigned long) st.dwCurrentState,
                 (unsigned long) st.dwCheckPoint,
                 (unsigned long) st.dwWaitHint, w.total_ms / 1000);
    return PF_ERROR;
}

/* The stop control could not be taken (1061): stopping already, or
 * still starting. */
static int
pf_scm_stop_busy(SC_HANDLE h, const char *name, pf_error_t *err)
{
    SERVICE_STATUS st;
    DWORD          state = 0;

    if (pf_scm_state(h, &state) != PF_OK) {
        pf_rw_fail(err, "QueryServiceStatusEx", name, GetLastError());
        return PF_ERROR;
    }
    if (state == SERVICE_START_PENDING) {
        if (pf_scm_wait(h, name, SERVICE_RUNNING, err) != PF_OK) {
            return PF_ERROR;
        }
        if (!ControlService(h, SERVICE_CONTROL_STOP, &st)
            && GetLastError() != ERROR_SERVICE_NOT_ACTIVE
            && GetLastError() != ERROR_SERVICE_CANNOT_ACCEPT_CTRL)
        {
            pf_rw_fail(err, "stop service", name, GetLastError());
            return PF_ERROR;
        }
    } else if (state != SERVICE_STOP_PENDING && state != SERVICE_STOPPED) {
        pf_rw_fail(err, "stop service", name,
                   ERROR_SERVICE_CANNOT_ACCEPT_CTRL);
        return PF_ERROR;
    }
    return pf_scm_wait(h, name, SERVICE_STOPPED, err);
}

int
pf_rw_service_stop(void *data, const char *name, pf_error_t *err)
{
    SERVICE_STATUS st;
    SC_HANDLE      scm, h;
    DWORD          code;
    int            rc;

    (void) data;
    h = pf_scm_open(name, SERVICE_STOP | SERVICE_QUERY_STATUS, &scm, err);
    if (h == NULL) {
        return PF_ERROR;
    }
    if (!ControlService(h, SERVICE_CONTROL_STOP, &st)
        && (code = GetLastError()) != ERROR_SERVICE_NOT_ACTIVE)
    {
        if (code == ERROR_SERVICE_CANNOT_ACCEPT_CTRL) {
            rc = pf_scm_stop_busy(h, name, err);
        } else {
            pf_rw_fail(err, "stop service", name, code);
            rc = PF_ERROR;
        }
    } else {
        rc = pf_scm_wait(h, name, SERVICE_STOPPED, err);
    }
    pf_scm_close(h, scm);
    return rc;
}

int
pf_rw_service_start(void *data, const char *name, pf_error_t *err)
{
    SC_HANDLE scm, h;
    DWORD     code;
    int       rc;

    (void) data;
    h = pf_scm_open(name, SERVICE_START | SERVICE_QUERY_STATUS, &scm, err);
    if (h == NULL) {
        return PF_ERROR;
    }
    if (!StartServiceW(h, 0, NULL)
        && (code = GetLastError()) != ERROR_SERVICE_ALREADY_RUNNING)
    {
        pf_rw_fail(err, "start service", name, code);
        rc = PF_ERROR;
    } else {
        rc = pf_scm_wait(h, name, SERVICE_RUNNING, err);
    }
    pf_scm_close(h, scm);
    return rc;
}

int
pf_rw_service_set_start(void *data, const char *name, const char *start,
                        pf_error_t *err)
{
    SC_HANDLE scm, h;
    DWORD     t;
    int       rc = PF_OK;

    (void) data;
    if (pf_scm_start_value(start, &t) != PF_OK) {
        pf_error_set(err, NULL, 0, "unknown start type '%s'", start);
        return PF_ERROR;
    }
    h = pf_scm_open(name, SERVICE_CHANGE_CONFIG, &scm, err);
    if (h == NULL) {
        return PF_ERROR;
    }
    if (!ChangeServiceConfigW(h, SERVICE_NO_CHANGE, t, SERVICE_NO_CHANGE,
                              NULL, NULL, NULL, NULL, NULL, NULL, NULL))
    {
        pf_rw_fail(err, "ChangeServiceConfig", name, GetLastError());
        rc = PF_ERROR;
    }
    pf_scm_close(h, scm);
    return rc;
}

/* Start triggers (a device, an IP address, a firewall port, an RPC
 * call): such a service may start again on its own after a stop. */
int
pf_rw_service_triggered(void *data, const char *name)
{
    SC_HANDLE             scm, h;
    BYTE                  buf[8192];
    DWORD                 need = 0;
    pf_error_t            err;
    int                   rc = -1;

    (void) data;
    h = pf_scm_open(name, SERVICE_QUERY_CONFIG, &scm, &err);
    if (h == NULL) {
        return -1;
    }
    if (QueryServiceConfig2W(h, PF_SCM_TRIGGER_INFO, buf, sizeof(buf),
                             &need))
    {
        /* SERVICE_TRIGGER_INFO starts with DWORD cTriggers */
        rc = *(DWORD *) buf > 0;
    }
    pf_scm_close(h, scm);
    return rc;
}
