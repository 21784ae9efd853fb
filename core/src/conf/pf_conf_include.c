/*
 * Opening configuration files, with the guards: budgets of distinct
 * files, of inclusions, of bytes and of memory (each generous enough for
 * 100,000 vhosts, each named when exceeded), a limit on how deeply files
 * nest and on the size of each, a stack of the files being read (by
 * realpath) to stop include loops, and a check of the bytes (NUL, line
 * length) before any parser sees them.
 */
#include <stdlib.h>
#include <string.h>

#include "preflight_internal.h"
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
    run->max_reads = run->opts->max_reads ? run->opts->max_reads
                                          : PF_CONF_MAX_READS;
    run->max_bytes = run->opts->max_bytes ? run->opts->max_bytes
                                          : PF_CONF_MAX_TOTAL;
    run->max_memory = run->opts->max_memory ? run->opts->max_memory
                                            : PF_CONF_MAX_MEMORY;
    run->max_names = run->opts->max_names ? run->opts->max_names
                                          : PF_CONF_MAX_NAMES;
    run->pool_start = pf_pool_bytes(pool);
    return pf_array_init(&run->open, pool, 8, sizeof(char *));
}

/* FNV-1a: the set holds paths, and a tree of 100,000 vhosts differs in
 * their last characters only. */
size_t
pf_conf_hash(const char *s, size_t h)
{
    for (; *s != '\0'; s++) {
        h = (h ^ (unsigned char) *s) * 16777619u;
    }
    return h;
}

static int
pf_conf_set_grow(pf_pool_t *pool, pf_conf_set_t *set)
{
    pf_conf_pair_t *old = set->slots, *slots;
    size_t          i, j, n = old ? (set->mask + 1) * 2 : 64;

    slots = pf_palloc(pool, n * sizeof(*slots));
    if (slots == NULL) {
        return PF_ENOMEM;
    }
    for (i = 0; old != NULL && i <= set->mask; i++) {
        if (old[i].key == NULL) {
            continue;
        }
        j = pf_conf_hash(old[i].key, 2166136261u) & (n - 1);
        while (slots[j].key != NULL) {
            j = (j + 1) & (n - 1);
        }
        slots[j] = old[i];
    }
    set->slots = slots;
    set->mask = n - 1;
    return PF_OK;
}

/* The pair of key; *added when it is new: then key and val are kept. */
static int
pf_conf_set_get(pf_pool_t *pool, pf_conf_set_t *set, const char *key,
                const char *val, pf_conf_pair_t **pair, int *added)
{
    size_t j;

    *added = 0;
    if (set->slots == NULL || (set->n + 1) * 2 > set->mask + 1) {
        if (pf_conf_set_grow(pool, set) != PF_OK) {
            return PF_ENOMEM;
        }
    }
    j = pf_conf_hash(key, 2166136261u) & set->mask;
    while (set->slots[j].key != NULL) {
        if (strcmp(set->slots[j].key, key) == 0) {
            *pair = &set->slots[j];
            return PF_OK;
        }
        j = (j + 1) & set->mask;
    }
    set->slots[j].val = pf_pstrdup(pool, val);
    set->slots[j].key = set->slots[j].val ? pf_pstrdup(pool, key) : NULL;
    if (set->slots[j].key == NULL) {
        return PF_ENOMEM;
    }
    set->n++;
    *pair = &set->slots[j];
    *added = 1;
    return PF_OK;
}

static unsigned
pf_conf_line_of(const char *text, size_t off)
{
    unsigned line = 1;
    size_t   i;

    for (i = 0; i < off; i++) {
        line += text[i] == '\n';
    }
    return line;
}

/* NUL bytes and overlong lines are refused before parsing: both parsers
 * then work on C strings with lines of a known bound.  memchr, not a
 * loop by byte: a tree may be a gigabyte read in all. */
static int
pf_conf_check_bytes(pf_conf_run_t *run, const char *name, const char *text,
                    size_t len)
{
    const char *p = text, *end = text + len, *nl, *nul;
    unsigned    line;

    nul = memchr(text, '\0', len);
    if (nul != NULL) {
        line = pf_conf_line_of(text, (size_t) (nul - text));
        pf_error_set(run->err, name, line, "NUL byte at line %u", line);
        return PF_ERROR;
    }
    while (p < end) {
        nl = memchr(p, '\n', (size_t) (end - p));
        if ((size_t) ((nl ? nl : end) - p) > PF_CONF_MAX_LINE) {
            line = pf_conf_line_of(text, (size_t) (p - text));
            pf_error_set(run->err, name, line,
                         "line %u is longer than %u bytes", line,
                         PF_CONF_MAX_LINE);
            return PF_ERROR;
        }
        if (nl == NULL) {
            break;
        }
        p = nl + 1;
    }
    return PF_OK;
}

