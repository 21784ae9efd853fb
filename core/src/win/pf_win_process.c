/*
 * A process holding a port: image path, name, parent and user.  Another
 * user's process may refuse to open without elevation: what cannot be
 * read becomes a note, never a failure.  The Toolhelp snapshot still
 * names it and gives its parent.
 */
#include "pf_win.h"

#include <string.h>
#include <tlhelp32.h>

/* Name and parent from a process snapshot (readable without rights). */
static void
pf_win_process_snapshot(pf_pool_t *pool, pf_process_t *p)
{
    HANDLE          snap;
    PROCESSENTRY32W e;

    snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (snap == INVALID_HANDLE_VALUE) {
        return;
    }
    e.dwSize = sizeof(e);
    if (Process32FirstW(snap, &e)) {
        do {
            if ((long) e.th32ProcessID == p->pid) {
                p->ppid = (long) e.th32ParentProcessID;
                p->name = pf_win_utf8(pool, e.szExeFile);
                break;
            }
        } while (Process32NextW(snap, &e));
    }
    CloseHandle(snap);
}

/* "DOMAIN\user" of the process token. */
static const char *
pf_win_token_user(pf_pool_t *pool, HANDLE proc, pf_array_t *notes)
{
    HANDLE       token;
    BYTE         buf[512];
    TOKEN_USER  *tu = (TOKEN_USER *) buf;
    wchar_t      name[256], domain[256];
    DWORD        len = 0, nlen = 256, dlen = 256;
    SID_NAME_USE use;
    const char  *user = NULL;

    if (!OpenProcessToken(proc, TOKEN_QUERY, &token)) {
        pf_win_note(pool, notes, "process token (user)", GetLastError());
        return NULL;
    }
    if (GetTokenInformation(token, TokenUser, buf, sizeof(buf), &len)
        && LookupAccountSidW(NULL, tu->User.Sid, name, &nlen, domain, &dlen,
                             &use))
    {
        user = dlen > 0 ? pf_psprintf(pool, "%s\\%s",
                                      pf_win_utf8(pool, domain),
                                      pf_win_utf8(pool, name))
                        : pf_win_utf8(pool, name);
    } else {
        pf_win_note(pool, notes, "process user", GetLastError());
    }
    CloseHandle(token);
    return user;
}

static void
pf_win_process_open(pf_pool_t *pool, pf_process_t *p, pf_array_t *notes)
{
    HANDLE  h;
    wchar_t path[MAX_PATH * 2];
    DWORD   n = sizeof(path) / sizeof(path[0]);
    char   *what;

    h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD) p->pid);
    if (h == NULL) {
        what = pf_psprintf(pool, "process %ld (OpenProcess; run elevated "
                           "to see more)", p->pid);
        pf_win_note(pool, notes, what, GetLastError());
        return;
    }
    if (QueryFullProcessImageNameW(h, 0, path, &n)) {
        p->exe = pf_win_utf8n(pool, path, (int) n);
    } else {
        what = pf_psprintf(pool, "process %ld image path", p->pid);
        pf_win_note(pool, notes, what, GetLastError());
    }
    p->user = pf_win_token_user(pool, h, notes);
    CloseHandle(h);
}

static const char *
pf_win_base_name(const char *path)
{
    const char *slash = strrchr(path, '\\');

    return slash != NULL ? slash + 1 : path;
}

pf_process_t *
pf_win_process(pf_pool_t *pool, pf_target_facts_t *f, long pid)
{
    pf_process_t *p = pf_facts_find_process(f, pid);

    if (p != NULL) {
        return p;
    }
    p = pf_array_push(&f->processes);
    if (p == NULL) {
        return NULL;
    }
    pf_process_init(p, pool);
    p->pid = pid;
    if (pid == 0 || pid == 4) {
        /* the kernel: HTTP.sys (Windows says 4, Wine says 0) */
        p->kernel = 1;
        p->name = "System";
        return p;
    }
    pf_win_process_snapshot(pool, p);
    pf_win_process_open(pool, p, &f->notes);
    if (p->name == NULL && p->exe != NULL) {
        p->name = pf_pstrdup(pool, pf_win_base_name(p->exe));
    }
    return p;
}
