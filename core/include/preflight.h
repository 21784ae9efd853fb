/*
 * preflight — find out, before a web server binds, why it could not.
 *
 * The host interface: what a server module (mod_preflight in httpd,
 * ngx_preflight_module in nginx) or a launcher includes.  The facts model
 * it hands targets in and reads results from is preflight_facts.h,
 * included here; the core's internals are preflight_internal.h, which a
 * host never needs.
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

#include "preflight_facts.h"

#ifdef __cplusplus
extern "C" {
#endif

/* preflight's version ("0.1.0"): configure.ac's AC_INIT, the one source
 * (the tree itself uses PF_VERSION of core/src/pf_version.h). */
const char *pf_version(void);

/* PreflightRemedy / preflight_remedy: with SUGGEST nothing changes; with
 * APPLY the remedies whose subject (a unit or service) the allow list
 * names are applied and journalled (`preflight undo` puts them back). */
typedef enum {
    PF_REMEDY_MODE_NONE = 0,
    PF_REMEDY_MODE_SUGGEST,
    PF_REMEDY_MODE_APPLY
} pf_remedy_mode_t;

/* =====================================================================
 * The host interface: what a server module (or a launcher) calls.
 *
 * A host is the program preflight runs inside: mod_preflight in httpd,
 * ngx_preflight_module in nginx, or `preflight run` in front of the
 * server it starts.  It knows its listeners, who it is and
 * how to log; the core knows everything else, once for every host: what
 * counts as a conflict, the one-line reason of a refusal, remedies and
 * the check after them, how rendered text becomes log lines, which
 * executable is the server's, and the names of the settings.
 *
 * The healthy start comes first: the host lists its sockets
 * (pf_host_sockets_t, below) and pf_host_sockets_bind() bind-tests them
 * (no report, nothing read); pf_host_check() runs only when one of them
 * does not bind, and its targets op turns the same list into targets
 * with pf_host_sockets_targets().
 *
 *     static const pf_host_ops_t ops = {
 *         my_targets, my_self, my_running, NULL, my_log
 *     };
 *     pf_host_settings_t s;
 *     pf_host_result_t   res;
 *
 *     pf_host_settings_init(&s, PF_SERVER_NGINX);
 *     s.core = &pf_lazy_host;
 *     s.on_conflict = PF_ON_CONFLICT_FAIL;
 *     if (!pf_host_sockets_bind(&set, NULL, NULL)) {
 *         pf_host_check(&ops, my_data, &s, &res);
 *         if (res.refuse) { ... do not start ... }
 *     }
 *
 * Fail open: whatever fails inside preflight is one warning (logged
 * through ops->log) and res.refuse stays 0.
 * ===================================================================== */

/* PreflightOnConflict / preflight_on_conflict / run --on-conflict. */
typedef enum {
    PF_ON_CONFLICT_WARN = 0,     /* say why, let the server try */
    PF_ON_CONFLICT_FAIL,         /* say why, and do not start */
    PF_ON_CONFLICT_FIX           /* `preflight run` only: fix, then start */
} pf_on_conflict_t;

/* Case-insensitive, as both servers read their directives; len is the
 * length of s (nginx's strings are counted).  PF_OK or PF_ERROR. */
int         pf_on_conflict_parse(const char *s, size_t len,
                                 pf_on_conflict_t *out);
const char *pf_on_conflict_name(pf_on_conflict_t p);   /* "warn", ... */
int         pf_remedy_mode_parse(const char *s, size_t len,
                                 pf_remedy_mode_t *out);
const char *pf_remedy_mode_name(pf_remedy_mode_t m);   /* "suggest", ... */

/* The levels a host maps to its own (httpd's APLOG_*, nginx's NGX_LOG_*). */
typedef enum {
    PF_LOG_EMERG = 0,
    PF_LOG_ERR,
    PF_LOG_WARN,
    PF_LOG_NOTICE,
    PF_LOG_INFO,
    PF_LOG_DEBUG
} pf_log_level_t;

/* What a log line is, so that a host can tag it (httpd's PFnnnnn: the
 * number is the tag's, never renumbered; add at the end). */
typedef enum {
    PF_HOST_MSG_CONFLICT = 1,    /* a line explaining a conflict */
    PF_HOST_MSG_REFUSE,          /* on-conflict fail: not starting */
    PF_HOST_MSG_INTERNAL,        /* preflight itself failed; goes on */
    PF_HOST_MSG_REMEDY,          /* a line of a remedy, planned or done */
    PF_HOST_MSG_REMEDY_FAILED,   /* a remedy failed or was refused */
    PF_HOST_MSG_REMEDY_DONE,     /* after the remedies: the recheck */
    PF_HOST_MSG_SKIP_SIGNAL,     /* this process only signals (host's) */
    PF_HOST_MSG_CONFIGTEST,      /* -t: the configuration is fine, but */
    PF_HOST_MSG_ALL_FREE,        /* every listener binds (host's) */
    PF_HOST_MSG_SELF_EXITING,    /* held by an older generation of us */
    PF_HOST_MSG_RELEASED,        /* its holder left meanwhile */
    PF_HOST_MSG_SELF             /* held by this server, running */
} pf_host_msg_t;

