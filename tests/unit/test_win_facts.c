/* The Windows platform layer, run for real (under Wine in `make check` of
 * the Windows build): probe, listeners, processes, HTTP.sys evidence. */
#include "win/pf_win.h"

#include <http.h>

#include "pf_test.h"
#include "pf_platform.h"

/* A port free on the loopback right now. */
static unsigned
free_port(void)
{
    struct sockaddr_in sin;
    int                len = sizeof(sin);
    SOCKET             s;
    unsigned           port = 0;

    PF_ASSERT_EQ_FATAL(pf_win_wsa_start(), PF_OK);
    s = socket(AF_INET, SOCK_STREAM, 0);
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s, (struct sockaddr *) &sin, sizeof(sin)) == 0
        && getsockname(s, (struct sockaddr *) &sin, &len) == 0)
    {
        port = ntohs(sin.sin_port);
    }
    closesocket(s);
    return port;
}

static int
under_wine(void)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");

    return ntdll != NULL && GetProcAddress(ntdll, "wine_get_version") != NULL;
}

/* Every note, one per line (for substring checks). */
static const char *
note_text(const pf_target_facts_t *f)
{
    static char text[4096];
    size_t      i, n = 0;

    text[0] = '\0';
    for (i = 0; i < f->notes.nelts && n < sizeof(text) - 1; i++) {
        n += (size_t) snprintf(text + n, sizeof(text) - n, "%s\n",
                               PF_ARRAY_AT(&f->notes, const char *, i));
    }
    return text;
}

static pf_report_t *
report_for(const char *spec)
{
    pf_report_t *r = pf_report_create();
    pf_array_t   targets;
    pf_error_t   err;

    PF_ASSERT_NOT_NULL_FATAL(r);
    pf_array_init(&targets, r->pool, 1, sizeof(pf_target_t));
    PF_ASSERT_EQ_FATAL(pf_target_parse(r->pool, spec, NULL, &targets,
                                       &err), PF_OK);
    PF_ASSERT_EQ_FATAL(pf_report_add_targets(r, &targets), PF_OK);
    r->ctx.http_probe_ms = 200;
    return r;
}

static pf_check_t *
check0(pf_report_t *r)
{
    return &PF_ARRAY_AT(&r->checks, pf_check_t, 0);
}

static void
test_platform(void)
{
    const char *const *apache = pf_platform_default_configs(PF_SERVER_APACHE);

    PF_ASSERT_STR(pf_platform_name(), "windows");
    PF_ASSERT_NOT_NULL_FATAL(apache);
    PF_ASSERT_CONTAINS(apache[0], "C:\\");
}

static void
test_utf(void)
{
    pf_pool_t *pool = pf_pool_create();
    wchar_t   *w = pf_win_wide(pool, "Gr\xc3\xbc\xc3\x9f" "e \xe6\x97\xa5");

    PF_ASSERT_NOT_NULL_FATAL(w);
    PF_ASSERT_EQ(w[2], 0x00fc);
    PF_ASSERT_EQ(w[6], 0x65e5);
    PF_ASSERT_STR(pf_win_utf8(pool, w), "Gr\xc3\xbc\xc3\x9f" "e \xe6\x97\xa5");
    PF_ASSERT_CONTAINS(pf_win_strerror(pool, ERROR_FILE_NOT_FOUND),
                       "error 2");
    pf_pool_destroy(pool);
}

static void
test_free_port(void)
{
    char         spec[32];
    pf_report_t *r;

    snprintf(spec, sizeof(spec), "%u", free_port());
    r = report_for(spec);
    pf_report_run(r);
    PF_ASSERT_EQ(check0(r)->probe.status, PF_STATUS_FREE);
    PF_ASSERT_SIZE_EQ(check0(r)->facts.listeners.nelts, 0);
    pf_report_destroy(r);
}

/* A socket of this very process: found with our PID, image and name. */
static void
test_own_listener(void)
{
    struct sockaddr_in sin;
    char               spec[48];
    unsigned           port = free_port();
    SOCKET             s;
    pf_report_t       *r;
    pf_check_t        *c;
    pf_listener_t     *l;
    pf_process_t      *p;

    s = socket(AF_INET, SOCK_STREAM, 0);
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons((u_short) port);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    PF_ASSERT_EQ_FATAL(bind(s, (struct sockaddr *) &sin, sizeof(sin)), 0);
    PF_ASSERT_EQ_FATAL(listen(s, 1), 0);

    snprintf(spec, sizeof(spec), "127.0.0.1:%u", port);
    r = report_for(spec);
    pf_report_add_self_pid(r, (long) GetCurrentProcessId());
    pf_report_run(r);
    c = check0(r);
    PF_ASSERT_EQ(c->probe.status, PF_STATUS_IN_USE);
    PF_ASSERT_STR(c->probe.err_name, "WSAEADDRINUSE");
    PF_ASSERT_EQ(c->facts.listeners_known, PF_KNOWN_YES);
    PF_ASSERT_SIZE_EQ_FATAL(c->facts.listeners.nelts, 1);
    l = &PF_ARRAY_AT(&c->facts.listeners, pf_listener_t, 0);
    PF_ASSERT_STR(l->address, "127.0.0.1");
    PF_ASSERT_EQ(l->port, port);
    if (under_wine()) {
        /* Wine keeps sockets in wineserver: every listener is PID 0 */
        PF_ASSERT_EQ(l->owner_pid, 0);
        PF_ASSERT_CONTAINS(note_text(&c->facts), "Wine");
        pf_report_destroy(r);
        closesocket(s);
        return;
    }
    PF_ASSERT_EQ(l->owner_pid, (long) GetCurrentProcessId());
    p = pf_facts_find_process(&c->facts, (long) GetCurrentProcessId());
    PF_ASSERT_NOT_NULL_FATAL(p);
    PF_ASSERT_EQ(p->kernel, 0);
    PF_ASSERT_EQ(p->is_self, 1);
    PF_ASSERT_CONTAINS(p->name, "test_win_facts");
    PF_ASSERT_CONTAINS(p->exe, "test_win_facts");
    pf_report_destroy(r);
    closesocket(s);
}

