/*
 * Issue 23: no false alarm when a holder leaves around the check.  Real
 * processes of the test's own hold a loopback port and exit (or not) at
 * the moment that matters:
 *   - the holder exits between the probe and the facts: probed again,
 *     the port is free, and that is no conflict;
 *   - a child of this process (a worker of the cycle before a reload) or
 *     a process running this server's executable with this configuration
 *     holds it: "this server, still shutting down", never a conflict;
 *   - pf_report_wait() waits for a holder that exits, and says for whom.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "pf_test.h"
#include "pf_linux.h"

#define PF_HOLDER  "tests/integration/pf-hold-port"

typedef struct {
    pid_t     pid;
    unsigned  port;
} holder_t;

/* A loopback listening socket on a port the kernel picks. */
static int
listen_any(unsigned *port)
{
    struct sockaddr_in sin;
    socklen_t          len = sizeof(sin);
    int                fd = socket(AF_INET, SOCK_STREAM, 0);

    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd == -1 || bind(fd, (struct sockaddr *) &sin, len) != 0
        || listen(fd, 4) != 0
        || getsockname(fd, (struct sockaddr *) &sin, &len) != 0)
    {
        return -1;
    }
    *port = ntohs(sin.sin_port);
    return fd;
}

/* A child that holds a port until killed, or for `ms` then exits. */
static int
hold_in_child(holder_t *h, unsigned ms)
{
    int  p[2], fd;
    char c;

    if (pipe(p) != 0) {
        return -1;
    }
    h->pid = fork();
    if (h->pid == 0) {
        fd = listen_any(&h->port);
        if (write(p[1], &h->port, sizeof(h->port)) < 0 || fd < 0) {
            _exit(1);
        }
        if (ms > 0) {
            usleep(ms * 1000);
            _exit(0);
        }
        for (;;) {
            pause();
        }
    }
    close(p[1]);
    c = read(p[0], &h->port, sizeof(h->port)) == sizeof(h->port);
    close(p[0]);
    return h->pid > 0 && c ? 0 : -1;
}

/* pf-hold-port with extra arguments (it ignores them): a process whose
 * executable and command line are known. */
static int
hold_exec(holder_t *h, const char *extra)
{
    int  p[2], fd;
    char port[16], buf[8];

    fd = listen_any(&h->port);       /* a free port to give it */
    if (fd < 0 || pipe(p) != 0) {
        return -1;
    }
    close(fd);
    snprintf(port, sizeof(port), "%u", h->port);
    h->pid = fork();
    if (h->pid == 0) {
        dup2(p[1], 1);
        execl(PF_HOLDER, PF_HOLDER, "127.0.0.1", port, "x", "-c", extra,
              (char *) NULL);
        _exit(127);
    }
    close(p[1]);
    fd = (int) read(p[0], buf, sizeof(buf));
    close(p[0]);
    return fd >= 5 && memcmp(buf, "ready", 5) == 0 ? 0 : -1;
}

static void
reap(holder_t *h)
{
    if (h->pid > 0) {
        kill(h->pid, SIGKILL);
        waitpid(h->pid, NULL, 0);
        h->pid = 0;
    }
}

static pf_report_t *
report_for(unsigned port)
{
    pf_report_t *r = pf_report_create();
    pf_array_t   ts;
    pf_error_t   err;
    char         spec[32];

    memset(&err, 0, sizeof(err));
    snprintf(spec, sizeof(spec), "127.0.0.1:%u", port);
    if (r == NULL || pf_array_init(&ts, r->pool, 1, sizeof(pf_target_t))
                     != PF_OK
        || pf_target_parse(r->pool, spec, "test", &ts, &err) != PF_OK
        || pf_report_add_targets(r, &ts) != PF_OK)
    {
        pf_report_destroy(r);
        return NULL;
    }
    return r;
}

static const pf_check_t *
first(const pf_report_t *r)
{
    return &PF_ARRAY_AT(&r->checks, pf_check_t, 0);
}

static const char *
summary(const pf_report_t *r)
{
    const pf_check_t *c = first(r);

    return c->findings.nelts > 0
           ? PF_ARRAY_AT(&c->findings, pf_finding_t, 0).summary : "";
}

