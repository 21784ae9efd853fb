/*
 * The system handle table, for two facts the usual APIs do not give:
 *
 * - who holds a listening socket whose TCP-table row says owner PID 0
 *   (Wine gives that for every listener: wineserver keeps the socket), or
 *   whose owner has exited (a child inherited it).  The holder still has a
 *   handle to it: getsockname() on a copy of that handle gives the port.
 * - who holds an HTTP.sys request queue (an open \Device\Http\ReqQueue).
 *   netsh http show servicestate lists queues with their URLs on
 *   Windows; Wine's netsh cannot, and no API reads a queue's URLs.
 *
 * Both read the table Process Explorer reads (SystemExtendedHandle-
 * Information), valid on Windows as administrator (SeDebugPrivilege is
 * enabled for the walk, then restored: the core runs inside servers) and
 * under Wine.  The walk runs only when the TCP table or netsh left a gap.
 *
 * What may hang is kept apart, as System Informer does (phlib/hndlinfo.c):
 *
 * - the type of a handle comes from its type index in the table, named
 *   once from the object type list (NtQueryObject ObjectTypesInformation),
 *   so that only File and Directory handles are ever duplicated; a type
 *   index the list does not name is asked once, of a copy, by
 *   ObjectTypeInformation, which does not wait on the file;
 * - the name of a file (NtQueryObject ObjectNameInformation waits for a
 *   synchronous pipe's pending read, for good) is asked in a worker
 *   thread that allocates nothing, under a timeout per handle; a worker
 *   that stalls is ended and replaced, and the walk goes on;
 * - no socket API is called on a handle not known to be a socket: its
 *   name is \Device\Afd (Windows) or, under Wine only, empty.
 *
 * The access mask says nothing of the kind of file: httpapi.dll opens an
 * unnamed request queue with FILE_GENERIC_READ | FILE_GENERIC_WRITE
 * (0x0012019f), the mask of many a pipe too, so no mask is skipped.
 *
 * A walk is complete when every handle of every process was looked at: no
 * stall, no process that could not be opened, no time limit reached.
 * Only a complete walk may name a process (and then as "possibly").
 */
#include "pf_win.h"

#include <stdlib.h>
#include <string.h>
#include <winternl.h>

#define PF_WIN_HANDLE_INFO_EX     64   /* SystemExtendedHandleInformation */
#define PF_WIN_OBJECT_NAME        1    /* ObjectNameInformation */
#define PF_WIN_OBJECT_TYPE        2    /* ObjectTypeInformation */
#define PF_WIN_OBJECT_TYPES       3    /* ObjectTypesInformation */
#define PF_WIN_MISMATCH           ((NTSTATUS) 0xC0000004L)
#define PF_WIN_QUERY_MS           200  /* one name query */
#define PF_WIN_MAX_STALLS         16   /* then the walk gives up */
#define PF_WIN_WALK_MS            15000

typedef struct {
    PVOID      object;
    ULONG_PTR  pid;
    ULONG_PTR  handle;
    ULONG      access;
    USHORT     backtrace;
    USHORT     type_index;
    ULONG      attributes;
    ULONG      reserved;
} pf_win_handle_entry_t;

typedef struct {
    ULONG_PTR              count;
    ULONG_PTR              reserved;
    pf_win_handle_entry_t  handles[1];
} pf_win_handle_table_t;

/* OBJECT_TYPE_INFORMATION as ObjectTypesInformation lists it. */
typedef struct {
    UNICODE_STRING  name;
    ULONG           counts[13];
    GENERIC_MAPPING mapping;
    ULONG           valid_access;
    BOOLEAN         security_required;
    BOOLEAN         maintain_count;
    UCHAR           type_index;    /* Windows 8.1 and later */
    CHAR            reserved;
    ULONG           pool_type;
    ULONG           paged_charge;
    ULONG           nonpaged_charge;
} pf_win_object_type_t;

typedef NTSTATUS (NTAPI *pf_win_nt_qsi_t)(ULONG, PVOID, ULONG, PULONG);
typedef NTSTATUS (NTAPI *pf_win_nt_qo_t)(HANDLE, ULONG, PVOID, ULONG,
                                          PULONG);

