/*
 * The directives.  They belong to the whole server, not to a virtual
 * host: the listeners are global in Apache too.
 *
 *   PreflightCheck       On|Off                (On)
 *   PreflightOnConflict  warn|fail             (warn)
 *   PreflightRemedy      none|suggest|apply    (suggest)
 *   PreflightRemedyAllow NAME...               (nothing)
 */
#include <string.h>

#include "httpd.h"
#include "http_config.h"
#include "apr_strings.h"

#include "pf_apache.h"

static const char *
pf_apache_global_only(cmd_parms *cmd)
{
    return ap_check_cmd_context(cmd, GLOBAL_ONLY);
}

static pf_apache_conf_t *
pf_apache_cmd_conf(cmd_parms *cmd)
{
    return ap_get_module_config(cmd->server->module_config,
                                &preflight_module);
}

static const char *
pf_apache_set_check(cmd_parms *cmd, void *dummy, int on)
{
    const char *err = pf_apache_global_only(cmd);

    if (err != NULL) {
        return err;
    }
    pf_apache_cmd_conf(cmd)->check = on;
    return NULL;
}

static const char *
pf_apache_set_on_conflict(cmd_parms *cmd, void *dummy, const char *arg)
{
    const char      *err = pf_apache_global_only(cmd);
    pf_on_conflict_t policy;

    if (err != NULL) {
        return err;
    }
    if (pf_on_conflict_parse(arg, strlen(arg), &policy) != PF_OK
        || policy == PF_ON_CONFLICT_FIX)
    {
        return "PreflightOnConflict must be warn or fail";
    }
    pf_apache_cmd_conf(cmd)->on_conflict = policy;
    return NULL;
}

static const char *
pf_apache_set_remedy(cmd_parms *cmd, void *dummy, const char *arg)
{
    const char      *err = pf_apache_global_only(cmd);
    pf_remedy_mode_t mode;

    if (err != NULL) {
        return err;
    }
    if (pf_remedy_mode_parse(arg, strlen(arg), &mode) != PF_OK) {
        return "PreflightRemedy must be none, suggest or apply";
    }
    pf_apache_cmd_conf(cmd)->remedy = mode;
    return NULL;
}

static const char *
pf_apache_add_allow(cmd_parms *cmd, void *dummy, const char *arg)
{
    pf_apache_conf_t *conf = pf_apache_cmd_conf(cmd);
    const char       *err = pf_apache_global_only(cmd);

    if (err != NULL) {
        return err;
    }
    if (conf->allow == NULL) {
        conf->allow = apr_array_make(cmd->pool, 4, sizeof(const char *));
    }
    *(const char **) apr_array_push(conf->allow) = apr_pstrdup(cmd->pool,
                                                               arg);
    return NULL;
}

const command_rec pf_apache_cmds[] = {
    AP_INIT_FLAG("PreflightCheck", pf_apache_set_check, NULL, RSRC_CONF,
        "On: before binding, find out why a Listen port cannot be bound"),
    AP_INIT_TAKE1("PreflightOnConflict", pf_apache_set_on_conflict, NULL,
        RSRC_CONF, "warn (log and go on) or fail (refuse to start)"),
    AP_INIT_TAKE1("PreflightRemedy", pf_apache_set_remedy, NULL, RSRC_CONF,
        "none, suggest (log the fix) or apply (carry out allowed fixes)"),
    AP_INIT_ITERATE("PreflightRemedyAllow", pf_apache_add_allow, NULL,
        RSRC_CONF, "services or units PreflightRemedy apply may act on"),
    { NULL, { NULL }, NULL, 0, RAW_ARGS, NULL }
};

void *
pf_apache_create_conf(apr_pool_t *p, server_rec *s)
{
    pf_apache_conf_t *conf = apr_pcalloc(p, sizeof(*conf));

    conf->check = PF_APACHE_UNSET;
    conf->on_conflict = PF_APACHE_UNSET;
    conf->remedy = PF_APACHE_UNSET;
    conf->allow = NULL;
    return conf;
}

/* Virtual hosts cannot set anything (GLOBAL_ONLY): they see the main
 * server's settings. */
void *
pf_apache_merge_conf(apr_pool_t *p, void *base, void *add)
{
    return base;
}

void
pf_apache_conf_get(server_rec *s, pf_apache_conf_t *out)
{
    const pf_apache_conf_t *conf;

    conf = ap_get_module_config(s->module_config, &preflight_module);
    out->check = conf->check == PF_APACHE_UNSET ? 1 : conf->check;
    out->on_conflict = conf->on_conflict == PF_APACHE_UNSET
                       ? PF_ON_CONFLICT_WARN : conf->on_conflict;
    out->remedy = conf->remedy == PF_APACHE_UNSET
                  ? PF_REMEDY_MODE_SUGGEST : conf->remedy;
    out->allow = conf->allow;
}
