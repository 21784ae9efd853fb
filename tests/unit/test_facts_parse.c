/* The pure parsers of the Linux facts layer, on samples. */
#include <stdint.h>

#include "pf_test.h"
#include "pf_linux.h"

static pf_pool_t  *pool;
static pf_array_t  out;
static pf_error_t  err;

static void
fresh(size_t size)
{
    if (pool != NULL) {
        pf_pool_destroy(pool);
    }
    pool = pf_pool_create();
    memset(&err, 0, sizeof(err));
    pf_array_init(&out, pool, 0, size);
}

static int
little_endian(void)
{
    uint32_t one = 1;

    return *(unsigned char *) &one == 1;
}

#define LISTENER(i)  (&PF_ARRAY_AT(&out, pf_listener_t, i))

static const char tcp4[] =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
    "retrnsmt   uid  timeout inode\n"
    "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 "
    "00000000    33        0 12345 1 0000000000000000 100 0 0 10 0\n"
    "   1: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 "
    "00000000     0        0 777 1 0000000000000000 100 0 0 10 0\n"
    /* an established connection on 8080: not a listener */
    "   2: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 "
    "00000000     0        0 888 1 0000000000000000 20 4 30 10 -1\n"
    /* malformed lines: skipped */
    "   3: 0100007F:1F9 00000000:0000 0A\n"
    "   4: ZZ00007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 "
    "00000000     0        0 999 1\n"
    "   5: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 "
    "00000000     0        0 12x5 1\n"
    "garbage\n"
    "\n"
    "   6: 0100007F:FFFFF 00000000:0000 0A 00000000:00000000 00:00000000 "
    "00000000     0        0 4242 1";

/* The /proc/net parser on text, as the facts layer asks it: into out. */
static int
procnet(const char *text, size_t len, pf_family_t fam, pf_proto_t proto,
        unsigned port)
{
    pf_linux_sock_query_t w;

    memset(&w, 0, sizeof(w));
    w.pool = pool;
    w.fam = fam;
    w.proto = proto;
    w.port = port;
    w.listeners = &out;
    return pf_linux_procnet_parse(&w, text, len, &err);
}