typedef struct {
    pf_win_handle_table_t  *table;
    pf_win_nt_qo_t          query_object;
    unsigned                port;
    DWORD                   self;
    int                     wine;
    unsigned char           kinds[65536];  /* pf_win_kind_t by type index */
    /* the name worker: it reads `query` into `info`, nothing else */
    HANDLE                  worker, start, done;
    HANDLE                  query;
    NTSTATUS                status;
    union {
        UNICODE_STRING      name;
        BYTE                bytes[4096];
    }                       info;
    long                    sockets[PF_WIN_HANDLE_PIDS];
    long                    queues[PF_WIN_HANDLE_PIDS];
    long                    hosts[PF_WIN_HANDLE_PIDS];
    unsigned                nsockets, nqueues, nhosts;
    unsigned                unopened;      /* processes we may not read */
    unsigned                stalls;        /* name queries that timed out */
    int                     cut;           /* time or stall limit reached */
} pf_win_walk_t;

/* What the walk does with a handle, from what the table says of it. */
pf_win_handle_step_t
pf_win_handle_step(pf_win_kind_t kind, unsigned long access)
{
    (void) access;             /* no mask means "pipe" or "not a queue" */
    switch (kind) {
    case PF_WIN_KIND_FILE:
    case PF_WIN_KIND_DIRECTORY:
        return PF_WIN_STEP_NAME;
    case PF_WIN_KIND_UNKNOWN:
        return PF_WIN_STEP_TYPE;
    default:
        return PF_WIN_STEP_SKIP;
    }
}

/* A name says socket: \Device\Afd (an AFD endpoint) on Windows; Wine
 * gives sockets no name at all. */
int
pf_win_name_is_socket(const wchar_t *name, size_t len, int wine)
{
    static const wchar_t afd[] = L"\\Device\\Afd";
    size_t               n = sizeof(afd) / sizeof(afd[0]) - 1;

    if (len == 0) {
        return wine;
    }
    return len >= n && memcmp(name, afd, n * sizeof(wchar_t)) == 0
           && (len == n || name[n] == L'\\');
}

static void
pf_win_add_pid(long *pids, unsigned *n, long pid)
{
    unsigned i;

    for (i = 0; i < *n; i++) {
        if (pids[i] == pid) {
            return;
        }
    }
    if (*n < PF_WIN_HANDLE_PIDS) {
        pids[(*n)++] = pid;
    }
}

static int
pf_win_string_is(const UNICODE_STRING *s, const wchar_t *text)
{
    size_t n = wcslen(text);

    return s != NULL && s->Length == n * sizeof(wchar_t)
           && memcmp(s->Buffer, text, n * sizeof(wchar_t)) == 0;
}

static int
pf_win_string_starts(const UNICODE_STRING *s, const wchar_t *text)
{
    size_t n = wcslen(text);

    return s != NULL && s->Length >= n * sizeof(wchar_t)
           && memcmp(s->Buffer, text, n * sizeof(wchar_t)) == 0;
}

static pf_win_kind_t
pf_win_kind_of(const UNICODE_STRING *type)
{
    return pf_win_string_is(type, L"File") ? PF_WIN_KIND_FILE
           : pf_win_string_is(type, L"Directory") ? PF_WIN_KIND_DIRECTORY
           : PF_WIN_KIND_OTHER;
}

#define PF_WIN_ALIGN(n)  (((n) + sizeof(void *) - 1) & ~(sizeof(void *) - 1))

/* One reading of the object type list: by the index in each entry
 * (Windows 8.1 and later), or by position plus two (before). */
static int
pf_win_type_fill(pf_win_walk_t *w, const BYTE *buf, ULONG len, int by_index)
{
    const BYTE *p = buf + PF_WIN_ALIGN(sizeof(ULONG));
    ULONG       n = *(const ULONG *) buf, i;

    for (i = 0; i < n; i++) {
        const pf_win_object_type_t *t = (const void *) p;

        if (p + sizeof(*t) > buf + len || (by_index && t->type_index == 0)) {
            return 0;
        }
        w->kinds[by_index ? t->type_index : (i + 2) & 0xffff] =
            (unsigned char) pf_win_kind_of(&t->name);
        p += sizeof(*t) + PF_WIN_ALIGN(t->name.MaximumLength);
    }
    return 1;
}

/* Names every type index from the object type list, before any handle
 * is touched; an index it does not name is asked of a copy later. */
static void
pf_win_type_list(pf_win_walk_t *w)
{
    ULONG  size = 1 << 16, len = 0;
    BYTE  *buf = malloc(size);

    if (buf == NULL
        || w->query_object(NULL, PF_WIN_OBJECT_TYPES, buf, size, &len) < 0
        || len < sizeof(ULONG))
    {
        free(buf);
        return;
    }
    len = len < size ? len : size;
    if (!pf_win_type_fill(w, buf, len, 1)) {
        memset(w->kinds, 0, sizeof(w->kinds));
        if (!pf_win_type_fill(w, buf, len, 0)) {
            memset(w->kinds, 0, sizeof(w->kinds));
        }
    }
    free(buf);
}

