/*
 * PreflightRemedy: the core plans the fixes (and, with apply, carries out
 * those PreflightRemedyAllow names); this only hands over the settings
 * and logs what came back.
 */
#include <string.h>

#include "httpd.h"
#include "http_log.h"
#include "apr_strings.h"

#include "pf_apache.h"
#include "pf_apache_msgs.h"

/* PreflightRemedyAllow as the core's array of strings. */
static int
pf_apache_allow_list(const pf_apache_conf_t *conf, pf_report_t *r,
                     pf_array_t *allow)
{
    int i;

    if (pf_array_init(allow, r->pool, 4, sizeof(const char *)) != PF_OK) {
        return PF_ENOMEM;
    }
    for (i = 0; conf->allow != NULL && i < conf->allow->nelts; i++) {
        if (pf_array_push_str(allow, APR_ARRAY_IDX(conf->allow, i,
                                                   const char *))
            != PF_OK)
        {
            return PF_ENOMEM;
        }
    }
    return PF_OK;
}

int
pf_apache_remedy(const pf_apache_conf_t *conf, pf_remedy_mode_t mode,
                 int level, pf_report_t *r)
{
    pf_array_t allow;
    pf_buf_t   out;
    pf_error_t err;
    char       why[1024], msg[1200];
    int        rc;

    if (mode == PF_REMEDY_MODE_NONE) {
        return 0;
    }
    memset(&err, 0, sizeof(err));
    if (pf_apache_allow_list(conf, r, &allow) != PF_OK) {
        pf_apache_log_text(APLOG_WARNING, PF_MSG_INTERNAL,
                           "preflight: out of memory: no remedies");
        return 0;
    }
    pf_buf_init(&out);
    rc = pf_lazy_remedy_for_server(r, mode, &allow, &out, &err);
    if (out.data != NULL) {
        pf_apache_log_text(level, PF_MSG_REMEDY, out.data);
    }
    pf_buf_free(&out);
    if (rc != PF_OK) {
        apr_snprintf(msg, sizeof(msg), "preflight: remedy failed: %s",
                     pf_error_format(&err, why, sizeof(why)));
        pf_apache_log_text(APLOG_WARNING, PF_MSG_REMEDY_FAILED, msg);
        return 0;
    }
    return mode == PF_REMEDY_MODE_APPLY;
}