static void
test_procnet_ipv4(void)
{
    fresh(sizeof(pf_listener_t));
    if (!little_endian()) {
        return;                   /* samples are from a little-endian host */
    }
    PF_ASSERT_EQ(procnet(tcp4, sizeof(tcp4) - 1,
                         PF_FAMILY_INET, PF_PROTO_TCP, 8080), PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_STR(LISTENER(0)->address, "127.0.0.1");
    PF_ASSERT_EQ(LISTENER(0)->port, 8080);
    PF_ASSERT_EQ(LISTENER(0)->uid, 33);
    PF_ASSERT_EQ(LISTENER(0)->inode, 12345);
    PF_ASSERT_EQ(LISTENER(0)->family, PF_FAMILY_INET);
    PF_ASSERT_EQ(LISTENER(0)->v6only, -1);
    PF_ASSERT_EQ(LISTENER(0)->pids_visible, 1);

    fresh(sizeof(pf_listener_t));
    PF_ASSERT_EQ(procnet(tcp4, sizeof(tcp4) - 1,
                         PF_FAMILY_INET, PF_PROTO_TCP, 0), PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 2);   /* every listening port */
    PF_ASSERT_STR(LISTENER(1)->address, "0.0.0.0");
    PF_ASSERT_EQ(LISTENER(1)->port, 80);
}

static const char tcp6[] =
    "  sl  local_address                         remote_address          "
    "              st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout "
    "inode\n"
    "   0: 00000000000000000000000000000000:0050 "
    "00000000000000000000000000000000:0000 0A 00000000:00000000 "
    "00:00000000 00000000     0        0 22222 1 0000000000000000 100 0 0 "
    "10 0\n"
    "   1: 00000000000000000000000001000000:0050 "
    "00000000000000000000000000000000:0000 0A 00000000:00000000 "
    "00:00000000 00000000  1000        0 33333 1 0000000000000000 100 0 0 "
    "10 0\n"
    "   2: B80D0120000000000000000001000000:0050 "
    "00000000000000000000000000000000:0000 0A 00000000:00000000 "
    "00:00000000 00000000     0        0 44444 1 0000000000000000 100 0 0 "
    "10 0\n"
    "   3: 0000000000000000FFFF00000100007F:0050 "
    "00000000000000000000000000000000:0000 0A 00000000:00000000 "
    "00:00000000 00000000     0        0 55555 1 0000000000000000 100 0 0 "
    "10 0\n"
    /* a v4 address in a v6 file: skipped */
    "   4: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 "
    "00000000     0        0 66666 1\n";

static void
test_procnet_ipv6(void)
{
    fresh(sizeof(pf_listener_t));
    if (!little_endian()) {
        return;
    }
    PF_ASSERT_EQ(procnet(tcp6, sizeof(tcp6) - 1,
                         PF_FAMILY_INET6, PF_PROTO_TCP, 80), PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 4);
    PF_ASSERT_STR(LISTENER(0)->address, "::");
    PF_ASSERT_STR(LISTENER(1)->address, "::1");
    PF_ASSERT_EQ(LISTENER(1)->uid, 1000);
    PF_ASSERT_STR(LISTENER(2)->address, "2001:db8::1");
    PF_ASSERT_STR(LISTENER(3)->address, "::ffff:127.0.0.1");
    PF_ASSERT_EQ(LISTENER(3)->family, PF_FAMILY_INET6);
    PF_ASSERT_EQ(LISTENER(3)->inode, 55555);
}

static const char udp4[] =
    "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
    "retrnsmt   uid  timeout inode ref pointer drops\n"
    "  123: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 "
    "00000000   101        0 5353 2 0000000000000000 0\n"
    "  124: 00000000:0035 00000000:0000 0A 00000000:00000000 00:00000000 "
    "00000000   101        0 5354 2 0000000000000000 0\n";

static void
test_procnet_udp(void)
{
    fresh(sizeof(pf_listener_t));
    PF_ASSERT_EQ(procnet(udp4, sizeof(udp4) - 1,
                         PF_FAMILY_INET, PF_PROTO_UDP, 53), PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_EQ(LISTENER(0)->inode, 5353);
    PF_ASSERT_EQ(LISTENER(0)->proto, PF_PROTO_UDP);
}

/* Any bytes: truncated at every length, never a crash or a listener
 * made of half a line's garbage. */
static void
test_procnet_truncated(void)
{
    size_t n;

    for (n = 0; n < sizeof(tcp4) - 1; n += 7) {
        fresh(sizeof(pf_listener_t));
        PF_ASSERT_EQ(procnet(tcp4, n, PF_FAMILY_INET, PF_PROTO_TCP, 8080),
                     PF_OK);
        CU_ASSERT(out.nelts <= 2);   /* a cut inode is still a number */
    }
    fresh(sizeof(pf_listener_t));
    PF_ASSERT_EQ(procnet(NULL, 0, PF_FAMILY_INET, PF_PROTO_TCP, 80),
                 PF_OK);
    PF_ASSERT_EQ(procnet("x", 1, PF_FAMILY_ANY, PF_PROTO_TCP, 80),
                 PF_ERROR);
}

static void
cgroup(const char *text, const char *unit, const char *container)
{
    const char *u = "x", *c = "x";

    pf_linux_cgroup_parse(pool, text, strlen(text), &u, &c);
    if (unit == NULL) {
        PF_ASSERT_NULL(u);
    } else {
        PF_ASSERT_STR(u, unit);
    }
    if (container == NULL) {
        PF_ASSERT_NULL(c);
    } else {
        PF_ASSERT_STR(c, container);
    }
}

#define CID "4f1c1d7a0e9b2c3d4e5f60718293a4b5c6d7e8f90123456789abcdef01234567"

static void
test_cgroup(void)
{
    fresh(sizeof(char *));
    cgroup("0::/system.slice/nginx.service\n", "nginx.service", NULL);
    cgroup("12:pids:/system.slice/apache2.service\n"
           "1:name=systemd:/system.slice/apache2.service\n"
           "0::/system.slice/apache2.service\n", "apache2.service", NULL);
    cgroup("0::/system.slice/docker-" CID ".scope\n", NULL, CID);
    cgroup("11:memory:/docker/" CID "\n1:name=systemd:/docker/" CID "\n",
           NULL, CID);
    cgroup("0::/machine.slice/libpod-" CID ".scope/container\n", NULL, CID);
    cgroup("0::/kubepods.slice/kubepods-besteffort.slice/"
           "cri-containerd-" CID ".scope\n", NULL, CID);
    /* a login session, and an app of a user manager: no service */
    cgroup("0::/user.slice/user-1000.slice/session-3.scope\n", NULL, NULL);
    cgroup("0::/user.slice/user-1000.slice/user@1000.service/app.slice/"
           "app-gnome-x-1.scope\n", NULL, NULL);
    /* issue 16: a user manager's web.service is not the system's */
    cgroup("0::/user.slice/user-1000.slice/user@1000.service/app.slice/"
           "web.service\n", NULL, NULL);
    /* below a delegated service, or inside a container: not the unit */
    cgroup("0::/system.slice/foo.service/sub/nginx.service\n", NULL, NULL);
    cgroup("0::/system.slice/docker-" CID ".scope/system.slice/"
           "nginx.service\n", NULL, CID);
    cgroup("0::/machine.slice/machine-web.scope/payload/system.slice/"
           "nginx.service\n", NULL, NULL);
    /* hybrid: name=systemd holds the units, the unified mirror not */
    cgroup("1:name=systemd:/system.slice/nginx.service\n"
           "0::/user.slice/x.service\n", "nginx.service", NULL);
    /* v1 with only a memory controller path: no unit from it */
    cgroup("4:memory:/system.slice/foo.service\n0::/\n", NULL, NULL);
    cgroup("0::/\n", NULL, NULL);
    cgroup("", NULL, NULL);
    cgroup("garbage without colons", NULL, NULL);
}

static void
classify(const char *text, pf_unit_kind_t kind, const char *cgroup_unit,
         long uid)
{
    pf_cgroup_t cg;

    pf_linux_cgroup_read(pool, text, strlen(text), &cg);
    PF_ASSERT_EQ(cg.kind, kind);
    if (cgroup_unit == NULL) {
        PF_ASSERT_NULL(cg.cgroup_unit);
    } else {
        PF_ASSERT_STR(cg.cgroup_unit, cgroup_unit);
    }
    PF_ASSERT_EQ(cg.uid, uid);
}

/* Whose unit a cgroup is, as systemd delegates subtrees (issue 16). */
static void
test_cgroup_kind(void)
{
    pf_cgroup_t cg;

    fresh(sizeof(char *));
    classify("0::/system.slice/cron.service\n", PF_UNIT_SYSTEM,
             "cron.service", -1);
    classify("0::/ssh.service\n", PF_UNIT_SYSTEM, "ssh.service", -1);
    classify("0::/user.slice/user-1001.slice/user@1001.service/app.slice/"
             "ssh.service\n", PF_UNIT_USER, "ssh.service", 1001);
    classify("0::/user.slice/user-1001.slice/user@1001.service/"
             "init.scope\n", PF_UNIT_USER, "init.scope", 1001);
    classify("0::/user.slice/user-1001.slice/session-4.scope\n",
             PF_UNIT_SCOPE, "session-4.scope", -1);
    classify("0::/system.slice/containerd.service/sub\n",
             PF_UNIT_DELEGATED, "containerd.service", -1);
    classify("0::/system.slice/docker-" CID ".scope/system.slice/"
             "nginx.service\n", PF_UNIT_CONTAINER,
             "docker-" CID ".scope", -1);
    classify("0::/machine.slice/systemd-nspawn@web.service/payload/"
             "system.slice/nginx.service\n", PF_UNIT_CONTAINER,
             "systemd-nspawn@web.service", -1);
    /* "user@" with no number is no user manager */
    classify("0::/system.slice/user@x.service\n", PF_UNIT_SYSTEM,
             "user@x.service", -1);
    classify("0::/\n", PF_UNIT_NONE, NULL, -1);
    pf_linux_cgroup_read(pool, "0::/system.slice/a.service\n", 27, &cg);
    PF_ASSERT_STR(cg.path, "/system.slice/a.service");
}

/* `systemctl show --property=Id,ControlGroup,MainPID,User` */
static void
test_systemctl_show(void)
{
    const char *id = NULL, *cg = NULL, *user = NULL;
    long        pid = -1;

    fresh(sizeof(char *));
    pf_linux_show_parse(pool, "Id=cron.service\nUser=\nMainPID=512\n"
                       "ControlGroup=/system.slice/cron.service\n", &id,
                       &cg, &pid, &user);
    PF_ASSERT_STR(id, "cron.service");
    PF_ASSERT_STR(cg, "/system.slice/cron.service");
    PF_ASSERT_STR(user, "");
    PF_ASSERT_EQ(pid, 512);
    pid = 7;
    pf_linux_show_parse(pool, "MainPID=x\ngarbage\n=\n", &id, &cg, &pid,
                       &user);
    PF_ASSERT_EQ(pid, -1);
    CU_ASSERT(pf_linux_unit_name_ok("nginx.service"));
    CU_ASSERT(pf_linux_unit_name_ok("getty@tty1.service"));
    CU_ASSERT(!pf_linux_unit_name_ok("nginx.service;touch PWNED;.service"));
    CU_ASSERT(!pf_linux_unit_name_ok("-x.service"));
    CU_ASSERT(!pf_linux_unit_name_ok(""));
}

static void
test_docker_proxy(void)
{
    pf_container_t c;

    fresh(sizeof(char *));
    memset(&c, 0, sizeof(c));
    PF_ASSERT_EQ(pf_linux_docker_proxy_parse(pool,
     "/usr/bin/docker-proxy -proto tcp -host-ip 0.0.0.0 -host-port 8080 "
     "-container-ip 172.17.0.2 -container-port 80", &c), PF_OK);
    PF_ASSERT_STR(c.proto, "tcp");
    PF_ASSERT_STR(c.host_ip, "0.0.0.0");
    PF_ASSERT_EQ(c.host_port, 8080);
    PF_ASSERT_STR(c.container_ip, "172.17.0.2");
    PF_ASSERT_EQ(c.container_port, 80);

    /* newer Docker: a boolean flag, and "--k=v" spellings */
    memset(&c, 0, sizeof(c));
    PF_ASSERT_EQ(pf_linux_docker_proxy_parse(pool,
     "docker-proxy -use-listen-fd -proto tcp --host-ip=:: "
     "-host-port=443 -container-ip 172.18.0.5 -container-port 8443",
     &c), PF_OK);
    PF_ASSERT_STR(c.proto, "tcp");
    PF_ASSERT_STR(c.host_ip, "::");
    PF_ASSERT_EQ(c.host_port, 443);
    PF_ASSERT_EQ(c.container_port, 8443);

    memset(&c, 0, sizeof(c));
    PF_ASSERT_EQ(pf_linux_docker_proxy_parse(pool, "docker-proxy", &c),
                 PF_ERROR);
    PF_ASSERT_EQ(pf_linux_docker_proxy_parse(pool,
     "docker-proxy -host-port 99999 -host-port", &c), PF_ERROR);
    PF_ASSERT_EQ(pf_linux_docker_proxy_parse(pool, NULL, &c), PF_ERROR);
}

static void
test_docker_config(void)
{
    static const char cfg[] =
        "{\"State\":{\"Running\":true},\"ID\":\"" CID "\","
        "\"MountPoints\":{\"/data\":{\"Name\":\"vol1\"}},"
        "\"Name\":\"/web\",\"NetworkSettings\":{\"Networks\":{"
        "\"bridge\":{\"IPAddress\":\"172.17.0.2\"}}}}";
    const char *name = "x";

    fresh(sizeof(char *));
    PF_ASSERT_EQ(pf_linux_docker_config_match(pool, cfg, "172.17.0.2",
                                             &name), 1);
    PF_ASSERT_STR(name, "web");
    PF_ASSERT_EQ(pf_linux_docker_config_match(pool, cfg, "172.17.0.20",
                                             &name), 0);
    PF_ASSERT_EQ(pf_linux_docker_config_match(pool, cfg, "172.17.0.",
                                             &name), 0);
    PF_ASSERT_EQ(pf_linux_docker_config_match(pool, NULL, "172.17.0.2",
                                             &name), 0);
    PF_ASSERT_EQ(pf_linux_docker_config_match(pool, "{\"IPAddress\":"
                                             "\"10.0.0.1\"}", "10.0.0.1",
                                             &name), 1);
    PF_ASSERT_NULL(name);
}

static const char list_sockets[] =
    "/run/dbus/system_bus_socket     dbus.socket                  "
    "dbus.service\n"
    "[::]:22                         ssh.socket                   "
    "ssh.service\n"
    "0.0.0.0:80                      nginx.socket                 "
    "nginx.service\n"
    "[::]:80                         nginx.socket                 "
    "nginx.service\n"
    "kobject-uevent 1                systemd-udevd-kernel.socket  "
    "systemd-udevd.service\n"
    "[::]:8080                       Stream  web.socket           "
    "web@0.service, web@1.service\n"
    "[::]:9090                       idle.socket\n"
    "\n";

#define UNIT(i)  (&PF_ARRAY_AT(&out, pf_socket_unit_t, i))

static void
test_list_sockets(void)
{
    fresh(sizeof(pf_socket_unit_t));
    PF_ASSERT_EQ(pf_linux_list_sockets_parse(pool, list_sockets,
                                            sizeof(list_sockets) - 1, 80,
                                            &out), PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 2);
    PF_ASSERT_STR(UNIT(0)->unit, "nginx.socket");
    PF_ASSERT_STR(UNIT(0)->listen, "0.0.0.0:80");
    PF_ASSERT_STR(UNIT(0)->activates, "nginx.service");
    PF_ASSERT_STR(UNIT(1)->listen, "[::]:80");

    fresh(sizeof(pf_socket_unit_t));
    pf_linux_list_sockets_parse(pool, list_sockets, sizeof(list_sockets) - 1,
                               8080, &out);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_STR(UNIT(0)->unit, "web.socket");
    PF_ASSERT_STR(UNIT(0)->listen, "[::]:8080");
    PF_ASSERT_STR(UNIT(0)->activates, "web@0.service, web@1.service");

    fresh(sizeof(pf_socket_unit_t));
    pf_linux_list_sockets_parse(pool, list_sockets, sizeof(list_sockets) - 1,
                               9090, &out);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_NULL(UNIT(0)->activates);

    fresh(sizeof(pf_socket_unit_t));
    pf_linux_list_sockets_parse(pool, list_sockets, sizeof(list_sockets) - 1,
                               1, &out);   /* "kobject-uevent 1" */
    PF_ASSERT_SIZE_EQ(out.nelts, 0);
}

static const char unit_file[] =
    "[Unit]\n"
    "Description=web socket\n"
    "ListenStream=9999\n"          /* not in [Socket]: ignored */
    "\n"
    "[Socket]\n"
    "ListenStream=/run/web.sock\n"
    "ListenStream = 0.0.0.0:80\n"
    "ListenDatagram=80\n"
    "# ListenStream=81\n"
    "Accept=yes\n"
    "\n"
    "[Install]\n"
    "WantedBy=sockets.target\n";

static void
test_unit_file(void)
{
    static const char reset[] = "[Socket]\nListenStream=80\nListenStream=\n"
                                "ListenStream=[::]:8080\nService=x.service\n";
    static const pf_conf_text_t web = { "web.socket", unit_file,
                                        sizeof(unit_file) - 1 };
    static const pf_conf_text_t r = { "r.socket", reset, sizeof(reset) - 1 };

    fresh(sizeof(pf_socket_unit_t));
    PF_ASSERT_EQ(pf_linux_socket_unit_file_parse(pool, &web, PF_PROTO_TCP, 80,
                                                &out), PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_STR(UNIT(0)->unit, "web.socket");
    PF_ASSERT_STR(UNIT(0)->listen, "0.0.0.0:80");
    PF_ASSERT_STR(UNIT(0)->activates, "web@.service");

    fresh(sizeof(pf_socket_unit_t));
    pf_linux_socket_unit_file_parse(pool, &web, PF_PROTO_UDP, 80, &out);
    PF_ASSERT_SIZE_EQ(out.nelts, 1);
    fresh(sizeof(pf_socket_unit_t));
    pf_linux_socket_unit_file_parse(pool, &web, PF_PROTO_TCP, 9999, &out);
    PF_ASSERT_SIZE_EQ(out.nelts, 0);

    /* an empty assignment resets the list; Service= names the service */
    fresh(sizeof(pf_socket_unit_t));
    pf_linux_socket_unit_file_parse(pool, &r, PF_PROTO_TCP, 80, &out);
    PF_ASSERT_SIZE_EQ(out.nelts, 0);
    pf_linux_socket_unit_file_parse(pool, &r, PF_PROTO_TCP, 8080, &out);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_STR(UNIT(0)->activates, "x.service");
}

static void
test_listen_matches(void)
{
    CU_ASSERT(pf_linux_listen_matches("80", 80));
    CU_ASSERT(pf_linux_listen_matches("0.0.0.0:80", 80));
    CU_ASSERT(pf_linux_listen_matches("[::]:80", 80));
    CU_ASSERT(pf_linux_listen_matches("[::1]:80", 80));
    CU_ASSERT(pf_linux_listen_matches("*:80", 80));
    CU_ASSERT(!pf_linux_listen_matches("8080", 80));
    CU_ASSERT(!pf_linux_listen_matches("::80", 80));
    CU_ASSERT(!pf_linux_listen_matches("/run/80", 80));
    CU_ASSERT(!pf_linux_listen_matches("vsock:2:80", 80));
    CU_ASSERT(!pf_linux_listen_matches("0.0.0.0:", 80));
    CU_ASSERT(!pf_linux_listen_matches("99999999999999999999", 80));
    CU_ASSERT(!pf_linux_listen_matches(NULL, 80));
}

static void
test_status(void)
{
    long ppid = -1, uid = -1;

    PF_ASSERT_EQ(pf_linux_status_parse(
     "Name:\tnginx\nPPid:\t1\nUid:\t0\t33\t33\t33\n"
     "CapEff:\t0000000000000400\n", &ppid, &uid), 1);
    PF_ASSERT_EQ(ppid, 1);
    PF_ASSERT_EQ(uid, 33);
    PF_ASSERT_EQ(pf_linux_status_parse(
     "PPid:\t7\nCapEff:\t0000000000000000\n", &ppid, NULL), 0);
    PF_ASSERT_EQ(ppid, 7);
    PF_ASSERT_EQ(pf_linux_status_parse("CapEff:\t000001fffeffffff\n",
                                      NULL, NULL), 1);
    PF_ASSERT_EQ(pf_linux_status_parse("Name:\tx\n", NULL, NULL), -1);
    PF_ASSERT_EQ(pf_linux_status_parse(NULL, NULL, NULL), -1);
}

static int
suite_clean(void)
{
    pf_pool_destroy(pool);
    pool = NULL;
    return 0;
}

/* /proc/net/unix as Linux prints it (a capture of this machine's, the
 * paths changed): the listening socket (flags 00010000) of a path. */
static void
test_procnet_unix(void)
{
    static const char *const lines[] = {
        "Num       RefCount Protocol Flags    Type St Inode Path\n",
        "0000000000000000: 00000002 00000000 00010000 0001 01 20563 "
        "/run/php/php8.2-fpm.sock\n",
        "0000000000000000: 00000003 00000000 00000000 0001 03 20999 "
        "/run/php/php8.2-fpm.sock\n",
        "0000000000000000: 00000002 00000000 00010000 0001 01 31337 "
        "/run/php/php8.2-fpm.sock.old\n",
        "0000000000000000: 00000002 00000000 00010000 0005 01 4242\n",
        "garbage\n",
    };

    PF_ASSERT_EQ(pf_linux_sockfile_parse_inode(lines[0],
                                              "/run/php/php8.2-fpm.sock"),
                 0);
    PF_ASSERT_EQ(pf_linux_sockfile_parse_inode(lines[1],
                                              "/run/php/php8.2-fpm.sock"),
                 20563);
    /* connected, not listening */
    PF_ASSERT_EQ(pf_linux_sockfile_parse_inode(lines[2],
                                              "/run/php/php8.2-fpm.sock"),
                 0);
    /* a longer path is another socket */
    PF_ASSERT_EQ(pf_linux_sockfile_parse_inode(lines[3],
                                              "/run/php/php8.2-fpm.sock"),
                 0);
    PF_ASSERT_EQ(pf_linux_sockfile_parse_inode(lines[4], "/x"), 0);
    PF_ASSERT_EQ(pf_linux_sockfile_parse_inode(lines[5], "/x"), 0);
}

static CU_TestInfo parse_tests[] = {
    { "/proc/net/unix: a path's listening socket", test_procnet_unix },
    { "/proc/net/tcp: listeners on a port", test_procnet_ipv4 },
    { "/proc/net/tcp6: address byte order", test_procnet_ipv6 },
    { "/proc/net/udp: bound sockets", test_procnet_udp },
    { "/proc/net: truncated and bad input", test_procnet_truncated },
    { "cgroup v1/v2: unit and container", test_cgroup },
    { "cgroup: whose unit (system, user, delegated, container)",
      test_cgroup_kind },
    { "systemctl show: Id, ControlGroup, MainPID, User",
      test_systemctl_show },
    { "docker-proxy command line", test_docker_proxy },
    { "Docker config.v2.json: name by address", test_docker_config },
    { "systemctl list-sockets output", test_list_sockets },
    { ".socket unit files", test_unit_file },
    { "Listen values naming a port", test_listen_matches },
    { "/proc/PID/status: PPid, Uid, CapEff", test_status },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "facts parsers", NULL, suite_clean, NULL, NULL, parse_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
