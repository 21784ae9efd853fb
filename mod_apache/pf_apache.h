/*
 * mod_preflight: a thin adapter between Apache httpd 2.4 and the
 * preflight core.  The core knows ports, holders, causes and fixes; this
 * module only knows where Apache keeps its listeners and its own pids,
 * when in Apache's start-up a check is worth making, and how to log.
 */
#ifndef PF_APACHE_H
#define PF_APACHE_H

#include "httpd.h"
#include "http_config.h"

#include "preflight.h"

#define PF_APACHE_UNSET  -1

typedef enum {
    PF_APACHE_WARN = 0,          /* log the explanation, let httpd go on */
    PF_APACHE_FAIL               /* log it and refuse to start */
} pf_apache_on_conflict_t;

typedef struct {
    int                  check;        /* PreflightCheck: 0, 1 or unset */
    int                  on_conflict;  /* pf_apache_on_conflict_t */
    int                  remedy;       /* pf_remedy_mode_t */
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
int   pf_apache_all_bind(unsigned *checked, unsigned *held);

/* pf_apache_self.c: who "this server" is */
int   pf_apache_add_self(pf_report_t *r, apr_pool_t *p);
const char *pf_apache_server_exe(apr_pool_t *p);
/* nonzero (the running pid) when this process will not bind at all: it
 * only signals the httpd named by the PidFile (-k graceful, restart,
 * stop), or it finds it already running */
long  pf_apache_signaller(apr_pool_t *p);
/* the pid in the PidFile when that process exists (not this one), or 0 */
long  pf_apache_pidfile_pid(apr_pool_t *p);
/* 1 when the start-up line tag+line[0..len) went to the event log itself
 * (httpd for Windows run as a service); 0: log it as usual */
int   pf_apache_log_event(const char *tag, const char *line, size_t len);

/* pf_apache_source.c: "file:line" of the Listen directive of a target */
const char *pf_apache_listen_source(apr_pool_t *p, const char *address,
                                    unsigned port);

/* pf_apache_log.c: the report in Apache's log.  At start-up the
 * ErrorLog is not open yet: lines go to the console (stderr), before
 * httpd's own "could not bind"; later stderr is the main error log. */
void  pf_apache_log_text(int level, const char *tag, const char *text);
/* only with LogLevel preflight:debug */
int   pf_apache_debug_on(void);
void  pf_apache_log_debug(const char *tag, const char *text);
/* `running`: an httpd of this configuration runs (its PidFile) */
int   pf_apache_is_conflict(const pf_check_t *c, int running);
unsigned pf_apache_count_conflicts(const pf_report_t *r, int running);
/* Not conflicts, but said: an older generation of this httpd holding a
 * port (warn), a holder that left meanwhile (debug). */
void     pf_apache_log_churn(apr_pool_t *p, const pf_report_t *r);
unsigned pf_apache_log_conflicts(int level, const pf_report_t *r,
                                 int running);
void  pf_apache_log_refusal(const pf_report_t *r, int running);

/* pf_apache_remedy.c: PreflightRemedy; nonzero when remedies were applied
 * without an error (worth checking again) */
int   pf_apache_remedy(const pf_apache_conf_t *conf, pf_remedy_mode_t mode,
                       int level, pf_report_t *r);

/* pf_apache_check.c: one run of the pipeline; OK or !OK (refuse) */
int   pf_apache_check(apr_pool_t *p, server_rec *s, pf_apache_when_t when);

#endif
