/*
 * One run of the pipeline from inside httpd, and when it is worth it.
 *
 * httpd reads its configuration, and runs check_config, several times
 * (server/main.c):
 *
 *   state CREATE_PRE_CONFIG, generation 0   the first read: check here.
 *       Also the whole life of `apache2 -k graceful|restart|stop`, which
 *       only signal the httpd named by the PidFile: nothing is said
 *       then (asked only when a port failed: a healthy start reads no
 *       file).
 *   state CREATE_CONFIG, generation 1       the second read at start-up;
 *       the sockets of the first are kept: checked already, skip.
 *   state CREATE_CONFIG, generation 2...    a restart in the running
 *       parent: its sockets are its own (lr->active), only new Listen
 *       addresses are probed.
 *   run mode CONFIG_TEST (httpd -t)         test_config checks, and only
 *       warns.
 *
 * Whatever fails inside preflight, httpd starts as it would have
 * without it: a warning, and OK.
 */
#include "httpd.h"
#include "http_core.h"
#include "http_log.h"
#include "apr_strings.h"

#include "pf_apache.h"
#include "pf_apache_msgs.h"

APLOG_USE_MODULE(preflight);

/* pf_apache_probe_explain(): a port failed, but this process only
 * signals the httpd that holds it */
#define PF_APACHE_ONLY_SIGNALS  1

/* Cheap questions only (no file is read): a start worth checking. */
static int
pf_apache_worth_checking(pf_apache_when_t when)
{
    int state = ap_state_query(AP_SQ_MAIN_STATE);
    int mode = ap_state_query(AP_SQ_RUN_MODE);

    if (when == PF_APACHE_AT_CONFIGTEST) {
        return mode == AP_SQ_RM_CONFIG_TEST;
    }
    if (mode != AP_SQ_RM_NORMAL) {
        return 0;                /* -t, -S, -M: test_config's business */
    }
    if (state == AP_SQ_MS_CREATE_CONFIG) {
        return ap_state_query(AP_SQ_CONFIG_GEN) != 1;
    }
    return 1;
}

/* At the first pass, a port that failed may be held by the httpd this
 * process only signals (-k graceful|restart|stop): asked only then, as
 * it costs reading the PidFile and /proc. */
static int
pf_apache_only_signals(apr_pool_t *p)
{
    long running;

    if (ap_state_query(AP_SQ_MAIN_STATE) != AP_SQ_MS_CREATE_PRE_CONFIG) {
        return 0;
    }
    running = pf_apache_signaller(p);
    if (running <= 0) {
        return 0;
    }
    pf_apache_log_debug(PF_MSG_SKIP_SIGNAL, apr_psprintf(p,
                        "preflight: not checking: httpd (pid %ld) is "
                        "running, or -k stop was given: this process "
                        "will not bind", running));
    return 1;
}

static void
pf_apache_internal(const char *what)
{
    char msg[256];

    apr_snprintf(msg, sizeof(msg), "preflight: %s; the listen addresses "
                 "were not checked", what);
    pf_apache_log_text(APLOG_WARNING, PF_MSG_INTERNAL, msg);
}

/* Who this httpd is (its executable, its own pids) only explains a port
 * that failed: a healthy start does not ask.  PF_OK, PF_ENOMEM, or
 * PF_APACHE_ONLY_SIGNALS (asked at a start only). */
static int
pf_apache_probe_explain(pf_report_t *r, apr_pool_t *p, int at_start)
{
    if (pf_apache_add_targets(r, p) != PF_OK) {
        return PF_ENOMEM;
    }
    pf_report_probe(r);
    if (!pf_report_any_failed(r)) {
        return PF_OK;
    }
    if (at_start && pf_apache_only_signals(p)) {
        return PF_APACHE_ONLY_SIGNALS;
    }
    r->ctx.server_exe = pf_pstrdup(r->pool, pf_apache_server_exe(p));
    if (pf_apache_add_self(r, p) != PF_OK) {
        return PF_ENOMEM;
    }
    pf_lazy_report_explain(r);
    return PF_OK;
}

/* A report over ap_listeners, run; NULL when it failed (logged) or when
 * this process only signals a running httpd. */
static pf_report_t *
pf_apache_run(apr_pool_t *p, int at_start)
{
    pf_report_t *r = pf_report_create();
    int          rc;

    if (r == NULL) {
        pf_apache_internal("out of memory");
        return NULL;
    }
    r->ctx.server = PF_SERVER_APACHE;
    r->ctx.server_unit = NULL;
    rc = pf_apache_probe_explain(r, p, at_start);
    if (rc != PF_OK) {
        if (rc == PF_ENOMEM) {
            pf_apache_internal("out of memory");
        }
        pf_report_destroy(r);
        return NULL;
    }
    return r;
}

