/*
 * systemd units through sd-bus: StopUnit/StartUnit waiting for the job,
 * DisableUnitFiles/EnableUnitFiles then Reload, the states read from the
 * unit object.  Built only with libsystemd's header; the library itself
 * is opened on first use (core/src/unix/pf_unix_sdbus.h), and when it
 * cannot be, pf_sdbus_available() says no and systemctl does the work.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pf_unix_remedy.h"
#include "unix/pf_unix_sdbus.h"

#define PF_SD_DEST     "org.freedesktop.systemd1"
#define PF_SD_PATH     "/org/freedesktop/systemd1"
#define PF_SD_MANAGER  "org.freedesktop.systemd1.Manager"
#define PF_JOB_WAIT_MS 90000   /* systemd's own default stop timeout */

static int
pf_sdbus_fail(const pf_sdbus_t *sd, pf_error_t *err, const char *what,
              const char *unit, sd_bus_error *e, int r)
{
    const char *why = strerror(-r);

    if (e != NULL && sd->error_is_set(e)) {
        /* an error reply may carry a name and no text */
        why = e->message != NULL ? e->message
              : e->name != NULL ? e->name : why;
    }
    pf_error_set(err, NULL, 0, "%s %s: %s", what, unit, why);
    if (e != NULL) {
        sd->error_free(e);
    }
    return PF_ERROR;
}

/* The table, or an error that says why there is none. */
static const pf_sdbus_t *
pf_sdbus_lib(const char *unit, pf_error_t *err)
{
    const pf_sdbus_t *sd = pf_sdbus_get();

    if (sd == NULL) {
        pf_error_set(err, NULL, 0, "system bus for %s: libsystemd.so.0 "
                     "cannot be loaded", unit);
    }
    return sd;
}

int
pf_sdbus_available(void)
{
    const pf_sdbus_t *sd = pf_sdbus_get();
    sd_bus           *bus = NULL;
    int               ok;

    if (sd == NULL) {
        return 0;
    }
    ok = sd->open_system(&bus) >= 0;
    sd->flush_close_unref(bus);
    return ok;
}

static int
pf_sdbus_unit_path(const pf_sdbus_t *sd, sd_bus *bus, const char *unit,
                   char **path, pf_error_t *err)
{
    sd_bus_error    e = SD_BUS_ERROR_NULL;
    sd_bus_message *reply = NULL;
    const char     *p;
    int             r;

    r = sd->call_method(bus, PF_SD_DEST, PF_SD_PATH, PF_SD_MANAGER,
                        "LoadUnit", &e, &reply, "s", unit);
    if (r < 0) {
        return pf_sdbus_fail(sd, err, "LoadUnit", unit, &e, r);
    }
    r = sd->message_read(reply, "o", &p);
    *path = r >= 0 ? strdup(p) : NULL;
    sd->message_unref(reply);
    if (*path == NULL) {
        return pf_sdbus_fail(sd, err, "LoadUnit", unit, NULL,
                             r < 0 ? r : -12);
    }
    return PF_OK;
}

static int
pf_sdbus_active(const pf_sdbus_t *sd, sd_bus *bus, pf_pool_t *pool,
                const char *unit, const char **active, pf_error_t *err)
{
    sd_bus_error  e = SD_BUS_ERROR_NULL;
    char         *path = NULL, *s = NULL;
    int           r;

    if (pf_sdbus_unit_path(sd, bus, unit, &path, err) != PF_OK) {
        return PF_ERROR;
    }
    r = sd->get_property_string(bus, PF_SD_DEST, path,
                                "org.freedesktop.systemd1.Unit",
                                "ActiveState", &e, &s);
    free(path);
    if (r < 0) {
        return pf_sdbus_fail(sd, err, "ActiveState of", unit, &e, r);
    }
    *active = pf_pstrdup(pool, s);
    free(s);
    return PF_OK;
}

