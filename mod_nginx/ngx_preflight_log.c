/*
 * Where the explanation goes: where nginx's own "bind() ... failed" goes.
 *
 * init_conf runs before ngx_init_cycle() opens the new cycle's files, so
 * cycle->log is still the old cycle's log: at a first start the log of
 * ngx_log_init(), which is the -e file or the compiled-in path (Debian's
 * nginx: stderr, which its init script sends to /dev/null).  The error
 * logs the configuration names (cycle->new_log) are opened by nginx only
 * after every init_conf, and a refusing init_conf means never.  So on the
 * failure path, and only there, the module opens them itself, as nginx
 * would (append, create), and writes each line there as well; a file the
 * current log already writes to is written once.
 */

#include <ngx_config.h>
#include <ngx_core.h>

#include "ngx_preflight.h"


/* A file the log chain already writes to (same device and inode). */

static ngx_uint_t
pf_ngx_log_has(ngx_log_t *log, ngx_file_info_t *fi)
{
    ngx_file_info_t  cur;

    for ( /* void */ ; log != NULL; log = log->next) {
        if (log->writer != NULL || log->file == NULL
            || log->file->fd == NGX_INVALID_FILE
            || ngx_fd_info(log->file->fd, &cur) == NGX_FILE_ERROR)
        {
            continue;
        }

        if (pf_ngx_same_file(&cur, fi)) {
            return 1;
        }
    }

    return 0;
}


static void
pf_ngx_log_add(pf_ngx_log_t *lg, ngx_str_t *name, ngx_uint_t level)
{
    ngx_fd_t          fd;
    ngx_uint_t        i;
    ngx_file_info_t   fi;
    pf_ngx_log_file_t  *x;

    if (lg->nfiles == PF_NGX_LOG_FILES || name->len == 0) {
        return;
    }

    /* nginx reports a log it cannot open itself, a moment later */

    fd = ngx_open_file(name->data, NGX_FILE_APPEND, NGX_FILE_CREATE_OR_OPEN,
                       NGX_FILE_DEFAULT_ACCESS);
    if (fd == NGX_INVALID_FILE) {
        return;
    }

    if (ngx_fd_info(fd, &fi) == NGX_FILE_ERROR
        || pf_ngx_log_has(lg->cycle->log, &fi))
    {
        (void) ngx_close_file(fd);
        return;
    }

    for (i = 0; i < lg->nfiles; i++) {
        if (pf_ngx_log_has(&lg->files[i].log, &fi)) {
            /* two error_log lines, one file: the more verbose level */
            if (lg->files[i].log.log_level < level) {
                lg->files[i].log.log_level = level;
            }

            (void) ngx_close_file(fd);
            return;
        }
    }

    x = &lg->files[lg->nfiles++];
    ngx_memzero(x, sizeof(pf_ngx_log_file_t));
    x->file.fd = fd;
    x->file.name = *name;
    x->log.file = &x->file;
    x->log.log_level = level;
}


/* The configuration's file logs that nginx has not opened yet. */

static void
pf_ngx_log_open(pf_ngx_log_t *lg)
{
    ngx_str_t     name;
    ngx_log_t    *log;
    ngx_cycle_t  *cycle;

    lg->opened = 1;
    cycle = lg->cycle;

    /* "nginx -t" and "-s" start nothing: their reader is the terminal */

    if (ngx_test_config || ngx_process == NGX_PROCESS_SIGNALLER) {
        return;
    }

    /* no error_log with a file: ngx_log_open_default() will open -e's or
     * the compiled-in one, at "error" */

    if (ngx_log_get_file_log(&cycle->new_log) == NULL
        && cycle->error_log.len > 0)
    {
        name = cycle->error_log;

        if (ngx_conf_full_name(cycle, &name, 0) == NGX_OK) {
            pf_ngx_log_add(lg, &name, NGX_LOG_ERR);
        }
    }

    for (log = &cycle->new_log; log != NULL; log = log->next) {
        /* syslog and memory writers are left to nginx */
        if (log->writer == NULL && log->file != NULL
            && log->file->fd == NGX_INVALID_FILE)
        {
            pf_ngx_log_add(lg, &log->file->name, log->log_level);
        }
    }
}


void
pf_ngx_log_init(pf_ngx_log_t *lg, ngx_cycle_t *cycle)
{
    lg->cycle = cycle;
    lg->opened = 0;
    lg->nfiles = 0;
}


void
pf_ngx_log(pf_ngx_log_t *lg, ngx_uint_t level, const char *fmt, ...)
{
    u_char      buf[NGX_MAX_ERROR_STR], *p;
    va_list     args;
    ngx_uint_t  i, use_stderr;

    va_start(args, fmt);
    p = ngx_vslprintf(buf, buf + sizeof(buf), fmt, args);
    va_end(args);

    ngx_log_error(level, lg->cycle->log, 0, "%*s", (size_t) (p - buf), buf);

    if (!lg->opened) {
        pf_ngx_log_open(lg);
    }

    /* stderr had the line above already */

    use_stderr = ngx_use_stderr;
    ngx_use_stderr = 0;

    for (i = 0; i < lg->nfiles; i++) {
        ngx_log_error(level, &lg->files[i].log, 0, "%*s",
                      (size_t) (p - buf), buf);
    }

    ngx_use_stderr = use_stderr;
}


void
pf_ngx_log_close(pf_ngx_log_t *lg)
{
    ngx_uint_t  i;

    for (i = 0; i < lg->nfiles; i++) {
        (void) ngx_close_file(lg->files[i].file.fd);
    }

    lg->nfiles = 0;
}
