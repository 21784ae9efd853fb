/*
 * Diagnose on Linux-shaped facts: one suite per cause, named after it
 * (the rule is core/src/diagnose/pf_rule_<cause>.c).
 */
#include "test_diag_fixture.h"

/* ---- same-server ---------------------------------------------------- */

static void
test_same_server_all_self(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:80", PF_STATUS_IN_USE,
                               PF_ERRSPACE_POSIX, EADDRINUSE);
    pf_finding_t *f;

    fx_process(c, 100, "apache2")->is_self = 1;
    fx_process(c, 101, "apache2")->is_self = 1;
    fx_diagnose(c);
    CU_ASSERT_EQUAL(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_SAME_SERVER);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->holders.nelts, 2);
    CU_ASSERT_EQUAL(f->remedies.nelts, 0);
    CU_ASSERT_FALSE(pf_check_is_conflict(c));
}

/* The CLI: the master the configuration's pid file names. */
static void
test_same_server_running(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:80", PF_STATUS_IN_USE,
                               PF_ERRSPACE_POSIX, EADDRINUSE);
    pf_finding_t *f;

    c->target.server = PF_SERVER_NGINX;
    c->target.pid_file = "/run/nginx.pid";
    c->facts.running_pid = 100;
    fx_process(c, 100, "nginx")->is_self = 1;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_SAME_SERVER);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    PF_ASSERT_STR(f->summary, "already running: this nginx, PID 100");
    FX_ASSERT_EVIDENCE(f, "/run/nginx.pid");
    CU_ASSERT_FALSE(pf_check_is_conflict(c));
}

static void
test_same_server_and_another(void)
{
    pf_check_t   *c = fx_check("0.0.0.0:80", PF_STATUS_IN_USE,
                               PF_ERRSPACE_POSIX, EADDRINUSE);
    pf_finding_t *f;

    fx_process(c, 100, "apache2")->is_self = 1;
    fx_process(c, 200, "python3");
    fx_diagnose(c);
    CU_ASSERT_PTR_NULL(fx_finding(c, PF_CAUSE_SAME_SERVER));
    f = fx_finding(c, PF_CAUSE_PROCESS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->holders.nelts, 1);
    CU_ASSERT_EQUAL(PF_ARRAY_AT(&f->holders, pf_process_t *, 0)->pid, 200);
    CU_ASSERT_TRUE(pf_check_is_conflict(c));
}

/* ---- process -------------------------------------------------------- */

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

static void
test_process_started_by_hand(void)
{
    pf_check_t   *c = nginx_by_hand();
    pf_finding_t *f;
    pf_remedy_t  *r;

    fx_diagnose(c);
    CU_ASSERT_EQUAL(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_SURE);
    PF_ASSERT_CONTAINS(f->summary, "nginx (PID 1234, user root)");
    CU_ASSERT_EQUAL(PF_ARRAY_AT(&f->holders, pf_process_t *, 0)->pid, 1234);
    FX_ASSERT_EVIDENCE(f, "/usr/sbin/nginx");
    FX_ASSERT_EVIDENCE(f, "inode 4242");
    r = fx_remedy(f, "stop-process");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->action, PF_ACTION_NONE);   /* never automatic */
    /* issue 17: an nginx master is stopped as nginx is, not killed */
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "nginx -s stop");
    CU_ASSERT_EQUAL(r->commands.nelts, 1);
    CU_ASSERT_TRUE(r->needs_admin);                /* root's, we are 1000 */
    r = fx_remedy(f, "other-port");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->action, PF_ACTION_CHANGE_PORT);
    CU_ASSERT_EQUAL(r->new_port, 8080);
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0), "listen 8080;");
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

