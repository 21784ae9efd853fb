/*
 * Running the server on Windows: CreateProcess with the same console and
 * standard handles.  Ctrl-C and Ctrl-Break reach every process of the
 * console, the server included, so the launcher only has to outlive it:
 * it ignores them and waits for the server's exit code.
 */
#include "pf_win.h"
#include <string.h>

#include "preflight_internal.h"

struct pf_child_s {
    HANDLE      process;
    ULONGLONG   started;
};

static BOOL WINAPI
pf_run_ctrl_handler(DWORD type)
{
    /* the server got the same event and decides; we wait for it */
    return type == CTRL_C_EVENT || type == CTRL_BREAK_EVENT;
}

static char *
pf_run_command_line(pf_pool_t *pool, char *const *argv)
{
    pf_buf_t b;
    char    *line;
    int      i;

    pf_buf_init(&b);
    for (i = 0; argv[i] != NULL; i++) {
        if (i > 0) {
            pf_buf_add(&b, " ", 1);
        }
        pf_run_quote_arg(&b, argv[i]);
    }
    line = b.failed ? NULL : pf_pstrndup(pool, b.data ? b.data : "", b.len);
    pf_buf_free(&b);
    return line;
}

int
pf_run_start(pf_pool_t *pool, char *const *argv, pf_child_t **child,
             pf_error_t *err)
{
    STARTUPINFOW        si;
    PROCESS_INFORMATION pi;
    pf_child_t         *c;
    char               *line;
    wchar_t            *wline;

    /* argv is UTF-8 (the CLI reads its own through the wide API): the
     * ANSI call would turn a server under C:\Users\José into another path */
    c = pf_palloc(pool, sizeof(*c));
    line = pf_run_command_line(pool, argv);
    wline = line != NULL ? pf_win_wide(pool, line) : NULL;
    if (c == NULL || wline == NULL) {
        return PF_ENOMEM;
    }
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    SetConsoleCtrlHandler(pf_run_ctrl_handler, TRUE);
    c->started = GetTickCount64();
    if (!CreateProcessW(NULL, wline, NULL, NULL, TRUE, 0, NULL, NULL, &si,
                        &pi))
    {
        pf_error_set(err, NULL, 0, "cannot run %s: Windows error %lu",
                     argv[0], (unsigned long) GetLastError());
        return PF_ERROR;
    }
    CloseHandle(pi.hThread);
    c->process = pi.hProcess;
    *child = c;
    return PF_OK;
}

int
pf_run_wait(pf_child_t *child, int *status, double *seconds,
            pf_error_t *err)
{
    DWORD code = 1;

    if (WaitForSingleObject(child->process, INFINITE) != WAIT_OBJECT_0
        || !GetExitCodeProcess(child->process, &code))
    {
        pf_error_set(err, NULL, 0, "waiting for the server: Windows error "
                     "%lu", (unsigned long) GetLastError());
        CloseHandle(child->process);
        return PF_ERROR;
    }
    CloseHandle(child->process);
    *seconds = (double) (GetTickCount64() - child->started) / 1000.0;
    *status = (int) code;
    return PF_OK;
}
