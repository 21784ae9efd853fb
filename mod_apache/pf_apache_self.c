/*
 * Who "this server" is, so that a port it holds itself is never reported
 * as a conflict: this process, its parent when that is httpd too, and the
 * httpd named by the PidFile (the running server that `apache2 -k
 * graceful|restart|stop` talks to).
 */
#include <string.h>
#include <unistd.h>

#include "httpd.h"
#include "http_log.h"
#include "http_main.h"
#include "mpm_common.h"
#include "apr_file_io.h"
#include "apr_strings.h"
#include "apr_thread_proc.h"

#include "pf_apache.h"

#define PF_APACHE_PATH_MAX  4096

/* The executable of a process, from /proc (Linux); NULL elsewhere. */
static const char *
pf_apache_proc_exe(apr_pool_t *p, const char *pid)
{
    char    path[64], *buf;
    ssize_t n;

    buf = apr_palloc(p, PF_APACHE_PATH_MAX);
    apr_snprintf(path, sizeof(path), "/proc/%s/exe", pid);
    n = readlink(path, buf, PF_APACHE_PATH_MAX - 1);
    if (n <= 0) {
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

/* pid runs the server's executable (the core found it: r->ctx.server_exe)
 * (1), another one (0), unknown (-1). */
static int
pf_apache_same_exe(apr_pool_t *p, const pf_report_t *r, long pid)
{
    const char *other = pf_apache_proc_exe(p, apr_ltoa(p, pid));

    if (r->ctx.server_exe == NULL || other == NULL) {
        return -1;
    }
    return strcmp(r->ctx.server_exe, other) == 0;
}

/* The pid in the PidFile when that process exists, else 0.  The same
 * test as ap_signal_server(): a pid file naming this process is stale. */
long
pf_apache_pidfile_pid(apr_pool_t *p)
{
    pid_t      pid;
    apr_proc_t proc;

    if (ap_pid_fname == NULL || ap_read_pid(p, ap_pid_fname, &pid)
                                != APR_SUCCESS)
    {
        return 0;
    }
    memset(&proc, 0, sizeof(proc));
    proc.pid = pid;
    if (pid <= 0 || pid == getpid() || apr_proc_kill(&proc, 0)
                                       != APR_SUCCESS)
    {
        return 0;
    }
    return (long) pid;
}

/* Our own command line as the kernel has it (Linux /proc), its words
 * NUL-separated up to *end; NULL elsewhere.  ap_mpm_rewrite_args()
 * removes -k from process->argv, and httpd keeps only the name it
 * resolved -f to. */
static const char *
pf_apache_cmdline(apr_pool_t *p, const char **end)
{
    apr_file_t *f;
    char       *buf = apr_palloc(p, 4096);
    apr_size_t  n = 4095;

    if (apr_file_open(&f, "/proc/self/cmdline", APR_FOPEN_READ,
                      APR_OS_DEFAULT, p) != APR_SUCCESS)
    {
        return NULL;
    }
    if (apr_file_read_full(f, buf, n, &n) != APR_SUCCESS && n == 0) {
        apr_file_close(f);
        return NULL;
    }
    apr_file_close(f);
    buf[n] = '\0';
    *end = buf + n;
    return buf;
}

/* -k stop or -k graceful-stop in our own command line. */
static int
pf_apache_is_stopping(apr_pool_t *p)
{
    const char *a, *end, *k;
    int         after_k = 0;

    for (a = pf_apache_cmdline(p, &end); a != NULL && a < end;
         a += strlen(a) + 1)
    {
        k = after_k ? a : strncmp(a, "-k", 2) == 0 ? a + 2 : NULL;
        after_k = strcmp(a, "-k") == 0;
        if (k != NULL && (strcmp(k, "stop") == 0
                          || strcmp(k, "graceful-stop") == 0))
        {
            return 1;
        }
    }
    return 0;
}

long
pf_apache_signaller(apr_pool_t *p)
{
    long pid = pf_apache_pidfile_pid(p);

    if (pid > 0) {
        return pid;
    }
    return pf_apache_is_stopping(p) ? (long) getpid() : 0;
}

/* The -f of our own command line, as written ("-f PATH", "-fPATH"):
 * children of an older generation carry the parent's command line,
 * spelled the same way. */
static const char *
pf_apache_conf_arg(apr_pool_t *p)
{
    const char *a, *end;

    for (a = pf_apache_cmdline(p, &end); a != NULL && a < end;
         a += strlen(a) + 1)
    {
        if (strcmp(a, "-f") == 0 && a + 3 < end) {
            return a + 3;
        }
        if (strncmp(a, "-f", 2) == 0 && a[2] != '\0') {
            return a + 2;
        }
    }
    return NULL;
}

int
pf_apache_add_self(pf_report_t *r, apr_pool_t *p)
{
    long        pid;
    const char *conf;

    if (pf_report_add_self_pid(r, (long) getpid()) != PF_OK) {
        return PF_ENOMEM;
    }
    /* at a graceful restart this process is the parent: its children
     * are the old generation, draining their connections */
    r->ctx.own_pid = (long) getpid();
    conf = pf_apache_conf_arg(p);
    if (conf != NULL) {
        r->ctx.server_conf = pf_pstrdup(r->pool, conf);
    }
    pid = (long) getppid();
    if (pid > 1 && pf_apache_same_exe(p, r, pid) == 1
        && pf_report_add_self_pid(r, pid) != PF_OK)
    {
        return PF_ENOMEM;
    }
    pid = pf_apache_pidfile_pid(p);
    if (pid > 0 && pf_report_add_self_pid(r, pid) != PF_OK) {
        return PF_ENOMEM;
    }
    return PF_OK;
}

/* Httpd loads the module at every start: the core is opened only once a
 * port failed (core/src/unix/pf_unix_lazy.h). */
const pf_host_core_t *
pf_apache_core(void)
{
    return &pf_lazy_host;
}

/* No event log here: start-up lines go to stderr. */
int
pf_apache_log_event(const char *tag, const char *line, size_t len)
{
    (void) tag;
    (void) line;
    (void) len;
    return 0;
}
