/*
 * Windows: the journal lives in %ProgramData%\preflight and is replaced
 * by writing a temp file, flushing it to disk and MoveFileEx over the old
 * one (rename() does not replace on Windows).
 */
#include "win/pf_win.h"

#include <aclapi.h>
#include <sddl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "remedy/pf_remedy.h"

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

/*
 * The state directory is SYSTEM's and the Administrators': the journal in
 * it tells undo what to start.  %ProgramData% lets Users create files and
 * folders, and a directory inheriting that would let any user write the
 * journal, so it is made with its own protected DACL, and an existing one
 * that grants others a write or create right is refused, never repaired.
 */
#define PF_STATE_SDDL  L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)"

/* what writes, creates or deletes inside the directory, or re-grants */
#define PF_WRITE_RIGHTS  (FILE_WRITE_DATA | FILE_APPEND_DATA           \
                          | FILE_WRITE_EA | FILE_WRITE_ATTRIBUTES      \
                          | FILE_DELETE_CHILD | DELETE | WRITE_DAC     \
                          | WRITE_OWNER | GENERIC_WRITE | GENERIC_ALL)

int
pf_remedy_mkdir_one(pf_pool_t *pool, const char *dir, pf_error_t *err)
{
    wchar_t             *w = pf_win_wide(pool, dir);
    PSECURITY_DESCRIPTOR sd = NULL;
    SECURITY_ATTRIBUTES  sa;
    BOOL                 made;
    DWORD                code;

    if (w == NULL) {
        pf_error_set(err, dir, 0, "out of memory");
        return PF_ERROR;
    }
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(
            PF_STATE_SDDL, SDDL_REVISION_1, &sd, NULL))
    {
        pf_rw_error(err, dir, "cannot build the state directory's DACL",
                    GetLastError());
        return PF_ERROR;
    }
    sa.nLength = sizeof(sa);
    sa.lpSecurityDescriptor = sd;
    sa.bInheritHandle = FALSE;
    made = CreateDirectoryW(w, &sa);
    code = GetLastError();
    LocalFree(sd);
    if (made) {
        return PF_OK;
    }
    if (code == ERROR_ALREADY_EXISTS || code == ERROR_ACCESS_DENIED) {
        /* "C:" and existing parents; a real denial shows when writing */
        return PF_OK;
    }
    pf_rw_error(err, dir, "cannot create the state directory", code);
    return PF_ERROR;
}

/* The accounts that are not SYSTEM, Administrators or the owner. */
static const char *
pf_win_other_account(PSID sid)
{
    static const struct { WELL_KNOWN_SID_TYPE t; const char *name; } o[] = {
        { WinWorldSid, "Everyone" },
        { WinAuthenticatedUserSid, "Authenticated Users" },
        { WinBuiltinUsersSid, "Users" },
        { WinInteractiveSid, "INTERACTIVE" },
        { WinBuiltinGuestsSid, "Guests" },
        { WinAnonymousSid, "ANONYMOUS LOGON" }
    };
    BYTE   buf[SECURITY_MAX_SID_SIZE];
    DWORD  n;
    size_t i;

    for (i = 0; i < sizeof(o) / sizeof(o[0]); i++) {
        n = sizeof(buf);
        if (CreateWellKnownSid(o[i].t, NULL, (PSID) buf, &n)
            && EqualSid(sid, (PSID) buf))
        {
            return o[i].name;
        }
    }
    return NULL;
}

static int
pf_win_dacl_check(pf_pool_t *pool, const char *dir, PACL dacl,
                  pf_error_t *err)
{
    ACL_SIZE_INFORMATION info;
    DWORD                i;

    if (dacl == NULL) {
        pf_error_set(err, dir, 0, "refusing the state directory: it has no "
                     "DACL, so everyone has full control");
        return PF_ERROR;
    }
    if (!GetAclInformation(dacl, &info, sizeof(info), AclSizeInformation)) {
        pf_rw_error(err, dir, "cannot read the DACL", GetLastError());
        return PF_ERROR;
    }
    for (i = 0; i < info.AceCount; i++) {
        ACCESS_ALLOWED_ACE *a;
        const char         *who;

        if (!GetAce(dacl, i, (LPVOID *) &a)
            || a->Header.AceType != ACCESS_ALLOWED_ACE_TYPE
            || (a->Header.AceFlags & INHERIT_ONLY_ACE)
            || (a->Mask & PF_WRITE_RIGHTS) == 0)
        {
            continue;
        }
        who = pf_win_other_account((PSID) &a->SidStart);
        if (who != NULL) {
            pf_error_set(err, dir, 0, "refusing the state directory: its "
                         "DACL lets %s write or create files in it (access "
                         "mask 0x%lx); it must grant only SYSTEM and "
                         "Administrators (remove it or set "
                         "PREFLIGHT_STATE_DIR)", who,
                         (unsigned long) a->Mask);
            (void) pool;
            return PF_ERROR;
        }
    }
    return PF_OK;
}