/* The host's table.  Each gets the host's own `data`.  Only targets and
 * log are required. */
typedef struct {
    /* The server's listeners as targets (pf_report_add_target).  PF_OK,
     * PF_ENOMEM, or PF_ERROR when the host could not name them (a
     * launcher that cannot read the configuration) and has logged its
     * one warning itself: nothing more is said. */
    int   (*targets)(void *data, pf_report_t *r);
    /* Asked only once a target failed: who this server is (its pids:
     * pf_report_add_self_pid, r->ctx.own_pid, r->ctx.server_conf) and
     * where each target was configured (target.source).  PF_OK or
     * PF_ENOMEM. */
    int   (*self)(void *data, pf_report_t *r);
    /* The pid of a running server of this configuration (its pid file;
     * not this process), or 0. */
    long  (*running)(void *data);
    /* Nonzero when this process will not bind at all (it only signals a
     * running server): nothing more is said.  Asked at a start only,
     * once a target failed.  The host logs why itself. */
    int   (*only_signals)(void *data);
    /* One line, without newline, at a level. */
    void  (*log)(void *data, pf_log_level_t level, pf_host_msg_t msg,
                 const char *line);
} pf_host_ops_t;

/* The core's heavy steps (explain, remedies, the nginx parser), reached
 * as the host's link allows: a module on Linux passes pf_lazy_host (its
 * lazy library opens preflight-core.so on first use), every other host
 * pf_host_direct (the core linked in).  Each has one body. */
typedef struct pf_host_core_s pf_host_core_t;

extern const pf_host_core_t pf_lazy_host;
extern const pf_host_core_t pf_host_direct;

typedef struct {
    const pf_host_core_t *core;        /* pf_lazy_host or pf_host_direct */
    pf_server_t          server;
    pf_on_conflict_t     on_conflict;
    pf_remedy_mode_t     remedy;
    const char *const   *allow;        /* nallow names remedies may act on */
    size_t               nallow;
    const char          *argv0;        /* as started: the executable */
    int                  config_test;  /* -t: only warn, change nothing */
    int                  reload;       /* the running server reads a new
                                        * configuration */
} pf_host_settings_t;

typedef struct {
    unsigned  checked;       /* targets */
    unsigned  held;          /* of them held by this server already */
    unsigned  conflicts;     /* that cannot be bound, after remedies */
    int       refuse;        /* on-conflict fail: do not start */
    int       skipped;       /* only_signals said so: nothing checked */
} pf_host_result_t;

/* warn, suggest, nothing allowed. */
void pf_host_settings_init(pf_host_settings_t *s, pf_server_t server);

/* A target of the host failed its bind test: report, explain, log,
 * remedy and recheck as the settings say.  Fills *res; always PF_OK
 * (fail open: an internal failure is logged as PF_HOST_MSG_INTERNAL). */
int  pf_host_check(const pf_host_ops_t *ops, void *data,
                   const pf_host_settings_t *s, pf_host_result_t *res);

/* The parts of pf_host_check() a test or the CLI uses alone. */

/* A check that stands in the server's way.  `running`: a server of this
 * configuration runs (ops->running).  Beyond pf_check_is_conflict():
 * a port every holder of which is this server is never a conflict, and
 * when no holder could be named while this server runs, nothing shows
 * it is not its own: silence rather than a false alarm. */
int       pf_host_is_conflict(const pf_check_t *c, int running);
unsigned  pf_host_conflicts(const pf_report_t *r, int running);
/* Logs and decides over an explained report (pf_host_check() after the
 * probe and pf_report_explain()). */
void      pf_host_decide(const pf_host_ops_t *ops, void *data,
                         const pf_host_settings_t *s, pf_report_t *r,
                         int running, pf_host_result_t *res);
/* The reason of a refusal, one line: "ADDR cannot be bound: WHY (and N
 * more)", the holder's words made inert; NULL when nothing conflicts.
 * pf_host_decide() logs it after "not starting: " ("not reloading, the
 * running configuration stays: " on a reload). */
const char *pf_host_refusal(const pf_report_t *r, int running, char *out,
                            size_t len);
/* Each line of text through ops->log, `prefix` in front of each; empty
 * lines are dropped. */
void      pf_host_log_text(const pf_host_ops_t *ops, void *data,
                           pf_log_level_t level, pf_host_msg_t msg,
                           const char *prefix, const char *text);
/* The settings' allow list as the core's array (const char *). */
int       pf_host_allow(pf_pool_t *pool, const pf_host_settings_t *s,
                        pf_array_t *out);
