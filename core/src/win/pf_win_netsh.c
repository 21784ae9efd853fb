/*
 * Evidence only netsh gives: the HTTP.sys request queues with their
 * processes and URLs (no documented API names the process behind PID 4),
 * and the excluded port ranges (no public API lists them).  netsh runs
 * from the system directory with its output piped back, under a timeout;
 * the pure parsers in core/src/netsh read what it printed.  Under Wine
 * `netsh http` prints nothing: that is a note, not an error.
 */
#include "pf_win.h"

#include <stdlib.h>
#include <string.h>

#include "netsh/pf_netsh.h"

#define PF_WIN_NETSH_TIMEOUT  5000
#define PF_WIN_OUTPUT_MAX     (1024 * 1024)

/* OEM code page (what a console program writes to a pipe) to UTF-8;
 * UTF-16 output (netsh under a Unicode console, or cut by a timeout in
 * the middle of a character) is left to the parsers, which decode it. */
static char *
pf_win_oem_to_utf8(pf_pool_t *pool, const char *s, size_t len, size_t *out)
{
    wchar_t *w;
    char    *u;
    int      n;

    if (pf_netsh_is_utf16(s, len)) {
        *out = len & ~(size_t) 1;    /* a timeout may cut a character */
        return pf_pstrndup(pool, s, *out);
    }
    if (len == 0 || len > PF_WIN_OUTPUT_MAX) {
        *out = len;
        return pf_pstrndup(pool, s, len);
    }
    n = MultiByteToWideChar(CP_OEMCP, 0, s, (int) len, NULL, 0);
    w = n > 0 ? pf_palloc(pool, (size_t) n * sizeof(wchar_t)) : NULL;
    if (w == NULL) {
        *out = len;
        return pf_pstrndup(pool, s, len);
    }
    MultiByteToWideChar(CP_OEMCP, 0, s, (int) len, w, n);
    u = pf_win_utf8n(pool, w, n);
    *out = u != NULL ? strlen(u) : 0;
    return u;
}

/* One child whose output is being captured. */
typedef struct {
    HANDLE               rd;
    PROCESS_INFORMATION  pi;
    pf_buf_t             b;
    DWORD                start;
    DWORD                code;     /* why it failed: a Win32 error */
    int                  running;
    int                  exited;
    int                  rc;
} pf_win_capture_t;

/* Starts cmdline with its standard output and error on wr, and wr the
 * only handle it inherits (PROC_THREAD_ATTRIBUTE_HANDLE_LIST): netsh has
 * no business with the sockets, files and pipes of preflight or of the
 * server that embeds it.  Without the attribute list (older systems) the
 * child inherits as before. */
static int
pf_win_spawn(char *cmdline, HANDLE wr, PROCESS_INFORMATION *pi)
{
    STARTUPINFOEXA                siex;
    LPPROC_THREAD_ATTRIBUTE_LIST  list = NULL;
    SIZE_T                        size = 0;
    DWORD                         flags = CREATE_NO_WINDOW;
    BOOL                          ok;

    memset(&siex, 0, sizeof(siex));
    siex.StartupInfo.cb = sizeof(siex.StartupInfo);
    siex.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    siex.StartupInfo.hStdInput = INVALID_HANDLE_VALUE;
    siex.StartupInfo.hStdOutput = wr;
    siex.StartupInfo.hStdError = wr;
    (void) InitializeProcThreadAttributeList(NULL, 1, 0, &size);
    if (size > 0 && (list = malloc(size)) != NULL) {
        if (InitializeProcThreadAttributeList(list, 1, 0, &size)) {
            if (UpdateProcThreadAttribute(list, 0,
                                          PROC_THREAD_ATTRIBUTE_HANDLE_LIST,
                                          &wr, sizeof(wr), NULL, NULL))
            {
                siex.StartupInfo.cb = sizeof(siex);
                siex.lpAttributeList = list;
                flags |= EXTENDED_STARTUPINFO_PRESENT;
            } else {
                DeleteProcThreadAttributeList(list);
                free(list);
                list = NULL;
            }
        } else {
            free(list);
            list = NULL;
        }
    }
    ok = CreateProcessA(NULL, cmdline, NULL, NULL, TRUE, flags, NULL, NULL,
                        &siex.StartupInfo, pi);
    if (list != NULL) {
        DeleteProcThreadAttributeList(list);
        free(list);
    }
    return ok ? PF_OK : PF_ERROR;
}

