/*
 * process (pf_rule_process.c): a process holds the port: who it is, its
 * unit or service, and the remedies a proven unit or service allows (Linux
 * and Windows facts).
 * Facts built by hand (test_diag_fixture.h, test_diag_winfixture.h); the
 * replayed captures of this cause are in tests/cases/ (docs/WHERE.md).
 */
#include "test_diag_fixture.h"
#include "test_diag_winfixture.h"

static pf_check_t *
nginx_by_hand(void)
{
    pf_check_t   *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                               EADDRINUSE);
    pf_process_t *p = fx_process(c, 1234, "nginx");

    p->exe = "/usr/sbin/nginx";
    p->cmdline = "nginx: master process /usr/sbin/nginx";
    p->user = "root";
    p->uid = 0;
    fx_listener(c, "0.0.0.0", 0, -1)->inode = 4242;
    c->facts.free_port_nearby = 8080;
    fx_r->ctx.server = PF_SERVER_NGINX;
    return c;
}

/* The first holder in a service of the system manager, as the facts
 * layer leaves it: proven 1 when systemd confirmed it is the unit's
 * process, 0 when systemd said it is not, -1 when systemd was not asked
 * (hand-built facts standing for what systemd answered). */
static pf_process_t *
in_system_unit(pf_check_t *c, const char *unit, int proven)
{
    pf_process_t *p = &PF_ARRAY_AT(&c->facts.processes, pf_process_t, 0);

    p->unit = unit;
    p->cgroup_unit = unit;
    p->unit_kind = PF_UNIT_SYSTEM;
    p->cgroup = pf_psprintf(fx_r->pool, "/system.slice/%s", unit);
    p->unit_proven = proven;
    return p;
}

/* The holder's command line, as /proc/PID/cmdline joins it; the advice
 * for it (NULL: kill). */
static const char *
stop_advice(const char *name, const char *cmdline, const char *unit)
{
    pf_check_t   *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                               EADDRINUSE);
    pf_process_t *p = fx_process(c, 4321, name);
    pf_remedy_t  *r;
    const char   *cmd;

    p->cmdline = cmdline;
    p->uid = 0;
    if (unit != NULL) {
        in_system_unit(c, unit, 0);
    }
    fx_diagnose(c);
    r = fx_remedy(fx_finding(c, PF_CAUSE_PROCESS), "stop-process");
    PF_ASSERT_NOT_NULL_FATAL(r);
    PF_ASSERT_SIZE_EQ(r->commands.nelts, 1);
    cmd = PF_ARRAY_AT(&r->commands, const char *, 0);
    return strncmp(cmd, "kill ", 5) == 0 ? NULL : cmd;
}

static void
test_process_started_by_hand(void)
{
    pf_check_t   *c = nginx_by_hand();
    pf_finding_t *f;
    pf_remedy_t  *r;

    fx_diagnose(c);
    PF_ASSERT_SIZE_EQ(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_EQ(f->confidence, PF_SURE);
    PF_ASSERT_CONTAINS(f->summary, "nginx (PID 1234, user root)");
    PF_ASSERT_EQ(PF_ARRAY_AT(&f->holders, pf_process_t *, 0)->pid, 1234);
    FX_ASSERT_EVIDENCE(f, "/usr/sbin/nginx");
    FX_ASSERT_EVIDENCE(f, "inode 4242");
    r = fx_remedy(f, "stop-process");
    PF_ASSERT_NOT_NULL_FATAL(r);
    PF_ASSERT_EQ(r->action, PF_ACTION_NONE);   /* never automatic */
    /* issue 17: an nginx master is stopped as nginx is, not killed */
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "nginx -s stop");
    PF_ASSERT_SIZE_EQ(r->commands.nelts, 1);
    CU_ASSERT_TRUE(r->needs_admin);                /* root's, we are 1000 */
    r = fx_remedy(f, "other-port");
    PF_ASSERT_NOT_NULL_FATAL(r);
    PF_ASSERT_EQ(r->action, PF_ACTION_CHANGE_PORT);
    PF_ASSERT_EQ(r->new_port, 8080);
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0), "listen 8080;");
}

