/*
 * The facts model of preflight: the memory a report lives in, errors,
 * targets, the probe's outcome, the facts about a target that could not
 * be bound and about the host, the findings of diagnose, and the report
 * that holds one run of the pipeline.  Plain C99, free of platform
 * headers: the same structures describe a Linux and a Windows host, and a
 * Windows case can be built by hand in a unit test on Linux.
 *
 * A host gets this through preflight.h; the core's parts and tests
 * through preflight_internal.h.
 */
#ifndef PREFLIGHT_FACTS_H
#define PREFLIGHT_FACTS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PF_JSON_SCHEMA   1
#define PF_ADDRSTRLEN    64
#define PF_UNIX_PATH_MAX 108     /* sun_path on Linux, NUL included */
/* The tree of `preflight facts`: raised when a field changes meaning or
 * goes away (adding one does not); `--facts` refuses a newer one. */
#define PF_FACTS_SCHEMA  1


/* ---------------------------------------------------------------------
 * Memory: a pool (arena).  Every allocation of a report comes from its
 * pool; nothing is freed one by one.  Allocation failure returns NULL and
 * never exits: the core runs inside Apache and nginx.
 */
typedef struct pf_pool_s pf_pool_t;

pf_pool_t  *pf_pool_create(void);
void        pf_pool_destroy(pf_pool_t *pool);
void       *pf_palloc(pf_pool_t *pool, size_t size);          /* zeroed */
char       *pf_pstrdup(pf_pool_t *pool, const char *s);
char       *pf_pstrndup(pf_pool_t *pool, const char *s, size_t n);
char       *pf_psprintf(pf_pool_t *pool, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Bytes the pool has taken from malloc so far (its blocks). */
size_t      pf_pool_bytes(const pf_pool_t *pool);

/* A growable array of fixed-size elements, in the manner of ngx_array_t. */
typedef struct {
    void       *elts;
    size_t      nelts;
    size_t      size;
    size_t      nalloc;
    pf_pool_t  *pool;
} pf_array_t;

int         pf_array_init(pf_array_t *a, pf_pool_t *pool, size_t n,
                          size_t size);
void       *pf_array_push(pf_array_t *a);     /* zeroed; NULL on OOM */
#define PF_ARRAY_AT(a, type, i)  (((type *) (a)->elts)[i])
/* Convenience for arrays of strings. */
int         pf_array_push_str(pf_array_t *a, const char *s);
/* Nonzero when the array of long holds v. */
int         pf_array_has_long(const pf_array_t *a, long v);
int         pf_array_push_strf(pf_array_t *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* A growable string buffer, malloc-backed, for rendering. */
typedef struct {
    char       *data;
    size_t      len;
    size_t      cap;
    int         failed;      /* an allocation failed; data is truncated */
} pf_buf_t;

void        pf_buf_init(pf_buf_t *b);
void        pf_buf_free(pf_buf_t *b);
void        pf_buf_add(pf_buf_t *b, const char *s, size_t n);
void        pf_buf_puts(pf_buf_t *b, const char *s);
void        pf_buf_printf(pf_buf_t *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ---------------------------------------------------------------------
 * Errors: what went wrong, where (file and line when a file is to blame).
 */
typedef struct {
    char        file[1024];  /* empty when no file is concerned */
    unsigned    line;        /* 0 when no line is concerned */
    char        message[1024];
} pf_error_t;

void        pf_error_set(pf_error_t *err, const char *file, unsigned line,
                         const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* "file:line: message", "file: message" or "message" */
const char *pf_error_format(const pf_error_t *err, char *out, size_t len);

/* Return codes of the core's functions. */
#define PF_OK        0
#define PF_ERROR    -1   /* pf_error_t says why */
#define PF_ENOMEM   -2

/* ---------------------------------------------------------------------
 * Targets: the listen addresses to check.
 */
typedef enum {
    PF_PROTO_TCP = 0,
    PF_PROTO_UDP
} pf_proto_t;

typedef enum {
    PF_FAMILY_ANY   = 0,     /* "*:80": as the server does, dual-stack */
    PF_FAMILY_INET  = 4,
    PF_FAMILY_INET6 = 6,
    PF_FAMILY_UNIX  = 1      /* nginx "unix:/path": a socket file, in
                                pf_target_t.path; no port */
} pf_family_t;

typedef enum {
    PF_SERVER_ANY = 0,
    PF_SERVER_APACHE,
    PF_SERVER_NGINX
} pf_server_t;

typedef struct {
    char        address[PF_ADDRSTRLEN]; /* numeric; "*" for any address */
    pf_family_t family;
    unsigned    port;
    pf_proto_t  proto;
    int         v6only;      /* -1 the OS default, else 0 or 1 */
    int         reuseport;   /* SO_REUSEPORT requested (nginx reuseport) */
    const char *spelling;    /* as written: "localhost:80", "[::]:443" */
    const char *source;      /* "/etc/nginx/nginx.conf:12", "command line" */
    pf_server_t server;      /* who will bind it */
    int         held_by_self;/* the host already holds this socket */
    const char *path;        /* PF_FAMILY_UNIX: the socket file */
    const char *refused;     /* the server refuses its configuration for
                                this line, in its own words ("a duplicate
                                listen 0.0.0.0:80"); NULL: it does not */
    const char *refused_with;/* the earlier line it repeats */
    int         own_socket;  /* nginx: "bind" or a socket option gives
                                this address a socket of its own, even
                                beside a wildcard of its port */
    int         v4_fallback; /* Apache "Listen P": when the dual-stack
                                [::]:P cannot be bound, httpd binds
                                0.0.0.0:P alone and starts */
    const char *pid_file;    /* the pid file of the configuration that
                                asks for it (PidFile, pid): the server
                                it names is not a conflict with itself */
} pf_target_t;

/* "80", "*:80", "0.0.0.0:80", "127.0.0.1:8080", "[::]:443", "[::1]:8080",
 * "localhost:80" (resolved: one target per address).  Appends to `out`,
 * an array of pf_target_t. */
int pf_target_parse(pf_pool_t *pool, const char *spec, const char *source,
                    pf_array_t *out, pf_error_t *err);

/* "0.0.0.0:80", "[::]:443", "*:80" */
const char *pf_target_name(const pf_target_t *t, char *out, size_t len);
/* A listen argument as a server writes it ("80", "*:80", "1.2.3.4:80",
 * "[::1]:80"): its host ("" for none or "*") and port, with the errors of
 * pf_target_parse(); no name is looked up.  PF_OK or PF_ERROR. */
int pf_target_split_listen(const char *spec, char *host, size_t hostlen,
                           unsigned *port, pf_error_t *err);


/* ---------------------------------------------------------------------
 * Probe: bind as the server would and classify the outcome.
 */
typedef enum {
    PF_STATUS_UNCHECKED = 0,
    PF_STATUS_FREE,
    PF_STATUS_IN_USE,        /* another socket holds it */
    PF_STATUS_DENIED,        /* WSAEACCES: exclusive owner or excluded
                                range; never "permission" */
    PF_STATUS_PRIVILEGED,    /* EACCES below the unprivileged port start */
    PF_STATUS_NOT_LOCAL,     /* EADDRNOTAVAIL */
    PF_STATUS_UNSUPPORTED,   /* EAFNOSUPPORT: no IPv6 here, say */
    PF_STATUS_ERROR,         /* anything else; errno kept */
    PF_STATUS_CLASH          /* the server's own listen set: an earlier
                                address of this configuration takes it,
                                or the server refuses the line */
} pf_status_t;

typedef enum {
    PF_ERRSPACE_POSIX = 0,   /* errno */
    PF_ERRSPACE_WINSOCK      /* WSAGetLastError() */
} pf_errspace_t;

typedef struct {
    pf_status_t   status;
    int           err;       /* 0 when free */
    pf_errspace_t errspace;
    const char   *err_name;  /* "EADDRINUSE", "WSAEACCES", NULL if free */
    char          bound_address[PF_ADDRSTRLEN]; /* the address tried */
} pf_probe_t;

/* Pure: what an error code from bind() means. */
pf_status_t  pf_probe_classify(pf_errspace_t space, int err, unsigned port,
                               int unprivileged_port_start);

/* The bind test alone, of an address a server holds in binary form
 * (`sa`: a struct sockaddr_in or sockaddr_in6 of `len` bytes), as
 * pf_report_probe() binds a target: 0 when it binds, else the errno
 * (Windows: the WSA error).  No report, no allocation: a server module's
 * healthy start asks only this, and builds a report, which probes again
 * and explains, when something failed.  `v6only`: -1 the OS default;
 * `reuseport`: SO_REUSEPORT where there is one. */
int          pf_probe_sockaddr(const void *sa, size_t len, pf_proto_t proto,
                               int reuseport, int v6only);
/* One socket as a server will bind it: its address in binary form and
 * the options the server sets on it. */
typedef struct {
    const void *sockaddr;    /* struct sockaddr_in, _in6 (nginx: or _un) */
    size_t      socklen;
    pf_proto_t  proto;
    int         reuseport;   /* SO_REUSEPORT where there is one */
    int         v6only;      /* IPV6_V6ONLY: -1 the OS default, 0 or 1 */
    int         backlog;     /* listen() of a socket that is kept */
} pf_bind_spec_t;

/* The bind test of pf_probe_sockaddr() that keeps its socket when the
 * address binds, for a server that takes a listener already open (nginx
 * skips one whose fd is set), so that nothing is bound twice.  Unix: the
 * socket is made as nginx makes its own: SO_REUSEADDR, SO_REUSEPORT when
 * `reuseport`, IPV6_V6ONLY = `v6only` (>= 0), non-blocking, NOT
 * close-on-exec, listen(`backlog`) for a stream.  0 and *fd, else the
 * errno and *fd = -1, nothing left open.  Inet families only.  Windows
 * keeps none: 0 with *fd = -1 when the address binds. */
int          pf_probe_keep_sockaddr(const pf_bind_spec_t *b, int *fd);
const char  *pf_status_name(pf_status_t s);  /* "free", "in-use", ... */
const char  *pf_errno_name(pf_errspace_t space, int err);

/* ---------------------------------------------------------------------
 * Facts: plain data about a target that could not be bound, and about the
 * host.  Gathered only when some target failed.  Strings may be NULL when
 * unknown.  Numbers use -1 for unknown.
 */
/* Which manager a process's cgroup belongs to. */
typedef enum {
    PF_UNIT_NONE = 0,        /* no systemd cgroup (or "/"), or unknown */
    PF_UNIT_SYSTEM,          /* slices, then X.service: the system's */
    PF_UNIT_DELEGATED,       /* below a system service's own cgroup */
    PF_UNIT_USER,            /* below user@UID.service: a user manager's */
    PF_UNIT_SCOPE,           /* a .scope: a login session, a transient run */
    PF_UNIT_CONTAINER        /* a container, or below machine.slice */
} pf_unit_kind_t;

typedef struct {
    long        pid;
    long        ppid;
    const char *name;        /* comm, or the image base name on Windows */
    const char *exe;         /* full path */
    const char *cmdline;     /* arguments joined by spaces */
    const char *user;
    long        uid;
    const char *unit;        /* systemd unit, from the cgroup */
    const char *container;   /* container id, from the cgroup */
    pf_array_t  services;    /* const char *: Windows services in it */
    int         kernel;      /* Windows PID 4 (0 under Wine): HTTP.sys */
    int         is_self;     /* this server: its pid, pid file or parent */
    int         cap_net_bind_service; /* -1 unknown */
    /* Whose unit the cgroup puts it in (Linux).  `unit` above is set only
     * for PF_UNIT_SYSTEM: a service of the system manager with no
     * delegated subtree above it.  Proof of possession (issue 16): a
     * remedy acts on `unit` only when unit_proven is 1. */
    pf_unit_kind_t unit_kind;
    const char *cgroup;      /* the systemd cgroup path */
    const char *cgroup_unit; /* the unit the cgroup names, whatever its
                                manager: "ssh.service" of a user manager,
                                "session-3.scope" */
    long        unit_uid;    /* PF_UNIT_USER: the UID of user@UID.service */
    int         unit_proven; /* 1 systemd says it is `unit`'s main process
                                or runs as its user; 0 systemd says not;
                                -1 systemd not asked or did not answer */
    const char *unit_proof;  /* what systemd said, in words */
    int         old_generation; /* this server's older generation (a child
                                   of this process, or this executable with
                                   this configuration): still shutting
                                   down; is_self is set too */
    int         gone;        /* exited while its facts were read */
    long        ns_pid;      /* its PID in its own PID namespace, when
                                that is not ours (NSpid); 0 otherwise */
} pf_process_t;

typedef struct {
    char        address[PF_ADDRSTRLEN];
    pf_family_t family;
    unsigned    port;
    pf_proto_t  proto;
    unsigned long inode;     /* Linux socket inode, 0 unknown */
    long        uid;         /* Linux socket owner, -1 unknown */
    long        owner_pid;   /* Windows owning PID, -1 unknown */
    int         v6only;      /* -1 unknown */
    pf_array_t  pids;        /* long: processes holding it */
    int         pids_visible;/* 0: some holders could not be read */
    const char *user;        /* the name of uid, NULL unknown */
    int         owner_gone;  /* Windows: owner_pid no longer exists; the
                                socket lives on in a process that
                                inherited it (pids, from the handles) */
    unsigned long long cgroup_id; /* Linux: the cgroup v2 id (inode of its
                                directory) of the socket's creator, 0
                                unknown: where to look for it first */
} pf_listener_t;

typedef struct {
    const char *unit;        /* "foo.socket" */
    const char *listen;      /* "0.0.0.0:80", "[::]:80", "80" */
    const char *activates;   /* "foo.service" */
    int         from_files;  /* read from unit files, systemd did not
                                answer: what would listen, no proof */
} pf_socket_unit_t;

typedef struct {
    long        proxy_pid;   /* the docker-proxy process */
    const char *proto;
    const char *host_ip;
    unsigned    host_port;
    const char *container_ip;
    unsigned    container_port;
    const char *id;          /* container id when known */
    const char *name;        /* container name when known */
    const char *forwarder;   /* "docker-proxy", or a rootless forwarder
                                ("rootlessport", "pasta", "slirp4netns"),
                                recognised by its executable */
    int         rootless;    /* a user's own container: advice only */
    long        uid;         /* the forwarder's user; -1 unknown */
} pf_container_t;

/* Windows HTTP.sys */
typedef struct {
    const char *name;        /* request queue name, may be NULL */
    pf_array_t  pids;        /* long */
    pf_array_t  urls;        /* const char * */
    pf_array_t  services;    /* const char *: services of those pids */
    int         from_handle; /* found as an open \Device\Http\ReqQueue
                                handle, not by netsh: URLs unknown */
    pf_array_t  images;      /* const char *, one per pid: its image path
                                as netsh printed it; NULL unknown ("<?>") */
    long        controller_pid; /* the queue's controller (IIS: the WAS
                                svchost), -1 none or unknown */
} pf_request_queue_t;

typedef struct {
    const char *url;         /* "http://+:80/Temporary_Listen_Addresses/" */
    const char *sddl;
} pf_url_reservation_t;

typedef enum {
    PF_KNOWN_NO = 0,         /* not tried */
    PF_KNOWN_YES,            /* tried and answered */
    PF_KNOWN_FAILED          /* tried and failed: see notes */
} pf_known_t;

typedef struct {
    pf_known_t  queues_known;     /* netsh http show servicestate */
    pf_array_t  queues;           /* pf_request_queue_t on this port; or,
                                     from the handle table, every queue */
    long        host_pid;         /* Wine: the process hosting http.sys,
                                     which holds the port's socket; 0 */
    pf_known_t  reservations_known;
    pf_array_t  reservations;     /* pf_url_reservation_t on this port */
    pf_known_t  iplisten_known;
    pf_array_t  iplisten;         /* const char *: the iplisten list */
    pf_known_t  dependents_known;
    pf_array_t  dependents;       /* const char *: running services that
                                     depend on the HTTP service */
    pf_known_t  http_probe_known; /* PF_KNOWN_FAILED: timed out */
    const char *server_header;    /* "Microsoft-HTTPAPI/2.0" */
    int         queues_partial;   /* part of netsh's output could not be
                                     read (see the notes): the queues are
                                     those that could */
} pf_httpsys_facts_t;

typedef struct {
    unsigned    start;
    unsigned    end;
    pf_family_t family;
    int         administered;     /* marked '*': added by an administrator */
} pf_port_range_t;

typedef struct {
    const char *name;
    const char *display_name;
    long        pid;
    int         running;
    const char *start_type;       /* "auto", "demand", "disabled", ... */
    pf_array_t  dependents;       /* const char *: running services that
                                     depend on it (stopped first) */
} pf_service_t;

/* What is at a unix socket's path (PF_FAMILY_UNIX targets). */
typedef enum {
    PF_SOCKFILE_UNKNOWN = 0,
    PF_SOCKFILE_NONE,             /* nothing there, the directory exists */
    PF_SOCKFILE_LIVE,             /* a socket a process listens on */
    PF_SOCKFILE_STALE,            /* a socket nobody listens on */
    PF_SOCKFILE_NOT_SOCKET,       /* another kind of file */
    PF_SOCKFILE_NO_DIR            /* its directory does not exist */
} pf_sockfile_t;
/* Windows: one `netsh interface portproxy` rule (IP Helper listens on
 * listen_address:listen_port and forwards each connection). */
typedef struct {
    const char *kind;             /* "v4tov4", "v4tov6", "v6tov4", "v6tov6" */
    const char *listen_address;   /* "0.0.0.0", "*", "127.0.0.1", ... */
    unsigned    listen_port;
    const char *connect_address;
    unsigned    connect_port;
} pf_portproxy_t;

/* Facts about one target that could not be bound. */
typedef struct {
    pf_known_t  listeners_known;
    pf_array_t  listeners;        /* pf_listener_t on this port */
    pf_array_t  processes;        /* pf_process_t holding them */
    pf_array_t  socket_units;     /* pf_socket_unit_t on this port */
    pf_array_t  containers;       /* pf_container_t publishing it */
    pf_array_t  services;         /* pf_service_t (Windows) of holders */
    pf_httpsys_facts_t httpsys;
    unsigned    free_port_nearby; /* 0 none found */
    pf_array_t  notes;            /* const char *: what could not be
                                     gathered, and why */
    pf_sockfile_t sockfile;       /* PF_FAMILY_UNIX: what is at the path */
    long        running_pid;      /* the running server of the target's
                                     pid file, when it holds the port */
    pf_known_t  portproxy_known;  /* the PortProxy registry keys */
    pf_array_t  portproxies;      /* pf_portproxy_t on this port */
} pf_target_facts_t;

/* Facts about the host, shared by all targets. */
typedef struct {
    const char *platform;         /* "linux", "windows", ... */
    long        euid;             /* -1 on Windows */
    int         is_admin;         /* root / elevated */
    int         unprivileged_port_start;  /* -1 unknown */
    int         cap_net_bind_service;     /* this process; -1 unknown */
    int         selinux;          /* -1 absent, 0 permissive, 1 enforcing */
    pf_array_t  local_addresses;  /* const char *, numeric */
    int         ipv6;             /* -1 unknown */
    pf_known_t  excluded_known;
    pf_array_t  excluded_ranges;  /* pf_port_range_t */
    int         systemd;          /* pid 1 is systemd */
    pf_array_t  notes;
    pf_known_t  dynamic_known;    /* netsh int ipv4|ipv6 show dynamicport */
    pf_array_t  dynamic_ranges;   /* pf_port_range_t: the TCP dynamic
                                     (ephemeral) port range per family */
    int         winnat;           /* the WinNAT service: -1 unknown, 0 not
                                     installed, 1 installed */
    int         wsl_mirrored;     /* WSL2 mirrored networking in the user's
                                     .wslconfig: -1 unknown, 0, 1 */
    void       *platform_cache;   /* the platform layer's, for this report
                                     only (Windows: what netsh printed,
                                     asked once for every target) */
} pf_host_facts_t;

/* ---------------------------------------------------------------------
 * Findings: diagnose's output.
 */
typedef enum {
    PF_CAUSE_PROCESS = 0,
    PF_CAUSE_SAME_SERVER,
    PF_CAUSE_SOCKET_UNIT,
    PF_CAUSE_CONTAINER,
    PF_CAUSE_HTTPSYS,
    PF_CAUSE_EXCLUDED_RANGE,
    PF_CAUSE_PRIVILEGED_PORT,
    PF_CAUSE_SELINUX,
    PF_CAUSE_NOT_LOCAL,
    PF_CAUSE_UNSUPPORTED,
    PF_CAUSE_UNKNOWN,
    PF_CAUSE_LISTEN_SET,     /* the server's own listen set collides */
    PF_CAUSE_UNIX_SOCKET,    /* a unix socket's path is in the way */
    PF_CAUSE_CONFIG_CLASH,   /* an Apache and an nginx configuration ask
                                for the same socket */
    PF_CAUSE_PORTPROXY,      /* Windows IP Helper portproxy rule */
    PF_CAUSE_WSL,            /* WSL2 localhost forwarding (wslrelay) */
    PF_CAUSE_DOCKER_DESKTOP, /* Docker Desktop's port forwarder */
    PF_CAUSE_INHERITED,      /* owner gone, socket inherited by a child */
    PF_CAUSE_COUNT
} pf_cause_t;

typedef enum {
    PF_SURE = 0,             /* the evidence names it */
    PF_LIKELY,               /* strong indirect evidence */
    PF_POSSIBLE              /* a guess; the summary says so */
} pf_confidence_t;

/* What a remedy does, for `preflight fix` to carry out. */
typedef enum {
    PF_ACTION_NONE = 0,      /* advice only: commands to run by hand */
    PF_ACTION_STOP_UNIT,     /* systemd: stop subject */
    PF_ACTION_DISABLE_UNIT,  /* systemd: disable --now subject */
    PF_ACTION_STOP_SERVICE,  /* Windows SCM: stop subject (+dependents) */
    PF_ACTION_DISABLE_SERVICE,
    PF_ACTION_ADD_IPLISTEN,  /* HTTP.sys: iplisten subject (an address) */
    PF_ACTION_CHANGE_PORT    /* print the config change to new_port */
} pf_action_t;

typedef struct {
    const char *id;          /* "stop-unit", "other-port", ... */
    const char *summary;
    pf_array_t  commands;    /* const char *: exact commands */
    int         needs_admin;
    pf_action_t action;
    const char *subject;     /* unit, service or address acted on */
    unsigned    new_port;
} pf_remedy_t;

typedef struct {
    pf_cause_t      cause;
    pf_confidence_t confidence;
    const char     *summary;
    pf_array_t      holders;     /* pf_process_t * (into the facts) */
    pf_array_t      evidence;    /* const char * */
    pf_array_t      remedies;    /* pf_remedy_t */
} pf_finding_t;

const char *pf_cause_name(pf_cause_t c);     /* "process", "httpsys", ... */

/* ---------------------------------------------------------------------
 * A report: one run of the pipeline.
 */
typedef struct {
    pf_target_t       target;
    pf_probe_t        probe;
    pf_target_facts_t facts;
    pf_array_t        findings;  /* pf_finding_t */
    const char       *note;      /* what the server will do differently
                                    from the target, e.g. Apache's IPv4
                                    fallback; NULL none */
    /* PF_STATUS_CLASH: the earlier address of this configuration that
     * takes this one, and whether the server refuses the line outright */
    const char       *clash_target;
    const char       *clash_source;
    int               clash_duplicate;
    int               released;  /* the first probe failed, a later one
                                    bound: its holder exited meanwhile;
                                    probe says free */
    unsigned          waited_ms; /* pf_report_wait() waited this long */
    int               nomem;     /* explaining it ran out of memory: the
                                    findings may be incomplete, and the
                                    renderers say so in one warning */
} pf_check_t;

typedef struct {
    pf_server_t  server;         /* who the targets belong to */
    const char  *server_exe;     /* for setcap remedies; NULL: generic */
    const char  *server_unit;    /* "apache2.service": never stopped */
    pf_array_t   self_pids;      /* long: this server's own processes */
    const char  *proc_root;      /* "/proc" unless testing */
    const char  *sys_root;       /* "/sys" unless testing */
    int          http_probe_ms;  /* Windows HTTP fingerprint timeout */
    int          no_facts;       /* probe only */
    long         own_pid;        /* this process, when it is the server
                                    (a module): its children hold the
                                    sockets of an older generation; 0 */
    const char  *server_conf;    /* its configuration file: a holder that
                                    runs server_exe with it is an older
                                    generation; NULL unknown */
} pf_context_t;

typedef struct {
    pf_pool_t       *pool;
    pf_context_t     ctx;
    pf_host_facts_t  host;
    pf_array_t       checks;     /* pf_check_t */
} pf_report_t;

pf_report_t *pf_report_create(void);
void         pf_report_destroy(pf_report_t *r);
/* Adds one target (copied); returns its check. */
pf_check_t  *pf_report_add_target(pf_report_t *r, const pf_target_t *t);
int          pf_report_add_targets(pf_report_t *r, const pf_array_t *targets);
int          pf_report_add_self_pid(pf_report_t *r, long pid);

/* Runs probe, facts (for the failed targets only) and diagnose. */
int          pf_report_run(pf_report_t *r);
/* The parts, for hosts that need them apart.  A server module probes
 * first and, only when pf_report_any_failed(), learns who it is (self
 * pids, executable) and calls pf_report_explain(): a healthy start then
 * costs the bind tests and nothing else. */
void         pf_report_probe(pf_report_t *r);
int          pf_report_any_failed(const pf_report_t *r);
void         pf_report_gather(pf_report_t *r);
/* PF_ENOMEM when a check's diagnosis ran out of memory (that check's
 * nomem is set; the other checks are still diagnosed), else PF_OK. */
int          pf_report_diagnose(pf_report_t *r);
/* What pf_report_run does after the probe: gather (unless no_facts),
 * then diagnose; returns what pf_report_diagnose did. */
int          pf_report_explain(pf_report_t *r);

/* Nonzero when a target cannot be bound for a reason other than this
 * server holding it. */
int          pf_report_has_conflict(const pf_report_t *r);
int          pf_check_is_conflict(const pf_check_t *c);
/* Nonzero when the probe found the target anything but free (this
 * server holding it included). */
int          pf_check_failed(const pf_check_t *c);

/* What a check comes to, for the level a host logs it at. */
typedef enum {
    PF_VERDICT_FREE = 0,     /* binds, or not checked */
    PF_VERDICT_RELEASED,     /* failed, but bound when probed again: the
                                holder exited meanwhile (a debug line) */
    PF_VERDICT_SELF,         /* held by this server, running */
    PF_VERDICT_SELF_EXITING, /* held by an older generation of this
                                server, still shutting down: the level of
                                the server's own bind retry */
    PF_VERDICT_CONFLICT      /* anything else */
} pf_verdict_t;

pf_verdict_t pf_check_verdict(const pf_check_t *c);
const char  *pf_verdict_name(pf_verdict_t v);

#ifdef __cplusplus
}
#endif

#endif /* PREFLIGHT_FACTS_H */
