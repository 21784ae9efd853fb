/*
 * This nginx: the processes whose sockets are its own, and its binary.
 */

#include <ngx_config.h>
#include <ngx_core.h>

#include "ngx_preflight.h"


/* The pid in a pid file, or 0. */

static long
pf_ngx_read_pid(ngx_str_t *path)
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
pf_ngx_add_self(ngx_cycle_t *cycle, pf_report_t *r)
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

    pid = pf_ngx_read_pid(&ccf->pid);
    if (pid > 0 && pf_report_add_self_pid(r, pid) != PF_OK) {
        return NGX_ERROR;
    }

    pid = pf_ngx_read_pid(&ccf->oldpid);
    if (pid > 0 && pf_report_add_self_pid(r, pid) != PF_OK) {
        return NGX_ERROR;
    }

    return NGX_OK;
}


/* The binary a setcap remedy names: this nginx, as it was started. */

void
pf_ngx_set_exe(pf_report_t *r)
{
    char  path[NGX_MAX_PATH];

    if (ngx_argv != NULL && ngx_argv[0] != NULL
        && ngx_strchr(ngx_argv[0], '/') != NULL
        && realpath(ngx_argv[0], path) != NULL)
    {
        r->ctx.server_exe = pf_pstrdup(r->pool, path);
        return;
    }

    r->ctx.server_exe = pf_server_default_exe(PF_SERVER_NGINX);
    if (r->ctx.server_exe == NULL) {
        r->ctx.server_exe = "/usr/sbin/nginx";
    }
}


/* Whether nginx runs as root (it then switches to its "user"). */

int
pf_ngx_is_root(void)
{
    return geteuid() == 0;
}


/* The same file: device and inode. */

ngx_uint_t
pf_ngx_same_file(ngx_file_info_t *a, ngx_file_info_t *b)
{
    return ngx_file_uniq(a) == ngx_file_uniq(b) && a->st_dev == b->st_dev;
}
