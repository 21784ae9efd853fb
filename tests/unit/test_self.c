/*
 * Who "this server" is (preflight.h, "Who am I"): pid files, processes,
 * executables and the command line, on Linux and (the .exe under Wine)
 * Windows.  The pid files are hand-written here, in the form httpd and
 * nginx write them (httpd's server/log.c, ap_log_pid(): "%" APR_PID_T_FMT
 * APR_EOL_STR; nginx's src/core/ngx_cycle.c, ngx_create_pidfile():
 * "%P%N"; the newline "\r\n" on Windows), and broken in the ways a
 * half-written or a wrong file is.
 *
 * The cases about another live process need one that runs this same
 * executable (a process started from Unix under Wine has no Windows
 * parent at all): the program starts itself with PF_TEST_SELF_CHILD set,
 * and that child answers through its exit code (pf_test_self_child)
 * instead of running the suites.
 */
#include "pf_test.h"

/* one word with a space and letters no single code page has (UTF-8:
 * pf_run_start() on Windows passes them through the wide API), one with a
 * quote and a backslash (the rules of CommandLineToArgvW) */
#define PF_TEST_SELF_ARG1   "Jos\xc3\xa9 \xd0\xa1\xd0\xb5\xd1\x80\xd0\xb2\xd0\xb5\xd1\x80 \xe6\x9c\x8d"
#define PF_TEST_SELF_ARG2   "x\\\"y\\"
/* pid_max is at most 2^22 on Linux; Windows pids are multiples of 4 */
#define PF_TEST_SELF_NOPID  2147483647L

static char pf_test_self_file[64];

/* A pid file in the current directory holding text (len bytes). */
static const char *
pf_test_self_write(const char *text, size_t len)
{
    FILE *f;

    snprintf(pf_test_self_file, sizeof(pf_test_self_file),
             "test_self-%ld.pid", pf_self_pid());
    f = fopen(pf_test_self_file, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL_FATAL(fwrite(text, 1, len, f), len);
    fclose(f);
    return pf_test_self_file;
}

static int
pf_test_self_read(const char *text, long *pid, pf_error_t *err)
{
    const char *path = pf_test_self_write(text, strlen(text));
    int         rc;

    memset(err, 0, sizeof(*err));
    rc = pf_self_pid_file(path, strlen(path), pid, err);
    remove(path);
    return rc;
}

static void
test_parse_written(void)
{
    pf_error_t err;
    long       pid = 0;

    /* ap_log_pid() and ngx_create_pidfile() on Unix, and on Windows */
    PF_ASSERT_EQ(pf_test_self_read("4242\n", &pid, &err), PF_OK);
    PF_ASSERT_EQ(pid, 4242);
    PF_ASSERT_EQ(pf_test_self_read("17\r\n", &pid, &err), PF_OK);
    PF_ASSERT_EQ(pid, 17);
    PF_ASSERT_EQ(pf_test_self_read("2147483647", &pid, &err), PF_OK);
    PF_ASSERT_EQ(pid, 2147483647L);
}

static void
pf_test_self_bad(const char *text, size_t len, const char *message)
{
    pf_error_t err;
    long       pid = -5;

    memset(&err, 0, sizeof(err));
    PF_ASSERT_EQ(pf_self_pid_parse("x.pid", text, len, &pid, &err),
                 PF_ERROR);
    PF_ASSERT_STR(err.message, message);
    PF_ASSERT_STR(err.file, "x.pid");
    PF_ASSERT_EQ(pid, -5);
}

static void
test_parse_strict(void)
{
    pf_test_self_bad("", 0, "empty: expected a process id");
    pf_test_self_bad(" 12\n", 4, "expected a process id (decimal digits), "
                     "found ' '");
    pf_test_self_bad("-12\n", 4, "expected a process id (decimal digits), "
                     "found '-'");
    pf_test_self_bad("12x\n", 4, "expected only a newline after the "
                     "process id, found 'x'");
    pf_test_self_bad("12\n34\n", 6, "expected only a newline after the "
                     "process id, found '3'");
    pf_test_self_bad("12\0", 3, "expected only a newline after the "
                     "process id, found byte 0x00");
    pf_test_self_bad("\x1b[2J", 4, "expected a process id (decimal "
                     "digits), found byte 0x1b");
    pf_test_self_bad("0\n", 2, "process id 0 names no process");
    pf_test_self_bad("2147483648\n", 11, "the process id is too large");
    pf_test_self_bad("99999999999999999999999\n", 24,
                     "the process id is too large");
}

static void
test_file_errors(void)
{
    char       big[PF_SELF_PID_FILE_MAX + 2];
    pf_error_t err;
    long       pid = -5;

    memset(&err, 0, sizeof(err));
    PF_ASSERT_EQ(pf_self_pid_file("no-such-dir/x.pid", 17, &pid, &err),
                 PF_ERROR);
    PF_ASSERT_STR(err.file, "no-such-dir/x.pid");
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "failed: "));
    PF_ASSERT_EQ(pid, -5);

    /* a directory is no pid file */
    PF_ASSERT_EQ(pf_self_pid_file(".", 1, &pid, &err), PF_ERROR);
    PF_ASSERT_STR(err.message, "not a regular file");

    /* only len bytes of the path count (nginx's strings) */
    PF_ASSERT_EQ(pf_self_pid_file("..", 1, &pid, &err), PF_ERROR);
    PF_ASSERT_STR(err.file, ".");
    /* ... and a NUL ends them (nginx's oldpid counts its own) */
    PF_ASSERT_EQ(pf_self_pid_file(".\0/x", 4, &pid, &err), PF_ERROR);
    PF_ASSERT_STR(err.file, ".");
    PF_ASSERT_STR(err.message, "not a regular file");

    /* bounded: one byte more than a pid file holds */
    memset(big, ' ', sizeof(big));
    big[0] = '7';
    big[sizeof(big) - 1] = '\0';
    PF_ASSERT_EQ(pf_test_self_read(big, &pid, &err), PF_ERROR);
    PF_ASSERT_STR(err.message, "larger than 32 bytes");
    big[sizeof(big) - 2] = '\0';
    PF_ASSERT_EQ(pf_test_self_read(big, &pid, &err), PF_OK);
    PF_ASSERT_EQ(pid, 7);

    PF_ASSERT_EQ(pf_self_pid_file(NULL, 0, &pid, &err), PF_ERROR);
}

