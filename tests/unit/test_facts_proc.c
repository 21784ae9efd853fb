/*
 * The /proc scan against a fake proc tree the test builds in a temporary
 * directory: fd links "socket:[INODE]" (readlink works on any symlink),
 * processes that vanish, and, as an unprivileged user, processes that
 * cannot be read.  The /proc/net samples are those of a little-endian
 * host (x86, arm64), as the kernel prints addresses in host order.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "pf_test.h"
#include "pf_platform.h"
#include "pf_unix.h"

static char root[] = "/tmp/pf-fakeproc.XXXXXX";
static char sysroot[1100];
static int  tree_ok = 1;     /* CUnit cannot assert in a suite's init */

static void
put(const char *rel, const char *text, size_t len)
{
    char  path[1100], *slash;
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", root, rel);
    for (slash = strchr(path + strlen(root) + 1, '/'); slash != NULL;
         slash = strchr(slash + 1, '/'))
    {
        *slash = '\0';
        (void) mkdir(path, 0755);
        *slash = '/';
    }
    f = fopen(path, "w");
    if (f == NULL) {
        tree_ok = 0;
        return;
    }
    fwrite(text, 1, len, f);
    fclose(f);
}

#define PUT(rel, s)  put(rel, s, sizeof(s) - 1)

static void
link_to(const char *rel, const char *target)
{
    char path[1100];

    snprintf(path, sizeof(path), "%s/%s", root, rel);
    if (symlink(target, path) != 0) {
        tree_ok = 0;
    }
}

static void
fd_dir(long pid, uid_t owner)
{
    char path[1100];

    snprintf(path, sizeof(path), "%s/%ld/fd", root, pid);
    (void) mkdir(path, 0755);
    if (chown(path, owner, (gid_t) -1) != 0) {
        tree_ok = 0;
    }
}

#define TCP_LINE(port_hex, uid, inode)                                     \
    "   0: 0100007F:" port_hex " 00000000:0000 0A 00000000:00000000 "      \
    "00:00000000 00000000 " uid " 0 " inode " 1 0000000000000000 100 0 0 " \
    "10 0\n"

/* 1,200 processes (enough for the scan's threads), four sockets each;
 * 8500's socket is held by 2700, its child 2701 and 2900: a scan in PID
 * order stops at 2700, and names 2700's own family (2701), not 2900 (a
 * holder of another family, met only by a scan of everything).  8501's
 * is held by a master, 2650, and its workers 2600 and 2660: the scan
 * stops at the worker 2600, whose family is all named.  The stat and
 * children files are what /proc has, trimmed to the fields read. */
static void
busy_host(void)
{
    char rel[64], target[64];
    long pid;
    int  i;

    for (pid = 2000; pid < 3200; pid++) {
        snprintf(rel, sizeof(rel), "%ld/comm", pid);
        put(rel, "load\n", 5);
        fd_dir(pid, 0);
        for (i = 0; i < 4; i++) {
            snprintf(rel, sizeof(rel), "%ld/fd/%d", pid, i + 3);
            snprintf(target, sizeof(target), "socket:[%ld]",
                     500000 + pid * 4 + i);
            link_to(rel, target);
        }
    }
    link_to("2700/fd/9", "socket:[31337]");
    link_to("2701/fd/9", "socket:[31337]");
    link_to("2900/fd/9", "socket:[31337]");
    PUT("2700/stat", "2700 (load) S 1 2700 2700 0 -1\n");
    PUT("2700/task/2700/children", "2701 2702 ");
    PUT("2701/stat", "2701 (load) S 2700 2700 2700 0 -1\n");
    PUT("2702/stat", "2702 (load) S 2700 2700 2700 0 -1\n");
    PUT("2900/stat", "2900 (load) S 1 2900 2900 0 -1\n");

    link_to("2600/fd/9", "socket:[31338]");
    link_to("2650/fd/9", "socket:[31338]");
    link_to("2660/fd/9", "socket:[31338]");
    /* a comm with ") S 1 " in it: the last ')' ends it */
    PUT("2600/stat", "2600 (w) S 1 (x) S 2650 2650 2650 0 -1\n");
    PUT("2650/stat", "2650 (master) S 1 2650 2650 0 -1\n");
    PUT("2650/task/2650/children", "2600 2660");
    PUT("2660/stat", "2660 (w) S 2650 2650 2650 0 -1\n");
}

