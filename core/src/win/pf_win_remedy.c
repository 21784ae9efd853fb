/*
 * The Windows executor: services through the SCM, HTTP.sys iplisten
 * through the HTTP Server API.  systemd units have no meaning here.
 */
#include "win/pf_win.h"

#include "pf_platform.h"
#include "pf_win_remedy.h"

static int
pf_win_remedy_is_admin(void *data)
{
    (void) data;
    return pf_platform_is_admin();
}

static const pf_executor_t pf_win_executor = {
    "Windows SCM and HTTP Server API",
    "an elevated Administrator prompt",
    NULL,
    pf_win_remedy_is_admin,
    NULL, NULL, NULL, NULL, NULL,   /* systemd units */
    pf_rw_service_query,
    pf_rw_service_dependents,
    pf_rw_service_stop,
    pf_rw_service_start,
    pf_rw_service_set_start,
    pf_rw_iplisten_add,
    pf_rw_iplisten_delete,
    pf_remedy_reprove,              /* the same facts again at apply time */
    pf_rw_service_triggered
};

const pf_executor_t *
pf_executor_platform(void)
{
    return &pf_win_executor;
}
