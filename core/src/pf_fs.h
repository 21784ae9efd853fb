/*
 * The file system, as the configuration parsers need it.  Implemented in
 * core/src/unix/pf_unix_fs.c and core/src/win/pf_win_fs.c; everything
 * above (glob, include walking, loop detection) is common code.
 *
 * Errors fill err->message only (no file, no line): the caller knows
 * which directive asked and sets those.
 */
#ifndef PF_FS_H
#define PF_FS_H

#include "preflight_internal.h"

typedef enum {
    PF_FS_NONE = 0,          /* does not exist (or cannot be stat'ed) */
    PF_FS_FILE,
    PF_FS_DIR,
    PF_FS_OTHER              /* device, fifo, socket */
} pf_fs_kind_t;

/* Reads a whole file into a malloc'd, NUL-terminated buffer the caller
 * frees with free().  Not from a pool: configuration files are read one
 * after another and their text is dropped once parsed, so a large tree
 * does not keep every file in memory.  Fails when the file is larger
 * than max bytes. */
int          pf_fs_read_file(const char *path, size_t max, char **text,
                             size_t *len, pf_error_t *err);

/* Common to both layers: reads through read_fn until it returns 0 (end)
 * or -1 (error, *e set to an errno value) into a malloc'd buffer of at
 * most max bytes. */
typedef long (*pf_fs_read_pt)(void *handle, char *buf, size_t n, int *e);
/* An open file as the layer reads it, and its name for errors. */
typedef struct {
    pf_fs_read_pt  read_fn;
    void          *handle;
    const char    *path;
} pf_fs_source_t;
int          pf_fs_slurp(const pf_fs_source_t *src, size_t max, char **text,
                         size_t *len, pf_error_t *err);
/* "what \"path\" failed: strerror(e)" */
int          pf_fs_fail(pf_error_t *err, const char *what, const char *path,
                        int e);

/* What path is, following symbolic links. */
pf_fs_kind_t pf_fs_kind(const char *path);

/* The entries of a directory except "." and "..", as const char *
 * names, sorted by strcmp (as Apache sorts them). */
int          pf_fs_list_dir(pf_pool_t *pool, const char *dir,
                            pf_array_t *names, pf_error_t *err);

/* The canonical absolute path, symbolic links resolved: the identity of
 * a file for include-loop detection. */
int          pf_fs_realpath(pf_pool_t *pool, const char *path, char **out,
                            pf_error_t *err);

/* 1 when path itself is a symbolic link, 0 when it is something else,
 * -1 when that cannot be told cheaply (then ask pf_fs_realpath): lets
 * the parsers resolve a file as its directory's realpath plus its name,
 * one lstat instead of a readlink per component. */
int          pf_fs_is_link(const char *path);

/* "/etc", "C:\\x", "\\\\server\\share" */
int          pf_fs_is_absolute(const char *path);

/* '/' everywhere; also '\\' on Windows. */
int          pf_fs_is_sep(char c);

#endif
