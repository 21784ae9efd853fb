/*
 * Who "this httpd" is, the Unix part (pf_apache_self.c has the common
 * one): the prefork, worker and event MPMs, and the lazy core.
 */
#include <string.h>

#include "httpd.h"

#include "pf_apache.h"

/* at a graceful restart the parent is the one that checks; a parent
 * running httpd too is this server (not init, a shell, systemd) */
void
pf_apache_self_parent(pf_self_t *self)
{
    self->parent_if_same_exe = 1;
}

long
pf_apache_signaller(apr_pool_t *p)
{
    long        pid = pf_apache_pidfile_pid(p);
    const char *k;
    char        buf[PF_APACHE_CMDLINE_MAX];

    if (pid > 0) {
        return pid;
    }
    k = pf_apache_option(buf, 'k');
    return k != NULL && (strcmp(k, "stop") == 0
                         || strcmp(k, "graceful-stop") == 0)
           ? pf_self_pid() : 0;
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
