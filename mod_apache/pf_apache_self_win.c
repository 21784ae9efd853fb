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
