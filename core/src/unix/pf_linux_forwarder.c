/*
 * Port forwarders: a process that holds a host port for a container.
 * Anybody can name a process "docker-proxy" (comm is the file name it was
 * run as), and a lookalike would hide the real holder behind a real
 * container's name (issue 16).  So a forwarder is known by what the
 * kernel says of it:
 *
 *   docker-proxy  its executable (/proc/PID/exe) is named docker-proxy,
 *                 it runs as root, its parent runs as root from an
 *                 executable named dockerd (a user cannot start a root
 *                 process), and its arguments publish this very port;
 *   rootless      rootlessport (Podman), rootlesskit (Docker rootless),
 *                 pasta, slirp4netns: the executable is a root-owned file
 *                 that nobody else may write (a package's binary, not a
 *                 user's copy).  They run as the user whose container it
 *                 is: advice only, never an action.
 *
 * Anything else is an ordinary process, whatever its name.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "preflight_internal.h"
#include "pf_linux.h"

/* Docker's default data-root */
#define PF_DOCKER_CONTAINERS  "/var/lib/docker/containers"

static const char *
pf_fw_base(const char *path)
{
    const char *s = path != NULL ? strrchr(path, '/') : NULL;

    return s != NULL ? s + 1 : path;
}

static int
pf_fw_base_is(const char *path, const char *name)
{
    const char *b = pf_fw_base(path);

    return b != NULL && strcmp(b, name) == 0;
}

/* The parent's executable and uid, as the kernel says. */
static int
pf_fw_dockerd_child(pf_pool_t *pool, const char *proc_root, long ppid)
{
    pf_process_t parent;

    if (ppid <= 0) {
        return 0;
    }
    pf_process_init(&parent, pool);
    parent.pid = ppid;
    pf_linux_process_read(pool, proc_root, &parent);
    return parent.uid == 0 && pf_fw_base_is(parent.exe, "dockerd");
}

static pf_container_t *
pf_fw_push(pf_target_facts_t *f, const pf_process_t *p,
           const char *forwarder)
{
    pf_container_t *k = pf_array_push(&f->containers);

    if (k != NULL) {
        k->proxy_pid = p->pid;
        k->forwarder = forwarder;
        k->uid = p->uid;
    }
    return k;
}

static void
pf_fw_proxy(pf_pool_t *pool, const char *proc_root, const pf_check_t *c,
            pf_target_facts_t *f, const pf_process_t *p)
{
    pf_container_t  ct, *k;
    const char     *why = NULL;

    memset(&ct, 0, sizeof(ct));
    if (p->uid != 0) {
        why = "it does not run as root";
    } else if (!pf_fw_dockerd_child(pool, proc_root, p->ppid)) {
        why = "its parent is not dockerd running as root";
    } else if (pf_linux_docker_proxy_parse(pool, p->cmdline, &ct) != PF_OK
               || ct.host_port != c->target.port)
    {
        why = "its arguments do not publish this port";
    }
    if (why != NULL) {
        pf_array_push_strf(&f->notes, "PID %ld runs an executable named "
                           "docker-proxy, but %s: not Docker's proxy, an "
                           "ordinary process", p->pid, why);
        return;
    }
    k = pf_fw_push(f, p, "docker-proxy");
    if (k == NULL) {
        return;
    }
    k->proto = ct.proto;
    k->host_ip = ct.host_ip;
    k->host_port = ct.host_port;
    k->container_ip = ct.container_ip;
    k->container_port = ct.container_port;
    k->id = p->container;
    pf_linux_docker_find(pool, PF_DOCKER_CONTAINERS, k);
}

/* A package's binary: owned by root, written by nobody else, in a
 * directory of the same kind. */
static int
pf_fw_system_binary(const char *exe)
{
    struct stat st;
    char        dir[4096];
    const char *slash = exe != NULL ? strrchr(exe, '/') : NULL;

    if (slash == NULL || slash == exe || (size_t) (slash - exe) >= sizeof(dir)
        || stat(exe, &st) != 0 || st.st_uid != 0 || (st.st_mode & 022))
    {
        return 0;
    }
    memcpy(dir, exe, (size_t) (slash - exe));
    dir[slash - exe] = '\0';
    return stat(dir, &st) == 0 && st.st_uid == 0 && !(st.st_mode & 022);
}

static void
pf_fw_rootless(pf_target_facts_t *f, const pf_check_t *c, const pf_process_t *p,
               const char *forwarder)
{
    pf_container_t *k;

    if (!pf_fw_system_binary(p->exe)) {
        pf_array_push_strf(&f->notes, "PID %ld runs an executable named %s "
                           "that is not a root-owned system binary: an "
                           "ordinary process", p->pid, forwarder);
        return;
    }
    k = pf_fw_push(f, p, forwarder);
    if (k != NULL) {
        k->rootless = 1;
        k->proto = c->target.proto == PF_PROTO_UDP ? "udp" : "tcp";
        k->host_port = c->target.port;
    }
}

void
pf_linux_forwarders(pf_pool_t *pool, const char *proc_root,
                   const pf_check_t *c, pf_target_facts_t *f)
{
    static const char *const rootless[] = {
        "rootlessport", "rootlesskit", "pasta", "pasta.avx2", "slirp4netns",
        NULL
    };
    size_t i, j;

    for (i = 0; i < f->processes.nelts; i++) {
        const pf_process_t *p = &PF_ARRAY_AT(&f->processes, pf_process_t, i);

        if (p->exe == NULL) {
            continue;
        }
        if (pf_fw_base_is(p->exe, "docker-proxy")) {
            pf_fw_proxy(pool, proc_root, c, f, p);
            continue;
        }
        for (j = 0; rootless[j] != NULL; j++) {
            if (pf_fw_base_is(p->exe, rootless[j])) {
                pf_fw_rootless(f, c, p, rootless[j]);
                break;
            }
        }
    }
}
