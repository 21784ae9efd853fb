/*
 * Windows: the journal lives in %ProgramData%\preflight and is replaced
 * by writing a temp file, flushing it to disk and MoveFileEx over the old
 * one (rename() does not replace on Windows).
 */
#include "win/pf_win.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pf_remedy.h"

static void
pf_rw_error(pf_error_t *err, const char *path, const char *what, DWORD code)
{
    char msg[512];

    if (FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM
                       | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code, 0, msg,
                       sizeof(msg), NULL) == 0)
    {
        msg[0] = '\0';
    }
    msg[strcspn(msg, "\r\n")] = '\0';
    pf_error_set(err, path, 0, "%s: %s (error %lu)", what, msg,
                 (unsigned long) code);
}

const char *
pf_remedy_state_dir(pf_pool_t *pool)
{
    const char *s = getenv("PREFLIGHT_STATE_DIR");

    if (s != NULL && s[0] != '\0') {
        return pf_pstrdup(pool, s);
    }
    s = getenv("ProgramData");
    return pf_psprintf(pool, "%s\\preflight",
                       s != NULL && s[0] != '\0' ? s : "C:\\ProgramData");
}

int
pf_remedy_mkdir_one(pf_pool_t *pool, const char *dir, pf_error_t *err)
{
    wchar_t *w = pf_win_wide(pool, dir);
    DWORD    code;

    if (w == NULL) {
        pf_error_set(err, dir, 0, "out of memory");
        return PF_ERROR;
    }
    if (CreateDirectoryW(w, NULL)) {
        return PF_OK;
    }
    code = GetLastError();
    if (code == ERROR_ALREADY_EXISTS || code == ERROR_ACCESS_DENIED) {
        /* "C:" and existing parents; a real denial shows when writing */
        return PF_OK;
    }
    pf_rw_error(err, dir, "cannot create the state directory", code);
    return PF_ERROR;
}

static int
pf_rw_write(const wchar_t *w, const char *tmp, const char *data, size_t len,
            pf_error_t *err)
{
    HANDLE h;
    DWORD  done = 0;
    BOOL   ok;

    h = CreateFileW(w, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                    FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        pf_rw_error(err, tmp, "cannot write", GetLastError());
        return PF_ERROR;
    }
    ok = WriteFile(h, data, (DWORD) len, &done, NULL) && done == len
         && FlushFileBuffers(h);
    if (!ok) {
        pf_rw_error(err, tmp, "cannot write", GetLastError());
    }
    CloseHandle(h);
    if (!ok) {
        DeleteFileW(w);
        return PF_ERROR;
    }
    return PF_OK;
}

int
pf_remedy_write_atomic(pf_pool_t *pool, const char *path, const char *data,
                       size_t len, pf_error_t *err)
{
    const char *tmp = pf_psprintf(pool, "%s.tmp.%lu", path,
                                  (unsigned long) GetCurrentProcessId());
    wchar_t    *wtmp = tmp ? pf_win_wide(pool, tmp) : NULL;
    wchar_t    *wpath = pf_win_wide(pool, path);

    if (wtmp == NULL || wpath == NULL) {
        pf_error_set(err, path, 0, "out of memory");
        return PF_ERROR;
    }
    if (pf_rw_write(wtmp, tmp, data, len, err) != PF_OK) {
        return PF_ERROR;
    }
    if (!MoveFileExW(wtmp, wpath, MOVEFILE_REPLACE_EXISTING
                                  | MOVEFILE_WRITE_THROUGH))
    {
        pf_rw_error(err, path, "cannot replace", GetLastError());
        DeleteFileW(wtmp);
        return PF_ERROR;
    }
    return PF_OK;
}

int
pf_remedy_rename(const char *from, const char *to, pf_error_t *err)
{
    pf_pool_t *pool = pf_pool_create();
    wchar_t   *wf = pool ? pf_win_wide(pool, from) : NULL;
    wchar_t   *wt = pool ? pf_win_wide(pool, to) : NULL;
    int        rc = PF_OK;

    if (wf == NULL || wt == NULL) {
        pf_error_set(err, from, 0, "out of memory");
        rc = PF_ERROR;
    } else if (!MoveFileExW(wf, wt, MOVEFILE_WRITE_THROUGH)) {
        pf_rw_error(err, from, "cannot rename", GetLastError());
        rc = PF_ERROR;
    }
    pf_pool_destroy(pool);
    return rc;
}

const char *
pf_remedy_timestamp(pf_pool_t *pool)
{
    SYSTEMTIME t;

    GetSystemTime(&t);
    return pf_psprintf(pool, "%04u%02u%02uT%02u%02u%02uZ",
                       (unsigned) t.wYear, (unsigned) t.wMonth,
                       (unsigned) t.wDay, (unsigned) t.wHour,
                       (unsigned) t.wMinute, (unsigned) t.wSecond);
}

int
pf_remedy_lock(pf_pool_t *pool, const char *path, void **lock,
               pf_error_t *err)
{
    wchar_t *w = pf_win_wide(pool, path);
    HANDLE  *h = pf_palloc(pool, sizeof(HANDLE));
    DWORD    code;

    if (w == NULL || h == NULL) {
        pf_error_set(err, path, 0, "out of memory");
        return PF_ERROR;
    }
    /* no sharing: a second opener fails; closed (and gone) with us */
    *h = CreateFileW(w, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_ALWAYS,
                     FILE_ATTRIBUTE_NORMAL | FILE_FLAG_DELETE_ON_CLOSE,
                     NULL);
    if (*h == INVALID_HANDLE_VALUE) {
        code = GetLastError();
        if (code == ERROR_SHARING_VIOLATION) {
            pf_error_set(err, path, 0, "another preflight is applying or "
                         "undoing remedies");
        } else {
            pf_rw_error(err, path, "cannot lock", code);
        }
        return PF_ERROR;
    }
    *lock = h;
    return PF_OK;
}

void
pf_remedy_unlock(void *lock)
{
    if (lock != NULL) {
        CloseHandle(*(HANDLE *) lock);
    }
}
