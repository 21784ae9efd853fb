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
pf_ngx_read_pid(ngx_str_t *path)
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
pf_ngx_add_self(ngx_cycle_t *cycle, pf_report_t *r)
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

    pid = pf_ngx_read_pid(&ccf->pid);
    if (pid > 0 && pid != (long) ngx_getpid()
        && pf_report_add_self_pid(r, pid) != PF_OK)
    {
        return NGX_ERROR;
    }

    return NGX_OK;
}


/* This nginx.exe, as Windows names it. */

void
pf_ngx_set_exe(pf_report_t *r)
{
    WCHAR   wbuf[MAX_PATH + 1];
    DWORD   n;
    int     len;
    char   *buf;

    n = GetModuleFileNameW(NULL, wbuf, MAX_PATH + 1);
    if (n > 0 && n <= MAX_PATH) {
        len = WideCharToMultiByte(CP_UTF8, 0, wbuf, (int) n, NULL, 0,
                                  NULL, NULL);
        buf = len > 0 ? pf_palloc(r->pool, (size_t) len + 1) : NULL;
        if (buf != NULL) {
            WideCharToMultiByte(CP_UTF8, 0, wbuf, (int) n, buf, len,
                                NULL, NULL);
            buf[len] = '\0';
            r->ctx.server_exe = buf;
            return;
        }
    }

    r->ctx.server_exe = pf_server_default_exe(PF_SERVER_NGINX);
}


/* No "user" switch on Windows: nginx runs as whoever started it. */

int
pf_ngx_is_root(void)
{
    return 0;
}


/* The same file: volume and file index. */

ngx_uint_t
pf_ngx_same_file(ngx_file_info_t *a, ngx_file_info_t *b)
{
    return ngx_file_uniq(a) == ngx_file_uniq(b)
           && a->dwVolumeSerialNumber == b->dwVolumeSerialNumber;
}
