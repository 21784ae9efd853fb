/*
 * Text for people (pf_render_text) and for server logs
 * (pf_render_check_text), from reports built by hand.
 */
#include "test_diag_fixture.h"

static pf_buf_t out;

static void
text_setup(void)
{
    fx_setup();
    pf_buf_init(&out);
}

static void
text_teardown(void)
{
    pf_buf_free(&out);
    fx_teardown();
}

static pf_check_t *
free_target(void)
{
    return fx_check("127.0.0.1:8080", PF_STATUS_FREE, PF_ERRSPACE_POSIX, 0);
}

static pf_check_t *
nginx_conflict(void)
{
    pf_check_t   *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                               EADDRINUSE);
    pf_process_t *p = fx_process(c, 1234, "nginx");

    c->target.source = "/etc/nginx/nginx.conf:12";
    p->exe = "/usr/sbin/nginx";
    p->user = "root";
    p->uid = 0;
    fx_listener(c, "0.0.0.0", 0, -1);
    c->facts.free_port_nearby = 8080;
    fx_r->ctx.server = PF_SERVER_NGINX;
    fx_diagnose(c);
    return c;
}

static void
test_text_free(void)
{
    free_target();
    pf_render_text(fx_r, 0, &out);
    PF_ASSERT_STR(out.data, "\xe2\x9c\x94 127.0.0.1:8080 free\n");
}

static void
test_text_quiet_hides_free(void)
{
    free_target();
    pf_render_text(fx_r, PF_RENDER_QUIET, &out);
    PF_ASSERT_EQ(out.len, 0);
}

static void
test_text_conflict(void)
{
    nginx_conflict();
    free_target();
    pf_render_text(fx_r, 0, &out);
    PF_ASSERT_CONTAINS(out.data, "\xe2\x9c\x98 *:80 (from /etc/nginx/"
                                 "nginx.conf:12) in use (EADDRINUSE)\n");
    PF_ASSERT_CONTAINS(out.data, "\n  port 80 is in use by nginx (PID 1234");
    PF_ASSERT_CONTAINS(out.data, "    held by PID 1234 nginx, "
                                 "/usr/sbin/nginx, user root\n");
    PF_ASSERT_CONTAINS(out.data, "  Fix:\n    1. ");
    PF_ASSERT_CONTAINS(out.data, "         kill 1234   # nginx, started by "
                                 "hand\n");
    PF_ASSERT_CONTAINS(out.data, "    2. use port 8080 instead");
    PF_ASSERT_CONTAINS(out.data, "         listen 8080;\n");
    PF_ASSERT_CONTAINS(out.data, "\xe2\x9c\x94 127.0.0.1:8080 free\n");
    PF_ASSERT_NULL(strchr(out.data, '\033'));
}

static void
test_text_quiet_keeps_conflict(void)
{
    nginx_conflict();
    free_target();
    pf_render_text(fx_r, PF_RENDER_QUIET, &out);
    PF_ASSERT_CONTAINS(out.data, "*:80");
    PF_ASSERT_NOT_CONTAINS(out.data, "127.0.0.1:8080");
}

static void
test_text_color(void)
{
    nginx_conflict();
    pf_render_text(fx_r, PF_RENDER_COLOR, &out);
    PF_ASSERT_CONTAINS(out.data, "\033[31m\xe2\x9c\x98\033[0m *:80");
}

static void
test_text_verbose(void)
{
    pf_check_t *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                             EADDRINUSE);
    int         i;

    for (i = 0; i < 3; i++) {
        fx_listener(c, "0.0.0.0", 33, -1)->pids_visible = 0;
    }
    fx_push_str(&c->facts.notes, "cannot read /proc/77/fd: EACCES");
    fx_diagnose(c);
    pf_render_text(fx_r, 0, &out);
    PF_ASSERT_CONTAINS(out.data, "(3 more: preflight explain *:80)");
    PF_ASSERT_NOT_CONTAINS(out.data, "note:");
    pf_buf_free(&out);
    pf_render_text(fx_r, PF_RENDER_VERBOSE, &out);
    PF_ASSERT_NOT_CONTAINS(out.data, "more: preflight explain");
    PF_ASSERT_CONTAINS(out.data, "note: cannot read /proc/77/fd: EACCES");
}

