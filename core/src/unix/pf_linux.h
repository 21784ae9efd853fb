/* Linux facts helpers shared by the pf_linux_*.c files (chosen by
 * configure for a Linux host; core/src/unix/unix.am). */
#ifndef PF_LINUX_H
#define PF_LINUX_H

#include "pf_unix.h"

/* net.ipv4.ip_unprivileged_port_start (pf_linux_host.c); 1024 when it
 * cannot be read. */
int pf_linux_unprivileged_port_start(void);
/* The same, read under a proc root ("/proc", or a test's fake tree). */
int pf_linux_unprivileged_port_start_at(const char *proc_root);

/* ---------------------------------------------------------------------
 * Listeners on a port (pf_linux_sockdiag.c, pf_linux_procnet.c).
 * Both append pf_listener_t to listeners.
 */

/* NETLINK_SOCK_DIAG with a kernel-side filter on the source port.
 * PF_ERROR when netlink cannot answer (then use /proc/net). */
int pf_linux_sockdiag_listeners(pf_pool_t *pool, pf_proto_t proto,
                               unsigned port, pf_array_t *listeners,
                               pf_error_t *err);

/* Every TCP socket but listening and time-wait ones on port: when
 * nothing listens, a connection using the port as its local port is
 * what blocks a bind. */
int pf_linux_sockdiag_bound(pf_pool_t *pool, unsigned port,
                           pf_array_t *sockets, pf_error_t *err);

/* Which sockets a reader of the kernel's tables keeps, and where to:
 * the /proc/net parsers and sock_diag (pf_linux_sockdiag.c). */
typedef struct {
    pf_pool_t   *pool;
    pf_family_t  fam;          /* the text's address format (parse only) */
    pf_proto_t   proto;
    unsigned     port;         /* 0: every port */
    unsigned     states;       /* bit N keeps kernel TCP state N (10
                                  LISTEN, 7 CLOSE, 1 ESTABLISHED...) */
    pf_array_t  *listeners;    /* pf_listener_t, appended to */
} pf_linux_sock_query_t;

/* Pure: parses the text of /proc/net/tcp, tcp6, udp or udp6 (w->fam
 * says which address format).  Keeps listening TCP sockets (unconnected
 * or connected bound UDP sockets for udp) on w->port, or on every port
 * when it is 0; w->states is not read.  Malformed lines are skipped. */
int pf_linux_procnet_parse(const pf_linux_sock_query_t *w,
                          const char *text, size_t len, pf_error_t *err);
/* The same, keeping the kernel states w->states asks for. */
int pf_linux_procnet_parse_states(const pf_linux_sock_query_t *w,
                                 const char *text, size_t len,
                                 pf_error_t *err);
/* The states pf_linux_procnet_parse keeps for proto. */
unsigned pf_linux_procnet_listen_states(pf_proto_t proto);

/* Reads proc_root/net/{tcp,tcp6} (or udp, udp6) and parses them (w->fam
 * is not read: both files are). */
int pf_linux_procnet_sockets(const pf_linux_sock_query_t *w,
                            const char *proc_root, pf_error_t *err);

/* ---------------------------------------------------------------------
 * A unix socket's path (pf_linux_sockfile.c).
 */
pf_sockfile_t pf_linux_sockfile_kind(const char *path);
/* The listening socket's inode from proc_root/net/unix; 0 none. */
unsigned long pf_linux_sockfile_inode(const char *proc_root, const char *path);
/* Pure: one line of /proc/net/unix; the inode when it is path's
 * listening socket, else 0. */
unsigned long pf_linux_sockfile_parse_inode(const char *line,
                                           const char *path);

/* ---------------------------------------------------------------------
 * Who holds the listeners (pf_linux_owners.c, pf_linux_process.c).
 */

/* Fills each listener's pids from proc_root/[pid]/fd; notes what could
 * not be seen. */
int pf_linux_find_owners(pf_pool_t *pool, const char *proc_root,
                        pf_array_t *listeners, pf_array_t *notes);

/* The processes of the cgroup v2 with this id (a socket creator's, from
 * sock_diag), malloc'd; NULL when unknown or the root cgroup.  A hint of
 * where to look first, never a proof (pf_linux_cghint.c). */
long *pf_linux_cgroup_procs(unsigned long long id, size_t *count);
/* Pure: a list of pids ("1\n25\n", "25 26 "), malloc'd; and the file
 * dirfd/rel read whole as one (NULL when it cannot be read). */
long *pf_linux_pid_list_parse(const char *text, size_t len, size_t *count);
long *pf_linux_pid_list_read(int dirfd, const char *rel, size_t *count);
/* Pure: the parent in a /proc/PID/stat line, 0 when not found. */
long pf_linux_stat_ppid(const char *text);

/* Fills p (pid set) from proc_root/PID: name, exe, cmdline, ppid, uid,
 * user, unit, container, CAP_NET_BIND_SERVICE.  A vanished process
 * leaves the fields unknown. */