/* The holder exits after the probe and before the facts: the old code
 * said "in use, but who holds it could not be found", at error level. */
static void
test_holder_gone_before_facts(void)
{
    holder_t     h = { 0, 0 };
    pf_report_t *r;

    PF_ASSERT_EQ_FATAL(hold_in_child(&h, 0), 0);
    r = report_for(h.port);
    PF_ASSERT_NOT_NULL_FATAL(r);
    pf_report_probe(r);
    PF_ASSERT_EQ(first(r)->probe.status, PF_STATUS_IN_USE);
    reap(&h);                        /* it exits, as an old worker does */
    pf_report_explain(r);
    CU_ASSERT_FALSE(pf_report_has_conflict(r));
    PF_ASSERT_SIZE_EQ(first(r)->findings.nelts, 0);
    PF_ASSERT_EQ(first(r)->probe.status, PF_STATUS_FREE);
    PF_ASSERT_EQ(pf_check_verdict(first(r)), PF_VERDICT_RELEASED);
    pf_report_destroy(r);
}

/* A holder still there is still a conflict: the second probe changes
 * nothing when the port is really taken. */
static void
test_holder_still_there(void)
{
    holder_t     h = { 0, 0 };
    pf_report_t *r;

    PF_ASSERT_EQ_FATAL(hold_in_child(&h, 0), 0);
    r = report_for(h.port);
    PF_ASSERT_NOT_NULL_FATAL(r);
    pf_report_run(r);
    CU_ASSERT_TRUE(pf_report_has_conflict(r));
    PF_ASSERT_EQ(pf_check_verdict(first(r)), PF_VERDICT_CONFLICT);
    CU_ASSERT_FALSE(first(r)->released);
    reap(&h);
    pf_report_destroy(r);
}

/* A child of this process holds it: this process is the server, and the
 * child a worker of its cycle before the reload. */
static void
test_child_is_old_generation(void)
{
    holder_t     h = { 0, 0 };
    pf_report_t *r;

    PF_ASSERT_EQ_FATAL(hold_in_child(&h, 0), 0);
    r = report_for(h.port);
    PF_ASSERT_NOT_NULL_FATAL(r);
    r->ctx.own_pid = (long) getpid();
    pf_report_add_self_pid(r, (long) getpid());
    pf_report_run(r);
    CU_ASSERT_FALSE(pf_report_has_conflict(r));
    PF_ASSERT_CONTAINS(summary(r), "still shutting down");
    PF_ASSERT_EQ(pf_check_verdict(first(r)), PF_VERDICT_SELF_EXITING);
    reap(&h);
    pf_report_destroy(r);
}

/* The running server (named by its pid file) holds it: "this server",
 * not one that is leaving. */
static void
test_running_server_is_not_exiting(void)
{
    holder_t     h = { 0, 0 };
    pf_report_t *r;

    PF_ASSERT_EQ_FATAL(hold_in_child(&h, 0), 0);
    r = report_for(h.port);
    PF_ASSERT_NOT_NULL_FATAL(r);
    pf_report_add_self_pid(r, (long) h.pid);
    pf_report_run(r);
    CU_ASSERT_FALSE(pf_report_has_conflict(r));
    PF_ASSERT_EQ(pf_check_verdict(first(r)), PF_VERDICT_SELF);
    reap(&h);
    pf_report_destroy(r);
}

/* No pid file names it, but it runs this server's executable with this
 * configuration: what is left of a server stopped just before. */
