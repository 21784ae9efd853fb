/*
 * The host interface (pf_host.c): the policy the Apache and nginx modules
 * each carried a copy of, from reports built by hand.  The log lines a
 * host gets are captured as "LEVEL MSG text" lines.
 */
#include "test_diag_fixture.h"
#include "pf_listen_set.h"

typedef struct {
    pf_buf_t  lines;
    int       targets_rc;
} host_t;

static host_t apache, nginx;

static void
host_log(void *data, pf_log_level_t level, pf_host_msg_t msg,
         const char *line)
{
    host_t *h = data;

    pf_buf_printf(&h->lines, "%d %d %s\n", (int) level, (int) msg, line);
}

static int
host_targets(void *data, pf_report_t *r)
{
    (void) r;
    return ((host_t *) data)->targets_rc;
}

static const pf_host_ops_t host_ops = {
    host_targets, NULL, NULL, NULL, host_log
};

static void
host_setup(void)
{
    fx_setup();
    memset(&apache, 0, sizeof(apache));
    memset(&nginx, 0, sizeof(nginx));
    pf_buf_init(&apache.lines);
    pf_buf_init(&nginx.lines);
}

static void
host_teardown(void)
{
    pf_buf_free(&apache.lines);
    pf_buf_free(&nginx.lines);
    fx_teardown();
}

static const char *
lines(const host_t *h)
{
    return h->lines.data != NULL ? h->lines.data : "";
}

/* Port 80 held by another process (PID 1234 nginx): a conflict. */
static pf_check_t *
held_by_other(const char *spec, const char *name)
{
    pf_check_t *c = fx_check(spec, PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                             EADDRINUSE);

    fx_process(c, 1234, name);
    fx_listener(c, "0.0.0.0", 0, 1234);
    fx_diagnose(c);
    return c;
}

/* ------------------------------------------------------------------ */

static void
test_policy_words(void)
{
    pf_on_conflict_t p = PF_ON_CONFLICT_WARN;
    pf_remedy_mode_t m = PF_REMEDY_MODE_NONE;

    PF_ASSERT_EQ(pf_on_conflict_parse("fail", 4, &p), PF_OK);
    PF_ASSERT_EQ(p, PF_ON_CONFLICT_FAIL);
    /* httpd and nginx read directives case-insensitively */
    PF_ASSERT_EQ(pf_on_conflict_parse("Warn", 4, &p), PF_OK);
    PF_ASSERT_EQ(p, PF_ON_CONFLICT_WARN);
    /* nginx's strings are counted, not terminated */
    PF_ASSERT_EQ(pf_on_conflict_parse("fixed", 3, &p), PF_OK);
    PF_ASSERT_EQ(p, PF_ON_CONFLICT_FIX);
    PF_ASSERT_EQ(pf_on_conflict_parse("fai", 3, &p), PF_ERROR);
    PF_ASSERT_EQ(pf_on_conflict_parse("failx", 5, &p), PF_ERROR);
    PF_ASSERT_STR(pf_on_conflict_name(PF_ON_CONFLICT_FAIL), "fail");

    PF_ASSERT_EQ(pf_remedy_mode_parse("APPLY", 5, &m), PF_OK);
    PF_ASSERT_EQ(m, PF_REMEDY_MODE_APPLY);
    PF_ASSERT_EQ(pf_remedy_mode_parse("", 0, &m), PF_ERROR);
    PF_ASSERT_STR(pf_remedy_mode_name(PF_REMEDY_MODE_SUGGEST), "suggest");
    PF_ASSERT_STR(pf_remedy_mode_name((pf_remedy_mode_t) 9), "?");
}

static void
test_conflict_rule(void)
{
    pf_check_t   *other = held_by_other("127.0.0.1:80", "nginx");
    pf_check_t   *self, *unnamed;
    pf_process_t *p;

    PF_ASSERT_EQ(pf_host_is_conflict(other, 0), 1);
    PF_ASSERT_EQ(pf_host_is_conflict(other, 1), 1);

    /* every holder is this server: never a conflict, whatever the rules
     * concluded */
    self = fx_check("127.0.0.1:81", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                    EADDRINUSE);
    p = fx_process(self, 77, "apache2");
    fx_diagnose(self);
    p->is_self = 1;
    PF_ASSERT_EQ(pf_host_is_conflict(self, 0), 0);

    /* no holder named: a conflict, unless this server runs */
    unnamed = fx_check("127.0.0.1:82", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                       EADDRINUSE);
    fx_diagnose(unnamed);
    PF_ASSERT_EQ(pf_host_is_conflict(unnamed, 0), 1);
    PF_ASSERT_EQ(pf_host_is_conflict(unnamed, 1), 0);

    PF_ASSERT_EQ(pf_host_conflicts(fx_r, 0), 2);
    PF_ASSERT_EQ(pf_host_conflicts(fx_r, 1), 1);
}