static int
build_tree(void)
{
    if (mkdtemp(root) == NULL || chmod(root, 0755) != 0) {
        return -1;
    }
    PUT("net/tcp",
        "  sl  local_address rem_address   st tx_queue rx_queue tr "
        "tm->when retrnsmt   uid  timeout inode\n"
        TCP_LINE("1F90", "0", "12345")      /* 8080: nginx master+worker */
        TCP_LINE("2134", "0", "31337")      /* 8500: a busy host's */
        TCP_LINE("2135", "0", "31338")      /* 8501: master and workers */
        TCP_LINE("20FB", "0", "4444")       /* 8443: docker-proxy */
        TCP_LINE("20FC", "1000", "4445")    /* 8444: a lookalike */
        TCP_LINE("20FD", "1000", "4446")    /* 8445: pasta (rootless) */
        TCP_LINE("20FE", "1000", "4447")    /* 8446: a user's "pasta" */
        TCP_LINE("1B58", "33", "7777")      /* 7000: passed to root */
        TCP_LINE("238C", "0", "8888")       /* 9100: nobody holds it */
        TCP_LINE("1FF5", "0", "6666")       /* 8181: systemd (pid 1) */
        "   9: 0200007F:2062 00000000:0000 0A 00000000:00000000 "
        "00:00000000 00000000 0 0 9001 1 0000000000000000 100 0 0 10 0\n");
    /* 8290: 127.0.0.2 (9001) and [::] (9002), nobody holding either */
    PUT("net/tcp6", "  sl  local_address remote_address st\n"
        "   0: 00000000000000000000000000000000:2062 "
        "00000000000000000000000000000000:0000 0A 00000000:00000000 "
        "00:00000000 00000000     0        0 9002 1 0000000000000000 100 0 "
        "0 10 0\n");
    PUT("sys/net/ipv4/ip_unprivileged_port_start", "80\n");
    PUT("self/status", "Name:\ttest\nCapEff:\t0000000000000000\n");
    /* 1: systemd, holding a socket unit's socket on 8181 */
    PUT("1/comm", "systemd\n");
    fd_dir(1, 0);
    link_to("1/fd/50", "socket:[6666]");
    PUT("units/web.socket", "[Socket]\nListenStream=8181\n");

    /* 100: nginx master, root, holding the socket on fd 6 */
    PUT("100/comm", "nginx\n");
    PUT("100/cmdline", "nginx: master process /usr/sbin/nginx\0");
    PUT("100/status", "Name:\tnginx\nPPid:\t1\nUid:\t0\t0\t0\t0\n"
        "CapEff:\t000001ffffffffff\n");
    PUT("100/cgroup", "0::/system.slice/nginx.service\n");
    link_to("100/exe", "/usr/sbin/nginx");
    fd_dir(100, 0);
    link_to("100/fd/0", "/dev/null");
    link_to("100/fd/3", "socket:[999]");
    link_to("100/fd/6", "socket:[12345]");
    /* 101: its worker */
    PUT("101/comm", "nginx\n");
    PUT("101/status", "PPid:\t100\nUid:\t33\t33\t33\t33\n");
    fd_dir(101, 33);
    link_to("101/fd/6", "socket:[12345]");

    /* 200: gone between the listing and the look (no fd directory) */
    PUT("200/comm", "ghost\n");
    /* 201: fd is not even a directory */
    PUT("201/fd", "odd\n");

    /* 300: docker-proxy publishing 8443 */
    PUT("300/comm", "docker-proxy\n");
    /* \000, not \0: a digit after \0 would extend the octal escape */
    PUT("300/cmdline", "/usr/bin/docker-proxy\000-proto\000tcp\000"
        "-host-ip\000127.0.0.1\000-host-port\0008443\000-container-ip"
        "\000172.17.0.2\000-container-port\000443\000");
    PUT("300/cgroup", "0::/system.slice/docker.service\n");
    PUT("300/status", "PPid:\t301\nUid:\t0\t0\t0\t0\n");
    link_to("300/exe", "/usr/bin/docker-proxy");
    fd_dir(300, 0);
    link_to("300/fd/4", "socket:[4444]");
    /* 301: its parent, dockerd, as root */
    PUT("301/comm", "dockerd\n");
    PUT("301/status", "PPid:\t1\nUid:\t0\t0\t0\t0\n");
    link_to("301/exe", "/usr/bin/dockerd");

    /* 310: a user's copy of a binary run as "docker-proxy", with Docker's
     * arguments, from a parent the user named dockerd (issue 16) */
    PUT("310/comm", "docker-proxy\n");
    PUT("310/cmdline", "/home/u/docker-proxy\000-proto\000tcp\000"
        "-host-ip\000127.0.0.1\000-host-port\0008444\000-container-ip"
        "\000172.17.0.9\000-container-port\00080\000");
    PUT("310/status", "PPid:\t311\nUid:\t1000\t1000\t1000\t1000\n");
    link_to("310/exe", "/home/u/docker-proxy");
    fd_dir(310, 0);
    link_to("310/fd/4", "socket:[4445]");
    PUT("311/comm", "dockerd\n");
    PUT("311/status", "PPid:\t1\nUid:\t1000\t1000\t1000\t1000\n");
    link_to("311/exe", "/home/u/dockerd");

    /* 320: pasta, a rootless container's port forwarder, running as the
     * user from a root-owned binary nobody else may write */
    PUT("bin/pasta", "#!/bin/false\n");
    PUT("320/comm", "pasta.avx2\n");
    PUT("320/cmdline", "pasta\000--config-net\000-t\0008445\000");
    PUT("320/status", "PPid:\t1\nUid:\t1000\t1000\t1000\t1000\n");
    {
        char path[1100];

        snprintf(path, sizeof(path), "%s/bin/pasta", root);
        if (chmod(path, 0755) != 0) {
            tree_ok = 0;
        }
        link_to("320/exe", path);
        /* 330: the user's own file named pasta */
        PUT("330/comm", "pasta\n");
        PUT("ubin/pasta", "#!/bin/false\n");
        snprintf(path, sizeof(path), "%s/ubin/pasta", root);
        if (chown(path, 1000, (gid_t) -1) != 0) {
            tree_ok = 0;
        }
        link_to("330/exe", path);
    }
    fd_dir(320, 0);
    link_to("320/fd/5", "socket:[4446]");
    PUT("330/status", "PPid:\t1\nUid:\t1000\t1000\t1000\t1000\n");
    fd_dir(330, 0);
    link_to("330/fd/5", "socket:[4447]");

    /* 400: a root process holding a socket www-data (33) created */
    PUT("400/comm", "sockd\n");
    fd_dir(400, 0);
    link_to("400/fd/9", "socket:[7777]");

    /* 500: an unreadable fd directory (only matters to non-root) */
    PUT("500/comm", "secret\n");
    fd_dir(500, 0);
    {
        char path[1100];

        snprintf(path, sizeof(path), "%s/500/fd", root);
        if (chmod(path, 0700) != 0) {
            tree_ok = 0;
        }
    }
    PUT("sysfs/fs/selinux/enforce", "1\n");
    snprintf(sysroot, sizeof(sysroot), "%s/sysfs", root);
    busy_host();
    return tree_ok ? 0 : -1;
}

