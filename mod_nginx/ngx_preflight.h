/*
 * ngx_preflight_module's parts: the module (directives, init_conf), the
 * targets from cycle->listening, this nginx's own processes, and the check
 * that runs the core's report and logs it.
 */
#ifndef NGX_PREFLIGHT_H
#define NGX_PREFLIGHT_H

#include <ngx_config.h>
#include <ngx_core.h>

#include <preflight.h>


#define PF_NGX_WARN  0
#define PF_NGX_FAIL  1


typedef struct {
    ngx_flag_t    enable;
    ngx_uint_t    on_conflict;
    ngx_uint_t    remedy;
    ngx_array_t  *allow;             /* ngx_str_t */
} pf_ngx_conf_t;


/* ngx_preflight_log.c: the explanation in cycle->log and, on a real start
 * or reload, also in the configuration's error logs nginx has not opened
 * yet (opened at the first line, closed by pf_ngx_log_close) */
#define PF_NGX_LOG_FILES  8

typedef struct {
    ngx_log_t        log;
    ngx_open_file_t  file;
} pf_ngx_log_file_t;

typedef struct {
    ngx_cycle_t        *cycle;
    ngx_uint_t          opened;
    ngx_uint_t          nfiles;
    pf_ngx_log_file_t   files[PF_NGX_LOG_FILES];
} pf_ngx_log_t;

void pf_ngx_log_init(pf_ngx_log_t *lg, ngx_cycle_t *cycle);
void pf_ngx_log(pf_ngx_log_t *lg, ngx_uint_t level, const char *fmt, ...);
void pf_ngx_log_close(pf_ngx_log_t *lg);


/* ngx_preflight_targets.c: one target per listen socket nginx will open;
 * NGX_OK when each of them binds, asked before any report is made */
ngx_int_t pf_ngx_add_targets(ngx_cycle_t *cycle, pf_report_t *r);
ngx_int_t pf_ngx_probe_fast(ngx_cycle_t *cycle);
/* on the failure path: each target's "file:line" from the core's parser */
ngx_int_t pf_ngx_add_sources(ngx_cycle_t *cycle, pf_report_t *r);

/* ngx_preflight_self.c: who "this nginx" is */
ngx_int_t pf_ngx_add_self(ngx_cycle_t *cycle, pf_report_t *r);
void pf_ngx_set_exe(pf_report_t *r);
int pf_ngx_is_root(void);
ngx_uint_t pf_ngx_same_file(ngx_file_info_t *a, ngx_file_info_t *b);

/* ngx_preflight_check.c: NGX_OK every port can be bound, NGX_DECLINED a
 * conflict; an internal failure is logged and counts as NGX_OK */
ngx_int_t pf_ngx_run(ngx_cycle_t *cycle, pf_ngx_conf_t *pcf,
    pf_ngx_log_t *lg);


#endif /* NGX_PREFLIGHT_H */
