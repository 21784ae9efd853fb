/*
 * Windows platform helpers shared inside core/src/win/.  These files are
 * built only for Windows (PF_WIN_SOURCES), so they include the Win32
 * headers directly.
 */
#ifndef PF_WIN_H
#define PF_WIN_H

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0601
#endif

#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include "preflight_internal.h"

/* pf_win_utf.c: UTF-16 <-> UTF-8, in the pool; NULL on failure. */
char     *pf_win_utf8(pf_pool_t *pool, const wchar_t *w);
char     *pf_win_utf8n(pf_pool_t *pool, const wchar_t *w, int n);
wchar_t  *pf_win_wide(pf_pool_t *pool, const char *s);
/* "text (error N)" for a Win32 error code, in the pool. */
char     *pf_win_strerror(pf_pool_t *pool, DWORD code);
void      pf_win_note(pf_pool_t *pool, pf_array_t *notes, const char *what,
                      DWORD code);

/* pf_win_probe.c */
int       pf_win_wsa_start(void);

/* pf_win_tcp_table.c: LISTEN rows on t's port and address. */
int       pf_win_tcp_listeners(pf_pool_t *pool, const pf_target_t *t,
                               pf_target_facts_t *f);

/* pf_win_process.c: a pf_process_t for pid (added once). */
pf_process_t *pf_win_process(pf_pool_t *pool, pf_target_facts_t *f,
                             long pid);

/* pf_win_services.c */
int       pf_win_services_by_pid(pf_pool_t *pool, pf_target_facts_t *f);
int       pf_win_queue_services(pf_pool_t *pool, pf_target_facts_t *f);
int       pf_win_http_dependents(pf_pool_t *pool, pf_target_facts_t *f);

/* pf_win_httpsys.c: URL reservations and the iplisten list. */
void      pf_win_httpsys_config(pf_pool_t *pool, unsigned port,
                                pf_target_facts_t *f);
/* The image of each queue PID netsh printed none for (older Windows
 * print bare PIDs; "<?>" without rights). */
void      pf_win_queue_images(pf_pool_t *pool, pf_target_facts_t *f);

/* pf_win_netsh.c */
int       pf_win_run_capture(pf_pool_t *pool, const char *cmdline,
                             DWORD timeout_ms, char **out, size_t *len,
                             DWORD *code);
void      pf_win_netsh_queues(pf_pool_t *pool, unsigned port,
                              pf_target_facts_t *f, pf_host_facts_t *h);
void      pf_win_netsh_excluded(pf_pool_t *pool, pf_host_facts_t *h);

/* pf_win_handles.c: the system handle table, read once per target when
 * the TCP table says owner PID 0 or netsh names no request queue. */
#define PF_WIN_HANDLE_PIDS  64

typedef struct {
    int         walked;
    int         complete;    /* every handle was looked at */
    pf_array_t  sockets;     /* long: hold a socket bound to the port */
    pf_array_t  queues;      /* long: hold an HTTP.sys request queue */
    pf_array_t  hosts;       /* long: hold \Device\Http (Wine's http.sys) */
    unsigned    unopened;    /* processes whose handles we may not read */
} pf_win_handles_t;

/* What the walk does with a handle, by the kind of object its type
 * index names (pure, for the tests): the access mask decides nothing. */
typedef enum {
    PF_WIN_KIND_UNKNOWN = 0,
    PF_WIN_KIND_FILE,
    PF_WIN_KIND_DIRECTORY,
    PF_WIN_KIND_OTHER
} pf_win_kind_t;

typedef enum {
    PF_WIN_STEP_SKIP = 0,    /* not a file: never duplicated */
    PF_WIN_STEP_TYPE,        /* type index not named yet: ask a copy */
    PF_WIN_STEP_NAME         /* a file or directory: its name, timed */
} pf_win_handle_step_t;

pf_win_handle_step_t pf_win_handle_step(pf_win_kind_t kind,
                                        unsigned long access);
/* A file's name says socket (len in wide characters). */
int       pf_win_name_is_socket(const wchar_t *name, size_t len, int wine);

void      pf_win_handles_init(pf_win_handles_t *h, pf_pool_t *pool);
int       pf_win_handles_walk(pf_pool_t *pool, unsigned port,
                              pf_win_handles_t *h, pf_array_t *notes);
int       pf_win_handles_hosts(const pf_win_handles_t *h, long pid);

/* pf_win_http_probe.c: the Server header of 127.0.0.1:port. */
void      pf_win_http_probe(pf_pool_t *pool, const pf_target_t *t,
                            int timeout_ms, pf_httpsys_facts_t *hs,
                            pf_array_t *notes);

/* pf_win_owners.c: portproxy rules, WinNAT, owners that are gone. */
void      pf_win_portproxies(pf_pool_t *pool, unsigned port,
                             pf_target_facts_t *f);
int       pf_win_service_installed(const wchar_t *name);
int       pf_win_mark_gone_owners(pf_target_facts_t *f);
void      pf_win_inheritors(pf_pool_t *pool, const pf_win_handles_t *h,
                            pf_target_facts_t *f);
void      pf_win_netsh_dynamic(pf_pool_t *pool, pf_host_facts_t *h);
void      pf_win_wsl_mirrored(pf_pool_t *pool, pf_host_facts_t *h);

/* Running services that depend on `name` (const char *, appended). */
void      pf_win_service_dependents(pf_pool_t *pool, SC_HANDLE scm,
                                    const wchar_t *name, pf_array_t *out);

#endif
