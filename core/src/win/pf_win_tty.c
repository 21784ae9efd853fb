/*
 * The standard streams on Windows, for the CLI.  A console is not a byte
 * stream: it shows bytes in its output code page (an OEM one, 437 or 850,
 * unless someone ran chcp 65001) and VT escapes only when the program
 * turns them on.  So text for a console goes out as UTF-16 through
 * WriteConsoleW, whatever the code page, and colours only where
 * ENABLE_VIRTUAL_TERMINAL_PROCESSING could be set (conhost of Windows 10
 * and later, Windows Terminal); a pipe or a file gets the UTF-8 bytes.
 */
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <shellapi.h>

#include "preflight_internal.h"

#ifndef ENABLE_VIRTUAL_TERMINAL_PROCESSING
#define ENABLE_VIRTUAL_TERMINAL_PROCESSING  0x0004
#endif

/* wide characters per WriteConsoleW: old conhost fails on large writes */
#define PF_WIN_CONSOLE_CHUNK  4096

static HANDLE pf_win_vt_handle[3];
static DWORD  pf_win_vt_mode[3];

/* The console behind fd, or NULL for a pipe, a file or NUL. */
static HANDLE
pf_win_console(int fd)
{
    HANDLE h;
    DWORD  mode;

    if (fd < 0 || fd > 2) {
        return NULL;
    }
    h = (HANDLE) _get_osfhandle(fd);
    if (h == INVALID_HANDLE_VALUE || h == NULL || !GetConsoleMode(h, &mode)) {
        return NULL;
    }
    return h;
}

int
pf_is_terminal(int fd)
{
    return fd >= 0 && fd <= 2 && _isatty(fd);
}

/* The locale variables, when set, as on Unix: LANG=C asks for ASCII. */
static int
pf_win_locale_ascii(void)
{
    static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };
    const char              *v;
    size_t                   i;

    for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
        v = getenv(vars[i]);
        if (v != NULL && v[0] != '\0') {
            return strstr(v, "UTF-8") == NULL && strstr(v, "utf8") == NULL
                   && strstr(v, "UTF8") == NULL && strstr(v, "utf-8") == NULL;
        }
    }
    return 0;
}

/* A console takes any character through WriteConsoleW (pf_write_console),
 * a pipe or a file gets UTF-8: the glyphs are ASCII only when asked. */
int
pf_output_utf8(int fd)
{
    (void) fd;
    return !pf_win_locale_ascii();
}

static void
pf_win_vt_restore(void)
{
    int i;

    for (i = 0; i < 3; i++) {
        if (pf_win_vt_handle[i] != NULL) {
            (void) SetConsoleMode(pf_win_vt_handle[i], pf_win_vt_mode[i]);
            pf_win_vt_handle[i] = NULL;
        }
    }
}

int
pf_terminal_color(int fd)
{
    HANDLE h = pf_win_console(fd);
    DWORD  mode;
    int    i;

    if (h == NULL || !GetConsoleMode(h, &mode)) {
        return 0;
    }
    if (mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING) {
        return 1;
    }
    for (i = 0; i < 3; i++) {
        if (pf_win_vt_handle[i] == h) {
            return 1;
        }
    }
    /* older consoles refuse the flag: then no colour at all, rather
     * than "<-[31m" in the user's window */
    if (!SetConsoleMode(h, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING)) {
        return 0;
    }
    if (pf_win_vt_handle[0] == NULL && pf_win_vt_handle[1] == NULL
        && pf_win_vt_handle[2] == NULL)
    {
        (void) atexit(pf_win_vt_restore);
    }
    pf_win_vt_handle[fd] = h;
    pf_win_vt_mode[fd] = mode;
    return 1;
}

/* UTF-8 to the console as UTF-16, in pieces that end on a whole
 * character (never between the halves of a surrogate pair). */
int
pf_write_console(int fd, const char *text, size_t len)
{
    HANDLE   h = pf_win_console(fd);
    wchar_t *w;
    DWORD    done;
    int      n, off, k;

    if (h == NULL) {
        return PF_ERROR;
    }
    if (len == 0) {
        return PF_OK;
    }
    if (len > 0x3fffffff) {
        return PF_ENOMEM;
    }
    n = MultiByteToWideChar(CP_UTF8, 0, text, (int) len, NULL, 0);
    w = n > 0 ? malloc((size_t) n * sizeof(wchar_t)) : NULL;
    if (w == NULL) {
        return PF_ENOMEM;
    }
    MultiByteToWideChar(CP_UTF8, 0, text, (int) len, w, n);
    for (off = 0; off < n; off += k) {
        k = n - off < PF_WIN_CONSOLE_CHUNK ? n - off : PF_WIN_CONSOLE_CHUNK;
        if (off + k < n && w[off + k - 1] >= 0xd800 && w[off + k - 1] < 0xdc00) {
            k--;
        }
        if (!WriteConsoleW(h, w + off, (DWORD) k, &done, NULL)) {
            free(w);
            return PF_ERROR;
        }
    }
    free(w);
    return PF_OK;
}

/* The arguments from the wide command line, converted to UTF-8: main's
 * argv went through the ANSI code page, which loses every character
 * outside it (a Cyrillic folder on a Western system, say).  Kept for the
 * life of the process. */
int
pf_args_utf8(int *argc, char ***argv)
{
    wchar_t **wargv;
    char    **out;
    int       n, i, len;

    wargv = CommandLineToArgvW(GetCommandLineW(), &n);
    if (wargv == NULL) {
        return PF_ERROR;
    }
    if (n != *argc) {
        /* not the command line main saw: keep main's argv */
        LocalFree(wargv);
        return PF_ERROR;
    }
    out = calloc((size_t) n + 1, sizeof(char *));
    if (out == NULL) {
        LocalFree(wargv);
        return PF_ENOMEM;
    }
    for (i = 0; i < n; i++) {
        len = WideCharToMultiByte(CP_UTF8, 0, wargv[i], -1, NULL, 0, NULL,
                                  NULL);
        out[i] = len > 0 ? malloc((size_t) len) : NULL;
        if (out[i] == NULL) {
            LocalFree(wargv);
            return PF_ENOMEM;
        }
        WideCharToMultiByte(CP_UTF8, 0, wargv[i], -1, out[i], len, NULL,
                            NULL);
    }
    LocalFree(wargv);
    *argc = n;
    *argv = out;
    return PF_OK;
}