/* After PreflightRemedy apply: is any port still taken? */
static unsigned
pf_apache_recheck(apr_pool_t *p, int running)
{
    pf_report_t *r = pf_apache_run(p, 0);
    unsigned     n;

    if (r == NULL) {
        return 1;
    }
    n = pf_apache_count_conflicts(r, running);
    pf_report_destroy(r);
    return n;
}

/* For LogLevel preflight:debug: what was checked, at which pass.  Made
 * only then: a healthy start allocates nothing. */
static void
pf_apache_log_summary(apr_pool_t *p, unsigned long checked,
                      unsigned long held)
{
    if (!pf_apache_debug_on()) {
        return;
    }
    pf_apache_log_debug(PF_MSG_ALL_FREE,
                        apr_psprintf(p, "preflight: %lu listen address(es) "
                                     "checked (%lu held by this httpd "
                                     "already, configuration generation "
                                     "%d): every one can be bound",
                                     checked, held,
                                     ap_state_query(AP_SQ_CONFIG_GEN)));
}

static void
pf_apache_log_report_summary(apr_pool_t *p, const pf_report_t *r)
{
    size_t i, held = 0;

    for (i = 0; i < r->checks.nelts; i++) {
        held += PF_ARRAY_AT(&r->checks, pf_check_t, i).target.held_by_self;
    }
    pf_apache_log_summary(p, (unsigned long) r->checks.nelts,
                          (unsigned long) held);
}

static void
pf_apache_configtest_summary(unsigned n)
{
    ap_log_error(APLOG_MARK, APLOG_WARNING | APLOG_STARTUP, 0, NULL,
                 "%spreflight: the configuration may be fine, but a start "
                 "now would fail: %u listen address%s cannot be bound",
                 PF_MSG_CONFIGTEST, n, n == 1 ? "" : "es");
}

/* Conflicts at a start: remedies, then warn or refuse. */
static int
pf_apache_on_conflict(apr_pool_t *p, const pf_apache_conf_t *conf,
                      pf_report_t *r, int running)
{
    if (pf_apache_remedy(conf, conf->remedy, APLOG_ERR, r)
        && pf_apache_recheck(p, running) == 0)
    {
        pf_apache_log_text(APLOG_NOTICE, PF_MSG_REMEDY_DONE,
                           "preflight: remedies applied: every listen "
                           "address can be bound now");
        return OK;
    }
    if (conf->on_conflict == PF_APACHE_FAIL) {
        pf_apache_log_refusal(r, running);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return OK;
}

int
pf_apache_check(apr_pool_t *p, server_rec *s, pf_apache_when_t when)
{
    pf_apache_conf_t conf;
    pf_report_t     *r;
    unsigned         n, checked, held;
    int              rc = OK, running;

    pf_apache_conf_get(s, &conf);
    if (!conf.check || !pf_apache_worth_checking(when)) {
        return OK;
    }
    if (pf_apache_all_bind(&checked, &held)) {
        if (when != PF_APACHE_AT_CONFIGTEST) {
            pf_apache_log_summary(p, checked, held);
        }
        return OK;
    }
    /* httpd -t of a running server's configuration still tells */
    r = pf_apache_run(p, when == PF_APACHE_AT_START);
    if (r == NULL) {
        return OK;
    }
    running = pf_report_any_failed(r) && pf_apache_pidfile_pid(p) > 0;
    if (when == PF_APACHE_AT_CONFIGTEST) {
        n = pf_apache_log_conflicts(APLOG_WARNING, r, running);
        if (n > 0) {
            /* httpd -t changes nothing: at most a plan */
            pf_apache_remedy(&conf, conf.remedy == PF_REMEDY_MODE_NONE
                             ? PF_REMEDY_MODE_NONE : PF_REMEDY_MODE_SUGGEST,
                             APLOG_WARNING, r);
            pf_apache_configtest_summary(n);
        }
    } else {
        pf_apache_log_churn(p, r);
        n = pf_apache_log_conflicts(APLOG_ERR, r, running);
        if (n > 0) {
            rc = pf_apache_on_conflict(p, &conf, r, running);
        } else {
            pf_apache_log_report_summary(p, r);
        }
    }
    pf_report_destroy(r);
    return rc;
}