static int
pf_conf_check_limits(pf_conf_run_t *run, const char *path, const char *from,
                     unsigned line)
{
    if (from != NULL && ++run->nreads > run->max_reads) {
        pf_error_set(run->err, from, line,
                     "budget of reads exceeded: files were included more "
                     "than %u times in all (the same files again and "
                     "again?); stopped at \"%s\"", run->max_reads, path);
        return PF_ERROR;
    }
    if (pf_pool_bytes(run->pool) - run->pool_start > run->max_memory) {
        pf_error_set(run->err, from, line,
                     "budget of memory exceeded: reading the configuration "
                     "took more than %lu MiB; stopped at \"%s\"",
                     (unsigned long) (run->max_memory >> 20), path);
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

static int
pf_conf_bytes_exceeded(pf_conf_run_t *run, const char *path,
                       const char *from, unsigned line)
{
    pf_error_set(run->err, from, line,
                 "budget of bytes exceeded: more than %lu MiB read in all; "
                 "stopped at \"%s\"",
                 (unsigned long) (run->max_bytes >> 20), path);
    return PF_ERROR;
}

/* The realpath of a file that is not a symbolic link is its directory's
 * plus its name: the directory's is asked once (a tree of 100,000 vhosts
 * has a few), each file then costs one lstat, not a readlink for each
 * component of its path.  NULL when the short way does not apply. */
static char *
pf_conf_realpath_by_dir(pf_conf_run_t *run, pf_pool_t *scratch,
                        const char *path)
{
    pf_conf_pair_t *dir;
    pf_error_t      fe;
    const char     *base = pf_conf_basename(path);
    char           *d, *real;
    int             added;

    if (base == path || base[0] == '\0' || strcmp(base, ".") == 0
        || strcmp(base, "..") == 0 || pf_fs_is_link(path) != 0)
    {
        return NULL;
    }
    d = pf_conf_dirname(scratch, path);
    if (d == NULL) {
        return NULL;
    }
    if (run->dirs.slots != NULL) {
        size_t j = pf_conf_hash(d, 2166136261u) & run->dirs.mask;

        for (; run->dirs.slots[j].key != NULL; j = (j + 1) & run->dirs.mask) {
            if (strcmp(run->dirs.slots[j].key, d) == 0) {
                return pf_conf_join(scratch, run->dirs.slots[j].val, base);
            }
        }
    }
    memset(&fe, 0, sizeof(fe));
    if (pf_fs_realpath(scratch, d, &real, &fe) != PF_OK
        || pf_conf_set_get(run->pool, &run->dirs, d, real, &dir, &added)
           != PF_OK)
    {
        return NULL;
    }
    return pf_conf_join(scratch, dir->val, base);
}

/* The realpath through a scratch pool: only a file not seen before keeps
 * a copy, so reading a snippet again costs no memory. */
static int
pf_conf_realpath(pf_conf_run_t *run, const char *path, pf_conf_pair_t **seen,
                 int *added, pf_error_t *fe)
{
    pf_pool_t *scratch = pf_pool_create();
    char      *real;
    int        rc = PF_OK;

    if (scratch == NULL) {
        return PF_ENOMEM;
    }
    real = pf_conf_realpath_by_dir(run, scratch, path);
    if (real == NULL) {
        rc = pf_fs_realpath(scratch, path, &real, fe);
    }
    if (rc == PF_OK) {
        rc = pf_conf_set_get(run->pool, &run->files, real, path, seen,
                             added);
    }
    pf_pool_destroy(scratch);
    return rc;
}

int
pf_conf_open(pf_conf_run_t *run, const char *path, const char *from,
             unsigned line, pf_conf_file_t *f)
{
    pf_error_t      fe;
    pf_conf_pair_t *seen;
    const char     *real;
    const char    **slot;
    int             rc, added;

    memset(f, 0, sizeof(*f));
    memset(&fe, 0, sizeof(fe));
    if (pf_conf_check_limits(run, path, from, line) != PF_OK) {
        return PF_ERROR;
    }
    rc = pf_conf_realpath(run, path, &seen, &added, &fe);
    if (rc != PF_OK) {
        return rc == PF_ERROR ? pf_conf_open_error(run, &fe, path, from, line)
                              : rc;
    }
    real = seen->key;
    if (pf_conf_check_loop(run, real, path, from, line) != PF_OK) {
        return PF_ERROR;
    }
    if (added && from != NULL && ++run->nincludes > run->max_includes) {
        pf_error_set(run->err, from, line,
                     "budget of files exceeded: more than %u distinct "
                     "files included (a runaway wildcard?); stopped at "
                     "\"%s\"", run->max_includes, path);
        return PF_ERROR;
    }
    if (run->total >= run->max_bytes) {
        return pf_conf_bytes_exceeded(run, path, from, line);
    }
    rc = pf_fs_read_file(path, PF_CONF_MAX_FILE, &f->text, &f->len, &fe);
    if (rc != PF_OK) {
        return rc == PF_ERROR ? pf_conf_fs_error(run, &fe, path, from, line)
                              : rc;
    }
    if (f->len > run->max_bytes - run->total) {
        free(f->text);
        f->text = NULL;
        return pf_conf_bytes_exceeded(run, path, from, line);
    }
    f->owned = 1;
    /* the name of the first reading, unless this one differs: a shared
     * snippet included by 100,000 vhosts costs its name once */
    f->name = strcmp(seen->val, path) == 0 ? seen->val
                                           : pf_pstrdup(run->pool, path);
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
