/*
 * systemd over D-Bus when preflight was built without libsystemd's header
 * (configure --without-systemd, or no libsystemd-dev): there is no bus to
 * ask, and every caller falls back as it does when the bus does not
 * answer (systemctl, the unit files).  configure chooses this file or
 * pf_linux_sdbus.c, so no caller needs an #ifdef.
 */
#include "pf_linux_sdbus.h"

int
pf_sdbus_available(void)
{
    return 0;
}

int
pf_sdbus_unit_query(pf_pool_t *pool, const char *unit, const char **active,
                    const char **file_state, pf_error_t *err)
{
    (void) pool;
    (void) active;
    (void) file_state;
    pf_error_set(err, NULL, 0, "system bus for %s: preflight was built "
                 "without libsystemd", unit);
    return PF_ERROR;
}

int
pf_sdbus_unit_job(const char *method, const char *unit, pf_error_t *err)
{
    (void) method;
    return pf_sdbus_unit_query(NULL, unit, NULL, NULL, err);
}

int
pf_sdbus_unit_file(int enable, const char *unit, pf_error_t *err)
{
    (void) enable;
    return pf_sdbus_unit_query(NULL, unit, NULL, NULL, err);
}

int
pf_sdbus_unit_of(pf_pool_t *pool, long pid, pf_sdbus_unit_t *info)
{
    (void) pool;
    (void) pid;
    (void) info;
    return PF_ERROR;
}

int
pf_sdbus_socket_units(pf_pool_t *pool, pf_proto_t proto, unsigned port,
                      pf_array_t *units)
{
    (void) pool;
    (void) proto;
    (void) port;
    (void) units;
    return PF_ERROR;
}
