/*
 * systemd over D-Bus, in one place: every conversation preflight has with
 * systemd's bus is here, and only here is <systemd/sd-bus.h> included
 * (with pf_linux_sdbus.h).  Built only with libsystemd's header
 * (PF_HAVE_SYSTEMD); without it pf_linux_sdbus_none.c answers "no bus",
 * and the callers use systemctl and the unit files.
 *
 *   - the library, opened on the first call of pf_sdbus_get() (why:
 *     pf_linux_sdbus.h).  It stays loaded for the life of the process:
 *     sd-bus keeps no state between our calls that would need it gone,
 *     and unloading a library is a source of bugs (atexit handlers,
 *     thread-local destructors) for no gain;
 *   - the remedies' actions on units: StopUnit/StartUnit waiting for the
 *     job, DisableUnitFiles/EnableUnitFiles then Reload, the states read
 *     from the unit object;
 *   - the facts: which unit a PID is in, with its ControlGroup, MainPID
 *     and User (proof of possession, pf_linux_unitproof.c), and which
 *     socket units listen on a port (pf_linux_sockunit.c).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dlfcn.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "preflight_internal.h"
#include "pf_linux.h"
#include "pf_linux_sdbus.h"

#define PF_SDBUS_SONAME  "libsystemd.so.0"

typedef struct {
    const char *name;
    size_t      offset;
} pf_sdbus_sym_t;

static const pf_sdbus_sym_t pf_sdbus_syms[] = {
    { "sd_bus_open_system", offsetof(pf_sdbus_t, open_system) },
    { "sd_bus_flush_close_unref", offsetof(pf_sdbus_t, flush_close_unref) },
    { "sd_bus_set_method_call_timeout",
      offsetof(pf_sdbus_t, set_method_call_timeout) },
    { "sd_bus_call_method", offsetof(pf_sdbus_t, call_method) },
    { "sd_bus_get_property", offsetof(pf_sdbus_t, get_property) },
    { "sd_bus_get_property_string",
      offsetof(pf_sdbus_t, get_property_string) },
    { "sd_bus_get_property_strv", offsetof(pf_sdbus_t, get_property_strv) },
    { "sd_bus_message_enter_container",
      offsetof(pf_sdbus_t, message_enter_container) },
    { "sd_bus_message_read", offsetof(pf_sdbus_t, message_read) },
    { "sd_bus_message_unref", offsetof(pf_sdbus_t, message_unref) },
    { "sd_bus_error_free", offsetof(pf_sdbus_t, error_free) },
    { "sd_bus_error_is_set", offsetof(pf_sdbus_t, error_is_set) }
};

/* Every member of the table from the library; PF_ERROR if one is missing
 * (a libsystemd older than the functions we call). */
static int
pf_sdbus_fill(void *lib, pf_sdbus_t *t)
{
    size_t  i;
    void   *sym;

    for (i = 0; i < sizeof(pf_sdbus_syms) / sizeof(pf_sdbus_syms[0]); i++) {
        sym = dlsym(lib, pf_sdbus_syms[i].name);
        if (sym == NULL) {
            return PF_ERROR;
        }
        /* POSIX: a function's address from dlsym() converts this way */
        memcpy((char *) t + pf_sdbus_syms[i].offset, &sym, sizeof(sym));
    }
    return PF_OK;
}

/*
 * Not thread-safe: a plain once-flag.  The core asks for sd-bus from the
 * one thread that runs the check (at a server's start, or the CLI), so
 * two first calls cannot race; a threaded caller must make its first
 * call before it starts threads.
 */
const pf_sdbus_t *
pf_sdbus_get(void)
{
    static pf_sdbus_t  table;
    static const pf_sdbus_t *loaded;
    static int         tried;
    void              *lib;

    if (tried) {
        return loaded;
    }
    tried = 1;
    /* RTLD_LOCAL: its symbols resolve nothing of the server's */
    lib = dlopen(PF_SDBUS_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        return NULL;
    }
    if (pf_sdbus_fill(lib, &table) != PF_OK) {
        /* kept open (never dlclose): unloading gains nothing here */
        memset(&table, 0, sizeof(table));
        return NULL;
    }
    loaded = &table;
    return loaded;
}

