/*
 * libsystemd opened on first use (core/src/unix/pf_linux_sdbus.c): not
 * loaded before it is asked for, then a complete table (or NULL where
 * the library is missing), and where systemd's bus does not answer, the
 * socket-unit and remedy paths fall back as they did when linked.
 */
#define _GNU_SOURCE                /* unshare() */
#include <dlfcn.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "pf_test.h"
#include "unix/pf_linux.h"
#include "unix/pf_linux_sdbus.h"
#include "unix/pf_unix_remedy.h"

#define SONAME  "libsystemd.so.0"

static char units_dir[] = "/tmp/pf-test-sdbus-XXXXXX";

/* The test program links the core: linking it must not load libsystemd. */
static void
test_not_loaded_at_start(void)
{
    PF_ASSERT_NULL(dlopen(SONAME, RTLD_NOW | RTLD_NOLOAD));
}

static void
test_table(void)
{
    const pf_sdbus_t *t = pf_sdbus_get();
    void             *lib;

    PF_ASSERT_PTR_EQ(pf_sdbus_get(), t);      /* once, then cached */
    lib = dlopen(SONAME, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        PF_ASSERT_NULL(t);                   /* no libsystemd here */
        return;
    }
    PF_ASSERT_NOT_NULL_FATAL(t);
    PF_ASSERT_NOT_NULL(t->open_system);
    PF_ASSERT_NOT_NULL(t->flush_close_unref);
    PF_ASSERT_NOT_NULL(t->set_method_call_timeout);
    PF_ASSERT_NOT_NULL(t->call_method);
    PF_ASSERT_NOT_NULL(t->get_property);
    PF_ASSERT_NOT_NULL(t->get_property_string);
    PF_ASSERT_NOT_NULL(t->get_property_strv);
    PF_ASSERT_NOT_NULL(t->message_enter_container);
    PF_ASSERT_NOT_NULL(t->message_read);
    PF_ASSERT_NOT_NULL(t->message_unref);
    PF_ASSERT_NOT_NULL(t->error_free);
    PF_ASSERT_NOT_NULL(t->error_is_set);
    /* the very functions of the library, not look-alikes */
    PF_ASSERT_PTR_EQ(*(void **) &t->open_system,
                     dlsym(lib, "sd_bus_open_system"));
    PF_ASSERT_PTR_EQ(*(void **) &t->message_read,
                     dlsym(lib, "sd_bus_message_read"));
}

/* No system bus (the address names no socket): open fails cleanly, and
 * the remedies' executor is told to use systemctl. */
static void
test_no_bus(void)
{
    const pf_sdbus_t *t = pf_sdbus_get();
    sd_bus           *bus = NULL;
    sd_bus_error      e = SD_BUS_ERROR_NULL;

    if (t == NULL) {
        PF_ASSERT_EQ(pf_sdbus_available(), 0);
        return;
    }
    CU_ASSERT(t->open_system(&bus) < 0);
    PF_ASSERT_NULL(t->flush_close_unref(bus));
    PF_ASSERT_EQ(t->error_is_set(&e), 0);
    t->error_free(&e);
    PF_ASSERT_EQ(pf_sdbus_available(), 0);
}

static int
write_unit(void)
{
    char  path[128];
    FILE *f;

    if (mkdtemp(units_dir) == NULL) {
        return -1;
    }
    snprintf(path, sizeof(path), "%s/web.socket", units_dir);
    f = fopen(path, "w");
    if (f == NULL) {
        return -1;
    }
    fputs("[Socket]\nListenStream=8181\n", f);
    return fclose(f);
}

