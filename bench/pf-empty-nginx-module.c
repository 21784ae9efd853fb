/*
 * An nginx module that does nothing, with the arrays a dynamic module
 * exports: what loading any module costs a start (bench/nginx_startup.sh
 * compares ngx_preflight_module with it).
 */
#include <ngx_config.h>
#include <ngx_core.h>

static ngx_core_module_t  pf_empty_module_ctx = {
    ngx_string("pf_empty"), NULL, NULL
};

ngx_module_t  ngx_pf_empty_module = {
    NGX_MODULE_V1,
    &pf_empty_module_ctx, NULL, NGX_CORE_MODULE,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    NGX_MODULE_V1_PADDING
};

ngx_module_t  *ngx_modules[] = { &ngx_pf_empty_module, NULL };
char          *ngx_module_names[] = { "ngx_pf_empty_module", NULL };
char          *ngx_module_order[] = { NULL };
