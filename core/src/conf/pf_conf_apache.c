/*
 * Apache httpd configuration: the Listen addresses, through Include,
 * IncludeOptional, Define, ServerRoot, <IfDefine> and <IfModule>.
 *
 * Relative Include paths are under ServerRoot: the -d option
 * (opts->server_root) first, then a ServerRoot directive from where it
 * appears on (as httpd, where the directive overrides -d), and without
 * either, the directory of the main file, or its parent when that
 * directory is called "conf" (httpd's own layout, ServerRoot/conf/
 * httpd.conf; Debian's /etc/apache2/apache2.conf has no ServerRoot line
 * and relies on its compiled-in /etc/apache2).
 */
#include <string.h>

#include "preflight_internal.h"
#include "pf_platform.h"
#include "pf_fs.h"
#include "conf/pf_conf_apache.h"

/* Sections, within one file: httpd closes them in the file that opens
 * them. */
static int
pf_ap_section_close(pf_ap_t *ap, pf_ap_line_t *l, size_t base)
{
    const char      *args = l->text + 2;
    char            *name = pf_ap_word(ap->run.pool, &args);
    size_t           n;
    pf_ap_section_t *top;

    if (name == NULL) {
        return PF_ENOMEM;
    }
    n = strlen(name);
    if (n > 0 && name[n - 1] == '>') {
        name[n - 1] = '\0';
    }
    if (ap->sections.nelts <= base) {
        pf_error_set(ap->run.err, l->file, l->line,
                     "</%s> without matching <%s> section", name, name);
        return PF_ERROR;
    }
    top = &PF_ARRAY_AT(&ap->sections, pf_ap_section_t,
                       ap->sections.nelts - 1);
    if (pf_conf_casecmp(top->name, name) != 0) {
        pf_error_set(ap->run.err, l->file, l->line,
                     "Expected </%s> but saw </%s>", top->name, name);
        return PF_ERROR;
    }
    ap->sections.nelts--;
    return PF_OK;
}

/* "<Name" and the argument before '>'. */
static int
pf_ap_section_parse(pf_ap_t *ap, pf_ap_line_t *l, char **name, char **arg)
{
    const char *args = l->text + 1;
    char       *close;
    size_t      n;

    *name = pf_ap_word(ap->run.pool, &args);
    if (*name == NULL) {
        return PF_ENOMEM;
    }
    n = strlen(*name);
    if (n > 0 && (*name)[n - 1] == '>') {
        (*name)[n - 1] = '\0';
        *arg = "";
        return PF_OK;
    }
    close = strrchr(args, '>');
    if (close == NULL) {
        pf_error_set(ap->run.err, l->file, l->line,
                     "<%s> directive missing closing '>'", *name);
        return PF_ERROR;
    }
    *arg = pf_pstrndup(ap->run.pool, args, (size_t) (close - args));
    if (*arg == NULL) {
        return PF_ENOMEM;
    }
    args = *arg;
    *arg = pf_ap_word(ap->run.pool, &args);
    return *arg ? PF_OK : PF_ENOMEM;
}

/* Skips a false conditional section, nested sections and all, as
 * ap_soak_end_container(): nothing inside is read, not even Include. */
static int
pf_ap_soak(pf_ap_t *ap, pf_ap_reader_t *rd, pf_ap_line_t *open,
           const char *name)
{
    pf_ap_line_t  l;
    unsigned      nest = 1;
    int           rc;

    while ((rc = pf_ap_next_line(rd, &l)) == 1) {
        if (l.text[0] != '<') {
            continue;
        }
        if (l.text[1] != '/') {
            if (++nest > PF_CONF_MAX_BLOCKS) {
                pf_error_set(ap->run.err, l.file, l.line,
                             "sections nested more than %u deep",
                             PF_CONF_MAX_BLOCKS);
                return PF_ERROR;
            }
            continue;
        }
        if (--nest == 0) {
            return PF_OK;
        }
    }
    if (rc < 0) {
        return PF_ERROR;
    }
    pf_error_set(ap->run.err, open->file, open->line,
                 "Expected </%s> before end of configuration", name);
    return PF_ERROR;
}

