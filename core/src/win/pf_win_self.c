/*
 * Who "this server" is, asked of Windows (preflight.h, "Who am I"; the
 * common part is core/src/pf_self.c), and this process's executable
 * (pf_platform.h).  Paths and command lines are wide in the system and
 * UTF-8 here, as everywhere in the core.
 */
#include "pf_win.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <shellapi.h>
#include <tlhelp32.h>

#include "pf_platform.h"

/* Longest path the wide API returns (\\?\ paths included). */
#define PF_WIN_SELF_PATH_MAX  32768

static int
pf_win_self_fail(pf_error_t *err, const char *path, const char *what,
                 DWORD e)
{
    const char *why = e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND
                      ? "no such file"
                      : e == ERROR_ACCESS_DENIED ? "access denied" : NULL;

    if (why != NULL) {
        pf_error_set(err, path, 0, "%s failed: %s", what, why);
    } else {
        pf_error_set(err, path, 0, "%s failed: error %lu", what,
                     (unsigned long) e);
    }
    return PF_ERROR;
}

/* path (len bytes of UTF-8) as a wide string to free(); NULL when it is
 * not UTF-8 or holds a NUL. */
static wchar_t *
pf_win_self_wide(const char *path, size_t len)
{
    wchar_t *w;
    int      n;

    if (len == 0 || len > PF_WIN_SELF_PATH_MAX
        || memchr(path, '\0', len) != NULL)
    {
        return NULL;
    }
    n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, (int) len,
                            NULL, 0);
    if (n <= 0 || (w = malloc(((size_t) n + 1) * sizeof(wchar_t))) == NULL) {
        return NULL;
    }
    MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, (int) len, w, n);
    w[n] = L'\0';
    return w;
}

static int
pf_win_self_read_handle(HANDLE h, const char *name, char *buf, size_t size,
                        size_t *n, pf_error_t *err)
{
    BY_HANDLE_FILE_INFORMATION fi;
    DWORD                      got;

    if (GetFileType(h) != FILE_TYPE_DISK
        || !GetFileInformationByHandle(h, &fi)
        || (fi.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY))
    {
        pf_error_set(err, name, 0, "not a regular file");
        return PF_ERROR;
    }
    /* a disk file gives all it has up to the count */
    if (!ReadFile(h, buf, (DWORD) size, &got, NULL)) {
        return pf_win_self_fail(err, name, "ReadFile()", GetLastError());
    }
    *n = got;
    return PF_OK;
}

int
pf_platform_read_small(const char *path, size_t len, char *buf, size_t size,
                       size_t *n, pf_error_t *err)
{
    char     name[sizeof(err->file)];
    wchar_t *w = pf_win_self_wide(path, len);
    HANDLE   h;
    int      rc;

    snprintf(name, sizeof(name), "%.*s", (int) len, path);
    if (w == NULL) {
        pf_error_set(err, name, 0, "not a file name (UTF-8, no NUL)");
        return PF_ERROR;
    }
    /* the server keeps its pid file open, or rewrites it: share all;
     * FILE_FLAG_BACKUP_SEMANTICS opens a directory, to say it is one */
    h = CreateFileW(w, GENERIC_READ,
                    FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                    NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE) {
        return pf_win_self_fail(err, name, "CreateFileW()", GetLastError());
    }
    rc = pf_win_self_read_handle(h, name, buf, size, n, err);
    CloseHandle(h);
    return rc;
}

int
pf_self_alive(long pid)
{
    HANDLE h;
    DWORD  code = 0;

    if (pid <= 0) {
        return 0;
    }
    h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD) pid);
    if (h == NULL) {
        /* access denied: it exists */
        return GetLastError() == ERROR_ACCESS_DENIED;
    }
    if (!GetExitCodeProcess(h, &code)) {
        code = STILL_ACTIVE;
    }
    CloseHandle(h);
    return code == STILL_ACTIVE;
}

/* The full image path of an open process, into w (PF_WIN_SELF_PATH_MAX). */
static int
pf_win_self_image(HANDLE h, wchar_t *w)
{
    DWORD n = PF_WIN_SELF_PATH_MAX;

    return h != NULL && QueryFullProcessImageNameW(h, 0, w, &n) && n > 0;
}

/* One path, two spellings at most by case: NTFS and the image paths
 * Windows returns compare without case, as the file system does. */
int
pf_self_same_exe(long pid)
{
    wchar_t *a, *b;
    HANDLE   h;
    int      same = -1;

    if (pid <= 0) {
        return -1;
    }
    a = malloc(2 * PF_WIN_SELF_PATH_MAX * sizeof(wchar_t));
    if (a == NULL) {
        return -1;
    }
    b = a + PF_WIN_SELF_PATH_MAX;
    h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD) pid);
    if (pf_win_self_image(h, a) && pf_win_self_image(GetCurrentProcess(), b)) {
        same = CompareStringOrdinal(a, -1, b, -1, TRUE) == CSTR_EQUAL;
    }
    if (h != NULL) {
        CloseHandle(h);
    }
    free(a);
    return same;
}

/* The image of this process (httpd.exe, nginx.exe), as Windows knows
 * it, however long its path; argv0 is not needed. */
const char *
pf_platform_self_exe(pf_pool_t *pool, const char *argv0)
{
    wchar_t    *w;
    const char *exe = NULL;

    (void) argv0;
    w = malloc(PF_WIN_SELF_PATH_MAX * sizeof(wchar_t));
    if (w != NULL && pf_win_self_image(GetCurrentProcess(), w)) {
        exe = pf_win_utf8(pool, w);
    }
    free(w);
    return exe;
}

long
pf_self_pid(void)
{
    return (long) GetCurrentProcessId();
}

/* Windows keeps no parent link, only the pid it was started by, in the
 * process list: that process may have exited since. */
long
pf_self_parent(void)
{
    PROCESSENTRY32W e;
    HANDLE          snap;
    DWORD           me = GetCurrentProcessId();
    long            parent = 0;
    BOOL            ok;

    snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (snap == INVALID_HANDLE_VALUE) {
        return 0;
    }
    e.dwSize = sizeof(e);
    for (ok = Process32FirstW(snap, &e); ok; ok = Process32NextW(snap, &e)) {
        if (e.th32ProcessID == me) {
            parent = (long) e.th32ParentProcessID;
            break;
        }
    }
    CloseHandle(snap);
    return parent;
}

/* The command line split as a C runtime splits it (CommandLineToArgvW),
 * each word UTF-8. */
size_t
pf_self_cmdline(char *buf, size_t size)
{
    LPWSTR *argv;
    size_t  used = 0;
    int     argc = 0, i, n;

    argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    if (argv == NULL) {
        return 0;
    }
    for (i = 0; i < argc; i++) {
        n = WideCharToMultiByte(CP_UTF8, 0, argv[i], -1, NULL, 0, NULL,
                                NULL);
        if (n <= 0 || (size_t) n > size - used) {
            break;
        }
        WideCharToMultiByte(CP_UTF8, 0, argv[i], -1, buf + used, n, NULL,
                            NULL);
        used += (size_t) n;
    }
    LocalFree(argv);
    return used;
}
