/*
 * nginx configuration: the listen addresses of the server blocks of
 * http, stream and mail, through include (with wildcards, relative to
 * the directory of the main file, as nginx's conf prefix).
 *
 * Blocks must balance within each file, as in nginx, so one file is one
 * recursive parse, and an include parses its file in the context of the
 * including block.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "preflight_internal.h"
#include "pf_fs.h"
#include "conf/pf_conf.h"
#include "conf/pf_conf_nginx_lex.h"
#include "conf/pf_conf_nginx_listen.h"

typedef struct {
    pf_conf_run_t  run;
    const char    *conf_prefix;   /* directory of the main file */
    const char    *pid;           /* the pid directive, as written */
    unsigned       servers;       /* server blocks so far */
} pf_conf_nginx_t;

/* Where a statement is: the block's context, its server block (NULL
 * outside one), how deep blocks are nested.  An include keeps it. */
typedef struct {
    pf_conf_nginx_ctx_t     ctx;
    pf_conf_nginx_server_t *srv;
    unsigned                depth;
} pf_conf_nginx_scope_t;

static int pf_conf_nginx_parse_file(pf_conf_nginx_t *ngx, const char *path,
    const char *from, unsigned line, const pf_conf_nginx_scope_t *sc);
static int pf_conf_nginx_parse(pf_conf_nginx_t *ngx, pf_conf_nginx_lex_t *lx,
    const pf_conf_nginx_scope_t *sc, int in_block);

static int
pf_conf_nginx_path_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* include FILE|MASK: as ngx_conf_include(); a mask that matches nothing
 * is fine, a missing plain file is not. */
static int
pf_conf_nginx_include(pf_conf_nginx_t *ngx, pf_conf_nginx_lex_t *lx,
    const pf_conf_nginx_scope_t *sc)
{
    pf_array_t  paths;
    char       *arg, *path;
    size_t      i;
    int         rc;

    if (lx->nargs != 2) {
        pf_error_set(ngx->run.err, lx->name, lx->stmt_line,
                     "invalid number of arguments in \"include\" directive");
        return PF_ERROR;
    }
    arg = pf_conf_nginx_lex_arg(lx, 1);
    path = arg ? pf_conf_join(ngx->run.pool, ngx->conf_prefix, arg) : NULL;
    if (path == NULL) {
        return PF_ENOMEM;
    }
    if (!pf_conf_has_wildcard(path)) {
        return pf_conf_nginx_parse_file(ngx, path, lx->name, lx->stmt_line,
                                        sc);
    }
    if (pf_array_init(&paths, ngx->run.pool, 8, sizeof(char *)) != PF_OK) {
        return PF_ENOMEM;
    }
    rc = pf_conf_glob(&ngx->run, path, PF_FNM_PERIOD, &paths);
    if (rc != PF_OK) {
        if (rc == PF_ERROR) {
            pf_conf_error_at(&ngx->run, lx->name, lx->stmt_line);
        }
        return rc;
    }
    /* glob(3) sorts whole path names */
    qsort(paths.elts, paths.nelts, sizeof(char *), pf_conf_nginx_path_cmp);
    for (i = 0; i < paths.nelts; i++) {
        rc = pf_conf_nginx_parse_file(ngx, PF_ARRAY_AT(&paths, char *, i),
                                      lx->name, lx->stmt_line, sc);
        if (rc != PF_OK) {
            return rc;
        }
    }
    return PF_OK;
}

static pf_conf_nginx_ctx_t
pf_conf_nginx_block_ctx(pf_conf_nginx_lex_t *lx, pf_conf_nginx_ctx_t ctx)
{
    if (ctx == PF_CONF_NGINX_MAIN) {
        if (pf_conf_nginx_lex_is(lx, 0, "http")) {
            return PF_CONF_NGINX_HTTP;
        }
        if (pf_conf_nginx_lex_is(lx, 0, "stream")) {
            return PF_CONF_NGINX_STREAM;
        }
        if (pf_conf_nginx_lex_is(lx, 0, "mail")) {
            return PF_CONF_NGINX_MAIL;
        }
    }
    if ((ctx == PF_CONF_NGINX_HTTP || ctx == PF_CONF_NGINX_STREAM
         || ctx == PF_CONF_NGINX_MAIL)
        && pf_conf_nginx_lex_is(lx, 0, "server"))
    {
        return ctx == PF_CONF_NGINX_HTTP ? PF_CONF_NGINX_HTTP_SERVER
               : ctx == PF_CONF_NGINX_STREAM ? PF_CONF_NGINX_STREAM_SERVER
               : PF_CONF_NGINX_MAIL_SERVER;
    }
    return PF_CONF_NGINX_OTHER;
}