/* pf_linux_socket_units() on port 8181: "unit|listen|note" into buf. */
static void
socket_units(char *buf, size_t len)
{
    pf_pool_t  *pool = pf_pool_create();
    pf_array_t  units, notes;

    buf[0] = '\0';
    if (pool == NULL
        || pf_array_init(&units, pool, 4, sizeof(pf_socket_unit_t)) != PF_OK
        || pf_array_init(&notes, pool, 4, sizeof(char *)) != PF_OK)
    {
        return;
    }
    pf_linux_socket_units(pool, PF_PROTO_TCP, 8181, &units, &notes);
    snprintf(buf, len, "%s|%s|%s",
             units.nelts ? PF_ARRAY_AT(&units, pf_socket_unit_t, 0).unit
                         : "-",
             units.nelts ? PF_ARRAY_AT(&units, pf_socket_unit_t, 0).listen
                         : "-",
             notes.nelts ? PF_ARRAY_AT(&notes, char *, 0) : "-");
    pf_pool_destroy(pool);
}

/* systemd not running (this machine): unit files, as before. */
static void
test_units_no_systemd(void)
{
    char buf[512];

    if (access("/run/systemd/system", F_OK) == 0) {
        fprintf(stderr, "\n  systemd runs here: skipped\n");
        return;
    }
    socket_units(buf, sizeof(buf));
    PF_ASSERT_STR(buf, "web.socket|8181|systemd is not running here: "
                  "socket units read from unit files");
}

/* In a child: its own mount namespace and an empty /run where systemd
 * seems to run (/run/systemd/system) and no bus socket is, whatever the
 * machine has.  Exits 77 (skip) where that cannot be done. */
static void
private_run(void)
{
    if (unshare(CLONE_NEWNS) != 0
        || mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) != 0
        || mount("pf-test", "/run", "tmpfs", 0, NULL) != 0
        || mkdir("/run/systemd", 0755) != 0
        || mkdir("/run/systemd/system", 0755) != 0)
    {
        _exit(77);
    }
}

/* In a child, in its own mount namespace: /run/systemd/system exists
 * (systemd "runs"), but neither sd-bus nor systemctl answer. */
static void
units_child(int fd)
{
    char buf[512];

    private_run();
    socket_units(buf, sizeof(buf));
    if (write(fd, buf, strlen(buf)) < 0) {
        _exit(1);
    }
    _exit(0);
}

/* A dbus-daemon of the test's own, listening on addr_path; its pid. */
static pid_t
start_bus(const char *addr_path)
{
    char   conf[128], arg[160];
    FILE  *f;
    pid_t  pid;
    int    i;

    snprintf(conf, sizeof(conf), "%s/bus.conf", units_dir);
    f = fopen(conf, "w");
    if (f == NULL) {
        return -1;
    }
    fprintf(f, "<busconfig><type>system</type>"
            "<listen>unix:path=%s</listen><auth>EXTERNAL</auth>"
            "<policy context=\"default\">"
            "<allow send_destination=\"*\" eavesdrop=\"true\"/>"
            "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy>"
            "</busconfig>\n", addr_path);
    fclose(f);
    snprintf(arg, sizeof(arg), "--config-file=%s", conf);
    pid = fork();
    if (pid == 0) {
        /* its complaints (fd limit) are not the test's */
        if (freopen("/dev/null", "w", stderr) == NULL) {
            _exit(127);
        }
        execlp("dbus-daemon", "dbus-daemon", arg, "--nofork", "--nopidfile",
               (char *) NULL);
        _exit(127);
    }
    for (i = 0; pid > 0 && i < 200 && access(addr_path, F_OK) != 0; i++) {
        usleep(10000);
    }
    return pid;
}

/* A bus that answers, where systemd1 does not, as the system bus of a
 * child in its own mount namespace.  The calls go through the table to
 * a real bus; the bus's errors come back (the remedy's message) and the
 * socket units still come from the unit files. */
