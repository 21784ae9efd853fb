/*
 * This nginx, for nginx for Windows (built with ngx_preflight_module
 * compiled in: nginx has no dynamic modules on Windows), instead of
 * ngx_preflight_self.c.
 *
 * nginx for Windows runs a master and workers; a worker is a new process
 * (ngx_unique in its environment makes it one, src/os/win32/
 * ngx_win32_init.c) that reads the whole configuration again and opens
 * the listening sockets next to its master's (both with SO_REUSEADDR).
 * Its probe, without SO_REUSEADDR, finds the port its master holds: the
 * module does not check in a worker (ngx_preflight_module.c).
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
    ngx_file_t file;

    if (path->len == 0 || path->len >= sizeof(name)) {
        return 0;
    }

    ngx_cpystrn(name, path->data, path->len + 1);
    ngx_memzero(&file, sizeof(ngx_file_t));
    file.name.data = name;
    file.name.len = path->len;
    file.log = ngx_cycle->log;

    file.fd = ngx_open_file(name, NGX_FILE_RDONLY, NGX_FILE_OPEN, 0);
    if (file.fd == NGX_INVALID_FILE) {
        return 0;
    }

    n = ngx_read_file(&file, buf, sizeof(buf) - 1, 0);
    (void) ngx_close_file(file.fd);

    if (n <= 0) {
        return 0;
    }

    buf[n] = '\0';

    return strtol((char *) buf, NULL, 10);
}


/* This process, and the master named by the pid file (the one a second
 * start would collide with); pf_report counts its workers as well. */

ngx_int_t
ngx_preflight_add_self(ngx_cycle_t *cycle, pf_report_t *r)
{
    long              pid;
    ngx_core_conf_t  *ccf;

    if (pf_report_add_self_pid(r, (long) ngx_getpid()) != PF_OK) {
        return NGX_ERROR;
    }

    r->ctx.own_pid = (long) ngx_getpid();
    r->ctx.server_conf = pf_pstrndup(r->pool, (char *) cycle->conf_file.data,
                                     cycle->conf_file.len);

    ccf = (ngx_core_conf_t *) ngx_get_conf(cycle->conf_ctx, ngx_core_module);
    if (ccf == NULL) {
        return NGX_OK;
    }

    pid = ngx_preflight_read_pid(&ccf->pid);
    if (pid > 0 && pid != (long) ngx_getpid()
        && pf_report_add_self_pid(r, pid) != PF_OK)
    {
        return NGX_ERROR;
    }

    return NGX_OK;
}


/* The master named by the pid file, when it runs (and is not this
 * process): an nginx of this configuration, whose ports a "nginx -t"
 * finds taken. */

long
ngx_preflight_running(ngx_cycle_t *cycle)
{
    long              pid;
    DWORD             code = 0;
    HANDLE            h;
    ngx_core_conf_t  *ccf;

    ccf = (ngx_core_conf_t *) ngx_get_conf(cycle->conf_ctx, ngx_core_module);
    if (ccf == NULL) {
        return 0;
    }

    pid = ngx_preflight_read_pid(&ccf->pid);
    if (pid <= 0 || pid == (long) ngx_getpid()) {
        return 0;
    }

    h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD) pid);
    if (h == NULL) {
        /* access denied: it exists */
        return GetLastError() == ERROR_ACCESS_DENIED ? pid : 0;
    }

    if (!GetExitCodeProcess(h, &code)) {
        code = STILL_ACTIVE;
    }

    CloseHandle(h);

    return code == STILL_ACTIVE ? pid : 0;
}


/* The same file: volume and file index. */

ngx_uint_t
ngx_preflight_same_file(ngx_file_info_t *a, ngx_file_info_t *b)
{
    return ngx_file_uniq(a) == ngx_file_uniq(b)
           && a->dwVolumeSerialNumber == b->dwVolumeSerialNumber;
}