static void
test_process_in_unit(void)
{
    pf_check_t   *c = nginx_by_hand();
    pf_finding_t *f;
    pf_remedy_t  *r;

    in_system_unit(c, "nginx.service", 1);
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_NULL(fx_remedy(f, "stop-process"));
    r = fx_remedy(f, "stop-unit");
    PF_ASSERT_NOT_NULL_FATAL(r);
    PF_ASSERT_EQ(r->action, PF_ACTION_STOP_UNIT);
    PF_ASSERT_STR(r->subject, "nginx.service");
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "systemctl stop nginx.service");
    r = fx_remedy(f, "disable-unit");
    PF_ASSERT_NOT_NULL_FATAL(r);
    PF_ASSERT_EQ(r->action, PF_ACTION_DISABLE_UNIT);
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "systemctl disable --now nginx.service");
}

/* A cgroup directory name is anybody's: ';' ESC CR in it put no command
 * anywhere and no action on it; a valid name with systemd's own "\x2d"
 * escapes is single-quoted for the shell. */
static void
test_process_hostile_unit_no_command(void)
{
    static const char *bad[] = {
        "nginx.service;touch PWNED;.service", "a\033[2J.service",
        "a\rb.service", "/home/user/x.service", "-x.service", "x.scope/y",
        "x.service x.service", "x", NULL
    };
    pf_check_t   *c;
    pf_finding_t *f;
    pf_remedy_t  *r;
    int           i;

    for (i = 0; bad[i] != NULL; i++) {
        fx_teardown();
        fx_setup();
        c = nginx_by_hand();
        PF_ARRAY_AT(&c->facts.processes, pf_process_t, 0).unit = bad[i];
        fx_diagnose(c);
        f = fx_finding(c, PF_CAUSE_PROCESS);
        PF_ASSERT_NOT_NULL_FATAL(f);
        PF_ASSERT_NULL(fx_remedy(f, "disable-unit"));
        r = fx_remedy(f, "stop-unit");
        /* ".service" names get advice without a command; others none */
        if (r != NULL) {
            PF_ASSERT_EQ(r->action, PF_ACTION_NONE);
            PF_ASSERT_NULL(r->subject);
            PF_ASSERT_SIZE_EQ(r->commands.nelts, 0);
        }
        PF_ASSERT_NOT_CONTAINS(fx_commands(f), "systemctl");
        /* the advice for a process, the name only in its comment */
        PF_ASSERT_NOT_NULL(strstr(fx_commands(f), "[stop-process] kill "));
    }
    fx_teardown();
    fx_setup();
    c = nginx_by_hand();
    /* a valid, escaped name of a unit systemd proved the holder's */
    in_system_unit(c, "web@dev-disk-by\\x2duuid.service", 1);
    fx_diagnose(c);
    r = fx_remedy(fx_finding(c, PF_CAUSE_PROCESS), "stop-unit");
    PF_ASSERT_NOT_NULL_FATAL(r);
    PF_ASSERT_EQ(r->action, PF_ACTION_STOP_UNIT);
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "systemctl stop 'web@dev-disk-by\\x2duuid.service'");
}

static void
test_process_own_unit_never_stopped(void)
{
    pf_check_t   *c = nginx_by_hand();
    pf_finding_t *f;

    in_system_unit(c, "nginx.service", 1);
    fx_r->ctx.server_unit = "nginx.service";
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    PF_ASSERT_NULL(fx_remedy(f, "stop-unit"));
    PF_ASSERT_NULL(fx_remedy(f, "disable-unit"));
    FX_ASSERT_COMMAND(f, "kill 1234   # nginx, in nginx.service");
}

static void
test_process_session_scope_is_not_a_unit_to_stop(void)
{
    pf_check_t   *c = nginx_by_hand();
    pf_finding_t *f;

    PF_ARRAY_AT(&c->facts.processes, pf_process_t, 0).unit =
        "session-2.scope";
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    PF_ASSERT_NULL(fx_remedy(f, "stop-unit"));
    FX_ASSERT_COMMAND(f, "kill 1234   # nginx, in session-2.scope");
}

/* Issue 16: a cron job (another user's process) in cron.service's
 * cgroup, which systemd says is neither cron's main process nor runs as
 * its user: the job is to be stopped, never cron. */
