/*
 * Who "this server" is, the part that is the same on every system: what a
 * pid file may hold, a running server, and this server's own processes
 * in a report (preflight.h, "Who am I").  Asking the system is
 * core/src/unix/pf_unix_self.c and core/src/win/pf_win_self.c.
 *
 * httpd and nginx write a pid file the same way: the decimal pid and the
 * platform's newline ("%" APR_PID_T_FMT APR_EOL_STR in httpd's
 * ap_log_pid(), "%P%N" in nginx's ngx_create_pidfile()).  Anything else
 * in one is not a pid: a half-written file, or a path that names some
 * other file.  A pid read from it only ever makes a port "this server's",
 * which silences an explanation, so a file that is not plainly a pid
 * names nobody.
 */
#include <stdio.h>
#include <string.h>

#include "preflight_internal.h"
#include "pf_platform.h"

/* pid_t on Linux, a DWORD on Windows: both fit below this. */
#define PF_SELF_PID_LIMIT  2147483647L

static int
pf_self_space(char c)
{
    return c == '\n' || c == '\r' || c == ' ' || c == '\t';
}

/* The byte found where a digit or the end was expected, for the error. */
static const char *
pf_self_byte(char c, char *out, size_t len)
{
    unsigned char u = (unsigned char) c;

    if (u >= 0x20 && u < 0x7f && u != '\'') {
        snprintf(out, len, "'%c'", c);
    } else {
        snprintf(out, len, "byte 0x%02x", u);
    }
    return out;
}

int
pf_self_pid_parse(const char *name, const char *text, size_t len, long *pid,
                  pf_error_t *err)
{
    size_t i = 0;
    long   v = 0;
    char   b[16];

    if (len == 0) {
        pf_error_set(err, name, 0, "empty: expected a process id");
        return PF_ERROR;
    }
    for ( ; i < len && text[i] >= '0' && text[i] <= '9'; i++) {
        if (v > (PF_SELF_PID_LIMIT - (text[i] - '0')) / 10) {
            pf_error_set(err, name, 1, "the process id is too large");
            return PF_ERROR;
        }
        v = v * 10 + (text[i] - '0');
    }
    if (i == 0) {
        pf_error_set(err, name, 1, "expected a process id (decimal "
                     "digits), found %s", pf_self_byte(text[0], b,
                                                       sizeof(b)));
        return PF_ERROR;
    }
    for ( ; i < len; i++) {
        if (!pf_self_space(text[i])) {
            pf_error_set(err, name, 1, "expected only a newline after the "
                         "process id, found %s",
                         pf_self_byte(text[i], b, sizeof(b)));
            return PF_ERROR;
        }
    }
    if (v == 0) {
        pf_error_set(err, name, 1, "process id 0 names no process");
        return PF_ERROR;
    }
    *pid = v;
    return PF_OK;
}

int
pf_self_pid_file(const char *path, size_t len, long *pid, pf_error_t *err)
{
    char   buf[PF_SELF_PID_FILE_MAX + 1], name[sizeof(err->file)];
    size_t n;

    /* a counted string may carry its C string's NUL (nginx's oldpid);
     * a loop, not memchr(): each libc function a module imports is
     * looked up at every start */
    for (n = 0; path != NULL && n < len && path[n] != '\0'; n++) {
        /* up to the NUL */
    }
    len = n;
    if (path == NULL || len == 0) {
        pf_error_set(err, NULL, 0, "no pid file");
        return PF_ERROR;
    }
    if (pf_platform_read_small(path, len, buf, sizeof(buf), &n, err)
        != PF_OK)
    {
        return PF_ERROR;
    }
    snprintf(name, sizeof(name), "%.*s", (int) len, path);
    if (n > PF_SELF_PID_FILE_MAX) {
        pf_error_set(err, name, 0, "larger than %d bytes",
                     PF_SELF_PID_FILE_MAX);
        return PF_ERROR;
    }
    return pf_self_pid_parse(name, buf, n, pid, err);
}

long
pf_self_running(const char *path, size_t len)
{
    pf_error_t err;
    long       pid;

    if (pf_self_pid_file(path, len, &pid, &err) != PF_OK
        || pid == pf_self_pid() || !pf_self_alive(pid))
    {
        return 0;
    }
    return pid;
}

const char *
pf_self_option(const char *words, size_t len, char opt)
{
    const char *a, *end = words + len, *value = NULL;

    for (a = words; words != NULL && a < end; a += strlen(a) + 1) {
        if (a[0] != '-' || a[1] != opt) {
            continue;
        }
        if (a[2] != '\0') {
            value = a + 2;
        } else {
            value = a + 3 < end ? a + 3 : NULL;
        }
    }
    return value;
}

static int
pf_self_add_file(pf_report_t *r, const char *path)
{
    long pid;

    if (path == NULL) {
        return PF_OK;
    }
    pid = pf_self_running(path, strlen(path));
    return pid > 0 ? pf_report_add_self_pid(r, pid) : PF_OK;
}

static long
pf_self_parent_of(const pf_self_t *self)
{
    long pid;

    if (self->parent > 0) {
        return self->parent;
    }
    if (!self->parent_if_same_exe) {
        return 0;
    }
    /* 1 is init: whoever adopted a daemon is never the server */
    pid = pf_self_parent();
    return pid > 1 && pf_self_same_exe(pid) == 1 ? pid : 0;
}

int
pf_self_add(pf_report_t *r, const pf_self_t *self)
{
    long pid = pf_self_pid();

    if (pf_report_add_self_pid(r, pid) != PF_OK) {
        return PF_ENOMEM;
    }
    /* at a reload or graceful restart this process is the parent: its
     * children are the older generation, draining their connections */
    r->ctx.own_pid = pid;
    if (self->conf != NULL) {
        r->ctx.server_conf = pf_pstrdup(r->pool, self->conf);
        if (r->ctx.server_conf == NULL) {
            return PF_ENOMEM;
        }
    }
    pid = pf_self_parent_of(self);
    if (pid > 0 && pf_report_add_self_pid(r, pid) != PF_OK) {
        return PF_ENOMEM;
    }
    if (pf_self_add_file(r, self->pid_file) != PF_OK
        || pf_self_add_file(r, self->old_pid_file) != PF_OK)
    {
        return PF_ENOMEM;
    }
    return PF_OK;
}