/* "name ... {": parse the block; a server block gets its own state, and
 * an http server without listen gets nginx's default. */
static int
pf_conf_nginx_block(pf_conf_nginx_t *ngx, pf_conf_nginx_lex_t *lx,
    const pf_conf_nginx_scope_t *sc)
{
    pf_conf_nginx_ctx_t     inner = pf_conf_nginx_block_ctx(lx, sc->ctx);
    pf_conf_nginx_server_t  server;
    pf_conf_nginx_scope_t   in;
    int                     rc;

    if (sc->depth >= PF_CONF_MAX_BLOCKS) {
        pf_error_set(ngx->run.err, lx->name, lx->stmt_line,
                     "blocks nested more than %u deep", PF_CONF_MAX_BLOCKS);
        return PF_ERROR;
    }
    if (inner != PF_CONF_NGINX_HTTP_SERVER
        && inner != PF_CONF_NGINX_STREAM_SERVER
        && inner != PF_CONF_NGINX_MAIL_SERVER)
    {
        in.ctx = inner;
        in.srv = inner == PF_CONF_NGINX_OTHER ? sc->srv : NULL;
        in.depth = sc->depth + 1;
        return pf_conf_nginx_parse(ngx, lx, &in, 1);
    }
    memset(&server, 0, sizeof(server));
    server.file = lx->name;
    server.line = lx->stmt_line;
    server.id = ++ngx->servers;
    server.kind = inner;
    in.ctx = inner;
    in.srv = &server;
    in.depth = sc->depth + 1;
    rc = pf_conf_nginx_parse(ngx, lx, &in, 1);
    if (rc == PF_OK && inner == PF_CONF_NGINX_HTTP_SERVER
        && !server.has_listen)
    {
        rc = pf_conf_nginx_listen_default(&ngx->run, &server);
    }
    return rc;
}

static int
pf_conf_nginx_statement(pf_conf_nginx_t *ngx, pf_conf_nginx_lex_t *lx,
    const pf_conf_nginx_scope_t *sc)
{
    if (pf_conf_nginx_lex_is(lx, 0, "include")) {
        return pf_conf_nginx_include(ngx, lx, sc);
    }
    if (sc->ctx == PF_CONF_NGINX_MAIN && lx->nargs == 2
        && pf_conf_nginx_lex_is(lx, 0, "pid"))
    {
        ngx->pid = pf_conf_nginx_lex_arg(lx, 1);
        return ngx->pid != NULL ? PF_OK : PF_ENOMEM;
    }
    if (pf_conf_nginx_lex_is(lx, 0, "listen")) {
        if (sc->ctx != PF_CONF_NGINX_HTTP_SERVER
            && sc->ctx != PF_CONF_NGINX_STREAM_SERVER
            && sc->ctx != PF_CONF_NGINX_MAIL_SERVER)
        {
            pf_error_set(ngx->run.err, lx->name, lx->stmt_line,
                         "\"listen\" directive is not allowed here");
            return PF_ERROR;
        }
        sc->srv->has_listen = 1;
        return pf_conf_nginx_listen(&ngx->run, lx, sc->ctx, sc->srv);
    }
    return PF_OK;
}

static int
pf_conf_nginx_parse(pf_conf_nginx_t *ngx, pf_conf_nginx_lex_t *lx,
    const pf_conf_nginx_scope_t *sc, int in_block)
{
    pf_conf_nginx_tok_t  tok;
    int                  rc;

    for ( ;; ) {
        tok = pf_conf_nginx_lex_next(lx);
        switch (tok) {
        case PF_CONF_NGINX_LEX_ERROR:
            return PF_ERROR;
        case PF_CONF_NGINX_FILE_DONE:
            if (in_block) {
                pf_error_set(ngx->run.err, lx->name, lx->line,
                             "unexpected end of file, expecting \"}\"");
                return PF_ERROR;
            }
            return PF_OK;
        case PF_CONF_NGINX_BLOCK_DONE:
            if (!in_block) {
                pf_error_set(ngx->run.err, lx->name, lx->line,
                             "unexpected \"}\"");
                return PF_ERROR;
            }
            return PF_OK;
        case PF_CONF_NGINX_BLOCK_START:
            rc = pf_conf_nginx_block(ngx, lx, sc);
            break;
        default:
            rc = pf_conf_nginx_statement(ngx, lx, sc);
            break;
        }
        if (rc != PF_OK) {
            return rc;
        }
    }
}

static int
pf_conf_nginx_parse_text(pf_conf_nginx_t *ngx, pf_conf_file_t *f,
    const pf_conf_nginx_scope_t *sc)
{
    pf_conf_nginx_lex_t lx;

    pf_conf_nginx_lex_init(&lx, &ngx->run, f);
    return pf_conf_nginx_parse(ngx, &lx, sc, 0);
}