static void
test_process_in_unit_not_proven(void)
{
    pf_check_t   *c = nginx_by_hand();
    pf_process_t *p = in_system_unit(c, "cron.service", 0);
    pf_finding_t *f;

    p->name = "job";
    p->uid = 1001;
    p->user = "mallory";
    p->unit_proof = "PID 1234 runs in cron.service's control group but is "
                    "neither its main process (PID 512) nor runs as its "
                    "user (root)";
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_NULL(fx_remedy(f, "stop-unit"));
    PF_ASSERT_NULL(fx_remedy(f, "disable-unit"));
    FX_ASSERT_COMMAND(f, "kill 1234   # job, in cron.service");
    FX_ASSERT_EVIDENCE(f, "neither its main process (PID 512)");

    /* no systemd to ask: no proof, advice only */
    c = nginx_by_hand();
    in_system_unit(c, "nginx.service", -1);
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_NULL(fx_remedy(f, "stop-unit"));
    PF_ASSERT_NOT_NULL(fx_remedy(f, "stop-process"));
}

/* Issue 16: ssh.service of a user manager (systemd-run --user
 * --unit=ssh) is not the system's ssh.service. */
static void
test_process_user_unit(void)
{
    pf_check_t   *c = nginx_by_hand();
    pf_process_t *p = &PF_ARRAY_AT(&c->facts.processes, pf_process_t, 0);
    pf_finding_t *f;

    p->name = "sshd";
    p->uid = 1001;
    p->user = "mallory";
    p->unit_kind = PF_UNIT_USER;
    p->unit_uid = 1001;
    p->cgroup_unit = "ssh.service";
    p->cgroup = "/user.slice/user-1001.slice/user@1001.service/app.slice/"
                "ssh.service";
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_NULL(fx_remedy(f, "stop-unit"));
    PF_ASSERT_NULL(fx_remedy(f, "disable-unit"));
    PF_ASSERT_CONTAINS(f->summary, "user unit ssh.service of uid 1001");
    FX_ASSERT_COMMAND(f, "systemctl --user -M mallory@ stop ssh.service");
    FX_ASSERT_COMMAND(f, "kill 1234   # sshd, in user unit ssh.service of "
                      "uid 1001");
    PF_ASSERT_EQ(fx_remedy(f, "stop-user-unit")->action, PF_ACTION_NONE);
}

/* Issue 16: nginx.service inside a systemd container with host
 * networking is the container's, not the host's. */
static void
test_process_in_container(void)
{
    pf_check_t   *c = nginx_by_hand();
    pf_process_t *p = &PF_ARRAY_AT(&c->facts.processes, pf_process_t, 0);
    pf_finding_t *f;

    p->unit_kind = PF_UNIT_CONTAINER;
    p->container = "4f1c1d7a0e9b2c3d4e5f60718293a4b5c6d7e8f90123456789abcd"
                   "ef01234567";
    p->cgroup_unit = "docker-4f1c1d7a0e9b.scope";
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_NULL(fx_remedy(f, "stop-unit"));
    FX_ASSERT_COMMAND(f, "docker stop 4f1c1d7a0e9b");
    PF_ASSERT_EQ(fx_remedy(f, "stop-container")->action, PF_ACTION_NONE);
}

static void
test_process_master_and_workers(void)
{
    pf_check_t   *c = nginx_by_hand();
    pf_finding_t *f;

    fx_process(c, 1235, "nginx")->ppid = 1234;
    fx_process(c, 1236, "nginx")->ppid = 1234;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "PID 1234");
    PF_ASSERT_CONTAINS(f->summary, "and 2 other processes");
    PF_ASSERT_SIZE_EQ(f->holders.nelts, 3);
    /* one kill, for the master: the workers go with it */
    PF_ASSERT_NOT_NULL(fx_remedy(f, "stop-process"));
    PF_ASSERT_NULL(fx_remedy(f, "stop-process-2"));
}

static void
test_process_own_user_needs_no_admin(void)
{
    pf_check_t   *c = fx_check("127.0.0.1:8080", PF_STATUS_IN_USE,
                               PF_ERRSPACE_POSIX, EADDRINUSE);
    pf_process_t *p = fx_process(c, 777, "python3");
    pf_remedy_t  *r;

    p->uid = 1000;
    c->facts.free_port_nearby = 8081;
    fx_r->ctx.server = PF_SERVER_APACHE;
    fx_diagnose(c);
    r = fx_remedy(fx_finding(c, PF_CAUSE_PROCESS), "stop-process");
    PF_ASSERT_NOT_NULL_FATAL(r);
    CU_ASSERT_FALSE(r->needs_admin);
    r = fx_remedy(fx_finding(c, PF_CAUSE_PROCESS), "other-port");
    PF_ASSERT_NOT_NULL_FATAL(r);
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "Listen 127.0.0.1:8081");
}