static void
pf_win_capture_start(pf_pool_t *pool, const char *cmdline,
                     pf_win_capture_t *c)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    HANDLE              wr;
    char               *cmd = pf_pstrdup(pool, cmdline);

    memset(c, 0, sizeof(*c));
    pf_buf_init(&c->b);
    c->rc = PF_ERROR;
    if (cmd == NULL || !CreatePipe(&c->rd, &wr, &sa, 0)) {
        c->code = cmd == NULL ? ERROR_NOT_ENOUGH_MEMORY : GetLastError();
        return;
    }
    SetHandleInformation(c->rd, HANDLE_FLAG_INHERIT, 0);
    if (pf_win_spawn(cmd, wr, &c->pi) != PF_OK) {
        c->code = GetLastError();
        CloseHandle(c->rd);
        CloseHandle(wr);
        return;
    }
    CloseHandle(wr);
    c->start = GetTickCount();
    c->running = 1;
}

static void
pf_win_capture_end(pf_win_capture_t *c, int rc, DWORD code)
{
    if (rc != PF_OK) {
        TerminateProcess(c->pi.hProcess, 1);   /* our own child, stuck */
    }
    CloseHandle(c->rd);
    CloseHandle(c->pi.hThread);
    CloseHandle(c->pi.hProcess);
    c->running = 0;
    c->rc = rc;
    c->code = code;
}

/* Reads what is there; 1 when it read something. */
static int
pf_win_capture_poll(pf_win_capture_t *c, DWORD timeout_ms)
{
    char   chunk[4096];
    DWORD  avail = 0, got;

    if (!PeekNamedPipe(c->rd, NULL, 0, NULL, &avail, NULL)) {
        pf_win_capture_end(c, PF_OK, NO_ERROR);   /* it closed its end */
        return 1;
    }
    if (avail > 0) {
        if (!ReadFile(c->rd, chunk, sizeof(chunk), &got, NULL) || got == 0) {
            pf_win_capture_end(c, PF_OK, NO_ERROR);
            return 1;
        }
        if (c->b.len < PF_WIN_OUTPUT_MAX) {
            pf_buf_add(&c->b, chunk, got);
        }
        return 1;
    }
    if (c->exited) {
        pf_win_capture_end(c, PF_OK, NO_ERROR);
        return 1;
    }
    /* one more look at the pipe after the exit: the last bytes */
    c->exited = WaitForSingleObject(c->pi.hProcess, 0) == WAIT_OBJECT_0;
    if (!c->exited && GetTickCount() - c->start > timeout_ms) {
        pf_win_capture_end(c, PF_ERROR, WAIT_TIMEOUT);
        return 1;
    }
    return c->exited;
}

/* What one command printed (stdout and stderr, as UTF-8), how it ended
 * (rc) and why it failed (a Win32 error). */
typedef struct {
    char   *text;
    size_t  len;
    DWORD   code;
    int     rc;
} pf_win_captured_t;

/* Runs the n command lines at once, each under its own timeout, and
 * returns each one's output in res[i]: the time is that of the slowest,
 * not the sum (a cold netsh takes 1-3 s). */
static void
pf_win_run_captures(pf_pool_t *pool, const char *const *cmdlines, size_t n,
                    DWORD timeout_ms, pf_win_captured_t *res)
{
    pf_win_capture_t caps[4];
    size_t           i, running;
    int              progress;

    for (i = 0; i < n && i < 4; i++) {
        pf_win_capture_start(pool, cmdlines[i], &caps[i]);
    }
    do {
        running = 0;
        progress = 0;
        for (i = 0; i < n && i < 4; i++) {
            if (caps[i].running) {
                progress |= pf_win_capture_poll(&caps[i], timeout_ms);
                running += caps[i].running;
            }
        }
        if (running > 0 && !progress) {
            Sleep(10);
        }
    } while (running > 0);
    for (i = 0; i < n && i < 4; i++) {
        res[i].text = pf_win_oem_to_utf8(pool, caps[i].b.data != NULL
                                               ? caps[i].b.data : "",
                                         caps[i].b.len, &res[i].len);
        res[i].code = caps[i].code;
        res[i].rc = caps[i].rc;
        pf_buf_free(&caps[i].b);
    }
}

/* Runs cmdline, returns its output (stdout and stderr) as UTF-8. */
int
pf_win_run_capture(pf_pool_t *pool, const char *cmdline, DWORD timeout_ms,
                   char **out, size_t *len, DWORD *code)
{
    pf_win_captured_t res;

    pf_win_run_captures(pool, &cmdline, 1, timeout_ms, &res);
    *out = res.text;
    *len = res.len;
    *code = res.code;
    return res.rc;
}

/* "C:\Windows\system32\netsh.exe ARGS": never a netsh from PATH. */
static char *
pf_win_netsh_cmd(pf_pool_t *pool, const char *args)
{
    char dir[MAX_PATH];
    UINT n = GetSystemDirectoryA(dir, sizeof(dir));

    if (n == 0 || n >= sizeof(dir)) {
        return pf_psprintf(pool, "netsh.exe %s", args);
    }
    return pf_psprintf(pool, "\"%s\\netsh.exe\" %s", dir, args);
}