static void
test_process_in_unit(void)
{
    pf_check_t   *c = nginx_by_hand();
    pf_finding_t *f;
    pf_remedy_t  *r;

    in_system_unit(c, "nginx.service", 1);
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_PTR_NULL(fx_remedy(f, "stop-process"));
    r = fx_remedy(f, "stop-unit");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->action, PF_ACTION_STOP_UNIT);
    PF_ASSERT_STR(r->subject, "nginx.service");
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "systemctl stop nginx.service");
    r = fx_remedy(f, "disable-unit");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->action, PF_ACTION_DISABLE_UNIT);
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
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        CU_ASSERT_PTR_NULL(fx_remedy(f, "disable-unit"));
        r = fx_remedy(f, "stop-unit");
        /* ".service" names get advice without a command; others none */
        if (r != NULL) {
            CU_ASSERT_EQUAL(r->action, PF_ACTION_NONE);
            CU_ASSERT_PTR_NULL(r->subject);
            CU_ASSERT_EQUAL(r->commands.nelts, 0);
        }
        CU_ASSERT_PTR_NULL(strstr(fx_commands(f), "systemctl"));
        /* the advice for a process, the name only in its comment */
        CU_ASSERT_PTR_NOT_NULL(strstr(fx_commands(f), "[stop-process] kill "));
    }
    fx_teardown();
    fx_setup();
    c = nginx_by_hand();
    /* a valid, escaped name of a unit systemd proved the holder's */
    in_system_unit(c, "web@dev-disk-by\\x2duuid.service", 1);
    fx_diagnose(c);
    r = fx_remedy(fx_finding(c, PF_CAUSE_PROCESS), "stop-unit");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->action, PF_ACTION_STOP_UNIT);
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
    CU_ASSERT_PTR_NULL(fx_remedy(f, "stop-unit"));
    CU_ASSERT_PTR_NULL(fx_remedy(f, "disable-unit"));
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
    CU_ASSERT_PTR_NULL(fx_remedy(f, "stop-unit"));
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
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_PTR_NULL(fx_remedy(f, "stop-unit"));
    CU_ASSERT_PTR_NULL(fx_remedy(f, "disable-unit"));
    FX_ASSERT_COMMAND(f, "kill 1234   # job, in cron.service");
    FX_ASSERT_EVIDENCE(f, "neither its main process (PID 512)");

    /* no systemd to ask: no proof, advice only */
    c = nginx_by_hand();
    in_system_unit(c, "nginx.service", -1);
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_PTR_NULL(fx_remedy(f, "stop-unit"));
    CU_ASSERT_PTR_NOT_NULL(fx_remedy(f, "stop-process"));
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
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_PTR_NULL(fx_remedy(f, "stop-unit"));
    CU_ASSERT_PTR_NULL(fx_remedy(f, "disable-unit"));
    PF_ASSERT_CONTAINS(f->summary, "user unit ssh.service of uid 1001");
    FX_ASSERT_COMMAND(f, "systemctl --user -M mallory@ stop ssh.service");
    FX_ASSERT_COMMAND(f, "kill 1234   # sshd, in user unit ssh.service of "
                      "uid 1001");
    CU_ASSERT_EQUAL(fx_remedy(f, "stop-user-unit")->action, PF_ACTION_NONE);
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
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_PTR_NULL(fx_remedy(f, "stop-unit"));
    FX_ASSERT_COMMAND(f, "docker stop 4f1c1d7a0e9b");
    CU_ASSERT_EQUAL(fx_remedy(f, "stop-container")->action, PF_ACTION_NONE);
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
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "PID 1234");
    PF_ASSERT_CONTAINS(f->summary, "and 2 other processes");
    CU_ASSERT_EQUAL(f->holders.nelts, 3);
    /* one kill, for the master: the workers go with it */
    CU_ASSERT_PTR_NOT_NULL(fx_remedy(f, "stop-process"));
    CU_ASSERT_PTR_NULL(fx_remedy(f, "stop-process-2"));
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
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_FALSE(r->needs_admin);
    r = fx_remedy(fx_finding(c, PF_CAUSE_PROCESS), "other-port");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
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
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    /* issue 17: a bare port, no server: both servers' lines */
    CU_ASSERT_EQUAL_FATAL(r->commands.nelts, 2);
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "Listen 8000   # Apache");
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 1),
                  "listen 8000;   # nginx");
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
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->commands.nelts, 1);
    cmd = PF_ARRAY_AT(&r->commands, const char *, 0);
    return strncmp(cmd, "kill ", 5) == 0 ? NULL : cmd;
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
    CU_ASSERT_PTR_NULL(stop_advice("nginx", "nginx: master process "
                                   "/usr/sbin/nginx -g daemon off;", NULL));
    CU_ASSERT_PTR_NULL(stop_advice("apache2", "/usr/sbin/apache2 -f "
                                   "/tmp/$(reboot) -k start", NULL));
    /* not a server; a server in a unit systemd did not confirm */
    CU_ASSERT_PTR_NULL(stop_advice("python3", "python3 -m http.server 80",
                                   NULL));
    CU_ASSERT_PTR_NULL(stop_advice("apache2", "/usr/sbin/apache2 -k start",
                                   "apache2.service"));
}

