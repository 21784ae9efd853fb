/*
 * The check once a listen socket failed its bind test: the core's host
 * interface (pf_host_check) with nginx's table.  It logs every listen
 * address that cannot be bound, suggests or applies remedies as
 * preflight_remedy says, and decides as preflight_on_conflict says.
 */

#include <ngx_config.h>
#include <ngx_core.h>

#include "ngx_preflight.h"


typedef struct {
    ngx_preflight_log_t   log;       /* first: the logger's data */
    ngx_cycle_t          *cycle;
    pf_host_sockets_t     set;
} ngx_preflight_host_t;


/* The core's heavy steps: opened only once a port failed, where nginx
 * loads the module at every start (core/src/unix/pf_unix_lazy.h); linked
 * in on Windows. */

#if (NGX_WIN32)
#define ngx_preflight_core  pf_host_direct
#else
#define ngx_preflight_core  pf_lazy_host
#endif


static int
ngx_preflight_targets_op(void *data, pf_report_t *r)
{
    ngx_preflight_host_t  *h = data;

    return ngx_preflight_add_targets(h->cycle, &h->set, r) == NGX_OK
           ? PF_OK : PF_ENOMEM;
}


/* who this nginx is, and where each listen is, only explain a port that
 * failed */

static int
ngx_preflight_self_op(void *data, pf_report_t *r)
{
    char                  *conf, *prefix;
    ngx_preflight_host_t  *h = data;

    if (ngx_preflight_add_self(h->cycle, r) != NGX_OK) {
        return PF_ENOMEM;
    }

    conf = pf_pstrndup(r->pool, (char *) h->cycle->conf_file.data,
                       h->cycle->conf_file.len);
    prefix = pf_pstrndup(r->pool, (char *) h->cycle->prefix.data,
                         h->cycle->prefix.len);
    if (conf == NULL || prefix == NULL) {
        return PF_ENOMEM;
    }

    return pf_host_nginx_sources(&ngx_preflight_core, r, conf, prefix);
}


static long
ngx_preflight_running_op(void *data)
{
    return ngx_preflight_running(((ngx_preflight_host_t *) data)->cycle);
}


static const pf_host_ops_t  ngx_preflight_ops = {
    ngx_preflight_targets_op,
    ngx_preflight_self_op,
    ngx_preflight_running_op,
    NULL,                        /* "nginx -s" is not checked at all */
    ngx_preflight_log
};


ngx_int_t
ngx_preflight_run(ngx_cycle_t *cycle, ngx_preflight_conf_t *pcf)
{
    pf_host_result_t      res;
    pf_host_settings_t    s;
    ngx_preflight_host_t  h;

    /* a healthy start stops here: a bind test of each listen socket */

    if (ngx_preflight_sockets(cycle, &h.set) != NGX_OK) {
        ngx_log_error(NGX_LOG_WARN, cycle->log, 0,
                      "preflight: out of memory; the listen addresses "
                      "were not checked");
        return NGX_OK;           /* fail open */
    }

    if (ngx_preflight_probe_fast(cycle, &h.set) == NGX_OK) {
        (void) ngx_pfree(cycle->pool, h.set.socks);
        return NGX_OK;
    }

    pf_host_settings_init(&s, PF_SERVER_NGINX);
    s.core = &ngx_preflight_core;
    s.on_conflict = (pf_on_conflict_t) pcf->on_conflict;
    s.remedy = (pf_remedy_mode_t) pcf->remedy;

    if (pcf->allow != NULL) {
        s.allow = pcf->allow->elts;
        s.nallow = pcf->allow->nelts;
    }

    s.argv0 = ngx_argv != NULL ? ngx_argv[0] : NULL;
    s.config_test = ngx_test_config;
    s.reload = !ngx_is_init_cycle(cycle->old_cycle);

    h.cycle = cycle;
    ngx_preflight_log_init(&h.log, cycle);

    (void) pf_host_check(&ngx_preflight_ops, &h, &s, &res);

    ngx_preflight_log_close(&h.log);

    return res.refuse ? NGX_DECLINED : NGX_OK;
}
