/*
 * Apache's logger for the core's lines.  Lines are logged without a
 * server_rec: before open_logs a server's error_log is not open and a
 * message given one would go to syslog, while the process's stderr is
 * the console at start-up and the main error log afterwards (open_logs
 * points it there).  On the console they carry no header, as httpd's own
 * start-up messages ("AH00072: make_sock: could not bind ...") do.
 */
#include <string.h>

#include "httpd.h"
#include "http_core.h"
#include "http_log.h"
#include "http_main.h"
#include "apr_strings.h"

#include "pf_apache.h"

APLOG_USE_MODULE(preflight);

/* Each kind of line its tag.  Apache's APLOGNO() numbers (AHnnnnn)
 * belong to httpd itself; ours are PFnnnnn, the number of the core's
 * pf_host_msg_t, so that a log line can be searched for and a script can
 * match it. */
static const char *
pf_apache_tag(pf_host_msg_t msg, char *buf, size_t len)
{
    apr_snprintf(buf, len, "PF%05d: ", (int) msg);
    return buf;
}

static int
pf_apache_level(pf_log_level_t level)
{
    static const int levels[] = {
        APLOG_EMERG, APLOG_ERR, APLOG_WARNING, APLOG_NOTICE, APLOG_INFO,
        APLOG_DEBUG
    };

    return (unsigned) level < sizeof(levels) / sizeof(levels[0])
           ? levels[level] : APLOG_ERR;
}

static int
pf_apache_console_flag(void)
{
    return ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG
           || ap_state_query(AP_SQ_RUN_MODE) == AP_SQ_RM_CONFIG_TEST
           ? APLOG_STARTUP : 0;
}

/* With no server_rec httpd filters by its default level (warn) alone,
 * so LogLevel preflight:debug is honoured here. */
int
pf_apache_debug_on(void)
{
    return ap_server_conf != NULL
           && APLOG_IS_LEVEL(ap_server_conf, APLOG_DEBUG);
}

void
pf_apache_log(void *data, pf_log_level_t level, pf_host_msg_t msg,
              const char *line)
{
    char tag[16];
    int  lv = pf_apache_level(level), flags;

    (void) data;
    if (lv == APLOG_DEBUG) {
        if (!pf_apache_debug_on()) {
            return;
        }
        lv = APLOG_NOTICE;       /* notices always pass */
    }
    flags = lv | pf_apache_console_flag();
    pf_apache_tag(msg, tag, sizeof(tag));
    /* a service's start-up lines: the event log, at once */
    if ((flags & APLOG_STARTUP)
        && pf_apache_log_event(tag, line, strlen(line)))
    {
        return;
    }
    ap_log_error(APLOG_MARK, flags, 0, NULL, "%s%s", tag, line);
}