/* The type list is trusted only when it names File the type index of a
 * file handle of our own (Wine's list and table disagree by two); else
 * each index is asked of a copy once. */
static void
pf_win_type_check(pf_win_walk_t *w, HANDLE mine)
{
    ULONG_PTR i;

    for (i = 0; i < w->table->count; i++) {
        const pf_win_handle_entry_t *e = &w->table->handles[i];

        if (e->pid == w->self && e->handle == (ULONG_PTR) mine) {
            if (w->kinds[e->type_index] != PF_WIN_KIND_FILE) {
                memset(w->kinds, 0, sizeof(w->kinds));
                w->kinds[e->type_index] = PF_WIN_KIND_FILE;
            }
            return;
        }
    }
    memset(w->kinds, 0, sizeof(w->kinds));
}

/* The name worker: waits for a handle, reads its name, says so.  It
 * allocates nothing, so ending it by force leaves no lock held. */
static DWORD WINAPI
pf_win_name_worker(LPVOID arg)
{
    pf_win_walk_t *w = arg;
    ULONG          len;

    for (;;) {
        if (WaitForSingleObject(w->start, INFINITE) != WAIT_OBJECT_0) {
            return 1;
        }
        len = 0;
        w->status = w->query_object(w->query, PF_WIN_OBJECT_NAME,
                                    w->info.bytes, sizeof(w->info.bytes) - 2,
                                    &len);
        SetEvent(w->done);
    }
}

static void
pf_win_worker_end(pf_win_walk_t *w)
{
    if (w->worker != NULL) {
        TerminateThread(w->worker, 1);
        /* gone for sure before the buffers it writes are reused */
        WaitForSingleObject(w->worker, INFINITE);
        CloseHandle(w->worker);
        w->worker = NULL;
    }
}

/* The name of h, read under a timeout; NULL when it could not be had.
 * A stall ends the worker (a new one starts for the next handle). */
static const UNICODE_STRING *
pf_win_timed_name(pf_win_walk_t *w, HANDLE h)
{
    if (w->worker == NULL) {
        ResetEvent(w->start);
        ResetEvent(w->done);
        w->worker = CreateThread(NULL, 64 * 1024, pf_win_name_worker, w, 0,
                                 NULL);
        if (w->worker == NULL) {
            w->cut = 1;
            return NULL;
        }
    }
    memset(&w->info.name, 0, sizeof(w->info.name));
    w->query = h;
    w->status = -1;
    SetEvent(w->start);
    if (WaitForSingleObject(w->done, PF_WIN_QUERY_MS) != WAIT_OBJECT_0) {
        pf_win_worker_end(w);
        w->stalls++;
        w->cut |= w->stalls >= PF_WIN_MAX_STALLS;
        return NULL;
    }
    return w->status >= 0 ? &w->info.name : NULL;
}

/* The type of a copy, for an index the type list did not name:
 * ObjectTypeInformation does not wait on the file. */
static pf_win_kind_t
pf_win_kind_asked(pf_win_walk_t *w, const pf_win_handle_entry_t *e, HANDLE h)
{
    union {
        UNICODE_STRING name;
        BYTE           bytes[1024];
    }     type;
    ULONG len = 0;

    memset(&type, 0, sizeof(type));
    if (w->query_object(h, PF_WIN_OBJECT_TYPE, type.bytes,
                        sizeof(type.bytes) - 2, &len) < 0
        || type.name.Buffer == NULL)
    {
        return PF_WIN_KIND_OTHER;
    }
    w->kinds[e->type_index] = (unsigned char) pf_win_kind_of(&type.name);
    return (pf_win_kind_t) w->kinds[e->type_index];
}

/* The port a socket handle is bound to; 0 when h is no socket. */
static unsigned
pf_win_socket_port(HANDLE h)
{
    struct sockaddr_storage ss;
    int                     len = (int) sizeof(ss);

    if (getsockname((SOCKET) h, (struct sockaddr *) &ss, &len) != 0) {
        return 0;
    }
    if (ss.ss_family == AF_INET) {
        return ntohs(((struct sockaddr_in *) &ss)->sin_port);
    }
    if (ss.ss_family == AF_INET6) {
        return ntohs(((struct sockaddr_in6 *) &ss)->sin6_port);
    }
    return 0;
}

