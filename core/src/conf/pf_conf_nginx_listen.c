/*
 * nginx "listen" (ngx_http_core_listen, ngx_stream_core_listen,
 * ngx_mail_core_listen over ngx_parse_url): "80", "*:80", "addr:port",
 * "addr" (port 80 in http), "[::]:80", "[::1]", "host:port",
 * "8000-8009", "unix:/path" (not a port: skipped).
 *
 * nginx binds "80" and "*:80" to 0.0.0.0 (IPv4 only), and an IPv6
 * address with IPV6_V6ONLY on unless ipv6only=off.
 */
#include <stdio.h>
#include <string.h>

#include "preflight_internal.h"
#include "pf_platform.h"
#include "pf_target.h"
#include "conf/pf_conf_nginx_listen.h"

typedef struct {
    char      host[256];     /* "*" for any */
    int       ipv6;          /* written in brackets */
    unsigned  port;
    unsigned  last_port;     /* == port unless a range */
} pf_conf_nginx_addr_t;

typedef struct {
    pf_conf_run_t  *run;
    const char     *file;
    unsigned        line;
    const char     *value;   /* the address as written */
} pf_conf_nginx_listen_t;

static int
pf_conf_nginx_listen_error(pf_conf_nginx_listen_t *ls, const char *what)
{
    pf_error_set(ls->run->err, ls->file, ls->line,
                 "%s in \"%s\" of the \"listen\" directive", what, ls->value);
    return PF_ERROR;
}

/* "8080" or "8000-8009". */
static int
pf_conf_nginx_ports(pf_conf_nginx_listen_t *ls, const char *s,
    pf_conf_nginx_addr_t *a)
{
    const char *dash = strchr(s, '-');

    if (dash == NULL) {
        if (pf_port_parse(s, strlen(s), &a->port) != PF_OK) {
            return pf_conf_nginx_listen_error(ls, "invalid port");
        }
        a->last_port = a->port;
        return PF_OK;
    }
    if (pf_port_parse(s, (size_t) (dash - s), &a->port) != PF_OK
        || pf_port_parse(dash + 1, strlen(dash + 1), &a->last_port) != PF_OK)
    {
        return pf_conf_nginx_listen_error(ls, "invalid port");
    }
    if (a->port > a->last_port) {
        return pf_conf_nginx_listen_error(ls, "invalid port range");
    }
    if (a->last_port - a->port >= PF_CONF_NGINX_MAX_RANGE) {
        pf_error_set(ls->run->err, ls->file, ls->line,
                     "the port range \"%s\" is wider than the %u ports "
                     "preflight checks", ls->value, PF_CONF_NGINX_MAX_RANGE);
        return PF_ERROR;
    }
    return PF_OK;
}

static int
pf_conf_nginx_set_host(pf_conf_nginx_listen_t *ls, pf_conf_nginx_addr_t *a,
    const char *h, size_t n)
{
    if (n == 0) {
        return pf_conf_nginx_listen_error(ls, "no host");
    }
    if (n >= sizeof(a->host)) {
        return pf_conf_nginx_listen_error(ls, "invalid host");
    }
    memcpy(a->host, h, n);
    a->host[n] = '\0';
    return PF_OK;
}

static int
pf_conf_nginx_is_port_text(const char *s)
{
    size_t n = strspn(s, "0123456789-");

    return n > 0 && s[n] == '\0' && s[0] != '-';
}

/* [addr] or [addr]:port */
static int
pf_conf_nginx_parse_ipv6(pf_conf_nginx_listen_t *ls, const char *v,
    unsigned dflt, pf_conf_nginx_addr_t *a)
{
    const char *close = strchr(v, ']');

    if (close == NULL) {
        return pf_conf_nginx_listen_error(ls, "invalid host");
    }
    a->ipv6 = 1;
    if (pf_conf_nginx_set_host(ls, a, v + 1, (size_t) (close - v - 1))
        != PF_OK)
    {
        return PF_ERROR;
    }
    if (close[1] == '\0') {
        if (dflt == 0) {
            return pf_conf_nginx_listen_error(ls, "no port");
        }
        a->port = a->last_port = dflt;
        return PF_OK;
    }
    if (close[1] != ':') {
        return pf_conf_nginx_listen_error(ls, "invalid host");
    }
    return pf_conf_nginx_ports(ls, close + 2, a);
}

/* host:port, port, *:port, host */
static int
pf_conf_nginx_parse_inet(pf_conf_nginx_listen_t *ls, const char *v,
    unsigned dflt, pf_conf_nginx_addr_t *a)
{
    const char *colon = strchr(v, ':');

    if (strpbrk(v, "/?") != NULL) {
        return pf_conf_nginx_listen_error(ls, "invalid host");
    }
    if (colon != NULL) {
        if (pf_conf_nginx_set_host(ls, a, v, (size_t) (colon - v)) != PF_OK) {
            return PF_ERROR;
        }
        return pf_conf_nginx_ports(ls, colon + 1, a);
    }
    if (pf_conf_nginx_is_port_text(v)) {
        strcpy(a->host, "*");
        return pf_conf_nginx_ports(ls, v, a);
    }
    if (dflt == 0) {
        return pf_conf_nginx_listen_error(ls, "no port");
    }
    a->port = a->last_port = dflt;
    return pf_conf_nginx_set_host(ls, a, v, strlen(v));
}

