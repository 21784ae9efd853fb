/*
 * The system handle table, for two facts the usual APIs do not give:
 *
 * - who holds a listening socket whose TCP-table row says owner PID 0.
 *   Windows never does that (0 is the idle process); Wine does for every
 *   listener, because wineserver, not the program, keeps the socket.
 *   The program still holds a handle to it: getsockname() on a copy of
 *   that handle gives the port.
 * - who holds an HTTP.sys request queue (an open \Device\Http\ReqQueue).
 *   netsh http show servicestate lists queues with their URLs on
 *   Windows; Wine's netsh cannot, and no API reads a queue's URLs.
 *
 * Both read the table Process Explorer reads (SystemExtendedHandle-
 * Information), valid on Windows as administrator and under Wine.  The
 * walk runs only when the TCP table or netsh left a gap.
 *
 * NtQueryObject can block for good on some handles (synchronous pipes on
 * Windows), so the walk runs in a worker thread that allocates nothing
 * (a thread ended by force must not hold the heap lock); one that stops
 * making progress is abandoned, with a note.
 */
#include "pf_win.h"

#include <stdlib.h>
#include <string.h>
#include <winternl.h>

#define PF_WIN_HANDLE_INFO_EX     64   /* SystemExtendedHandleInformation */
#define PF_WIN_OBJECT_NAME        1    /* ObjectNameInformation */
#define PF_WIN_OBJECT_TYPE        2    /* ObjectTypeInformation */
#define PF_WIN_MISMATCH           ((NTSTATUS) 0xC0000004L)
#define PF_WIN_STALL_MS           1000
#define PF_WIN_WALK_MS            10000

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

typedef NTSTATUS (NTAPI *pf_win_nt_qsi_t)(ULONG, PVOID, ULONG, PULONG);
typedef NTSTATUS (NTAPI *pf_win_nt_qo_t)(HANDLE, ULONG, PVOID, ULONG,
                                          PULONG);

typedef enum {
    PF_WIN_KIND_UNKNOWN = 0,
    PF_WIN_KIND_FILE,
    PF_WIN_KIND_DIRECTORY,
    PF_WIN_KIND_OTHER
} pf_win_kind_t;

typedef struct {
    pf_win_handle_table_t  *table;
    pf_win_nt_qo_t          query_object;
    unsigned                port;
    DWORD                   self;
    volatile LONG           done;          /* handles looked at */
    unsigned char           kinds[65536];  /* pf_win_kind_t by type index */
    union {
        UNICODE_STRING      name;
        BYTE                bytes[4096];
    }                       info;
    long                    sockets[PF_WIN_HANDLE_PIDS];
    long                    queues[PF_WIN_HANDLE_PIDS];
    long                    hosts[PF_WIN_HANDLE_PIDS];
    unsigned                nsockets, nqueues, nhosts;
    unsigned                unopened;      /* processes we may not read */
} pf_win_walk_t;

/* Handles that NtQueryObject(name) is known to hang on (synchronous
 * named pipes); sockets, which share the first mask, are recognised by
 * getsockname() before a name is ever asked. */
