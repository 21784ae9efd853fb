/*
 * The journal file: where it lives, loading it, replacing it atomically,
 * archiving it after a complete undo.  A journal that cannot be read is
 * never touched: the error names the file and line, and nothing is lost.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pf_fs.h"
#include "pf_remedy.h"

#define PF_JOURNAL_MAX  (4u * 1024 * 1024)

const char *
pf_journal_default_path(pf_pool_t *pool)
{
    const char *dir = pf_remedy_state_dir(pool);

    if (dir == NULL) {
        return NULL;
    }
    /* a Windows directory is joined the Windows way */
    return pf_psprintf(pool, "%s%cjournal", dir,
                       strchr(dir, '\\') != NULL && strchr(dir, '/') == NULL
                       ? '\\' : '/');
}

/* The whole file into a pool string; *text NULL when it does not exist. */
static int
pf_journal_read(pf_pool_t *pool, const char *path, char **text, size_t *len,
                pf_error_t *err)
{
    FILE   *f;
    char   *buf;
    size_t  n;

    *text = NULL;
    f = pf_remedy_open_read(path);
    if (f == NULL) {
        if (errno == ENOENT) {
            return PF_OK;
        }
        pf_error_set(err, path, 0, "cannot read the journal: %s",
                     errno == EPERM ? "it is a symbolic link"
                                    : strerror(errno));
        return PF_ERROR;
    }
    buf = pf_palloc(pool, PF_JOURNAL_MAX + 1);
    if (buf == NULL) {
        fclose(f);
        pf_error_set(err, path, 0, "out of memory");
        return PF_ERROR;
    }
    n = fread(buf, 1, PF_JOURNAL_MAX + 1, f);
    if (ferror(f) || n > PF_JOURNAL_MAX) {
        fclose(f);
        pf_error_set(err, path, 0, n > PF_JOURNAL_MAX
                     ? "the journal is too large to be one" :
                     "cannot read the journal");
        return PF_ERROR;
    }
    fclose(f);
    *text = buf;
    *len = n;
    return PF_OK;
}

static const char *pf_journal_dirname(pf_pool_t *pool, const char *path);

/* The journal's directory, created when asked, and only the caller's: a
 * journal anybody else could write is never read nor written as root. */
static int
pf_journal_dir(pf_pool_t *pool, const char *path, int create,
               pf_error_t *err)
{
    const char *dir = pf_journal_dirname(pool, path);

    if (dir == NULL) {
        dir = ".";
    } else if (create && pf_remedy_mkdirs(pool, dir, err) != PF_OK) {
        return PF_ERROR;
    }
    if (!create && pf_fs_kind(dir) == PF_FS_NONE) {
        return PF_OK;           /* no directory, no journal */
    }
    return pf_remedy_dir_check(pool, dir, err);
}

int
pf_journal_load(pf_pool_t *pool, const char *path, pf_array_t *entries,
                pf_error_t *err)
{
    char   *text;
    size_t  len = 0;

    if (pf_journal_dir(pool, path, 0, err) != PF_OK
        || pf_journal_read(pool, path, &text, &len, err) != PF_OK)
    {
        return PF_ERROR;
    }
    if (text == NULL) {
        return PF_OK;
    }
    if (pf_journal_parse(pool, text, len, entries, err) != PF_OK) {
        /* the parser knows the line, the file is ours to name */
        snprintf(err->file, sizeof(err->file), "%s", path);
        return PF_ERROR;
    }
    return PF_OK;
}

static const char *
pf_journal_dirname(pf_pool_t *pool, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *bslash = strrchr(path, '\\');

    if (bslash != NULL && (slash == NULL || bslash > slash)) {
        slash = bslash;
    }
    if (slash == NULL || slash == path) {
        return NULL;
    }
    return pf_pstrndup(pool, path, (size_t) (slash - path));
}

int
pf_journal_save(pf_pool_t *pool, const char *path, const pf_array_t *entries,
                pf_error_t *err)
{
    pf_buf_t    b;
    int         rc;

    if (pf_journal_dir(pool, path, 1, err) != PF_OK) {
        return PF_ERROR;
    }
    pf_buf_init(&b);
    pf_journal_format(entries, &b);
    if (b.failed) {
        pf_buf_free(&b);
        pf_error_set(err, path, 0, "out of memory");
        return PF_ERROR;
    }
    rc = pf_remedy_write_atomic(pool, path, b.data, b.len, err);
    pf_buf_free(&b);
    return rc;
}

/* PATH.TIME.undone, or PATH.TIME.N.undone when an undo in the same
 * second archived one already: Windows would refuse the rename, POSIX
 * would replace the earlier archive.  The journal's lock is held. */
static const char *
pf_journal_archive_name(pf_pool_t *pool, const char *path)
{
    const char *stamp = pf_remedy_timestamp(pool);
    const char *to = pf_psprintf(pool, "%s.%s.undone", path, stamp);
    unsigned    n;

    for (n = 2; to != NULL && n < 1000 && pf_fs_kind(to) != PF_FS_NONE;
         n++)
    {
        to = pf_psprintf(pool, "%s.%s.%u.undone", path, stamp, n);
    }
    return to;
}

int
pf_journal_archive(pf_pool_t *pool, const char *path, const char **archived,
                   pf_error_t *err)
{
    const char *to = pf_journal_archive_name(pool, path);

    if (to == NULL) {
        pf_error_set(err, path, 0, "out of memory");
        return PF_ERROR;
    }
    if (pf_remedy_rename(path, to, err) != PF_OK) {
        return PF_ERROR;
    }
    if (archived != NULL) {
        *archived = to;
    }
    return PF_OK;
}

int
pf_journal_lock(pf_pool_t *pool, const char *path, void **lock,
                pf_error_t *err)
{
    const char *lpath = pf_psprintf(pool, "%s.lock", path);

    if (lpath == NULL) {
        pf_error_set(err, path, 0, "out of memory");
        return PF_ERROR;
    }
    if (pf_journal_dir(pool, path, 1, err) != PF_OK) {
        return PF_ERROR;
    }
    return pf_remedy_lock(pool, lpath, lock, err);
}
