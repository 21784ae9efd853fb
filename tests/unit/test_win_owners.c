/*
 * The Windows facts behind the portproxy, excluded-range and inherited
 * rules, run for real (under Wine in `make check` of the Windows build):
 * portproxy rules read from the registry where netsh keeps them, whether
 * a service is installed, an owner PID that no longer exists.
 */
#include "win/pf_win.h"

#include "pf_test.h"

#define PF_TEST_PP_KEY \
    L"SYSTEM\\CurrentControlSet\\Services\\PortProxy\\v4tov4\\tcp"

static pf_pool_t *pool;

/* One value as `netsh interface portproxy add v4tov4` writes it. */
static int
set_rule(const wchar_t *name, const wchar_t *data)
{
    HKEY h;
    LONG rc;

    rc = RegCreateKeyExW(HKEY_LOCAL_MACHINE, PF_TEST_PP_KEY, 0, NULL, 0,
                         KEY_SET_VALUE, NULL, &h, NULL);
    if (rc != ERROR_SUCCESS) {
        return -1;
    }
    rc = RegSetValueExW(h, name, 0, REG_SZ, (const BYTE *) data,
                        (DWORD) ((wcslen(data) + 1) * sizeof(wchar_t)));
    RegCloseKey(h);
    return rc == ERROR_SUCCESS ? 0 : -1;
}

static void
delete_rule(const wchar_t *name)
{
    HKEY h;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, PF_TEST_PP_KEY, 0, KEY_SET_VALUE,
                      &h) == ERROR_SUCCESS)
    {
        RegDeleteValueW(h, name);
        RegCloseKey(h);
    }
}

static void
test_portproxy_registry(void)
{
    pf_target_facts_t f;
    pf_portproxy_t   *pp;

    pool = pf_pool_create();
    pf_target_facts_init(&f, pool);
    if (set_rule(L"127.0.0.1/48311", L"10.9.8.7/22") != 0) {
        fprintf(stderr, "\n  cannot write HKLM (not elevated?): skipped\n");
        pf_pool_destroy(pool);
        return;
    }
    PF_ASSERT_EQ(set_rule(L"0.0.0.0/48312", L"10.9.8.7/80"), 0);
    PF_ASSERT_EQ(set_rule(L"not a rule", L"x"), 0);
    pf_win_portproxies(pool, 48311, &f);
    delete_rule(L"127.0.0.1/48311");
    delete_rule(L"0.0.0.0/48312");
    delete_rule(L"not a rule");
    PF_ASSERT_EQ(f.portproxy_known, PF_KNOWN_YES);
    PF_ASSERT_SIZE_EQ_FATAL(f.portproxies.nelts, 1);
    pp = &PF_ARRAY_AT(&f.portproxies, pf_portproxy_t, 0);
    PF_ASSERT_STR(pp->kind, "v4tov4");
    PF_ASSERT_STR(pp->listen_address, "127.0.0.1");
    PF_ASSERT_EQ(pp->listen_port, 48311);
    PF_ASSERT_STR(pp->connect_address, "10.9.8.7");
    PF_ASSERT_EQ(pp->connect_port, 22);
    /* the malformed value is a note, not a rule and not a failure */
    CU_ASSERT(f.notes.nelts >= 1);
    pf_pool_destroy(pool);
}

static void
test_service_installed(void)
{
    PF_ASSERT_EQ(pf_win_service_installed(L"PfNoSuchService4711"), 0);
    /* RpcSs exists on Windows and in every Wine prefix */
    PF_ASSERT_EQ(pf_win_service_installed(L"RpcSs"), 1);
}

/* A listener whose owner exited: a child we started and waited for. */
static void
test_gone_owner(void)
{
    STARTUPINFOA        si;
    PROCESS_INFORMATION pi;
    pf_target_facts_t   f;
    pf_listener_t      *l;
    char                cmd[] = "cmd.exe /c exit 0";

    pool = pf_pool_create();
    pf_target_facts_init(&f, pool);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    CU_ASSERT_FATAL(CreateProcessA(NULL, cmd, NULL, NULL, FALSE,
                                   CREATE_NO_WINDOW, NULL, NULL, &si, &pi));
    WaitForSingleObject(pi.hProcess, 10000);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);           /* now the PID is free */
    l = pf_array_push(&f.listeners);
    pf_listener_init(l, pool);
    l->owner_pid = (long) pi.dwProcessId;
    l = pf_array_push(&f.listeners);
    pf_listener_init(l, pool);
    l->owner_pid = (long) GetCurrentProcessId();
    PF_ASSERT_EQ(pf_win_mark_gone_owners(&f), 1);
    CU_ASSERT(PF_ARRAY_AT(&f.listeners, pf_listener_t, 0).owner_gone);
    CU_ASSERT_FALSE(PF_ARRAY_AT(&f.listeners, pf_listener_t, 1).owner_gone);
    pf_pool_destroy(pool);
}

