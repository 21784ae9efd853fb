/*
 * Which systemd socket unit listens on a port, when pid 1 holds it.
 * Asked of systemd itself first (sd-bus: built with libsystemd's header,
 * the library opened on first use, pf_unix_sdbus.h), then of systemctl,
 * and when systemd cannot answer, read from the unit files: those say
 * what would listen, not what does, and the note says so.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "preflight.h"
#include "pf_unix.h"
#ifdef PF_HAVE_SYSTEMD
#include "pf_unix_sdbus.h"
#endif

#define PF_LIST_SOCKETS_MAX  (1024 * 1024)

static int
pf_systemd_running(void)
{
    struct stat st;

    return stat("/run/systemd/system", &st) == 0 && S_ISDIR(st.st_mode);
}

#ifdef PF_HAVE_SYSTEMD

/* The Listen (type, address) pairs of one socket unit. */
static int
pf_bus_unit_listens(pf_pool_t *pool, const pf_sdbus_t *sd, sd_bus *bus,
                    const char *unit, const char *path, pf_proto_t proto,
                    unsigned port, pf_array_t *units)
{
    sd_bus_error      e = SD_BUS_ERROR_NULL;
    sd_bus_message   *reply = NULL;
    const char       *type, *addr;
    char            **triggers = NULL;
    const char       *want = proto == PF_PROTO_UDP ? "Datagram" : "Stream";
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
        if (strcmp(type, want) != 0 || !pf_unix_listen_matches(addr, port)) {
            continue;
        }
        if (triggers == NULL) {
            (void) sd->get_property_strv(bus, "org.freedesktop.systemd1",
                                         path,
                                         "org.freedesktop.systemd1.Unit",
                                         "Triggers", &e, &triggers);
            sd->error_free(&e);
        }
        u = pf_array_push(units);
        if (u == NULL) {
            break;
        }
        u->unit = pf_pstrdup(pool, unit);
        u->listen = pf_pstrdup(pool, addr);
        u->activates = triggers != NULL && triggers[0] != NULL
                       ? pf_pstrdup(pool, triggers[0]) : NULL;
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

static int
pf_bus_socket_units(pf_pool_t *pool, pf_proto_t proto, unsigned port,
                    pf_array_t *units)
{
    const pf_sdbus_t *sd = pf_sdbus_get();
    sd_bus           *bus = NULL;
    sd_bus_error      e = SD_BUS_ERROR_NULL;
    sd_bus_message   *reply = NULL;
    const char       *name, *path, *skip;
    uint32_t          job;
    int               r;

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
        pf_bus_unit_listens(pool, sd, bus, name, path, proto, port, units);
    }
    sd->message_unref(reply);
    sd->flush_close_unref(bus);
    return PF_OK;
}

#else

static int
pf_bus_socket_units(pf_pool_t *pool, pf_proto_t proto, unsigned port,
                    pf_array_t *units)
{
    return PF_ERROR;               /* built without libsystemd */
}

#endif

static int
pf_systemctl_socket_units(pf_pool_t *pool, unsigned port, pf_array_t *units)
{
    FILE   *f;
    char   *buf;
    size_t  len = 0, n;
    int     status;

    f = popen("systemctl list-sockets --all --no-legend --full "
              "--no-pager 2>/dev/null", "r");
    if (f == NULL) {
        return PF_ERROR;
    }
    buf = malloc(PF_LIST_SOCKETS_MAX);
    if (buf == NULL) {
        pclose(f);
        return PF_ENOMEM;
    }
    while (len < PF_LIST_SOCKETS_MAX
           && (n = fread(buf + len, 1, PF_LIST_SOCKETS_MAX - len, f)) > 0)
    {
        len += n;
    }
    status = pclose(f);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        free(buf);
        return PF_ERROR;
    }
    pf_unix_list_sockets_parse(pool, buf, len, port, units);
    free(buf);
    return PF_OK;
}

static int
pf_seen(const pf_array_t *names, const char *name)
{
    size_t i;

    for (i = 0; i < names->nelts; i++) {
        if (strcmp(PF_ARRAY_AT(names, char *, i), name) == 0) {
            return 1;
        }
    }
    return 0;
}

static void
pf_unit_dir(pf_pool_t *pool, const char *dir, pf_proto_t proto,
            unsigned port, pf_array_t *seen, pf_array_t *units)
{
    DIR           *d = opendir(dir);
    struct dirent *de;
    char           path[1024];
    char          *text;
    size_t         n, len;

    while (d != NULL && (de = readdir(d)) != NULL) {
        n = strlen(de->d_name);
        if (n <= 7 || strcmp(de->d_name + n - 7, ".socket") != 0
            || pf_seen(seen, de->d_name))
        {
            continue;
        }
        /* the first directory wins: /etc overrides /run and /lib */
        pf_array_push_str(seen, de->d_name);
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        text = pf_unix_read_text(pool, path, 65536, &len);
        if (text != NULL) {
            pf_unix_socket_unit_file_parse(pool, de->d_name, text, len,
                                           proto, port, units);
        }
    }
    if (d != NULL) {
        closedir(d);
    }
}

static void
pf_unit_files_socket_units(pf_pool_t *pool, pf_proto_t proto, unsigned port,
                           pf_array_t *units)
{
    static const char *const dirs[] = {
        "/etc/systemd/system", "/run/systemd/system", "/lib/systemd/system",
        "/usr/lib/systemd/system", NULL
    };
    pf_array_t  seen;
    size_t      i, first = units->nelts;
    const char *env = getenv("SYSTEMD_UNIT_PATH");
    char       *list, *dir, *save = NULL;

    if (pf_array_init(&seen, pool, 16, sizeof(char *)) != PF_OK) {
        return;
    }
    /* systemd's own override of the search path (tests use it too) */
    if (env != NULL && *env != '\0'
        && (list = pf_pstrdup(pool, env)) != NULL)
    {
        for (dir = strtok_r(list, ":", &save); dir != NULL;
             dir = strtok_r(NULL, ":", &save))
        {
            pf_unit_dir(pool, dir, proto, port, &seen, units);
        }
    } else {
        for (i = 0; dirs[i] != NULL; i++) {
            pf_unit_dir(pool, dirs[i], proto, port, &seen, units);
        }
    }
    /* a file says what would listen, not what does: no remedy acts on it */
    for (i = first; i < units->nelts; i++) {
        PF_ARRAY_AT(units, pf_socket_unit_t, i).from_files = 1;
    }
}

void
pf_unix_socket_units(pf_pool_t *pool, pf_proto_t proto, unsigned port,
                     pf_array_t *units, pf_array_t *notes)
{
    if (pf_systemd_running()) {
        if (pf_bus_socket_units(pool, proto, port, units) == PF_OK) {
            return;
        }
        if (proto == PF_PROTO_TCP
            && pf_systemctl_socket_units(pool, port, units) == PF_OK)
        {
            return;
        }
        pf_array_push_str(notes, "systemd did not answer (sd-bus, "
                          "systemctl list-sockets): socket units read from "
                          "unit files");
    } else {
        pf_array_push_str(notes, "systemd is not running here: socket "
                          "units read from unit files");
    }
    pf_unit_files_socket_units(pool, proto, port, units);
}