/* ---------------------------------------------------------------------
 * The remedies: units stopped, started, disabled, enabled.
 */

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
pf_sdbus_sleep_ms(long ms)
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
        pf_sdbus_sleep_ms(100);
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

/* ---------------------------------------------------------------------
 * The facts: the unit of a PID, the socket units on a port.
 */

static const char *
pf_sdbus_string(pf_pool_t *pool, const pf_sdbus_t *sd, sd_bus *bus,
                const char *path, const char *iface, const char *prop)
{
    sd_bus_error  e = SD_BUS_ERROR_NULL;
    char         *s = NULL;
    const char   *out = NULL;

    if (sd->get_property_string(bus, PF_SD_DEST, path, iface, prop, &e, &s)
        >= 0 && s != NULL)
    {
        out = pf_pstrdup(pool, s);
    }
    free(s);
    sd->error_free(&e);
    return out;
}

static long
pf_sdbus_main_pid(const pf_sdbus_t *sd, sd_bus *bus, const char *path)
{
    sd_bus_error    e = SD_BUS_ERROR_NULL;
    sd_bus_message *reply = NULL;
    uint32_t        v = 0;
    long            pid = -1;

    if (sd->get_property(bus, PF_SD_DEST, path,
                         "org.freedesktop.systemd1.Service", "MainPID", &e,
                         &reply, "u") >= 0
        && sd->message_read(reply, "u", &v) >= 0)
    {
        pid = (long) v;
    }
    sd->message_unref(reply);
    sd->error_free(&e);
    return pid;
}

/* PF_OK: systemd answered (info->id NULL: it knows no unit of pid). */
int
pf_sdbus_unit_of(pf_pool_t *pool, long pid, pf_sdbus_unit_t *info)
{
    const pf_sdbus_t *sd = pf_sdbus_get();
    sd_bus_error      e = SD_BUS_ERROR_NULL;
    sd_bus_message   *reply = NULL;
    sd_bus           *bus = NULL;
    const char       *path = NULL;
    int               r, rc = PF_ERROR;

    if (sd == NULL || sd->open_system(&bus) < 0) {
        return PF_ERROR;
    }
    (void) sd->set_method_call_timeout(bus, 2 * 1000 * 1000);
    r = sd->call_method(bus, PF_SD_DEST, "/org/freedesktop/systemd1",
                        "org.freedesktop.systemd1.Manager", "GetUnitByPID",
                        &e, &reply, "u", (uint32_t) pid);
    if (r >= 0 && sd->message_read(reply, "o", &path) >= 0) {
        path = pf_pstrdup(pool, path);
    } else {
        path = NULL;
    }
    if (r < 0 && e.name != NULL
        && strcmp(e.name, "org.freedesktop.systemd1.NoUnitForPID") == 0)
    {
        rc = PF_OK;                 /* an answer: no unit of it */
    }
    sd->message_unref(reply);
    sd->error_free(&e);
    if (path != NULL) {
        info->id = pf_sdbus_string(pool, sd, bus, path,
                                 "org.freedesktop.systemd1.Unit", "Id");
        info->cgroup = pf_sdbus_string(pool, sd, bus, path,
                                     "org.freedesktop.systemd1.Service",
                                     "ControlGroup");
        info->user = pf_sdbus_string(pool, sd, bus, path,
                                   "org.freedesktop.systemd1.Service",
                                   "User");
        info->main_pid = pf_sdbus_main_pid(sd, bus, path);
        rc = info->id != NULL ? PF_OK : PF_ERROR;
    }
    sd->flush_close_unref(bus);
    return rc;
}

/* The socket units wanted: those listening on proto/port, appended to
 * units (pf_socket_unit_t). */