static void
test_process_no_free_port_no_remedy(void)
{
    pf_check_t *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                             EADDRINUSE);

    fx_process(c, 55, "caddy");
    fx_diagnose(c);
    CU_ASSERT_PTR_NULL(fx_remedy(fx_finding(c, PF_CAUSE_PROCESS),
                                 "other-port"));
}

/* ---- process, holder hidden ------------------------------------------ */

static void
test_hidden_not_root(void)
{
    pf_check_t    *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                                EADDRINUSE);
    pf_listener_t *l = fx_listener(c, "0.0.0.0", 33, -1);
    pf_finding_t  *f;

    l->pids_visible = 0;
    l->user = "www-data";
    fx_diagnose(c);
    CU_ASSERT_EQUAL(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_LIKELY);
    CU_ASSERT_EQUAL(f->holders.nelts, 0);
    CU_ASSERT_STRING_EQUAL(f->summary, "port 80: a process of user "
                           "www-data (uid 33) holds it; run as root to "
                           "name it");
    FX_ASSERT_EVIDENCE(f, "owned by uid 33");
    FX_ASSERT_COMMAND(f, "sudo preflight explain 80");
    FX_ASSERT_COMMAND(f, "sudo ss -ltnp 'sport = :80'");
}

static void
test_hidden_as_root(void)
{
    pf_check_t   *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                               EADDRINUSE);
    pf_finding_t *f;

    fx_r->host.is_admin = 1;
    fx_r->host.euid = 0;
    fx_listener(c, "0.0.0.0", 0, -1)->pids_visible = 0;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_POSSIBLE);
    CU_ASSERT_FALSE(fx_has_evidence(f, "run as root"));
    CU_ASSERT_PTR_NULL(fx_remedy(f, "inspect-as-root"));
    /* issue 17: no sudo for root */
    FX_ASSERT_COMMAND(f, "ss -ltnp 'sport = :80'");
    CU_ASSERT_FALSE(fx_has_command(f, "sudo"));
}

/* ---- socket-unit ---------------------------------------------------- */

static pf_socket_unit_t *
add_socket_unit(pf_check_t *c, const char *unit, const char *activates)
{
    pf_socket_unit_t *u = pf_array_push(&c->facts.socket_units);

    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    u->unit = unit;
    u->listen = "0.0.0.0:80";
    u->activates = activates;
    return u;
}

static void
test_socket_unit_known(void)
{
    pf_check_t   *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                               EADDRINUSE);
    pf_finding_t *f;
    pf_remedy_t  *r;

    fx_r->host.systemd = 1;
    fx_process(c, 1, "systemd")->ppid = 0;
    add_socket_unit(c, "foo.socket", "foo.service");
    fx_diagnose(c);
    CU_ASSERT_EQUAL(c->findings.nelts, 1);
    CU_ASSERT_PTR_NULL(fx_finding(c, PF_CAUSE_PROCESS));
    f = fx_finding(c, PF_CAUSE_SOCKET_UNIT);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_SURE);
    PF_ASSERT_CONTAINS(f->summary, "foo.socket");
    PF_ASSERT_CONTAINS(f->summary, "foo.service");
    CU_ASSERT_EQUAL(PF_ARRAY_AT(&f->holders, pf_process_t *, 0)->pid, 1);
    r = fx_remedy(f, "stop-unit");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    PF_ASSERT_STR(r->subject, "foo.socket");
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "systemctl stop foo.socket");
    FX_ASSERT_COMMAND(f, "systemctl disable --now foo.socket");
}

