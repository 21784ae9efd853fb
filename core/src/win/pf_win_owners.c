/*
 * Facts for the Windows owners that hold a port for someone else:
 *
 * - portproxy rules, read from the registry where netsh keeps them
 *   (HKLM\SYSTEM\CurrentControlSet\Services\PortProxy\<kind>\tcp): the
 *   registry has no translated words, `netsh interface portproxy show`
 *   has;
 * - whether the WinNAT service is installed (its commands are advice only
 *   where it is);
 * - listeners whose owner PID no longer exists, and which processes hold
 *   a copy of the socket (the handle table, when its walk was complete).
 */
#include "pf_win.h"

#include <string.h>

#include "netsh/pf_netsh.h"

#define PF_WIN_PORTPROXY_KEY \
    "SYSTEM\\CurrentControlSet\\Services\\PortProxy\\"

/* The rules of one kind on `port`; PF_OK also when there are none. */
static int
pf_win_portproxy_kind(pf_pool_t *pool, const char *kind, unsigned port,
                      pf_target_facts_t *f)
{
    wchar_t       *key, name[256], data[512];
    char          *path;
    DWORD          i, nlen, dlen, type;
    HKEY           h;
    LONG           rc;
    pf_portproxy_t pp, *slot;
    pf_error_t     err;

    path = pf_psprintf(pool, "%s%s\\tcp", PF_WIN_PORTPROXY_KEY, kind);
    key = path != NULL ? pf_win_wide(pool, path) : NULL;
    if (key == NULL) {
        return PF_ERROR;
    }
    rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, key, 0, KEY_QUERY_VALUE, &h);
    if (rc == ERROR_FILE_NOT_FOUND) {
        return PF_OK;
    }
    if (rc != ERROR_SUCCESS) {
        pf_win_note(pool, &f->notes, pf_psprintf(pool, "portproxy rules "
                    "(registry PortProxy\\%s\\tcp)", kind), (DWORD) rc);
        return PF_ERROR;
    }
    for (i = 0;; i++) {
        nlen = sizeof(name) / sizeof(name[0]);
        dlen = sizeof(data) - sizeof(wchar_t);
        rc = RegEnumValueW(h, i, name, &nlen, NULL, &type, (BYTE *) data,
                           &dlen);
        if (rc != ERROR_SUCCESS) {
            break;
        }
        if (type != REG_SZ) {
            continue;
        }
        data[dlen / sizeof(wchar_t)] = L'\0';
        memset(&err, 0, sizeof(err));
        if (pf_netsh_portproxy_entry(pool, kind, pf_win_utf8(pool, name),
                                     pf_win_utf8(pool, data), &pp, &err)
            != PF_OK)
        {
            (void) pf_array_push_strf(&f->notes, "%s", err.message);
            continue;
        }
        if (pp.listen_port == port && (slot = pf_array_push(&f->portproxies))
                                      != NULL)
        {
            *slot = pp;
        }
    }
    RegCloseKey(h);
    return PF_OK;
}

void
pf_win_portproxies(pf_pool_t *pool, unsigned port, pf_target_facts_t *f)
{
    static const char *kinds[] = { "v4tov4", "v4tov6", "v6tov4", "v6tov6" };
    size_t             i;
    int                ok = 1;

    for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        ok &= pf_win_portproxy_kind(pool, kinds[i], port, f) == PF_OK;
    }
    f->portproxy_known = ok ? PF_KNOWN_YES : PF_KNOWN_FAILED;
}

/* 1 installed, 0 not, -1 the SCM could not say. */
int
pf_win_service_installed(const wchar_t *name)
{
    SC_HANDLE scm, h;
    int       rc;

    scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    if (scm == NULL) {
        return -1;
    }
    h = OpenServiceW(scm, name, SERVICE_QUERY_STATUS);
    if (h != NULL) {
        rc = 1;
        CloseServiceHandle(h);
    } else {
        rc = GetLastError() == ERROR_SERVICE_DOES_NOT_EXIST ? 0 : -1;
    }
    CloseServiceHandle(scm);
    return rc;
}

/* OpenProcess says "invalid parameter" for a PID that does not exist
 * ("access denied" means it exists).  A process that exited while some
 * handle still refers to it can be opened, and has an exit code. */