static int
remove_tree(void)
{
    char cmd[1200];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

/* A report whose one target failed with EADDRINUSE, facts from the fake
 * tree. */
static pf_report_t *
gather(const char *spec)
{
    pf_report_t *r = pf_report_create();
    pf_array_t   targets;
    pf_error_t   err;
    pf_check_t  *c;

    PF_ASSERT_NOT_NULL_FATAL(r);
    r->ctx.proc_root = root;
    r->ctx.sys_root = sysroot;
    pf_array_init(&targets, r->pool, 1, sizeof(pf_target_t));
    PF_ASSERT_EQ_FATAL(pf_target_parse(r->pool, spec, NULL, &targets,
                                       &err), PF_OK);
    c = pf_report_add_target(r, &PF_ARRAY_AT(&targets, pf_target_t, 0));
    PF_ASSERT_NOT_NULL_FATAL(c);
    c->probe.status = PF_STATUS_IN_USE;
    pf_platform_target_facts(r, c);
    return r;
}

#define CHECK0(r)     (&PF_ARRAY_AT(&(r)->checks, pf_check_t, 0))
#define LISTENER0(r)  (&PF_ARRAY_AT(&CHECK0(r)->facts.listeners, \
                                    pf_listener_t, 0))

static int
has_pid(const pf_listener_t *l, long pid)
{
    size_t i;

    for (i = 0; i < l->pids.nelts; i++) {
        if (PF_ARRAY_AT(&l->pids, long, i) == pid) {
            return 1;
        }
    }
    return 0;
}