static int
pf_win_may_hang(ULONG access)
{
    return access == 0x0012019f || access == 0x001a019f
           || access == 0x00120189 || access == 0x00100000;
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

/* The object's name or type name, as UTF-16 in w->info; NULL when it
 * cannot be had. */
static const UNICODE_STRING *
pf_win_object_string(pf_win_walk_t *w, HANDLE h, ULONG what)
{
    ULONG len = 0;

    memset(&w->info.name, 0, sizeof(w->info.name));
    if (w->query_object(h, what, w->info.bytes, sizeof(w->info.bytes) - 2,
                        &len) < 0 || w->info.name.Buffer == NULL)
    {
        return NULL;
    }
    return &w->info.name;
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
pf_win_kind(pf_win_walk_t *w, const pf_win_handle_entry_t *e, HANDLE h)
{
    const UNICODE_STRING *type;

    if (w->kinds[e->type_index] == PF_WIN_KIND_UNKNOWN) {
        type = pf_win_object_string(w, h, PF_WIN_OBJECT_TYPE);
        w->kinds[e->type_index] = pf_win_string_is(type, L"File")
            ? PF_WIN_KIND_FILE : pf_win_string_is(type, L"Directory")
            ? PF_WIN_KIND_DIRECTORY : PF_WIN_KIND_OTHER;
    }
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
pf_win_look_at(pf_win_walk_t *w, const pf_win_handle_entry_t *e, HANDLE h)
{
    const UNICODE_STRING *name;
    long                  pid = (long) e->pid;

    switch (pf_win_kind(w, e, h)) {
    case PF_WIN_KIND_FILE:
        if (pf_win_socket_port(h) == w->port) {
            pf_win_add_pid(w->sockets, &w->nsockets, pid);
            return;
        }
        if (pf_win_may_hang(e->access)) {
            return;
        }
        name = pf_win_object_string(w, h, PF_WIN_OBJECT_NAME);
        if (pf_win_string_starts(name, L"\\Device\\Http\\ReqQueue")) {
            pf_win_add_pid(w->queues, &w->nqueues, pid);
        }
        return;
    case PF_WIN_KIND_DIRECTORY:
        /* Wine's http.sys runs in a winedevice.exe that holds this */
        name = pf_win_object_string(w, h, PF_WIN_OBJECT_NAME);
        if (pf_win_string_is(name, L"\\Device\\Http")) {
            pf_win_add_pid(w->hosts, &w->nhosts, pid);
        }
        return;
    default:
        return;
    }
}

static DWORD WINAPI
pf_win_walk_thread(LPVOID arg)
{
    pf_win_walk_t *w = arg;
    HANDLE         proc = NULL, dup;
    ULONG_PTR      last = (ULONG_PTR) -1, i;

    for (i = 0; i < w->table->count; i++) {
        const pf_win_handle_entry_t *e = &w->table->handles[i];

        InterlockedIncrement(&w->done);
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
        }
        if (proc == NULL
            || !DuplicateHandle(proc, (HANDLE) e->handle,
                                GetCurrentProcess(), &dup, 0, FALSE,
                                DUPLICATE_SAME_ACCESS))
        {
            continue;
        }
        pf_win_look_at(w, e, dup);
        CloseHandle(dup);
    }
    if (proc != NULL) {
        CloseHandle(proc);
    }
    return 0;
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

/* Waits for the walk; abandons it when it stops moving.  1 if whole. */
static int
pf_win_watch(HANDLE thread, pf_win_walk_t *w)
{
    LONG  seen = -1;
    DWORD quiet = 0, total = 0;

    while (WaitForSingleObject(thread, 100) == WAIT_TIMEOUT) {
        LONG now = w->done;

        total += 100;
        quiet = now == seen ? quiet + 100 : 0;
        seen = now;
        if (quiet >= PF_WIN_STALL_MS || total >= PF_WIN_WALK_MS) {
            TerminateThread(thread, 1);
            /* gone for sure before its buffers are freed */
            WaitForSingleObject(thread, INFINITE);
            return 0;
        }
    }
    return 1;
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

int
pf_win_handles_walk(pf_pool_t *pool, unsigned port, pf_win_handles_t *h,
                    pf_array_t *notes)
{
    HMODULE        ntdll = GetModuleHandleW(L"ntdll.dll");
    pf_win_nt_qsi_t qsi;
    pf_win_walk_t *w;
    HANDLE         thread;
    NTSTATUS       st = 0;
    int            whole;

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
    w->table = pf_win_handle_table(qsi, &st);
    if (w->table == NULL || w->query_object == NULL) {
        pf_win_note(pool, notes, "the system handle table "
                    "(NtQuerySystemInformation)", (DWORD) st);
        free(w->table);
        free(w);
        return PF_ERROR;
    }
    w->port = port;
    w->self = GetCurrentProcessId();
    thread = CreateThread(NULL, 0, pf_win_walk_thread, w, 0, NULL);
    if (thread == NULL) {
        pf_win_note(pool, notes, "the handle table walk (CreateThread)",
                    GetLastError());
        free(w->table);
        free(w);
        return PF_ERROR;
    }
    whole = pf_win_watch(thread, w);
    CloseHandle(thread);
    pf_win_copy_pids(&h->sockets, w->sockets, w->nsockets);
    pf_win_copy_pids(&h->queues, w->queues, w->nqueues);
    pf_win_copy_pids(&h->hosts, w->hosts, w->nhosts);
    h->unopened = w->unopened;
    h->complete = whole;
    if (!whole) {
        (void) pf_array_push_str(notes, "the handle table walk stopped "
                                 "answering and was abandoned: what it "
                                 "found so far is used");
    }
    free(w->table);
    free(w);
    return PF_OK;
}

int
pf_win_handles_hosts(const pf_win_handles_t *h, long pid)
{
    return pf_array_has_long(&h->hosts, pid);
}