/* httpapi.dll opens an unnamed request queue with FILE_GENERIC_READ |
 * FILE_GENERIC_WRITE (0x0012019f); Wine opens queues with access 0.
 * Both are looked at; what is no file is never duplicated. */
static void
test_handle_step(void)
{
    PF_ASSERT_EQ(pf_win_handle_step(PF_WIN_KIND_FILE, 0x0012019f),
                 PF_WIN_STEP_NAME);
    PF_ASSERT_EQ(pf_win_handle_step(PF_WIN_KIND_FILE, 0x001a019f),
                 PF_WIN_STEP_NAME);
    PF_ASSERT_EQ(pf_win_handle_step(PF_WIN_KIND_FILE, 0), PF_WIN_STEP_NAME);
    PF_ASSERT_EQ(pf_win_handle_step(PF_WIN_KIND_DIRECTORY, 0x0003),
                 PF_WIN_STEP_NAME);
    PF_ASSERT_EQ(pf_win_handle_step(PF_WIN_KIND_OTHER, 0x0012019f),
                 PF_WIN_STEP_SKIP);
    PF_ASSERT_EQ(pf_win_handle_step(PF_WIN_KIND_UNKNOWN, 0x0012019f),
                 PF_WIN_STEP_TYPE);
}

/* getsockname() only on a handle named as a socket. */
static void
test_socket_names(void)
{
    static const wchar_t afd[] = L"\\Device\\Afd";
    static const wchar_t ep[] = L"\\Device\\Afd\\Endpoint";
    static const wchar_t pipe[] = L"\\Device\\NamedPipe\\x";
    static const wchar_t afdx[] = L"\\Device\\AfdX";

    CU_ASSERT(pf_win_name_is_socket(afd, wcslen(afd), 0));
    CU_ASSERT(pf_win_name_is_socket(ep, wcslen(ep), 0));
    CU_ASSERT_FALSE(pf_win_name_is_socket(pipe, wcslen(pipe), 0));
    CU_ASSERT_FALSE(pf_win_name_is_socket(afdx, wcslen(afdx), 0));
    CU_ASSERT_FALSE(pf_win_name_is_socket(L"", 0, 0));   /* Windows */
    CU_ASSERT(pf_win_name_is_socket(L"", 0, 1));          /* Wine */
}

/* .wslconfig in %USERPROFILE%, pointed at a folder of the test's own. */
static void
test_wsl_mirrored_file(void)
{
    wchar_t         dir[MAX_PATH], file[MAX_PATH + 32], old[MAX_PATH];
    pf_host_facts_t h;
    HANDLE          f;
    DWORD           n, had;
    static const char text[] = "[wsl2]\r\nnetworkingMode=mirrored\r\n";

    pool = pf_pool_create();
    had = GetEnvironmentVariableW(L"USERPROFILE", old, MAX_PATH);
    CU_ASSERT_FATAL(GetTempPathW(MAX_PATH - 40, dir) > 0);
    _snwprintf(dir + wcslen(dir), 40, L"pf-wslcfg-%lu",
               (unsigned long) GetCurrentProcessId());
    CreateDirectoryW(dir, NULL);
    SetEnvironmentVariableW(L"USERPROFILE", dir);

    pf_host_facts_init(&h, pool);
    pf_win_wsl_mirrored(pool, &h);
    PF_ASSERT_EQ(h.wsl_mirrored, 0);         /* no .wslconfig */

    _snwprintf(file, MAX_PATH + 32, L"%ls\\.wslconfig", dir);
    f = CreateFileW(file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    PF_ASSERT_PTR_NE_FATAL(f, INVALID_HANDLE_VALUE);
    WriteFile(f, text, sizeof(text) - 1, &n, NULL);
    CloseHandle(f);
    pf_host_facts_init(&h, pool);
    pf_win_wsl_mirrored(pool, &h);
    PF_ASSERT_EQ(h.wsl_mirrored, 1);

    DeleteFileW(file);
    RemoveDirectoryW(dir);
    SetEnvironmentVariableW(L"USERPROFILE", had ? old : NULL);
    pf_pool_destroy(pool);
}

static CU_TestInfo owner_tests[] = {
    { ".wslconfig: mirrored networking", test_wsl_mirrored_file },
    { "the walk looks at 0x0012019f and access-0 files", test_handle_step },
    { "socket names", test_socket_names },
    { "portproxy rules from the registry", test_portproxy_registry },
    { "is a service installed", test_service_installed },
    { "an owner PID that is gone", test_gone_owner },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "windows owner facts", NULL, NULL, NULL, NULL, owner_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
