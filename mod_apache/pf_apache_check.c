/*
 * One run of the check from inside httpd, and when it is worth it.
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
 * without it: the core logs a warning, and this returns OK.
 */
#include "httpd.h"
#include "http_core.h"
#include "http_log.h"
#include "http_main.h"
#include "apr_strings.h"

#include "pf_apache.h"

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

/* The host's table: pf_host_check() calls back with the request pool. */
static int
pf_apache_targets_op(void *data, pf_report_t *r)
{
    return pf_apache_add_targets(r, data);
}

static int
pf_apache_self_op(void *data, pf_report_t *r)
{
    return pf_apache_add_self(r, data);
}

static long
pf_apache_running_op(void *data)
{
    return pf_apache_pidfile_pid(data);
}

/* At the first pass, a port that failed may be held by the httpd this
 * process only signals (-k graceful|restart|stop): asked only then, as
 * it costs reading the PidFile and /proc. */
static int
pf_apache_only_signals_op(void *data)
{
    apr_pool_t *p = data;
    long        running;

    if (ap_state_query(AP_SQ_MAIN_STATE) != AP_SQ_MS_CREATE_PRE_CONFIG) {
        return 0;
    }
    running = pf_apache_signaller(p);
    if (running <= 0) {
        return 0;
    }
    pf_apache_log(p, PF_LOG_DEBUG, PF_HOST_MSG_SKIP_SIGNAL,
                  apr_psprintf(p, "preflight: not checking: httpd (pid %ld) "
                               "is running, or -k stop was given: this "
                               "process will not bind", running));
    return 1;
}

static const pf_host_ops_t pf_apache_ops = {
    pf_apache_targets_op,
    pf_apache_self_op,
    pf_apache_running_op,
    pf_apache_only_signals_op,
    pf_apache_log
};

/* For LogLevel preflight:debug: what was checked, at which pass.  Made
 * only then: a healthy start allocates nothing. */
static void
pf_apache_log_summary(apr_pool_t *p, unsigned checked, unsigned held)
{
    if (!pf_apache_debug_on()) {
        return;
    }
    pf_apache_log(p, PF_LOG_DEBUG, PF_HOST_MSG_ALL_FREE,
                  apr_psprintf(p, "preflight: %u listen address(es) checked "
                               "(%u held by this httpd already, "
                               "configuration generation %d): every one can "
                               "be bound", checked, held,
                               ap_state_query(AP_SQ_CONFIG_GEN)));
}

static void
pf_apache_settings(const pf_apache_conf_t *conf, pf_apache_when_t when,
                   pf_host_settings_t *s)
{
    pf_host_settings_init(s, PF_SERVER_APACHE);
    s->core = pf_apache_core();
    s->on_conflict = (pf_on_conflict_t) conf->on_conflict;
    s->remedy = (pf_remedy_mode_t) conf->remedy;
    if (conf->allow != NULL) {
        s->allow = (const char *const *) conf->allow->elts;
        s->nallow = (size_t) conf->allow->nelts;
    }
    s->argv0 = ap_server_argv0;
    s->config_test = when == PF_APACHE_AT_CONFIGTEST;
}

int
pf_apache_check(apr_pool_t *p, server_rec *s, pf_apache_when_t when)
{
    pf_apache_conf_t   conf;
    pf_host_settings_t settings;
    pf_host_result_t   res;
    unsigned           checked, held;

    pf_apache_conf_get(s, &conf);
    if (!conf.check || !pf_apache_worth_checking(when)) {
        return OK;
    }
    if (pf_apache_all_bind(p, &checked, &held)) {
        if (when != PF_APACHE_AT_CONFIGTEST) {
            pf_apache_log_summary(p, checked, held);
        }
        return OK;
    }
    /* httpd -t of a running server's configuration still tells */
    pf_apache_settings(&conf, when, &settings);
    pf_host_check(&pf_apache_ops, p, &settings, &res);
    if (res.refuse) {
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (res.conflicts == 0 && !res.skipped && !settings.config_test) {
        pf_apache_log_summary(p, res.checked, res.held);
    }
    return OK;
}
