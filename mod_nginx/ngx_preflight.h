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


/* ngx_preflight_targets.c: one target per listen socket nginx will open;
 * NGX_OK when each of them binds, asked before any report is made */
ngx_int_t pf_ngx_add_targets(ngx_cycle_t *cycle, pf_report_t *r);
ngx_int_t pf_ngx_probe_fast(ngx_cycle_t *cycle);

/* ngx_preflight_self.c: who "this nginx" is */
ngx_int_t pf_ngx_add_self(ngx_cycle_t *cycle, pf_report_t *r);
void pf_ngx_set_exe(pf_report_t *r);

/* ngx_preflight_check.c: NGX_OK every port can be bound, NGX_DECLINED a
 * conflict; an internal failure is logged and counts as NGX_OK */
ngx_int_t pf_ngx_run(ngx_cycle_t *cycle, pf_ngx_conf_t *pcf);


#endif /* NGX_PREFLIGHT_H */
