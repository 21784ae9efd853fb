/*
 * pf-console-read PROGRAM [ARG...]: runs PROGRAM on this program's own
 * console (Wine gives a program one when its standard streams are a
 * terminal: run it under script(1)), then reads back what the console's
 * screen buffer holds, with ReadConsoleOutputCharacterW, into the file
 * $PF_CONSOLE_OUT as UTF-8: first "mode BEFORE AFTER" (the console's
 * output mode before PROGRAM ran and after it ended, in hex), then one
 * line per screen row, trailing blanks removed.  So a test sees the
 * characters the console itself got, whatever the terminal shows.
 * Exits with PROGRAM's status; 99 when there is no console.
 * For tests/win/console_output.sh.
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define PF_ROWS  300
#define PF_COLS  400

static void
pf_put(HANDLE out, const wchar_t *w, int n)
{
    static char buf[PF_COLS * 4 + 64];
    DWORD       done;
    int         len = n > 0 ? WideCharToMultiByte(CP_UTF8, 0, w, n, buf,
                                                  sizeof(buf) - 1, NULL, NULL)
                            : 0;

    buf[len++] = '\n';
    WriteFile(out, buf, (DWORD) len, &done, NULL);
}

/* The command line after our own name, as it was given. */
static wchar_t *
pf_rest(void)
{
    wchar_t *cmd = GetCommandLineW();

    if (*cmd == L'"') {
        cmd = wcschr(cmd + 1, L'"');
        cmd = cmd != NULL ? cmd + 1 : GetCommandLineW();
    } else {
        while (*cmd && *cmd != L' ') {
            cmd++;
        }
    }
    while (*cmd == L' ') {
        cmd++;
    }
    return _wcsdup(cmd);
}

int
main(void)
{
    static wchar_t       row[PF_COLS];
    STARTUPINFOW         si;
    PROCESS_INFORMATION  pi;
    HANDLE               out, con = GetStdHandle(STD_OUTPUT_HANDLE);
    COORD                at;
    wchar_t              head[64], *path = _wgetenv(L"PF_CONSOLE_OUT");
    DWORD                got, before, after = 0, status = 99;
    int                  y, n, last = -1;

    if (!GetConsoleMode(con, &before)) {
        fprintf(stderr, "pf-console-read: standard output is no console\n");
        return 99;
    }
    out = CreateFileW(path ? path : L"NUL", GENERIC_WRITE, 0, NULL,
                      CREATE_ALWAYS, 0, NULL);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = con;
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    if (out == INVALID_HANDLE_VALUE
        || !CreateProcessW(NULL, pf_rest(), NULL, NULL, TRUE, 0, NULL, NULL,
                           &si, &pi))
    {
        fprintf(stderr, "pf-console-read: error %lu\n", GetLastError());
        return 99;
    }
    WaitForSingleObject(pi.hProcess, 120000);
    GetExitCodeProcess(pi.hProcess, &status);
    GetConsoleMode(con, &after);
    swprintf(head, 64, L"mode %lx %lx status %lu", before, after, status);
    pf_put(out, head, (int) wcslen(head));
    for (y = 0; y < PF_ROWS; y++) {
        at.X = 0;
        at.Y = (SHORT) y;
        got = 0;
        if (!ReadConsoleOutputCharacterW(con, row, PF_COLS, at, &got)) {
            fprintf(stderr, "pf-console-read: row %d: error %lu\n", y,
                    GetLastError());
            break;
        }
        for (n = (int) got; n > 0 && row[n - 1] == L' '; n--) {
        }
        if (n > 0) {
            last = y;
        }
    }
    for (y = 0; y <= last; y++) {
        at.X = 0;
        at.Y = (SHORT) y;
        got = 0;
        ReadConsoleOutputCharacterW(con, row, PF_COLS, at, &got);
        for (n = (int) got; n > 0 && row[n - 1] == L' '; n--) {
        }
        pf_put(out, row, n);
    }
    CloseHandle(out);
    return (int) status;
}
