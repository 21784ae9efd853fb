/*
 * nginx "listen": the address forms of ngx_parse_url() with u.listen set,
 * and the parameters that change what is bound (quic, udp, ipv6only,
 * reuseport).
 */
#ifndef PF_CONF_NGX_LISTEN_H
#define PF_CONF_NGX_LISTEN_H

#include "preflight_internal.h"
#include "conf/pf_conf.h"
#include "conf/pf_conf_ngx_lex.h"

typedef enum {
    PF_NGX_MAIN = 0,
    PF_NGX_HTTP,
    PF_NGX_STREAM,
    PF_NGX_MAIL,
    PF_NGX_HTTP_SERVER,
    PF_NGX_STREAM_SERVER,
    PF_NGX_MAIL_SERVER,
    PF_NGX_OTHER             /* events, location, upstream, types, ... */
} pf_ngx_ctx_t;

/* A server block being read. */
typedef struct {
    const char *file;        /* where "server {" is */
    unsigned    line;
    int         has_listen;
    unsigned    id;          /* counted from 1 in the configuration */
    pf_ngx_ctx_t kind;
} pf_ngx_server_t;

/* Ports a range ("8000-8009") may expand to before preflight refuses. */
#define PF_NGX_MAX_RANGE  1024

/* The "listen" statement in lx, in a server block of ctx. */
int pf_ngx_listen(pf_conf_run_t *run, pf_ngx_lex_t *lx, pf_ngx_ctx_t ctx,
                  const pf_ngx_server_t *srv);
/* What nginx says when run->listen names the same socket as the listen
 * of the target at index i (from out_start): NULL when it takes both. */
const char *pf_ngx_listen_refusal(pf_conf_run_t *run, size_t i,
                                  const pf_target_t *t);

/* An http server without listen: *:80 as root, *:8000 otherwise, as
 * ngx_http_core_merge_srv_conf() decides. */
int pf_ngx_listen_default(pf_conf_run_t *run, const pf_ngx_server_t *srv);

#endif