static void
test_refusal_line(void)
{
    char        out[512];
    const char *why;
    pf_check_t *second;

    PF_ASSERT_NULL(pf_host_refusal(fx_r, 0, out, sizeof(out)));
    held_by_other("127.0.0.1:80", "h\x1b[2J");
    second = held_by_other("127.0.0.1:81", "other");
    why = pf_host_refusal(fx_r, 0, out, sizeof(out));
    PF_ASSERT_NOT_NULL_FATAL(why);
    PF_ASSERT_EQ(strncmp(why, "127.0.0.1:80 cannot be bound: ", 30), 0);
    PF_ASSERT_CONTAINS(why, " (and 1 more)");
    /* the holder's name is anybody's: it stays inert */
    PF_ASSERT_NULL(strchr(why, '\x1b'));
    PF_ASSERT_CONTAINS(why, "h\\x1b[2J");
    /* a port this server holds itself is not counted */
    PF_ARRAY_AT(&second->facts.processes, pf_process_t, 0).is_self = 1;
    why = pf_host_refusal(fx_r, 0, out, sizeof(out));
    PF_ASSERT_NOT_CONTAINS(why, "more)");
}

static void
test_log_lines(void)
{
    pf_host_log_text(&host_ops, &apache, PF_LOG_ERR, PF_HOST_MSG_CONFLICT,
                     "preflight: ", "one\n\ntwo\nthree");
    PF_ASSERT_STR(lines(&apache), "1 1 preflight: one\n"
                                  "1 1 preflight: two\n"
                                  "1 1 preflight: three\n");
    pf_host_log_text(&host_ops, &nginx, PF_LOG_WARN, PF_HOST_MSG_REMEDY, "",
                     NULL);
    PF_ASSERT_STR(lines(&nginx), "");
}

static void
test_allow_list(void)
{
    static const char *const names[] = { "a.service", "b.service" };
    pf_host_settings_t s;
    pf_array_t         a;

    pf_host_settings_init(&s, PF_SERVER_APACHE);
    s.core = &pf_host_direct;
    PF_ASSERT_EQ(pf_host_allow(fx_r->pool, &s, &a), PF_OK);
    PF_ASSERT_EQ(a.nelts, 0);
    s.allow = names;
    s.nallow = 2;
    PF_ASSERT_EQ(pf_host_allow(fx_r->pool, &s, &a), PF_OK);
    PF_ASSERT_EQ(a.nelts, 2);
    PF_ASSERT_STR(PF_ARRAY_AT(&a, const char *, 1), "b.service");
}

/* The point of one host interface: the same facts, the same words and
 * the same decision, whichever server asks. */
static void
test_apache_and_nginx_say_the_same(void)
{
    pf_host_settings_t sa, sn;
    pf_host_result_t   ra, rn;

    held_by_other("127.0.0.1:80", "pf-hold-port");
    pf_host_settings_init(&sa, PF_SERVER_APACHE);
    pf_host_settings_init(&sn, PF_SERVER_NGINX);
    sa.core = sn.core = &pf_host_direct;
    sa.on_conflict = sn.on_conflict = PF_ON_CONFLICT_FAIL;
    sa.remedy = sn.remedy = PF_REMEDY_MODE_NONE;
    memset(&ra, 0, sizeof(ra));
    memset(&rn, 0, sizeof(rn));
    pf_host_decide(&host_ops, &apache, &sa, fx_r, 0, &ra);
    pf_host_decide(&host_ops, &nginx, &sn, fx_r, 0, &rn);

    PF_ASSERT_STR(lines(&apache), lines(&nginx));
    PF_ASSERT_EQ(ra.conflicts, 1);
    PF_ASSERT_EQ(ra.refuse, 1);
    PF_ASSERT_EQ(rn.refuse, ra.refuse);
    PF_ASSERT_CONTAINS(lines(&apache), "1 1 preflight: 127.0.0.1:80: cannot "
                                       "be bound, in use (EADDRINUSE)\n");
    PF_ASSERT_CONTAINS(lines(&apache), "0 2 preflight: not starting: "
                                       "127.0.0.1:80 cannot be bound: ");

    /* an nginx reload keeps its running configuration */
    pf_buf_free(&nginx.lines);
    pf_buf_init(&nginx.lines);
    sn.reload = 1;
    pf_host_decide(&host_ops, &nginx, &sn, fx_r, 0, &rn);
    PF_ASSERT_CONTAINS(lines(&nginx), "0 2 preflight: not reloading, the "
                       "running configuration stays: 127.0.0.1:80 cannot be "
                       "bound: ");
}

/* An older generation still shutting down: nginx retries its bind and
 * gets the port (a notice); httpd does not retry, its start then fails
 * (a warning).  Neither is a conflict. */
