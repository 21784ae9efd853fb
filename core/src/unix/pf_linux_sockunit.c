/*
 * Which systemd socket unit listens on a port, when pid 1 holds it.
 * Asked of systemd itself first (sd-bus: built with libsystemd's header,
 * the library opened on first use, pf_linux_sdbus.c), then of systemctl,
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

#include "preflight_internal.h"
#include "pf_linux.h"
#include "pf_linux_sdbus.h"

#define PF_LIST_SOCKETS_MAX  (1024 * 1024)

static int
pf_sockunit_systemd(void)
{
    struct stat st;

    return stat("/run/systemd/system", &st) == 0 && S_ISDIR(st.st_mode);
}

static int
pf_sockunit_ctl(pf_pool_t *pool, unsigned port, pf_array_t *units)
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
    pf_linux_list_sockets_parse(pool, buf, len, port, units);
    free(buf);
    return PF_OK;
}

static int
pf_sockunit_seen(const pf_array_t *names, const char *name)
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
pf_sockunit_dir(pf_pool_t *pool, const char *dir, pf_proto_t proto,
                unsigned port, pf_array_t *seen, pf_array_t *units)
{
    DIR           *d = opendir(dir);
    struct dirent *de;
    char           path[1024];
    pf_conf_text_t file;
    size_t         n;

    while (d != NULL && (de = readdir(d)) != NULL) {
        n = strlen(de->d_name);
        if (n <= 7 || strcmp(de->d_name + n - 7, ".socket") != 0
            || pf_sockunit_seen(seen, de->d_name))
        {
            continue;
        }
        /* the first directory wins: /etc overrides /run and /lib */
        pf_array_push_str(seen, de->d_name);
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        file.name = de->d_name;
        file.text = pf_unix_read_text(pool, path, 65536, &file.len);
        if (file.text != NULL) {
            pf_linux_socket_unit_file_parse(pool, &file, proto, port, units);
        }
    }
    if (d != NULL) {
        closedir(d);
    }
}

static void
pf_sockunit_files(pf_pool_t *pool, pf_proto_t proto, unsigned port,
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
            pf_sockunit_dir(pool, dir, proto, port, &seen, units);
        }
    } else {
        for (i = 0; dirs[i] != NULL; i++) {
            pf_sockunit_dir(pool, dirs[i], proto, port, &seen, units);
        }
    }
    /* a file says what would listen, not what does: no remedy acts on it */
    for (i = first; i < units->nelts; i++) {
        PF_ARRAY_AT(units, pf_socket_unit_t, i).from_files = 1;
    }
}

void
pf_linux_socket_units(pf_pool_t *pool, pf_proto_t proto, unsigned port,
                     pf_array_t *units, pf_array_t *notes)
{
    if (pf_sockunit_systemd()) {
        if (pf_sdbus_socket_units(pool, proto, port, units) == PF_OK) {
            return;
        }
        if (proto == PF_PROTO_TCP
            && pf_sockunit_ctl(pool, port, units) == PF_OK)
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
    pf_sockunit_files(pool, proto, port, units);
}