static const char *
notes_of(pf_report_t *r)
{
    pf_array_t *n = &CHECK0(r)->facts.notes;
    char       *all = pf_palloc(r->pool, 8192);
    size_t      i;

    for (i = 0; i < n->nelts; i++) {
        strncat(all, PF_ARRAY_AT(n, char *, i), 8000 - strlen(all));
        strcat(all, "\n");
    }
    return all;
}

/* On a host with many processes the scan runs in threads; the answer is
 * still the one a scan in PID order gives, every time: the first holder,
 * not whichever a quicker thread also found. */
static void
test_busy_host_answer(void)
{
    pf_report_t *r;
    int          round;

    for (round = 0; round < 30; round++) {
        r = gather("127.0.0.1:8500");
        PF_ASSERT_SIZE_EQ_FATAL(CHECK0(r)->facts.listeners.nelts, 1);
        PF_ASSERT_EQ(LISTENER0(r)->inode, 31337);
        PF_ASSERT_SIZE_EQ(LISTENER0(r)->pids.nelts, 2);
        CU_ASSERT(has_pid(LISTENER0(r), 2700));
        CU_ASSERT(has_pid(LISTENER0(r), 2701));
        CU_ASSERT(!has_pid(LISTENER0(r), 2900));
        pf_report_destroy(r);
    }
}

/* The scan stops at its first holder, a worker: its master (the top
 * holder the diagnosis names and acts on) and the master's other worker
 * are named too, and read (the facts hold all three processes). */
static void
test_busy_host_family(void)
{
    pf_report_t *r;

    r = gather("127.0.0.1:8501");
    PF_ASSERT_SIZE_EQ_FATAL(CHECK0(r)->facts.listeners.nelts, 1);
    PF_ASSERT_EQ(LISTENER0(r)->inode, 31338);
    PF_ASSERT_SIZE_EQ(LISTENER0(r)->pids.nelts, 3);
    CU_ASSERT(has_pid(LISTENER0(r), 2600));
    CU_ASSERT(has_pid(LISTENER0(r), 2650));
    CU_ASSERT(has_pid(LISTENER0(r), 2660));
    PF_ASSERT_SIZE_EQ(CHECK0(r)->facts.processes.nelts, 3);
    pf_report_destroy(r);
}

