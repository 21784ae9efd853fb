/*
 * Fuzz target: the small pure parsers of the Linux facts layer, each fed
 * every input: /proc/PID/status, /proc/PID/cgroup, a docker-proxy
 * command line, `systemctl list-sockets` output, a .socket unit file, a
 * Listen= value, `systemctl show` output, a unit name and the command
 * line a server's stop advice is made from, /proc/PID/stat's parent, a
 * list of pids (cgroup.procs, /proc/PID/task/TID/children).  They read text from processes and files that any
 * user can shape (a command line, a unit file), so none may crash.
 */
#include <stdlib.h>
#include <string.h>

#include "pf_fuzz.h"
#include "unix/pf_linux.h"
#include "diagnose/pf_diagnose.h"

static void
pf_fuzz_unix_facts(pf_pool_t *pool, const char *text, size_t len)
{
    pf_array_t      units;
    pf_conf_text_t  file;
    pf_container_t  container;
    const char     *unit = NULL, *id = NULL, *cg = NULL, *user = NULL;
    long            ppid = -1, uid = -1, main_pid = -1, *pids;
    size_t          npids;
    pf_cgroup_t     cgroup;

    (void) pf_linux_status_parse(text, &ppid, &uid);
    (void) pf_linux_status_nspid(text);
    (void) pf_linux_stat_ppid(text);
    pids = pf_linux_pid_list_parse(text, len, &npids);
    free(pids);
    pf_linux_cgroup_parse(pool, text, len, &unit, &id);
    pf_linux_cgroup_read(pool, text, len, &cgroup);
    pf_linux_show_parse(pool, text, &id, &cg, &main_pid, &user);
    (void) pf_linux_unit_name_ok(text);
    memset(&container, 0, sizeof(container));
    (void) pf_linux_docker_proxy_parse(pool, text, &container);
    (void) pf_linux_listen_matches(text, 80);
    (void) pf_offer_stop_command(pool, text);
    if (pf_array_init(&units, pool, 2, sizeof(pf_socket_unit_t)) != PF_OK) {
        return;
    }
    (void) pf_linux_list_sockets_parse(pool, text, len, 80, &units);
    file.name = "fuzz.socket";
    file.text = text;
    file.len = len;
    (void) pf_linux_socket_unit_file_parse(pool, &file,
                                          len & 1 ? PF_PROTO_UDP
                                                  : PF_PROTO_TCP,
                                          80, &units);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return pf_fuzz_run_text(data, size, 64 * 1024, pf_fuzz_unix_facts);
}
