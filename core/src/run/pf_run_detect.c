/*
 * Which server a launcher starts, and with which configuration, read from
 * its command line the way httpd and nginx read it themselves.  Pure: no
 * file is opened, so a Windows command line is tested on Linux.
 */
#include <ctype.h>
#include <string.h>

#include "preflight_internal.h"

static int
pf_run_is_sep(char c)
{
    return c == '/' || c == '\\';
}

static int
pf_run_is_absolute(const char *p)
{
    return pf_run_is_sep(p[0])
           || (isalpha((unsigned char) p[0]) && p[1] == ':');
}

/* "C:\xampp\apache\bin\httpd.exe" -> "httpd", lower case, no ".exe" */
static void
pf_run_base_name(const char *path, char *out, size_t len)
{
    const char *b = path, *p;
    size_t      n = 0;

    for (p = path; *p; p++) {
        if (pf_run_is_sep(*p)) {
            b = p + 1;
        }
    }
    for (; *b && n + 1 < len; b++) {
        out[n++] = (char) tolower((unsigned char) *b);
    }
    out[n] = '\0';
    if (n > 4 && strcmp(out + n - 4, ".exe") == 0) {
        out[n - 4] = '\0';
    }
}

/* The directory part of a path, without the trailing separator; NULL when
 * the path has none. */
static char *
pf_run_dir_name(pf_pool_t *pool, const char *path)
{
    const char *p, *last = NULL;

    for (p = path; *p; p++) {
        if (pf_run_is_sep(*p)) {
            last = p;
        }
    }
    if (last == NULL) {
        return NULL;
    }
    return pf_pstrndup(pool, path, last == path ? 1 : (size_t) (last - path));
}

static const char *
pf_run_join(pf_pool_t *pool, const char *dir, const char *file)
{
    size_t n;

    if (dir == NULL || pf_run_is_absolute(file)) {
        return pf_pstrdup(pool, file);
    }
    n = strlen(dir);
    if (n && pf_run_is_sep(dir[n - 1])) {
        return pf_psprintf(pool, "%s%s", dir, file);
    }
    return pf_psprintf(pool, "%s%c%s", dir,
                       strchr(dir, '\\') && !strchr(dir, '/') ? '\\' : '/',
                       file);
}

static int
pf_run_is_exe(const char *path)
{
    size_t n = strlen(path);

    return n > 4 && (strcmp(path + n - 4, ".exe") == 0
                     || strcmp(path + n - 4, ".EXE") == 0);
}

static pf_server_t
pf_run_server_of(const char *argv0)
{
    static const char *apache[] = { "httpd", "apache2", "apache", "httpd2",
                                    "httpd24", NULL };
    char name[64];
    int  i;

    pf_run_base_name(argv0, name, sizeof(name));
    for (i = 0; apache[i]; i++) {
        if (strcmp(name, apache[i]) == 0) {
            return PF_SERVER_APACHE;
        }
    }
    return strcmp(name, "nginx") == 0 ? PF_SERVER_NGINX : PF_SERVER_ANY;
}

/* An option's value: "-f FILE" or "-fFILE", as apr_getopt accepts. */
static const char *
pf_run_value(int argc, char *const *argv, int *i)
{
    if (argv[*i][2] != '\0') {
        return argv[*i] + 2;
    }
    if (*i + 1 < argc) {
        return argv[++*i];
    }
    return NULL;
}

static int
pf_run_missing(pf_error_t *err, const char *opt)
{
    pf_error_set(err, NULL, 0, "the server's option %s has no value", opt);
    return PF_ERROR;
}

/*
 * Apache: -d ServerRoot, -f config (relative to ServerRoot), -D name.
 * Without -f: Debian's apache2 reads /etc/apache2/apache2.conf; any other
 * httpd reads conf/httpd.conf under its ServerRoot, which for a bundle is
 * the directory above bin/ (C:\xampp\apache\bin\httpd.exe).
 */