int
pf_remedy_dir_check(pf_pool_t *pool, const char *dir, pf_error_t *err)
{
    wchar_t             *w = pf_win_wide(pool, dir);
    PSECURITY_DESCRIPTOR sd = NULL;
    PACL                 dacl = NULL;
    DWORD                attrs, code;
    int                  rc;

    if (w == NULL) {
        pf_error_set(err, dir, 0, "out of memory");
        return PF_ERROR;
    }
    attrs = GetFileAttributesW(w);
    if (attrs == INVALID_FILE_ATTRIBUTES) {
        pf_rw_error(err, dir, "cannot use the state directory",
                    GetLastError());
        return PF_ERROR;
    }
    if (attrs & FILE_ATTRIBUTE_REPARSE_POINT) {
        pf_error_set(err, dir, 0, "refusing the state directory: it is a "
                     "symbolic link or junction");
        return PF_ERROR;
    }
    if (!(attrs & FILE_ATTRIBUTE_DIRECTORY)) {
        pf_error_set(err, dir, 0, "refusing the state directory: it is not "
                     "a directory");
        return PF_ERROR;
    }
    code = GetNamedSecurityInfoW(w, SE_FILE_OBJECT,
                                 DACL_SECURITY_INFORMATION, NULL, NULL,
                                 &dacl, NULL, &sd);
    if (code != ERROR_SUCCESS) {
        pf_rw_error(err, dir, "cannot read the state directory's DACL",
                    code);
        return PF_ERROR;
    }
    rc = pf_win_dacl_check(pool, dir, dacl, err);
    LocalFree(sd);
    return rc;
}

FILE *
pf_remedy_open_read(const char *path)
{
    pf_pool_t *pool = pf_pool_create();
    wchar_t   *w = pool ? pf_win_wide(pool, path) : NULL;
    DWORD      attrs = w ? GetFileAttributesW(w) : INVALID_FILE_ATTRIBUTES;
    FILE      *f = NULL;

    if (w != NULL && attrs != INVALID_FILE_ATTRIBUTES
        && (attrs & FILE_ATTRIBUTE_REPARSE_POINT))
    {
        errno = EPERM;
    } else if (w != NULL) {
        f = _wfopen(w, L"rb");
    } else {
        errno = ENOMEM;
    }
    pf_pool_destroy(pool);
    return f;
}

static int
pf_rw_write(const wchar_t *w, const char *tmp, const char *data, size_t len,
            pf_error_t *err)
{
    HANDLE h;
    DWORD  done = 0;
    BOOL   ok;

    /* CREATE_NEW: never a file or link that was there before */
    h = CreateFileW(w, GENERIC_WRITE, 0, NULL, CREATE_NEW,
                    FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT,
                    NULL);
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
    LARGE_INTEGER  now;
    const char    *tmp;
    wchar_t       *wtmp, *wpath;

    /* a name nobody can plant in advance; CREATE_NEW refuses one anyway */
    QueryPerformanceCounter(&now);
    tmp = pf_psprintf(pool, "%s.tmp.%lu.%llx", path,
                      (unsigned long) GetCurrentProcessId(),
                      (unsigned long long) now.QuadPart);
    wtmp = tmp ? pf_win_wide(pool, tmp) : NULL;
    wpath = pf_win_wide(pool, path);
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
    wchar_t                    *w = pf_win_wide(pool, path);
    HANDLE                     *h = pf_palloc(pool, sizeof(HANDLE));
    DWORD                       code;
    BY_HANDLE_FILE_INFORMATION  info;

    if (w == NULL || h == NULL) {
        pf_error_set(err, path, 0, "out of memory");
        return PF_ERROR;
    }
    /* no sharing: a second opener fails; closed (and gone) with us */
    /* the link itself, never what a planted link points to */
    *h = CreateFileW(w, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_ALWAYS,
                     FILE_ATTRIBUTE_NORMAL | FILE_FLAG_DELETE_ON_CLOSE
                     | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
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
    if (GetFileInformationByHandle(*h, &info)
        && (info.dwFileAttributes & (FILE_ATTRIBUTE_REPARSE_POINT
                                     | FILE_ATTRIBUTE_DIRECTORY)))
    {
        CloseHandle(*h);
        pf_error_set(err, path, 0, "refusing the lock: it is a link or a "
                     "directory, not a file");
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