static void
test_process_generic_other_port(void)
{
    pf_check_t  *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                              EADDRINUSE);
    pf_remedy_t *r;

    fx_process(c, 55, "caddy");
    c->facts.free_port_nearby = 8000;
    fx_diagnose(c);
    r = fx_remedy(fx_finding(c, PF_CAUSE_PROCESS), "other-port");
    PF_ASSERT_NOT_NULL_FATAL(r);
    /* issue 17: a bare port, no server: both servers' lines */
    PF_ASSERT_SIZE_EQ_FATAL(r->commands.nelts, 2);
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "Listen 8000   # Apache");
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 1),
                  "listen 8000;   # nginx");
}

/* Debian's apache2ctl start runs "apache2 -k start" (its envvars set, its
 * parent gone): apache2ctl stops it, with the same -f or -d. */
static void
test_process_server_stopped_its_way(void)
{
    PF_ASSERT_STR(stop_advice("apache2", "/usr/sbin/apache2 -k start", NULL),
                  "apache2ctl stop");
    PF_ASSERT_STR(stop_advice("apache2", "/usr/sbin/apache2 -k start "
                              "-DFOREGROUND", NULL), "apache2ctl stop");
    PF_ASSERT_STR(stop_advice("apache2", "/usr/sbin/apache2 -f "
                              "/srv/site/httpd.conf -k start", NULL),
                  "apache2ctl -f /srv/site/httpd.conf -k stop");
    PF_ASSERT_STR(stop_advice("httpd", "/usr/sbin/httpd -k start", NULL),
                  "apachectl stop");
    PF_ASSERT_STR(stop_advice("nginx", "nginx: master process "
                              "/opt/nginx/sbin/nginx -p /srv/n -c "
                              "/srv/n/nginx.conf", NULL),
                  "/opt/nginx/sbin/nginx -p /srv/n -c /srv/n/nginx.conf "
                  "-s stop");
    /* what a shell would read as more than words: kill stays */
    PF_ASSERT_NULL(stop_advice("nginx", "nginx: master process "
                               "/usr/sbin/nginx -g daemon off;", NULL));
    PF_ASSERT_NULL(stop_advice("apache2", "/usr/sbin/apache2 -f "
                               "/tmp/$(reboot) -k start", NULL));
    /* not a server; a server in a unit systemd did not confirm */
    PF_ASSERT_NULL(stop_advice("python3", "python3 -m http.server 80",
                               NULL));
    PF_ASSERT_NULL(stop_advice("apache2", "/usr/sbin/apache2 -k start",
                               "apache2.service"));
}

static void
test_process_no_free_port_no_remedy(void)
{
    pf_check_t *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                             EADDRINUSE);

    fx_process(c, 55, "caddy");
    fx_diagnose(c);
    PF_ASSERT_NULL(fx_remedy(fx_finding(c, PF_CAUSE_PROCESS),
                             "other-port"));
}

static void
test_windows_service_process(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:80", PF_STATUS_IN_USE,
                               PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_process_t *p;
    pf_finding_t *f;
    pf_remedy_t  *r;

    fx_listener(c, "0.0.0.0", -1, 2222);
    p = fx_process(c, 2222, "httpd.exe");
    p->exe = "C:\\Apache24\\bin\\httpd.exe";
    fx_push_str(&p->services, "Apache2.4");
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "service Apache2.4");
    r = fx_remedy(f, "stop-service");
    PF_ASSERT_NOT_NULL_FATAL(r);
    PF_ASSERT_STR(r->subject, "Apache2.4");
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "net stop Apache2.4");
    PF_ASSERT_NULL(fx_remedy(f, "stop-process"));
}

static void
test_windows_plain_process(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:80", PF_STATUS_IN_USE,
                               PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_finding_t *f;

    fx_listener(c, "0.0.0.0", -1, 3333);
    fx_process(c, 3333, "Skype.exe");
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    FX_ASSERT_COMMAND(f, "taskkill /PID 3333");
}

/* A process name is its owner's choice: in cmd.exe an '&' in it would
 * start a command, so no Windows command carries the name. */
