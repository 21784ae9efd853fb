/*
 * Opening configuration files, with the guards: a limit on the number of
 * included files, on how deeply they nest, on the size of each and of
 * all together, a stack of the files being read (by realpath) to stop
 * include loops, and a check of the bytes (NUL, line length) before any
 * parser sees them.
 */
#include <stdlib.h>
#include <string.h>

#include "preflight.h"
#include "pf_fs.h"
#include "conf/pf_conf.h"

int
pf_conf_run_init(pf_conf_run_t *run, pf_pool_t *pool,
                 const pf_conf_options_t *opts, pf_server_t server,
                 pf_array_t *out, pf_error_t *err)
{
    static const pf_conf_options_t  none;

    memset(run, 0, sizeof(*run));
    run->pool = pool;
    run->opts = opts ? opts : &none;
    run->out = out;
    run->out_start = out->nelts;
    run->err = err;
    run->server = server;
    run->max_includes = run->opts->max_includes ? run->opts->max_includes
                                                : PF_CONF_MAX_INCLUDES;
    run->max_depth = run->opts->max_depth ? run->opts->max_depth
                                          : PF_CONF_MAX_DEPTH;
    return pf_array_init(&run->open, pool, 8, sizeof(char *));
}

/* NUL bytes and overlong lines are refused before parsing: both parsers
 * then work on C strings with lines of a known bound. */
static int
pf_conf_check_bytes(pf_conf_run_t *run, const char *name, const char *text,
                    size_t len)
{
    size_t    i, line_start = 0;
    unsigned  line = 1;

    for (i = 0; i < len; i++) {
        if (text[i] == '\0') {
            pf_error_set(run->err, name, line, "NUL byte at line %u", line);
            return PF_ERROR;
        }
        if (text[i] == '\n') {
            line++;
            line_start = i + 1;
        } else if (i - line_start >= PF_CONF_MAX_LINE) {
            pf_error_set(run->err, name, line,
                         "line %u is longer than %u bytes", line,
                         PF_CONF_MAX_LINE);
            return PF_ERROR;
        }
    }
    return PF_OK;
}

static int
pf_conf_check_limits(pf_conf_run_t *run, const char *path, const char *from,
                     unsigned line)
{
    if (from != NULL && ++run->nincludes > run->max_includes) {
        pf_error_set(run->err, from, line,
                     "more than %u included files (an include loop or a "
                     "runaway wildcard?); stopped at \"%s\"",
                     run->max_includes, path);
        return PF_ERROR;
    }
    if (run->open.nelts >= run->max_depth) {
        pf_error_set(run->err, from, line,
                     "includes nested more than %u deep (an include loop?); "
                     "stopped at \"%s\"", run->max_depth, path);
        return PF_ERROR;
    }
    return PF_OK;
}

static int
pf_conf_check_loop(pf_conf_run_t *run, const char *real, const char *path,
                   const char *from, unsigned line)
{
    size_t i;

    for (i = 0; i < run->open.nelts; i++) {
        if (strcmp(PF_ARRAY_AT(&run->open, char *, i), real) == 0) {
            pf_error_set(run->err, from, line,
                         "include loop: \"%s\" is already being read "
                         "(it includes itself, directly or through other "
                         "files)", path);
            return PF_ERROR;
        }
    }
    return PF_OK;
}

/* A failure of the fs layer, placed at the directive that asked (the
 * message names the file: for the main file no more is needed). */
static int
pf_conf_fs_error(pf_conf_run_t *run, const pf_error_t *fe, const char *path,
                 const char *from, unsigned line)
{
    (void) path;
    pf_error_set(run->err, from, line, "%s", fe->message);
    return PF_ERROR;
}

/* realpath() failed: what open() says is clearer ("No such file",
 * "Permission denied", "Too many levels of symbolic links"). */
