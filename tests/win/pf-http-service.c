/*
 * pf-http-service PORT [http|tcp]: a real Windows service
 * (StartServiceCtrlDispatcher, a control handler, the SCM's states) whose
 * process holds PORT until the SCM stops it: by registering
 * http://+:PORT/x/ with HTTP.sys as IIS or SSRS would (http, the
 * default), or with its own listening socket (tcp).  The remedy
 * end-to-end test creates it with
 *   sc create NAME binPath= "...\pf-http-service.exe PORT"
 * and lets `preflight fix --apply` find and stop it.
 *
 * With a third argument "slow" it takes 6 s to stop, as WAS draining
 * its pools does: STOP_PENDING with a rising checkpoint and a wait hint,
 * the port still held, then STOPPED (the SCM test, scm_e2e.sh).
 *
 * pf-http-service query NAME prints "state=running start=demand": what
 * the test checks after fix and undo (Wine's sc has no qc).
 *
 * Under Wine an HTTP.sys listener is owned by PID 0 and netsh cannot
 * list request queues: preflight finds this process through the system
 * handle table (core/src/win/pf_win_handles.c).
 */
#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0601
#endif
#include <winsock2.h>
#include <windows.h>
#include <http.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static SERVICE_STATUS_HANDLE pf_status_handle;
static SERVICE_STATUS        pf_status;
static HANDLE                pf_stop_event;
static HANDLE                pf_queue;
static unsigned              pf_port;
static int                   pf_tcp;
static int                   pf_slow;
static SOCKET                pf_sock = INVALID_SOCKET;

static void
pf_report(DWORD state, DWORD exit_code)
{
    pf_status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    pf_status.dwCurrentState = state;
    pf_status.dwControlsAccepted = state == SERVICE_RUNNING
                                   ? SERVICE_ACCEPT_STOP : 0;
    pf_status.dwWin32ExitCode = exit_code;
    pf_status.dwWaitHint = state == SERVICE_RUNNING ? 0 : 5000;
    pf_status.dwCheckPoint = state == SERVICE_RUNNING
                             || state == SERVICE_STOPPED
                             ? 0 : pf_status.dwCheckPoint + 1;
    SetServiceStatus(pf_status_handle, &pf_status);
}

static DWORD WINAPI
pf_handler(DWORD control, DWORD type, LPVOID data, LPVOID ctx)
{
    (void) type; (void) data; (void) ctx;
    if (control == SERVICE_CONTROL_STOP
        || control == SERVICE_CONTROL_SHUTDOWN)
    {
        pf_report(SERVICE_STOP_PENDING, NO_ERROR);
        SetEvent(pf_stop_event);
        return NO_ERROR;
    }
    return control == SERVICE_CONTROL_INTERROGATE
           ? NO_ERROR : ERROR_CALL_NOT_IMPLEMENTED;
}

static ULONG
pf_register(void)
{
    HTTPAPI_VERSION v = HTTPAPI_VERSION_1;
    wchar_t         url[64];
    ULONG           rc;

    rc = HttpInitialize(v, HTTP_INITIALIZE_SERVER, NULL);
    if (rc != NO_ERROR) {
        return rc;
    }
    rc = HttpCreateHttpHandle(&pf_queue, 0);
    if (rc == NO_ERROR) {
        _snwprintf(url, sizeof(url) / sizeof(url[0]), L"http://+:%u/x/",
                   pf_port);
        rc = HttpAddUrl(pf_queue, url, NULL);
        if (rc != NO_ERROR) {
            CloseHandle(pf_queue);
        }
    }
    if (rc != NO_ERROR) {
        HttpTerminate(HTTP_INITIALIZE_SERVER, NULL);
    }
    return rc;
}

static ULONG
pf_listen_tcp(void)
{
    struct sockaddr_in sin;
    WSADATA            wsa;

    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) {
        return ERROR_NOT_READY;
    }
    pf_sock = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons((u_short) pf_port);
    if (pf_sock == INVALID_SOCKET
        || bind(pf_sock, (struct sockaddr *) &sin, sizeof(sin)) != 0
        || listen(pf_sock, 16) != 0)
    {
        return (ULONG) WSAGetLastError();
    }
    return NO_ERROR;
}

