/*
 * The Apache directives that decide the listen addresses: Listen
 * (server/listen.c ap_set_listener), Include and IncludeOptional
 * (core.c include_config, util.c ap_dir_fnmatch / ap_dir_nofnmatch) and
 * ServerRoot.
 */
#include <stdio.h>
#include <string.h>

#include "preflight_internal.h"
#include "pf_fs.h"
#include "pf_target.h"
#include "conf/pf_conf_apache.h"

#define PF_AP_MAX_ARGS  8

/* Splits args into at most max words; returns how many there were. */
static int
pf_ap_words(pf_pool_t *pool, const char *args, char **argv, int max,
            int *argc)
{
    char *w;

    *argc = 0;
    while (*args) {
        w = pf_ap_word(pool, &args);
        if (w == NULL) {
            return PF_ENOMEM;
        }
        if (*argc < max) {
            argv[*argc] = w;
        }
        (*argc)++;
    }
    return PF_OK;
}

/* Listen may only be at the top level, or in conditional sections. */
static int
pf_ap_listen_context(pf_ap_t *ap, pf_ap_line_t *l)
{
    size_t i;

    for (i = 0; i < ap->sections.nelts; i++) {
        pf_ap_section_t *s = &PF_ARRAY_AT(&ap->sections, pf_ap_section_t, i);

        if (!s->conditional) {
            pf_error_set(ap->run.err, l->file, l->line,
                         "Listen cannot occur within <%s> section", s->name);
            return PF_ERROR;
        }
    }
    return PF_OK;
}

/* apr_parse_addr_port() wants a port: "1.2.3.4" or "[::1]" alone is
 * not a Listen httpd accepts. */
static int
pf_ap_has_port(const char *addr)
{
    const char *close = addr[0] == '[' ? strchr(addr, ']') : NULL;

    if (close != NULL) {
        return close[1] == ':';
    }
    return strchr(addr, ':') != NULL
           || strspn(addr, "0123456789") == strlen(addr);
}

/* Inside an <IfModule> of a configuration that loads no module, taken
 * as true for want of knowing (pf_ap_module_present): a repeated Listen
 * there is no proof that httpd refuses the configuration. */
static int
pf_ap_guessed(const pf_ap_t *ap)
{
    size_t i;

    if (ap->modules.nelts != 0) {
        return 0;
    }
    for (i = 0; i < ap->sections.nelts; i++) {
        if (pf_conf_casecmp(PF_ARRAY_AT(&ap->sections, pf_ap_section_t,
                                        i).name, "IfModule") == 0)
        {
            return 1;
        }
    }
    return 0;
}

/* "80" or "*:80": no host, which httpd resolves to [::] and 0.0.0.0. */
static int
pf_ap_hostless(const char *addr)
{
    return strspn(addr, "0123456789") == strlen(addr)
           || strncmp(addr, "*:", 2) == 0;
}

int
pf_ap_listen(pf_ap_t *ap, pf_ap_line_t *l, const char *args)
{
    pf_target_t  tmpl;
    char        *argv[PF_AP_MAX_ARGS];
    int          argc, rc;

    if (pf_ap_listen_context(ap, l) != PF_OK) {
        return PF_ERROR;
    }
    rc = pf_ap_words(ap->run.pool, args, argv, PF_AP_MAX_ARGS, &argc);
    if (rc != PF_OK) {
        return rc;
    }
    if (argc < 1 || argc > 3) {
        pf_error_set(ap->run.err, l->file, l->line,
                     "Listen requires 1-3 arguments.");
        return PF_ERROR;
    }
    if (l->undefined != NULL) {
        pf_error_set(ap->run.err, l->file, l->line,
                     "Listen uses ${%s}, which is not defined (no Define, "
                     "-D or environment variable of that name)",
                     l->undefined);
        return PF_ERROR;
    }
    if (!pf_ap_has_port(argv[0])) {
        pf_error_set(ap->run.err, l->file, l->line,
                     "Listen %s: Port must be specified", argv[0]);
        return PF_ERROR;
    }
    /* a protocol ("https") or options= do not change the socket: TCP */
    pf_target_defaults(&tmpl);
    tmpl.server = PF_SERVER_APACHE;
    tmpl.spelling = argv[0];
    /* "Listen 80": [::]:80 first, 0.0.0.0:80 when that fails */
    tmpl.v4_fallback = pf_ap_hostless(argv[0]);
    tmpl.source = pf_conf_source(&ap->run, l->file, l->line);
    if (tmpl.source == NULL) {
        return PF_ENOMEM;
    }
    ap->run.merge_lines = pf_ap_guessed(ap);
    rc = pf_conf_add_spec(&ap->run, argv[0], &tmpl, PF_FAMILY_ANY, l->file,
                          l->line);
    ap->run.merge_lines = 0;
    return rc;
}

static int pf_ap_include_path(pf_ap_t *ap, pf_ap_line_t *l, const char *path,
                              int optional, unsigned dirs);

/* A directory symlinked into itself would be walked until the depth
 * limit, with a fan-out: refuse it at once. */
static int
pf_ap_dir_loop(pf_ap_t *ap, pf_ap_line_t *l, const char *dir, char **real)
{
    pf_error_t  fe;
    size_t      i;
    int         rc;

    memset(&fe, 0, sizeof(fe));
    rc = pf_fs_realpath(ap->run.pool, dir, real, &fe);
    if (rc != PF_OK) {
        if (rc == PF_ERROR) {
            pf_error_set(ap->run.err, l->file, l->line, "%s", fe.message);
        }
        return rc;
    }
    for (i = 0; i < ap->dirs.nelts; i++) {
        if (strcmp(PF_ARRAY_AT(&ap->dirs, char *, i), *real) == 0) {
            pf_error_set(ap->run.err, l->file, l->line,
                         "directory loop: \"%s\" is inside itself", dir);
            return PF_ERROR;
        }
    }
    return PF_OK;
}