static void
test_same_exe_and_conf_is_old_generation(void)
{
    holder_t     h = { 0, 0 };
    pf_report_t *r;
    char         exe[PATH_MAX];
    const char  *conf = "/tmp/pf-test-churn.conf";

    PF_ASSERT_NOT_NULL_FATAL(realpath(PF_HOLDER, exe));
    PF_ASSERT_EQ_FATAL(hold_exec(&h, conf), 0);
    r = report_for(h.port);
    PF_ASSERT_NOT_NULL_FATAL(r);
    r->ctx.server_exe = exe;
    r->ctx.server_conf = conf;
    pf_report_run(r);
    CU_ASSERT_FALSE(pf_report_has_conflict(r));
    PF_ASSERT_EQ(pf_check_verdict(first(r)), PF_VERDICT_SELF_EXITING);
    pf_report_destroy(r);

    /* another configuration is another server: a conflict */
    r = report_for(h.port);
    PF_ASSERT_NOT_NULL_FATAL(r);
    r->ctx.server_exe = exe;
    r->ctx.server_conf = "/tmp/pf-test-churn.conf.other";
    pf_report_run(r);
    CU_ASSERT_TRUE(pf_report_has_conflict(r));
    reap(&h);
    pf_report_destroy(r);
}

/* The grace of --wait: a holder that leaves after 300 ms is waited for,
 * and named. */
static void
test_wait_for_exiting_holder(void)
{
    holder_t     h = { 0, 0 };
    pf_report_t *r;
    pf_buf_t     b;
    char         want[64];

    PF_ASSERT_EQ_FATAL(hold_in_child(&h, 300), 0);
    r = report_for(h.port);
    PF_ASSERT_NOT_NULL_FATAL(r);
    pf_report_run(r);
    CU_ASSERT_TRUE(pf_report_has_conflict(r));
    PF_ASSERT_EQ(pf_report_wait(r, 5000), 0);
    CU_ASSERT_FALSE(pf_report_has_conflict(r));
    CU_ASSERT(first(r)->waited_ms > 0 && first(r)->waited_ms < 5000);
    pf_buf_init(&b);
    pf_render_wait_text(r, "", &b);
    snprintf(want, sizeof(want), "held by PID %ld", (long) h.pid);
    PF_ASSERT_CONTAINS(b.data, want);
    PF_ASSERT_CONTAINS(b.data, "to be released\n");
    pf_buf_free(&b);
    waitpid(h.pid, NULL, 0);
    pf_report_destroy(r);
}

/* A holder that stays: the wait ends on time, and it is still a
 * conflict, explained as it is now. */
static void
test_wait_times_out(void)
{
    holder_t     h = { 0, 0 };
    pf_report_t *r;

    PF_ASSERT_EQ_FATAL(hold_in_child(&h, 0), 0);
    r = report_for(h.port);
    PF_ASSERT_NOT_NULL_FATAL(r);
    pf_report_run(r);
    PF_ASSERT_EQ(pf_report_wait(r, 200), 1);
    CU_ASSERT_TRUE(pf_report_has_conflict(r));
    CU_ASSERT(first(r)->waited_ms >= 200);
    PF_ASSERT_CONTAINS(summary(r), "is in use by");
    reap(&h);
    pf_report_destroy(r);
}

/* The NSpid line of /proc/PID/status (format of the kernel's
 * Documentation/filesystems/proc.rst; the values are a hand-written
 * example): the last number is the PID in the innermost namespace. */
static void
test_nspid(void)
{
    PF_ASSERT_EQ(pf_linux_status_nspid("Name:\tpython3\nNSpid:\t28649\t1\n"
                                      "NSpgid:\t28649\t1\n"), 1);
    PF_ASSERT_EQ(pf_linux_status_nspid("NSpid:\t4121\n"), 0);
    PF_ASSERT_EQ(pf_linux_status_nspid("NSpid:\t900\t30\t7\n"), 7);
    PF_ASSERT_EQ(pf_linux_status_nspid("Name:\tx\n"), 0);
    PF_ASSERT_EQ(pf_linux_status_nspid(NULL), 0);
}

static CU_TestInfo churn_tests[] = {
    { "holder gone before the facts", test_holder_gone_before_facts },
    { "holder still there", test_holder_still_there },
    { "child of this server: old generation", test_child_is_old_generation },
    { "running server: not exiting", test_running_server_is_not_exiting },
    { "same exe and configuration: old generation",
      test_same_exe_and_conf_is_old_generation },
    { "wait for an exiting holder", test_wait_for_exiting_holder },
    { "wait times out", test_wait_times_out },
    { "NSpid", test_nspid },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "churn", NULL, NULL, NULL, NULL, churn_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
