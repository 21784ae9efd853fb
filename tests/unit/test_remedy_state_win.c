/*
 * The state directory on Windows (run under Wine): preflight creates it
 * with a protected DACL granting only SYSTEM and Administrators, and
 * refuses an existing one whose DACL lets Everyone, Users or
 * Authenticated Users write or create files in it, or that is a link.
 * Weak directories are planted with the SDDL a careless installer or an
 * inherited %ProgramData% ACL would leave (written by hand).
 *
 * Wine keeps no security descriptor of its own: it turns one into Unix
 * mode bits (the owner's and Everyone's rights) and back.  So under Wine
 * (run by tests/win/state_dacl.sh with umask 0, so that Everyone's write
 * right survives as o+w) the Everyone and no-DACL cases are real, while a
 * grant to Users or Authenticated Users, the protected flag and the
 * Administrators entry cannot be shown; those checks run on Windows only
 * and say so under Wine.
 */
#include <windows.h>
#include <aclapi.h>
#include <sddl.h>
#include <stdio.h>

#include "test_remedy_fixture.h"

static char st_base[MAX_PATH];

static int
st_on_wine(void)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");

    return ntdll != NULL
           && GetProcAddress(ntdll, "wine_get_version") != NULL;
}

/* The directory's DACL as SDDL (LocalFree it), NULL when unreadable. */
static LPSTR
st_sddl(const char *dir, SECURITY_DESCRIPTOR_CONTROL *ctl)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    DWORD                rev;
    LPSTR                sddl = NULL;

    if (GetNamedSecurityInfoA(dir, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION,
                              NULL, NULL, NULL, NULL, &sd) != ERROR_SUCCESS)
    {
        return NULL;
    }
    if (!ConvertSecurityDescriptorToStringSecurityDescriptorA(
            sd, SDDL_REVISION_1, DACL_SECURITY_INFORMATION, &sddl, NULL))
    {
        sddl = NULL;
    }
    if (ctl != NULL && !GetSecurityDescriptorControl(sd, ctl, &rev)) {
        *ctl = 0;
    }
    LocalFree(sd);
    return sddl;
}

/* A directory of its own for each test: what a test leaves behind (a
 * DACL that Wine's rmdir cannot get through, a reused Wine pid) never
 * stands in the next one's way. */
static void
st_setup(void)
{
    static unsigned n;
    char            tmp[MAX_PATH];
    int             made = 0;

    GetTempPathA(sizeof(tmp), tmp);
    while (!made && n < 1000) {
        snprintf(st_base, sizeof(st_base), "%spf-state-win-%lu-%u", tmp,
                 (unsigned long) GetCurrentProcessId(), n++);
        made = CreateDirectoryA(st_base, NULL) != 0;
    }
    CU_ASSERT_FATAL(made);
}

static void
st_teardown(void)
{
    char cmd[MAX_PATH + 32];

    snprintf(cmd, sizeof(cmd), "rmdir /s /q \"%s\"", st_base);
    (void) system(cmd);
}

static pf_array_t *
st_entries(pf_pool_t *pool)
{
    return rfx_journal_one(pool, "service", "W3SVC", "running", "stopped");
}

/* A directory with this DACL, as someone else would have made it. */
static const char *
st_planted(pf_pool_t *pool, const char *name, const char *sddl)
{
    const char          *dir = pf_psprintf(pool, "%s\\%s", st_base, name);
    PSECURITY_DESCRIPTOR sd = NULL;
    SECURITY_ATTRIBUTES  sa;

    CU_ASSERT_FATAL(ConvertStringSecurityDescriptorToSecurityDescriptorA(
                        sddl, SDDL_REVISION_1, &sd, NULL));
    sa.nLength = sizeof(sa);
    sa.lpSecurityDescriptor = sd;
    sa.bInheritHandle = FALSE;
    CU_ASSERT_FATAL(CreateDirectoryA(dir, &sa));
    LocalFree(sd);
    return dir;
}

/* Wine could not keep the planted grant: said, not asserted. */
static int
st_kept(const char *dir, const char *ace)
{
    LPSTR sddl = st_sddl(dir, NULL);
    int   kept = sddl != NULL && strstr(sddl, ace) != NULL;

    if (!kept) {
        CU_ASSERT_FATAL(st_on_wine());
        printf("\n    (Wine keeps no %s entry: %s is %s; not shown under "
               "Wine) ", ace, dir, sddl ? sddl : "unreadable");
    }
    LocalFree(sddl);
    return kept;
}

/* Everyone's ACE was kept with a right to write (FA, or a mask with
 * FILE_WRITE_DATA / FILE_ADD_FILE): said, not asserted, when it was not */
static int
st_everyone_writes(const char *dir)
{
    LPSTR       sddl = st_sddl(dir, NULL);
    const char *wd = sddl != NULL ? strstr(sddl, ";;;WD)") : NULL;
    const char *r = wd;
    int         writes = 0;

    while (r != NULL && r > sddl && r[-1] != ';') {
        r--;                      /* back to the rights of that ACE */
    }
    if (wd != NULL && r != NULL) {
        writes = strncmp(r, "FA;", 3) == 0
                 || (strncmp(r, "0x", 2) == 0
                     && (strtoul(r + 2, NULL, 16) & 0x2) != 0);
    }
    if (!writes) {
        CU_ASSERT_FATAL(st_on_wine());
        printf("\n    (Wine kept no write right for Everyone: %s is %s; "
               "not shown under Wine) ", dir, sddl ? sddl : "unreadable");
    }
    LocalFree(sddl);
    return writes;
}

