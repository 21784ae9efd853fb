/*
 * preflight — find out, before a web server binds, why it could not.
 *
 * The one public header of the core library.  Everything here is plain C99
 * and free of platform headers, so the same structures describe a Linux and
 * a Windows host, and a Windows case can be built by hand in a unit test on
 * Linux.
 *
 * The pipeline runs in one direction:
 *
 *     targets -> probe -> facts -> diagnose -> render / remedy
 *
 * A pf_report_t owns one run: its targets (pf_check_t, one per listen
 * address), the host facts and every string and array, all allocated from
 * the report's pool and released together by pf_report_destroy().
 */
#ifndef PREFLIGHT_H
#define PREFLIGHT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* preflight's version ("0.1.0"): configure.ac's AC_INIT, the one source
 * (the tree itself uses PF_VERSION of core/src/pf_version.h). */
const char *pf_version(void);
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

/* ---------------------------------------------------------------------
 * Configuration files.  Both append pf_target_t to `out`.
 */
typedef struct {
    const char *server_root;       /* Apache -d; NULL: from the file */
    const char *const *defines;    /* Apache -D names, NULL-terminated */
    const char *prefix;            /* nginx -p; NULL: from the file */
    int         is_root;           /* nginx: a server without listen
                                      means *:80 as root, *:8000 else */
    unsigned    max_includes;      /* distinct included files; 0: a
                                      default for 100,000 vhosts */
    unsigned    max_depth;         /* 0: a safe default */
    const char *httpd_exe;         /* Apache: the httpd whose compiled-in
                                      ServerRoot (-V: HTTPD_ROOT) applies
                                      when neither -d nor a ServerRoot
                                      line says; NULL: guessed from the
                                      file's place */
    unsigned    max_reads;         /* inclusions in all (a snippet each
                                      time); 0: default */
    size_t      max_bytes;         /* bytes read in all; 0: default */
    size_t      max_memory;        /* memory the run may take; 0: default */
} pf_conf_options_t;

int pf_conf_apache(pf_pool_t *pool, const char *path,
                   const pf_conf_options_t *opts, pf_array_t *out,
                   pf_error_t *err);
int pf_conf_nginx(pf_pool_t *pool, const char *path,
                  const pf_conf_options_t *opts, pf_array_t *out,
                  pf_error_t *err);
/* The same, from text in memory (for tests and fuzzing).  `name` is what
 * errors call the text; includes are resolved on disk. */
int pf_conf_apache_text(pf_pool_t *pool, const char *name, const char *text,
                        size_t len, const pf_conf_options_t *opts,
                        pf_array_t *out, pf_error_t *err);
int pf_conf_nginx_text(pf_pool_t *pool, const char *name, const char *text,
                       size_t len, const pf_conf_options_t *opts,
                       pf_array_t *out, pf_error_t *err);

/* Targets from this platform's usual Apache and nginx configurations
 * (those that exist), otherwise ports 80 and 443. */
int pf_targets_default(pf_pool_t *pool, const pf_conf_options_t *opts,
                       pf_array_t *out, pf_error_t *err);

/* root, or an elevated administrator on Windows */
int         pf_is_admin(void);
/* Standard stream 0, 1 or 2 is a terminal (colour, confirmation). */
int         pf_is_terminal(int fd);
/* Stream fd shows UTF-8 (the locale's charset on Unix, after the caller's
 * setlocale(LC_CTYPE, ""); the console code page on Windows). */
int         pf_output_utf8(int fd);
/* Colour escapes show on standard stream fd: a terminal on Unix; on
 * Windows a console where VT processing could be turned on (its mode is
 * put back at exit). */
int         pf_terminal_color(int fd);
/* Writes UTF-8 text to standard stream fd when it is a Windows console,
 * as UTF-16 (WriteConsoleW); PF_ERROR when fd is not one (write the bytes
 * then), and always on Unix. */
int         pf_write_console(int fd, const char *text, size_t len);
/* argc/argv as UTF-8: on Windows from the wide command line (main's argv
 * lost what the ANSI code page cannot hold); unchanged elsewhere. */