/* Issue 16: a socket unit only its unit file names (systemd did not
 * answer) is advice, never a step that runs. */
static void
test_socket_unit_from_files(void)
{
    pf_check_t       *c = fx_check("*:80", PF_STATUS_IN_USE,
                                   PF_ERRSPACE_POSIX, EADDRINUSE);
    pf_socket_unit_t *u;
    pf_finding_t     *f;

    fx_r->host.systemd = 1;
    fx_process(c, 1, "systemd")->ppid = 0;
    u = add_socket_unit(c, "foo.socket", "foo.service");
    u->from_files = 1;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_SOCKET_UNIT);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_PTR_NULL(fx_remedy(f, "stop-unit"));
    CU_ASSERT_PTR_NULL(fx_remedy(f, "disable-unit"));
    CU_ASSERT_EQUAL(fx_remedy(f, "check-socket-unit")->action,
                    PF_ACTION_NONE);
    FX_ASSERT_COMMAND(f, "systemctl disable --now foo.socket");
}

static void
test_socket_unit_pid1_only(void)
{
    pf_check_t   *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                               EADDRINUSE);
    pf_finding_t *f;

    fx_r->host.systemd = 1;
    fx_process(c, 1, "systemd");
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_SOCKET_UNIT);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_LIKELY);
    FX_ASSERT_COMMAND(f, "systemctl list-sockets --all | grep ':80'");
    CU_ASSERT_PTR_NULL(fx_remedy(f, "stop-unit"));
}

static void
test_socket_unit_pid1_not_systemd(void)
{
    pf_check_t *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                             EADDRINUSE);

    /* a container's init is pid 1 too: it is a process like another */
    fx_process(c, 1, "tini");
    fx_diagnose(c);
    CU_ASSERT_PTR_NULL(fx_finding(c, PF_CAUSE_SOCKET_UNIT));
    CU_ASSERT_PTR_NOT_NULL(fx_finding(c, PF_CAUSE_PROCESS));
}

/* ---- container ------------------------------------------------------ */

static void
test_container_docker_proxy(void)
{
    pf_check_t     *c = fx_check("*:8080", PF_STATUS_IN_USE,
                                 PF_ERRSPACE_POSIX, EADDRINUSE);
    pf_container_t *k = pf_array_push(&c->facts.containers);
    pf_finding_t   *f;

    fx_process(c, 900, "docker-proxy");
    k->proxy_pid = 900;
    k->proto = "tcp";
    k->host_ip = "0.0.0.0";
    k->host_port = 8080;
    k->container_ip = "172.17.0.2";
    k->container_port = 80;
    k->id = "0123456789abcdef0123";
    k->name = "web";
    fx_diagnose(c);
    CU_ASSERT_EQUAL(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_CONTAINER);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "web (0123456789ab)");
    PF_ASSERT_CONTAINS(f->summary, "172.17.0.2:80");
    CU_ASSERT_EQUAL(PF_ARRAY_AT(&f->holders, pf_process_t *, 0)->pid, 900);
    FX_ASSERT_EVIDENCE(f, "docker-proxy (PID 900) forwards 0.0.0.0:8080/tcp");
    FX_ASSERT_COMMAND(f, "docker stop 0123456789ab");
    FX_ASSERT_COMMAND(f, "docker ps --filter publish=8080");
}