/* The socket options of ngx_http_core_listen() that set lsopt.set, which
 * nginx takes from one listen of an address only. */
static int
pf_conf_nginx_is_socket_option(pf_conf_nginx_lex_t *lx, size_t i)
{
    static const char *const prefixes[] = {
        "setfib=", "fastopen=", "backlog=", "rcvbuf=", "sndbuf=",
        "accept_filter=", "ipv6only=", "so_keepalive=", NULL
    };
    const char *a = pf_conf_nginx_lex_arg(lx, i);
    size_t      k;

    if (a == NULL) {
        return 0;
    }
    if (strcmp(a, "bind") == 0 || strcmp(a, "deferred") == 0
        || strcmp(a, "reuseport") == 0)
    {
        return 1;
    }
    for (k = 0; prefixes[k] != NULL; k++) {
        if (strncmp(a, prefixes[k], strlen(prefixes[k])) == 0) {
            return 1;
        }
    }
    return 0;
}

/* The parameters after the address that change the bind, and those
 * nginx compares between listens of one address. */
static void
pf_conf_nginx_listen_params(pf_conf_nginx_lex_t *lx, pf_conf_nginx_ctx_t ctx,
    pf_target_t *t, pf_conf_listen_t *l)
{
    size_t i;

    for (i = 2; i < lx->nargs && i < PF_CONF_NGINX_MAX_ARGS; i++) {
        if (pf_conf_nginx_lex_is(lx, i, "default_server")
            || pf_conf_nginx_lex_is(lx, i, "default"))
        {
            l->default_server = 1;
        } else if (pf_conf_nginx_is_socket_option(lx, i)) {
            l->options = 1;
            t->own_socket = 1;    /* lsopt.bind: ngx_http_init_listening */
        }
        if (pf_conf_nginx_lex_is(lx, i, "quic")
            && ctx == PF_CONF_NGINX_HTTP_SERVER)
        {
            t->proto = PF_PROTO_UDP;
        } else if (pf_conf_nginx_lex_is(lx, i, "udp")
                   && ctx == PF_CONF_NGINX_STREAM_SERVER)
        {
            t->proto = PF_PROTO_UDP;
        } else if (pf_conf_nginx_lex_is(lx, i, "ipv6only=on")) {
            t->v6only = 1;
        } else if (pf_conf_nginx_lex_is(lx, i, "ipv6only=off")) {
            t->v6only = 0;
        } else if (pf_conf_nginx_lex_is(lx, i, "reuseport")) {
            t->reuseport = 1;
        }
        /* ssl, http2, default_server, backlog=, so_keepalive=, ...
         * do not change which socket is bound */
    }
}

/* The port was checked before: what fails now is the host. */
static int
pf_conf_nginx_host_error(pf_conf_nginx_listen_t *ls)
{
    char why[sizeof(ls->run->err->message)];

    snprintf(why, sizeof(why), "%s", ls->run->err->message);
    pf_error_set(ls->run->err, ls->file, ls->line,
                 "host not found in \"%s\" of the \"listen\" directive "
                 "(%s)", ls->value, why);
    return PF_ERROR;
}

static int
pf_conf_nginx_listen_emit(pf_conf_nginx_listen_t *ls,
    const pf_conf_nginx_addr_t *a, const pf_target_t *tmpl)
{
    char      spec[300];
    unsigned  port;
    int       rc;

    for (port = a->port; port <= a->last_port; port++) {
        if (strcmp(a->host, "*") == 0) {
            snprintf(spec, sizeof(spec), "*:%u", port);
        } else if (a->ipv6) {
            snprintf(spec, sizeof(spec), "[%s]:%u", a->host, port);
        } else {
            snprintf(spec, sizeof(spec), "%s:%u", a->host, port);
        }
        rc = pf_conf_add_spec(ls->run, spec, tmpl, PF_FAMILY_INET, ls->file,
                              ls->line);
        if (rc == PF_ERROR) {
            return pf_conf_nginx_host_error(ls);
        }
        if (rc != PF_OK) {
            return rc;
        }
    }
    return PF_OK;
}

/* "unix:/path" (ngx_parse_unix_domain_url): a socket file, which a stale
 * file or a missing directory can keep nginx from binding. */
