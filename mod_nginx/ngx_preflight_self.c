/*
 * This nginx: the processes whose sockets are its own.  Here is what only
 * nginx knows (its pid files, its nginx.conf, whether it inherited its
 * sockets); reading a pid file and asking the system is the core's
 * (pf_self_*, preflight.h).  Built for Unix and for Windows alike; the
 * one thing that differs is ngx_preflight_self_unix.c /
 * ngx_preflight_self_win.c.
 */

#include <ngx_config.h>
#include <ngx_core.h>

#include "ngx_preflight.h"


static ngx_core_conf_t *
ngx_preflight_core_conf(ngx_cycle_t *cycle)
{
    return (ngx_core_conf_t *) ngx_get_conf(cycle->conf_ctx, ngx_core_module);
}


/*
 * This nginx: this process, the master named by the pid file (the one a
 * "nginx -t" or a second start would collide with), the old master of a
 * binary upgrade (the .oldbin pid file, and our parent when sockets were
 * inherited).  pf_report counts their children (the workers) as well.
 */

ngx_int_t
ngx_preflight_add_self(ngx_cycle_t *cycle, pf_report_t *r)
{
    pf_self_t         self;
    ngx_core_conf_t  *ccf;

    ngx_memzero(&self, sizeof(pf_self_t));

    /* on a reload this process is the master: its children hold the
     * sockets of the cycle before, and a holder running this binary with
     * this nginx.conf is what is left of an nginx just stopped */
    self.conf = pf_pstrndup(r->pool, (char *) cycle->conf_file.data,
                            cycle->conf_file.len);

    if (ngx_inherited) {
        self.parent = pf_self_parent();
    }

    ccf = ngx_preflight_core_conf(cycle);

    if (ccf != NULL) {
        self.pid_file = pf_pstrndup(r->pool, (char *) ccf->pid.data,
                                    ccf->pid.len);
        self.old_pid_file = pf_pstrndup(r->pool, (char *) ccf->oldpid.data,
                                        ccf->oldpid.len);
    }

    return pf_self_add(r, &self) == PF_OK ? NGX_OK : NGX_ERROR;
}


/* The master named by the pid file, when it runs (and is not this
 * process: on a reload the master reads its own pid): an nginx of this
 * configuration, whose ports a "nginx -t" finds taken. */

long
ngx_preflight_running(ngx_cycle_t *cycle)
{
    ngx_core_conf_t  *ccf;

    ccf = ngx_preflight_core_conf(cycle);

    if (ccf == NULL) {
        return 0;
    }

    return pf_self_running((char *) ccf->pid.data, ccf->pid.len);
}