int
pf_sdbus_unit_query(pf_pool_t *pool, const char *unit, const char **active,
                    const char **file_state, pf_error_t *err)
{
    const pf_sdbus_t *sd = pf_sdbus_lib(unit, err);
    sd_bus_error      e = SD_BUS_ERROR_NULL;
    sd_bus_message   *reply = NULL;
    sd_bus           *bus = NULL;
    const char       *s;
    int               r, rc;

    if (sd == NULL) {
        return PF_ERROR;
    }
    r = sd->open_system(&bus);
    if (r < 0) {
        return pf_sdbus_fail(sd, err, "system bus for", unit, NULL, r);
    }
    rc = pf_sdbus_active(sd, bus, pool, unit, active, err);
    if (rc == PF_OK) {
        r = sd->call_method(bus, PF_SD_DEST, PF_SD_PATH, PF_SD_MANAGER,
                            "GetUnitFileState", &e, &reply, "s", unit);
        if (r >= 0 && sd->message_read(reply, "s", &s) >= 0) {
            *file_state = pf_pstrdup(pool, s);
        } else {
            /* transient and generated units have no unit file */
            *file_state = "none";
            sd->error_free(&e);
        }
        sd->message_unref(reply);
    }
    sd->flush_close_unref(bus);
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
pf_sdbus_wait_job(const pf_sdbus_t *sd, sd_bus *bus, const char *job,
                  const char *unit, pf_error_t *err)
{
    long waited;

    for (waited = 0; waited < PF_JOB_WAIT_MS; waited += 100) {
        sd_bus_error  e = SD_BUS_ERROR_NULL;
        char         *state = NULL;
        int           r;

        r = sd->get_property_string(bus, PF_SD_DEST, job,
                                    "org.freedesktop.systemd1.Job",
                                    "State", &e, &state);
        sd->error_free(&e);
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
pf_sdbus_check(const pf_sdbus_t *sd, sd_bus *bus, const char *method,
               const char *unit, pf_error_t *err)
{
    pf_pool_t  *pool = pf_pool_create();
    const char *active = NULL;
    int         rc;

    if (pool == NULL) {
        pf_error_set(err, NULL, 0, "out of memory");
        return PF_ERROR;
    }
    rc = pf_sdbus_active(sd, bus, pool, unit, &active, err);
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
    const pf_sdbus_t *sd = pf_sdbus_lib(unit, err);
    sd_bus_error      e = SD_BUS_ERROR_NULL;
    sd_bus_message   *reply = NULL;
    sd_bus           *bus = NULL;
    const char       *job;
    int               r, rc = PF_ERROR;

    if (sd == NULL) {
        return PF_ERROR;
    }
    r = sd->open_system(&bus);
    if (r < 0) {
        return pf_sdbus_fail(sd, err, "system bus for", unit, NULL, r);
    }
    r = sd->call_method(bus, PF_SD_DEST, PF_SD_PATH, PF_SD_MANAGER,
                        method, &e, &reply, "ss", unit, "replace");
    if (r < 0) {
        pf_sdbus_fail(sd, err, method, unit, &e, r);
    } else if (sd->message_read(reply, "o", &job) >= 0) {
        rc = pf_sdbus_wait_job(sd, bus, job, unit, err);
        if (rc == PF_OK) {
            rc = pf_sdbus_check(sd, bus, method, unit, err);
        }
    } else {
        pf_error_set(err, NULL, 0, "%s %s: no job in the answer", method,
                     unit);
    }
    sd->message_unref(reply);
    sd->flush_close_unref(bus);
    return rc;
}

static int
pf_sdbus_reload(const pf_sdbus_t *sd, sd_bus *bus, const char *unit,
                pf_error_t *err)
{
    sd_bus_error e = SD_BUS_ERROR_NULL;
    int          r;

    r = sd->call_method(bus, PF_SD_DEST, PF_SD_PATH, PF_SD_MANAGER,
                        "Reload", &e, NULL, "");
    return r < 0 ? pf_sdbus_fail(sd, err, "Reload after", unit, &e, r)
                 : PF_OK;
}

int
pf_sdbus_unit_file(int enable, const char *unit, pf_error_t *err)
{
    const pf_sdbus_t *sd = pf_sdbus_lib(unit, err);
    sd_bus_error      e = SD_BUS_ERROR_NULL;
    sd_bus           *bus = NULL;
    int               r, rc;

    if (sd == NULL) {
        return PF_ERROR;
    }
    r = sd->open_system(&bus);
    if (r < 0) {
        return pf_sdbus_fail(sd, err, "system bus for", unit, NULL, r);
    }
    if (enable) {
        r = sd->call_method(bus, PF_SD_DEST, PF_SD_PATH, PF_SD_MANAGER,
                            "EnableUnitFiles", &e, NULL, "asbb", 1, unit,
                            0, 0);
    } else {
        r = sd->call_method(bus, PF_SD_DEST, PF_SD_PATH, PF_SD_MANAGER,
                            "DisableUnitFiles", &e, NULL, "asb", 1, unit,
                            0);
    }
    rc = r < 0 ? pf_sdbus_fail(sd, err, enable ? "EnableUnitFiles"
                                               : "DisableUnitFiles",
                               unit, &e, r)
               : pf_sdbus_reload(sd, bus, unit, err);
    sd->flush_close_unref(bus);
    return rc;
}