static void
test_log_conflict(void)
{
    pf_check_t *c = nginx_conflict();

    pf_render_check_text(fx_r, c, 0, &out);
    PF_ASSERT_CONTAINS(out.data, "*:80 (from /etc/nginx/nginx.conf:12): "
                                 "cannot be bound, in use (EADDRINUSE)\n");
    PF_ASSERT_CONTAINS(out.data, "\n  port 80 is in use by nginx");
    PF_ASSERT_CONTAINS(out.data, "\n  fix 1: ");
    PF_ASSERT_CONTAINS(out.data, "\n      kill 1234   # nginx");
    PF_ASSERT_NULL(strchr(out.data, '\033'));
    PF_ASSERT_NOT_CONTAINS(out.data, "\xe2\x9c");
}

static void
test_log_free(void)
{
    pf_check_t *c = free_target();

    pf_render_check_text(fx_r, c, 0, &out);
    PF_ASSERT_STR(out.data, "127.0.0.1:8080: free\n");
}

static void
test_log_same_server(void)
{
    pf_check_t *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                             EADDRINUSE);

    fx_process(c, 10, "apache2")->is_self = 1;
    fx_diagnose(c);
    pf_render_check_text(fx_r, c, 0, &out);
    PF_ASSERT_CONTAINS(out.data, "*:80: in use (EADDRINUSE)\n");
    PF_ASSERT_CONTAINS(out.data, "held by this server itself");
    PF_ASSERT_NOT_CONTAINS(out.data, "cannot be bound");
}

/* Issue 17: nginx's "listen 80; listen [::]:80;" held by one process:
 * the second address says so in one line and gives only its own fix. */
static void
test_log_said_once(void)
{
    pf_check_t   *c = nginx_conflict();
    pf_check_t   *c6 = fx_check("[::]:80", PF_STATUS_IN_USE,
                                PF_ERRSPACE_POSIX, EADDRINUSE);
    pf_process_t *p = fx_process(c6, 1234, "nginx");
    size_t        first;

    p->exe = "/usr/sbin/nginx";
    p->user = "root";
    p->uid = 0;
    fx_listener(c6, "::", 0, -1);
    c6->facts.free_port_nearby = 8080;
    fx_diagnose(c6);
    pf_render_check_text(fx_r, c, 0, &out);
    first = out.len;
    pf_render_check_text(fx_r, c6, 0, &out);
    CU_ASSERT_FATAL(out.len > first);
    PF_ASSERT_CONTAINS(out.data + first, "[::]:80: cannot be bound, in use "
                       "(EADDRINUSE)\n  port 80 is in use by nginx (PID "
                       "1234, user root) (as for *:80 above)\n");
    PF_ASSERT_NOT_CONTAINS(out.data + first, "kill 1234");
    PF_ASSERT_NOT_CONTAINS(out.data + first, "held by");
    PF_ASSERT_CONTAINS(out.data + first, "listen [::]:8080;");
    /* alone, or first: the whole explanation */
    out.len = 0;
    pf_render_check_text(fx_r, c, 0, &out);
    PF_ASSERT_CONTAINS(out.data, "kill 1234");
}

/* A terminal that is not UTF-8 gets ASCII marks and nothing else that
 * is not ASCII from preflight's own words. */
static void
test_text_ascii(void)
{
    const unsigned char *p;

    nginx_conflict();
    free_target();
    pf_render_text(fx_r, PF_RENDER_ASCII, &out);
    PF_ASSERT_CONTAINS(out.data, "!! *:80 (from /etc/nginx/nginx.conf:12)");
    PF_ASSERT_CONTAINS(out.data, "ok 127.0.0.1:8080 free\n");
    for (p = (const unsigned char *) out.data; *p; p++) {
        CU_ASSERT_FATAL(*p < 0x80);
    }
}

/*
 * Hostile strings: a unit is a cgroup directory name and a process name
 * is whatever its owner set (hand-written facts, as a local user can lay
 * them out: mkdir in a delegated cgroup, prctl(PR_SET_NAME)).
 */
static pf_check_t *
hostile_conflict(void)
{
    pf_check_t   *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                               EADDRINUSE);
    pf_process_t *p = fx_process(c, 4242, "ev\033[2Jil\rok;id");

    p->unit = "nginx.service;touch PWNED;.service";
    p->exe = "/tmp/x\nFix: run me";
    fx_listener(c, "0.0.0.0", 0, -1);
    fx_r->ctx.server = PF_SERVER_NGINX;
    fx_diagnose(c);
    return c;
}

static void
assert_inert(const char *s)
{
    const char *p;

    for (p = s; *p; p++) {
        if ((unsigned char) *p < 0x20 && *p != '\n') {
            CU_FAIL("a control character reached the output");
            return;
        }
    }
}