/* A fifo would block a plain open() until a writer came: the start of
 * the server with it.  Where one can be made (not under Wine). */
static void
test_file_fifo(void)
{
    char       path[64], cmd[128];
    pf_error_t err;
    long       pid = -5;

    snprintf(path, sizeof(path), "test_self-%ld.fifo", pf_self_pid());
    snprintf(cmd, sizeof(cmd), "mkfifo %s 2>/dev/null", path);
    if (system(cmd) != 0) {
        return;
    }
    memset(&err, 0, sizeof(err));
    PF_ASSERT_EQ(pf_self_pid_file(path, strlen(path), &pid, &err), PF_ERROR);
    PF_ASSERT_STR(err.message, "not a regular file");
    PF_ASSERT_EQ(pf_self_running(path, strlen(path)), 0);
    remove(path);
}

static long
pf_test_self_running(long pid)
{
    char        text[32];
    const char *path;
    long        running;

    snprintf(text, sizeof(text), "%ld\n", pid);
    path = pf_test_self_write(text, strlen(text));
    running = pf_self_running(path, strlen(path));
    remove(path);
    return running;
}

static void
test_running(void)
{
    PF_ASSERT_EQ(pf_self_alive(pf_self_pid()), 1);
    PF_ASSERT_EQ(pf_self_alive(PF_TEST_SELF_NOPID), 0);
    PF_ASSERT_EQ(pf_self_alive(0), 0);
    PF_ASSERT_EQ(pf_self_alive(-1), 0);
    /* a pid file naming this process is stale */
    PF_ASSERT_EQ(pf_test_self_running(pf_self_pid()), 0);
    PF_ASSERT_EQ(pf_test_self_running(PF_TEST_SELF_NOPID), 0);
    PF_ASSERT_EQ(pf_self_running("no-such.pid", 11), 0);
}

static void
test_same_exe(void)
{
    PF_ASSERT_EQ(pf_self_same_exe(pf_self_pid()), 1);
    PF_ASSERT_EQ(pf_self_same_exe(PF_TEST_SELF_NOPID), -1);
    PF_ASSERT_EQ(pf_self_same_exe(0), -1);
    /* make or a shell, when there is a parent: not this program */
    PF_ASSERT_NE(pf_self_same_exe(pf_self_parent()), 1);
}