static int
pf_ap_section_open(pf_ap_t *ap, pf_ap_reader_t *rd, pf_ap_line_t *l)
{
    pf_ap_section_t *s;
    char            *name, *arg;
    int              rc, cond;

    rc = pf_ap_section_parse(ap, l, &name, &arg);
    if (rc != PF_OK) {
        return rc;
    }
    cond = pf_ap_is_conditional(name);
    if (cond && arg[0] == '\0') {
        pf_error_set(ap->run.err, l->file, l->line,
                     "<%s> requires a parameter.", name);
        return PF_ERROR;
    }
    if (cond && !pf_ap_condition(ap, name, arg)) {
        return pf_ap_soak(ap, rd, l, name);
    }
    if (ap->sections.nelts >= PF_CONF_MAX_BLOCKS) {
        pf_error_set(ap->run.err, l->file, l->line,
                     "sections nested more than %u deep",
                     PF_CONF_MAX_BLOCKS);
        return PF_ERROR;
    }
    s = pf_array_push(&ap->sections);
    if (s == NULL) {
        return PF_ENOMEM;
    }
    s->name = name;
    s->file = l->file;
    s->line = l->line;
    s->conditional = cond;
    return PF_OK;
}

static int
pf_ap_define_directive(pf_ap_t *ap, pf_ap_line_t *l, const char *args,
                       int undefine)
{
    char *name, *value;

    name = pf_ap_word(ap->run.pool, &args);
    value = name ? pf_ap_word(ap->run.pool, &args) : NULL;
    if (value == NULL) {
        return PF_ENOMEM;
    }
    if (name[0] == '\0') {
        pf_error_set(ap->run.err, l->file, l->line, "%s requires a name",
                     undefine ? "UnDefine" : "Define");
        return PF_ERROR;
    }
    if (strchr(name, ':') != NULL) {
        pf_error_set(ap->run.err, l->file, l->line,
                     "Variable name must not contain ':'");
        return PF_ERROR;
    }
    if (undefine) {
        pf_ap_undefine(ap, name);
        return PF_OK;
    }
    return pf_ap_define(ap, name, value[0] ? value : NULL);
}

static int
pf_ap_load_directive(pf_ap_t *ap, const char *args)
{
    char *id, *file;

    id = pf_ap_word(ap->run.pool, &args);
    file = id ? pf_ap_word(ap->run.pool, &args) : NULL;
    if (file == NULL) {
        return PF_ENOMEM;
    }
    return id[0] ? pf_ap_load_module(ap, id, file) : PF_OK;
}

/* One directive that matters (cmd lower-cased); the rest are ignored. */
static int
pf_ap_directive_run(pf_ap_t *ap, pf_ap_line_t *l, const char *cmd)
{
    const char *args = l->text;
    char       *word;

    word = pf_ap_word(ap->run.pool, &args);
    if (word == NULL) {
        return PF_ENOMEM;
    }
    if (strcmp(cmd, "listen") == 0) {
        return pf_ap_listen(ap, l, args);
    }
    if (strcmp(cmd, "include") == 0 || strcmp(cmd, "includeoptional") == 0) {
        return pf_ap_include(ap, l, args, cmd[7] != '\0');
    }
    if (strcmp(cmd, "define") == 0 || strcmp(cmd, "undefine") == 0) {
        return pf_ap_define_directive(ap, l, args, cmd[0] == 'u');
    }
    if (strcmp(cmd, "serverroot") == 0) {
        return pf_ap_server_root(ap, l, args);
    }
    if (strcmp(cmd, "pidfile") == 0 || strcmp(cmd, "defaultruntimedir") == 0)
    {
        word = pf_ap_word(ap->run.pool, &args);
        if (word == NULL) {
            return PF_ENOMEM;
        }
        *(cmd[0] == 'p' ? &ap->pid_file : &ap->runtime_dir) = word;
        return PF_OK;
    }
    return pf_ap_load_directive(ap, args);
}