int         pf_args_utf8(int *argc, char ***argv);
/* The server binary a setcap-style remedy names; NULL when unknown. */
const char *pf_server_default_exe(pf_server_t s);

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

/* A short grace for ports whose holder is exiting: polls the bind test
 * of every failed target (every 50 ms) until it binds or `ms` have
 * passed.  A target that binds is marked released, with waited_ms set;
 * the others are explained again (gather unless no_facts, diagnose), as
 * they are now.  Returns how many still fail. */
unsigned     pf_report_wait(pf_report_t *r, unsigned ms);
/* "waited 0.4 s for 127.0.0.1:8080, held by PID 12 (nginx), to be
 * released", one line per target waited for (prefix first). */
void         pf_render_wait_text(const pf_report_t *r, const char *prefix,
                                 pf_buf_t *out);

/* Pure: facts in, findings out (appends to c->findings). */
int pf_diagnose(pf_pool_t *pool, const pf_context_t *ctx,
                const pf_host_facts_t *host, pf_check_t *c);
/* Targets of an Apache and an nginx configuration that ask for the same
 * socket: a config-clash finding on each, free or not (a conflict). */
int pf_diagnose_clashes(pf_pool_t *pool, const pf_context_t *ctx,
                        const pf_host_facts_t *host, pf_array_t *checks);

/* Helpers for tests and the platform layers that build facts by hand. */
void pf_host_facts_init(pf_host_facts_t *h, pf_pool_t *pool);
void pf_target_facts_init(pf_target_facts_t *f, pf_pool_t *pool);
void pf_process_init(pf_process_t *p, pf_pool_t *pool);
void pf_listener_init(pf_listener_t *l, pf_pool_t *pool);
void pf_request_queue_init(pf_request_queue_t *q, pf_pool_t *pool);
void pf_context_init(pf_context_t *ctx, pf_pool_t *pool);
pf_process_t *pf_facts_find_process(const pf_target_facts_t *f, long pid);

/* Recorded `netsh` output (a capture from a bug report) into the facts
 * the Windows layer derives from netsh's live answer, through the same
 * parsers, on any system: for `--facts` replays and the case corpus
 * (tests/cases/).  Unreadable text is a note and PF_KNOWN_FAILED, as on
 * the host; PF_ENOMEM is the only error.  servicestate: the request
 * queues with a URL on c's port (replacing any), their services from
 * c->facts.services by PID.  excluded: appends the ranges of `fam`. */
int pf_facts_netsh_servicestate(pf_pool_t *pool, const char *text,
                                size_t len, pf_check_t *c);
int pf_facts_netsh_excluded(pf_pool_t *pool, const char *text, size_t len,
                            pf_family_t fam, pf_host_facts_t *h);

/* ---------------------------------------------------------------------
 * Render.
 */
#define PF_RENDER_COLOR     0x01
#define PF_RENDER_QUIET     0x02  /* only targets that cannot be bound */
#define PF_RENDER_VERBOSE   0x04  /* all evidence and notes */
#define PF_RENDER_ASCII     0x08  /* no UTF-8 glyphs */

void pf_render_text(const pf_report_t *r, unsigned flags, pf_buf_t *out);
/* One check, as the lines a server module logs (no colour). */
void pf_render_check_text(const pf_report_t *r, const pf_check_t *c,
                          unsigned flags, pf_buf_t *out);
void pf_render_json(const pf_report_t *r, pf_buf_t *out);
void pf_render_facts_json(const pf_report_t *r, pf_buf_t *out);

/* ---------------------------------------------------------------------
 * Remedies from inside a server module (the CLI's fix/undo use the
 * remedy layer directly).  `mode` is what PreflightRemedy /
 * preflight_remedy says; `allow` (const char *, may be NULL or empty)
 * names the services/units that may be acted on.  With SUGGEST nothing
 * changes; with APPLY the allowed remedies are applied and journalled.
 * Appends what was planned or done, as log lines, to out.  PF_OK when
 * nothing failed.
 */
typedef enum {
    PF_REMEDY_MODE_NONE = 0,
    PF_REMEDY_MODE_SUGGEST,
    PF_REMEDY_MODE_APPLY
} pf_remedy_mode_t;