/* netsh runs already done (pf_win_netsh_prefetch), looked up
 * by their arguments while the caller reads them; one thread only, as
 * everywhere in the core. */
typedef struct {
    const char *args;
    char       *text;
    size_t      len;
    DWORD       code;
    int         rc;
} pf_win_netsh_run_t;

static pf_win_netsh_run_t *pf_win_netsh_done;
static size_t              pf_win_netsh_ndone;

static int
pf_win_netsh_capture(pf_pool_t *pool, const char *args, const char *cmd,
                     char **text, size_t *len, DWORD *code)
{
    size_t i;

    for (i = 0; i < pf_win_netsh_ndone; i++) {
        if (strcmp(pf_win_netsh_done[i].args, args) == 0) {
            *text = pf_win_netsh_done[i].text;
            *len = pf_win_netsh_done[i].len;
            *code = pf_win_netsh_done[i].code;
            return pf_win_netsh_done[i].rc;
        }
    }
    return pf_win_run_capture(pool, cmd, PF_WIN_NETSH_TIMEOUT, text, len,
                              code);
}

/* The netsh runs of one report, kept in its host facts: the queues and
 * the port ranges do not depend on the target, so each runs once. */
#define PF_WIN_NETSH_KEPT  8

typedef struct {
    pf_win_netsh_run_t run[PF_WIN_NETSH_KEPT];
    size_t             n;
} pf_win_netsh_kept_t;

/* Runs at once those of the n argument strings (n <= 4) that this
 * report has not run yet, each under its own timeout, and makes every
 * kept run what pf_win_netsh reads until pf_win_netsh_forget. */
static void
pf_win_netsh_prefetch(pf_pool_t *pool, pf_host_facts_t *h,
                      const char *const *args, size_t n)
{
    pf_win_netsh_kept_t *k = h->platform_cache;
    const char          *todo[4], *cmds[4];
    pf_win_captured_t    res[4];
    size_t               i, j, m = 0;

    if (k == NULL) {
        k = pf_palloc(pool, sizeof(*k));
        if (k == NULL) {
            return;             /* each runs on its own */
        }
        memset(k, 0, sizeof(*k));
        h->platform_cache = k;
    }
    for (i = 0; i < n && i < 4; i++) {
        for (j = 0; j < k->n && strcmp(k->run[j].args, args[i]) != 0; j++) {
        }
        if (j == k->n && k->n + m < PF_WIN_NETSH_KEPT) {
            cmds[m] = pf_win_netsh_cmd(pool, args[i]);
            todo[m] = args[i];
            m += cmds[m] != NULL;
        }
    }
    if (m > 0) {
        pf_win_run_captures(pool, cmds, m, PF_WIN_NETSH_TIMEOUT, res);
        for (i = 0; i < m; i++) {
            k->run[k->n].args = todo[i];
            k->run[k->n].text = res[i].text;
            k->run[k->n].len = res[i].len;
            k->run[k->n].code = res[i].code;
            k->run[k->n].rc = res[i].rc;
            k->n++;
        }
    }
    pf_win_netsh_done = k->run;
    pf_win_netsh_ndone = k->n;
}

static void
pf_win_netsh_forget(void)
{
    pf_win_netsh_done = NULL;
    pf_win_netsh_ndone = 0;
}

/* Runs netsh; NULL with a note when it failed or printed nothing.  After
 * a timeout what it printed is still returned, with a note, and *cut set
 * (cut may be NULL: then a timeout is a failure). */
static char *
pf_win_netsh(pf_pool_t *pool, const char *args, size_t *len,
             pf_array_t *notes, int *cut)
{
    char  *cmd = pf_win_netsh_cmd(pool, args), *text = NULL;
    DWORD  code;

    if (cmd == NULL) {
        return NULL;
    }
    if (pf_win_netsh_capture(pool, args, cmd, &text, len, &code) != PF_OK) {
        pf_win_note(pool, notes, pf_psprintf(pool, "netsh %s", args), code);
        if (cut == NULL || code != WAIT_TIMEOUT || text == NULL
            || *len == 0)
        {
            return NULL;
        }
        *cut = 1;
        (void) pf_array_push_strf(notes, "netsh %s: only what it printed "
                                  "before the timeout was read", args);
    }
    if (text == NULL || *len == 0) {
        (void) pf_array_push_strf(notes, "netsh %s: printed nothing", args);
        return NULL;
    }
    return text;
}