static void
test_holder_and_details(void)
{
    pf_report_t  *r = gather("127.0.0.1:8080");
    pf_check_t   *c = CHECK0(r);
    pf_process_t *p;

    PF_ASSERT_EQ(c->facts.listeners_known, PF_KNOWN_YES);
    PF_ASSERT_SIZE_EQ_FATAL(c->facts.listeners.nelts, 1);
    PF_ASSERT_EQ(LISTENER0(r)->inode, 12345);
    CU_ASSERT(has_pid(LISTENER0(r), 100));
    PF_ASSERT_EQ(LISTENER0(r)->pids_visible, 1);
    p = pf_facts_find_process(&c->facts, 100);
    PF_ASSERT_NOT_NULL_FATAL(p);
    PF_ASSERT_STR(p->name, "nginx");
    PF_ASSERT_STR(p->exe, "/usr/sbin/nginx");
    PF_ASSERT_STR(p->cmdline, "nginx: master process /usr/sbin/nginx");
    PF_ASSERT_STR(p->unit, "nginx.service");
    PF_ASSERT_STR(p->user, "root");
    PF_ASSERT_NULL(p->container);
    PF_ASSERT_EQ(p->ppid, 1);
    PF_ASSERT_EQ(p->uid, 0);
    PF_ASSERT_EQ(p->cap_net_bind_service, 1);
    PF_ASSERT_SIZE_EQ(c->facts.socket_units.nelts, 0);  /* pid 1 not systemd */
    pf_report_destroy(r);
}

static void
test_docker_proxy(void)
{
    pf_report_t    *r = gather("8443");
    pf_check_t     *c = CHECK0(r);
    pf_container_t *ct;

    PF_ASSERT_SIZE_EQ_FATAL(c->facts.containers.nelts, 1);
    ct = &PF_ARRAY_AT(&c->facts.containers, pf_container_t, 0);
    PF_ASSERT_EQ(ct->proxy_pid, 300);
    PF_ASSERT_EQ(ct->host_port, 8443);
    PF_ASSERT_EQ(ct->container_port, 443);
    PF_ASSERT_STR(ct->container_ip, "172.17.0.2");
    PF_ASSERT_STR(ct->host_ip, "127.0.0.1");
    pf_report_destroy(r);
}

/* A process named docker-proxy, not Docker's: an ordinary holder. */
static void
test_docker_proxy_lookalike(void)
{
    pf_report_t  *r = gather("8444");
    pf_check_t   *c = CHECK0(r);
    pf_finding_t *f;
    size_t        i;
    int           noted = 0;

    PF_ASSERT_SIZE_EQ(c->facts.containers.nelts, 0);
    for (i = 0; i < c->facts.notes.nelts; i++) {
        noted |= strstr(PF_ARRAY_AT(&c->facts.notes, const char *, i),
                        "PID 310 runs an executable named docker-proxy, "
                        "but it does not run as root") != NULL;
    }
    CU_ASSERT(noted);
    PF_ASSERT_EQ(pf_diagnose(r->pool, &r->ctx, &r->host, c), PF_OK);
    CU_ASSERT_FATAL(c->findings.nelts >= 1);
    f = &PF_ARRAY_AT(&c->findings, pf_finding_t, 0);
    PF_ASSERT_EQ(f->cause, PF_CAUSE_PROCESS);
    PF_ASSERT_NOT_NULL(strstr(f->summary, "port 8444 is in use by "
                              "docker-proxy (PID 310"));
    pf_report_destroy(r);
}

/* A rootless forwarder, known by its executable (a root-owned system
 * binary), not by its name: advice only. */
static void
test_rootless_forwarder(void)
{
    pf_report_t    *r = gather("8445");
    pf_check_t     *c = CHECK0(r);
    pf_container_t *k;

    PF_ASSERT_SIZE_EQ_FATAL(c->facts.containers.nelts, 1);
    k = &PF_ARRAY_AT(&c->facts.containers, pf_container_t, 0);
    PF_ASSERT_EQ(k->proxy_pid, 320);
    PF_ASSERT_STR(k->forwarder, "pasta");
    PF_ASSERT_EQ(k->rootless, 1);
    PF_ASSERT_EQ(k->uid, 1000);
    PF_ASSERT_EQ(k->host_port, 8445);
    pf_report_destroy(r);

    /* the same name from a file the user owns: an ordinary process */
    r = gather("8446");
    c = CHECK0(r);
    PF_ASSERT_SIZE_EQ(c->facts.containers.nelts, 0);
    PF_ASSERT_SIZE_EQ(c->facts.processes.nelts, 1);
    pf_report_destroy(r);
}