int pf_remedy_for_server(pf_report_t *r, pf_remedy_mode_t mode,
                         const pf_array_t *allow, pf_buf_t *out,
                         pf_error_t *err);

/* ---------------------------------------------------------------------
 * Remedies for `preflight fix` and `preflight undo`: plan (pure), apply
 * through the platform's executor, journal every change before it is
 * made, undo from the journal.
 */
typedef enum {
    PF_STEP_RUN = 0,         /* applied with --apply */
    PF_STEP_MANUAL,          /* CHANGE_PORT: a config change to make */
    PF_STEP_ADVICE,          /* NONE: commands to run by hand, never run */
    PF_STEP_REFUSED,         /* would act, but refusal says why not */
    PF_STEP_SKIPPED          /* not in the allow list of a module */
} pf_step_kind_t;

typedef struct {
    pf_step_kind_t      kind;
    const pf_remedy_t  *remedy;
    const pf_finding_t *finding;
    const pf_check_t   *check;
    const char         *targets;    /* "0.0.0.0:80, [::]:80" */
    const char         *change;     /* "unit x.service: active -> inactive" */
    const char         *refusal;    /* why it will not run */
    const char         *start_type; /* Windows: known start type, or NULL */
    int                 applied;    /* 1 done, -1 failed, 0 not run */
    const char         *result;     /* what applying said */
} pf_step_t;

typedef struct {
    pf_array_t   steps;       /* pf_step_t */
    unsigned     conflicts;   /* targets that cannot be bound */
    unsigned     uncovered;   /* of those, with no step that can run */
    int          windows;     /* words for the rights refusal */
    pf_report_t *report;      /* the report planned from: apply gathers
                                 its facts again and proves each step's
                                 subject once more */
} pf_plan_t;

typedef struct {
    const char       *remedy;    /* "ID" or "ID@TARGET"; NULL: default */
    int               is_admin;
    const pf_array_t *allow;     /* const char *; NULL: no allow list */
} pf_plan_options_t;

/* Pure: findings of r in, steps out.  PF_ERROR when --remedy names no
 * remedy of any conflicting finding (err says which exist). */
int  pf_plan_build(pf_report_t *r, const pf_plan_options_t *o,
                   pf_plan_t *plan, pf_error_t *err);
/* Lines for people; each starts with prefix ("" or "preflight: "). */
void pf_plan_render_text(const pf_plan_t *plan, const char *prefix,
                         pf_buf_t *out);
/* report: the check's JSON object (pf_render_json), embedded as "report"
 * when not NULL. */
void pf_plan_render_json(const pf_plan_t *plan, int apply, const char *report,
                         pf_buf_t *out);
unsigned pf_plan_count(const pf_plan_t *plan, pf_step_kind_t kind);

const char *pf_action_name(pf_action_t a);

/* What changes the system: the platform's (systemd on Linux, the SCM
 * and HTTP.sys on Windows), or a fake in the tests. */
typedef struct pf_executor_s pf_executor_t;

/* The real executor of this platform (core/src/unix/pf_unix_remedy.c,
 * core/src/win/pf_win_remedy.c). */
const pf_executor_t *pf_executor_platform(void);
/* Whether this process has the rights ex's changes need, and their name
 * ("root", "an elevated Administrator prompt"). */
int         pf_executor_is_admin(const pf_executor_t *ex);
const char *pf_executor_rights(const pf_executor_t *ex);

/* Apply and undo.  journal_path NULL: the platform's state directory. */
int  pf_plan_apply(pf_pool_t *pool, pf_plan_t *plan, const pf_executor_t *ex,
                   const char *journal_path, const char *prefix,
                   pf_buf_t *out, pf_error_t *err);

/* The journal's entries still to undo, loaded; *path is set. PF_OK with
 * an empty array when there is no journal. */
int  pf_undo_load(pf_pool_t *pool, const char *journal_path,
                  const char **path, pf_array_t *entries, pf_error_t *err);
void pf_undo_render(const pf_array_t *entries, pf_buf_t *out);
/* Restores, newest first, marks each entry undone, archives the journal
 * when everything is undone (*archived names where it went). */
int  pf_undo_apply(pf_pool_t *pool, const pf_executor_t *ex,
                   const char *path, pf_array_t *entries,
                   const char **archived, pf_buf_t *out, pf_error_t *err);