static void
pf_win_look_at(pf_win_walk_t *w, const pf_win_handle_entry_t *e, HANDLE h,
               pf_win_kind_t kind)
{
    const UNICODE_STRING *name;
    long                  pid = (long) e->pid;

    name = pf_win_timed_name(w, h);
    if (name == NULL) {
        return;
    }
    if (kind == PF_WIN_KIND_DIRECTORY) {
        /* Wine's http.sys runs in a winedevice.exe that holds this */
        if (pf_win_string_is(name, L"\\Device\\Http")) {
            pf_win_add_pid(w->hosts, &w->nhosts, pid);
        }
        return;
    }
    if (pf_win_string_starts(name, L"\\Device\\Http\\ReqQueue")) {
        pf_win_add_pid(w->queues, &w->nqueues, pid);
        return;
    }
    if (pf_win_name_is_socket(name->Buffer, name->Length / sizeof(wchar_t),
                              w->wine)
        && pf_win_socket_port(h) == w->port)
    {
        pf_win_add_pid(w->sockets, &w->nsockets, pid);
    }
}

/* One handle: its type from the table first; a copy only of a file or
 * directory (or of a type not yet named). */
static void
pf_win_handle(pf_win_walk_t *w, const pf_win_handle_entry_t *e, HANDLE proc)
{
    pf_win_kind_t kind = (pf_win_kind_t) w->kinds[e->type_index];
    HANDLE        dup;

    if (pf_win_handle_step(kind, e->access) == PF_WIN_STEP_SKIP) {
        return;
    }
    if (!DuplicateHandle(proc, (HANDLE) e->handle, GetCurrentProcess(), &dup,
                         0, FALSE, DUPLICATE_SAME_ACCESS))
    {
        return;
    }
    if (kind == PF_WIN_KIND_UNKNOWN) {
        kind = pf_win_kind_asked(w, e, dup);
    }
    if (pf_win_handle_step(kind, e->access) == PF_WIN_STEP_NAME) {
        pf_win_look_at(w, e, dup, kind);
    }
    CloseHandle(dup);
}

static void
pf_win_walk_all(pf_win_walk_t *w)
{
    HANDLE    proc = NULL;
    ULONG_PTR last = (ULONG_PTR) -1, i;
    DWORD     begun = GetTickCount();

    for (i = 0; i < w->table->count && !w->cut; i++) {
        const pf_win_handle_entry_t *e = &w->table->handles[i];

        if (e->pid == w->self || e->pid == 0 || e->pid == 4) {
            continue;
        }
        if (e->pid != last) {
            if (proc != NULL) {
                CloseHandle(proc);
            }
            last = e->pid;
            proc = OpenProcess(PROCESS_DUP_HANDLE, FALSE, (DWORD) e->pid);
            w->unopened += proc == NULL;
            w->cut |= GetTickCount() - begun > PF_WIN_WALK_MS;
        }
        if (proc != NULL) {
            pf_win_handle(w, e, proc);
        }
    }
    if (proc != NULL) {
        CloseHandle(proc);
    }
    pf_win_worker_end(w);
}

/* SeDebugPrivilege, when this process may have it (elevated): the
 * handles of services then open too.  *token and *prev restore it. */
static int
pf_win_debug_on(HANDLE *token, TOKEN_PRIVILEGES *prev)
{
    TOKEN_PRIVILEGES tp;
    DWORD            len = sizeof(*prev);

    if (!OpenProcessToken(GetCurrentProcess(),
                          TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, token))
    {
        *token = NULL;
        return 0;
    }
    tp.PrivilegeCount = 1;
    tp.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
    if (!LookupPrivilegeValueW(NULL, L"SeDebugPrivilege",
                               &tp.Privileges[0].Luid)
        || !AdjustTokenPrivileges(*token, FALSE, &tp, sizeof(*prev), prev,
                                  &len)
        || GetLastError() == ERROR_NOT_ALL_ASSIGNED)
    {
        CloseHandle(*token);
        *token = NULL;
        return 0;
    }
    return 1;
}

static void
pf_win_debug_restore(HANDLE token, TOKEN_PRIVILEGES *prev)
{
    if (token != NULL) {
        AdjustTokenPrivileges(token, FALSE, prev, 0, NULL, NULL);
        CloseHandle(token);
    }
}

static pf_win_handle_table_t *
pf_win_handle_table(pf_win_nt_qsi_t query, NTSTATUS *st)
{
    ULONG  size = 1 << 20, len = 0;
    void  *buf = NULL, *more;
    int    tries;

    for (tries = 0; tries < 8; tries++) {
        more = realloc(buf, size);
        if (more == NULL) {
            break;
        }
        buf = more;
        *st = query(PF_WIN_HANDLE_INFO_EX, buf, size, &len);
        if (*st != PF_WIN_MISMATCH) {
            return *st >= 0 ? buf : (free(buf), NULL);
        }
        size = len > size ? len + (1 << 16) : size * 2;
    }
    free(buf);
    return NULL;
}

