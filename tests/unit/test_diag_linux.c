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
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "kill 1234   # nginx, started by hand");
    CU_ASSERT_TRUE(r->needs_admin);                /* root's, we are 1000 */
    r = fx_remedy(f, "other-port");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->action, PF_ACTION_CHANGE_PORT);
    CU_ASSERT_EQUAL(r->new_port, 8080);
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0), "listen 8080;");
}

static void
test_process_in_unit(void)
{
    pf_check_t   *c = nginx_by_hand();
    pf_finding_t *f;
    pf_remedy_t  *r;

    PF_ARRAY_AT(&c->facts.processes, pf_process_t, 0).unit = "nginx.service";
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
    PF_ARRAY_AT(&c->facts.processes, pf_process_t, 0).unit =
        "web@dev-disk-by\\x2duuid.service";
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

    PF_ARRAY_AT(&c->facts.processes, pf_process_t, 0).unit = "nginx.service";
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
    PF_ASSERT_STR(PF_ARRAY_AT(&r->commands, const char *, 0),
                  "use port 8000");
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
    fx_diagnose(c);
    CU_ASSERT_EQUAL(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_LIKELY);
    CU_ASSERT_EQUAL(f->holders.nelts, 0);
    FX_ASSERT_EVIDENCE(f, "socket owned by uid 33; run as root to see "
                          "the process");
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
    fx_listener(c, "0.0.0.0", 0, -1)->pids_visible = 0;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_PROCESS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_POSSIBLE);
    CU_ASSERT_FALSE(fx_has_evidence(f, "run as root"));
    CU_ASSERT_PTR_NULL(fx_remedy(f, "inspect-as-root"));
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

    fx_process(c, 901, "docker-proxy");
    fx_diagnose(c);
    CU_ASSERT_PTR_NULL(fx_finding(c, PF_CAUSE_PROCESS));
    f = fx_finding(c, PF_CAUSE_CONTAINER);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->confidence, PF_LIKELY);
    FX_ASSERT_COMMAND(f, "docker ps --filter publish=8080");
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
    { "master and workers", test_process_master_and_workers },
    { "own process: no admin; Apache line",
      test_process_own_user_needs_no_admin },
    { "generic other port", test_process_generic_other_port },
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
    { "pid 1, units unknown", test_socket_unit_pid1_only },
    { "pid 1 that is not systemd", test_socket_unit_pid1_not_systemd },
    CU_TEST_INFO_NULL
};

static CU_TestInfo container_tests[] = {
    { "docker-proxy and its container", test_container_docker_proxy },
    { "docker-proxy alone", test_container_proxy_only },
    CU_TEST_INFO_NULL
};

static CU_TestInfo privileged_tests[] = {
    { "nginx as a user", test_privileged_nginx },
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
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