static void
st_refused(pf_pool_t *pool, const char *dir, const char *who)
{
    const char *journal = pf_psprintf(pool, "%s\\journal", dir);
    pf_error_t  err;

    rfx_state_refused(pool, journal, st_entries(pool), who, &err);
    PF_ASSERT_CONTAINS(err.file, dir);
    PF_ASSERT_EQ(GetFileAttributesA(journal), INVALID_FILE_ATTRIBUTES);
}

static void
test_new_dir_protected_dacl(void)
{
    pf_pool_t                  *pool = pf_pool_create();
    const char                 *dir = pf_psprintf(pool, "%s\\a\\state",
                                                  st_base);
    SECURITY_DESCRIPTOR_CONTROL ctl = 0;
    LPSTR                       sddl;
    pf_error_t                  err;

    PF_ASSERT_EQ(pf_journal_save(pool, pf_psprintf(pool, "%s\\journal",
                                                   dir),
                                 st_entries(pool), &err), PF_OK);
    sddl = st_sddl(dir, &ctl);
    PF_ASSERT_NOT_NULL_FATAL(sddl);
    /* nobody but SYSTEM, Administrators (and, under Wine, the owner) */
    PF_ASSERT_CONTAINS(sddl, ";;;SY)");
    PF_ASSERT_NOT_CONTAINS(sddl, ";;;WD)");
    PF_ASSERT_NOT_CONTAINS(sddl, ";;;BU)");
    PF_ASSERT_NOT_CONTAINS(sddl, ";;;AU)");
    if (!st_on_wine()) {
        /* protected from %ProgramData%'s inherited grants */
        CU_ASSERT(ctl & SE_DACL_PROTECTED);
        PF_ASSERT_CONTAINS(sddl, ";;;BA)");
    } else {
        printf("\n    (Wine keeps no protected flag nor Administrators "
               "entry: %s; not shown under Wine) ", sddl);
    }
    /* and preflight itself accepts what it made */
    PF_ASSERT_EQ(pf_remedy_dir_check(pool, dir, &err), PF_OK);
    LocalFree(sddl);
    pf_pool_destroy(pool);
}

static void
test_everyone_writable_refused(void)
{
    pf_pool_t  *pool = pf_pool_create();
    const char *dir = st_planted(pool, "everyone",
                                 "D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)"
                                 "(A;OICI;FA;;;WD)");

    /* Wine keeps Everyone's rights as the "other" mode bits, and only
     * the write bits its umask lets through */
    if (st_everyone_writes(dir)) {
        st_refused(pool, dir, "Everyone");
    }
    pf_pool_destroy(pool);
}

static void
test_users_may_create_refused(void)
{
    pf_pool_t  *pool = pf_pool_create();
    const char *users, *auth;

    /* %ProgramData%'s own grant: Users may create files and folders
     * (WD = FILE_ADD_FILE, AD = FILE_ADD_SUBDIRECTORY), read elsewhere */
    users = st_planted(pool, "users", "D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)"
                       "(A;OICI;GRGX;;;BU)(A;CI;0x116;;;BU)");
    if (st_kept(users, ";;;BU)")) {
        st_refused(pool, users, "Users");
    }
    auth = st_planted(pool, "auth", "D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)"
                      "(A;OICI;0x1301bf;;;AU)");
    if (st_kept(auth, ";;;AU)")) {
        st_refused(pool, auth, "Authenticated Users");
    }
    pf_pool_destroy(pool);
}

static void
test_no_dacl_refused(void)
{
    pf_pool_t  *pool = pf_pool_create();
    const char *dir = st_planted(pool, "nodacl", "D:NO_ACCESS_CONTROL");
    LPSTR       sddl = st_sddl(dir, NULL);

    /* Wine turns "no DACL" (everyone, everything) into rwx for all */
    if (sddl != NULL && strcmp(sddl, "D:NO_ACCESS_CONTROL") == 0) {
        st_refused(pool, dir, "no DACL");
    } else if (st_kept(dir, ";;;WD)")) {
        st_refused(pool, dir, "Everyone");
    }
    LocalFree(sddl);
    pf_pool_destroy(pool);
}

static void
test_read_only_grants_accepted(void)
{
    pf_pool_t  *pool = pf_pool_create();
    const char *dir = st_planted(pool, "readers",
                                 "D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)"
                                 "(A;OICI;GRGX;;;BU)");
    pf_error_t  err;

    memset(&err, 0, sizeof(err));
    PF_ASSERT_EQ(pf_journal_save(pool, pf_psprintf(pool, "%s\\journal",
                                                   dir),
                                 st_entries(pool), &err), PF_OK);
    pf_pool_destroy(pool);
}

static CU_TestInfo state_tests[] = {
    { "a new state directory: protected DACL, SYSTEM and Administrators",
      test_new_dir_protected_dacl },
    { "Everyone may write: refused", test_everyone_writable_refused },
    { "Users / Authenticated Users may create: refused",
      test_users_may_create_refused },
    { "no DACL: refused", test_no_dacl_refused },
    { "read-only grants to Users: accepted", test_read_only_grants_accepted },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "remedy state directory (Windows)", NULL, NULL, st_setup, st_teardown,
      state_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
