/* The journal: text round trip, errors with line numbers, the file left
 * untouched when it cannot be read. */
#include <stdio.h>

#include "test_remedy_fixture.h"

static pf_journal_entry_t *
add_entry(pf_array_t *a, unsigned seq, pf_journal_state_t st,
          const char *subject)
{
    pf_journal_entry_t *e = pf_array_push(a);

    e->seq = seq;
    e->state = st;
    e->kind = "service";
    e->op = "stop";
    e->subject = subject;
    e->before = "running";
    e->after = "stopped";
    e->target = "0.0.0.0:80, [::]:80";
    e->command = "net stop \"World Wide Web\" /y";
    return e;
}

static void
test_round_trip(void)
{
    pf_pool_t  *pool = pf_pool_create();
    pf_array_t  in, out;
    pf_buf_t    b;
    pf_error_t  err;
    pf_journal_entry_t *e;

    pf_array_init(&in, pool, 2, sizeof(pf_journal_entry_t));
    pf_array_init(&out, pool, 2, sizeof(pf_journal_entry_t));
    add_entry(&in, 1, PF_JOURNAL_DONE, "W3SVC");
    e = add_entry(&in, 2, PF_JOURNAL_FAILED, "odd name=100%\nnew\tline");
    e->error = "Access is denied.  ";
    pf_buf_init(&b);
    pf_journal_format(&in, &b);
    PF_ASSERT_CONTAINS(b.data, "preflight-journal 1\n");
    PF_ASSERT_CONTAINS(b.data, "subject=odd%20name%3D100%25%0Anew%09line");

    PF_ASSERT_EQ_FATAL(pf_journal_parse(pool, b.data, b.len, &out, &err),
                       PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 2);
    e = &PF_ARRAY_AT(&out, pf_journal_entry_t, 1);
    PF_ASSERT_EQ(e->seq, 2);
    PF_ASSERT_EQ(e->state, PF_JOURNAL_FAILED);
    PF_ASSERT_STR(e->subject, "odd name=100%\nnew\tline");
    PF_ASSERT_STR(e->error, "Access is denied.  ");
    PF_ASSERT_STR(e->target, "0.0.0.0:80, [::]:80");
    PF_ASSERT_STR(e->command, "net stop \"World Wide Web\" /y");
    PF_ASSERT_NULL(PF_ARRAY_AT(&out, pf_journal_entry_t, 0).error);
    pf_buf_free(&b);
    pf_pool_destroy(pool);
}

static void
expect_error(const char *text, unsigned line, const char *words)
{
    pf_pool_t  *pool = pf_pool_create();
    pf_array_t  out;
    pf_error_t  err;

    memset(&err, 0, sizeof(err));
    pf_array_init(&out, pool, 2, sizeof(pf_journal_entry_t));
    PF_ASSERT_EQ(pf_journal_parse(pool, text, strlen(text), &out, &err),
                 PF_ERROR);
    PF_ASSERT_EQ(err.line, line);
    PF_ASSERT_CONTAINS(err.message, words);
    pf_pool_destroy(pool);
}

static void
test_errors_have_lines(void)
{
    expect_error("", 1, "empty");
    expect_error("hello\n", 1, "not a preflight journal");
    expect_error("preflight-journal 9\n", 1, "unsupported journal version");
    expect_error("preflight-journal 1\n# c\nstep seq=1 state=done kind=unit "
                 "op=stop subject=a%2\n", 3, "bad %-escape");
    expect_error("preflight-journal 1\nstep seq=1 state=done kind=unit "
                 "op=stop\n", 2, "lacks");
    expect_error("preflight-journal 1\n\nstep seq=1 state=maybe kind=unit "
                 "op=stop subject=a\n", 3, "unknown step state 'maybe'");
    expect_error("preflight-journal 1\nstep seq=x state=done kind=unit "
                 "op=stop subject=a\n", 2, "bad step number");
    expect_error("preflight-journal 1\nstep seq=1 seq=2 state=done "
                 "kind=unit op=stop subject=a\n", 2, "given twice");
    expect_error("preflight-journal 1\nstep seq=1 state=done kind=unit "
                 "op=stop subject=a%00\n", 2, "bad %-escape");
    expect_error("preflight-journal 1\nstep  seq=1\n", 2, "key=value");
    expect_error("preflight-journal 1\nundo everything\n", 2, "'step'");
}

