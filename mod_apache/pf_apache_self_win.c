/*
 * Who "this httpd" is, the Windows part (mpm_winnt; pf_apache_self.c has
 * the common one), built instead of pf_apache_self_unix.c by the
 * --with-httpd-win build; and the event log of httpd run as a service.
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
#include <windows.h>

#include "pf_apache.h"

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

long
pf_apache_signaller(apr_pool_t *p)
{
    long pid = pf_apache_winnt_parent();

    if (pid > 0) {
        return pid;
    }
    return pf_apache_pidfile_pid(p);
}

/* the child knows its parent: it binds nothing, the parent's sockets
 * are handed to it */
void
pf_apache_self_parent(pf_self_t *self)
{
    self->parent = pf_apache_winnt_parent();
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
    char        buf[PF_APACHE_CMDLINE_MAX];
    const char *k = pf_apache_option(buf, 'k');

    return k != NULL && ap_cstr_casecmp(k, "runservice") == 0;
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
