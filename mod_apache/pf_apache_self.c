/*
 * Who "this httpd" is, so that a port it holds itself is never reported
 * as a conflict: this process, its parent when that is httpd too, and the
 * httpd named by the PidFile (the running server that `apache2 -k
 * graceful|restart|stop` talks to).  Here is what only httpd knows: its
 * PidFile, its -f and -k; reading a pid file and asking the system is the
 * core's (pf_self_*, preflight.h).  The rest differs by platform:
 * pf_apache_self_unix.c, pf_apache_self_win.c (mpm_winnt).
 */
#include <string.h>

#include "httpd.h"
#include "http_main.h"
#include "mpm_common.h"

#include "pf_apache.h"

/* The PidFile where httpd's ap_read_pid() looks for it, or NULL. */
static const char *
pf_apache_pid_path(apr_pool_t *p)
{
    return ap_pid_fname != NULL ? ap_runtime_dir_relative(p, ap_pid_fname)
                                : NULL;
}

long
pf_apache_pidfile_pid(apr_pool_t *p)
{
    const char *path = pf_apache_pid_path(p);

    return path != NULL ? pf_self_running(path, strlen(path)) : 0;
}

/* Our command line as the system keeps it: ap_mpm_rewrite_args()
 * removes -k from process->argv, and httpd keeps only the name it
 * resolved -f to.  Children of an older generation carry the parent's
 * command line, -f spelled the same way. */
const char *
pf_apache_option(char *buf, char opt)
{
    size_t n = pf_self_cmdline(buf, PF_APACHE_CMDLINE_MAX);

    return pf_self_option(buf, n, opt);
}

int
pf_apache_add_self(pf_report_t *r, apr_pool_t *p)
{
    pf_self_t self;
    char      buf[PF_APACHE_CMDLINE_MAX];

    memset(&self, 0, sizeof(self));
    self.pid_file = pf_apache_pid_path(p);
    self.conf = pf_apache_option(buf, 'f');
    pf_apache_self_parent(&self);
    return pf_self_add(r, &self);
}