static void
test_text_hostile_names_inert(void)
{
    const pf_check_t *c = hostile_conflict();

    pf_render_text(fx_r, PF_RENDER_VERBOSE, &out);
    assert_inert(out.data);
    PF_ASSERT_CONTAINS(out.data, "held by PID 4242 ev\\x1b[2Jil\\rok;id, "
                                 "/tmp/x\\nFix: run me, "
                                 "nginx.service;touch PWNED;.service\n");
    /* the unit fails the grammar: no command names it, none runs it */
    PF_ASSERT_NOT_CONTAINS(out.data, "systemctl");
    /* the advice for a process instead, the unit in its comment */
    PF_ASSERT_CONTAINS(out.data, "         kill 4242   # "
                                 "ev\\x1b[2Jil\\rok;id, "
                                 "in nginx.service;touch PWNED;.service\n");
    pf_buf_free(&out);
    pf_buf_init(&out);
    pf_render_check_text(fx_r, c, PF_RENDER_VERBOSE, &out);
    assert_inert(out.data);
    PF_ASSERT_NOT_CONTAINS(out.data, "systemctl");
    PF_ASSERT_CONTAINS(out.data, "ev\\x1b[2Jil\\rok;id");
}

/* A process started by hand: its name goes into the kill command's
 * comment, where a newline would end the comment and start a command. */
static void
test_text_hostile_process_comment(void)
{
    pf_check_t *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                             EADDRINUSE);
    pf_buf_t    json;

    fx_process(c, 4243, "x\ntouch PWNED\x1b]0;t\a");
    fx_listener(c, "0.0.0.0", 0, -1);
    fx_r->ctx.server = PF_SERVER_NGINX;
    fx_diagnose(c);
    pf_render_text(fx_r, 0, &out);
    assert_inert(out.data);
    PF_ASSERT_CONTAINS(out.data, "         kill 4243   # x\\ntouch PWNED"
                                 "\\x1b]0;t\\x07, started by hand\n");
    /* the JSON command is the same inert line, not a second command */
    pf_buf_init(&json);
    pf_render_json(fx_r, &json);
    PF_ASSERT_CONTAINS(json.data, "\"kill 4243   # x\\\\ntouch PWNED");
    pf_buf_free(&json);
}

/* A pre-forked server: the master and its ten workers all hold the
 * socket (the owner scan names the whole family).  The report names the
 * master on its line and sums the workers up in one, in the terminal and
 * in a log; verbose lists each. */
static pf_check_t *
prefork_conflict(void)
{
    pf_check_t   *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                               EADDRINUSE);
    pf_process_t *p = fx_process(c, 1234, "apache2");
    long          pid;

    p->user = "root";
    for (pid = 1300; pid < 1310; pid++) {
        p = fx_process(c, pid, "apache2");
        p->ppid = 1234;
        p->user = "www-data";
    }
    fx_listener(c, "0.0.0.0", 0, -1);
    fx_diagnose(c);
    return c;
}

static void
test_text_workers_summed_up(void)
{
    prefork_conflict();
    pf_render_text(fx_r, 0, &out);
    PF_ASSERT_CONTAINS(out.data, "    held by PID 1234 apache2, user root\n"
                       "    and 10 of its child processes hold it too: PID "
                       "1300, 1301, 1302, 1303, 1304, 1305, 1306, 1307, ..."
                       "\n");
    PF_ASSERT_NULL(strstr(out.data, "held by PID 1300"));
    pf_buf_free(&out);
    pf_buf_init(&out);
    pf_render_text(fx_r, PF_RENDER_VERBOSE, &out);
    PF_ASSERT_CONTAINS(out.data, "    held by PID 1309 apache2, user "
                                 "www-data\n");
    PF_ASSERT_NULL(strstr(out.data, "of its child processes"));
}

static void
test_log_workers_summed_up(void)
{
    pf_check_t *c = prefork_conflict();

    pf_render_check_text(fx_r, c, 0, &out);
    PF_ASSERT_CONTAINS(out.data, "  held by PID 1234 apache2, user root\n"
                       "  and 10 of its child processes hold it too: PID ");
    PF_ASSERT_NULL(strstr(out.data, "held by PID 1305"));
}