static int
pf_conf_nginx_listen_unix(pf_conf_nginx_listen_t *ls)
{
    pf_target_t  t;
    const char  *path = ls->value + 5;

    if (*path == '\0') {
        pf_error_set(ls->run->err, ls->file, ls->line,
                     "no path in the unix domain socket \"%s\"", ls->value);
        return PF_ERROR;
    }
    if (strlen(path) >= PF_UNIX_PATH_MAX) {
        pf_error_set(ls->run->err, ls->file, ls->line,
                     "too long path in the unix domain socket \"%s\"",
                     ls->value);
        return PF_ERROR;
    }
    pf_target_defaults(&t);
    t.family = PF_FAMILY_UNIX;
    strcpy(t.address, "unix");
    t.path = path;
    t.server = PF_SERVER_NGINX;
    t.spelling = ls->value;
    t.source = pf_conf_source(ls->run, ls->file, ls->line);
    if (t.source == NULL) {
        return PF_ENOMEM;
    }
    memset(&ls->run->listen, 0, sizeof(ls->run->listen));
    return pf_conf_add_target(ls->run, &t);
}

const char *
pf_conf_nginx_listen_refusal(pf_conf_run_t *run, size_t i, const pf_target_t *t)
{
    const pf_conf_listen_t *a, *b = &run->listen;
    char                    name[PF_ADDRSTRLEN + 16];

    if (i >= run->listens.nelts || b->block == 0) {
        return NULL;              /* a server without listen: *:80 */
    }
    a = &PF_ARRAY_AT(&run->listens, pf_conf_listen_t, i);
    if (a->block == 0) {
        return NULL;
    }
    pf_target_name(t, name, sizeof(name));
    if (b->kind != PF_CONF_NGINX_HTTP_SERVER
        || a->kind != PF_CONF_NGINX_HTTP_SERVER)
    {
        /* ngx_stream_add_ports, ngx_mail_add_ports: one server a socket */
        return pf_psprintf(run->pool, "duplicate \"%s\" address and port "
                           "pair", name);
    }
    /* ngx_http_add_server, then ngx_http_add_addresses, in their order */
    if (a->block == b->block) {
        return pf_psprintf(run->pool, "a duplicate listen %s", name);
    }
    if (a->options && b->options) {
        return pf_psprintf(run->pool, "duplicate listen options for %s",
                           name);
    }
    if (a->default_server && b->default_server) {
        return pf_psprintf(run->pool, "a duplicate default server for %s",
                           name);
    }
    return NULL;
}

int
pf_conf_nginx_listen(pf_conf_run_t *run, pf_conf_nginx_lex_t *lx,
    pf_conf_nginx_ctx_t ctx, const pf_conf_nginx_server_t *srv)
{
    pf_conf_nginx_listen_t  ls;
    pf_conf_nginx_addr_t    a;
    pf_target_t             tmpl;
    unsigned                dflt = ctx == PF_CONF_NGINX_HTTP_SERVER ? 80 : 0;
    int                     rc;

    ls.run = run;
    ls.file = lx->name;
    ls.line = lx->stmt_line;
    if (lx->nargs < 2) {
        pf_error_set(run->err, ls.file, ls.line,
                     "invalid number of arguments in \"listen\" directive");
        return PF_ERROR;
    }
    ls.value = pf_conf_nginx_lex_arg(lx, 1);
    if (ls.value == NULL) {
        return PF_ENOMEM;
    }
    if (strncmp(ls.value, "unix:", 5) == 0) {
        return pf_conf_nginx_listen_unix(&ls);
    }
    memset(&a, 0, sizeof(a));
    rc = ls.value[0] == '[' ? pf_conf_nginx_parse_ipv6(&ls, ls.value, dflt, &a)
                            : pf_conf_nginx_parse_inet(&ls, ls.value, dflt, &a);
    if (rc != PF_OK) {
        return rc;
    }
    pf_target_defaults(&tmpl);
    tmpl.server = PF_SERVER_NGINX;
    tmpl.v6only = 1;                  /* nginx's default since 1.3.x */
    tmpl.spelling = ls.value;
    tmpl.source = pf_conf_source(run, ls.file, ls.line);
    if (tmpl.source == NULL) {
        return PF_ENOMEM;
    }
    memset(&run->listen, 0, sizeof(run->listen));
    run->listen.block = srv != NULL ? srv->id : 0;
    run->listen.kind = ctx;
    pf_conf_nginx_listen_params(lx, ctx, &tmpl, &run->listen);
    return pf_conf_nginx_listen_emit(&ls, &a, &tmpl);
}

int
pf_conf_nginx_listen_default(pf_conf_run_t *run,
    const pf_conf_nginx_server_t *srv)
{
    pf_target_t  tmpl;
    const char  *spec;

    /* nginx for Windows has no getuid(): always 80 there */
    spec = run->opts->is_root || strcmp(pf_platform_name(), "windows") == 0
           ? "*:80" : "*:8000";

    memset(&run->listen, 0, sizeof(run->listen));  /* compared to none */
    pf_target_defaults(&tmpl);
    tmpl.server = PF_SERVER_NGINX;
    tmpl.spelling = spec;
    tmpl.source = pf_conf_source(run, srv->file, srv->line);
    if (tmpl.source == NULL) {
        return PF_ENOMEM;
    }
    return pf_conf_add_spec(run, spec, &tmpl, PF_FAMILY_INET, srv->file,
                            srv->line);
}
