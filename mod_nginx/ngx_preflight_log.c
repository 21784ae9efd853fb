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
ngx_preflight_log_has(ngx_log_t *log, ngx_file_info_t *fi)
{
    ngx_file_info_t  cur;

    for ( /* void */ ; log != NULL; log = log->next) {
        if (log->writer != NULL || log->file == NULL
            || log->file->fd == NGX_INVALID_FILE
            || ngx_fd_info(log->file->fd, &cur) == NGX_FILE_ERROR)
        {
            continue;
        }

        if (ngx_preflight_same_file(&cur, fi)) {
            return 1;
        }
    }

    return 0;
}


static void
ngx_preflight_log_add(ngx_preflight_log_t *lg, ngx_str_t *name, ngx_uint_t level)
{
    ngx_fd_t          fd;
    ngx_uint_t        i;
    ngx_file_info_t   fi;
    ngx_preflight_log_file_t  *x;

    if (lg->nfiles == NGX_PREFLIGHT_LOG_FILES || name->len == 0) {
        return;
    }

    /* nginx reports a log it cannot open itself, a moment later */

    fd = ngx_open_file(name->data, NGX_FILE_APPEND, NGX_FILE_CREATE_OR_OPEN,
                       NGX_FILE_DEFAULT_ACCESS);
    if (fd == NGX_INVALID_FILE) {
        return;
    }

    if (ngx_fd_info(fd, &fi) == NGX_FILE_ERROR
        || ngx_preflight_log_has(lg->cycle->log, &fi))
    {
        (void) ngx_close_file(fd);
        return;
    }

    for (i = 0; i < lg->nfiles; i++) {
        if (ngx_preflight_log_has(&lg->files[i].log, &fi)) {
            /* two error_log lines, one file: the more verbose level */
            if (lg->files[i].log.log_level < level) {
                lg->files[i].log.log_level = level;
            }

            (void) ngx_close_file(fd);
            return;
        }
    }

    x = &lg->files[lg->nfiles++];
    ngx_memzero(x, sizeof(ngx_preflight_log_file_t));
    x->file.fd = fd;
    x->file.name = *name;
    x->log.file = &x->file;
    x->log.log_level = level;
}


/* The configuration's file logs that nginx has not opened yet. */

static void
ngx_preflight_log_open(ngx_preflight_log_t *lg)
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
            ngx_preflight_log_add(lg, &name, NGX_LOG_ERR);
        }
    }

    for (log = &cycle->new_log; log != NULL; log = log->next) {
        /* syslog and memory writers are left to nginx */
        if (log->writer == NULL && log->file != NULL
            && log->file->fd == NGX_INVALID_FILE)
        {
            ngx_preflight_log_add(lg, &log->file->name, log->log_level);
        }
    }
}


void
ngx_preflight_log_init(ngx_preflight_log_t *lg, ngx_cycle_t *cycle)
{
    lg->cycle = cycle;
    lg->opened = 0;
    lg->nfiles = 0;
}


static ngx_uint_t
ngx_preflight_level(pf_log_level_t level)
{
    static ngx_uint_t  levels[] = {
        NGX_LOG_EMERG, NGX_LOG_ERR, NGX_LOG_WARN, NGX_LOG_NOTICE,
        NGX_LOG_INFO, NGX_LOG_DEBUG
    };

    return (ngx_uint_t) level < sizeof(levels) / sizeof(levels[0])
           ? levels[level] : NGX_LOG_ERR;
}


/* The core's lines (pf_host_ops_t's log): data is the ngx_preflight_log_t
 * (the first member of the check's host data). */

void
ngx_preflight_log(void *data, pf_log_level_t level, pf_host_msg_t msg,
    const char *line)
{
    ngx_uint_t            i, lv, use_stderr;
    ngx_preflight_log_t  *lg = data;

    (void) msg;

    if (level == PF_LOG_DEBUG) {
        ngx_log_debug1(NGX_LOG_DEBUG_CORE, lg->cycle->log, 0, "%s", line);
        return;
    }

    lv = ngx_preflight_level(level);

    ngx_log_error(lv, lg->cycle->log, 0, "%s", line);

    if (!lg->opened) {
        ngx_preflight_log_open(lg);
    }

    /* stderr had the line above already */

    use_stderr = ngx_use_stderr;
    ngx_use_stderr = 0;

    for (i = 0; i < lg->nfiles; i++) {
        ngx_log_error(lv, &lg->files[i].log, 0, "%s", line);
    }

    ngx_use_stderr = use_stderr;
}


void
ngx_preflight_log_close(ngx_preflight_log_t *lg)
{
    ngx_uint_t  i;

    for (i = 0; i < lg->nfiles; i++) {
        (void) ngx_close_file(lg->files[i].file.fd);
    }

    lg->nfiles = 0;
}
