/*
 * nginx "listen": the address forms of ngx_parse_url() with u.listen set,
 * and the parameters that change what is bound (quic, udp, ipv6only,
 * reuseport).
 */
#ifndef PF_CONF_NGINX_LISTEN_H
#define PF_CONF_NGINX_LISTEN_H

#include "preflight_internal.h"
#include "conf/pf_conf.h"
#include "conf/pf_conf_nginx_lex.h"

typedef enum {
    PF_CONF_NGINX_MAIN = 0,
    PF_CONF_NGINX_HTTP,
    PF_CONF_NGINX_STREAM,
    PF_CONF_NGINX_MAIL,
    PF_CONF_NGINX_HTTP_SERVER,
    PF_CONF_NGINX_STREAM_SERVER,
    PF_CONF_NGINX_MAIL_SERVER,
    PF_CONF_NGINX_OTHER             /* events, location, upstream, types, ... */
} pf_conf_nginx_ctx_t;

/* A server block being read. */
typedef struct {
    const char *file;        /* where "server {" is */
    unsigned    line;
    int         has_listen;
    unsigned    id;          /* counted from 1 in the configuration */
    pf_conf_nginx_ctx_t kind;    /* an http, stream or mail server */
} pf_conf_nginx_server_t;

/* Ports a range ("8000-8009") may expand to before preflight refuses. */
#define PF_CONF_NGINX_MAX_RANGE  1024

/* The "listen" statement in lx, in a server block of ctx. */
int pf_conf_nginx_listen(pf_conf_run_t *run, pf_conf_nginx_lex_t *lx,
                         pf_conf_nginx_ctx_t ctx,
                         const pf_conf_nginx_server_t *srv);
/* What nginx says when run->listen names the same socket as the listen
 * of the target at index i (from out_start): NULL when it takes both. */
const char *pf_conf_nginx_listen_refusal(pf_conf_run_t *run, size_t i,
                                         const pf_target_t *t);

/* An http server without listen: *:80 as root, *:8000 otherwise, as
 * ngx_http_core_merge_srv_conf() decides. */
int pf_conf_nginx_listen_default(pf_conf_run_t *run,
                                 const pf_conf_nginx_server_t *srv);

#endif
