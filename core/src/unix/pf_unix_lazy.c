/*
 * What a module calls instead of the core's pf_report_explain(),
 * pf_remedy_for_server() and pf_conf_nginx(): pf_lazy_report_explain(),
 * pf_lazy_remedy_for_server(), pf_lazy_conf_nginx() open preflight-core.so,
 * next to the module itself, the first time a target fails (why:
 * pf_unix_lazy.h).  Names of their own, not stand-ins of the same name:
 * which body a module got depended on the order of the archives on its
 * link line.  A core that cannot be opened does not hide the failure: the
 * check keeps its probe result and gets a finding that says why it is not
 * explained.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE             /* dladdr */
#endif
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pf_unix_lazy.h"

#define PF_LAZY_PATH_MAX  4096

static const pf_core_api_t *pf_lazy_api;
/* Why the core could not be opened.  On the heap, and only then: a
 * static buffer this size would cost every load a page of its own. */
static const char          *pf_lazy_error = "not opened yet";

static void pf_lazy_fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void
pf_lazy_fail(const char *fmt, ...)
{
    char    msg[PF_LAZY_PATH_MAX + 512];
    char   *copy;
    size_t  len;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    len = strlen(msg) + 1;
    copy = malloc(len);
    if (copy == NULL) {
        pf_lazy_error = "out of memory";
        return;
    }
    memcpy(copy, msg, len);
    pf_lazy_error = copy;
}

/* The core's path: this module's directory + PF_CORE_SO_NAME. */
static int
pf_lazy_core_path(char *out, size_t len)
{
    Dl_info     info;
    const char *slash;
    int         dir;

    if (dladdr((void *) pf_lazy_core_path, &info) == 0
        || info.dli_fname == NULL)
    {
        pf_lazy_fail("cannot tell where this module was loaded from");
        return -1;
    }
    slash = strrchr(info.dli_fname, '/');
    dir = slash != NULL ? (int) (slash - info.dli_fname) + 1 : 0;
    if (snprintf(out, len, "%.*s%s", dir, info.dli_fname, PF_CORE_SO_NAME)
        >= (int) len)
    {
        pf_lazy_fail("the module's path is too long: %s", info.dli_fname);
        return -1;
    }
    return 0;
}

static const pf_core_api_t *
pf_lazy_check(const pf_core_api_t *api, const char *path)
{
    if (api->abi != PF_CORE_ABI || api->report_size != sizeof(pf_report_t)
        || api->check_size != sizeof(pf_check_t)
        || strcmp(api->version, PACKAGE_VERSION) != 0)
    {
        pf_lazy_fail("%s is preflight %s, this module %s: install both "
                     "from one build", path, api->version, PACKAGE_VERSION);
        return NULL;
    }
    return api;
}

/* Opened once; a failure is remembered, and the core stays loaded for
 * the life of the process (unloading buys nothing, see pf_linux_sdbus.c). */
static const pf_core_api_t *
pf_lazy_core(void)
{
    static int  tried;
    char        path[PF_LAZY_PATH_MAX];
    void       *lib;
    void       *sym;

    if (tried) {
        return pf_lazy_api;
    }
    tried = 1;
    if (pf_lazy_core_path(path, sizeof(path)) != 0) {
        return NULL;
    }
    lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        pf_lazy_fail("%s", dlerror());
        return NULL;
    }
    sym = dlsym(lib, PF_CORE_API_SYMBOL);
    if (sym == NULL) {
        pf_lazy_fail("%s has no %s", path, PF_CORE_API_SYMBOL);
        dlclose(lib);
        return NULL;
    }
    pf_lazy_api = pf_lazy_check(sym, path);
    if (pf_lazy_api == NULL) {
        dlclose(lib);
    }
    return pf_lazy_api;
}

/* What a failed check says when the core could not be opened. */
static void
pf_lazy_unexplained(pf_report_t *r, pf_check_t *c)
{
    pf_finding_t *f;
    const char  **ev;

    f = pf_array_push(&c->findings);
    if (f == NULL) {
        c->nomem = 1;
        return;
    }
    memset(f, 0, sizeof(*f));
    f->cause = PF_CAUSE_UNKNOWN;
    f->confidence = PF_POSSIBLE;
    f->summary = "preflight cannot tell why: its core library could not "
                 "be loaded (install " PF_CORE_SO_NAME " next to the module)";
    pf_array_init(&f->holders, r->pool, 0, sizeof(pf_process_t *));
    pf_array_init(&f->remedies, r->pool, 0, sizeof(pf_remedy_t));
    pf_array_init(&f->evidence, r->pool, 1, sizeof(const char *));
    ev = pf_array_push(&f->evidence);
    if (ev != NULL) {
        *ev = pf_pstrdup(r->pool, pf_lazy_error);
    }
}

int
pf_lazy_report_explain(pf_report_t *r)
{
    const pf_core_api_t *api = pf_lazy_core();
    size_t               i;
    int                  rc = PF_OK;

    if (api != NULL) {
        return api->explain(r);
    }
    for (i = 0; i < r->checks.nelts; i++) {
        pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);

        if (pf_check_failed(c)) {
            pf_lazy_unexplained(r, c);
            if (c->nomem) {
                rc = PF_ENOMEM;
            }
        }
    }
    return rc;
}

int
pf_lazy_remedy_for_server(pf_report_t *r, pf_remedy_mode_t mode,
                          const pf_array_t *allow, pf_buf_t *out,
                          pf_error_t *err)
{
    const pf_core_api_t *api = pf_lazy_core();

    if (api == NULL) {
        /* the finding says why already; only a refused apply is news */
        if (mode != PF_REMEDY_MODE_APPLY) {
            return PF_OK;
        }
        pf_error_set(err, "", 0, "nothing applied: %s", pf_lazy_error);
        return PF_ERROR;
    }
    return api->remedy_for_server(r, mode, allow, out, err);
}

int
pf_lazy_conf_nginx(pf_pool_t *pool, const char *path,
                   const pf_conf_options_t *opts, pf_array_t *out,
                   pf_error_t *err)
{
    const pf_core_api_t *api = pf_lazy_core();

    if (api == NULL) {
        pf_error_set(err, path, 0, "%s", pf_lazy_error);
        return PF_ERROR;
    }
    return api->conf_nginx(pool, path, opts, out, err);
}

/* What a module gives the host interface (preflight.h): these stand-ins. */
const pf_host_core_t pf_lazy_host = {
    pf_lazy_report_explain,
    pf_lazy_remedy_for_server,
    pf_lazy_conf_nginx
};