static int
pf_ap_wanted(const char *cmd)
{
    static const char *const wanted[] = {
        "listen", "include", "includeoptional", "define", "undefine",
        "serverroot", "loadmodule", "pidfile", "defaultruntimedir", NULL
    };
    size_t i;

    for (i = 0; wanted[i] != NULL; i++) {
        if (strcmp(cmd, wanted[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

static int
pf_ap_line(pf_ap_t *ap, pf_ap_reader_t *rd, pf_ap_line_t *l, size_t base)
{
    char cmd[32];
    int  rc;

    pf_ap_directive(l->text, cmd, sizeof(cmd));
    if (cmd[0] != '<' && !pf_ap_wanted(cmd) && strchr(cmd, '$') == NULL) {
        return PF_OK;           /* most lines: nothing to resolve */
    }
    rc = pf_ap_resolve(ap, l);
    if (rc != PF_OK) {
        return rc;
    }
    pf_ap_directive(l->text, cmd, sizeof(cmd));
    if (cmd[0] == '<') {
        return cmd[1] == '/' ? pf_ap_section_close(ap, l, base)
                             : pf_ap_section_open(ap, rd, l);
    }
    return pf_ap_wanted(cmd) ? pf_ap_directive_run(ap, l, cmd) : PF_OK;
}

int
pf_ap_read(pf_ap_t *ap, pf_conf_file_t *f)
{
    pf_ap_reader_t    rd;
    pf_ap_line_t      l;
    pf_ap_section_t  *s;
    size_t            base = ap->sections.nelts;
    int               rc = PF_OK, more;

    pf_ap_reader_init(&rd, ap, f);
    while (rc == PF_OK && (more = pf_ap_next_line(&rd, &l)) == 1) {
        rc = pf_ap_line(ap, &rd, &l, base);
    }
    if (rc == PF_OK && more < 0) {
        rc = PF_ERROR;
    }
    if (rc == PF_OK && ap->sections.nelts > base) {
        s = &PF_ARRAY_AT(&ap->sections, pf_ap_section_t, base);
        pf_error_set(ap->run.err, s->file, s->line, "<%s> was not closed.",
                     s->name);
        rc = PF_ERROR;
    }
    ap->sections.nelts = base;
    return rc;
}

int
pf_ap_read_path(pf_ap_t *ap, const char *path, const char *from,
                unsigned line)
{
    pf_conf_file_t  f;
    int             rc;

    rc = pf_conf_open(&ap->run, path, from, line, &f);
    if (rc != PF_OK) {
        return rc;
    }
    rc = pf_ap_read(ap, &f);
    pf_conf_close(&ap->run, &f);
    return rc;
}

static int
pf_ap_is_default_config(const char *main)
{
    const char *const *p = pf_platform_default_configs(PF_SERVER_APACHE);

    for (; p != NULL && *p != NULL; p++) {
        if (strcmp(*p, main) == 0) {
            return 1;
        }
    }
    return 0;
}

char *
pf_ap_path(pf_ap_t *ap, const char *rel)
{
    const char *root;

    if (ap->root_asked && !pf_fs_is_absolute(rel)) {
        ap->root_asked = 0;
        root = pf_platform_httpd_root(ap->run.pool, ap->run.opts->httpd_exe);
        if (root != NULL) {
            ap->server_root = root;
        }
    }
    return pf_conf_join(ap->run.pool, ap->server_root, rel);
}

static const char *
pf_ap_default_root(pf_pool_t *pool, const char *main)
{
    char *dir = pf_conf_dirname(pool, main);

    if (dir != NULL && strcmp(pf_conf_basename(dir), "conf") == 0) {
        return pf_conf_dirname(pool, dir);
    }
    return dir;
}

/* Debian's apache2.conf says "PidFile ${APACHE_PID_FILE}", which
 * apache2ctl and the init script take from /etc/apache2/envvars:
 * /var/run/apache2$SUFFIX/apache2.pid, SUFFIX "-NAME" for a second
 * instance in /etc/apache2-NAME. */
static const char *
pf_ap_debian_pid_file(pf_ap_t *ap, const char *main)
{
    const char *dir = pf_conf_dirname(ap->run.pool, main), *base;

    base = dir != NULL ? pf_conf_basename(dir) : "";
    if (strncmp(base, "apache2-", 8) == 0 && base[8] != '\0') {
        return pf_psprintf(ap->run.pool, "/var/run/apache2-%s/apache2.pid",
                           base + 8);
    }
    return "/var/run/apache2/apache2.pid";
}

/* Where httpd writes its pid: PidFile (default logs/httpd.pid) under
 * DefaultRuntimeDir or ServerRoot when relative. */
static void
pf_ap_pid_path(pf_ap_t *ap, const char *main)
{
    const char *f = ap->pid_file ? ap->pid_file : "logs/httpd.pid";
    const char *dir = ap->server_root;

    if (strcmp(f, "${APACHE_PID_FILE}") == 0) {
        f = pf_ap_debian_pid_file(ap, main);
    }
    if (strstr(f, "${") != NULL) {
        return;                 /* unknown: no running server is named */
    }
    if (!pf_fs_is_absolute(f) && ap->runtime_dir != NULL
        && strstr(ap->runtime_dir, "${") == NULL)
    {
        dir = pf_fs_is_absolute(ap->runtime_dir)
              ? ap->runtime_dir
              : pf_conf_join(ap->run.pool, ap->server_root, ap->runtime_dir);
    }
    ap->run.pid_file = pf_fs_is_absolute(f) || dir == NULL
                       ? f : pf_conf_join(ap->run.pool, dir, f);
}

/* -D NAME (or NAME=VALUE) from the options. */
static int
pf_ap_init_defines(pf_ap_t *ap)
{
    const char *const *d = ap->run.opts->defines;
    const char        *eq;
    char              *name;
    int                rc;

    for (; d != NULL && *d != NULL; d++) {
        eq = strchr(*d, '=');
        name = eq ? pf_pstrndup(ap->run.pool, *d, (size_t) (eq - *d))
                  : (char *) *d;
        if (name == NULL) {
            return PF_ENOMEM;
        }
        rc = pf_ap_define(ap, name, eq ? eq + 1 : NULL);
        if (rc != PF_OK) {
            return rc;
        }
    }
    return PF_OK;
}

static int
pf_ap_init(pf_ap_t *ap, pf_pool_t *pool, const pf_conf_options_t *opts,
           const char *main, pf_array_t *out, pf_error_t *err)
{
    int rc;

    memset(ap, 0, sizeof(*ap));
    rc = pf_conf_run_init(&ap->run, pool, opts, PF_SERVER_APACHE, out, err);
    if (rc != PF_OK
        || pf_array_init(&ap->defines, pool, 8, sizeof(pf_ap_define_t))
        || pf_array_init(&ap->modules, pool, 16, sizeof(char *))
        || pf_array_init(&ap->sections, pool, 8, sizeof(pf_ap_section_t))
        || pf_array_init(&ap->dirs, pool, 4, sizeof(char *)))
    {
        return PF_ENOMEM;
    }
    ap->server_root = ap->run.opts->server_root;
    if (ap->server_root == NULL || ap->server_root[0] == '\0') {
        /* httpd starts from its compiled-in root, asked only when a
         * relative path needs it: the platform's own configurations lie
         * in that root already */
        ap->root_asked = ap->run.opts->httpd_exe != NULL
                         && !pf_ap_is_default_config(main);
        ap->server_root = pf_ap_default_root(pool, main);
        if (ap->server_root == NULL) {
            return PF_ENOMEM;
        }
    }
    return pf_ap_init_defines(ap);
}

int
pf_conf_apache(pf_pool_t *pool, const char *path,
               const pf_conf_options_t *opts, pf_array_t *out,
               pf_error_t *err)
{
    pf_ap_t ap;
    int     rc;

    rc = pf_ap_init(&ap, pool, opts, path, out, err);
    if (rc != PF_OK) {
        return rc;
    }
    rc = pf_ap_read_path(&ap, path, NULL, 0);
    if (rc == PF_OK) {
        pf_ap_pid_path(&ap, path);
    }
    return pf_conf_finish(&ap.run, rc);
}

int
pf_conf_apache_text(pf_pool_t *pool, const pf_conf_text_t *conf,
                    const pf_conf_options_t *opts, pf_array_t *out,
                    pf_error_t *err)
{
    const char     *name = conf->name;
    pf_ap_t         ap;
    pf_conf_file_t  f;
    int             rc;

    rc = pf_ap_init(&ap, pool, opts, name ? name : "./(text)", out, err);
    if (rc != PF_OK) {
        return rc;
    }
    rc = pf_conf_open_text(&ap.run, name, conf->text, conf->len, &f);
    if (rc == PF_OK) {
        rc = pf_ap_read(&ap, &f);
    }
    if (rc == PF_OK) {
        pf_ap_pid_path(&ap, name ? name : "./(text)");
    }
    pf_conf_close(&ap.run, &f);
    return pf_conf_finish(&ap.run, rc);
}
