/*
 * The state directory and the journal's files on Unix, as a local user
 * would plant them for root: a linked, foreign or world-writable state
 * directory, a link at the journal's temp-file name, a link at the lock
 * file, a linked journal.  Root must refuse them and write through none.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_remedy_fixture.h"

static char st_base[256];

static void
st_setup(void)
{
    snprintf(st_base, sizeof(st_base), "/tmp/pf-state-test-%ld",
             (long) getpid());
    PF_ASSERT_EQ_FATAL(mkdir(st_base, 0700), 0);
}

static void
st_teardown(void)
{
    char cmd[300];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", st_base);
    (void) system(cmd);
}

static const char *
st_path(pf_pool_t *pool, const char *name)
{
    return pf_psprintf(pool, "%s/%s", st_base, name);
}

static pf_array_t *
st_entries(pf_pool_t *pool)
{
    return rfx_journal_one(pool, "unit", "cron.service", "active",
                           "inactive");
}

/* Every way in is refused with the path and what is wrong, and nothing
 * is written into the directory. */
static void
st_refused(pf_pool_t *pool, const char *dir, const char *why)
{
    const char *journal = pf_psprintf(pool, "%s/journal", dir);
    pf_error_t  err;
    char        msg[2200];

    rfx_state_refused(pool, journal, st_entries(pool), why, &err);
    PF_ASSERT_CONTAINS(pf_error_format(&err, msg, sizeof(msg)), dir);
    PF_ASSERT_EQ(access(journal, F_OK), -1);
    PF_ASSERT_EQ(access(pf_psprintf(pool, "%s.lock", journal), F_OK), -1);
}

static void
test_new_dir_is_0700(void)
{
    pf_pool_t  *pool = pf_pool_create();
    const char *dir = st_path(pool, "a/b/state");
    pf_error_t  err;
    struct stat st;

    umask(0);
    PF_ASSERT_EQ(pf_journal_save(pool, pf_psprintf(pool, "%s/journal",
                                                   dir),
                                 st_entries(pool), &err), PF_OK);
    umask(022);
    PF_ASSERT_EQ_FATAL(lstat(dir, &st), 0);
    PF_ASSERT_EQ(st.st_mode & 07777, 0700);
    PF_ASSERT_EQ(st.st_uid, geteuid());
    PF_ASSERT_EQ(lstat(pf_psprintf(pool, "%s/journal", dir), &st), 0);
    PF_ASSERT_EQ(st.st_mode & 07777, 0600);
    pf_pool_destroy(pool);
}

static void
test_symlinked_dir_refused(void)
{
    pf_pool_t  *pool = pf_pool_create();
    const char *real = st_path(pool, "real");
    const char *link = st_path(pool, "state");

    PF_ASSERT_EQ_FATAL(mkdir(real, 0700), 0);
    PF_ASSERT_EQ_FATAL(symlink(real, link), 0);
    st_refused(pool, link, "it is a symbolic link");
    PF_ASSERT_EQ(access(pf_psprintf(pool, "%s/journal", real), F_OK), -1);
    pf_pool_destroy(pool);
}

static void
test_world_writable_dir_refused(void)
{
    pf_pool_t  *pool = pf_pool_create();
    const char *dir = st_path(pool, "state");

    PF_ASSERT_EQ_FATAL(mkdir(dir, 0700), 0);
    PF_ASSERT_EQ_FATAL(chmod(dir, 0777), 0);
    st_refused(pool, dir, "writable by group or others (mode 0777)");
    PF_ASSERT_EQ_FATAL(chmod(dir, 0770), 0);
    st_refused(pool, dir, "writable by group or others (mode 0770)");
    pf_pool_destroy(pool);
}

static void
test_foreign_dir_refused(void)
{
    pf_pool_t  *pool = pf_pool_create();
    const char *dir = st_path(pool, "state");

    if (geteuid() != 0) {
        /* only root can give a directory away: "/" is root's */
        st_refused(pool, "/", "owned by uid 0");
        pf_pool_destroy(pool);
        return;
    }
    PF_ASSERT_EQ_FATAL(mkdir(dir, 0700), 0);
    PF_ASSERT_EQ_FATAL(chown(dir, 65534, 65534), 0);
    st_refused(pool, dir, "owned by uid 65534");
    pf_pool_destroy(pool);
}

static void
test_unsafe_parent_refused(void)
{
    pf_pool_t  *pool = pf_pool_create();
    const char *parent = st_path(pool, "open");
    const char *dir = st_path(pool, "open/state");
    const char *journal = pf_psprintf(pool, "%s/journal", dir);
    pf_error_t  err;

    /* a parent anyone may write: the state directory can be renamed
     * away and replaced */
    PF_ASSERT_EQ_FATAL(mkdir(parent, 0700), 0);
    PF_ASSERT_EQ_FATAL(chmod(parent, 0777), 0);
    PF_ASSERT_EQ_FATAL(mkdir(dir, 0700), 0);
    memset(&err, 0, sizeof(err));
    PF_ASSERT_EQ(pf_journal_save(pool, journal, st_entries(pool), &err),
                 PF_ERROR);
    PF_ASSERT_CONTAINS(err.file, parent);
    PF_ASSERT_CONTAINS(err.message, "a parent of the state directory");
    /* sticky, as /tmp: only owners rename their entries */
    PF_ASSERT_EQ_FATAL(chmod(parent, 01777), 0);
    PF_ASSERT_EQ(pf_journal_save(pool, journal, st_entries(pool), &err),
                 PF_OK);
    pf_pool_destroy(pool);
}