static void
test_tolerant_reader(void)
{
    const char *text = "preflight-journal 1\r\n# comment\r\n\r\n"
                       "step seq=3 state=pending kind=unit op=stop "
                       "subject=a.service future=yes\r\n";
    pf_pool_t  *pool = pf_pool_create();
    pf_array_t  out;
    pf_error_t  err;

    pf_array_init(&out, pool, 2, sizeof(pf_journal_entry_t));
    PF_ASSERT_EQ(pf_journal_parse(pool, text, strlen(text), &out, &err),
                 PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_STR(PF_ARRAY_AT(&out, pf_journal_entry_t, 0).subject,
                  "a.service");
    PF_ASSERT_EQ(PF_ARRAY_AT(&out, pf_journal_entry_t, 0).state,
                 PF_JOURNAL_PENDING);
    pf_pool_destroy(pool);
}

static void
test_file_save_load(void)
{
    pf_pool_t  *pool = pf_pool_create();
    const char *path = rfx_state_dir(pool);
    pf_array_t  in, out;
    pf_error_t  err;
    const char *archived = NULL, *second = NULL;

    PF_ASSERT_STR(pf_journal_default_path(pool), path);
    pf_array_init(&in, pool, 2, sizeof(pf_journal_entry_t));
    pf_array_init(&out, pool, 2, sizeof(pf_journal_entry_t));
    /* no file: nothing, and no error */
    PF_ASSERT_EQ(pf_journal_load(pool, path, &out, &err), PF_OK);
    PF_ASSERT_SIZE_EQ(out.nelts, 0);
    add_entry(&in, 1, PF_JOURNAL_DONE, "W3SVC");
    PF_ASSERT_EQ(pf_journal_save(pool, path, &in, &err), PF_OK);
    PF_ASSERT_EQ(pf_journal_load(pool, path, &out, &err), PF_OK);
    PF_ASSERT_SIZE_EQ(out.nelts, 1);
    PF_ASSERT_EQ(access(pf_psprintf(pool, "%s.tmp.%ld", path,
                                    (long) getpid()), F_OK), -1);
    PF_ASSERT_EQ(pf_journal_archive(pool, path, &archived, &err), PF_OK);
    PF_ASSERT_EQ(access(path, F_OK), -1);
    PF_ASSERT_EQ(access(archived, F_OK), 0);
    PF_ASSERT_CONTAINS(archived, ".undone");
    /* a second undo at once gets an archive of its own: both are kept */
    PF_ASSERT_EQ(pf_journal_save(pool, path, &in, &err), PF_OK);
    PF_ASSERT_EQ(pf_journal_archive(pool, path, &second, &err), PF_OK);
    PF_ASSERT_NOT_NULL_FATAL(second);
    PF_ASSERT_STR_NE(second, archived);
    PF_ASSERT_EQ(access(archived, F_OK), 0);
    PF_ASSERT_EQ(access(second, F_OK), 0);
    PF_ASSERT_EQ(access(path, F_OK), -1);
    rfx_rm_state_dir(pool, path);
    pf_pool_destroy(pool);
}

static void
test_corrupt_file_untouched(void)
{
    static const char bad[] = "preflight-journal 1\n"
        "step seq=1 state=done kind=unit op=stop subject=a.service\n"
        "step seq=2 state=done kind=unit op=stop subject=%zz\n";
    pf_pool_t  *pool = pf_pool_create();
    const char *path = rfx_state_dir(pool);
    const char *where;
    pf_array_t  out;
    pf_error_t  err;
    char        back[256], msg[2200];
    FILE       *f;
    size_t      n;

    f = fopen(path, "wb");
    PF_ASSERT_NOT_NULL_FATAL(f);
    fwrite(bad, 1, sizeof(bad) - 1, f);
    fclose(f);

    memset(&err, 0, sizeof(err));
    PF_ASSERT_EQ(pf_undo_load(pool, NULL, &where, &out, &err), PF_ERROR);
    PF_ASSERT_STR(where, path);
    PF_ASSERT_EQ(err.line, 3);
    PF_ASSERT_STR(err.file, path);
    PF_ASSERT_CONTAINS(pf_error_format(&err, msg, sizeof(msg)),
                       ":3: bad %-escape");

    f = fopen(path, "rb");
    PF_ASSERT_NOT_NULL_FATAL(f);
    n = fread(back, 1, sizeof(back), f);
    fclose(f);
    PF_ASSERT_EQ(n, sizeof(bad) - 1);
    PF_ASSERT_MEM_EQ(back, bad, n);
    rfx_rm_state_dir(pool, path);
    pf_pool_destroy(pool);
}

static CU_TestInfo journal_tests[] = {
    { "write/read round trip", test_round_trip },
    { "errors carry the line", test_errors_have_lines },
    { "CRLF, comments, unknown keys", test_tolerant_reader },
    { "file save, load, archive", test_file_save_load },
    { "corrupt journal: error and file untouched",
      test_corrupt_file_untouched },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "remedy journal", NULL, NULL, NULL, NULL, journal_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
