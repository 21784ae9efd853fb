/*
 * The file system for the configuration parsers (pf_fs.h), Win32.
 * Paths are UTF-8 and go to the wide API, as both servers do it: Apache's
 * APR converts its configuration paths from UTF-8 and calls CreateFileW,
 * and nginx for Windows converts its paths from UTF-8 (ngx_utf8_to_utf16)
 * for CreateFileW and FindFirstFileW.  An ANSI call would lose every
 * character outside the code page (C:\Users\José on a Cyrillic system).
 * A path with no drive ("/xampp/apache", XAMPP's stock ServerRoot) is
 * taken on the current drive, as httpd takes it; the launchers cd to the
 * bundle first.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "preflight_internal.h"
#include "pf_fs.h"

/* The current drive ("C:"), for a path rooted without one: "/xampp"
 * is C:\xampp when the current directory is on C:, for httpd as for
 * Windows (Wine alone would take it as a Unix path). */
static int
pf_win_fs_drive(const char *path, wchar_t drive[2])
{
    wchar_t cwd[MAX_PATH];
    DWORD   n;

    if (!(path[0] == '/' || path[0] == '\\')
        || path[1] == '/' || path[1] == '\\')
    {
        return 0;               /* relative, with a drive, or a UNC path */
    }
    n = GetCurrentDirectoryW(MAX_PATH, cwd);
    if (n < 2 || n >= MAX_PATH || cwd[1] != L':') {
        return 0;
    }
    drive[0] = cwd[0];
    drive[1] = L':';
    return 2;
}

/* A malloc'd UTF-16 copy of a UTF-8 path, with tail (a wide suffix such
 * as L"\\*") appended; NULL when it is not UTF-8 or memory ran out. */
static wchar_t *
pf_win_fs_wide(const char *path, const wchar_t *tail)
{
    wchar_t *w, drive[2];
    size_t   t = tail != NULL ? wcslen(tail) : 0;
    int      n, d;

    n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, -1, NULL, 0);
    if (n <= 0) {
        return NULL;
    }
    d = pf_win_fs_drive(path, drive);
    w = malloc(((size_t) d + n + t) * sizeof(wchar_t));
    if (w == NULL) {
        return NULL;
    }
    memcpy(w, drive, (size_t) d * sizeof(wchar_t));
    MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, -1, w + d, n);
    if (t > 0) {
        memcpy(w + d + n - 1, tail, (t + 1) * sizeof(wchar_t));
    }
    return w;
}

static char *
pf_win_fs_utf8(pf_pool_t *pool, const wchar_t *w)
{
    char *s;
    int   n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);

    if (n <= 0 || (s = pf_palloc(pool, (size_t) n)) == NULL) {
        return NULL;
    }
    WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL);
    return s;
}

static int
pf_win_fs_errno(DWORD e)
{
    switch (e) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_NAME:
    case ERROR_INVALID_DRIVE:
    case ERROR_BAD_NETPATH:
        return ENOENT;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
        return EACCES;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
        return ENOMEM;
    default:
        return EIO;
    }
}

/* ReadFile, as pf_fs_slurp wants it. */
static long
pf_win_fs_read(void *handle, char *buf, size_t n, int *e)
{
    DWORD got;

    if (n > 0x40000000) {
        n = 0x40000000;
    }
    if (!ReadFile((HANDLE) handle, buf, (DWORD) n, &got, NULL)) {
        *e = pf_win_fs_errno(GetLastError());
        return -1;
    }
    return (long) got;
}

int
pf_fs_read_file(const char *path, size_t max, char **text, size_t *len,
                pf_error_t *err)
{
    pf_fs_source_t  src;
    wchar_t        *w;
    HANDLE          h;
    DWORD           e;
    int             rc;

    if (pf_fs_kind(path) == PF_FS_DIR) {
        return pf_fs_fail(err, "read()", path, EISDIR);
    }
    w = pf_win_fs_wide(path, NULL);
    if (w == NULL) {
        return pf_fs_fail(err, "open()", path, EINVAL);
    }
    /* the server may have its configuration open: share everything */
    h = CreateFileW(w, GENERIC_READ,
                    FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                    NULL, OPEN_EXISTING, FILE_FLAG_SEQUENTIAL_SCAN, NULL);
    e = GetLastError();
    free(w);
    if (h == INVALID_HANDLE_VALUE) {
        return pf_fs_fail(err, "open()", path, pf_win_fs_errno(e));
    }
    src.read_fn = pf_win_fs_read;
    src.handle = h;
    src.path = path;
    rc = pf_fs_slurp(&src, max, text, len, err);
    CloseHandle(h);
    return rc;
}