unsigned pf_undo_pending(const pf_array_t *entries);
/* Entries not yet undone that preflight could not have written (a name
 * outside the unit/service grammar, a change fix never makes): undo
 * refuses to apply any entry while one is left. */
unsigned pf_undo_refused(pf_pool_t *pool, const pf_array_t *entries);


/* ---------------------------------------------------------------------
 * `preflight run`: find the server and its configuration in a launcher's
 * command line, then run it with signals passed on.
 */
typedef struct {
    pf_server_t  server;         /* PF_SERVER_ANY: not a server we know */
    const char  *conf_path;      /* NULL: no configuration found */
    const char  *server_root;    /* Apache -d */
    const char  *prefix;         /* nginx -p */
    pf_array_t   defines;        /* const char *: Apache -D */
} pf_run_server_t;

/* Pure: reads argv as httpd / apache2 / nginx would (-f -d -D, -c -p)
 * and fills out.  Relative paths are resolved the way the server does. */
int pf_run_detect(pf_pool_t *pool, int argc, char *const *argv,
                  pf_run_server_t *out, pf_error_t *err);

/* Pure: one argument quoted for a Windows command line, so that
 * CommandLineToArgvW gives it back unchanged. */
void pf_run_quote_arg(pf_buf_t *out, const char *arg);

typedef struct pf_child_s pf_child_t;

/* Starts argv[0] (searched in PATH) with this process's standard
 * streams; from then on the signals a launcher receives are passed on. */
int pf_run_start(pf_pool_t *pool, char *const *argv, pf_child_t **child,
                 pf_error_t *err);
/* Waits for it; *status is its exit code (128 + signal on Unix) and
 * *seconds how long it ran. */
int pf_run_wait(pf_child_t *child, int *status, double *seconds,
                pf_error_t *err);

/* JSON string escaping, for every JSON the core writes. */
void pf_json_str(pf_buf_t *out, const char *s);

/* Untrusted text stays inert: s with every control character (C0, DEL,
 * C1 as UTF-8) written as a visible escape ("\x1b", "\r", "\n"), for
 * every system string that text output, plans and logs print. */
void pf_buf_inert(pf_buf_t *out, const char *s);
/* The same into a pool string (NULL on allocation failure). */
const char *pf_inert(pf_pool_t *pool, const char *s);

/* Names preflight may put into a command or act on: a systemd unit name
 * (unit-name characters, a known suffix, no '/', no leading '-') and a
 * Windows service name (letters, digits, "_-.$@#+{}" and space). */
int pf_unit_name_ok(const char *s);
int pf_service_name_ok(const char *s);
/* One word for POSIX sh (single-quoted when needed) or for cmd.exe
 * (double-quoted when it holds a space); NULL when it cannot be made
 * safe (a control character, or for cmd.exe a metacharacter). */
const char *pf_sh_quote(pf_pool_t *pool, const char *s);
const char *pf_cmd_quote(pf_pool_t *pool, const char *s);

/* ---------------------------------------------------------------------
 * What a server module calls once a target failed, instead of
 * pf_report_explain(), pf_remedy_for_server() and pf_conf_nginx(): the
 * same, reached through the lazy core.  On Linux the module carries the
 * probe only and these open preflight-core.so, next to the module, on
 * first use (core/src/unix/pf_unix_lazy.c); a core that cannot be opened
 * leaves each failed check an "unknown" finding saying why.  On Windows
 * the module links the whole core and these call it directly
 * (core/src/win/pf_win_lazy.c).  Each has one body per platform, never
 * two in one link.
 */
int  pf_lazy_report_explain(pf_report_t *r);
int  pf_lazy_remedy_for_server(pf_report_t *r, pf_remedy_mode_t mode,
                               const pf_array_t *allow, pf_buf_t *out,
                               pf_error_t *err);
int  pf_lazy_conf_nginx(pf_pool_t *pool, const char *path,
                        const pf_conf_options_t *opts, pf_array_t *out,
                        pf_error_t *err);

#ifdef __cplusplus
}
#endif

#endif /* PREFLIGHT_H */