/* The one escaping helper and the name grammars and quoting helpers. */
static void
test_inert_helper(void)
{
    pf_pool_t  *pool = pf_pool_create();
    const char *plain = "nginx \xc3\xa9t\xc3\xa9 [::]:80";

    PF_ASSERT_STR(pf_inert(pool, "a\033[2J\r\n\t\177\xc2\x9b[1m\x01"),
                  "a\\x1b[2J\\r\\n\\t\\x7f\\x9b[1m\\x01");
    /* printable text, UTF-8 included, is the same string */
    PF_ASSERT_PTR_EQ(pf_inert(pool, plain), plain);
    pf_buf_inert(&out, "x\033y");
    PF_ASSERT_STR(out.data, "x\\x1by");
    pf_pool_destroy(pool);
}

static void
test_name_grammars_and_quoting(void)
{
    static const char *units_ok[] = {
        "nginx.service", "apache2.socket", "getty@tty1.service",
        "systemd-fsck@dev-disk-by\\x2duuid-1.service", "a:b_c.service",
        NULL
    };
    static const char *units_bad[] = {
        "", "nginx", "nginx.service;id", "/etc/x.service", "-x.service",
        ".service", "@x.service", "a b.service", "a\033.service",
        "a@b@c.service", "x.service\n", "x.exe", NULL
    };
    static const char *services_ok[] = {
        "W3SVC", "MSSQL$SQLEXPRESS", "World Wide Web", "svc_1-2.x@y#z+",
        "{1234-abcd}", NULL
    };
    static const char *services_bad[] = {
        "", "a&calc", "a|b", "a\"b", "%PATH%", "-x", " x", "x ", "a\\b",
        "a/b", "a\rb", NULL
    };
    pf_pool_t *pool = pf_pool_create();
    int        i;

    for (i = 0; units_ok[i] != NULL; i++) {
        CU_ASSERT(pf_unit_name_ok(units_ok[i]));
    }
    for (i = 0; units_bad[i] != NULL; i++) {
        CU_ASSERT(!pf_unit_name_ok(units_bad[i]));
    }
    for (i = 0; services_ok[i] != NULL; i++) {
        CU_ASSERT(pf_service_name_ok(services_ok[i]));
    }
    for (i = 0; services_bad[i] != NULL; i++) {
        CU_ASSERT(!pf_service_name_ok(services_bad[i]));
    }
    PF_ASSERT_STR(pf_sh_quote(pool, "nginx.service"), "nginx.service");
    PF_ASSERT_STR(pf_sh_quote(pool, "a\\x2db.service"), "'a\\x2db.service'");
    PF_ASSERT_STR(pf_sh_quote(pool, "it's; id"), "'it'\\''s; id'");
    PF_ASSERT_STR(pf_sh_quote(pool, "-rf"), "'-rf'");
    PF_ASSERT_STR(pf_sh_quote(pool, ""), "''");
    PF_ASSERT_NULL(pf_sh_quote(pool, "a\nb"));
    PF_ASSERT_STR(pf_cmd_quote(pool, "W3SVC"), "W3SVC");
    PF_ASSERT_STR(pf_cmd_quote(pool, "World Wide Web"), "\"World Wide Web\"");
    PF_ASSERT_NULL(pf_cmd_quote(pool, "a&calc"));
    PF_ASSERT_NULL(pf_cmd_quote(pool, "%PATH%"));
    PF_ASSERT_NULL(pf_cmd_quote(pool, "a\"b"));
    pf_pool_destroy(pool);
}

static CU_TestInfo text_tests[] = {
    { "free target", test_text_free },
    { "quiet hides free targets", test_text_quiet_hides_free },
    { "conflict: finding, holder, numbered fixes", test_text_conflict },
    { "a server's workers on one line", test_text_workers_summed_up },
    { "quiet keeps conflicts", test_text_quiet_keeps_conflict },
    { "colour only when asked", test_text_color },
    { "ASCII marks when asked", test_text_ascii },
    { "verbose: all evidence and notes", test_text_verbose },
    { "hostile unit and process names stay inert",
      test_text_hostile_names_inert },
    { "a hostile process name stays a comment",
      test_text_hostile_process_comment },
    { "pf_inert: control characters as visible escapes", test_inert_helper },
    { "unit/service grammars, sh and cmd.exe quoting",
      test_name_grammars_and_quoting },
    CU_TEST_INFO_NULL
};

static CU_TestInfo log_tests[] = {
    { "conflict", test_log_conflict },
    { "a server's workers on one line", test_log_workers_summed_up },
    { "free", test_log_free },
    { "same server is no conflict", test_log_same_server },
    { "an earlier address's words are not said again", test_log_said_once },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "render text", NULL, NULL, text_setup, text_teardown, text_tests },
    { "render check text (logs)", NULL, NULL, text_setup, text_teardown,
      log_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