typedef struct {
    pf_pool_t  *pool;
    pf_proto_t  proto;
    unsigned    port;
    pf_array_t *units;
} pf_sdbus_sockets_t;

/* The Listen (type, address) pairs of one socket unit. */
static int
pf_sdbus_unit_listens(const pf_sdbus_t *sd, sd_bus *bus, const char *unit,
                      const char *path, const pf_sdbus_sockets_t *w)
{
    sd_bus_error      e = SD_BUS_ERROR_NULL;
    sd_bus_message   *reply = NULL;
    const char       *type, *addr;
    char            **triggers = NULL;
    const char       *want = w->proto == PF_PROTO_UDP ? "Datagram"
                                                        : "Stream";
    pf_socket_unit_t *u;
    int               r;

    r = sd->get_property(bus, "org.freedesktop.systemd1", path,
                         "org.freedesktop.systemd1.Socket", "Listen", &e,
                         &reply, "a(ss)");
    sd->error_free(&e);
    if (r < 0 || sd->message_enter_container(reply, 'a', "(ss)") < 0) {
        sd->message_unref(reply);
        return PF_OK;
    }
    while (sd->message_read(reply, "(ss)", &type, &addr) > 0) {
        if (strcmp(type, want) != 0
            || !pf_linux_listen_matches(addr, w->port))
        {
            continue;
        }
        if (triggers == NULL) {
            (void) sd->get_property_strv(bus, "org.freedesktop.systemd1",
                                         path,
                                         "org.freedesktop.systemd1.Unit",
                                         "Triggers", &e, &triggers);
            sd->error_free(&e);
        }
        u = pf_array_push(w->units);
        if (u == NULL) {
            break;
        }
        u->unit = pf_pstrdup(w->pool, unit);
        u->listen = pf_pstrdup(w->pool, addr);
        u->activates = triggers != NULL && triggers[0] != NULL
                       ? pf_pstrdup(w->pool, triggers[0]) : NULL;
    }
    sd->message_unref(reply);
    if (triggers != NULL) {
        char **t;

        for (t = triggers; *t; t++) {
            free(*t);
        }
        free(triggers);
    }
    return PF_OK;
}

int
pf_sdbus_socket_units(pf_pool_t *pool, pf_proto_t proto, unsigned port,
                      pf_array_t *units)
{
    const pf_sdbus_t   *sd = pf_sdbus_get();
    pf_sdbus_sockets_t  w = { pool, proto, port, units };
    sd_bus             *bus = NULL;
    sd_bus_error        e = SD_BUS_ERROR_NULL;
    sd_bus_message     *reply = NULL;
    const char         *name, *path, *skip;
    uint32_t            job;
    int                 r;

    if (sd == NULL || sd->open_system(&bus) < 0) {
        return PF_ERROR;           /* no libsystemd.so.0, or no bus */
    }
    (void) sd->set_method_call_timeout(bus, 2 * 1000 * 1000);
    r = sd->call_method(bus, "org.freedesktop.systemd1",
                        "/org/freedesktop/systemd1",
                        "org.freedesktop.systemd1.Manager",
                        "ListUnitsByPatterns", &e, &reply, "asas", 0, 1,
                        "*.socket");
    sd->error_free(&e);
    if (r < 0
        || sd->message_enter_container(reply, 'a', "(ssssssouso)") < 0)
    {
        sd->message_unref(reply);
        sd->flush_close_unref(bus);
        return PF_ERROR;
    }
    /* name, description, load, active, sub, following, object path,
     * job id, job type, job path */
    while (sd->message_read(reply, "(ssssssouso)", &name, &skip, &skip,
                            &skip, &skip, &skip, &path, &job, &skip,
                            &skip) > 0)
    {
        pf_sdbus_unit_listens(sd, bus, name, path, &w);
    }
    sd->message_unref(reply);
    sd->flush_close_unref(bus);
    return PF_OK;
}
