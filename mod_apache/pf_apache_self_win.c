/*
 * Who "this server" is, for httpd on Windows (mpm_winnt), built instead of
 * pf_apache_self.c by the --with-httpd-win build.
 *
 * mpm_winnt runs two processes: the parent binds the listeners and starts
 * a child with AP_PARENT_PID in its environment (server/mpm/winnt/
 * mpm_winnt.c); the child reads the whole configuration again, so
 * check_config runs in it at the first pass, but it never binds: it takes
 * the parent's sockets.  Its probe finds the ports held by the parent, so
 * the child counts as a process that only signals (nothing is said).
 */
#include <stdlib.h>
#include <string.h>

/* apr.h first: it includes windows.h after winsock2.h */
#include "httpd.h"
#include "http_log.h"
#include "http_main.h"
#include "mpm_common.h"
#include "apr_strings.h"
#include <windows.h>
#include <shellapi.h>

#include "pf_apache.h"

/* A process with this pid exists (and is not this one). */
static int
pf_apache_pid_alive(long pid)
{
    HANDLE h;
    DWORD  code = 0;

    if (pid <= 0 || (DWORD) pid == GetCurrentProcessId()) {
        return 0;
    }
    h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD) pid);
    if (h == NULL) {
        /* access denied: it exists */
        return GetLastError() == ERROR_ACCESS_DENIED;
    }
    if (!GetExitCodeProcess(h, &code)) {
        code = STILL_ACTIVE;
    }
    CloseHandle(h);
    return code == STILL_ACTIVE;
}

/* The mpm_winnt parent of this child process, else 0. */
static long
pf_apache_winnt_parent(void)
{
    const char *v = getenv("AP_PARENT_PID");
    char       *end;
    long        pid;

    if (v == NULL || *v == '\0') {
        return 0;
    }
    pid = strtol(v, &end, 10);
    return (*end == '\0' && pid > 0) ? pid : 0;
}

/* The pid in the PidFile when that process exists, else 0. */
long
pf_apache_pidfile_pid(apr_pool_t *p)
{
    pid_t pid;

    if (ap_pid_fname == NULL || ap_read_pid(p, ap_pid_fname, &pid)
                                != APR_SUCCESS)
    {
        return 0;
    }
    return pf_apache_pid_alive((long) pid) ? (long) pid : 0;
}

long
pf_apache_signaller(apr_pool_t *p)
{
    long pid = pf_apache_winnt_parent();

    if (pid > 0) {
        return pid;
    }
    return pf_apache_pidfile_pid(p);
}

int
pf_apache_add_self(pf_report_t *r, apr_pool_t *p)
{
    long pid = (long) GetCurrentProcessId();

    if (pf_report_add_self_pid(r, pid) != PF_OK) {
        return PF_ENOMEM;
    }
    /* at a restart this process is the parent: its child is the old
     * generation, draining its connections */
    r->ctx.own_pid = pid;
    pid = pf_apache_winnt_parent();
    if (pid > 0 && pf_report_add_self_pid(r, pid) != PF_OK) {
        return PF_ENOMEM;
    }
    pid = pf_apache_pidfile_pid(p);
    if (pid > 0 && pf_report_add_self_pid(r, pid) != PF_OK) {
        return PF_ENOMEM;
    }
    return PF_OK;
}

/* The whole core is linked into the module on Windows. */
const pf_host_core_t *
pf_apache_core(void)
{
    return &pf_host_direct;
}

/* Run by the service manager: mpm_winnt's service parent is started as
 * "httpd.exe -k runservice" (the ImagePath that httpd -k install
 * writes). */
static int
pf_apache_is_service(void)
{
    int      argc = 0, i, yes = 0;
    LPWSTR  *argv = CommandLineToArgvW(GetCommandLineW(), &argc);

    if (argv == NULL) {
        return 0;
    }
    for (i = 1; i + 1 < argc; i++) {
        if (wcscmp(argv[i], L"-k") == 0
            && _wcsicmp(argv[i + 1], L"runservice") == 0)
        {
            yes = 1;
        }
    }
    LocalFree(argv);
    return yes;
}

/*
 * A service's stderr is a pipe that a thread of mpm_winnt reads into the
 * event log, a byte at a time (nt_eventlog.c).  That thread dies with the
 * process: httpd's flush of the pipe is an atexit of libhttpd.dll, run at
 * its detach, after ExitProcess ended the thread.  Under Wine the last ten
 * or so of a report's lines, and with PreflightOnConflict fail the
 * refusal, never reached the event log.  So at start-up a service's lines
 * are reported here, at once, as that thread reports httpd's own: source
 * "Apache Service", event 3299 of netmsg.dll ("%1 %2 ... %9"), the same
 * nine strings (httpd's second one, the display name, is NULL at that
 * point too).
 */
int
pf_apache_log_event(const char *tag, const char *line, size_t len)
{
    static int     service = -1;
    static HANDLE  source;
    char           msg[1024];
    const char    *args[9];
    size_t         n;

    if (service < 0) {
        service = pf_apache_is_service();
    }
    if (!service) {
        return 0;
    }
    if (source == NULL) {
        source = RegisterEventSourceW(NULL, L"Apache Service");
        if (source == NULL) {
            service = 0;
            return 0;
        }
    }
    n = strlen(tag);
    if (n + len >= sizeof(msg)) {
        len = sizeof(msg) - 1 - n;
    }
    memcpy(msg, tag, n);
    memcpy(msg + n, line, len);
    msg[n + len] = '\0';
    memset(args, 0, sizeof(args));
    args[0] = "The Apache service named";
    args[2] = "reported the following error:\r\n>>>";
    args[3] = msg;
    return ReportEventA(source, EVENTLOG_ERROR_TYPE, 0, 3299, NULL, 9, 0,
                        args, NULL) ? 1 : 0;
}
