/*
 * Apache conditional sections and the state they test: Define/UnDefine
 * and -D names for <IfDefine>, LoadModule for <IfModule>, files for
 * <IfFile>.
 */
#include <string.h>

#include "preflight_internal.h"
#include "pf_fs.h"
#include "conf/pf_conf_apache.h"

/* Modules a stock httpd (and Debian's, see apache2 -l) compiles in:
 * <IfModule> is true for them even though no LoadModule names them. */
static const char *const pf_ap_static_modules[] = {
    "core_module", "core.c", "so_module", "mod_so.c", "http_module",
    "http_core.c", "watchdog_module", "mod_watchdog.c", "log_config_module",
    "mod_log_config.c", "logio_module", "mod_logio.c", "version_module",
    "mod_version.c", "unixd_module", "mod_unixd.c", NULL
};

static pf_ap_define_t *
pf_ap_find_define(const pf_ap_t *ap, const char *name)
{
    size_t i;

    for (i = ap->defines.nelts; i > 0; i--) {
        pf_ap_define_t *d = &PF_ARRAY_AT(&ap->defines, pf_ap_define_t, i - 1);

        if (d->name != NULL && strcmp(d->name, name) == 0) {
            return d;
        }
    }
    return NULL;
}

int
pf_ap_define(pf_ap_t *ap, const char *name, const char *value)
{
    pf_ap_define_t *d = pf_ap_find_define(ap, name);

    if (d == NULL) {
        d = pf_array_push(&ap->defines);
        if (d == NULL) {
            return PF_ENOMEM;
        }
    }
    d->name = name;
    d->value = value;
    return PF_OK;
}

void
pf_ap_undefine(pf_ap_t *ap, const char *name)
{
    pf_ap_define_t *d = pf_ap_find_define(ap, name);

    if (d != NULL) {
        d->name = NULL;
    }
}

const char *
pf_ap_lookup(const pf_ap_t *ap, const char *name, int *found)
{
    pf_ap_define_t *d = pf_ap_find_define(ap, name);

    *found = d != NULL;
    return d ? d->value : NULL;
}

/* "LoadModule ssl_module modules/mod_ssl.so": both "ssl_module" and
 * "mod_ssl.c" name it in <IfModule>. */
int
pf_ap_load_module(pf_ap_t *ap, const char *id, const char *file)
{
    const char  *base = pf_conf_basename(file);
    const char  *dot = strrchr(base, '.');
    char       **slot;

    slot = pf_array_push(&ap->modules);
    if (slot == NULL || (*slot = (char *) id) == NULL) {
        return PF_ENOMEM;
    }
    if (dot == NULL || dot == base) {
        return PF_OK;
    }
    slot = pf_array_push(&ap->modules);
    if (slot == NULL) {
        return PF_ENOMEM;
    }
    *slot = pf_psprintf(ap->run.pool, "%.*s.c", (int) (dot - base), base);
    return *slot ? PF_OK : PF_ENOMEM;
}

/* n: the list's length, or 0 for a NULL-terminated list (the loaded
 * modules are an array without a terminator: reading list[n] there read
 * past a full array, found by the fuzzer) */
static int
pf_ap_in_list(const char *const *list, size_t n, const char *name)
{
    size_t i;

    for (i = 0; n == 0 ? list[i] != NULL : i < n; i++) {
        if (pf_conf_casecmp(list[i], name) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Whether httpd would find the module.  Only LoadModule tells, so a
 * configuration that loads nothing (a static build, or a fragment) is
 * taken to have every module: a Listen in <IfModule> is then checked,
 * since a needless check costs less than a missed conflict.  Once the
 * configuration loads modules, one it does not load and httpd does not
 * compile in is absent, as httpd sees it: Debian's ports.conf has
 * "Listen 443" inside <IfModule ssl_module>, and without mod_ssl enabled
 * httpd does not bind 443. */
static int
pf_ap_module_present(pf_ap_t *ap, const char *name)
{
    if (ap->modules.nelts == 0) {
        return 1;
    }
    if (pf_ap_in_list(pf_ap_static_modules, 0, name)) {
        return 1;
    }
    return pf_ap_in_list((const char *const *) ap->modules.elts,
                         ap->modules.nelts, name);
}

int
pf_ap_is_conditional(const char *section)
{
    static const char *const conds[] = {
        "IfDefine", "IfModule", "IfFile", "IfVersion", "IfDirective",
        "IfSection", NULL
    };

    return pf_ap_in_list(conds, 0, section);
}

int
pf_ap_condition(pf_ap_t *ap, const char *section, const char *arg)
{
    int   negate = arg[0] == '!';
    int   found;
    char *path;

    if (negate) {
        arg++;
    }
    if (pf_conf_casecmp(section, "IfDefine") == 0) {
        (void) pf_ap_lookup(ap, arg, &found);
        return found != negate;
    }
    if (pf_conf_casecmp(section, "IfModule") == 0) {
        return pf_ap_module_present(ap, arg) != negate;
    }
    if (pf_conf_casecmp(section, "IfFile") == 0) {
        path = pf_ap_path(ap, arg);
        return (path != NULL && pf_fs_kind(path) != PF_FS_NONE) != negate;
    }
    /* <IfVersion>, <IfDirective>, <IfSection>: the running httpd is not
     * known here; take the section, as for an unknown module. */
    return 1;
}
