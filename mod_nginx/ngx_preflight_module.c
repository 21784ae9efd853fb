/*
 * ngx_preflight_module: before nginx binds its listen sockets, find out
 * which of them cannot be bound, and why, and say so in nginx's own log.
 *
 * A CORE module's init_conf runs in ngx_init_cycle() after the whole
 * configuration is parsed (cycle->listening is filled by the http, stream
 * and mail blocks) and before ngx_open_listening_sockets(), which would
 * otherwise retry bind() five times over two seconds and then only say
 * "Address already in use".
 *
 *   preflight               on | off;                 (default on)
 *   preflight_on_conflict   warn | fail;              (default warn)
 *   preflight_remedy        none | suggest | apply;   (default suggest)
 *   preflight_remedy_allow  NAME ...;
 *
 * With "nginx -t" a conflict is always a warning: nginx itself ignores
 * EADDRINUSE there, and a config test must not fail because the server
 * it tests is running.  An internal failure of the check is a warning
 * too: the check never stops an nginx that would have started.
 */

#include <ngx_config.h>
#include <ngx_core.h>

#include "ngx_preflight.h"


static void *pf_ngx_create_conf(ngx_cycle_t *cycle);
static char *pf_ngx_init_conf(ngx_cycle_t *cycle, void *conf);
static char *pf_ngx_set_allow(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);


static ngx_conf_enum_t  pf_ngx_on_conflict[] = {
    { ngx_string("warn"), PF_NGX_WARN },
    { ngx_string("fail"), PF_NGX_FAIL },
    { ngx_null_string, 0 }
};


static ngx_conf_enum_t  pf_ngx_remedy_modes[] = {
    { ngx_string("none"), PF_REMEDY_MODE_NONE },
    { ngx_string("suggest"), PF_REMEDY_MODE_SUGGEST },
    { ngx_string("apply"), PF_REMEDY_MODE_APPLY },
    { ngx_null_string, 0 }
};


static ngx_command_t  pf_ngx_commands[] = {

    { ngx_string("preflight"),
      NGX_MAIN_CONF|NGX_DIRECT_CONF|NGX_CONF_FLAG,
      ngx_conf_set_flag_slot,
      0,
      offsetof(pf_ngx_conf_t, enable),
      NULL },

    { ngx_string("preflight_on_conflict"),
      NGX_MAIN_CONF|NGX_DIRECT_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_enum_slot,
      0,
      offsetof(pf_ngx_conf_t, on_conflict),
      &pf_ngx_on_conflict },

    { ngx_string("preflight_remedy"),
      NGX_MAIN_CONF|NGX_DIRECT_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_enum_slot,
      0,
      offsetof(pf_ngx_conf_t, remedy),
      &pf_ngx_remedy_modes },

    { ngx_string("preflight_remedy_allow"),
      NGX_MAIN_CONF|NGX_DIRECT_CONF|NGX_CONF_1MORE,
      pf_ngx_set_allow,
      0,
      0,
      NULL },

      ngx_null_command
};


static ngx_core_module_t  pf_ngx_module_ctx = {
    ngx_string("preflight"),
    pf_ngx_create_conf,
    pf_ngx_init_conf
};


ngx_module_t  ngx_preflight_module = {
    NGX_MODULE_V1,
    &pf_ngx_module_ctx,                    /* module context */
    pf_ngx_commands,                       /* module directives */
    NGX_CORE_MODULE,                       /* module type */
    NULL,                                  /* init master */
    NULL,                                  /* init module */
    NULL,                                  /* init process */
    NULL,                                  /* init thread */
    NULL,                                  /* exit thread */
    NULL,                                  /* exit process */
    NULL,                                  /* exit master */
    NGX_MODULE_V1_PADDING
};


static void *
pf_ngx_create_conf(ngx_cycle_t *cycle)
{
    pf_ngx_conf_t  *pcf;

    pcf = ngx_pcalloc(cycle->pool, sizeof(pf_ngx_conf_t));
    if (pcf == NULL) {
        return NULL;
    }

    pcf->enable = NGX_CONF_UNSET;
    pcf->on_conflict = NGX_CONF_UNSET_UINT;
    pcf->remedy = NGX_CONF_UNSET_UINT;

    return pcf;
}


static char *
pf_ngx_set_allow(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    pf_ngx_conf_t  *pcf = conf;

    ngx_str_t   *value, *name;
    ngx_uint_t   i;

    if (pcf->allow == NULL) {
        pcf->allow = ngx_array_create(cf->pool, 4, sizeof(ngx_str_t));
        if (pcf->allow == NULL) {
            return NGX_CONF_ERROR;
        }
    }

    value = cf->args->elts;

    for (i = 1; i < cf->args->nelts; i++) {
        name = ngx_array_push(pcf->allow);
        if (name == NULL) {
            return NGX_CONF_ERROR;
        }

        *name = value[i];
    }

    return NGX_CONF_OK;
}


static char *
pf_ngx_init_conf(ngx_cycle_t *cycle, void *conf)
{
    pf_ngx_conf_t  *pcf = conf;

    ngx_int_t     rc;
    pf_ngx_log_t  lg;

    ngx_conf_init_value(pcf->enable, 1);
    ngx_conf_init_uint_value(pcf->on_conflict, PF_NGX_WARN);
    ngx_conf_init_uint_value(pcf->remedy, PF_REMEDY_MODE_SUGGEST);

    /*
     * "nginx -s reload|stop|..." parses the configuration too, while the
     * running nginx holds every port: nothing to check there.  Neither
     * in a worker of nginx for Windows, which reads the configuration
     * again next to its master's sockets (elsewhere a worker never
     * reads it).
     */

    if (!pcf->enable || ngx_process == NGX_PROCESS_SIGNALLER
        || ngx_process == NGX_PROCESS_WORKER)
    {
        return NGX_CONF_OK;
    }

    pf_ngx_log_init(&lg, cycle);

    rc = pf_ngx_run(cycle, pcf, &lg);

    if (rc == NGX_DECLINED
        && pcf->on_conflict == PF_NGX_FAIL
        && !ngx_test_config)
    {
        if (ngx_is_init_cycle(cycle->old_cycle)) {
            pf_ngx_log(&lg, NGX_LOG_EMERG,
                       "preflight: not starting: a listen address "
                       "cannot be bound (preflight_on_conflict fail)");

        } else {
            pf_ngx_log(&lg, NGX_LOG_EMERG,
                       "preflight: not reloading, the running "
                       "configuration stays: a new listen address "
                       "cannot be bound (preflight_on_conflict fail)");
        }

        pf_ngx_log_close(&lg);
        return NGX_CONF_ERROR;
    }

    pf_ngx_log_close(&lg);
    return NGX_CONF_OK;
}