/* The victim: a file root must not write through a link. */
static const char *
st_victim(pf_pool_t *pool)
{
    const char *v = st_path(pool, "victim");
    FILE       *f = fopen(v, "w");

    PF_ASSERT_NOT_NULL_FATAL(f);
    fputs("precious\n", f);
    fclose(f);
    return v;
}

static void
st_assert_victim(const char *v)
{
    char  buf[64] = "";
    FILE *f = fopen(v, "r");

    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_NOT_NULL(fgets(buf, sizeof(buf), f));
    fclose(f);
    PF_ASSERT_STR(buf, "precious\n");
}

static void
test_temp_file_link_not_followed(void)
{
    pf_pool_t  *pool = pf_pool_create();
    const char *dir = st_path(pool, "state");
    const char *journal = pf_psprintf(pool, "%s/journal", dir);
    const char *victim = st_victim(pool);
    pf_array_t  j;
    pf_error_t  err;
    long        pid;

    PF_ASSERT_EQ_FATAL(mkdir(dir, 0700), 0);
    /* the names a predictable temp file would have, around this PID */
    for (pid = (long) getpid() - 2; pid <= (long) getpid() + 2; pid++) {
        PF_ASSERT_EQ(symlink(victim, pf_psprintf(pool, "%s.tmp.%ld",
                                                 journal, pid)), 0);
    }
    PF_ASSERT_EQ(pf_journal_save(pool, journal, st_entries(pool), &err),
                 PF_OK);
    st_assert_victim(victim);
    pf_array_init(&j, pool, 1, sizeof(pf_journal_entry_t));
    PF_ASSERT_EQ(pf_journal_load(pool, journal, &j, &err), PF_OK);
    PF_ASSERT_SIZE_EQ(j.nelts, 1);
    pf_pool_destroy(pool);
}

static void
test_lock_link_not_followed(void)
{
    pf_pool_t  *pool = pf_pool_create();
    const char *dir = st_path(pool, "state");
    const char *journal = pf_psprintf(pool, "%s/journal", dir);
    const char *victim = st_victim(pool);
    const char *created = st_path(pool, "created-by-root");
    pf_error_t  err;
    void       *lock = NULL;

    PF_ASSERT_EQ_FATAL(mkdir(dir, 0700), 0);
    /* a link to a missing file: following it would create that file */
    PF_ASSERT_EQ_FATAL(symlink(created, pf_psprintf(pool, "%s.lock",
                                                    journal)), 0);
    memset(&err, 0, sizeof(err));
    PF_ASSERT_EQ(pf_journal_lock(pool, journal, &lock, &err), PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, "symbolic link");
    PF_ASSERT_EQ(access(created, F_OK), -1);
    /* to an existing file: opened through it, it would be the lock */
    unlink(pf_psprintf(pool, "%s.lock", journal));
    PF_ASSERT_EQ_FATAL(symlink(victim, pf_psprintf(pool, "%s.lock",
                                                   journal)), 0);
    PF_ASSERT_EQ(pf_journal_lock(pool, journal, &lock, &err), PF_ERROR);
    st_assert_victim(victim);
    /* a FIFO is no lock file either */
    unlink(pf_psprintf(pool, "%s.lock", journal));
    PF_ASSERT_EQ_FATAL(mkfifo(pf_psprintf(pool, "%s.lock", journal),
                              0600), 0);
    PF_ASSERT_EQ(pf_journal_lock(pool, journal, &lock, &err), PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, "not a regular file");
    pf_pool_destroy(pool);
}

static void
test_journal_link_not_read(void)
{
    pf_pool_t  *pool = pf_pool_create();
    const char *dir = st_path(pool, "state");
    const char *journal = pf_psprintf(pool, "%s/journal", dir);
    const char *planted = st_path(pool, "planted");
    pf_array_t  j;
    pf_error_t  err;
    FILE       *f;

    PF_ASSERT_EQ_FATAL(mkdir(dir, 0700), 0);
    f = fopen(planted, "w");
    PF_ASSERT_NOT_NULL_FATAL(f);
    fputs("preflight-journal 1\nstep seq=1 state=done kind=unit op=disable "
          "subject=x.service before=enabled after=disabled\n", f);
    fclose(f);
    PF_ASSERT_EQ_FATAL(symlink(planted, journal), 0);
    pf_array_init(&j, pool, 1, sizeof(pf_journal_entry_t));
    memset(&err, 0, sizeof(err));
    PF_ASSERT_EQ(pf_journal_load(pool, journal, &j, &err), PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, "it is a symbolic link");
    PF_ASSERT_SIZE_EQ(j.nelts, 0);
    pf_pool_destroy(pool);
}

static CU_TestInfo state_tests[] = {
    { "a new state directory is 0700, the journal 0600",
      test_new_dir_is_0700 },
    { "a symlinked state directory is refused", test_symlinked_dir_refused },
    { "a group/world-writable state directory is refused",
      test_world_writable_dir_refused },
    { "another user's state directory is refused", test_foreign_dir_refused },
    { "a parent anyone may write is refused, a sticky one is not",
      test_unsafe_parent_refused },
    { "a link at the temp file's name is not written through",
      test_temp_file_link_not_followed },
    { "a link at the lock file is not followed", test_lock_link_not_followed },
    { "a linked journal is not read", test_journal_link_not_read },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "remedy state directory (Unix)", NULL, NULL, st_setup, st_teardown,
      state_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