static void
test_older_generation_level(void)
{
    pf_host_settings_t sa, sn;
    pf_host_result_t   ra, rn;
    pf_check_t        *c;
    pf_process_t      *p;

    c = fx_check("127.0.0.1:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                 EADDRINUSE);
    p = fx_process(c, 77, "apache2");
    p->is_self = 1;
    p->old_generation = 1;
    fx_listener(c, "127.0.0.1", 0, 77);
    fx_diagnose(c);
    pf_host_settings_init(&sa, PF_SERVER_APACHE);
    pf_host_settings_init(&sn, PF_SERVER_NGINX);
    sa.core = sn.core = &pf_host_direct;
    sa.remedy = sn.remedy = PF_REMEDY_MODE_NONE;
    memset(&ra, 0, sizeof(ra));
    memset(&rn, 0, sizeof(rn));
    pf_host_decide(&host_ops, &apache, &sa, fx_r, 0, &ra);
    pf_host_decide(&host_ops, &nginx, &sn, fx_r, 0, &rn);

    PF_ASSERT_EQ(ra.conflicts, 0);
    PF_ASSERT_EQ(rn.conflicts, 0);
    PF_ASSERT_CONTAINS(lines(&apache), "2 10 preflight: 127.0.0.1:80");
    PF_ASSERT_CONTAINS(lines(&nginx), "3 10 preflight: 127.0.0.1:80");
}

/* httpd -t, nginx -t: warnings, a summary, never a refusal; this server
 * holding its own port is the everyday case and says nothing. */
static void
test_config_test_only_warns(void)
{
    pf_host_settings_t s;
    pf_host_result_t   res;
    pf_check_t        *self;
    pf_process_t      *p;

    held_by_other("127.0.0.1:80", "pf-hold-port");
    self = fx_check("127.0.0.1:81", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                    EADDRINUSE);
    p = fx_process(self, 77, "nginx");
    p->is_self = 1;
    fx_diagnose(self);
    pf_host_settings_init(&s, PF_SERVER_NGINX);
    s.core = &pf_host_direct;
    s.on_conflict = PF_ON_CONFLICT_FAIL;
    s.remedy = PF_REMEDY_MODE_NONE;
    s.config_test = 1;
    memset(&res, 0, sizeof(res));
    pf_host_decide(&host_ops, &nginx, &s, fx_r, 0, &res);

    PF_ASSERT_EQ(res.refuse, 0);
    PF_ASSERT_EQ(res.conflicts, 1);
    PF_ASSERT_CONTAINS(lines(&nginx), "2 1 preflight: 127.0.0.1:80: ");
    PF_ASSERT_CONTAINS(lines(&nginx), "2 8 preflight: the configuration may "
                       "be fine, but a start now would fail: 1 listen "
                       "address cannot be bound\n");
    PF_ASSERT_NOT_CONTAINS(lines(&nginx), "127.0.0.1:81");
    PF_ASSERT_NOT_CONTAINS(lines(&nginx), "not starting");
}

/* Fail open: the host's own failure is one warning, and it starts.  A
 * host that could not name its targets (PF_ERROR: a launcher that cannot
 * read the configuration) has said why itself: nothing more. */
static void
test_internal_failure_fails_open(void)
{
    pf_host_settings_t s;
    pf_host_result_t   res;

    pf_host_settings_init(&s, PF_SERVER_APACHE);
    s.core = &pf_host_direct;
    s.on_conflict = PF_ON_CONFLICT_FAIL;
    apache.targets_rc = PF_ENOMEM;
    nginx.targets_rc = PF_ERROR;
    PF_ASSERT_EQ(pf_host_check(&host_ops, &apache, &s, &res), PF_OK);
    PF_ASSERT_EQ(res.refuse, 0);
    PF_ASSERT_STR(lines(&apache), "2 3 preflight: out of memory; the listen "
                                  "addresses were not checked\n");
    PF_ASSERT_EQ(pf_host_check(&host_ops, &nginx, &s, &res), PF_OK);
    PF_ASSERT_EQ(res.refuse, 0);
    PF_ASSERT_EQ(res.checked, 0);
    PF_ASSERT_STR(lines(&nginx), "");
}

/* A host that forgot its table: one warning, and it starts. */
static void
test_no_core_fails_open(void)
{
    pf_host_settings_t s;
    pf_host_result_t   res;

    pf_host_settings_init(&s, PF_SERVER_NGINX);
    s.on_conflict = PF_ON_CONFLICT_FAIL;
    PF_ASSERT_EQ(pf_host_check(&host_ops, &nginx, &s, &res), PF_OK);
    PF_ASSERT_EQ(res.refuse, 0);
    PF_ASSERT_CONTAINS(lines(&nginx), "2 3 preflight: the module gave no "
                                      "way into its core");
}

/* No listener at all: nothing failed, nothing said. */
static void
test_nothing_failed_says_nothing(void)
{
    pf_host_settings_t s;
    pf_host_result_t   res;

    pf_host_settings_init(&s, PF_SERVER_NGINX);
    s.core = &pf_host_direct;
    PF_ASSERT_EQ(pf_host_check(&host_ops, &nginx, &s, &res), PF_OK);
    PF_ASSERT_EQ(res.checked, 0);
    PF_ASSERT_EQ(res.conflicts, 0);
    PF_ASSERT_STR(lines(&nginx), "");
}

/* Listen arguments as Apache writes them, split once with the errors of
 * the command line's targets (the module had a looser copy). */
static void
test_listen_arguments(void)
{
    char       host[64];
    unsigned   port = 0;
    pf_error_t err;

    memset(&err, 0, sizeof(err));
    PF_ASSERT_EQ(pf_target_split_listen("80", host, sizeof(host), &port,
                                        &err), PF_OK);
    PF_ASSERT_STR(host, "");
    PF_ASSERT_EQ(port, 80);
    PF_ASSERT_EQ(pf_target_split_listen("*:8080", host, sizeof(host), &port,
                                        &err), PF_OK);
    PF_ASSERT_STR(host, "");
    PF_ASSERT_EQ(port, 8080);
    PF_ASSERT_EQ(pf_target_split_listen("[::1]:443", host, sizeof(host),
                                        &port, &err), PF_OK);
    PF_ASSERT_STR(host, "::1");
    PF_ASSERT_EQ(pf_target_split_listen("127.0.0.1:81", host, sizeof(host),
                                        &port, &err), PF_OK);
    PF_ASSERT_STR(host, "127.0.0.1");
    PF_ASSERT_EQ(port, 81);
    /* what atoi() took as port 80 or 0 */
    PF_ASSERT_EQ(pf_target_split_listen("80abc", host, sizeof(host), &port,
                                        &err), PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, "expected a port number");
    PF_ASSERT_EQ(pf_target_split_listen("[::1:80", host, sizeof(host), &port,
                                        &err), PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, "missing ']'");
    PF_ASSERT_EQ(pf_target_split_listen("::1:80", host, sizeof(host), &port,
                                        &err), PF_ERROR);
    PF_ASSERT_EQ(pf_target_split_listen("", host, sizeof(host), &port,
                                        &err), PF_ERROR);
}

/* The one overlap rule both modules' healthy starts and the core's
 * listen-set model ask. */
static void
test_overlap_rule(void)
{
    pf_bind_kind_t any4 = { 0, 0, 1 }, any6 = { 1, 0, 1 }, dual = { 1, 1, 1 };
    pf_bind_kind_t lo4 = { 0, 0, 0 }, lo6 = { 1, 0, 0 };

    PF_ASSERT_EQ(pf_listen_set_collide(&any4, &lo4, 0), 1);
    PF_ASSERT_EQ(pf_listen_set_collide(&lo4, &any4, 0), 1);
    PF_ASSERT_EQ(pf_listen_set_collide(&any6, &lo4, 0), 0);
    PF_ASSERT_EQ(pf_listen_set_collide(&any6, &lo6, 0), 1);
    PF_ASSERT_EQ(pf_listen_set_collide(&dual, &lo4, 0), 1);
    PF_ASSERT_EQ(pf_listen_set_collide(&dual, &any4, 0), 1);
    PF_ASSERT_EQ(pf_listen_set_collide(&any4, &any6, 0), 0);
    PF_ASSERT_EQ(pf_listen_set_collide(&lo4, &lo4, 0), 0);
    /* "localhost" and "127.0.0.1" */
    PF_ASSERT_EQ(pf_listen_set_collide(&lo4, &lo4, 1), 1);
}

static CU_TestInfo host_tests[] = {
    { "on-conflict and remedy words", test_policy_words },
    { "the conflict rule, this server's own ports", test_conflict_rule },
    { "the one-line reason of a refusal", test_refusal_line },
    { "rendered text as log lines", test_log_lines },
    { "the allow list", test_allow_list },
    { "Apache and nginx say the same about the same facts",
      test_apache_and_nginx_say_the_same },
    { "an older generation: nginx retries, httpd warns",
      test_older_generation_level },
    { "a config test only warns", test_config_test_only_warns },
    { "an internal failure fails open", test_internal_failure_fails_open },
    { "nothing failed, nothing said", test_nothing_failed_says_nothing },
    { "no way into the core fails open", test_no_core_fails_open },
    { "Listen arguments", test_listen_arguments },
    { "one overlap rule", test_overlap_rule },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "host", NULL, NULL, host_setup, host_teardown, host_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