static void
pf_win_copy_pids(pf_array_t *out, const long *pids, unsigned n)
{
    unsigned i;
    long    *slot;

    for (i = 0; i < n; i++) {
        slot = pf_array_push(out);
        if (slot != NULL) {
            *slot = pids[i];
        }
    }
}

void
pf_win_handles_init(pf_win_handles_t *h, pf_pool_t *pool)
{
    memset(h, 0, sizeof(*h));
    pf_array_init(&h->sockets, pool, 0, sizeof(long));
    pf_array_init(&h->queues, pool, 0, sizeof(long));
    pf_array_init(&h->hosts, pool, 0, sizeof(long));
}

static int
pf_win_under_wine(void)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");

    return ntdll != NULL && GetProcAddress(ntdll, "wine_get_version") != NULL;
}

static void
pf_win_walk_notes(pf_pool_t *pool, const pf_win_walk_t *w, int debug,
                  pf_array_t *notes)
{
    (void) pool;
    if (w->stalls > 0) {
        (void) pf_array_push_strf(notes, "the handle table walk: %u "
                                  "handles did not answer in %d ms and were "
                                  "passed over", w->stalls, PF_WIN_QUERY_MS);
    }
    if (w->cut) {
        (void) pf_array_push_str(notes, "the handle table walk was cut "
                                 "short (time or stall limit): what it "
                                 "found so far is used, and names no "
                                 "process");
    }
    if (w->unopened > 0 && !debug) {
        (void) pf_array_push_strf(notes, "the handle table walk could not "
                                  "open %u processes (SeDebugPrivilege is "
                                  "not held: run elevated)", w->unopened);
    }
}

int
pf_win_handles_walk(pf_pool_t *pool, unsigned port, pf_win_handles_t *h,
                    pf_array_t *notes)
{
    HMODULE          ntdll = GetModuleHandleW(L"ntdll.dll");
    pf_win_nt_qsi_t  qsi;
    pf_win_walk_t   *w;
    NTSTATUS         st = 0;
    HANDLE           token = NULL;
    TOKEN_PRIVILEGES prev;
    HANDLE           mine;
    int              debug, rc = PF_ERROR;

    h->walked = 1;
    qsi = ntdll ? (pf_win_nt_qsi_t) (void (*)(void))
                  GetProcAddress(ntdll, "NtQuerySystemInformation") : NULL;
    w = calloc(1, sizeof(*w));
    if (w == NULL || qsi == NULL || pf_win_wsa_start() != PF_OK) {
        free(w);
        return PF_ERROR;
    }
    w->query_object = (pf_win_nt_qo_t) (void (*)(void))
                      GetProcAddress(ntdll, "NtQueryObject");
    debug = pf_is_admin() && pf_win_debug_on(&token, &prev);
    mine = CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ
                       | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    w->table = pf_win_handle_table(qsi, &st);
    w->start = CreateEventW(NULL, FALSE, FALSE, NULL);
    w->done = CreateEventW(NULL, FALSE, FALSE, NULL);
    if (w->table == NULL || w->query_object == NULL || w->start == NULL
        || w->done == NULL)
    {
        pf_win_note(pool, notes, "the system handle table "
                    "(NtQuerySystemInformation)", (DWORD) st);
    } else {
        w->port = port;
        w->self = GetCurrentProcessId();
        w->wine = pf_win_under_wine();
        pf_win_type_list(w);
        pf_win_type_check(w, mine);
        pf_win_walk_all(w);
        pf_win_copy_pids(&h->sockets, w->sockets, w->nsockets);
        pf_win_copy_pids(&h->queues, w->queues, w->nqueues);
        pf_win_copy_pids(&h->hosts, w->hosts, w->nhosts);
        h->unopened = w->unopened;
        h->complete = !w->cut && w->stalls == 0 && w->unopened == 0;
        pf_win_walk_notes(pool, w, debug, notes);
        rc = PF_OK;
    }
    pf_win_debug_restore(token, &prev);
    if (mine != INVALID_HANDLE_VALUE) {
        CloseHandle(mine);
    }
    if (w->start != NULL) {
        CloseHandle(w->start);
    }
    if (w->done != NULL) {
        CloseHandle(w->done);
    }
    free(w->table);
    free(w);
    return rc;
}

int
pf_win_handles_hosts(const pf_win_handles_t *h, long pid)
{
    return pf_array_has_long(&h->hosts, pid);
}
