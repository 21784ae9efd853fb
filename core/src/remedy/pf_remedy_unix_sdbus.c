/*
 * systemd units through sd-bus: StopUnit/StartUnit waiting for the job,
 * DisableUnitFiles/EnableUnitFiles then Reload, the states read from the
 * unit object.  Built only with libsystemd.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <systemd/sd-bus.h>

#include "pf_remedy_unix.h"

#define PF_SD_DEST     "org.freedesktop.systemd1"
#define PF_SD_PATH     "/org/freedesktop/systemd1"
#define PF_SD_MANAGER  "org.freedesktop.systemd1.Manager"
#define PF_JOB_WAIT_MS 90000   /* systemd's own default stop timeout */

static int
pf_sdbus_fail(pf_error_t *err, const char *what, const char *unit,
              sd_bus_error *e, int r)
{
    pf_error_set(err, NULL, 0, "%s %s: %s", what, unit,
                 e != NULL && sd_bus_error_is_set(e) ? e->message
                 : strerror(-r));
    if (e != NULL) {
        sd_bus_error_free(e);
    }
    return PF_ERROR;
}

int
pf_sdbus_available(void)
{
    sd_bus *bus = NULL;
    int     ok;

    ok = sd_bus_open_system(&bus) >= 0;
    sd_bus_flush_close_unref(bus);
    return ok;
}

static int
pf_sdbus_unit_path(sd_bus *bus, const char *unit, char **path,
                   pf_error_t *err)
{
    sd_bus_error    e = SD_BUS_ERROR_NULL;
    sd_bus_message *reply = NULL;
    const char     *p;
    int             r;

    r = sd_bus_call_method(bus, PF_SD_DEST, PF_SD_PATH, PF_SD_MANAGER,
                           "LoadUnit", &e, &reply, "s", unit);
    if (r < 0) {
        return pf_sdbus_fail(err, "LoadUnit", unit, &e, r);
    }
    r = sd_bus_message_read(reply, "o", &p);
    *path = r >= 0 ? strdup(p) : NULL;
    sd_bus_message_unref(reply);
    if (*path == NULL) {
        return pf_sdbus_fail(err, "LoadUnit", unit, NULL, r < 0 ? r : -12);
    }
    return PF_OK;
}

static int
pf_sdbus_active(sd_bus *bus, pf_pool_t *pool, const char *unit,
                const char **active, pf_error_t *err)
{
    sd_bus_error  e = SD_BUS_ERROR_NULL;
    char         *path = NULL, *s = NULL;
    int           r;

    if (pf_sdbus_unit_path(bus, unit, &path, err) != PF_OK) {
        return PF_ERROR;
    }
    r = sd_bus_get_property_string(bus, PF_SD_DEST, path,
                                   "org.freedesktop.systemd1.Unit",
                                   "ActiveState", &e, &s);
    free(path);
    if (r < 0) {
        return pf_sdbus_fail(err, "ActiveState of", unit, &e, r);
    }
    *active = pf_pstrdup(pool, s);
    free(s);
    return PF_OK;
}

int
pf_sdbus_unit_query(pf_pool_t *pool, const char *unit, const char **active,
                    const char **file_state, pf_error_t *err)
{
    sd_bus_error    e = SD_BUS_ERROR_NULL;
    sd_bus_message *reply = NULL;
    sd_bus         *bus = NULL;
    const char     *s;
    int             r, rc;

    r = sd_bus_open_system(&bus);
    if (r < 0) {
        return pf_sdbus_fail(err, "system bus for", unit, NULL, r);
    }
    rc = pf_sdbus_active(bus, pool, unit, active, err);
    if (rc == PF_OK) {
        r = sd_bus_call_method(bus, PF_SD_DEST, PF_SD_PATH, PF_SD_MANAGER,
                               "GetUnitFileState", &e, &reply, "s", unit);
        if (r >= 0 && sd_bus_message_read(reply, "s", &s) >= 0) {
            *file_state = pf_pstrdup(pool, s);
        } else {
            /* transient and generated units have no unit file */
            *file_state = "none";
            sd_bus_error_free(&e);
        }
        sd_bus_message_unref(reply);
    }
    sd_bus_flush_close_unref(bus);
    return rc;
}

static void
pf_sleep_ms(long ms)
{
    struct timespec ts;

    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
}

