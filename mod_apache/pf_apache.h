/*
 * mod_preflight: a thin adapter between Apache httpd 2.4 and the
 * preflight core's host interface (preflight.h).  The core knows ports,
 * holders, causes, fixes and what to say; this module only knows where
 * Apache keeps its listeners and its own pids, when in Apache's start-up
 * a check is worth making, and how to log.
 */
#ifndef PF_APACHE_H
#define PF_APACHE_H

#include "httpd.h"
#include "http_config.h"

#include "preflight.h"

#define PF_APACHE_UNSET  -1

typedef struct {
    int                  check;        /* PreflightCheck: 0, 1 or unset */
    int                  on_conflict;  /* pf_on_conflict_t or unset */
    int                  remedy;       /* pf_remedy_mode_t or unset */
    apr_array_header_t  *allow;        /* const char *: RemedyAllow */
} pf_apache_conf_t;

/* When the check runs: at a start (stop on a conflict when told) or for
 * httpd -t (only warn: the running server may hold the ports). */
typedef enum {
    PF_APACHE_AT_START = 0,
    PF_APACHE_AT_CONFIGTEST
} pf_apache_when_t;

extern module AP_MODULE_DECLARE_DATA preflight_module;

/* pf_apache_config.c: the directives */
extern const command_rec pf_apache_cmds[];
void *pf_apache_create_conf(apr_pool_t *p, server_rec *s);
void *pf_apache_merge_conf(apr_pool_t *p, void *base, void *add);
/* the main server's settings, defaults filled in */
void  pf_apache_conf_get(server_rec *s, pf_apache_conf_t *out);

/* pf_apache_targets.c: ap_listeners as the core's targets */
int   pf_apache_add_targets(pf_report_t *r, apr_pool_t *p);
/* 1: every listener binds (a healthy start asks only this) */
int   pf_apache_all_bind(apr_pool_t *p, unsigned *checked, unsigned *held);

/* pf_apache_self.c: who "this server" is */
int   pf_apache_add_self(pf_report_t *r, apr_pool_t *p);
/* nonzero (the running pid) when this process will not bind at all: it
 * only signals the httpd named by the PidFile (-k graceful, restart,
 * stop), or it finds it already running */
long  pf_apache_signaller(apr_pool_t *p);
/* the pid in the PidFile when that process exists (not this one), or 0 */
long  pf_apache_pidfile_pid(apr_pool_t *p);
/* the core's heavy steps as this build reaches them: lazily on Linux,
 * linked in on Windows */
const pf_host_core_t *pf_apache_core(void);
/* 1 when the start-up line tag+line[0..len) went to the event log itself
 * (httpd for Windows run as a service); 0: log it as usual */
int   pf_apache_log_event(const char *tag, const char *line, size_t len);

/* pf_apache_source.c: "file:line" of the Listen directive of a target */
const char *pf_apache_listen_source(apr_pool_t *p, const char *address,
                                    unsigned port);

/* pf_apache_log.c: a line in Apache's log.  At start-up the ErrorLog is
 * not open yet: lines go to the console (stderr), before httpd's own
 * "could not bind"; later stderr is the main error log. */
void  pf_apache_log(void *data, pf_log_level_t level, pf_host_msg_t msg,
                    const char *line);
/* only with LogLevel preflight:debug */
int   pf_apache_debug_on(void);

/* pf_apache_check.c: one run of the pipeline; OK or !OK (refuse) */
int   pf_apache_check(apr_pool_t *p, server_rec *s, pf_apache_when_t when);

#endif