/* A directory: every entry, sorted, subdirectories too (as httpd). */
static int
pf_ap_include_dir(pf_ap_t *ap, pf_ap_line_t *l, const char *dir,
                  int optional, unsigned dirs)
{
    pf_array_t  names;
    char       *path, *real, **slot;
    size_t      i;
    int         rc;

    if (dirs >= ap->run.max_depth) {
        pf_error_set(ap->run.err, l->file, l->line,
                     "Directory '%s' exceeds the maximum include directory "
                     "nesting level of %u (a directory loop?)", dir,
                     ap->run.max_depth);
        return PF_ERROR;
    }
    rc = pf_ap_dir_loop(ap, l, dir, &real);
    if (rc == PF_OK) {
        rc = pf_conf_list_dir(&ap->run, dir, &names);
        if (rc == PF_ERROR) {
            pf_conf_error_at(&ap->run, l->file, l->line);
        }
    }
    if (rc != PF_OK) {
        return rc;
    }
    slot = pf_array_push(&ap->dirs);
    if (slot == NULL) {
        return PF_ENOMEM;
    }
    *slot = real;
    for (i = 0; i < names.nelts && rc == PF_OK; i++) {
        path = pf_conf_join(ap->run.pool, dir,
                            PF_ARRAY_AT(&names, char *, i));
        if (path == NULL) {
            return PF_ENOMEM;
        }
        rc = pf_ap_include_path(ap, l, path, optional, dirs + 1);
    }
    ap->dirs.nelts--;
    return rc;
}

static int
pf_ap_include_path(pf_ap_t *ap, pf_ap_line_t *l, const char *path,
                   int optional, unsigned dirs)
{
    pf_fs_kind_t kind = pf_fs_kind(path);

    if (kind == PF_FS_DIR) {
        return pf_ap_include_dir(ap, l, path, optional, dirs);
    }
    if (kind == PF_FS_NONE && optional) {
        return PF_OK;
    }
    return pf_ap_read_path(ap, path, l->file, l->line);
}

static int
pf_ap_include_glob(pf_ap_t *ap, pf_ap_line_t *l, const char *pattern,
                   int optional)
{
    pf_array_t  paths;
    size_t      i;
    int         rc;

    if (pf_array_init(&paths, ap->run.pool, 8, sizeof(char *)) != PF_OK) {
        return PF_ENOMEM;
    }
    rc = pf_conf_glob(&ap->run, pattern, PF_FNM_PERIOD, &paths);
    if (rc != PF_OK) {
        if (rc == PF_ERROR) {
            pf_conf_error_at(&ap->run, l->file, l->line);
        }
        return rc;
    }
    if (paths.nelts == 0 && !optional) {
        pf_error_set(ap->run.err, l->file, l->line,
                     "Include: no matches for the wildcard '%s', failing "
                     "(IncludeOptional allows none)", pattern);
        return PF_ERROR;
    }
    for (i = 0; i < paths.nelts; i++) {
        rc = pf_ap_include_path(ap, l, PF_ARRAY_AT(&paths, char *, i),
                                optional, 0);
        if (rc != PF_OK) {
            return rc;
        }
    }
    return PF_OK;
}

/* httpd keeps an undefined ${VAR} as written: say so when the path
 * that contains it is not found. */
static void
pf_ap_hint_undefined(pf_ap_t *ap, pf_ap_line_t *l)
{
    size_t n = strlen(ap->run.err->message);

    snprintf(ap->run.err->message + n, sizeof(ap->run.err->message) - n,
             " (${%s} is not defined)", l->undefined);
}

int
pf_ap_include(pf_ap_t *ap, pf_ap_line_t *l, const char *args, int optional)
{
    char *name, *path;
    int   rc;

    name = pf_ap_word(ap->run.pool, &args);
    if (name == NULL) {
        return PF_ENOMEM;
    }
    if (name[0] == '\0' || args[0] != '\0') {
        pf_error_set(ap->run.err, l->file, l->line,
                     "%s takes one argument", optional ? "IncludeOptional"
                                                       : "Include");
        return PF_ERROR;
    }
    path = pf_ap_path(ap, name);
    if (path == NULL) {
        return PF_ENOMEM;
    }
    rc = pf_conf_has_wildcard(path)
         ? pf_ap_include_glob(ap, l, path, optional)
         : pf_ap_include_path(ap, l, path, optional, 0);
    if (rc == PF_ERROR && l->undefined != NULL
        && strcmp(ap->run.err->file, l->file) == 0
        && ap->run.err->line == l->line)
    {
        pf_ap_hint_undefined(ap, l);
    }
    return rc;
}

int
pf_ap_server_root(pf_ap_t *ap, pf_ap_line_t *l, const char *args)
{
    char *root = pf_ap_word(ap->run.pool, &args);

    if (root == NULL) {
        return PF_ENOMEM;
    }
    if (root[0] == '\0' || pf_fs_kind(root) != PF_FS_DIR) {
        pf_error_set(ap->run.err, l->file, l->line,
                     "ServerRoot must be a valid directory (\"%s\")", root);
        return PF_ERROR;
    }
    ap->server_root = root;
    ap->root_asked = 0;
    return PF_OK;
}