static int
pf_run_detect_apache(pf_pool_t *pool, int argc, char *const *argv,
                     pf_run_server_t *out, pf_error_t *err)
{
    const char *conf = NULL, *v, *bin;
    char        name[64];
    int         i;

    for (i = 1; i < argc; i++) {
        char opt = argv[i][0] == '-' ? argv[i][1] : '\0';

        if (opt != 'd' && opt != 'f' && opt != 'D') {
            continue;
        }
        v = pf_run_value(argc, argv, &i);
        if (v == NULL) {
            return pf_run_missing(err, argv[i]);
        }
        if (opt == 'd') {
            out->server_root = pf_pstrdup(pool, v);
        } else if (opt == 'f') {
            conf = v;
        } else if (pf_array_push_str(&out->defines, v) != PF_OK) {
            return PF_ENOMEM;
        }
    }
    pf_run_base_name(argv[0], name, sizeof(name));
    if (out->server_root == NULL) {
        if (strcmp(name, "apache2") == 0) {
            out->server_root = "/etc/apache2";
        } else if ((bin = pf_run_dir_name(pool, argv[0])) != NULL) {
            out->server_root = pf_run_dir_name(pool, bin);
        }
    }
    if (conf == NULL) {
        conf = strcmp(name, "apache2") == 0 ? "apache2.conf"
                                            : "conf/httpd.conf";
    }
    if (out->server_root == NULL && !pf_run_is_absolute(conf)) {
        out->conf_path = NULL;      /* no ServerRoot to resolve it by */
        return PF_OK;
    }
    out->conf_path = pf_run_join(pool, out->server_root, conf);
    return out->conf_path ? PF_OK : PF_ENOMEM;
}

/*
 * nginx: -p prefix, -c config (relative to the prefix).  Without -c:
 * Debian's /usr/sbin/nginx reads /etc/nginx/nginx.conf; a source build
 * reads conf/nginx.conf under the directory above sbin/; nginx.exe has no
 * compiled-in prefix and uses the current directory, which is why its
 * launchers cd to it first.
 */
static int
pf_run_detect_nginx(pf_pool_t *pool, int argc, char *const *argv,
                    pf_run_server_t *out, pf_error_t *err)
{
    const char *conf = NULL, *v, *dir, *sbin;
    int         i;

    for (i = 1; i < argc; i++) {
        char opt = argv[i][0] == '-' ? argv[i][1] : '\0';

        if (opt != 'c' && opt != 'p') {
            continue;
        }
        v = pf_run_value(argc, argv, &i);
        if (v == NULL) {
            return pf_run_missing(err, argv[i]);
        }
        if (opt == 'c') {
            conf = v;
        } else {
            out->prefix = pf_pstrdup(pool, v);
        }
    }
    dir = pf_run_dir_name(pool, argv[0]);
    if (out->prefix == NULL && pf_run_is_exe(argv[0])) {
        out->prefix = ".";
    } else if (out->prefix == NULL && dir != NULL) {
        sbin = strstr(dir, "sbin");
        if (strcmp(dir, "/usr/sbin") == 0) {
            out->prefix = "/usr/share/nginx";
            if (conf == NULL) {
                conf = "/etc/nginx/nginx.conf";
            }
        } else if (sbin != NULL && sbin[4] == '\0' && sbin > dir
                   && pf_run_is_sep(sbin[-1]))
        {
            out->prefix = pf_run_dir_name(pool, dir);
        } else {
            out->prefix = dir;
        }
    }
    if (conf == NULL) {
        conf = "conf/nginx.conf";
    }
    if (out->prefix == NULL && !pf_run_is_absolute(conf)) {
        out->conf_path = NULL;
        return PF_OK;
    }
    out->conf_path = pf_run_join(pool, out->prefix, conf);
    return out->conf_path ? PF_OK : PF_ENOMEM;
}

int
pf_run_detect(pf_pool_t *pool, int argc, char *const *argv,
              pf_run_server_t *out, pf_error_t *err)
{
    memset(out, 0, sizeof(*out));
    if (pf_array_init(&out->defines, pool, 4, sizeof(char *)) != PF_OK) {
        return PF_ENOMEM;
    }
    if (argc < 1 || argv[0] == NULL) {
        pf_error_set(err, NULL, 0, "no command to run");
        return PF_ERROR;
    }
    out->server = pf_run_server_of(argv[0]);
    switch (out->server) {
    case PF_SERVER_APACHE:
        return pf_run_detect_apache(pool, argc, argv, out, err);
    case PF_SERVER_NGINX:
        return pf_run_detect_nginx(pool, argc, argv, out, err);
    default:
        return PF_OK;
    }
}