static void
bus_child(int fd)
{
    char        buf[1024], unit[512], msg[256];
    pf_pool_t  *pool = pf_pool_create();
    pf_error_t  err;
    const char *active = NULL, *file = NULL;
    pid_t       bus;
    int         avail, rc;

    private_run();
    bus = start_bus("/run/pf-test-bus");
    if (bus <= 0 || access("/run/pf-test-bus", F_OK) != 0) {
        if (bus > 0) {
            kill(bus, SIGTERM);
            waitpid(bus, NULL, 0);
        }
        _exit(77);
    }
    setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/run/pf-test-bus", 1);
    avail = pf_sdbus_available();
    socket_units(unit, sizeof(unit));
    memset(&err, 0, sizeof(err));
    rc = pf_sdbus_unit_query(pool, "web.service", &active, &file, &err);
    snprintf(buf, sizeof(buf), "%d|%d|%s|%s", avail, rc, unit,
             pf_error_format(&err, msg, sizeof(msg)));
    kill(bus, SIGTERM);
    waitpid(bus, NULL, 0);
    if (write(fd, buf, strlen(buf)) < 0) {
        _exit(1);
    }
    _exit(0);
}

/* Run child(fd) in a child process; its report into buf, or 0 (skip). */
static int
in_child(void (*child)(int), char *buf, size_t len)
{
    int     fds[2], status;
    pid_t   pid;
    ssize_t n;

    if (pipe(fds) != 0 || (pid = fork()) == -1) {
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        child(fds[1]);
    }
    close(fds[1]);
    n = read(fds[0], buf, len - 1);
    close(fds[0]);
    if (waitpid(pid, &status, 0) != pid) {
        return -1;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 77) {
        return 0;
    }
    buf[n > 0 ? n : 0] = '\0';
    return n > 0 ? 1 : -1;
}

static void
test_units_bus_silent(void)
{
    char buf[512];
    int  r;

    r = in_child(units_child, buf, sizeof(buf));
    if (r == 0) {
        fprintf(stderr, "\n  no mount namespace (not root?): skipped\n");
        return;
    }
    PF_ASSERT_EQ_FATAL(r, 1);
    PF_ASSERT_STR(buf, "web.socket|8181|systemd did not answer (sd-bus, "
                  "systemctl list-sockets): socket units read from unit "
                  "files");
}

static void
test_bus_without_systemd(void)
{
    char buf[1024];
    int  r;

    if (pf_sdbus_get() == NULL || access("/usr/bin/dbus-daemon", X_OK) != 0) {
        fprintf(stderr, "\n  no libsystemd or dbus-daemon: skipped\n");
        return;
    }
    r = in_child(bus_child, buf, sizeof(buf));
    if (r == 0) {
        fprintf(stderr, "\n  no mount namespace or bus: skipped\n");
        return;
    }
    PF_ASSERT_EQ_FATAL(r, 1);
    /* the bus answers, so the executor uses it; systemd1 is not there */
    PF_ASSERT_CONTAINS(buf, "1|-1|web.socket|8181|systemd did not answer "
                       "(sd-bus, systemctl list-sockets)");
    PF_ASSERT_CONTAINS(buf, "|LoadUnit web.service: ");
    PF_ASSERT_CONTAINS(buf, "org.freedesktop.systemd1");
}

static int
setup(void)
{
    /* whatever this machine has, no system bus for these tests */
    setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/bus", 1);
    if (write_unit() != 0) {
        return 1;
    }
    setenv("SYSTEMD_UNIT_PATH", units_dir, 1);
    return 0;
}

static int
teardown(void)
{
    char path[128];

    snprintf(path, sizeof(path), "%s/web.socket", units_dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/bus.conf", units_dir);
    unlink(path);
    rmdir(units_dir);
    return 0;
}

static CU_TestInfo sdbus_tests[] = {
    { "libsystemd not loaded before use", test_not_loaded_at_start },
    { "table complete, or NULL", test_table },
    { "no system bus: open fails, remedies use systemctl", test_no_bus },
    { "no systemd: unit files", test_units_no_systemd },
    { "systemd silent: unit files", test_units_bus_silent },
    { "a bus without systemd1: its errors, unit files",
      test_bus_without_systemd },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "sdbus", setup, teardown, NULL, NULL, sdbus_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
