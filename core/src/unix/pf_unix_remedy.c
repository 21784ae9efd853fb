/*
 * The Unix executor: systemd units through sd-bus when it is built in and
 * the system bus answers, else through systemctl.  Windows services and
 * HTTP.sys have no meaning here: those members stay NULL.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <unistd.h>

#include "pf_unix_remedy.h"
#include "pf_linux_sdbus.h"

static int
pf_unix_remedy_is_admin(void *data)
{
    (void) data;
    return geteuid() == 0;
}

static int
pf_unix_remedy_use_bus(void)
{
    return pf_sdbus_available();
}

static int
pf_unix_remedy_unit_query(void *data, pf_pool_t *pool, const char *unit,
                          const char **active, const char **file_state,
                          pf_error_t *err)
{
    (void) data;
    if (pf_unix_remedy_use_bus()) {
        return pf_sdbus_unit_query(pool, unit, active, file_state, err);
    }
    if (pf_systemctl_query(pool, "is-active", unit, active, err) != PF_OK) {
        return PF_ERROR;
    }
    /* no unit file (transient units) is not an error */
    if (pf_systemctl_query(pool, "is-enabled", unit, file_state, err)
        != PF_OK)
    {
        *file_state = "none";
    }
    return PF_OK;
}

static int
pf_unix_remedy_job(const char *method, const char *verb, const char *unit,
                   pf_error_t *err)
{
    if (pf_unix_remedy_use_bus()) {
        return pf_sdbus_unit_job(method, unit, err);
    }
    return pf_systemctl(verb, unit, err);
}

static int
pf_unix_remedy_unit_file(int enable, const char *unit, pf_error_t *err)
{
    if (pf_unix_remedy_use_bus()) {
        return pf_sdbus_unit_file(enable, unit, err);
    }
    return pf_systemctl(enable ? "enable" : "disable", unit, err);
}

static int
pf_unix_remedy_unit_stop(void *data, const char *unit, pf_error_t *err)
{
    (void) data;
    return pf_unix_remedy_job("StopUnit", "stop", unit, err);
}

static int
pf_unix_remedy_unit_start(void *data, const char *unit, pf_error_t *err)
{
    (void) data;
    return pf_unix_remedy_job("StartUnit", "start", unit, err);
}

static int
pf_unix_remedy_unit_disable(void *data, const char *unit, pf_error_t *err)
{
    (void) data;
    return pf_unix_remedy_unit_file(0, unit, err);
}

static int
pf_unix_remedy_unit_enable(void *data, const char *unit, pf_error_t *err)
{
    (void) data;
    return pf_unix_remedy_unit_file(1, unit, err);
}

static const pf_executor_t pf_unix_executor = {
    "systemd",
    "root",
    NULL,
    pf_unix_remedy_is_admin,
    pf_unix_remedy_unit_query,
    pf_unix_remedy_unit_stop,
    pf_unix_remedy_unit_start,
    pf_unix_remedy_unit_disable,
    pf_unix_remedy_unit_enable,
    NULL, NULL, NULL, NULL, NULL,   /* Windows services */
    NULL, NULL,                     /* HTTP.sys */
    pf_remedy_reprove,
    NULL                            /* service triggers */
};

const pf_executor_t *
pf_executor_platform(void)
{
    return &pf_unix_executor;
}