/* A URL registered with HTTP.sys, as IIS does: a kernel-mode listener
 * (PID 4; 0 under Wine), and the HTTP.sys evidence tried. */
static void
test_httpsys_listener(void)
{
    HTTPAPI_VERSION v = HTTPAPI_VERSION_1;
    HANDLE          q = NULL;
    wchar_t         url[64];
    char            spec[32];
    unsigned        port = free_port();
    ULONG           rc;
    pf_report_t    *r;
    pf_check_t     *c;
    pf_listener_t  *l;
    pf_process_t   *p;
    pf_status_t     status = PF_STATUS_UNCHECKED;
    int             i;

    /* Wine: 1053/1055 while the prefix's services still start */
    rc = HttpInitialize(v, HTTP_INITIALIZE_SERVER, NULL);
    for (i = 0; i < 10 && (rc == ERROR_SERVICE_REQUEST_TIMEOUT
                           || rc == ERROR_SERVICE_DATABASE_LOCKED); i++)
    {
        Sleep(1000);
        rc = HttpInitialize(v, HTTP_INITIALIZE_SERVER, NULL);
    }
    PF_ASSERT_EQ_FATAL(rc, NO_ERROR);
    PF_ASSERT_EQ_FATAL(HttpCreateHttpHandle(&q, 0), NO_ERROR);
    _snwprintf(url, 64, L"http://+:%u/x/", port);
    PF_ASSERT_EQ_FATAL(HttpAddUrl(q, url, NULL), NO_ERROR);

    snprintf(spec, sizeof(spec), "%u", port);
    r = report_for(spec);
    pf_report_run(r);
    c = check0(r);
    CU_ASSERT(c->probe.status == PF_STATUS_DENIED
              || c->probe.status == PF_STATUS_IN_USE);
    PF_ASSERT_EQ_FATAL(c->facts.listeners.nelts >= 1, 1);
    l = &PF_ARRAY_AT(&c->facts.listeners, pf_listener_t, 0);
    CU_ASSERT(l->owner_pid == 0 || l->owner_pid == 4);
    p = pf_facts_find_process(&c->facts, l->owner_pid);
    PF_ASSERT_NOT_NULL_FATAL(p);
    PF_ASSERT_EQ(p->kernel, 1);
    /* Windows: PID 4, System; Wine: PID 0, its http.sys host found */
    PF_ASSERT_STR(p->name, c->facts.httpsys.host_pid > 0 ? "http.sys (Wine)"
                                                         : "System");
    /* each piece of evidence was tried, and said how it went */
    PF_ASSERT_NE(c->facts.httpsys.queues_known, PF_KNOWN_NO);
    PF_ASSERT_NE(c->facts.httpsys.reservations_known, PF_KNOWN_NO);
    PF_ASSERT_NE(c->facts.httpsys.iplisten_known, PF_KNOWN_NO);
    PF_ASSERT_NE(c->facts.httpsys.dependents_known, PF_KNOWN_NO);
    PF_ASSERT_NE(c->facts.httpsys.http_probe_known, PF_KNOWN_NO);
    CU_ASSERT(c->facts.httpsys.queues_known == PF_KNOWN_YES
              || c->facts.notes.nelts > 0);
    PF_ASSERT_NE(c->facts.free_port_nearby, 0);
    pf_report_destroy(r);

    HttpRemoveUrl(q, url);
    CloseHandle(q);
    HttpTerminate(HTTP_INITIALIZE_SERVER, NULL);
    /* released: free again (Wine's HTTP service lets go a moment later) */
    for (i = 0; i < 50; i++) {
        r = report_for(spec);
        pf_report_probe(r);
        status = check0(r)->probe.status;
        pf_report_destroy(r);
        if (status == PF_STATUS_FREE) {
            break;
        }
        Sleep(100);
    }
    PF_ASSERT_EQ(status, PF_STATUS_FREE);
}

static void
test_netsh_runs(void)
{
    pf_pool_t *pool = pf_pool_create();
    char      *out = NULL;
    size_t     len = 0;
    DWORD      code = 0;

    /* a program that exists everywhere, Wine included */
    PF_ASSERT_EQ(pf_win_run_capture(pool, "cmd.exe /c echo pf-ok", 5000,
                                    &out, &len, &code), PF_OK);
    PF_ASSERT_CONTAINS(out, "pf-ok");
    pf_pool_destroy(pool);
}

static CU_TestInfo win_tests[] = {
    { "platform name and default configs", test_platform },
    { "UTF-8 and UTF-16", test_utf },
    { "a free port is free", test_free_port },
    { "our own listener: PID, name, image", test_own_listener },
    { "HTTP.sys holds a port: kernel listener", test_httpsys_listener },
    { "a child's output is captured", test_netsh_runs },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "windows facts", NULL, NULL, NULL, NULL, win_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