static int
pf_win_pid_gone(long pid)
{
    HANDLE h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE,
                           (DWORD) pid);
    DWORD  code = STILL_ACTIVE;

    if (h != NULL) {
        if (!GetExitCodeProcess(h, &code)) {
            code = STILL_ACTIVE;
        }
        CloseHandle(h);
        return code != STILL_ACTIVE;
    }
    return GetLastError() == ERROR_INVALID_PARAMETER;
}

int
pf_win_mark_gone_owners(pf_target_facts_t *f)
{
    size_t i;
    int    n = 0;

    for (i = 0; i < f->listeners.nelts; i++) {
        pf_listener_t *l = &PF_ARRAY_AT(&f->listeners, pf_listener_t, i);

        if (l->owner_pid > 4 && pf_win_pid_gone(l->owner_pid)) {
            l->owner_gone = 1;
            n++;
        }
    }
    return n;
}

/* The processes holding a socket on the port, from a complete walk, are
 * the listeners' holders when the owner is gone. */
void
pf_win_inheritors(pf_pool_t *pool, const pf_win_handles_t *h,
                  pf_target_facts_t *f)
{
    size_t i, j;

    if (!h->walked || !h->complete) {
        (void) pf_array_push_str(&f->notes, "the handle table walk did not "
                                 "finish: the process that inherited the "
                                 "socket is not named");
        return;
    }
    for (i = 0; i < f->listeners.nelts; i++) {
        pf_listener_t *l = &PF_ARRAY_AT(&f->listeners, pf_listener_t, i);

        if (!l->owner_gone) {
            continue;
        }
        for (j = 0; j < h->sockets.nelts; j++) {
            long  pid = PF_ARRAY_AT(&h->sockets, long, j);
            long *slot;

            if (pf_win_handles_hosts(h, pid)
                || pf_array_has_long(&l->pids, pid))
            {
                continue;
            }
            slot = pf_array_push(&l->pids);
            if (slot != NULL) {
                *slot = pid;
                (void) pf_win_process(pool, f, pid);
            }
        }
    }
}

/* `net stop X` refuses while services that depend on X run; `/y` stops
 * them first.  Which ones run is worth saying. */
void
pf_win_service_dependents(pf_pool_t *pool, SC_HANDLE scm, const wchar_t *name,
                          pf_array_t *out)
{
    SC_HANDLE              h;
    ENUM_SERVICE_STATUSW  *deps;
    BYTE                   buf[16384];
    DWORD                  need = 0, n = 0, i;

    h = OpenServiceW(scm, name, SERVICE_ENUMERATE_DEPENDENTS);
    if (h == NULL) {
        return;
    }
    if (EnumDependentServicesW(h, SERVICE_ACTIVE, (ENUM_SERVICE_STATUSW *) buf,
                               sizeof(buf), &need, &n))
    {
        deps = (ENUM_SERVICE_STATUSW *) buf;
        for (i = 0; i < n; i++) {
            (void) pf_array_push_str(out, pf_win_utf8(pool,
                                                      deps[i].lpServiceName));
        }
    }
    CloseServiceHandle(h);
}

/* WSL2's mirrored networking, from %UserProfile%\.wslconfig (the user
 * running preflight: a service account has none, which says 0). */
void
pf_win_wsl_mirrored(pf_pool_t *pool, pf_host_facts_t *h)
{
    wchar_t     path[MAX_PATH + 16];
    char       *buf;
    DWORD       n, got = 0;
    HANDLE      f;
    pf_error_t  err;
    int         mirrored = 0;

    if (h->wsl_mirrored >= 0) {
        return;
    }
    n = GetEnvironmentVariableW(L"USERPROFILE", path, MAX_PATH);
    if (n == 0 || n >= MAX_PATH) {
        return;
    }
    wcscat(path, L"\\.wslconfig");
    f = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE,
                    NULL, OPEN_EXISTING, 0, NULL);
    if (f == INVALID_HANDLE_VALUE) {
        h->wsl_mirrored = GetLastError() == ERROR_FILE_NOT_FOUND ? 0 : -1;
        return;
    }
    buf = pf_palloc(pool, 65536);
    if (buf != NULL && ReadFile(f, buf, 65536, &got, NULL)) {
        memset(&err, 0, sizeof(err));
        if (pf_netsh_wslconfig_mirrored(pool, buf, got, &mirrored, &err)
            == PF_OK)
        {
            h->wsl_mirrored = mirrored;
        } else {
            (void) pf_array_push_strf(&h->notes, ".wslconfig: %s",
                                      err.message);
        }
    }
    CloseHandle(f);
}