static void
pf_release(void)
{
    if (pf_tcp) {
        closesocket(pf_sock);
        WSACleanup();
        return;
    }
    CloseHandle(pf_queue);
    HttpTerminate(HTTP_INITIALIZE_SERVER, NULL);
}

static void WINAPI
pf_service_main(DWORD argc, LPWSTR *argv)
{
    ULONG rc;

    (void) argc; (void) argv;
    pf_status_handle = RegisterServiceCtrlHandlerExW(L"pf-http-service",
                                                     pf_handler, NULL);
    if (pf_status_handle == NULL) {
        return;
    }
    pf_stop_event = CreateEventW(NULL, TRUE, FALSE, NULL);
    pf_report(SERVICE_START_PENDING, NO_ERROR);
    rc = pf_tcp ? pf_listen_tcp() : pf_register();
    if (!pf_tcp && rc == ERROR_SERVICE_REQUEST_TIMEOUT) {
        /* the HTTP service of a new Wine prefix may still be starting */
        Sleep(1000);
        rc = pf_register();
    }
    if (rc != NO_ERROR) {
        pf_report(SERVICE_STOPPED, rc);
        return;
    }
    pf_report(SERVICE_RUNNING, NO_ERROR);
    WaitForSingleObject(pf_stop_event, INFINITE);
    for (rc = 0; pf_slow && rc < 12; rc++) {
        Sleep(500);
        pf_report(SERVICE_STOP_PENDING, NO_ERROR);   /* checkpoint + 1 */
    }
    pf_release();
    pf_report(SERVICE_STOPPED, NO_ERROR);
}

static const char *
pf_start_name(DWORD t)
{
    switch (t) {
    case SERVICE_AUTO_START:   return "auto";
    case SERVICE_DEMAND_START: return "demand";
    case SERVICE_DISABLED:     return "disabled";
    default:                   return "other";
    }
}

static int
pf_query(const char *name)
{
    static BYTE            buf[8192];
    QUERY_SERVICE_CONFIGA *cfg = (QUERY_SERVICE_CONFIGA *) buf;
    SERVICE_STATUS         st;
    SC_HANDLE              scm, h;
    DWORD                  need;

    scm = OpenSCManagerA(NULL, NULL, SC_MANAGER_CONNECT);
    h = scm ? OpenServiceA(scm, name, SERVICE_QUERY_CONFIG
                                      | SERVICE_QUERY_STATUS) : NULL;
    if (h == NULL || !QueryServiceConfigA(h, cfg, sizeof(buf), &need)
        || !QueryServiceStatus(h, &st))
    {
        fprintf(stderr, "query %s: error %lu\n", name,
                (unsigned long) GetLastError());
        return 1;
    }
    printf("state=%s start=%s\n", st.dwCurrentState == SERVICE_RUNNING
           ? "running" : st.dwCurrentState == SERVICE_STOPPED ? "stopped"
           : "pending", pf_start_name(cfg->dwStartType));
    return 0;
}

int
main(int argc, char **argv)
{
    static SERVICE_TABLE_ENTRYW table[] = {
        { L"pf-http-service", pf_service_main },
        { NULL, NULL }
    };

    if (argc == 3 && strcmp(argv[1], "query") == 0) {
        return pf_query(argv[2]);
    }
    if (argc < 2 || (pf_port = (unsigned) atoi(argv[1])) == 0
        || pf_port > 65535)
    {
        fprintf(stderr, "usage: pf-http-service PORT [http|tcp [slow]] (run "
                "by the service control manager), or query NAME\n");
        return 2;
    }
    pf_tcp = argc > 2 && strcmp(argv[2], "tcp") == 0;
    pf_slow = argc > 3 && strcmp(argv[3], "slow") == 0;
    if (!StartServiceCtrlDispatcherW(table)) {
        fprintf(stderr, "pf-http-service: not started by the service "
                "control manager (error %lu)\n",
                (unsigned long) GetLastError());
        return 2;
    }
    return 0;
}