void
pf_win_netsh_queues(pf_pool_t *pool, unsigned port, pf_target_facts_t *f,
                    pf_host_facts_t *h)
{
    static const char args[] = "http show servicestate view=requestq";
    const char       *args_p = args;
    pf_netsh_queues_t into;
    pf_error_t        err;
    size_t            len = 0;
    char             *text;

    f->httpsys.queues_known = PF_KNOWN_FAILED;
    pf_win_netsh_prefetch(pool, h, &args_p, 1);
    text = pf_win_netsh(pool, args, &len, &f->notes,
                        &f->httpsys.queues_partial);
    pf_win_netsh_forget();
    if (text == NULL) {
        return;
    }
    memset(&err, 0, sizeof(err));
    into.queues = &f->httpsys.queues;
    into.notes = &f->notes;
    into.partial = &f->httpsys.queues_partial;
    if (pf_netsh_read_servicestate(pool, text, len, port, &into, &err)
        != PF_OK)
    {
        (void) pf_array_push_strf(&f->notes, "netsh %s: could not read its "
                                  "output: %s", args, err.message);
        return;
    }
    f->httpsys.queues_known = PF_KNOWN_YES;
}

static int
pf_win_netsh_excluded_family(pf_pool_t *pool, pf_host_facts_t *h,
                             const char *args, pf_family_t fam)
{
    pf_error_t err;
    size_t     len = 0;
    char      *text;

    text = pf_win_netsh(pool, args, &len, &h->notes, NULL);
    if (text == NULL) {
        return PF_ERROR;
    }
    memset(&err, 0, sizeof(err));
    if (pf_netsh_parse_excluded(pool, text, len, fam, &h->excluded_ranges,
                                &err) != PF_OK)
    {
        (void) pf_array_push_strf(&h->notes, "netsh %s: could not read its "
                                  "output: %s", args, err.message);
        return PF_ERROR;
    }
    return PF_OK;
}

void
pf_win_netsh_excluded(pf_pool_t *pool, pf_host_facts_t *h)
{
    /* the excluded ranges and the dynamic ranges they come from
     * (pf_win_netsh_dynamic, next): four cold netsh runs at once */
    static const char *const args[4] = {
        "interface ipv4 show excludedportrange protocol=tcp",
        "interface ipv6 show excludedportrange protocol=tcp",
        "interface ipv4 show dynamicport tcp",
        "interface ipv6 show dynamicport tcp"
    };
    int ok4, ok6;

    if (h->excluded_known != PF_KNOWN_NO) {
        return;                  /* once per run: the ranges are global */
    }
    pf_win_netsh_prefetch(pool, h, args,
                          h->dynamic_known == PF_KNOWN_NO ? 4 : 2);
    ok4 = pf_win_netsh_excluded_family(pool, h, args[0],
                                       PF_FAMILY_INET) == PF_OK;
    ok6 = pf_win_netsh_excluded_family(pool, h, args[1],
                                       PF_FAMILY_INET6) == PF_OK;
    pf_win_netsh_forget();
    h->excluded_known = ok4 || ok6 ? PF_KNOWN_YES : PF_KNOWN_FAILED;
}

static int
pf_win_netsh_dynamic_family(pf_pool_t *pool, pf_host_facts_t *h,
                            const char *args, pf_family_t fam)
{
    pf_port_range_t  r, *slot;
    pf_error_t       err;
    size_t           len = 0;
    char            *text;

    text = pf_win_netsh(pool, args, &len, &h->notes, NULL);
    if (text == NULL) {
        return PF_ERROR;
    }
    memset(&err, 0, sizeof(err));
    if (pf_netsh_parse_dynamicport(pool, text, len, fam, &r, &err) != PF_OK)
    {
        (void) pf_array_push_strf(&h->notes, "netsh %s: could not read its "
                                  "output: %s", args, err.message);
        return PF_ERROR;
    }
    slot = pf_array_push(&h->dynamic_ranges);
    if (slot != NULL) {
        *slot = r;
    }
    return PF_OK;
}

/* The TCP dynamic port ranges: where the excluded ranges come from. */
void
pf_win_netsh_dynamic(pf_pool_t *pool, pf_host_facts_t *h)
{
    int ok4, ok6;

    static const char *const args[2] = {
        "interface ipv4 show dynamicport tcp",
        "interface ipv6 show dynamicport tcp"
    };

    if (h->dynamic_known != PF_KNOWN_NO) {
        return;
    }
    pf_win_netsh_prefetch(pool, h, args, 2);
    ok4 = pf_win_netsh_dynamic_family(pool, h, args[0], PF_FAMILY_INET)
          == PF_OK;
    ok6 = pf_win_netsh_dynamic_family(pool, h, args[1], PF_FAMILY_INET6)
          == PF_OK;
    pf_win_netsh_forget();
    h->dynamic_known = ok4 || ok6 ? PF_KNOWN_YES : PF_KNOWN_FAILED;
}
