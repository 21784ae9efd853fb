/*
 * The server's listen set as a whole (pf_listen_set.c): what httpd
 * refuses or fails on by its own configuration, and its IPv4 fallback.
 */
#ifndef PF_LISTEN_SET_H
#define PF_LISTEN_SET_H

#include "preflight_internal.h"

/* The overlap rule: two sockets of one port and protocol, each as the
 * server holds it (the model asks it of targets, pf_host_sockets.c of a
 * module's sockets). */
typedef struct {
    int  v6;            /* an IPv6 socket */
    int  dual;          /* [::] that takes IPv4 too (not IPV6_V6ONLY) */
    int  wildcard;      /* 0.0.0.0 or [::] */
} pf_bind_kind_t;

/* Nonzero when one of the two cannot be bound beside the other (Linux
 * refuses a bind inside a listening address, SO_REUSEADDR or not);
 * same_address: their addresses are equal. */
int  pf_listen_set_collide(const pf_bind_kind_t *a, const pf_bind_kind_t *b,
                           int same_address);
/* Before the probe: marks the checks the set itself rules out
 * (PF_STATUS_CLASH).  Pure.  PF_OK or PF_ENOMEM. */
int  pf_listen_set_model(pf_report_t *r);
/* httpd binds no 0.0.0.0:P (v4) beside a dual-stack [::]:P (six) of the
 * same port: that one takes IPv4 too. */
int  pf_listen_set_serves_v4(const pf_bind_kind_t *six,
                             const pf_bind_kind_t *v4);
/* After c's probe: Apache's fall back from [::]:P to 0.0.0.0:P. */
void pf_listen_set_fallback(pf_report_t *r, pf_check_t *c);

#endif