/* The words of this process's command line, as an array. */
static size_t
pf_test_self_words(char *buf, size_t size, const char **words, size_t max)
{
    size_t n = pf_self_cmdline(buf, size), i = 0;
    char  *w;

    for (w = buf; w < buf + n && i < max; w += strlen(w) + 1) {
        words[i++] = w;
    }
    return i;
}

static void
test_cmdline(void)
{
    char        buf[4096];
    const char *words[4];
    size_t      first;

    CU_ASSERT_FATAL(pf_test_self_words(buf, sizeof(buf), words, 4) >= 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(words[0], "test_self"));
    first = strlen(words[0]) + 1;
    /* a word that does not fit is left out, never cut */
    PF_ASSERT_SIZE_EQ(pf_self_cmdline(buf, first - 1), 0);
    PF_ASSERT_SIZE_EQ(pf_self_cmdline(buf, 0), 0);
    /* one that just fits is kept */
    PF_ASSERT_SIZE_EQ(pf_self_cmdline(buf, first), first);
}

/* A short option's value, as httpd's getopt takes it (-f, -k). */
static void
test_option(void)
{
    static const char words[] = "httpd\0-k\0stop\0-fa.conf\0-D\0X\0"
                                "-f\0b.conf\0-k";
    size_t len = sizeof(words);

    PF_ASSERT_STR(pf_self_option(words, len, 'D'), "X");
    /* the last one */
    PF_ASSERT_STR(pf_self_option(words, len, 'f'), "b.conf");
    /* "-k" last, with no word after it */
    CU_ASSERT_PTR_NULL(pf_self_option(words, len, 'k'));
    PF_ASSERT_STR(pf_self_option(words, 14, 'k'), "stop");
    PF_ASSERT_STR(pf_self_option(words, 23, 'f'), "a.conf");
    CU_ASSERT_PTR_NULL(pf_self_option(words, len, 'd'));
    CU_ASSERT_PTR_NULL(pf_self_option(NULL, 0, 'f'));
}

/* Exit code of the child: 64 plus a bit for each answer right about its
 * parent (this program), which wrote pid_file naming itself. */
#define PF_TEST_SELF_SAME_EXE   1
#define PF_TEST_SELF_CMDLINE    2
#define PF_TEST_SELF_ALIVE      4
#define PF_TEST_SELF_RUNNING    8
#define PF_TEST_SELF_ADDED      16
#define PF_TEST_SELF_ALL        31

/* Which of this process and its parent pf_self_add() counts: bit 1
 * this one, bit 2 the parent; 4: some other process. */
static int
pf_test_self_added(long parent, int if_same_exe, const char *pid_file)
{
    pf_report_t *r = pf_report_create();
    pf_self_t    self;
    size_t       i;
    int          seen = 0;

    memset(&self, 0, sizeof(self));
    self.parent_if_same_exe = if_same_exe;
    self.pid_file = pid_file;
    if (r == NULL || pf_self_add(r, &self) != PF_OK) {
        seen = 4;
    }
    for (i = 0; r != NULL && i < r->ctx.self_pids.nelts; i++) {
        long pid = PF_ARRAY_AT(&r->ctx.self_pids, long, i);

        seen |= pid == pf_self_pid() ? 1 : pid == parent ? 2 : 4;
    }
    pf_report_destroy(r);
    return seen;
}

/* The parent counts when it runs this executable (httpd's rule), or
 * when the pid file names it; else not. */
static int
pf_test_self_child_add(long parent, const char *pid_file)
{
    return pf_test_self_added(parent, 1, NULL) == 3
           && pf_test_self_added(parent, 0, pid_file) == 3
           && pf_test_self_added(parent, 0, NULL) == 1;
}

static int
pf_test_self_child(void)
{
    char        buf[4096];
    const char *words[5];
    long        parent = pf_self_parent();
    int         code = 64;

    if (pf_test_self_words(buf, sizeof(buf), words, 5) != 4
        || strcmp(words[1], PF_TEST_SELF_ARG1) != 0
        || strcmp(words[2], PF_TEST_SELF_ARG2) != 0)
    {
        return code;
    }
    code |= PF_TEST_SELF_CMDLINE;
    code |= pf_self_same_exe(parent) == 1 ? PF_TEST_SELF_SAME_EXE : 0;
    code |= pf_self_alive(parent) == 1 ? PF_TEST_SELF_ALIVE : 0;
    code |= pf_self_running(words[3], strlen(words[3])) == parent
            ? PF_TEST_SELF_RUNNING : 0;
    code |= pf_test_self_child_add(parent, words[3]) ? PF_TEST_SELF_ADDED : 0;
    return code;
}

