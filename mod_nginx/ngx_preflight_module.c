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


static void *ngx_preflight_create_conf(ngx_cycle_t *cycle);
static char *ngx_preflight_init_conf(ngx_cycle_t *cycle, void *conf);
static char *ngx_preflight_set_on_conflict(ngx_conf_t *cf,
    ngx_command_t *cmd, void *conf);
static char *ngx_preflight_set_remedy(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_preflight_set_allow(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);


static ngx_command_t  ngx_preflight_commands[] = {

    { ngx_string("preflight"),
      NGX_MAIN_CONF|NGX_DIRECT_CONF|NGX_CONF_FLAG,
      ngx_conf_set_flag_slot,
      0,
      offsetof(ngx_preflight_conf_t, enable),
      NULL },

    { ngx_string("preflight_on_conflict"),
      NGX_MAIN_CONF|NGX_DIRECT_CONF|NGX_CONF_TAKE1,
      ngx_preflight_set_on_conflict,
      0,
      0,
      NULL },

    { ngx_string("preflight_remedy"),
      NGX_MAIN_CONF|NGX_DIRECT_CONF|NGX_CONF_TAKE1,
      ngx_preflight_set_remedy,
      0,
      0,
      NULL },

    { ngx_string("preflight_remedy_allow"),
      NGX_MAIN_CONF|NGX_DIRECT_CONF|NGX_CONF_1MORE,
      ngx_preflight_set_allow,
      0,
      0,
      NULL },

      ngx_null_command
};


static ngx_core_module_t  ngx_preflight_module_ctx = {
    ngx_string("preflight"),
    ngx_preflight_create_conf,
    ngx_preflight_init_conf
};


ngx_module_t  ngx_preflight_module = {
    NGX_MODULE_V1,
    &ngx_preflight_module_ctx,             /* module context */
    ngx_preflight_commands,                /* module directives */
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
ngx_preflight_create_conf(ngx_cycle_t *cycle)
{
    ngx_preflight_conf_t  *pcf;

    pcf = ngx_pcalloc(cycle->pool, sizeof(ngx_preflight_conf_t));
    if (pcf == NULL) {
        return NULL;
    }

    pcf->enable = NGX_CONF_UNSET;
    pcf->on_conflict = NGX_CONF_UNSET_UINT;
    pcf->remedy = NGX_CONF_UNSET_UINT;

    return pcf;
}


/* The words are the core's, as for Apache and the CLI; "fix" is the
 * CLI's only. */

static char *
ngx_preflight_set_on_conflict(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_preflight_conf_t  *pcf = conf;

    ngx_str_t         *value;
    pf_on_conflict_t   p;

    if (pcf->on_conflict != NGX_CONF_UNSET_UINT) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (pf_on_conflict_parse((char *) value[1].data, value[1].len, &p)
        != PF_OK
        || p == PF_ON_CONFLICT_FIX)
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid value \"%V\", it must be "
                           "\"warn\" or \"fail\"", &value[1]);
        return NGX_CONF_ERROR;
    }

    pcf->on_conflict = p;

    return NGX_CONF_OK;
}


static char *
ngx_preflight_set_remedy(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_preflight_conf_t  *pcf = conf;

    ngx_str_t         *value;
    pf_remedy_mode_t   m;

    if (pcf->remedy != NGX_CONF_UNSET_UINT) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (pf_remedy_mode_parse((char *) value[1].data, value[1].len, &m)
        != PF_OK)
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid value \"%V\", it must be \"none\", "
                           "\"suggest\" or \"apply\"", &value[1]);
        return NGX_CONF_ERROR;
    }

    pcf->remedy = m;

    return NGX_CONF_OK;
}


/* The names as the core takes them: nginx ends each word of a directive
 * with a NUL already (ngx_conf_read_token). */

static char *
ngx_preflight_set_allow(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_preflight_conf_t  *pcf = conf;

    char        **name;
    ngx_str_t    *value;
    ngx_uint_t    i;

    if (pcf->allow == NULL) {
        pcf->allow = ngx_array_create(cf->pool, 4, sizeof(char *));
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

        *name = (char *) value[i].data;
    }

    return NGX_CONF_OK;
}


static char *
ngx_preflight_init_conf(ngx_cycle_t *cycle, void *conf)
{
    ngx_preflight_conf_t  *pcf = conf;

    ngx_conf_init_value(pcf->enable, 1);
    ngx_conf_init_uint_value(pcf->on_conflict, PF_ON_CONFLICT_WARN);
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

    if (ngx_preflight_run(cycle, pcf) == NGX_DECLINED) {
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}