/* The first pass skips root's processes for a uid-33 socket; the second
 * finds the root process it was passed to. */
static void
test_passed_socket(void)
{
    pf_report_t *r = gather("127.0.0.1:7000");

    PF_ASSERT_SIZE_EQ_FATAL(CHECK0(r)->facts.listeners.nelts, 1);
    PF_ASSERT_EQ(LISTENER0(r)->uid, 33);
    CU_ASSERT(has_pid(LISTENER0(r), 400));
    pf_report_destroy(r);
}

static void
test_no_holder(void)
{
    pf_report_t *r = gather("127.0.0.1:9100");

    PF_ASSERT_SIZE_EQ_FATAL(CHECK0(r)->facts.listeners.nelts, 1);
    PF_ASSERT_SIZE_EQ(LISTENER0(r)->pids.nelts, 0);
    PF_ASSERT_EQ(LISTENER0(r)->pids_visible, 0);
    PF_ASSERT_CONTAINS(notes_of(r), "inode 8888");
    pf_report_destroy(r);
}

static void
test_closed_since_probe(void)
{
    pf_report_t *r = gather("127.0.0.1:9999");

    PF_ASSERT_EQ(CHECK0(r)->facts.listeners_known, PF_KNOWN_YES);
    PF_ASSERT_SIZE_EQ(CHECK0(r)->facts.listeners.nelts, 0);
    PF_ASSERT_CONTAINS(notes_of(r), "may have just exited");
    pf_report_destroy(r);
}

/* As an unprivileged user, the root-owned holder cannot be read: the
 * listener says so and the note tells what to do. */
