/*
 * This nginx: the processes whose sockets are its own, and its binary.
 */

#include <ngx_config.h>
#include <ngx_core.h>

#include "ngx_preflight.h"


/* The pid in a pid file, or 0. */

static long
ngx_preflight_read_pid(ngx_str_t *path)
{
    u_char     buf[32], name[NGX_MAX_PATH];
    ssize_t    n;
    ngx_fd_t   fd;

    if (path->len == 0 || path->len >= sizeof(name)) {
        return 0;
    }

    ngx_cpystrn(name, path->data, path->len + 1);

    fd = ngx_open_file(name, NGX_FILE_RDONLY, NGX_FILE_OPEN, 0);
    if (fd == NGX_INVALID_FILE) {
        return 0;
    }

    n = read(fd, buf, sizeof(buf) - 1);
    (void) ngx_close_file(fd);

    if (n <= 0) {
        return 0;
    }

    buf[n] = '\0';

    return strtol((char *) buf, NULL, 10);
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
    long              pid;
    ngx_core_conf_t  *ccf;

    if (pf_report_add_self_pid(r, (long) ngx_getpid()) != PF_OK) {
        return NGX_ERROR;
    }

    /* on a reload this process is the master: its children hold the
     * sockets of the cycle before, and a holder running this binary with
     * this nginx.conf is what is left of an nginx just stopped */
    r->ctx.own_pid = (long) ngx_getpid();
    r->ctx.server_conf = pf_pstrndup(r->pool, (char *) cycle->conf_file.data,
                                     cycle->conf_file.len);

    if (ngx_inherited
        && pf_report_add_self_pid(r, (long) getppid()) != PF_OK)
    {
        return NGX_ERROR;
    }

    ccf = (ngx_core_conf_t *) ngx_get_conf(cycle->conf_ctx, ngx_core_module);
    if (ccf == NULL) {
        return NGX_OK;
    }

    pid = ngx_preflight_read_pid(&ccf->pid);
    if (pid > 0 && pf_report_add_self_pid(r, pid) != PF_OK) {
        return NGX_ERROR;
    }

    pid = ngx_preflight_read_pid(&ccf->oldpid);
    if (pid > 0 && pf_report_add_self_pid(r, pid) != PF_OK) {
        return NGX_ERROR;
    }

    return NGX_OK;
}


/* The master named by the pid file, when it runs (and is not this
 * process: on a reload the master reads its own pid): an nginx of this
 * configuration, whose ports a "nginx -t" finds taken. */

long
ngx_preflight_running(ngx_cycle_t *cycle)
{
    long              pid;
    ngx_core_conf_t  *ccf;

    ccf = (ngx_core_conf_t *) ngx_get_conf(cycle->conf_ctx, ngx_core_module);
    if (ccf == NULL) {
        return 0;
    }

    pid = ngx_preflight_read_pid(&ccf->pid);

    if (pid <= 0 || pid == (long) ngx_getpid()
        || (kill((pid_t) pid, 0) == -1 && ngx_errno != NGX_EPERM))
    {
        return 0;
    }

    return pid;
}


/* The same file: device and inode. */

ngx_uint_t
ngx_preflight_same_file(ngx_file_info_t *a, ngx_file_info_t *b)
{
    return ngx_file_uniq(a) == ngx_file_uniq(b) && a->st_dev == b->st_dev;
}
