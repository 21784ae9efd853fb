/*
 * unix-socket (pf_rule_unix_socket.c): nginx "listen unix:/path" that
 * bind() refused, from facts built by hand, and the nginx parser that
 * makes such targets.  The real nginx's answer on the same paths is in
 * tests/agree/nginx.cases.
 */
#include "test_diag_fixture.h"

static pf_check_t *
unix_check(const char *path, int err, pf_sockfile_t kind)
{
    pf_target_t  t;
    pf_check_t  *c;

    memset(&t, 0, sizeof(t));
    t.family = PF_FAMILY_UNIX;
    strcpy(t.address, "unix");
    t.path = path;
    t.server = PF_SERVER_NGINX;
    t.v6only = -1;
    c = pf_report_add_target(fx_r, &t);
    PF_ASSERT_NOT_NULL_FATAL(c);
    c->probe.status = err == EADDRINUSE ? PF_STATUS_IN_USE : PF_STATUS_ERROR;
    c->probe.err = err;
    c->probe.err_name = pf_errno_name(PF_ERRSPACE_POSIX, err);
    c->facts.sockfile = kind;
    return c;
}

static void
test_stale_socket(void)
{
    pf_check_t   *c = unix_check("/run/php/it's.sock", EADDRINUSE,
                                 PF_SOCKFILE_STALE);
    pf_finding_t *f;

    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_UNIX_SOCKET);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "no process listens on");
    /* the path is quoted for sh, its quote included */
    FX_ASSERT_COMMAND(f, "rm -- '/run/php/it'\\''s.sock'");
    CU_ASSERT(pf_check_is_conflict(c));
    PF_ASSERT_NULL(fx_finding(c, PF_CAUSE_UNKNOWN));
}

/* a path with a control character is no command to paste */
static void
test_stale_socket_hostile_path(void)
{
    pf_check_t   *c = unix_check("/tmp/x\033[2J.sock", EADDRINUSE,
                                 PF_SOCKFILE_STALE);
    pf_finding_t *f;

    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_UNIX_SOCKET);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_NOT_CONTAINS(fx_commands(f), "rm --");
}

static void
test_missing_directory(void)
{
    pf_check_t   *c = unix_check("/run/nginx/app.sock", ENOENT,
                                 PF_SOCKFILE_NO_DIR);
    pf_finding_t *f;

    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_UNIX_SOCKET);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "directory /run/nginx of");
    FX_ASSERT_COMMAND(f, "mkdir -p -- /run/nginx");
}

static void
test_live_socket_names_holder(void)
{
    pf_check_t   *c = unix_check("/tmp/app.sock", EADDRINUSE,
                                 PF_SOCKFILE_LIVE);
    pf_finding_t *f;

    fx_process(c, 4242, "gunicorn");
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_UNIX_SOCKET);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_SIZE_EQ(f->holders.nelts, 1);
    /* told once: not again as an ordinary process on "port 0" */
    PF_ASSERT_NULL(fx_finding(c, PF_CAUSE_PROCESS));
}

static void
test_live_socket_of_this_server(void)
{
    pf_check_t   *c = unix_check("/tmp/app.sock", EADDRINUSE,
                                 PF_SOCKFILE_LIVE);
    pf_process_t *p = fx_process(c, 77, "nginx");
    pf_finding_t *f;

    p->is_self = 1;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_SAME_SERVER);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "unix:/tmp/app.sock is held by this");
    PF_ASSERT_NULL(fx_finding(c, PF_CAUSE_UNIX_SOCKET));
    CU_ASSERT(!pf_check_is_conflict(c));
}

static void
test_not_a_socket(void)
{
    pf_check_t *c = unix_check("/tmp/x.sock", EADDRINUSE,
                               PF_SOCKFILE_NOT_SOCKET);

    fx_diagnose(c);
    PF_ASSERT_NOT_NULL_FATAL(fx_finding(c, PF_CAUSE_UNIX_SOCKET));
    PF_ASSERT_CONTAINS(fx_finding(c, PF_CAUSE_UNIX_SOCKET)->summary,
                       "not a socket");
}

/* nginx's parser on a configuration in memory, named n.conf */
static int
ngx_text(const char *conf, pf_array_t *out, pf_error_t *err)
{
    pf_conf_text_t text = { "n.conf", NULL, 0 };

    text.text = conf;
    text.len = strlen(conf);
    return pf_conf_nginx_text(fx_r->pool, &text, NULL, out, err);
}

static void
test_nginx_parser_unix(void)
{
    pf_array_t  out;
    pf_error_t  err;
    const char *conf = "events {}\nhttp { server { listen unix:/tmp/a.sock;"
                       " } server { listen unix:/tmp/b.sock; listen "
                       "unix:/tmp/a.sock; } }\n";
    char        name[PF_ADDRSTRLEN + 16];
    const pf_target_t *t;

    memset(&err, 0, sizeof(err));
    pf_array_init(&out, fx_r->pool, 2, sizeof(pf_target_t));
    PF_ASSERT_EQ_FATAL(ngx_text(conf, &out, &err), PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 2);
    t = &PF_ARRAY_AT(&out, pf_target_t, 0);
    PF_ASSERT_EQ(t->family, PF_FAMILY_UNIX);
    PF_ASSERT_STR(pf_target_name(t, name, sizeof(name)), "unix:/tmp/a.sock");
    PF_ASSERT_STR(t->source, "n.conf:2");
    PF_ASSERT_STR(pf_target_name(&PF_ARRAY_AT(&out, pf_target_t, 1), name,
                                 sizeof(name)), "unix:/tmp/b.sock");
    /* nginx's own words for a path it refuses */
    conf = "events {}\nhttp { server { listen unix:; } }\n";
    PF_ASSERT_EQ(ngx_text(conf, &out, &err), PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, "no path in the unix domain socket");
}

static CU_TestInfo unix_socket_tests[] = {
    { "a stale socket file: remove it, quoted", test_stale_socket },
    { "a hostile path: no command", test_stale_socket_hostile_path },
    { "a missing directory: create it", test_missing_directory },
    { "a live socket names its holder once", test_live_socket_names_holder },
    { "a live socket of this server is no conflict",
      test_live_socket_of_this_server },
    { "a file that is not a socket", test_not_a_socket },
    { "nginx's listen unix: is a target", test_nginx_parser_unix },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "unix-socket", NULL, NULL, fx_setup, fx_teardown, unix_socket_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
