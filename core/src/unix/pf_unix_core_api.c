/*
 * The one symbol preflight-core.so exports: what a server module calls
 * once a target failed (why: pf_unix_lazy.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "pf_unix_lazy.h"

const pf_core_api_t pf_core_api = {
    PF_CORE_ABI,
    PACKAGE_VERSION,
    sizeof(pf_report_t),
    sizeof(pf_check_t),
    pf_report_explain,
    pf_remedy_for_server,
    pf_conf_nginx
};