pf_fs_kind_t
pf_fs_kind(const char *path)
{
    wchar_t *w = pf_win_fs_wide(path, NULL);
    DWORD    a;

    if (w == NULL) {
        return PF_FS_NONE;
    }
    a = GetFileAttributesW(w);
    free(w);
    if (a == INVALID_FILE_ATTRIBUTES) {
        return PF_FS_NONE;
    }
    if (a & FILE_ATTRIBUTE_DIRECTORY) {
        return PF_FS_DIR;
    }
    return (a & FILE_ATTRIBUTE_DEVICE) ? PF_FS_OTHER : PF_FS_FILE;
}

static int
pf_win_fs_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

int
pf_fs_list_dir(pf_pool_t *pool, const char *dir, pf_array_t *names,
               pf_error_t *err)
{
    WIN32_FIND_DATAW  fd;
    HANDLE            h;
    wchar_t          *pattern;
    char            **slot;
    DWORD             e;

    if (pf_array_init(names, pool, 16, sizeof(char *)) != PF_OK) {
        return PF_ENOMEM;
    }
    pattern = pf_win_fs_wide(dir, L"\\*");
    if (pattern == NULL) {
        pf_error_set(err, NULL, 0, "\"%s\" is not a UTF-8 path", dir);
        return PF_ERROR;
    }
    h = FindFirstFileW(pattern, &fd);
    e = GetLastError();
    free(pattern);
    if (h == INVALID_HANDLE_VALUE) {
        if (e == ERROR_FILE_NOT_FOUND) {
            return PF_OK;       /* an empty directory */
        }
        pf_error_set(err, NULL, 0, "FindFirstFile(\"%s\") failed: error %lu",
                     dir, (unsigned long) e);
        return PF_ERROR;
    }
    do {
        if (wcscmp(fd.cFileName, L".") == 0
            || wcscmp(fd.cFileName, L"..") == 0)
        {
            continue;
        }
        slot = pf_array_push(names);
        if (slot == NULL
            || (*slot = pf_win_fs_utf8(pool, fd.cFileName)) == NULL)
        {
            FindClose(h);
            return PF_ENOMEM;
        }
    } while (FindNextFileW(h, &fd));
    FindClose(h);
    if (names->nelts > 1) {
        qsort(names->elts, names->nelts, sizeof(char *), pf_win_fs_cmp);
    }
    return PF_OK;
}

int
pf_fs_realpath(pf_pool_t *pool, const char *path, char **out,
               pf_error_t *err)
{
    wchar_t *w = pf_win_fs_wide(path, NULL), *full;
    DWORD    n;

    if (w == NULL) {
        return pf_fs_fail(err, "GetFullPathName()", path, EINVAL);
    }
    /* does not resolve links; a loop through a junction is still
     * stopped by the include depth limit.  "/x" gets the current drive. */
    n = GetFullPathNameW(w, 0, NULL, NULL);
    full = n > 0 ? malloc((size_t) n * sizeof(wchar_t)) : NULL;
    if (full == NULL || GetFullPathNameW(w, n, full, NULL) == 0) {
        free(w);
        free(full);
        return pf_fs_fail(err, "GetFullPathName()", path, ENOENT);
    }
    free(w);
    *out = pf_win_fs_utf8(pool, full);
    free(full);
    return *out ? PF_OK : PF_ENOMEM;
}

int
pf_fs_is_link(const char *path)
{
    /* _fullpath costs no system call: nothing to save */
    (void) path;
    return -1;
}

int
pf_fs_is_absolute(const char *path)
{
    if (path[0] == '/' || path[0] == '\\') {
        return 1;
    }
    return ((path[0] >= 'A' && path[0] <= 'Z')
            || (path[0] >= 'a' && path[0] <= 'z'))
           && path[1] == ':' && (path[2] == '/' || path[2] == '\\');
}

int
pf_fs_is_sep(char c)
{
    return c == '/' || c == '\\';
}
