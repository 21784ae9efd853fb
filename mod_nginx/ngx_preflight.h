/*
 * ngx_preflight_module's parts: the module (directives, init_conf), the
 * targets from cycle->listening, this nginx's own processes, and the
 * logger; what to say is the core's (preflight.h, the host interface).
 */
#ifndef NGX_PREFLIGHT_H
#define NGX_PREFLIGHT_H

#include <ngx_config.h>
#include <ngx_core.h>

#include <preflight.h>


typedef struct {
    ngx_flag_t    enable;
    ngx_uint_t    on_conflict;       /* pf_on_conflict_t */
    ngx_uint_t    remedy;            /* pf_remedy_mode_t */
    ngx_array_t  *allow;             /* char *, NUL-terminated */
} ngx_preflight_conf_t;


/* ngx_preflight_log.c: the explanation in cycle->log and, on a real start
 * or reload, also in the configuration's error logs nginx has not opened
 * yet (opened at the first line, closed by ngx_preflight_log_close) */
#define NGX_PREFLIGHT_LOG_FILES  8

typedef struct {
    ngx_log_t        log;
    ngx_open_file_t  file;
} ngx_preflight_log_file_t;

typedef struct {
    ngx_cycle_t               *cycle;
    ngx_uint_t                 opened;
    ngx_uint_t                 nfiles;
    ngx_preflight_log_file_t   files[NGX_PREFLIGHT_LOG_FILES];
} ngx_preflight_log_t;

void ngx_preflight_log_init(ngx_preflight_log_t *lg, ngx_cycle_t *cycle);
void ngx_preflight_log(void *data, pf_log_level_t level, pf_host_msg_t msg,
    const char *line);
void ngx_preflight_log_close(ngx_preflight_log_t *lg);


/* ngx_preflight_targets.c: the listen sockets nginx will open as the
 * core's host sockets; NGX_OK when each of them binds (kept ones handed
 * to nginx), asked before any report is made; their targets */
ngx_int_t ngx_preflight_sockets(ngx_cycle_t *cycle, pf_host_sockets_t *set);
ngx_int_t ngx_preflight_probe_fast(ngx_cycle_t *cycle, pf_host_sockets_t *set);
ngx_int_t ngx_preflight_add_targets(ngx_cycle_t *cycle, pf_host_sockets_t *set,
    pf_report_t *r);

/* ngx_preflight_self.c: who "this nginx" is, on the failure path */
ngx_int_t ngx_preflight_add_self(ngx_cycle_t *cycle, pf_report_t *r);
long ngx_preflight_running(ngx_cycle_t *cycle);
/* the same file (ngx_preflight_log.c: a log nginx writes already) */
ngx_uint_t ngx_preflight_same_file(ngx_file_info_t *a, ngx_file_info_t *b);

/* ngx_preflight_check.c: NGX_OK nginx goes on (every port can be bound,
 * or preflight_on_conflict warn), NGX_DECLINED it must not start */
ngx_int_t ngx_preflight_run(ngx_cycle_t *cycle, ngx_preflight_conf_t *pcf);


#endif /* NGX_PREFLIGHT_H */