/* A job object disappears once the job is finished. */
static int
pf_sdbus_wait_job(sd_bus *bus, const char *job, const char *unit,
                  pf_error_t *err)
{
    long waited;

    for (waited = 0; waited < PF_JOB_WAIT_MS; waited += 100) {
        sd_bus_error  e = SD_BUS_ERROR_NULL;
        char         *state = NULL;
        int           r;

        r = sd_bus_get_property_string(bus, PF_SD_DEST, job,
                                       "org.freedesktop.systemd1.Job",
                                       "State", &e, &state);
        sd_bus_error_free(&e);
        free(state);
        if (r < 0) {
            return PF_OK;
        }
        pf_sleep_ms(100);
    }
    pf_error_set(err, NULL, 0, "the job for %s did not finish in %ld s",
                 unit, (long) PF_JOB_WAIT_MS / 1000);
    return PF_ERROR;
}

/* A finished job says nothing of its result: the unit's state does. */
static int
pf_sdbus_check(sd_bus *bus, const char *method, const char *unit,
               pf_error_t *err)
{
    pf_pool_t  *pool = pf_pool_create();
    const char *active = NULL;
    int         rc;

    if (pool == NULL) {
        pf_error_set(err, NULL, 0, "out of memory");
        return PF_ERROR;
    }
    rc = pf_sdbus_active(bus, pool, unit, &active, err);
    if (rc == PF_OK && active == NULL) {
        active = "unknown";
    }
    if (rc == PF_OK && strcmp(method, "StopUnit") == 0
        && strcmp(active, "active") == 0)
    {
        pf_error_set(err, NULL, 0, "%s is still active after the stop job",
                     unit);
        rc = PF_ERROR;
    } else if (rc == PF_OK && strcmp(method, "StartUnit") == 0
               && strcmp(active, "failed") == 0)
    {
        pf_error_set(err, NULL, 0, "%s failed to start (journalctl -u %s)",
                     unit, unit);
        rc = PF_ERROR;
    }
    pf_pool_destroy(pool);
    return rc;
}

int
pf_sdbus_unit_job(const char *method, const char *unit, pf_error_t *err)
{
    sd_bus_error    e = SD_BUS_ERROR_NULL;
    sd_bus_message *reply = NULL;
    sd_bus         *bus = NULL;
    const char     *job;
    int             r, rc = PF_ERROR;

    r = sd_bus_open_system(&bus);
    if (r < 0) {
        return pf_sdbus_fail(err, "system bus for", unit, NULL, r);
    }
    r = sd_bus_call_method(bus, PF_SD_DEST, PF_SD_PATH, PF_SD_MANAGER,
                           method, &e, &reply, "ss", unit, "replace");
    if (r < 0) {
        pf_sdbus_fail(err, method, unit, &e, r);
    } else if (sd_bus_message_read(reply, "o", &job) >= 0) {
        rc = pf_sdbus_wait_job(bus, job, unit, err);
        if (rc == PF_OK) {
            rc = pf_sdbus_check(bus, method, unit, err);
        }
    } else {
        pf_error_set(err, NULL, 0, "%s %s: no job in the answer", method,
                     unit);
    }
    sd_bus_message_unref(reply);
    sd_bus_flush_close_unref(bus);
    return rc;
}

static int
pf_sdbus_reload(sd_bus *bus, const char *unit, pf_error_t *err)
{
    sd_bus_error e = SD_BUS_ERROR_NULL;
    int          r;

    r = sd_bus_call_method(bus, PF_SD_DEST, PF_SD_PATH, PF_SD_MANAGER,
                           "Reload", &e, NULL, "");
    return r < 0 ? pf_sdbus_fail(err, "Reload after", unit, &e, r) : PF_OK;
}

int
pf_sdbus_unit_file(int enable, const char *unit, pf_error_t *err)
{
    sd_bus_error e = SD_BUS_ERROR_NULL;
    sd_bus      *bus = NULL;
    int          r, rc;

    r = sd_bus_open_system(&bus);
    if (r < 0) {
        return pf_sdbus_fail(err, "system bus for", unit, NULL, r);
    }
    if (enable) {
        r = sd_bus_call_method(bus, PF_SD_DEST, PF_SD_PATH, PF_SD_MANAGER,
                               "EnableUnitFiles", &e, NULL, "asbb", 1, unit,
                               0, 0);
    } else {
        r = sd_bus_call_method(bus, PF_SD_DEST, PF_SD_PATH, PF_SD_MANAGER,
                               "DisableUnitFiles", &e, NULL, "asb", 1, unit,
                               0);
    }
    rc = r < 0 ? pf_sdbus_fail(err, enable ? "EnableUnitFiles"
                                           : "DisableUnitFiles", unit, &e, r)
               : pf_sdbus_reload(bus, unit, err);
    sd_bus_flush_close_unref(bus);
    return rc;
}
