/*
 * The report in Apache's log.  Lines are logged without a server_rec:
 * before open_logs a server's error_log is not open and a message given
 * one would go to syslog, while the process's stderr is the console at
 * start-up and the main error log afterwards (open_logs points it
 * there).  On the console they carry no header, as httpd's own start-up
 * messages ("AH00072: make_sock: could not bind ...") do.
 */
#include <string.h>

#include "httpd.h"
#include "http_core.h"
#include "http_log.h"
#include "http_main.h"
#include "apr_strings.h"

#include "pf_apache.h"
#include "pf_apache_msgs.h"

APLOG_USE_MODULE(preflight);

static int
pf_apache_console_flag(void)
{
    return ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG
           || ap_state_query(AP_SQ_RUN_MODE) == AP_SQ_RM_CONFIG_TEST
           ? APLOG_STARTUP : 0;
}

void
pf_apache_log_text(int level, const char *tag, const char *text)
{
    const char *line, *nl;
    size_t      len;
    int         flags = level | pf_apache_console_flag();

    for (line = text; line != NULL && *line != '\0'; line += len) {
        nl = strchr(line, '\n');
        len = nl != NULL ? (size_t) (nl - line) : strlen(line);
        if (len > 0 && !((flags & APLOG_STARTUP)
                         && pf_apache_log_event(tag, line, len)))
        {
            ap_log_error(APLOG_MARK, flags, 0, NULL, "%s%.*s", tag,
                         (int) len, line);
        }
        len += nl != NULL;
    }
}

/* Debug lines: with no server_rec httpd filters by its default level
 * (warn) alone, so honour LogLevel preflight:debug here and log them as
 * notices, which always pass. */
int
pf_apache_debug_on(void)
{
    return ap_server_conf != NULL
           && APLOG_IS_LEVEL(ap_server_conf, APLOG_DEBUG);
}

void
pf_apache_log_debug(const char *tag, const char *text)
{
    if (pf_apache_debug_on()) {
        pf_apache_log_text(APLOG_NOTICE, tag, text);
    }
}

/* Every process holding the port is this server (its pids, or children
 * of them): never a conflict, whatever the rules concluded.  When no
 * holder could be named and an httpd of this configuration is running
 * (httpd -t next to it), nothing shows that the port is not its own:
 * silence rather than a false alarm. */
static int
pf_apache_held_by_us(const pf_check_t *c, int running)
{
    size_t i;

    if (c->facts.processes.nelts == 0) {
        return running && c->probe.status == PF_STATUS_IN_USE;
    }
    for (i = 0; i < c->facts.processes.nelts; i++) {
        if (!PF_ARRAY_AT(&c->facts.processes, pf_process_t, i).is_self) {
            return 0;
        }
    }
    return 1;
}

int
pf_apache_is_conflict(const pf_check_t *c, int running)
{
    return pf_check_is_conflict(c) && !pf_apache_held_by_us(c, running);
}

unsigned
pf_apache_count_conflicts(const pf_report_t *r, int running)
{
    size_t   i;
    unsigned n = 0;

    for (i = 0; i < r->checks.nelts; i++) {
        n += pf_apache_is_conflict(&PF_ARRAY_AT(&r->checks, pf_check_t, i),
                                   running);
    }
    return n;
}

unsigned
pf_apache_log_conflicts(int level, const pf_report_t *r, int running)
{
    size_t   i;
    unsigned n = 0;
    pf_buf_t buf;

    for (i = 0; i < r->checks.nelts; i++) {
        const pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);

        if (!pf_apache_is_conflict(c, running)) {
            continue;
        }
        n++;
        pf_buf_init(&buf);
        pf_render_check_text(r, c, 0, &buf);
        if (buf.failed || buf.data == NULL) {
            pf_apache_log_text(level, PF_MSG_CONFLICT,
                               "preflight: a listen address cannot be bound "
                               "(out of memory while explaining why)");
        } else {
            pf_apache_log_text(level, PF_MSG_CONFLICT, buf.data);
        }
        pf_buf_free(&buf);
    }
    return n;
}

/* What is not a conflict but happened: an older generation of this
 * httpd still holding a port (a graceful restart whose old children
 * drain their connections) is a warning; a port whose holder left
 * between the probe and the facts, a debug line. */
void
pf_apache_log_churn(apr_pool_t *p, const pf_report_t *r)
{
    size_t   i;
    pf_buf_t buf;

    for (i = 0; i < r->checks.nelts; i++) {
        const pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);
        pf_verdict_t      v = pf_check_verdict(c);

        if (v == PF_VERDICT_RELEASED) {
            pf_apache_log_debug(PF_MSG_RELEASED, apr_psprintf(p,
                                "preflight: %s was in use, and free when "
                                "probed again: its holder has exited",
                                c->target.spelling));
        } else if (v == PF_VERDICT_SELF_EXITING) {
            pf_buf_init(&buf);
            pf_render_check_text(r, c, 0, &buf);
            if (!buf.failed && buf.data != NULL) {
                pf_apache_log_text(APLOG_WARNING, PF_MSG_SELF_EXITING,
                                   buf.data);
            }
            pf_buf_free(&buf);
        }
    }
}

/* The first finding that is not "this server": the reason to give. */
static const char *
pf_apache_reason(const pf_check_t *c)
{
    size_t i;

    for (i = 0; i < c->findings.nelts; i++) {
        const pf_finding_t *f = &PF_ARRAY_AT(&c->findings, pf_finding_t, i);

        if (f->cause != PF_CAUSE_SAME_SERVER && f->summary != NULL) {
            return f->summary;
        }
    }
    return pf_status_name(c->probe.status);
}

void
pf_apache_log_refusal(const pf_report_t *r, int running)
{
    const pf_check_t *first = NULL;
    char              name[PF_ADDRSTRLEN + 16], more[64], msg[2048];
    const char       *why;
    size_t            i;
    unsigned          n = 0;

    for (i = 0; i < r->checks.nelts; i++) {
        const pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);

        if (pf_apache_is_conflict(c, running)) {
            first = first != NULL ? first : c;
            n++;
        }
    }
    if (first == NULL) {
        return;
    }
    /* the summary names the holder: its name is anybody's */
    why = pf_inert(r->pool, pf_apache_reason(first));
    more[0] = '\0';
    if (n > 1) {
        apr_snprintf(more, sizeof(more), " (and %u more)", n - 1);
    }
    apr_snprintf(msg, sizeof(msg),
                 "preflight: refusing to start: %s cannot be bound: %s%s",
                 pf_target_name(&first->target, name, sizeof(name)),
                 why != NULL ? why : "?", more);
    pf_apache_log_text(APLOG_ERR, PF_MSG_REFUSE, msg);
}