/* The server's executable: this process's own image, else argv0 when
 * it names a path, else the platform's default for the server (NULL
 * when there is none). */
const char *pf_host_server_exe(pf_pool_t *pool, pf_server_t server,
                               const char *argv0);

/* nginx keeps no file:line for a listen socket: the core's parser reads
 * the configuration again (nginx's -p prefix) and each target takes the
 * file:line of its listen.  One the parser cannot read leaves the
 * targets' sources as they were.  PF_OK or PF_ENOMEM. */
int       pf_host_nginx_sources(const pf_host_core_t *core, pf_report_t *r,
                                const char *conf, const char *prefix);

/* =====================================================================
 * The host's sockets: what the server is about to bind, as it holds them
 * (core/src/pf_host_sockets.c).
 *
 * The host walks its own listener list (httpd's ap_listeners, nginx's
 * cycle->listening) into an array, one entry per record, in the
 * server's order, and fills the fields above `fd`.  The core then knows,
 * once for every host:
 *
 * - which records are one socket: nginx's "reuseport" clones of one
 *   address are tested and reported once; httpd's 0.0.0.0:P beside a
 *   dual-stack [::]:P has no socket of its own (open_listeners() skips
 *   it), and httpd's [::]:P of "Listen P" falls back to 0.0.0.0:P when
 *   it cannot be bound;
 * - the overlap of two of them (Linux refuses a bind inside an address
 *   that is listening: a wildcard of the family, a dual-stack [::]);
 * - the bind test of each one the server does not hold yet, keeping the
 *   test's socket where the host allows it (`keep`; Windows keeps none),
 *   so that nothing is bound twice;
 * - the target each one is in a report.
 *
 *     pf_host_socket_t  socks[N];     (or one allocation of the host's)
 *     pf_host_sockets_t set = { socks, n, PF_SERVER_NGINX };
 *
 *     for (i = 0; i < n; i++) {
 *         socks[i].bind.sockaddr = ls[i].sockaddr; ...
 *     }
 *     if (pf_host_sockets_bind(&set, NULL, NULL)) {
 *         for (i = 0; i < n; i++) {
 *             if (socks[i].fd != -1) { ls[i].fd = socks[i].fd; }
 *         }
 *     }
 * ===================================================================== */
typedef struct {
    pf_bind_spec_t  bind;       /* the address, and the options the server
                                 * sets: v6only as it will set it */
    int             held;       /* the server holds it already (a restart's,
                                 * inherited): not tested, its own */
    int             port_only;  /* the directive named the port alone
                                 * (httpd's "Listen 80": 0.0.0.0 and [::]) */
    int             keep;       /* the test's socket may become the
                                 * server's listener (TCP, inet only) */
    const char     *spelling;   /* as written, for the report; NULL: the
                                 * address */

    /* The core's: */
    int             fd;         /* the socket kept for the host, or -1 */
    int             family;     /* pf_family_t; -1 a family preflight does
                                 * not know (never tested, no target) */
    unsigned        port;
    unsigned char   addr[16];   /* IPv4: the first 4 bytes */
    const char     *path;       /* PF_FAMILY_UNIX */
    unsigned long   key;        /* of addr: unequal keys, unequal addresses */
    unsigned char   wildcard;   /* 0.0.0.0 or [::] */
    unsigned char   echo;       /* an earlier socket may have its address */
    unsigned char   covered;    /* httpd binds no socket for it */
    unsigned char   duplicate;  /* the same socket as an earlier entry */
} pf_host_socket_t;

typedef struct {
    pf_host_socket_t  *socks;
    size_t             n;
    /* whose rules: PF_SERVER_APACHE pairs 0.0.0.0 with a dual-stack [::]
     * (httpd) and names that one "*"; PF_SERVER_NGINX tests an address
     * once however often it is listed, and every socket is its own */
    pf_server_t        server;
    /* where each target was configured: source_of(data, t) when set,
     * else `source` */
    const char        *source;
    const char      *(*source_of)(void *data, const pf_target_t *t);
    void              *data;
} pf_host_sockets_t;

/* The healthy start: 1 when no two of the sockets overlap and each one
 * the server does not hold binds (sockets kept where `keep` allowed it:
 * socks[i].fd, now the host's); *checked and *held (either may be NULL)
 * count the sockets and those held already.  0 otherwise, with nothing
 * kept: the host then calls pf_host_check(), which probes again and
 * explains.  No allocation, no file read. */
int  pf_host_sockets_bind(pf_host_sockets_t *set, unsigned *checked,
                          unsigned *held);
/* Each socket the server will bind as a target of r (for the host's
 * targets op).  It reads the list again: `fd` is -1 after it (a socket
 * kept before is the host's by then).  PF_OK or PF_ENOMEM. */
int  pf_host_sockets_targets(pf_report_t *r, pf_host_sockets_t *set);

#ifdef __cplusplus
}
#endif

#endif /* PREFLIGHT_H */