static void
test_container_proxy_only(void)
{
    pf_check_t   *c = fx_check("*:8080", PF_STATUS_IN_USE,
                               PF_ERRSPACE_POSIX, EADDRINUSE);
    pf_finding_t *f;

    /* issue 16: a name proves nothing; the facts layer found no
     * forwarder (its executable, owner, parent and arguments say so) */
    fx_process(c, 901, "docker-proxy");
    fx_diagnose(c);
    CU_ASSERT_PTR_NULL(fx_finding(c, PF_CAUSE_CONTAINER));
    f = fx_finding(c, PF_CAUSE_PROCESS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "in use by docker-proxy (PID 901");
    FX_ASSERT_COMMAND(f, "kill 901   # docker-proxy, started by hand");
}

/* A rootless forwarder the facts layer recognised: advice only. */
static void
test_container_rootless(void)
{
    pf_check_t     *c = fx_check("*:8080", PF_STATUS_IN_USE,
                                 PF_ERRSPACE_POSIX, EADDRINUSE);
    pf_container_t *k = pf_array_push(&c->facts.containers);
    pf_finding_t   *f;
    size_t          i;

    fx_process(c, 902, "pasta");
    k->proxy_pid = 902;
    k->forwarder = "pasta";
    k->rootless = 1;
    k->uid = 1001;
    k->proto = "tcp";
    k->host_port = 8080;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_CONTAINER);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "held by pasta (PID 902), the port "
                       "forwarder of a rootless container of uid 1001");
    FX_ASSERT_COMMAND(f, "podman ps --filter publish=8080");
    for (i = 0; i < f->remedies.nelts; i++) {
        CU_ASSERT_EQUAL(PF_ARRAY_AT(&f->remedies, pf_remedy_t, i).action
                        == PF_ACTION_NONE
                        || PF_ARRAY_AT(&f->remedies, pf_remedy_t, i).action
                        == PF_ACTION_CHANGE_PORT, 1);
    }
}

/* ---- privileged-port ------------------------------------------------ */

static pf_check_t *
privileged80(void)
{
    pf_check_t *c = fx_check("127.0.0.1:80", PF_STATUS_PRIVILEGED,
                             PF_ERRSPACE_POSIX, EACCES);

    c->facts.listeners_known = PF_KNOWN_NO;
    c->facts.free_port_nearby = 8080;
    return c;
}

static void
test_privileged_nginx(void)
{
    pf_check_t   *c = privileged80();
    pf_finding_t *f;

    fx_r->ctx.server = PF_SERVER_NGINX;
    fx_diagnose(c);
    CU_ASSERT_EQUAL(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_PRIVILEGED_PORT);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    FX_ASSERT_EVIDENCE(f, "port 80 < net.ipv4.ip_unprivileged_port_start"
                          "=1024");
    FX_ASSERT_EVIDENCE(f, "euid 1000");
    FX_ASSERT_EVIDENCE(f, "CAP_NET_BIND_SERVICE is missing");
    FX_ASSERT_COMMAND(f, "setcap cap_net_bind_service=+ep /usr/sbin/nginx");
    FX_ASSERT_COMMAND(f, "sysctl net.ipv4.ip_unprivileged_port_start=80");
    FX_ASSERT_COMMAND(f, "/etc/sysctl.d/");
    FX_ASSERT_COMMAND(f, "listen 127.0.0.1:8080;");
    CU_ASSERT_PTR_NOT_NULL(fx_remedy(f, "run-as-root"));
    CU_ASSERT_PTR_NULL(fx_remedy(f, "ambient-capability"));
}

/* EACCES comes before EADDRINUSE: with a socket on the port, the port
 * is held, and setcap or a sysctl would change nothing. */
