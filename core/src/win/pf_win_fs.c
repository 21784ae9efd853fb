/*
 * The file system for the configuration parsers (pf_fs.h), Win32.
 * ANSI calls are enough for configuration paths; nginx for Windows
 * itself uses the ANSI code page for them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <windows.h>

#include "preflight.h"
#include "pf_fs.h"

/* fread, as pf_fs_slurp wants it. */
static long
pf_win_fs_read(void *handle, char *buf, size_t n, int *e)
{
    FILE   *f = handle;
    size_t  r = fread(buf, 1, n, f);

    if (r == 0 && ferror(f)) {
        *e = EIO;
        return -1;
    }
    return (long) r;
}

int
pf_fs_read_file(const char *path, size_t max, char **text, size_t *len,
                pf_error_t *err)
{
    FILE *f;
    int   rc;

    if (pf_fs_kind(path) == PF_FS_DIR) {
        return pf_fs_fail(err, "read()", path, EISDIR);
    }
    f = fopen(path, "rb");
    if (f == NULL) {
        return pf_fs_fail(err, "open()", path, errno);
    }
    rc = pf_fs_slurp(pf_win_fs_read, f, path, max, text, len, err);
    fclose(f);
    return rc;
}

pf_fs_kind_t
pf_fs_kind(const char *path)
{
    struct _stat st;

    if (_stat(path, &st) == -1) {
        return PF_FS_NONE;
    }
    if (st.st_mode & _S_IFDIR) {
        return PF_FS_DIR;
    }
    return (st.st_mode & _S_IFREG) ? PF_FS_FILE : PF_FS_OTHER;
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
    WIN32_FIND_DATAA  fd;
    HANDLE            h;
    char             *pattern, **slot;

    if (pf_array_init(names, pool, 16, sizeof(char *)) != PF_OK) {
        return PF_ENOMEM;
    }
    pattern = pf_psprintf(pool, "%s\\*", dir);
    if (pattern == NULL) {
        return PF_ENOMEM;
    }
    h = FindFirstFileA(pattern, &fd);
    if (h == INVALID_HANDLE_VALUE) {
        if (GetLastError() == ERROR_FILE_NOT_FOUND) {
            return PF_OK;       /* an empty directory */
        }
        pf_error_set(err, NULL, 0, "FindFirstFile(\"%s\") failed: error %lu",
                     dir, (unsigned long) GetLastError());
        return PF_ERROR;
    }
    do {
        if (strcmp(fd.cFileName, ".") == 0
            || strcmp(fd.cFileName, "..") == 0)
        {
            continue;
        }
        slot = pf_array_push(names);
        if (slot == NULL || (*slot = pf_pstrdup(pool, fd.cFileName)) == NULL)
        {
            FindClose(h);
            return PF_ENOMEM;
        }
    } while (FindNextFileA(h, &fd));
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
    char full[MAX_PATH * 2];

    /* _fullpath does not resolve links; a loop through a junction is
     * still stopped by the include depth limit. */
    if (_fullpath(full, path, sizeof(full)) == NULL) {
        return pf_fs_fail(err, "_fullpath()", path, errno);
    }
    *out = pf_pstrdup(pool, full);
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