static int
pf_conf_nginx_parse_file(pf_conf_nginx_t *ngx, const char *path,
    const char *from, unsigned line, const pf_conf_nginx_scope_t *sc)
{
    pf_conf_file_t  f;
    int             rc;

    rc = pf_conf_open(&ngx->run, path, from, line, &f);
    if (rc != PF_OK) {
        return rc;
    }
    rc = pf_conf_nginx_parse_text(ngx, &f, sc);
    pf_conf_close(&ngx->run, &f);
    return rc;
}

static int
pf_conf_nginx_init(pf_conf_nginx_t *ngx, pf_pool_t *pool,
    const pf_conf_options_t *opts, pf_array_t *out, pf_error_t *err)
{
    ngx->pid = NULL;
    return pf_conf_run_init(&ngx->run, pool, opts, PF_SERVER_NGINX, out, err);
}

/* The main file as nginx -p PREFIX -c FILE finds it: a relative FILE is
 * under the prefix when one is given. */
static const char *
pf_conf_nginx_main_path(pf_conf_nginx_t *ngx, const char *path)
{
    const char *prefix = ngx->run.opts->prefix;

    if (prefix != NULL && prefix[0] != '\0' && !pf_fs_is_absolute(path)) {
        return pf_conf_join(ngx->run.pool, prefix, path);
    }
    return path;
}

/* Where the master writes its pid: "pid" under nginx's prefix (-p, else
 * the directory above conf/, nginx's own layout), or logs/nginx.pid
 * there when -p is given; otherwise the compiled-in path is not known. */
static void
pf_conf_nginx_pid_path(pf_conf_nginx_t *ngx)
{
    const char *prefix = ngx->run.opts->prefix, *f = ngx->pid;

    if (f == NULL) {
        if (prefix == NULL || prefix[0] == '\0') {
            return;
        }
        f = "logs/nginx.pid";
    }
    if (pf_fs_is_absolute(f)) {
        ngx->run.pid_file = f;
        return;
    }
    if (prefix == NULL || prefix[0] == '\0') {
        prefix = pf_conf_dirname(ngx->run.pool, ngx->conf_prefix);
    }
    ngx->run.pid_file = prefix ? pf_conf_join(ngx->run.pool, prefix, f)
                               : NULL;
}

int
pf_conf_nginx(pf_pool_t *pool, const char *path,
              const pf_conf_options_t *opts, pf_array_t *out,
              pf_error_t *err)
{
    static const pf_conf_nginx_scope_t  top = { PF_CONF_NGINX_MAIN, NULL, 0 };
    pf_conf_nginx_t                     ngx;
    int                                 rc;

    rc = pf_conf_nginx_init(&ngx, pool, opts, out, err);
    if (rc != PF_OK) {
        return rc;
    }
    path = pf_conf_nginx_main_path(&ngx, path);
    ngx.conf_prefix = path ? pf_conf_dirname(pool, path) : NULL;
    if (ngx.conf_prefix == NULL) {
        return PF_ENOMEM;
    }
    rc = pf_conf_nginx_parse_file(&ngx, path, NULL, 0, &top);
    if (rc == PF_OK) {
        pf_conf_nginx_pid_path(&ngx);
    }
    return pf_conf_finish(&ngx.run, rc);
}

/* Text in memory: includes are relative to the prefix when given, else
 * to the directory part of name. */
int
pf_conf_nginx_text(pf_pool_t *pool, const pf_conf_text_t *conf,
                   const pf_conf_options_t *opts, pf_array_t *out,
                   pf_error_t *err)
{
    static const pf_conf_nginx_scope_t  top = { PF_CONF_NGINX_MAIN, NULL, 0 };
    const char                         *name = conf->name;
    pf_conf_nginx_t                     ngx;
    pf_conf_file_t                      f;
    int                                 rc;

    rc = pf_conf_nginx_init(&ngx, pool, opts, out, err);
    if (rc != PF_OK) {
        return rc;
    }
    if (ngx.run.opts->prefix != NULL && ngx.run.opts->prefix[0] != '\0') {
        ngx.conf_prefix = ngx.run.opts->prefix;
    } else {
        ngx.conf_prefix = pf_conf_dirname(pool, name ? name : ".");
    }
    rc = pf_conf_open_text(&ngx.run, name, conf->text, conf->len, &f);
    if (rc == PF_OK) {
        rc = pf_conf_nginx_parse_text(&ngx, &f, &top);
    }
    if (rc == PF_OK) {
        pf_conf_nginx_pid_path(&ngx);
    }
    pf_conf_close(&ngx.run, &f);
    return pf_conf_finish(&ngx.run, rc);
}