static void
test_privileged_but_held(void)
{
    pf_check_t    *c = privileged80();
    pf_listener_t *l = fx_listener(c, "0.0.0.0", 0, -1);
    pf_finding_t  *f;

    l->pids_visible = 0;
    c->facts.listeners_known = PF_KNOWN_YES;
    fx_diagnose(c);
    CU_ASSERT_PTR_NULL(fx_finding(c, PF_CAUSE_PRIVILEGED_PORT));
    f = fx_finding(c, PF_CAUSE_PROCESS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_STRING_EQUAL(f->summary, "port 80: a process of user root "
                           "(uid 0) holds it; run as root to name it");
}

static void
test_privileged_server_exe_and_unit(void)
{
    pf_check_t   *c = privileged80();
    pf_finding_t *f;

    fx_r->ctx.server = PF_SERVER_APACHE;
    fx_r->ctx.server_exe = "/opt/httpd/bin/httpd";
    fx_r->host.systemd = 1;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PRIVILEGED_PORT);
    FX_ASSERT_COMMAND(f, "setcap cap_net_bind_service=+ep "
                         "/opt/httpd/bin/httpd");
    FX_ASSERT_COMMAND(f, "systemctl edit apache2.service");
}

static void
test_privileged_other_port_stays_unprivileged(void)
{
    pf_check_t *c = privileged80();

    c->facts.free_port_nearby = 81;
    fx_diagnose(c);
    CU_ASSERT_PTR_NULL(fx_remedy(fx_finding(c, PF_CAUSE_PRIVILEGED_PORT),
                                 "other-port"));
}

static void
test_privileged_not_for_root(void)
{
    pf_check_t *c = privileged80();

    fx_r->host.is_admin = 1;
    fx_diagnose(c);
    CU_ASSERT_PTR_NULL(fx_finding(c, PF_CAUSE_PRIVILEGED_PORT));
    CU_ASSERT_PTR_NOT_NULL(fx_finding(c, PF_CAUSE_UNKNOWN));
}

/* ---- selinux -------------------------------------------------------- */

static void
test_selinux_enforcing(void)
{
    pf_check_t   *c = fx_check("*:8081", PF_STATUS_DENIED, PF_ERRSPACE_POSIX,
                               EACCES);
    pf_finding_t *f;

    fx_r->host.selinux = 1;
    fx_diagnose(c);
    CU_ASSERT_EQUAL(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_SELINUX);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    FX_ASSERT_EVIDENCE(f, "SELinux is enforcing");
    FX_ASSERT_COMMAND(f, "semanage port -a -t http_port_t -p tcp 8081");
}

static void
test_selinux_root_low_port(void)
{
    pf_check_t *c = fx_check("*:80", PF_STATUS_PRIVILEGED, PF_ERRSPACE_POSIX,
                             EACCES);

    fx_r->host.selinux = 1;
    fx_r->host.is_admin = 1;
    fx_diagnose(c);
    CU_ASSERT_PTR_NOT_NULL(fx_finding(c, PF_CAUSE_SELINUX));
    CU_ASSERT_PTR_NULL(fx_finding(c, PF_CAUSE_PRIVILEGED_PORT));
}

static void
test_selinux_permissive_is_unknown(void)
{
    pf_check_t *c = fx_check("*:8081", PF_STATUS_DENIED, PF_ERRSPACE_POSIX,
                             EACCES);

    fx_r->host.selinux = 0;
    fx_diagnose(c);
    CU_ASSERT_PTR_NULL(fx_finding(c, PF_CAUSE_SELINUX));
    CU_ASSERT_PTR_NOT_NULL(fx_finding(c, PF_CAUSE_UNKNOWN));
}

/* ---- not-local ------------------------------------------------------ */

static void
test_not_local(void)
{
    pf_check_t   *c = fx_check("192.0.2.1:8080", PF_STATUS_NOT_LOCAL,
                               PF_ERRSPACE_POSIX, EADDRNOTAVAIL);
    pf_finding_t *f;

    fx_push_str(&fx_r->host.local_addresses, "127.0.0.1");
    fx_push_str(&fx_r->host.local_addresses, "10.0.0.5");
    fx_r->ctx.server = PF_SERVER_APACHE;
    /* a listener elsewhere on the port is no holder of this address */
    fx_process(c, 42, "python3");
    fx_diagnose(c);
    CU_ASSERT_EQUAL(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_NOT_LOCAL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "192.0.2.1");
    FX_ASSERT_EVIDENCE(f, "127.0.0.1, 10.0.0.5");
    FX_ASSERT_COMMAND(f, "Listen 0.0.0.0:8080");
    FX_ASSERT_COMMAND(f, "sysctl net.ipv4.ip_nonlocal_bind=1");
}