static void
test_child(void)
{
    pf_pool_t  *pool = pf_pool_create();
    pf_child_t *child;
    pf_error_t  err;
    char       *argv[5], text[32];
    double      seconds;
    int         status = -1;

    CU_ASSERT_PTR_NOT_NULL_FATAL(pool);
    argv[0] = (char *) pf_host_server_exe(pool, PF_SERVER_ANY, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(argv[0]);
    argv[1] = PF_TEST_SELF_ARG1;
    argv[2] = PF_TEST_SELF_ARG2;
    snprintf(text, sizeof(text), "%ld\n", pf_self_pid());
    argv[3] = pf_pstrdup(pool, pf_test_self_write(text, strlen(text)));
    argv[4] = NULL;
    pf_test_setenv("PF_TEST_SELF_CHILD", "1");
    PF_ASSERT_EQ_FATAL(pf_run_start(pool, argv, &child, &err), PF_OK);
    pf_test_unsetenv("PF_TEST_SELF_CHILD");
    PF_ASSERT_EQ(pf_run_wait(child, &status, &seconds, &err), PF_OK);
    remove(argv[3]);
    PF_ASSERT_EQ(status, 64 | PF_TEST_SELF_ALL);
    pf_pool_destroy(pool);
}

/* The report's own processes: this one, the live processes the pid
 * files name (none here), a parent the host names, the configuration. */
static void
test_add(void)
{
    pf_report_t *r = pf_report_create();
    pf_self_t    self;
    char         text[32];
    const char  *path;

    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    snprintf(text, sizeof(text), "%ld\n", pf_self_pid());
    path = pf_test_self_write(text, strlen(text));
    memset(&self, 0, sizeof(self));
    self.pid_file = path;
    self.old_pid_file = "no-such.pid.oldbin";
    self.conf = "/etc/x/x.conf";
    PF_ASSERT_EQ(pf_self_add(r, &self), PF_OK);
    remove(path);

    PF_ASSERT_EQ(r->ctx.own_pid, pf_self_pid());
    PF_ASSERT_STR(r->ctx.server_conf, "/etc/x/x.conf");
    /* the pid file names this process: stale, not counted twice */
    PF_ASSERT_SIZE_EQ(r->ctx.self_pids.nelts, 1);
    PF_ASSERT_EQ(PF_ARRAY_AT(&r->ctx.self_pids, long, 0), pf_self_pid());
    pf_report_destroy(r);

    /* a parent the host names counts as it is (mpm_winnt's) */
    r = pf_report_create();
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    memset(&self, 0, sizeof(self));
    self.parent = 12345;
    PF_ASSERT_EQ(pf_self_add(r, &self), PF_OK);
    PF_ASSERT_SIZE_EQ(r->ctx.self_pids.nelts, 2);
    PF_ASSERT_EQ(PF_ARRAY_AT(&r->ctx.self_pids, long, 1), 12345);
    CU_ASSERT_PTR_NULL(r->ctx.server_conf);
    pf_report_destroy(r);
}

/* The child of test_child answers here, before any test runs. */
static int
pf_test_self_init(void)
{
    if (getenv("PF_TEST_SELF_CHILD") != NULL
        && getenv("PF_TEST_SELF_CHILD")[0] != '\0')
    {
        exit(pf_test_self_child());
    }
    return 0;
}

static CU_TestInfo self_tests[] = {
    { "a pid file as httpd and nginx write it", test_parse_written },
    { "anything else in it is no pid", test_parse_strict },
    { "files that are no pid file", test_file_errors },
    { "a fifo does not block", test_file_fifo },
    { "a running server from its pid file", test_running },
    { "the same executable", test_same_exe },
    { "this process's command line", test_cmdline },
    { "a short option in it", test_option },
    { "another process running this executable", test_child },
    { "this server's processes in a report", test_add },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "who am I", pf_test_self_init, NULL, NULL, NULL, self_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
