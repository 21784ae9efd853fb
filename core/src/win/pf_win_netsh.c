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

/* Reads what the child wrote until it exits or the timeout passes. */
static int
pf_win_drain(HANDLE rd, HANDLE proc, DWORD timeout_ms, pf_buf_t *b)
{
    char   chunk[4096];
    DWORD  avail, got, start = GetTickCount();
    int    exited = 0;

    for (;;) {
        avail = 0;
        if (!PeekNamedPipe(rd, NULL, 0, NULL, &avail, NULL)) {
            return PF_OK;        /* the child closed its end */
        }
        if (avail > 0) {
            if (!ReadFile(rd, chunk, sizeof(chunk), &got, NULL) || got == 0) {
                return PF_OK;
            }
            if (b->len < PF_WIN_OUTPUT_MAX) {
                pf_buf_add(b, chunk, got);
            }
            continue;
        }
        if (exited) {
            return PF_OK;
        }
        exited = WaitForSingleObject(proc, 20) == WAIT_OBJECT_0;
        if (!exited && GetTickCount() - start > timeout_ms) {
            return PF_ERROR;
        }
    }
}

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

static int
pf_win_spawn(char *cmdline, HANDLE wr, PROCESS_INFORMATION *pi)
{
    STARTUPINFOA si;

    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = INVALID_HANDLE_VALUE;
    si.hStdOutput = wr;
    si.hStdError = wr;
    return CreateProcessA(NULL, cmdline, NULL, NULL, TRUE, CREATE_NO_WINDOW,
                          NULL, NULL, &si, pi) ? PF_OK : PF_ERROR;
}

/* Runs cmdline, returns its output (stdout and stderr) as UTF-8. */
int
pf_win_run_capture(pf_pool_t *pool, const char *cmdline, DWORD timeout_ms,
                   char **out, size_t *len, DWORD *code)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    PROCESS_INFORMATION pi;
    HANDLE              rd, wr;
    pf_buf_t            b;
    char               *cmd = pf_pstrdup(pool, cmdline);
    int                 rc;

    *code = NO_ERROR;
    if (cmd == NULL || !CreatePipe(&rd, &wr, &sa, 0)) {
        *code = cmd == NULL ? ERROR_NOT_ENOUGH_MEMORY : GetLastError();
        return PF_ERROR;
    }
    SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
    if (pf_win_spawn(cmd, wr, &pi) != PF_OK) {
        *code = GetLastError();
        CloseHandle(rd);
        CloseHandle(wr);
        return PF_ERROR;
    }
    CloseHandle(wr);
    pf_buf_init(&b);
    rc = pf_win_drain(rd, pi.hProcess, timeout_ms, &b);
    if (rc != PF_OK) {
        /* our own child, stuck: stop it; what it printed is kept */
        TerminateProcess(pi.hProcess, 1);
        *code = WAIT_TIMEOUT;
    }
    CloseHandle(rd);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    *out = pf_win_oem_to_utf8(pool, b.data != NULL ? b.data : "", b.len, len);
    pf_buf_free(&b);
    return rc;
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
    if (pf_win_run_capture(pool, cmd, PF_WIN_NETSH_TIMEOUT, &text, len,
                           &code) != PF_OK)
    {
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
pf_win_netsh_queues(pf_pool_t *pool, unsigned port, pf_target_facts_t *f)
{
    static const char args[] = "http show servicestate view=requestq";
    pf_error_t        err;
    size_t            len = 0;
    char             *text;

    f->httpsys.queues_known = PF_KNOWN_FAILED;
    text = pf_win_netsh(pool, args, &len, &f->notes,
                        &f->httpsys.queues_partial);
    if (text == NULL) {
        return;
    }
    memset(&err, 0, sizeof(err));
    if (pf_netsh_read_servicestate(pool, text, len, port, &f->httpsys.queues,
                                   &f->notes, &f->httpsys.queues_partial,
                                   &err) != PF_OK)
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
    int ok4, ok6;

    if (h->excluded_known != PF_KNOWN_NO) {
        return;                  /* once per run: the ranges are global */
    }
    ok4 = pf_win_netsh_excluded_family(pool, h, "interface ipv4 show "
                                       "excludedportrange protocol=tcp",
                                       PF_FAMILY_INET) == PF_OK;
    ok6 = pf_win_netsh_excluded_family(pool, h, "interface ipv6 show "
                                       "excludedportrange protocol=tcp",
                                       PF_FAMILY_INET6) == PF_OK;
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

    if (h->dynamic_known != PF_KNOWN_NO) {
        return;
    }
    ok4 = pf_win_netsh_dynamic_family(pool, h, "interface ipv4 show "
                                      "dynamicport tcp", PF_FAMILY_INET)
          == PF_OK;
    ok6 = pf_win_netsh_dynamic_family(pool, h, "interface ipv6 show "
                                      "dynamicport tcp", PF_FAMILY_INET6)
          == PF_OK;
    h->dynamic_known = ok4 || ok6 ? PF_KNOWN_YES : PF_KNOWN_FAILED;
}