/* ---- unsupported ---------------------------------------------------- */

static void
test_unsupported_ipv6(void)
{
    pf_check_t   *c = fx_check("[::1]:8080", PF_STATUS_UNSUPPORTED,
                               PF_ERRSPACE_POSIX, EAFNOSUPPORT);
    pf_finding_t *f;

    fx_r->ctx.server = PF_SERVER_NGINX;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_UNSUPPORTED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "IPv6 is not available");
    CU_ASSERT_PTR_NOT_NULL(fx_remedy(f, "use-ipv4"));
    FX_ASSERT_COMMAND(f, "listen 0.0.0.0:8080;");
}

/* ---- unknown -------------------------------------------------------- */

static void
test_unknown_in_use_with_notes(void)
{
    pf_check_t   *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                               EADDRINUSE);
    pf_finding_t *f;

    c->facts.listeners_known = PF_KNOWN_FAILED;
    fx_push_str(&c->facts.notes, "sock_diag: Operation not permitted");
    fx_diagnose(c);
    CU_ASSERT_EQUAL(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_UNKNOWN);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_POSSIBLE);
    PF_ASSERT_CONTAINS(f->summary, "in use");
    FX_ASSERT_EVIDENCE(f, "EADDRINUSE");
    FX_ASSERT_EVIDENCE(f, "sock_diag: Operation not permitted");
    FX_ASSERT_COMMAND(f, "ss -ltnp 'sport = :80'");
}

static void
test_unknown_other_errno(void)
{
    pf_check_t   *c = fx_check("*:80", PF_STATUS_ERROR, PF_ERRSPACE_POSIX,
                               EMFILE);
    pf_finding_t *f;

    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_UNKNOWN);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "EMFILE");
}

static CU_TestInfo same_server_tests[] = {
    { "every holder is this server", test_same_server_all_self },
    { "already running (pid file)", test_same_server_running },
    { "this server and another", test_same_server_and_another },
    CU_TEST_INFO_NULL
};

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

static CU_TestInfo hidden_tests[] = {
    { "not root: socket owner and sudo", test_hidden_not_root },
    { "root: another namespace", test_hidden_as_root },
    CU_TEST_INFO_NULL
};

static CU_TestInfo socket_unit_tests[] = {
    { "pid 1 and a known unit", test_socket_unit_known },
    { "a unit only its file names: advice", test_socket_unit_from_files },
    { "pid 1, units unknown", test_socket_unit_pid1_only },
    { "pid 1 that is not systemd", test_socket_unit_pid1_not_systemd },
    CU_TEST_INFO_NULL
};

static CU_TestInfo container_tests[] = {
    { "docker-proxy and its container", test_container_docker_proxy },
    { "a process merely named docker-proxy", test_container_proxy_only },
    { "a rootless forwarder: advice only", test_container_rootless },
    CU_TEST_INFO_NULL
};

static CU_TestInfo privileged_tests[] = {
    { "nginx as a user", test_privileged_nginx },
    { "held: a holder, not privilege", test_privileged_but_held },
    { "server exe and systemd unit", test_privileged_server_exe_and_unit },
    { "other port must be unprivileged",
      test_privileged_other_port_stays_unprivileged },
    { "not for root", test_privileged_not_for_root },
    CU_TEST_INFO_NULL
};

static CU_TestInfo selinux_tests[] = {
    { "enforcing, high port", test_selinux_enforcing },
    { "enforcing, root, low port", test_selinux_root_low_port },
    { "permissive: not selinux", test_selinux_permissive_is_unknown },
    CU_TEST_INFO_NULL
};

static CU_TestInfo not_local_tests[] = {
    { "address not on this host", test_not_local },
    CU_TEST_INFO_NULL
};