static int
pf_conf_open_error(pf_conf_run_t *run, const pf_error_t *fe,
                   const char *path, const char *from, unsigned line)
{
    pf_error_t  oe;
    char       *text;
    size_t      len;

    memset(&oe, 0, sizeof(oe));
    if (pf_fs_read_file(path, PF_CONF_MAX_FILE, &text, &len, &oe) == PF_OK) {
        free(text);
        return pf_conf_fs_error(run, fe, path, from, line);
    }
    return pf_conf_fs_error(run, &oe, path, from, line);
}

int
pf_conf_open(pf_conf_run_t *run, const char *path, const char *from,
             unsigned line, pf_conf_file_t *f)
{
    pf_error_t  fe;
    char       *real;
    char      **slot;
    size_t      room;
    int         rc;

    memset(f, 0, sizeof(*f));
    memset(&fe, 0, sizeof(fe));
    if (pf_conf_check_limits(run, path, from, line) != PF_OK) {
        return PF_ERROR;
    }
    rc = pf_fs_realpath(run->pool, path, &real, &fe);
    if (rc != PF_OK) {
        return rc == PF_ERROR ? pf_conf_open_error(run, &fe, path, from, line)
                              : rc;
    }
    if (pf_conf_check_loop(run, real, path, from, line) != PF_OK) {
        return PF_ERROR;
    }
    room = PF_CONF_MAX_TOTAL - run->total;
    if (room == 0) {
        pf_error_set(run->err, from, line,
                     "the configuration is larger than %u MiB in all; "
                     "stopped at \"%s\"", PF_CONF_MAX_TOTAL >> 20, path);
        return PF_ERROR;
    }
    rc = pf_fs_read_file(path, room < PF_CONF_MAX_FILE ? room
                                                        : PF_CONF_MAX_FILE,
                         &f->text, &f->len, &fe);
    if (rc != PF_OK) {
        return rc == PF_ERROR ? pf_conf_fs_error(run, &fe, path, from, line)
                              : rc;
    }
    f->owned = 1;
    f->name = pf_pstrdup(run->pool, path);
    f->real = real;
    run->total += f->len;
    slot = pf_array_push(&run->open);
    if (f->name == NULL || slot == NULL) {
        pf_conf_close(run, f);
        return PF_ENOMEM;
    }
    *slot = real;
    if (pf_conf_check_bytes(run, f->name, f->text, f->len) != PF_OK) {
        pf_conf_close(run, f);
        return PF_ERROR;
    }
    return PF_OK;
}

int
pf_conf_open_text(pf_conf_run_t *run, const char *name, const char *text,
                  size_t len, pf_conf_file_t *f)
{
    memset(f, 0, sizeof(*f));
    f->name = pf_pstrdup(run->pool, name ? name : "(text)");
    if (f->name == NULL) {
        return PF_ENOMEM;
    }
    if (text == NULL) {
        text = "";
        len = 0;
    }
    if (pf_conf_check_bytes(run, f->name, text, len) != PF_OK) {
        return PF_ERROR;
    }
    /* a private NUL-terminated copy: the caller's text need not end in
     * a NUL, and the parsers read C strings */
    f->text = malloc(len + 1);
    if (f->text == NULL) {
        return PF_ENOMEM;
    }
    memcpy(f->text, text, len);
    f->text[len] = '\0';
    f->len = len;
    f->owned = 1;
    return PF_OK;
}

void
pf_conf_close(pf_conf_run_t *run, pf_conf_file_t *f)
{
    if (f->real != NULL && run->open.nelts > 0) {
        run->open.nelts--;
    }
    if (f->owned) {
        free(f->text);
    }
    f->text = NULL;
    f->owned = 0;
    f->real = NULL;
}

int
pf_conf_finish(pf_conf_run_t *run, int rc)
{
    size_t i;

    if (rc == PF_OK) {
        /* the pid file may come after the Listen lines: known only now */
        for (i = run->out_start; i < run->out->nelts; i++) {
            PF_ARRAY_AT(run->out, pf_target_t, i).pid_file = run->pid_file;
        }
        return PF_OK;
    }
    if (rc == PF_ENOMEM) {
        pf_error_set(run->err, NULL, 0,
                     "out of memory while reading the configuration");
    }
    run->out->nelts = run->out_start;
    return rc;
}