static void
test_unreadable_as_nobody(void)
{
    pid_t pid;
    int   status;

    if (geteuid() != 0) {
        return;                 /* needs root to become someone else */
    }
    pid = fork();
    PF_ASSERT_NE_FATAL(pid, -1);
    if (pid == 0) {
        pf_report_t *r;
        int          ok;

        if (setgid(65534) != 0 || setuid(65534) != 0) {
            _exit(3);
        }
        r = gather("127.0.0.1:8080");
        ok = CHECK0(r)->facts.listeners.nelts == 1
             && has_pid(LISTENER0(r), 100)
             && LISTENER0(r)->pids_visible == 1;
        pf_report_destroy(r);
        /* 500/fd is 0700 root but scanned only while 12345 is unmatched:
         * look for a socket no readable process holds */
        r = gather("127.0.0.1:9100");
        ok = ok && LISTENER0(r)->pids_visible == 0
             && strstr(notes_of(r), "run as root") != NULL;
        if (!ok) {
            fprintf(stderr, "\n  notes: %s\n", notes_of(r));
        }
        pf_report_destroy(r);
        _exit(ok ? 0 : 1);
    }
    PF_ASSERT_EQ(waitpid(pid, &status, 0), pid);
    CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void
test_host_facts(void)
{
    pf_report_t *r = pf_report_create();

    r->ctx.proc_root = root;
    r->ctx.sys_root = sysroot;
    pf_platform_host_facts(r, &r->host);
    PF_ASSERT_STR(r->host.platform, "linux");
    PF_ASSERT_EQ(r->host.euid, (long) geteuid());
    PF_ASSERT_EQ(r->host.unprivileged_port_start, 80);
    PF_ASSERT_EQ(r->host.cap_net_bind_service, 0);
    PF_ASSERT_EQ(r->host.selinux, 1);
    CU_ASSERT(r->host.local_addresses.nelts >= 1);   /* loopback at least */
    CU_ASSERT(r->host.ipv6 == 0 || r->host.ipv6 == 1);
    pf_report_destroy(r);

    /* no selinuxfs: absent */
    r = pf_report_create();
    r->ctx.proc_root = root;
    r->ctx.sys_root = "/nonexistent";
    pf_platform_host_facts(r, &r->host);
    PF_ASSERT_EQ(r->host.selinux, -1);
    pf_report_destroy(r);
}

/* pid 1 is systemd: a socket unit.  systemd is not running here, so the
 * unit comes from the unit files (SYSTEMD_UNIT_PATH, as systemd reads
 * it), and a note says so. */
static void
test_socket_unit(void)
{
    char         units[1100];
    pf_report_t *r;
    pf_check_t  *c;

    snprintf(units, sizeof(units), "%s/units", root);
    setenv("SYSTEMD_UNIT_PATH", units, 1);
    r = gather("8181");
    unsetenv("SYSTEMD_UNIT_PATH");
    c = CHECK0(r);
    PF_ASSERT_SIZE_EQ_FATAL(c->facts.listeners.nelts, 1);
    CU_ASSERT(has_pid(LISTENER0(r), 1));
    PF_ASSERT_SIZE_EQ_FATAL(c->facts.socket_units.nelts, 1);
    PF_ASSERT_STR(PF_ARRAY_AT(&c->facts.socket_units, pf_socket_unit_t,
                              0).unit, "web.socket");
    PF_ASSERT_STR(PF_ARRAY_AT(&c->facts.socket_units, pf_socket_unit_t,
                              0).activates, "web.service");
    PF_ASSERT_STR(PF_ARRAY_AT(&c->facts.socket_units, pf_socket_unit_t,
                              0).listen, "8181");
    /* systemd did not answer (none here): the files, no proof */
    PF_ASSERT_EQ(PF_ARRAY_AT(&c->facts.socket_units, pf_socket_unit_t,
                             0).from_files, 1);
    PF_ASSERT_CONTAINS(notes_of(r), "unit files");
    pf_report_destroy(r);
}

static int
kept(const char *spec, unsigned long a, unsigned long b)
{
    pf_report_t *r = gather(spec);
    pf_array_t  *ls = &CHECK0(r)->facts.listeners;
    int          ok;

    ok = ls->nelts == (b ? 2u : 1u)
         && PF_ARRAY_AT(ls, pf_listener_t, 0).inode == a
         && (!b || PF_ARRAY_AT(ls, pf_listener_t, 1).inode == b);
    if (!ok) {
        fprintf(stderr, "\n  %s: %zu listeners kept\n", spec, ls->nelts);
    }
    pf_report_destroy(r);
    return ok;
}

/* Only the sockets that really block the target are its listeners. */
static void
test_conflicting_only(void)
{
    CU_ASSERT(kept("127.0.0.1:8290", 9002, 0));    /* [::] is dual-stack */
    CU_ASSERT(kept("127.0.0.2:8290", 9001, 9002));
    CU_ASSERT(kept("[::1]:8290", 9002, 0));
    CU_ASSERT(kept("8290", 9001, 9002));
}

static CU_TestInfo proc_tests[] = {
    { "only conflicting listeners are kept", test_conflicting_only },
    { "pid 1 systemd: the socket unit", test_socket_unit },
    { "holder found, its details read", test_holder_and_details },
    { "docker-proxy publishing the port", test_docker_proxy },
    { "a process merely named docker-proxy", test_docker_proxy_lookalike },
    { "rootless forwarder: by its executable", test_rootless_forwarder },
    { "a socket passed to another user", test_passed_socket },
    { "a socket nobody visible holds", test_no_holder },
    { "the listener closed since the probe", test_closed_since_probe },
    { "unreadable holders as nobody", test_unreadable_as_nobody },
    { "host facts from fake roots", test_host_facts },
    { "a busy host: the answer of a scan in PID order", test_busy_host_answer },
    { "a busy host: the first holder's family named", test_busy_host_family },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "fake /proc", build_tree, remove_tree, NULL, NULL, proc_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