static CU_TestInfo unsupported_tests[] = {
    { "no IPv6", test_unsupported_ipv6 },
    CU_TEST_INFO_NULL
};

/* ---- config-clash --------------------------------------------------- */

static pf_check_t *
clash_check(const char *spec, pf_server_t s, const char *source)
{
    pf_check_t *c = fx_check(spec, PF_STATUS_FREE, PF_ERRSPACE_POSIX, 0);

    c->target.server = s;
    c->target.source = source;
    return c;
}

static void
test_clash_apache_nginx(void)
{
    pf_check_t   *a, *n, *other;
    pf_finding_t *f;

    a = clash_check("*:80", PF_SERVER_APACHE, "/etc/apache2/ports.conf:5");
    a->target.family = PF_FAMILY_ANY;
    n = clash_check("[::]:80", PF_SERVER_NGINX, "/etc/nginx/default:23");
    other = clash_check("127.0.0.1:8080", PF_SERVER_NGINX, "/etc/x:1");
    CU_ASSERT_EQUAL(pf_diagnose_clashes(fx_r->pool, &fx_r->ctx, &fx_r->host,
                                        &fx_r->checks), PF_OK);
    a = &PF_ARRAY_AT(&fx_r->checks, pf_check_t, 0);
    n = &PF_ARRAY_AT(&fx_r->checks, pf_check_t, 1);
    other = &PF_ARRAY_AT(&fx_r->checks, pf_check_t, 2);
    f = fx_finding(a, PF_CAUSE_CONFIG_CLASH);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    PF_ASSERT_STR(f->summary, "Apache at /etc/apache2/ports.conf:5 and nginx "
                  "at /etc/nginx/default:23 both listen on port 80: only one "
                  "of them can start");
    CU_ASSERT_TRUE(pf_check_is_conflict(a));
    CU_ASSERT_PTR_NOT_NULL(fx_finding(n, PF_CAUSE_CONFIG_CLASH));
    CU_ASSERT_EQUAL(other->findings.nelts, 0);
    CU_ASSERT_FALSE(pf_check_is_conflict(other));
}

/* Two servers of one kind, or specific addresses apart: no clash. */
static void
test_clash_none(void)
{
    clash_check("127.0.0.1:80", PF_SERVER_APACHE, "a:1");
    clash_check("127.0.0.2:80", PF_SERVER_NGINX, "n:1");
    clash_check("0.0.0.0:81", PF_SERVER_NGINX, "n:2");
    clash_check("0.0.0.0:81", PF_SERVER_NGINX, "n:3");
    CU_ASSERT_EQUAL(pf_diagnose_clashes(fx_r->pool, &fx_r->ctx, &fx_r->host,
                                        &fx_r->checks), PF_OK);
    CU_ASSERT_FALSE(pf_report_has_conflict(fx_r));
}

static CU_TestInfo clash_tests[] = {
    { "Apache *:80 and nginx [::]:80", test_clash_apache_nginx },
    { "no clash", test_clash_none },
    CU_TEST_INFO_NULL
};

static CU_TestInfo unknown_tests[] = {
    { "in use, holder not found", test_unknown_in_use_with_notes },
    { "another errno", test_unknown_other_errno },
    CU_TEST_INFO_NULL
};

#define FX_SUITE(name, tests) \
    { name, NULL, NULL, fx_setup, fx_teardown, tests }

static CU_SuiteInfo suites[] = {
    FX_SUITE("same-server", same_server_tests),
    FX_SUITE("process", process_tests),
    FX_SUITE("process (holder hidden)", hidden_tests),
    FX_SUITE("socket-unit", socket_unit_tests),
    FX_SUITE("container", container_tests),
    FX_SUITE("privileged-port", privileged_tests),
    FX_SUITE("selinux", selinux_tests),
    FX_SUITE("not-local", not_local_tests),
    FX_SUITE("unsupported", unsupported_tests),
    FX_SUITE("unknown", unknown_tests),
    FX_SUITE("config-clash", clash_tests),
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