void pf_linux_process_read(pf_pool_t *pool, const char *proc_root,
                          pf_process_t *p);

/* The user name of a uid (getpwuid_r); NULL when unknown. */
const char *pf_linux_user_name(pf_pool_t *pool, long uid);

/* Pure: "CapEff:\t0000000000000400" lines of a status file: 1 when
 * CAP_NET_BIND_SERVICE is effective, 0 when not, -1 unknown.  Also the
 * PPid and (real) Uid when the pointers are not NULL. */
int pf_linux_status_parse(const char *text, long *ppid, long *uid);
/* "NSpid:" of /proc/PID/status: the PID in the process's own (innermost)
 * PID namespace when it differs from ours (the first number), else 0. */
long pf_linux_status_nspid(const char *text);

/* Pure: /proc/PID/cgroup (v1 or v2), read as systemd lays cgroups
 * out (pf_linux_cgroup.c says how). */
typedef struct {
    pf_unit_kind_t kind;
    const char    *path;        /* the systemd line's path */
    const char    *unit;        /* PF_UNIT_SYSTEM only */
    const char    *cgroup_unit; /* the unit the path names */
    long           uid;         /* PF_UNIT_USER: user@UID.service */
    const char    *container;   /* a container id, when one shows */
} pf_cgroup_t;

void pf_linux_cgroup_read(pf_pool_t *pool, const char *text, size_t len,
                         pf_cgroup_t *out);

/* Pure: the same, the two fields most callers want: *unit is a service
 * of the system manager only (never one below a delegated subtree), and
 * *container the container id, when found. */
void pf_linux_cgroup_parse(pf_pool_t *pool, const char *text, size_t len,
                          const char **unit, const char **container);

/* Pure: a docker-proxy command line (arguments joined by spaces).
 * PF_OK when it named at least a host port. */
int pf_linux_docker_proxy_parse(pf_pool_t *pool, const char *cmdline,
                               pf_container_t *out);

/* Pure: does a Docker config.v2.json give this container address?  1
 * when it does; *name is then the container's name when found. */
int pf_linux_docker_config_match(pf_pool_t *pool, const char *text,
                                const char *container_ip, const char **name);

/* The id and name of the container with that address, from Docker's
 * state directory ("/var/lib/docker/containers"); needs root. */
void pf_linux_docker_find(pf_pool_t *pool, const char *dir,
                         pf_container_t *ct);

/* ---------------------------------------------------------------------
 * systemd socket units (pf_unix_sockunit*.c).  All append
 * pf_socket_unit_t listening on port (tcp: ListenStream, udp:
 * ListenDatagram).
 */

/* Pure: "systemctl list-sockets --all --no-legend --full" output. */
int pf_linux_list_sockets_parse(pf_pool_t *pool, const char *text,
                               size_t len, unsigned port,
                               pf_array_t *units);

/* Pure: one .socket unit file's text; its name is "foo.socket". */
int pf_linux_socket_unit_file_parse(pf_pool_t *pool,
                                   const pf_conf_text_t *file,
                                   pf_proto_t proto, unsigned port,
                                   pf_array_t *units);

/* Pure: does a Listen value ("80", "0.0.0.0:80", "[::]:80") name port? */
int pf_linux_listen_matches(const char *listen, unsigned port);

/* sd-bus, then systemctl, then unit files; notes which answered. */
void pf_linux_socket_units(pf_pool_t *pool, pf_proto_t proto, unsigned port,
                          pf_array_t *units, pf_array_t *notes);

/* ---------------------------------------------------------------------
 * Proof of possession (pf_linux_unitproof.c): for each holder in a
 * service of the system manager, asks systemd whether it is that
 * service's process; sets unit_proven and unit_proof.
 */
void pf_linux_prove_units(pf_pool_t *pool, pf_target_facts_t *f);
/* Nonzero when s is a name systemd could have given a unit. */
int  pf_linux_unit_name_ok(const char *s);
/* Pure: the Id, ControlGroup, MainPID and User lines of `systemctl show`
 * (each left as it was when absent). */
void pf_linux_show_parse(pf_pool_t *pool, const char *text, const char **id,
                        const char **cgroup, long *main_pid,
                        const char **user);

/* Port forwarders (pf_linux_forwarder.c): which holders forward a port to
 * a container, known by their executable, owner, parent and arguments,
 * never by their name; appends pf_container_t to f->containers. */
void pf_linux_forwarders(pf_pool_t *pool, const char *proc_root,
                        const pf_check_t *c, pf_target_facts_t *f);

/* ---------------------------------------------------------------------
 * Host facts (pf_linux_host.c).
 */
void pf_linux_host_facts(const pf_context_t *ctx, pf_pool_t *pool,
                        pf_host_facts_t *h);

#endif