static void
test_windows_hostile_process_name(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:80", PF_STATUS_IN_USE,
                               PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_finding_t *f;

    fx_listener(c, "0.0.0.0", -1, 3334);
    fx_process(c, 3334, "a & calc.exe & \r\x1b[2J");
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_STR(fx_commands(f), "    [stop-process] taskkill /PID 3334\n");
}

static void
test_windows_owner_unreadable(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:80", PF_STATUS_IN_USE,
                               PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_finding_t *f;

    fx_listener(c, "0.0.0.0", -1, 4444);
    fx_diagnose(c);
    PF_ASSERT_SIZE_EQ(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "PID 4444");
    FX_ASSERT_COMMAND(f, "tasklist /FI \"PID eq 4444\" /SVC");
}

static void
test_windows_pid4_unmarked_is_no_process(void)
{
    pf_check_t *c = fx_check("0.0.0.0:80", PF_STATUS_DENIED,
                             PF_ERRSPACE_WINSOCK, WSAEACCES);

    fx_listener(c, "0.0.0.0", -1, 4);
    fx_process(c, 4, "System");          /* kernel flag not set */
    fx_diagnose(c);
    PF_ASSERT_SIZE_EQ(c->findings.nelts, 1);
    PF_ASSERT_NOT_NULL(fx_finding(c, PF_CAUSE_HTTPSYS));
    PF_ASSERT_SIZE_EQ(fx_finding(c, PF_CAUSE_HTTPSYS)->holders.nelts, 1);
}

/* Hand-written: a service with a running dependent: net stop ... /y. */
static void
test_service_with_dependents(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:8080", PF_STATUS_IN_USE,
                               PF_ERRSPACE_WINSOCK, WSAEADDRINUSE);
    pf_process_t *p;
    pf_service_t *s;
    pf_finding_t *f;
    pf_remedy_t  *r;

    fx_listener(c, "0.0.0.0", -1, 2400);
    p = fx_process(c, 2400, "tomcat9.exe");
    fx_push_str(&p->services, "Tomcat9");
    s = pf_array_push(&c->facts.services);
    PF_ASSERT_NOT_NULL_FATAL(s);
    s->name = "Tomcat9";
    s->pid = 2400;
    s->running = 1;
    pf_array_init(&s->dependents, fx_r->pool, 0, sizeof(char *));
    fx_push_str(&s->dependents, "TomcatHelper");
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    r = fx_remedy(f, "stop-service");
    PF_ASSERT_NOT_NULL_FATAL(r);
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "net stop Tomcat9 /y");
    PF_ASSERT_CONTAINS(r->summary, "first: TomcatHelper");
}

static CU_TestInfo process_tests[] = {
    { "started by hand: kill is advice", test_process_started_by_hand },
    { "in a unit: stop and disable it", test_process_in_unit },
    { "a hostile unit name: no command, no action",
      test_process_hostile_unit_no_command },
    { "the server's own unit is never stopped",
      test_process_own_unit_never_stopped },
    { "a session scope is not stopped",
      test_process_session_scope_is_not_a_unit_to_stop },
    { "in a system unit, not proven its process: advice only",
      test_process_in_unit_not_proven },
    { "a user manager's unit: systemctl --user advice",
      test_process_user_unit },
    { "a unit inside a container: docker stop advice",
      test_process_in_container },
    { "master and workers", test_process_master_and_workers },
    { "own process: no admin; Apache line",
      test_process_own_user_needs_no_admin },
    { "generic other port", test_process_generic_other_port },
    { "a server outside a unit: apache2ctl stop, nginx -s stop",
      test_process_server_stopped_its_way },
    { "no free port, no other-port", test_process_no_free_port_no_remedy },
    CU_TEST_INFO_NULL
};

static CU_TestInfo windows_tests[] = {
    { "a service's process", test_windows_service_process },
    { "a plain process", test_windows_plain_process },
    { "a hostile process name is in no command",
      test_windows_hostile_process_name },
    { "owner PID known, process unreadable", test_windows_owner_unreadable },
    { "PID 4 not marked kernel is still HTTP.sys",
      test_windows_pid4_unmarked_is_no_process },
    { "a service with dependents: net stop /y",
      test_service_with_dependents },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "process", NULL, NULL, fx_setup, fx_teardown, process_tests },
    { "process (Windows)", NULL, NULL, fx_win_setup, fx_teardown,
      windows_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
